/* test_feedback.c - 360 feedback and development plans through the domain layer: others' ratings and words
 * hidden under 3 colleagues, relationship groups under 3 combined (and all groups withheld when a remainder
 * could be worked out by difference), the gap statistics worked by hand, who may read, and plan rules. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/pdp.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"

static struct store *s;
static struct catalog *cat;
static const struct instrument *rl;
static struct user leader, other;
static struct feedback_cycle cycle;

static void
setup(void)
{
	temp_dir_setup();
	char *path = test_db_where("f.db");
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	free(path);
	struct strvec problems = STRVEC_INIT;
	cat = catalog_new();
	catalog_load_builtin(cat, &problems);
	rl = catalog_find(cat, "relational-leadership", 0);
	cr_assert_not_null(rl);
	cr_assert_eq(user_add(s, &actor_cli, "lee@example.org", "Lee Leader", "a long password 1", false, NULL, &err),
		     0, "%s", err.msg);
	cr_assert_eq(user_add(s, &actor_cli, "ada@example.org", "Ada Admin", "a long password 2", true, NULL, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(user_by_email(s, "lee@example.org", &leader, &err), 1);
	cr_assert_eq(user_by_email(s, "ada@example.org", &other, &err), 1);
	int64_t id;
	cr_assert_eq(feedback_cycle_create(s, &actor_cli, &leader, rl, "Autumn", &id, &err), 0, "%s", err.msg);
	cr_assert_eq(feedback_cycle_get(s, id, &cycle, &err), 1);
}

static void
teardown(void)
{
	catalog_free(cat);
	store_close(s);
	temp_dir_teardown();
}

TestSuite(feedback, .init = setup, .fini = teardown);

/* A colleague (RELATIONSHIP) rating RL1..RL4 with SCORES, through a fresh invitation. */
static void
colleague(const char *relationship, const char *const scores[4], const char *strengths)
{
	char token[TOKEN_CHARS], key[65];
	struct error err;
	struct feedback_invitation inv;
	cr_assert_eq(feedback_invite(s, &cycle, NULL, token, &err), 0, "%s", err.msg);
	cr_assert_eq(feedback_invitation_find(s, token, &inv, &err), 1);
	token_hash(token, key);
	struct feedback_answer_input a[4] = {{"RL1", scores[0]},
					     {"RL2", scores[1]},
					     {"RL3", scores[2]},
					     {"RL4", scores[3]}};
	cr_assert_eq(feedback_submit(s, &cycle, rl, key, relationship, a, 4, strengths, NULL, inv.id, &err), 0, "%s",
		     err.msg);
}

static void
self(const char *const scores[4])
{
	struct error err;
	struct feedback_answer_input a[4] = {{"RL1", scores[0]},
					     {"RL2", scores[1]},
					     {"RL3", scores[2]},
					     {"RL4", scores[3]}};
	char key[40];
	snprintf(key, sizeof key, "self:%lld", (long long)cycle.id);
	cr_assert_eq(feedback_submit(s, &cycle, rl, key, "self", a, 4, NULL, NULL, 0, &err), 0, "%s", err.msg);
}

/* The report as it is once the cycle is closed (the cycle stays open here, so that more can answer). */
static void
closed_report(struct feedback_report *r)
{
	struct feedback_cycle closed = cycle;
	closed.closed = true;
	struct error err;
	cr_assert_eq(feedback_report_compute(s, &closed, rl, r, &err), 0, "%s", err.msg);
}

static const char *const low[4] = {"1", "2", "2", "dk"}, *const mid[4] = {"2", "3", "2", "2"},
			 *const high[4] = {"3", "4", "2", "4"};

