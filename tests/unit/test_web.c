/* test_web.c - the route table (every route has an access rule; 404 and 405 with Allow) and the escaping
 * HTML writer. The server itself is driven end to end by tests/e2e. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/html.h"
#include "web/http.h"

Test(web, every_route_has_an_access_rule)
{
	/* Public routes that change something check their own guard (see page_auth.c): adding one is a decision,
	 * listed here as well as flagged ROUTE_OWN_GUARD in the table. POST /api/s/{token}: the link is the
	 * secret, and it takes only application/json, which no other site's form can send without the browser
	 * asking first. */
	static const char *const public_writes[] =
		{"POST /signin", "POST /password/{token}", "POST /api/session", "POST /s/{token}/start",
		 "POST /s/{token}/submit", "POST /s/{token}/{page}",
		 "POST /s/{token}/new", /* only forgets this browser's own cookie */
		 "POST /s/{token}/continue", /* only opens this browser's own response to itself */
		 "POST /f/{token}", "POST /api/f/{token}", "POST /api/s/{token}",
		 /* throttled, and the same reply whatever the address: a forged one can only mail an
						     * account's owner a link to their own account */
		 "POST /password/forgot",
		 /* the provider's back-channel logout: its guard is the signed logout token (issuer, audience,
		  * signature, events, single-use jti), verified before any session ends */
		 "POST /auth/oidc/backchannel", NULL};
	size_t n = 0;
	for (const struct route *r = routes; r->method; r++, n++) {
		cr_expect(r->access >= ACCESS_PUBLIC && r->access <= ACCESS_SITE_ADMIN, "%s %s has no access rule",
			  r->method, r->pattern);
		cr_expect_str_neq(access_name(r->access), "none");
		cr_expect_not_null(r->handler, "%s %s has no handler", r->method, r->pattern);
		cr_expect(r->pattern[0] == '/', "%s does not start with /", r->pattern);
		if (r->access == ACCESS_UNIT_VIEWER || r->access == ACCESS_UNIT_FACILITATOR ||
		    r->access == ACCESS_UNIT_ADMIN)
			cr_expect(strstr(r->pattern, "/{code}") != NULL &&
					  strchr(r->pattern, '{') == strstr(r->pattern, "{code}"),
				  "%s %s: a unit route names its unit as the first {code}", r->method, r->pattern);
		if (r->access == ACCESS_PUBLIC && strcmp(r->method, "GET") != 0) {
			char name[200];
			snprintf(name, sizeof name, "%s %s", r->method, r->pattern);
			bool listed = false;
			for (const char *const *w = public_writes; *w; w++)
				listed = listed || strcmp(*w, name) == 0;
			cr_expect(listed, "%s changes something without sign-in or CSRF", name);
			cr_expect(r->flags & ROUTE_OWN_GUARD, "%s is a public write not flagged ROUTE_OWN_GUARD", name);
		}
		if (r->flags & ROUTE_OWN_GUARD)
			cr_expect(r->access == ACCESS_PUBLIC && strcmp(r->method, "GET") != 0,
				  "%s %s: only public writes have their own guard", r->method, r->pattern);
		if (r->flags & ROUTE_UPLOAD)
			cr_expect(strstr(r->pattern, "/evidence") != NULL && strcmp(r->method, "POST") == 0,
				  "%s %s takes uploads: a decision, to be added here", r->method, r->pattern);
	}
	cr_expect_geq(n, 40);
}

/* The resource a route's {id} names is loaded by the dispatcher (web/resource.c): one per route at most, a
 * unit's resource on a unit route, a person's on a /me route, and every {id} names one, but a plan goal's (the
 * domain refuses another person's goal inside its write, 422, as it always has). */
