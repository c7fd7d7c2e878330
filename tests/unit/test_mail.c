/* test_mail.c - mail: which addresses are accepted, what a message looks like (RFC 5322: CRLF lines, a Date
 * and Message-ID, multipart/alternative with base64 UTF-8 parts, a subject encoded when it is not ASCII), and
 * that no header can be smuggled in. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/mail.h"

Test(mail, addresses)
{
	struct error err;
	const char *good[] = {"a@example.org", "first.last+tag@nhs.net", "x@sub.example.co.uk"};
	const char *bad[] = {"",
			     "nobody",
			     "@example.org",
			     "a@",
			     "a@nodot",
			     "a b@example.org",
			     "a@example.org\r\nBcc: x@y.z",
			     "<a@example.org>",
			     "a@b@example.org",
			     "a@example.org.",
			     "\"q\"@example.org"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		cr_expect_eq(mail_address_check(good[i], &err), 0, "%s refused: %s", good[i], err.msg);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect_eq(mail_address_check(bad[i], &err), -1, "\"%s\" accepted", bad[i]);
}

Test(mail, a_message_is_rfc_5322)
{
	struct mail_message m = {.id = 1,
				 .to = "a@example.org",
				 .subject = "Set a new password",
				 .text = "Line one\nLine two\n",
				 .html = "<p>Hi</p>",
				 .key = "KEY123"};
	strcpy(m.kind, "password");
	char *text = mail_compose(&m, "caregrid@example.org", 1796000000);
	cr_expect(strncmp(text, "Date: Mon, 30 Nov 2026 00:53:20 +0000\r\n", 39) == 0, "%s", text);
	cr_expect(strstr(text, "\r\nMessage-ID: <KEY123@example.org>\r\n"));
	cr_expect(strstr(text, "\r\nFrom: caregrid <caregrid@example.org>\r\nTo: <a@example.org>\r\n"));
	cr_expect(strstr(text, "Content-Type: multipart/alternative; boundary=\"cg-KEY123\""));
	cr_expect(strstr(text, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64"));
	/* "Line one\r\nLine two\r\n" in base64: the text's line breaks are CRLF inside the part too. */
	cr_expect(strstr(text, "TGluZSBvbmUNCkxpbmUgdHdvDQo="), "%s", text);
	for (const char *p = strchr(text, '\n'); p; p = strchr(p + 1, '\n'))
		cr_assert_eq(p[-1], '\r', "a line not ending in CRLF");
	free(text);
}

Test(mail, a_subject_that_is_not_ascii_is_encoded_without_cutting_a_character)
{
	/* Welsh, with ŵ (2 bytes) across where a 45-byte piece would end. */
	struct mail_message m = {.to = "a@example.org", .subject = "Gosodwch gyfrinair newydd ar gyfer caregrid ŵŵŵŵŵŵ",
				 .text = "x", .html = "x", .key = "K"};
	char *text = mail_compose(&m, "c@example.org", 1796000000);
	cr_expect(strstr(text, "Subject: =?UTF-8?B?"), "%s", text);
	cr_expect_null(strstr(text, "Subject: Gosodwch"));
	free(text);
}

Test(mail, no_header_can_be_smuggled_in)
{
	struct error err;
	const struct mail bad_subject = {"password", "a@example.org", "Hello\r\nBcc: thief@evil.example", "x", "x",
					 false, NULL};
	cr_expect_eq(mail_queue(NULL, &bad_subject, &err), -1, "a line break in a subject was accepted");
	cr_expect_eq(err.kind, ERROR_INVALID);
	const struct mail bad_to = {"password", "a@example.org\nBcc: thief@evil.example", "Hello", "x", "x", false,
				    NULL};
	cr_expect_eq(mail_queue(NULL, &bad_to, &err), -1, "a line break in an address was accepted");
}