Test(feedback, others_hidden_under_three)
{
	self(high);
	colleague("peer", low, "Kind");
	colleague("manager", mid, "Clear");
	struct feedback_report r;
	struct error err;
	cr_assert_eq(feedback_report_compute(s, &cycle, rl, &r, &err), 0, "%s", err.msg);
	cr_expect(r.has_self);
	cr_expect_eq(r.n_others, 2);
	cr_expect_not(r.shown);
	cr_expect_float_eq(r.self[0], 3.0, 1e-9);
	for (size_t i = 0; i < 4; i++) {
		cr_expect(isnan(r.others[i].mean), "item %zu shows others' mean with 2 colleagues", i);
		cr_expect_eq(r.others[i].n, 0);
		for (size_t l = 0; l < 5; l++)
			cr_expect_eq(r.counts[i][l], 0);
	}
	cr_expect_eq(r.n_groups, 0);
	cr_expect_eq(r.strengths.n, 0, "colleagues' words show with 2 colleagues");
	feedback_report_release(&r);
}

Test(feedback, others_shown_from_three_with_stats_by_hand)
{
	self(high);
	colleague("peer", low, "Kind");
	colleague("manager", mid, NULL);
	colleague("direct_report", high, "Listens");
	struct feedback_report r;
	closed_report(&r);
	cr_expect(r.shown);
	cr_expect_eq(r.n_others, 3);
	/* RL1: others 1, 2, 3: mean 2, sd 1; self 3: a gap of 1 = blind spot. */
	cr_expect_float_eq(r.others[0].mean, 2.0, 1e-9);
	cr_expect_float_eq(r.others[0].sd, 1.0, 1e-9);
	cr_expect_str_eq(feedback_gap_kind(r.self[0], r.others[0].mean), "blind spot");
	/* RL2: 2, 3, 4 -> 3; self 4 -> blind spot. RL3: all 2 -> no gap. */
	cr_expect_float_eq(r.others[1].mean, 3.0, 1e-9);
	cr_expect_str_eq(feedback_gap_kind(r.self[2], r.others[2].mean), "");
	/* RL4: one don't know, then 2 and 4 -> mean 3 over 2 answers. */
	cr_expect_eq(r.dont_know[3], 1);
	cr_expect_eq(r.others[3].n, 2);
	cr_expect_float_eq(r.others[3].mean, 3.0, 1e-9);
	/* Distribution of RL1 over levels 0..4. */
	cr_expect_eq(r.counts[0][1], 1);
	cr_expect_eq(r.counts[0][2], 1);
	cr_expect_eq(r.counts[0][3], 1);
	/* One person in each relationship: all combined into one "others" group of 3, no named group. */
	cr_assert_eq(r.n_groups, 1);
	cr_expect_str_eq(r.groups[0].code, "others");
	cr_expect_eq(r.groups[0].n, 3);
	cr_expect_eq(r.strengths.n, 2);
	feedback_report_release(&r);
}

Test(feedback, groups_withheld_when_a_remainder_could_be_worked_out)
{
	for (int i = 0; i < 3; i++)
		colleague("peer", mid, NULL);
	colleague("manager", high, NULL);
	struct feedback_report r;
	closed_report(&r);
	cr_expect(r.shown);
	/* Peers (3) alone would let the manager's ratings be worked out from the whole: no groups at all. */
	cr_expect_eq(r.n_groups, 0);
	feedback_report_release(&r);
	for (int i = 0; i < 2; i++)
		colleague("team_member", low, NULL);
	closed_report(&r);
	/* Now the manager and two team members make a combined group of 3 beside the peers. */
	cr_assert_eq(r.n_groups, 2);
	cr_expect_str_eq(r.groups[0].code, "peer");
	cr_expect_float_eq(r.groups[0].mean[0], 2.0, 1e-9);
	cr_expect_str_eq(r.groups[1].code, "others");
	cr_expect_eq(r.groups[1].n, 3);
	cr_expect_float_eq(r.groups[1].mean[0], (3.0 + 1 + 1) / 3, 1e-9);
	feedback_report_release(&r);
}