Test(web, every_id_names_a_resource_the_dispatcher_loads)
{
	unsigned kinds = ROUTE_ROUND | ROUTE_ACTION | ROUTE_MEASURE | ROUTE_CYCLE | ROUTE_CYCLE_SHARED | ROUTE_COACHEE |
			 ROUTE_PERSON | ROUTE_AIM;
	for (const struct route *r = routes; r->method; r++) {
		unsigned k = r->flags & kinds;
		cr_expect((k & (k - 1)) == 0, "%s %s names two resources", r->method, r->pattern);
		enum route_resource res = route_resource(r);
		bool unit_kind = res == RESOURCE_ROUND || res == RESOURCE_ACTION || res == RESOURCE_MEASURE ||
				 res == RESOURCE_AIM;
		bool unit_route = r->access >= ACCESS_UNIT_VIEWER && r->access <= ACCESS_REGION_ADMIN;
		bool me_route = strncmp(r->pattern, "/me/", 4) == 0;
		if (res != RESOURCE_NONE)
			cr_expect(strstr(r->pattern, "{id}") && (res == RESOURCE_PERSON ? r->access == ACCESS_SITE_ADMIN
								 : unit_kind		  ? unit_route
											  : me_route),
				  "%s %s: a unit's resource on a unit route, one's own on a /me route, anyone's on a "
				  "site administrator's", r->method,
				  r->pattern);
		if (strstr(r->pattern, "{id}") && strncmp(r->pattern, "/me/plan/", 9) != 0)
			cr_expect(res != RESOURCE_NONE, "%s %s: its {id} names no resource", r->method, r->pattern);
		cr_expect_str_neq(route_resource_name(res), res ? "-" : "?");
	}
	cr_expect_str_eq(route_resource_name(RESOURCE_NONE), "-");
	cr_expect_str_eq(route_resource_name(RESOURCE_CYCLE_SHARED), "cycle_shared");
}

/* One row is one method and one handler: a handler serves one method, so it never asks which it got. */
Test(web, a_handler_serves_one_method)
{
	for (const struct route *r = routes; r->method; r++)
		for (const struct route *o = routes; o->method; o++)
			if (o->handler == r->handler)
				cr_expect_str_eq(o->method, r->method, "%s %s and %s %s share a handler", r->method,
						 r->pattern, o->method, o->pattern);
}

static const struct route *
match(const char *method, const char *path, struct request *req, const char **allow)
{
	memset(req, 0, sizeof *req);
	req->arena = arena_new();
	return route_match(req, method, path, allow);
}

Test(web, matches_literal_and_captured_segments)
{
	struct request req;
	const char *allow;
	const struct route *r = match("GET", "/instruments/pch-development-grid", &req, &allow);
	cr_assert_not_null(r);
	cr_expect_str_eq(r->pattern, "/instruments/{instrument}");
	cr_assert_eq(req.n_params, 1);
	cr_expect_str_eq(req.params[0], "pch-development-grid");
	arena_free(req.arena);

	r = match("HEAD", "/", &req, &allow);
	cr_expect_not_null(r, "GET routes answer HEAD");
	arena_free(req.arena);

	cr_expect_null(match("GET", "/instruments/", &req, &allow));
	cr_expect_null(allow);
	arena_free(req.arena);
	cr_expect_null(match("GET", "/instruments/a/b", &req, &allow));
	arena_free(req.arena);
	cr_expect_null(match("GET", "/nowhere", &req, &allow));
	cr_expect_null(allow, "404, not 405");
	arena_free(req.arena);
}

Test(web, ids_are_positive_whole_numbers_or_nothing_matches)
{
	struct request req;
	const char *allow;
	const struct route *r = match("GET", "/units/PCH-RIV/rounds/42/results", &req, &allow);
	cr_assert_not_null(r);
	cr_expect_eq(req.id, 42);
	arena_free(req.arena);
	const char *bad[] = {"/units/PCH-RIV/rounds/0/results", "/units/PCH-RIV/rounds/-1/results",
			     "/units/PCH-RIV/rounds/4x/results", "/units/PCH-RIV/rounds/99999999999999999999/results",
			     "/units/PCH-RIV/actions/1/pdsa/abc", NULL};
	for (const char **p = bad; *p; p++) {
		cr_expect_null(match("GET", *p, &req, &allow), "%s matched", *p);
		arena_free(req.arena);
	}
}

