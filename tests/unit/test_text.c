/* test_text.c - the one place text is checked (lib/text.h): one-line fields and email addresses, as web, API
 * and command line all see them through the domain. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/text.h"

static void
address_refused(const char *address, const char *why)
{
	struct error err = {0};
	cr_expect_eq(text_address_check(address, &err), -1, "%s was accepted", address);
	cr_expect(strstr(err.msg, why) != NULL, "%s: %s (wanted \"%s\")", address, err.msg, why);
}

Test(text, accepts_ordinary_addresses)
{
	const char *ok[] = {"ann@example.org", "a.b+tag@sub.example.co.uk", "o'neil@x-y.example",
			    "UPPER@EXAMPLE.ORG", "1@2.example", "!#$%&'*+/=?^_`{|}~-@example.org"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		cr_expect_eq(text_address_check(ok[i], NULL), 0, "%s was refused", ok[i]);
}

Test(text, refuses_empty_and_hyphened_domain_labels)
{
	address_refused("a@.example", "empty label");
	address_refused("a@example..org", "empty label");
	address_refused("a@example.org.", "empty label");
	address_refused("a@-.example", "hyphen");
	address_refused("a@x-.example", "hyphen");
	address_refused("a@-x.example", "hyphen");
	address_refused("a@localhost", "needs a dot");
	address_refused("a@", "nothing after @");
	address_refused("a@[192.0.2.1]", "only letters, digits, hyphens");
	address_refused("a@exa_mple.org", "only letters, digits, hyphens");
}

Test(text, refuses_bad_local_parts)
{
	address_refused("@example.org", "nothing before @");
	address_refused(".a@example.org", "dot");
	address_refused("a.@example.org", "dot");
	address_refused("a..b@example.org", "two dots");
	address_refused("\"a b\"@example.org", "quote");
	address_refused("Ann <a@example.org>", "other sign");
	address_refused("a,b@example.org", "other sign");
	address_refused("a@b@example.org", "other sign");
	address_refused("no-at-sign", "has no @");
	address_refused("", "is needed");
	address_refused(NULL, "is needed");
}

Test(text, refuses_line_breaks_controls_and_separators_in_addresses)
{
	address_refused("a@example.org\r\nBcc: b@example.org", "line break or control");
	address_refused("a\t@example.org", "line break or control");
	address_refused("a@example.org\xe2\x80\xa8", "line break or control");
	address_refused("a\xe2\x80\xa9@example.org", "line break or control");
	address_refused("a\xc2\x85@example.org", "line break or control");
}

Test(text, refuses_internationalised_addresses_with_the_reason)
{
	address_refused("jos\xc3\xa9@example.org", "internationalised addresses");
	address_refused("a@b\xc3\xbc" "cher.example", "internationalised addresses");
}

Test(text, holds_the_length_limits_of_rfc_5321)
{
	char local[80], label[80], address[400];
	memset(local, 'a', 65);
	local[65] = '\0';
	snprintf(address, sizeof address, "%s@example.org", local);
	address_refused(address, "longer than 64");
	memset(label, 'b', 64);
	label[64] = '\0';
	snprintf(address, sizeof address, "a@%s.example", label);
	address_refused(address, "longer than 63");
	label[63] = '\0';
	snprintf(address, sizeof address, "a@%s.%s.%s.%s", label, label, label, label); /* 258 bytes */
	address_refused(address, "longer than 254");
	snprintf(address, sizeof address, "a@%s.%s.%s.example", label, label, label);
	cr_expect_eq(text_address_check(address, NULL), 0, "a 206-byte address was refused");
}

Test(text, one_line_fields_refuse_every_line_break_and_name_the_field)
{
	const char *bad[] = {"two\nlines", "two\rlines", "para\xe2\x80\xa9graph", "line\xe2\x80\xa8sep",
			     "next\xc2\x85line", "bell\a", "del\x7f", "esc\x1b[31m"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct error err = {0};
		cr_expect_eq(text_line_check("a round's title", bad[i], 200, &err), -1, "case %zu was accepted", i);
		cr_expect(strstr(err.msg, "a round's title holds a line break or control character") == err.msg,
			  "case %zu: %s", i, err.msg);
	}
}

Test(text, one_line_fields_keep_ordinary_titles_and_their_limits)
{
	struct error err = {0};
	cr_expect_eq(text_line_check("a unit's name", "Ward 7 \xe2\x80\x94 Caf\xc3\xa9\tnights", 200, &err), 0);
	cr_expect_eq(text_line_check("a unit's name", "   ", 200, &err), -1);
	cr_expect_str_eq(err.msg, "a unit's name is needed");
	cr_expect_eq(text_line_check("a unit's name", "abcdef", 5, &err), -1);
	cr_expect_str_eq(err.msg, "a unit's name has at most 5 characters");
	cr_expect_eq(text_line_check("a unit's name", "=?UTF-8?B?SGk=?=", 200, &err), 0,
		     "an encoded-word look-alike is a valid title (mail encodes it)");
}

Test(text, multi_line_text_keeps_its_line_breaks)
{
	const char *t = "first\r\nsecond\xe2\x80\xa8third";
	cr_expect_null(text_problem(t, strlen(t), TEXT_LINES));
}

Test(text, reads_a_whole_number_and_nothing_else)
{
	long long v = -7;
	cr_expect(text_to_number("12", 1, 100, &v));
	cr_expect_eq(v, 12);
	cr_expect(text_to_number("-3", -5, 5, &v));
	cr_expect_eq(v, -3);
	const char *bad[] = {"12abc", "", " 12", "12 ", "abc", "0x10", "1e3", "-", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = 42;
		cr_expect(!text_to_number(bad[i], LLONG_MIN, LLONG_MAX, &v), "\"%s\" was taken", bad[i]);
		cr_expect_eq(v, 42, "\"%s\" changed the number", bad[i]);
	}
	cr_expect(!text_to_number("0", 1, 100, &v), "below the range");
	cr_expect(!text_to_number("101", 1, 100, &v), "above the range");
	cr_expect(!text_to_number(NULL, 1, 100, &v));
}
