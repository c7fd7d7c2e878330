/* mail.c - the outbox and RFC 5322 messages (see mail.h). */
#include "domain/mail.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/html.h"
#include "lib/secret.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

int
mail_address_check(const char *address, struct error *err)
{
	return text_address_check(address, err);
}

/* A header's text may carry no line break (it would start a header of its own) nor other controls, and must
 * be UTF-8 (the encoded words say so): the rule every one-line title follows, so that any valid title makes a
 * valid subject. A tab, which a title may hold, goes inside an encoded word (subject_plain). */
int
mail_subject_check(const char *subject, struct error *err)
{
	size_t n = subject ? strlen(subject) : 0;
	const char *problem = subject ? text_problem(subject, n, TEXT_ONE_LINE) : N_("is missing");
	if (problem)
		return error_of(err, ERROR_INVALID, "the subject %s", problem);
	if (n > MAIL_SUBJECT_MAX)
		return error_of(err, ERROR_INVALID, "a subject is one line of at most %d bytes", MAIL_SUBJECT_MAX);
	return 0;
}

/* A survey's or a 360's reminder (masked: about a survey), whose recipients are exactly the unanswered. */
static bool
mail_is_reminder(const char *kind, bool masked)
{
	return masked && strcmp(kind, "reminder") == 0;
}

/* M queued; when ACCOUNT is not NULL, only if it is the address of an account that may sign in. */
static int
queue_message(struct store *s, const struct mail *m, const char *account, struct error *err)
{
	if (mail_address_check(m->to, err) < 0)
		return -1;
	if (mail_subject_check(m->subject, err) < 0)
		return -1;
	unsigned char raw[18];
	randombytes_buf(raw, sizeof raw);
	char key[48];
	sodium_bin2base64(key, sizeof key, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	int64_t now = (int64_t)time(NULL);
	/* A body carries links (a survey, a 360, a password): sealed with the key file's key until it is sent, and
	 * emptied then (Q_MAIL_SENT), so that a copy of the database opens none of them. */
	char *text = NULL, *html = NULL;
	if (store_seal(s, KEY_PURPOSE_MAIL, m->text, &text, err) < 0 ||
	    store_seal(s, KEY_PURPOSE_MAIL, m->html, &html, err) < 0) {
		free(text);
		return -1;
	}
	/* A reminder's recipient is sealed too: reminders go exactly to those who have not answered. Its row is
	 * deleted once sent or given up (mail_mark_sent, mail_mark_failed). */
	char *to = NULL;
	if (mail_is_reminder(m->kind, m->masked) && store_seal(s, KEY_PURPOSE_MAIL, m->to, &to, err) < 0) {
		free(text);
		free(html);
		return -1;
	}
	struct param p[] = {PTEXT(m->kind),
			    PTEXT(to ? to : m->to),
			    PINT(m->masked ? 1 : 0),
			    PTEXT(m->subject),
			    PTEXT(text),
			    PTEXT(html),
			    PTEXT(key),
			    PINT(now),
			    PTEXT(to ? NULL : m->about)};
	struct param pa[] = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], PTEXT(account)};
	int rc = account ? store_exec(s, Q_MAIL_QUEUE_IF_ACCOUNT, PARAMS(pa), NULL, NULL, NULL, err)
			 : store_exec(s, Q_MAIL_QUEUE, PARAMS(p), NULL, NULL, NULL, err);
	free(text);
	free(html);
	free(to);
	return rc;
}

int
mail_queue(struct store *s, const struct mail *m, struct error *err)
{
	return queue_message(s, m, NULL, err);
}

int
mail_queue_if_account(struct store *s, const struct mail *m, const char *account, struct error *err)
{
	return queue_message(s, m, account ? account : "", err);
}

struct claimed {
	struct mail_message *v;
	size_t n, cap;
};

static int
claimed_row(void *ctx, const struct row *r)
{
	struct claimed *c = ctx;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	struct mail_message *m = &c->v[c->n++];
	memset(m, 0, sizeof *m);
	m->id = row_int(r, 0);
	snprintf(m->kind, sizeof m->kind, "%s", row_text(r, 1));
	m->to = xstrdup(row_text(r, 2));
	m->subject = xstrdup(row_text(r, 3));
	m->text = xstrdup(row_text(r, 4));
	m->html = xstrdup(row_text(r, 5));
	snprintf(m->key, sizeof m->key, "%s", row_text(r, 6));
	m->attempts = (long)row_int(r, 7);
	m->queued_at = row_int(r, 8);
	return 0;
}

static void
message_release(struct mail_message *m)
{
	free(m->to);
	free(m->subject);
	free(m->text);
	free(m->html);
}

/* A sealed field of M opened in place: 1 done, 0 it cannot be opened (the key file is not the one it was sealed
 * with: it is marked failed, never retried), -1 the store failed. A body in clear was queued by a caregrid from
 * before the key file still running beside this one (an upgrade of several servers): sent as it is, and emptied
 * with the rest once sent. */