Test(web, a_captured_segment_may_end_with_a_literal_suffix)
{
	struct request req;
	const char *allow;
	const struct route *r = match("GET", "/units/PCH-RIV/aims/12.csv", &req, &allow);
	cr_assert_not_null(r);
	cr_expect_str_eq(r->pattern, "/units/{code}/aims/{id}.csv");
	cr_expect_eq(req.id, 12);
	cr_expect_str_eq(req.params[1], "12", "the capture leaves the suffix out");
	arena_free(req.arena);
	r = match("GET", "/units/PCH-RIV/aims/12", &req, &allow);
	cr_assert_not_null(r);
	cr_expect_str_eq(r->pattern, "/units/{code}/aims/{id}", "no suffix: the plain route");
	arena_free(req.arena);
	const char *bad[] = {"/units/PCH-RIV/aims/.csv", "/units/PCH-RIV/aims/0.csv", "/units/PCH-RIV/aims/x.csv",
			     "/units/PCH-RIV/aims/12.json", "/units/PCH-RIV/aims/12.csv.csv", NULL};
	for (const char **p = bad; *p; p++) {
		cr_expect_null(match("GET", *p, &req, &allow), "%s matched", *p);
		arena_free(req.arena);
	}
}

Test(web, a_page_flagged_for_the_api_answers_under_api_too)
{
	struct request req;
	const char *allow;
	const struct route *page = match("GET", "/units/PCH-RIV/rounds/3/results", &req, &allow);
	cr_assert_not_null(page);
	arena_free(req.arena);
	const struct route *api = match("GET", "/api/units/PCH-RIV/rounds/3/results", &req, &allow);
	cr_expect_eq(api, page, "one row serves both");
	cr_expect_str_eq(req.params[0], "PCH-RIV");
	cr_expect_eq(req.id, 3);
	cr_expect_str_eq(route_pattern_of(req.arena, api, "/api/units/PCH-RIV/rounds/3/results"),
			 "/api/units/{code}/rounds/{id}/results");
	arena_free(req.arena);
	cr_expect_null(match("GET", "/api/units/PCH-RIV/journey/report", &req, &allow),
		       "a page-only route stays a page");
	arena_free(req.arena);
	cr_expect_null(match("GET", "/api/api/units/PCH-RIV", &req, &allow), "once only");
	arena_free(req.arena);
}

Test(web, wrong_method_gives_the_allowed_ones)
{
	struct request req;
	const char *allow;
	cr_expect_null(match("DELETE", "/api/instruments", &req, &allow));
	cr_assert_not_null(allow);
	cr_expect_str_eq(allow, "GET, HEAD");
	arena_free(req.arena);
}

Test(web, html_printf_escapes_unless_raw_is_asked_for)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	html_printf(&b, "<p title=\"%s\">%s %R %d %zu %.1f%%</p>", "a\"b", "<script>&'", "<b>ok</b>", -3, (size_t)7,
		    2.25);
	cr_expect_str_eq(b.data,
			 "<p title=\"a&quot;b\">&lt;script&gt;&amp;&#39; <b>ok</b> -3 7 2.2%</p>");
	buf_release(&b);
}

Test(web, buffers_stop_at_their_cap)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 8);
	buf_puts(&b, "12345");
	buf_puts(&b, "6789");
	cr_expect(b.overflow);
	cr_expect_str_eq(b.data, "12345");
	buf_release(&b);
}

