/* test_address_list.c - reading what people paste into an invitation box (lib/address_list.c) and sorting it
 * (domain/invitees.c): Outlook, Excel, plain lists, quoted commas, bad UTF-8, over-long input. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/invitees.h"
#include "lib/address_list.h"
#include "lib/buf.h"
#include "lib/strvec.h"

static struct address_list l;

static void
split(const char *text)
{
	address_list_release(&l);
	address_list_split(text, strlen(text), 100, &l);
}

static void
release(void)
{
	address_list_release(&l);
}

TestSuite(address_list, .fini = release);

Test(address_list, splits_at_line_breaks_commas_and_semicolons_and_skips_blanks)
{
	split("ann@example.org\r\n bob@example.org ;cat@example.org,,\n\n  dan@example.org  ");
	cr_assert_eq(l.n, 4);
	cr_expect_str_eq(l.v[0].address, "ann@example.org");
	cr_expect_str_eq(l.v[1].address, "bob@example.org");
	cr_expect_str_eq(l.v[2].address, "cat@example.org");
	cr_expect_str_eq(l.v[3].address, "dan@example.org");
	cr_expect_null(l.v[3].name);
}

Test(address_list, takes_an_outlook_paste_of_names_in_angle_brackets)
{
	split("Ann Smith <ann@example.org>; \"Jones, Bob\" <bob@example.org>; 'Cat' <cat@example.org>");
	cr_assert_eq(l.n, 3);
	cr_expect_str_eq(l.v[0].name, "Ann Smith");
	cr_expect_str_eq(l.v[0].address, "ann@example.org");
	cr_expect_str_eq(l.v[1].name, "Jones, Bob", "a comma inside quotes is part of the name");
	cr_expect_str_eq(l.v[1].address, "bob@example.org");
	cr_expect_str_eq(l.v[2].name, "Cat");
	cr_expect_str_eq(l.v[1].raw, "\"Jones, Bob\" <bob@example.org>", "the entry as written goes back in the box");
}

Test(address_list, keeps_an_unquoted_last_first_name_whole_before_its_address)
{
	split("Smith, Ann <ann@example.org>, Jones, Bob <bob@example.org>, not an address, cat@example.org");
	cr_assert_eq(l.n, 4);
	cr_expect_str_eq(l.v[0].name, "Smith, Ann");
	cr_expect_str_eq(l.v[1].name, "Jones, Bob");
	cr_expect_str_eq(l.v[2].address, "not an address", "a comma before a bare address still splits");
	cr_expect_str_eq(l.v[3].address, "cat@example.org");
}

Test(address_list, takes_spreadsheet_columns_the_one_with_an_at_sign_being_the_address)
{
	split("Ann Smith\tann@example.org\nSmith\tBob\tbob@example.org\t\ncat@example.org\tCat\n");
	cr_assert_eq(l.n, 3);
	cr_expect_str_eq(l.v[0].name, "Ann Smith");
	cr_expect_str_eq(l.v[0].address, "ann@example.org");
	cr_expect_str_eq(l.v[1].name, "Smith Bob");
	cr_expect_str_eq(l.v[1].address, "bob@example.org");
	cr_expect_str_eq(l.v[2].address, "cat@example.org");
	cr_expect_str_eq(l.v[2].name, "Cat");
}

Test(address_list, takes_a_name_before_a_bare_address_and_a_mailto_link)
{
	split("Ann Smith ann@example.org\nmailto:bob@example.org\n<cat@example.org>");
	cr_assert_eq(l.n, 3);
	cr_expect_str_eq(l.v[0].name, "Ann Smith");
	cr_expect_str_eq(l.v[0].address, "ann@example.org");
	cr_expect_str_eq(l.v[1].address, "bob@example.org");
	cr_expect_str_eq(l.v[2].address, "cat@example.org");
	cr_expect_null(l.v[2].name);
}

Test(address_list, marks_text_after_the_closing_angle_bracket)
{
	split("Ann <ann@example.org> (work)");
	cr_assert_eq(l.n, 1);
	cr_expect(l.v[0].trailing);
	cr_expect_str_eq(l.v[0].address, "ann@example.org");
}

Test(address_list, stops_at_the_most_entries_asked_for_and_says_there_were_more)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	for (int i = 0; i < 150; i++)
		buf_printf(&b, "p%d@example.org;", i);
	address_list_split(b.data, b.len, 100, &l);
	buf_release(&b);
	cr_expect_eq(l.n, 100);
	cr_expect(l.more);
}

Test(address_list, takes_any_bytes_whatever_their_length)
{
	char *big = malloc(300001);
	memset(big, 'a', 300000);
	big[300000] = '\0';
	big[150000] = '"'; /* a quote never closed */
	address_list_split(big, 300000, 100, &l);
	cr_expect_eq(l.n, 1);
	free(big);
	address_list_release(&l);
	split("\xff\xfe<\x80@example.org>\n\"\\");
	cr_expect_eq(l.n, 2);
}

