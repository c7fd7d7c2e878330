/* test_json_text.c - the reply writer gives exactly jansson's json_dumps(JSON_INDENT(1) | JSON_ENSURE_ASCII)
 * bytes for any object or array (all a reply is), and refuses what cannot be written. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json_text.h"

static void
same_as_jansson(json_t *doc)
{
	cr_assert_not_null(doc);
	char *want = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	struct buf b = BUF_INIT;
	cr_assert(json_text_append(&b, doc));
	cr_assert_str_eq(b.data, want);
	buf_release(&b);
	free(want);
	json_decref(doc);
}

Test(json_text, writes_what_jansson_writes)
{
	same_as_jansson(json_pack("{s:{s:s, s:s, s:b}, s:s, s:[{s:s, s:s}, {s:s, s:s}]}", "user", "email",
				  "a@example.org", "name", "Farah", "site_admin", 0, "csrf", "abc", "roles", "unit",
				  "PCH-RIV", "role", "facilitator", "unit", "WSX", "role", "viewer"));
	same_as_jansson(
		json_pack("{s:[], s:{}, s:n, s:b, s:[[], [{}], [i, [i, [i]]]]}", "a", "b", "c", "d", 1, "e", 1, 2, 3));
	same_as_jansson(json_pack("[i, I, I, f, f, f, f, f, f, f]", 0, (json_int_t)-9007199254740993LL,
				  (json_int_t)INT64_MAX, 0.0, -0.0, 1.0, 0.1, 2.5e-12, 1e300, 123456789012345678.0));
	same_as_jansson(json_pack("[s, i]", "", 7));
}

Test(json_text, escapes_as_jansson_does)
{
	/* Quotes, backslashes, every control, slash (not escaped), Welsh ŵ, the euro sign, an emoji (a surrogate
	 * pair), DEL, and a key that needs escaping too. */
	char controls[33];
	for (int i = 1; i < 32; i++)
		controls[i - 1] = (char)i;
	controls[31] = '\0';
	same_as_jansson(json_pack("{s:s, s:s, s:s, s:s}", "say \"hi\" \\ /", controls, "Gw\xC5\xB5r \xE2\x82\xAC 5",
				  "\xF0\x9F\x98\x80 \x7F end", "k\xC3\xA9y\n", "v", "", ""));
	same_as_jansson(json_pack("[s#]", "a\0b", 3)); /* a NUL inside a string */
}

Test(json_text, refuses_what_cannot_be_written)
{
	struct buf b = BUF_INIT;
	cr_assert_not(json_text_append(&b, NULL));
	json_t *bad = json_string_nocheck("caf\xE9"); /* Latin-1, not UTF-8 */
	cr_assert_not(json_text_append(&b, bad));
	json_decref(bad);
	json_t *deep = json_array(), *inner = deep;
	for (int i = 0; i <= JSON_TEXT_MAX_DEPTH; i++) {
		json_t *next = json_array();
		json_array_append_new(inner, next);
		inner = next;
	}
	cr_assert_not(json_text_append(&b, deep));
	json_decref(deep);
	buf_release(&b);
}

Test(json_text, the_writer_writes_what_jansson_writes)
{
	struct buf b = BUF_INIT;
	struct json_writer w;
	json_writer_start(&w, &b);
	json_writer_object(&w, NULL);
	json_writer_object(&w, "user");
	json_writer_string(&w, "email", "a@example.org");
	json_writer_string(&w, "name", "Gw\xC5\xB5r \"Q\"");
	json_writer_bool(&w, "site_admin", false);
	json_writer_close(&w);
	json_writer_array(&w, "none");
	json_writer_close(&w);
	json_writer_object(&w, "empty");
	json_writer_close(&w);
	json_writer_array(&w, "roles");
	json_writer_object(&w, NULL);
	json_writer_string(&w, "unit", "PCH-RIV");
	json_writer_bool(&w, "on", true);
	json_writer_close(&w);
	json_writer_array(&w, NULL);
	json_writer_string(&w, NULL, "x");
	json_writer_close(&w);
	json_writer_close(&w);
	json_writer_close(&w);
	cr_assert(json_writer_end(&w));
	json_t *doc = json_pack("{s:{s:s, s:s, s:b}, s:[], s:{}, s:[{s:s, s:b}, [s]]}", "user", "email",
				"a@example.org", "name", "Gw\xC5\xB5r \"Q\"", "site_admin", 0, "none", "empty", "roles",
				"unit", "PCH-RIV", "on", 1, "x");
	char *want = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	cr_assert_str_eq(b.data, want);
	free(want);
	json_decref(doc);
	buf_release(&b);
}

Test(json_text, the_writer_refuses_bad_text_and_unclosed_or_too_deep_nesting)
{
	struct buf b = BUF_INIT;
	struct json_writer w;
	json_writer_start(&w, &b);
	json_writer_array(&w, NULL);
	json_writer_string(&w, NULL, "caf\xE9");
	json_writer_close(&w);
	cr_assert_not(json_writer_end(&w), "Latin-1 text is not written as if it were UTF-8");
	buf_reset(&b);
	json_writer_start(&w, &b);
	json_writer_object(&w, NULL);
	cr_assert_not(json_writer_end(&w), "an object left open");
	buf_reset(&b);
	json_writer_start(&w, &b);
	for (int i = 0; i <= JSON_WRITER_MAX_DEPTH; i++)
		json_writer_array(&w, NULL);
	for (int i = 0; i <= JSON_WRITER_MAX_DEPTH; i++)
		json_writer_close(&w);
	cr_assert_not(json_writer_end(&w), "deeper than the writer goes");
	buf_release(&b);
}