Test(web, arena_hands_out_aligned_memory_of_any_size)
{
	struct arena *a = arena_new();
	for (size_t i = 1; i < 2000; i += 97) {
		char *p = arena_alloc(a, i);
		cr_expect_eq((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 'x', i);
	}
	char *big = arena_alloc(a, 100000);
	memset(big, 'y', 100000);
	cr_expect_str_eq(arena_printf(a, "%s-%d", "n", 5), "n-5");
	arena_free(a);
	arena_free(NULL);
}

static void
expect_fixed_as_printf(double v, int decimals)
{
	char fast[FIXED_MAX], slow[64];
	format_fixed(fast, v, decimals);
	snprintf(slow, sizeof slow, "%.*f", decimals, v);
	cr_expect_str_eq(fast, slow, "%.17g with %d decimals", v, decimals);
}

Test(web, fixed_point_numbers_are_written_exactly_as_printf_writes_them)
{
	/* Every mean of up to 60 answers on a 0-10 scale, with its ties (2.25, 0.125 ...) and near-ties. */
	for (int n = 1; n <= 60; n++)
		for (int k = -40; k <= 10 * n; k++)
			for (int d = 0; d <= 3; d++)
				expect_fixed_as_printf((double)k / n, d);
	static const double odd[] = {0.0, -0.0, -0.04, 0.05, 0.15, 0.25, 2.675, 1e-7, 999999.9999, 123456789.5,
				     1e12, -1e12, 0.1 + 0.2, 1.0 / 3, 2.5, 3.5, -2.5};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
		for (int d = 0; d <= 6; d++)
			expect_fixed_as_printf(odd[i], d);
	unsigned long long x = 88172645463325252ULL; /* xorshift: the same values every run */
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double v = (double)(x % 2000000000ULL) / 1000.0 - 1000000.0;
		expect_fixed_as_printf(v, (int)(x % 7));
	}
}

Test(web, html_printf_writes_integers_as_printf_does)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	html_printf(&b, "%d %d %ld %lld %u %zu %lu %x %05d|%i", 0, -2147483647 - 1, -123456789L,
		    -9223372036854775807LL - 1, 4294967295u, (size_t)18446744073709551615ULL, 42UL, 255, 42, -7);
	cr_expect_str_eq(
		b.data, "0 -2147483648 -123456789 -9223372036854775808 4294967295 18446744073709551615 42 ff 00042|-7");
	buf_release(&b);
}

Test(web, buf_printf_grows_and_refuses_past_its_limit_whole)
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	cr_expect_eq(b.len, 3890);
	cr_expect(strncmp(b.data, "0,1,2,", 6) == 0);
	cr_expect(strcmp(b.data + b.len - 4, "999,") == 0);
	buf_release(&b);
	buf_init(&b, 12);
	buf_printf(&b, "%s", "12345");
	buf_printf(&b, "%s", "12345678"); /* would pass the limit: refused whole */
	cr_expect(b.overflow);
	cr_expect_str_eq(b.data, "12345");
	buf_release(&b);
}

/* A message handed back after a form (respond_done) reaches the page: its query stands before a #fragment, which
 * the browser keeps to itself, and joins a query already there. */
Test(web, a_done_message_goes_before_the_fragment_and_joins_the_query)
{
	struct request req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	cr_expect_str_eq(with_query(&req, "/units/H/rounds/3#share", "msg", "Link made."),
			 "/units/H/rounds/3?msg=Link%20made.#share");
	cr_expect_str_eq(with_query(&req, "/units/H/rounds/3?tab=people#share", "msg", "a&b"),
			 "/units/H/rounds/3?tab=people&msg=a%26b#share");
	cr_expect_str_eq(with_query(&req, "/units/H?tab=1", "msg", "ok"), "/units/H?tab=1&msg=ok");
	cr_expect_str_eq(with_query(&req, "/units/H#a?b", "msg", "ok"), "/units/H?msg=ok#a?b");
	struct response res = {0};
	buf_init(&res.body, 0);
	req.path = "/units/H/rounds/3/link";
	respond_done(&req, &res, 200, "https://care.example/units/H/rounds/3#share", "Done", NULL);
	cr_expect_eq(res.status, 303);
	cr_expect_str_eq(res.location, "https://care.example/units/H/rounds/3?msg=Done#share");
	buf_release(&res.body);
	arena_free(req.arena);
}