Test(feedback, an_open_cycle_shows_nothing_of_others_however_many_answered)
{
	colleague("peer", low, "Kind");
	colleague("manager", mid, "Clear");
	colleague("direct_report", high, "Listens");
	colleague("peer", high, "Calm");
	struct feedback_report r;
	struct error err;
	cr_assert_eq(feedback_report_compute(s, &cycle, rl, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.n_others, 4, "how many is shown");
	cr_expect_not(r.shown, "an open cycle: each new answer would show as a change");
	cr_expect_eq(r.strengths.n, 0);
	cr_expect_eq(r.n_groups, 0);
	for (size_t i = 0; i < r.n_items; i++)
		cr_expect(isnan(r.others[i].mean) && r.others[i].n == 0);
	feedback_report_release(&r);
}

Test(feedback, strengths_are_listed_sorted_not_in_the_order_they_came)
{
	colleague("peer", low, "Runs calm meetings");
	colleague("manager", mid, "Always has time");
	colleague("direct_report", high, "Knows every patient");
	struct feedback_report r;
	closed_report(&r);
	cr_assert_eq(r.strengths.n, 3);
	cr_expect_str_eq(r.strengths.v[0], "Always has time");
	cr_expect_str_eq(r.strengths.v[1], "Knows every patient");
	cr_expect_str_eq(r.strengths.v[2], "Runs calm meetings");
	feedback_report_release(&r);
}

Test(feedback, gap_kinds)
{
	cr_expect_str_eq(feedback_gap_kind(4, 3), "blind spot");
	cr_expect_str_eq(feedback_gap_kind(3, 3.99), "");
	cr_expect_str_eq(feedback_gap_kind(3.1, 2.2), "");
	cr_expect_str_eq(feedback_gap_kind(1, 2.5), "hidden strength");
	cr_expect_str_eq(feedback_gap_kind(NAN, 2), "");
	cr_expect_str_eq(feedback_gap_kind(2, NAN), "");
}

Test(feedback, answering_again_replaces)
{
	char token[TOKEN_CHARS], key[65];
	struct error err;
	cr_assert_eq(feedback_invite(s, &cycle, "Sam", token, &err), 0);
	token_hash(token, key);
	struct feedback_answer_input a[1] = {{"RL1", "1"}};
	cr_assert_eq(feedback_submit(s, &cycle, rl, key, "peer", a, 1, NULL, NULL, 0, &err), 0, "%s", err.msg);
	a[0].score = "4";
	cr_assert_eq(feedback_submit(s, &cycle, rl, key, "peer", a, 1, NULL, NULL, 0, &err), 0, "%s", err.msg);
	colleague("peer", low, NULL);
	colleague("peer", low, NULL);
	struct feedback_report r;
	closed_report(&r);
	cr_expect_eq(r.n_others, 3);
	cr_expect_float_eq(r.others[0].mean, (4.0 + 1 + 1) / 3, 1e-9);
	feedback_report_release(&r);
}

Test(feedback, bad_answers_write_nothing)
{
	struct error err;
	char key[] = "k-bad";
	struct feedback_answer_input bad_level[2] = {{"RL1", "2"}, {"RL2", "7"}};
	cr_expect_eq(feedback_submit(s, &cycle, rl, key, "peer", bad_level, 2, NULL, NULL, 0, &err), -1);
	cr_expect(strstr(err.msg, "RL2: \"7\" is not a level"), "%s", err.msg);
	struct feedback_answer_input bad_item[1] = {{"RL9", "2"}};
	cr_expect_eq(feedback_submit(s, &cycle, rl, key, "peer", bad_item, 1, NULL, NULL, 0, &err), -1);
	cr_expect(strstr(err.msg, "RL9"), "%s", err.msg);
	struct feedback_answer_input ok[1] = {{"RL1", "2"}};
	cr_expect_eq(feedback_submit(s, &cycle, rl, key, "boss", ok, 1, NULL, NULL, 0, &err), -1);
	cr_expect_eq(feedback_submit(s, &cycle, rl, key, "self", ok, 1, NULL, NULL, 0, &err), -1,
		     "a colleague cannot claim to be the leader");
	struct feedback_report r;
	cr_assert_eq(feedback_report_compute(s, &cycle, rl, &r, &err), 0);
	cr_expect_eq(r.n_others, 0);
	feedback_report_release(&r);
}

Test(feedback, only_the_owner_or_a_share_may_read)
{
	struct error err;
	bool may;
	cr_assert_eq(feedback_may_read(s, &cycle, &leader, &may, &err), 0);
	cr_expect(may);
	cr_assert_eq(feedback_may_read(s, &cycle, &other, &may, &err), 0);
	cr_expect_not(may, "a site administrator may not read someone's 360 unshared");
	cr_assert_eq(feedback_share(s, &actor_cli, &cycle, "ada@example.org", true, &err), 0, "%s", err.msg);
	cr_assert_eq(feedback_may_read(s, &cycle, &other, &may, &err), 0);
	cr_expect(may);
	cr_assert_eq(feedback_share(s, &actor_cli, &cycle, "ada@example.org", false, &err), 0);
	cr_assert_eq(feedback_may_read(s, &cycle, &other, &may, &err), 0);
	cr_expect_not(may);
	cr_expect_eq(feedback_share(s, &actor_cli, &cycle, "nobody@example.org", true, &err), -1);
}

Test(feedback, team_instruments_refused)
{
	struct error err;
	int64_t id;
	const struct instrument *grid = catalog_find(cat, "pch-development-grid", 0);
	cr_expect_eq(feedback_cycle_create(s, &actor_cli, &leader, grid, "x", &id, &err), -1);
	cr_expect(strstr(err.msg, "rates a team"), "%s", err.msg);
	const struct instrument *pp = catalog_find(cat, "positive-practices", 0);
	cr_expect_eq(feedback_cycle_create(s, &actor_cli, &leader, pp, "Practices", &id, &err), 0, "%s", err.msg);
}

struct due_count {
	const char *by;
	int due, n;
};

static int
count_goal(void *ctx, const struct pdp_goal *g)
{
	struct due_count *c = ctx;
	c->n++;
	c->due += pdp_goal_due(g, c->by);
	return 0;
}

Test(feedback, plans_are_private_and_reminders_due)
{
	struct error err;
	int64_t a, b;
	struct pdp_goal_input bad = {"Coach more", NULL, NULL, NULL, "2026-13-01"};
	cr_expect_eq(pdp_goal_add(s, &leader, &bad, &a, &err), -1);
	cr_expect(strstr(err.msg, "not a date"), "%s", err.msg);
	struct pdp_goal_input g1 = {"Coach more", "relational-leadership RL3", "Open questions", "Chris", "2026-12-01"};
	struct pdp_goal_input g2 = {"Seek coaching", NULL, NULL, NULL, "2027-06-01"};
	cr_assert_eq(pdp_goal_add(s, &leader, &g1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pdp_goal_add(s, &leader, &g2, &b, &err), 0, "%s", err.msg);
	struct due_count c = {"2026-12-07", 0, 0};
	cr_assert_eq(pdp_goals_each(s, leader.id, count_goal, &c, &err), 0);
	cr_expect_eq(c.n, 2);
	cr_expect_eq(c.due, 1);
	cr_assert_eq(pdp_goal_update(s, &leader, a, "2026-12-01", "achieved", &err), 0, "%s", err.msg);
	c = (struct due_count){"2026-12-07", 0, 0};
	cr_assert_eq(pdp_goals_each(s, leader.id, count_goal, &c, &err), 0);
	cr_expect_eq(c.due, 0, "an achieved goal is not due");
	cr_expect_eq(pdp_review_add(s, &other, a, "2026-12-01", "not mine", &err), -1, "someone else's goal");
	cr_expect_eq(pdp_goal_update(s, &leader, a, NULL, "finished", &err), -1);
	bool may;
	cr_assert_eq(pdp_may_read(s, leader.id, &other, &may, &err), 0);
	cr_expect_not(may);
	cr_assert_eq(pdp_share(s, &actor_cli, &leader, "ada@example.org", true, &err), 0, "%s", err.msg);
	cr_assert_eq(pdp_may_read(s, leader.id, &other, &may, &err), 0);
	cr_expect(may);
}
