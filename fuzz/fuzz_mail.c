/*
 * fuzz_mail.c - composing a message (domain/mail.c) from any bytes: the input is up to five parts split at NUL,
 * a recipient, a round's title, a plain text body, an HTML body and a language (cy, es, else English). The title
 * makes an invitation's subject in that language (round_invitation_write) and is also tried as a subject as it
 * is. Whatever the bytes, composing ends; a composable message has every line within 998 octets, every encoded
 * word within 75 characters, and a subject that decodes back to itself; and a title the round checks accept (valid
 * one-line text of at most ROUND_TITLE_MAX bytes) always makes a subject the outbox accepts: by construction.
 * A message the sender would refuse (mail_composable) need only be composed in bounded time.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/mail.h"
#include "domain/round.h"
#include "fuzz.h"
#include "lib/text.h"

/* Composes M, which must end; when COMPOSABLE (only such a message is ever sent), checks its written form and
 * aborts on any broken rule. */
static void
check_message(const struct mail_message *m, bool composable)
{
	char *msg = mail_compose(m, "caregrid@example.org", 0);
	if (!msg)
		abort();
	if (!composable) {
		free(msg);
		return;
	}
	char decoded[MAIL_SUBJECT_MAX * 2 + 64] = "";
	size_t got = 0;
	bool in_subject = false;
	for (char *line = msg, *end; *line; line = end + 2) {
		end = strstr(line, "\r\n");
		if (!end)
			abort(); /* every line ends in CRLF */
		size_t len = (size_t)(end - line);
		if (len > 998)
			abort();
		if (strncmp(line, "Subject:", 8) == 0)
			in_subject = true;
		else if (line[0] != ' ')
			in_subject = false;
		const char *w = in_subject ? strstr(line, "=?UTF-8?B?") : NULL;
		if (w) {
			const char *close = strstr(w + 10, "?=");
			if (!close || close + 2 - w > 75)
				abort(); /* an encoded word of more than 75 characters */
			size_t n = 0;
			if (got < sizeof decoded - 64 &&
			    sodium_base642bin((unsigned char *)decoded + got, sizeof decoded - got, w + 10,
					      (size_t)(close - w - 10), NULL, &n, NULL,
					      sodium_base64_VARIANT_ORIGINAL) == 0)
				got += n;
		} else if (in_subject && strncmp(line, "Subject: ", 9) == 0) {
			got = (size_t)snprintf(decoded, sizeof decoded, "%.*s", (int)(len - 9), line + 9);
		}
		if (!*end || !end[2])
			break;
	}
	decoded[got < sizeof decoded ? got : sizeof decoded - 1] = '\0';
	if (strcmp(decoded, m->subject) != 0)
		abort(); /* the subject does not decode back to itself */
	free(msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (sodium_init() < 0)
		return 0;
	const char *part[5] = {"a@example.org", "", "", "", "en"};
	char *text = fuzz_text(data, size);
	size_t k = 0;
	for (const char *p = text; k < 5 && p <= text + size; k++) {
		part[k] = p;
		p += strlen(p) + 1;
	}
	struct round r = {0};
	size_t title_len = strlen(part[1]);
	memcpy(r.title, part[1], title_len > ROUND_TITLE_MAX ? ROUND_TITLE_MAX : title_len);
	snprintf(r.language, sizeof r.language, "%s",
		 strncmp(part[4], "cy", 2) == 0   ? "cy"
		 : strncmp(part[4], "es", 2) == 0 ? "es"
						  : "en");
	r.bilingual = strlen(part[4]) > 2; /* "cy+en": Welsh with English beside it */
	memcpy(r.closes_on, "2026-12-31", 11);
	struct instrument ins = {.id = "fuzz", .title = "Team health pulse", .subject = "team", .n_items = 12};
	struct buf subject = BUF_INIT;
	buf_init(&subject, 0);
	struct mail_body body;
	mail_body_init(&body);
	round_invitation_write(&r, "Unit", &ins, "https://example.org/s/token", NULL, &subject, &body);
	struct error err;
	bool title_ok = !text_problem(r.title, strlen(r.title), TEXT_ONE_LINE);
	if (title_ok && mail_subject_check(subject.data, &err) < 0)
		abort(); /* a valid title made a subject the outbox refuses */
	struct mail_message m = {.id = 1, .kind = "invitation", .key = "key"};
	m.to = (char *)part[0];
	m.subject = subject.data;
	m.text = body.text.data;
	m.html = body.html.data;
	check_message(&m, mail_composable(&m, &err) == 0);
	m.subject = (char *)part[1];
	m.text = (char *)part[2];
	m.html = (char *)part[3];
	check_message(&m, mail_composable(&m, &err) == 0);
	buf_release(&subject);
	mail_body_release(&body);
	free(text);
	return 0;
}