static int
unseal_field(struct store *s, const struct mail_message *m, char **field, struct error *err)
{
	char *plain;
	struct error e;
	if (!secret_is_sealed(*field))
		return 1;
	if (store_unseal(s, KEY_PURPOSE_MAIL, *field, &plain, &e) < 0)
		return mail_mark_failed(s, m->id, e.msg, err) < 0 ? -1 : 0;
	free(*field);
	*field = plain;
	return 1;
}

/* The claimed messages' bodies opened; one that cannot be is failed and left out. */
static int
unseal_claimed(struct store *s, struct claimed *c, struct error *err)
{
	size_t kept = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct mail_message *m = &c->v[i];
		int rc = unseal_field(s, m, &m->text, err);
		if (rc > 0)
			rc = unseal_field(s, m, &m->html, err);
		if (rc > 0)
			rc = unseal_field(s, m, &m->to, err);
		if (rc < 0) {
			while (i < c->n)
				message_release(&c->v[i++]);
			c->n = kept;
			return -1;
		}
		if (rc > 0)
			c->v[kept++] = *m;
		else
			message_release(m);
	}
	c->n = kept;
	return 0;
}

int
mail_claim(struct store *s, time_t now, int lease_s, int max, struct mail_message **out, size_t *n,
	   struct error *err)
{
	*out = NULL;
	*n = 0;
	char token[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	struct param claim[] = {PINT((int64_t)now + lease_s), PINT((int64_t)now), PTEXT(token),
				PINT(max < 1 ? 1 : max > 20 ? 20 : max)};
	if (store_begin(s, err) < 0)
		return -1;
	if (store_exec(s, Q_MAIL_CLAIM, PARAMS(claim), NULL, NULL, NULL, err) < 0 || store_commit(s, err) < 0) {
		store_rollback(s);
		return -1;
	}
	struct claimed c = {0};
	struct param p[] = {PTEXT(token)};
	if (store_exec(s, Q_MAIL_CLAIMED, PARAMS(p), claimed_row, &c, NULL, err) < 0 ||
	    unseal_claimed(s, &c, err) < 0) {
		mail_messages_free(c.v, c.n);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

void
mail_messages_free(struct mail_message *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		message_release(&v[i]);
	free(v);
}

int
mail_mark_sent(struct store *s, int64_t id, time_t now, struct error *err)
{
	struct param p[] = {PINT(id), PINT((int64_t)now)}, d[] = {PINT(id)};
	if (store_exec(s, Q_MAIL_SENT, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	return store_exec(s, Q_MAIL_FORGET_REMINDER, PARAMS(d), NULL, NULL, NULL, err); /* a reminder's row goes */
}

int
mail_mark_retry(struct store *s, int64_t id, time_t next_try, const char *why, struct error *err)
{
	struct param p[] = {PINT(id), PINT((int64_t)next_try), PTEXT(why)};
	return store_exec(s, Q_MAIL_RETRY, PARAMS(p), NULL, NULL, NULL, err);
}

int
mail_mark_failed(struct store *s, int64_t id, const char *why, struct error *err)
{
	struct param p[] = {PINT(id), PTEXT(why)}, d[] = {PINT(id)};
	if (store_exec(s, Q_MAIL_FAILED, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	return store_exec(s, Q_MAIL_FORGET_REMINDER, PARAMS(d), NULL, NULL, NULL, err); /* a reminder's row goes */
}

int
mail_retry_now(struct store *s, time_t now, struct error *err)
{
	struct param p[] = {PINT((int64_t)now)};
	return store_exec(s, Q_MAIL_RETRY_NOW, PARAMS(p), NULL, NULL, NULL, err);
}

struct list_ctx {
	mail_row_fn fn;
	void *ctx;
};

/* "a•••@example.org": enough to tell messages apart, not enough to say who was invited. */
static void
mask(const char *address, char *out, size_t size)
{
	const char *at = strrchr(address, '@');
	snprintf(out, size, "%.1s•••%s", address, at ? at : "");
}

static int
list_row(void *vctx, const struct row *r)
{
	struct list_ctx *c = vctx;
	char masked[MAIL_ADDRESS_MAX + 16];
	const char *to = row_text(r, 2);
	if (row_int(r, 3)) {
		mask(to, masked, sizeof masked);
		to = masked;
	}
	struct mail_row m = {row_int(r, 0), row_text(r, 1), to, row_text(r, 4), row_text(r, 5),
			     row_null(r, 9) ? NULL : row_text(r, 9), (long)row_int(r, 6), row_int(r, 7),
			     row_null(r, 8) ? 0 : row_int(r, 8)};
	return c->fn(c->ctx, &m);
}

int
mail_each(struct store *s, const char *status, mail_row_fn fn, void *ctx, struct error *err)
{
	struct list_ctx c = {fn, ctx};
	struct param p[] = {PTEXT(status ? status : "")};
	return store_exec(s, Q_MAIL_LIST, PARAMS(p), list_row, &c, NULL, err);
}

void
mail_about(char out[40], const char *kind, int64_t id)
{
	snprintf(out, 40, "%.20s:%lld", kind, (long long)id);
}

int
mail_failed_count(struct store *s, const char *kind, int64_t id, long *n, struct error *err)
{
	int64_t v = 0;
	char about[40];
	mail_about(about, kind, id);
	struct param p[] = {PTEXT(about)};
	int rc = store_get_int(s, Q_MAIL_FAILED_ABOUT, PARAMS(p), &v, err);
	*n = (long)v;
	return rc < 0 ? -1 : 0;
}

/* ---- writing a message ---- */

/* TEXT in base64, 76 characters a line, its own line breaks made CRLF first (a text part's canonical form). */
static void
base64_lines(struct buf *b, const char *text)
{
	struct buf crlf = BUF_INIT;
	buf_init(&crlf, 0);
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			buf_putc(&crlf, '\r');
		buf_putc(&crlf, *p);
	}
	const unsigned char *data = (const unsigned char *)(crlf.len ? crlf.data : "");
	for (size_t i = 0; i < crlf.len; i += 57) {
		size_t chunk = crlf.len - i < 57 ? crlf.len - i : 57;
		char line[80];
		sodium_bin2base64(line, sizeof line, data + i, chunk, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s\r\n", line);
	}
	buf_release(&crlf);
}

/* Whether SUBJECT can go as it is: short printable ASCII that no reader would take for an encoded word. */
static bool
subject_plain(const char *subject)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)subject; *p; p++, n++)
		if (*p < 0x20 || *p >= 0x7f)
			return false;
	return n <= 66 && !strstr(subject, "=?"); /* "Subject: " and the text within 78 characters */
}

/* The subject as RFC 2047 encoded words unless it can go plain: pieces of at most 45 bytes (60 in base64, a word
 * of 72 characters), cut between UTF-8 characters, each "=?UTF-8?B?...?=" on a folded line of its own. Bytes
 * that are not UTF-8 (never in a composable message) are cut where they fall: every piece moves on. */
static void
subject_header(struct buf *b, const char *subject)
{
	if (subject_plain(subject)) {
		buf_printf(b, "Subject: %s\r\n", subject);
		return;
	}
	buf_puts(b, "Subject:");
	size_t n = strlen(subject);
	for (size_t i = 0; i < n;) {
		size_t chunk = n - i < 45 ? n - i : 45, whole = chunk;
		while (chunk > 0 && i + chunk < n && ((unsigned char)subject[i + chunk] & 0xC0) == 0x80)
			chunk--;
		if (!chunk)
			chunk = whole;
		char word[80];
		sodium_bin2base64(word, sizeof word, (const unsigned char *)subject + i, chunk,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, " =?UTF-8?B?%s?=\r\n", word);
		i += chunk;
	}
	if (!n)
		buf_puts(b, "\r\n");
}

int
mail_composable(const struct mail_message *m, struct error *err)
{
	if (mail_address_check(m->to, err) < 0 || mail_subject_check(m->subject, err) < 0)
		return -1;
	const char *problem = m->text ? text_problem(m->text, strlen(m->text), TEXT_LINES) : N_("is missing");
	if (!problem)
		problem = m->html ? text_problem(m->html, strlen(m->html), TEXT_LINES) : N_("is missing");
	if (problem)
		return error_of(err, ERROR_INVALID, "the message's body %s", problem);
	return 0;
}

void
mail_body_init(struct mail_body *b)
{
	buf_init(&b->text, 0);
	buf_init(&b->html, 0);
}

void
mail_body_release(struct mail_body *b)
{
	buf_release(&b->text);
	buf_release(&b->html);
}

void
mail_para(struct mail_body *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = buf_vformat(fmt, ap);
	va_end(ap);
	buf_printf(&b->text, "%s%s\n", b->text.len ? "\n" : "", p);
	buf_puts(&b->html, "<p>");
	html_escape(&b->html, p);
	buf_puts(&b->html, "</p>");
	free(p);
}

void
mail_link(struct mail_body *b, const char *label, const char *url)
{
	buf_printf(&b->text, "%s%s\n", b->text.len ? "\n" : "", url);
	html_printf(&b->html, "<p><a href=\"%s\">%s</a></p>", url, label);
}

char *
mail_compose(const struct mail_message *m, const char *from, time_t now)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	char date[64];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	const char *domain = strrchr(from, '@');
	buf_printf(&b, "Date: %s\r\nFrom: caregrid <%s>\r\nTo: <%s>\r\nMessage-ID: <%s@%s>\r\n", date, from, m->to,
		   m->key, domain ? domain + 1 : "caregrid.invalid");
	subject_header(&b, m->subject);
	buf_printf(&b, "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"cg-%s\"\r\n\r\n", m->key);
	buf_printf(&b,
		   "--cg-%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		   m->key);
	base64_lines(&b, m->text);
	buf_printf(&b, "--cg-%s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		   m->key);
	base64_lines(&b, m->html);
	buf_printf(&b, "--cg-%s--\r\n", m->key);
	return buf_detach(&b, NULL);
}