static struct invitees iv;

static void
sort_release(void)
{
	invitees_release(&iv);
}

TestSuite(invitees, .fini = sort_release);

Test(invitees, sorts_a_paste_into_new_repeated_and_not_addresses_each_with_its_reason)
{
	invitees_paste(&iv, "Ann <ann@example.org>\nANN@example.org; bob@example.org, nope\n\xff@example.org\n"
			    "Cat <cat@example.org> later\na@b", 100);
	cr_assert_eq(iv.n, 7);
	cr_expect_eq(iv.v[0].kind, INVITEE_NEW);
	cr_expect_eq(iv.v[1].kind, INVITEE_REPEATED, "the same address in another case is the same person");
	cr_expect_eq(iv.v[2].kind, INVITEE_NEW);
	cr_expect_eq(iv.v[3].kind, INVITEE_INVALID);
	cr_expect(strstr(iv.v[3].why->msg, "is not an email address"), "%s", iv.v[3].why->msg);
	cr_expect_eq(iv.v[4].kind, INVITEE_INVALID);
	cr_expect(strstr(iv.v[4].why->msg, "UTF-8"), "%s", iv.v[4].why->msg);
	cr_expect_eq(iv.v[5].kind, INVITEE_INVALID);
	cr_expect(strstr(iv.v[5].why->msg, "more after the address"), "%s", iv.v[5].why->msg);
	cr_expect_eq(iv.v[6].kind, INVITEE_INVALID);
	cr_expect_eq(iv.count[INVITEE_NEW], 2);
	cr_expect_eq(iv.count[INVITEE_REPEATED], 1);
	cr_expect_eq(iv.count[INVITEE_INVALID], 4);
	char *left = invitees_lines(&iv, INVITEE_INVALID);
	cr_expect_str_eq(left, "nope\n\xff@example.org\nCat <cat@example.org> later\na@b");
	free(left);
}

Test(invitees, an_api_item_is_one_entry_and_a_line_break_in_it_makes_it_no_address)
{
	struct strvec items = STRVEC_INIT;
	strvec_push(&items, "bob@example.org\r\nBcc: thief@evil.example");
	strvec_push(&items, "Jones, Bob <bob@example.org>");
	invitees_items(&iv, &items, 100);
	strvec_clear(&items);
	cr_assert_eq(iv.n, 2);
	cr_expect_eq(iv.v[0].kind, INVITEE_INVALID);
	cr_expect_eq(iv.v[1].kind, INVITEE_NEW);
	cr_expect_str_eq(iv.v[1].address, "bob@example.org");
}

Test(invitees, keeps_reasons_for_the_first_invalid_entries_only)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	for (int i = 0; i < INVITEES_REASONS_MAX + 5; i++)
		buf_printf(&b, "nope%d\n", i);
	invitees_paste(&iv, b.data, 1000);
	buf_release(&b);
	cr_assert_eq(iv.count[INVITEE_INVALID], INVITEES_REASONS_MAX + 5);
	cr_expect_not_null(iv.v[INVITEES_REASONS_MAX - 1].why);
	cr_expect_null(iv.v[INVITEES_REASONS_MAX].why);
}
