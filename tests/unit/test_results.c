/* test_results.c - rounds and their results through the domain layer: answers are checked before anything
 * is stored, stale revisions are refused, and the results apply the small-group rule (merging into
 * "other", complementary suppression) and the round's minimum, with the statistics worked by hand. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/results.h"
#include "domain/round.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"

static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;
static const struct instrument *ins;
static struct round r;

static void
setup(void)
{
	temp_dir_setup();
	char *path = test_db_where("r.db");
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	free(path);
	const char *csv = "code,name,type,parent_code\nR,Region,region,\nH,Home,pch,R\n";
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(unit_import_csv(s, &actor_cli, csv, strlen(csv), "setup", &problems, &err), 2);
	cr_assert_eq(unit_tree_load(s, &tree, &err), 0);
	cat = catalog_new();
	catalog_load_builtin(cat, &problems);
	ins = catalog_find(cat, "pch-getting-started", 0);
	int64_t id;
	cr_assert_eq(round_create(s, &actor_cli, unit_by_code(&tree, "H"), ins, "Test", "survey_consensus", "domain",
				  "2026-01-01", "2099-12-31", &id, &err), 0, "%s", err.msg);
	cr_assert_eq(round_get(s, id, &r, &err), 1);
	/* The statistics below are of every answer, as at close; counting in steps has tests of its own. */
	r.closed_early = true;
}

static void
teardown(void)
{
	catalog_free(cat);
	unit_tree_release(&tree);
	store_close(s);
	temp_dir_teardown();
}

TestSuite(results, .init = setup, .fini = teardown);

/* A new respondent's response, started with GROUP. */
static struct survey_response
started(const char *group)
{
	char token[TOKEN_CHARS], key[65];
	struct error err;
	struct survey_response resp;
	token_new(token);
	cr_assert_eq(respondent_key(s, token, key, &err), 0);
	cr_assert_eq(response_start(s, r.id, key, group, &resp, &err), 0, "%s", err.msg);
	return resp;
}

/* One submitted response from GROUP scoring every element SCORE ("dk" allowed), energy E on domain C, and
 * COMMENT (or NULL) on the first element. */
static void
respond_saying(const char *group, const char *score, const char *energy, const char *comment)
{
	struct error err;
	struct survey_response resp = started(group);
	struct answer_input a[32];
	size_t n = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, n++)
			a[n] = (struct answer_input){ins->domains[d].items[j].code, score, n == 0 ? comment : NULL};
	struct energy_input e[] = {{"C", energy}};
	bool stale;
	cr_assert_eq(response_save(s, ins, &r, &resp, resp.revision, a, n, e, 1, &stale, &err), 0, "%s", err.msg);
	struct invitation none = {0};
	none.round_id = r.id;
	cr_assert_eq(response_submit(s, &resp, resp.revision + 1, &none, &stale, &err), 0, "%s", err.msg);
}

static void
respond(const char *group, const char *score, const char *energy)
{
	respond_saying(group, score, energy, NULL);
}

/* The smallest number of people a region may set: three. */
static void
minimum_three(void)
{
	struct error err;
	cr_assert_eq(min_group_size_set(s, &actor_cli, unit_by_code(&tree, "R"), 3, &err), 0, "%s", err.msg);
}

static const struct group_result *
group(const struct results *res, const char *code)
{
	for (size_t g = 0; g < res->n_groups; g++)
		if (strcmp(res->groups[g].code, code) == 0)
			return &res->groups[g];
	return NULL;
}

static void
compute(struct results *res)
{
	struct error err;
	cr_assert_eq(results_compute(s, &r, unit_by_code(&tree, "H"), ins, res, &err), 0, "%s", err.msg);
}

Test(results, statistics_and_priorities_by_hand)
{
	minimum_three();
	respond("gp", "1", "2");
	respond("gp", "3", "2");
	respond("nurse", "dk", "0");
	struct results res;
	compute(&res);
	cr_expect_eq(res.respondents, 3);
	const struct item_result *c1 = &res.items[0];
	cr_expect_str_eq(c1->item->code, "C1");
	cr_expect_eq(c1->st.n, 2);
	cr_expect_eq(c1->dont_know, 1);
	cr_expect_float_eq(c1->st.mean, 2.0, 1e-12);
	cr_expect_eq(c1->counts[1], 1);
	cr_expect_eq(c1->counts[3], 1);
	/* s^2 = 2, sigma_E^2 = (25 - 1) / 12 = 2: rwg = 0. */
	cr_expect_float_eq(c1->st.rwg, 0.0, 1e-12);
	/* Energy on domain C: (2 + 2 + 0) / 3 = 4/3; maturity 2/4 = 0.5; priority 0.5 x (4/3)/2 = 1/3. */
	cr_expect_float_eq(c1->energy, 4.0 / 3.0, 1e-12);
	cr_expect_float_eq(c1->priority, 1.0 / 3.0, 1e-12);
	cr_expect(isnan(res.items[4].energy), "domain G was not asked about energy");
	results_release(&res);
}

Test(results, small_groups_merge_into_other_and_other_pulls_in_the_smallest)
{
	for (int i = 0; i < 6; i++)
		respond("gp", "2", "1");
	for (int i = 0; i < 5; i++)
		respond("nurse", "3", "1");
	respond("admin", "1", "1");
	respond("admin", "1", "1");
	respond("manager", "0", "1");
	struct results res;
	compute(&res);
	cr_expect_eq(res.min_group, 5);
	cr_expect_not_null(group(&res, "gp"));
	cr_expect_null(group(&res, "admin"));
	cr_expect_null(group(&res, "manager"));
	/* admin 2 + manager 1 = 3 < 5: nurse (5, the smallest shown) joins "other", making 8. */
	cr_expect_null(group(&res, "nurse"));
	const struct group_result *other = group(&res, "other");
	cr_assert_not_null(other);
	cr_expect_eq(other->respondents, 8);
	cr_expect_float_eq(other->item_mean[0], (5 * 3 + 2 * 1 + 0) / 8.0, 1e-12);
	cr_expect_eq(res.hidden, 0);
	cr_expect_float_eq(res.items[0].group_gap, fabs(2.0 - 17.0 / 8.0), 1e-12);
	results_release(&res);
}

Test(results, a_round_under_the_minimum_shows_nothing_but_its_count)
{
	struct error err;
	cr_assert_eq(consensus_record(s, &actor_cli, &r, "H", ins, "C1", "team", "2", NULL, &err), 0, "%s", err.msg);
	for (int people = 1; people <= 4; people++) {
		respond_saying(people % 2 ? "gp" : "nurse", "3", "2", "Only I would write this");
		struct results res;
		compute(&res);
		cr_expect_eq(res.respondents, (size_t)people, "the count is shown");
		cr_expect(res.withheld, "%d of 5: withheld", people);
		cr_expect_eq(res.n_groups, 0);
		cr_expect(isnan(res.alpha_interval) && isnan(res.alpha_ordinal));
		for (size_t i = 0; i < res.n_items; i++) {
			const struct item_result *it = &res.items[i];
			cr_expect_eq(it->st.n, 0);
			cr_expect(isnan(it->st.mean) && isnan(it->energy) && isnan(it->priority) &&
				  isnan(it->group_gap));
			cr_expect_eq(it->comments.n, 0, "no comment of a small round");
			cr_expect_eq(it->dont_know, 0);
			for (size_t l = 0; l < ins->n_levels; l++)
				cr_expect_eq(it->counts[l], 0, "no distribution");
		}
		for (size_t d = 0; d < ins->n_domains; d++)
			cr_expect(isnan(res.domains[d].mean) && isnan(res.domains[d].energy) &&
				  res.domains[d].by_respondent.n == 0);
		cr_expect(res.items[0].has_consensus && res.items[0].consensus == 2,
			  "the team's agreed level still shows");
		size_t n;
		free(results_priorities(&res, 7, &n));
		cr_expect_eq(n, 0, "no priorities either");
		results_release(&res);
	}
	respond("gp", "3", "2");
	struct results res;
	compute(&res);
	cr_expect_not(res.withheld, "from five people the results show");
	cr_expect_float_eq(res.items[0].st.mean, 3.0, 1e-12);
	cr_expect_eq(res.items[0].comments.n, 4);
	results_release(&res);
}

Test(results, comments_are_listed_sorted_not_in_submission_order)
{
	const char *said[] = {"Zebra crossing outside", "Agendas come late", "Meetings run over", "Bring back huddles",
			      "Nobody reads the minutes"};
	for (int i = 0; i < 5; i++)
		respond_saying("gp", "2", "1", said[i]);
	struct results res;
	compute(&res);
	const struct strvec *c = &res.items[0].comments;
	cr_assert_eq(c->n, 5);
	cr_expect_str_eq(c->v[0], "Agendas come late");
	for (size_t i = 1; i < c->n; i++)
		cr_expect(strcmp(c->v[i - 1], c->v[i]) <= 0, "\"%s\" before \"%s\"", c->v[i - 1], c->v[i]);
	results_release(&res);
}

Test(results, a_response_is_shown_in_the_group_results_show_it_in)
{
	for (int i = 0; i < 6; i++)
		respond("gp", "2", "1");
	respond("pharmacist", "1", "1");
	respond("admin", "1", "1");
	respond("manager", "0", "1");
	for (int i = 0; i < 5; i++)
		respond("nurse", "3", "1");
	struct results res;
	compute(&res);
	cr_expect_str_eq(results_group_shown(&res, "gp"), "gp");
	cr_expect_str_eq(results_group_shown(&res, "pharmacist"), "other", "a group of one is never named");
	cr_expect_str_eq(results_group_shown(&res, "no-longer-a-group"), "other");
	/* pharmacist, admin, manager: 3 < 5, so the smallest shown group (nurse) joins them. */
	cr_expect_str_eq(results_group_shown(&res, "nurse"), "other");
	results_release(&res);
}

Test(results, the_region_sets_the_smallest_group_never_below_three)
{
	struct error err;
	const struct unit *region = unit_by_code(&tree, "R");
	cr_expect_eq(min_group_size_set(s, &actor_cli, region, 2, &err), -1);
	cr_expect(strstr(err.msg, "from 3 to 100") != NULL, "%s", err.msg);
	cr_expect_eq(min_group_size_set(s, &actor_cli, unit_by_code(&tree, "H"), 4, &err), -1, "only for a region");
	cr_assert_eq(min_group_size_set(s, &actor_cli, region, 3, &err), 0, "%s", err.msg);
	for (int i = 0; i < 3; i++)
		respond("gp", "2", "1");
	for (int i = 0; i < 3; i++)
		respond("nurse", "3", "1");
	struct results res;
	compute(&res);
	cr_expect_eq(res.min_group, 3);
	cr_expect_not_null(group(&res, "gp"));
	cr_expect_not_null(group(&res, "nurse"));
	results_release(&res);
}

Test(results, bad_answers_and_stale_forms_store_nothing)
{
	struct error err;
	struct survey_response resp = started("gp");
	bool stale;
	struct answer_input bad_score[] = {{"C1", "2", NULL}, {"C2", "9", NULL}};
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, bad_score, 2, NULL, 0, &stale, &err), -1);
	cr_expect_str_eq(err.msg, "C2: \"9\" is not a level of the scale");
	struct answer_input unknown[] = {{"Z9", "2", NULL}};
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, unknown, 1, NULL, 0, &stale, &err), -1);
	cr_expect_str_eq(err.msg, "\"Z9\" is not an element of this instrument");
	struct energy_input bad_energy[] = {{"C", "5"}};
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, NULL, 0, bad_energy, 1, &stale, &err), -1);
	struct energy_input wrong_target[] = {{"C1", "1"}};
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, NULL, 0, wrong_target, 1, &stale, &err), -1);
	cr_expect(strstr(err.msg, "is not a domain") != NULL, "%s", err.msg);
	struct answer_input good[] = {{"C1", "2", "fine"}};
	cr_assert_eq(response_save(s, ins, &r, &resp, resp.revision, good, 1, NULL, 0, &stale, &err), 0);
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, good, 1, NULL, 0, &stale, &err), -1, "replayed");
	cr_expect(stale);
	long submitted;
	cr_assert_eq(round_counts(s, r.id, &submitted, &err), 0);
	cr_expect_eq(submitted, 0);
	struct results res;
	compute(&res);
	cr_expect_eq(res.respondents, 0, "not submitted: not counted");
	results_release(&res);
}

Test(results, consensus_and_calibration_sit_beside_the_survey)
{
	struct error err;
	respond("gp", "2", "1");
	cr_assert_eq(consensus_record(s, &actor_cli, &r, "H", ins, "C4", "team", "3", "Checked against list sizes",
				      &err),
		     0, "%s", err.msg);
	cr_assert_eq(consensus_record(s, &actor_cli, &r, "H", ins, "C4", "coach", "2", NULL, &err), 0);
	cr_expect_eq(consensus_record(s, &actor_cli, &r, "H", ins, "C4", "team", "7", NULL, &err), -1);
	cr_expect_eq(consensus_record(s, &actor_cli, &r, "H", ins, "Q1", "team", "1", NULL, &err), -1);
	cr_expect_eq(evidence_add_file(s, &actor_cli, &r, ins, "C4", "list.exe", "MZ", 2, &err), -1);
	cr_expect(strstr(err.msg, "PDF, PNG, JPEG") != NULL, "%s", err.msg);
	cr_expect_eq(evidence_add_file(s, &actor_cli, &r, ins, "C4", "sizes.png", "not a png", 9, &err), -1);
	cr_expect(strstr(err.msg, "does not hold what its name says") != NULL, "%s", err.msg);
	cr_expect_eq(evidence_add_file(s, &actor_cli, &r, ins, "C4", "sizes.csv", "practice,size\nA,100\n", 20, &err),
		     0);
	cr_expect_eq(evidence_add_file(s, &actor_cli, &r, ins, "C4", "nul.txt", "a\0b", 3, &err), -1,
		     "text with a NUL");
	struct results res;
	compute(&res);
	const struct item_result *c4 = &res.items[3];
	cr_expect(c4->has_consensus && c4->consensus == 3);
	cr_expect_str_eq(c4->consensus_note, "Checked against list sizes");
	cr_expect(c4->has_coach && c4->coach == 2);
	cr_expect_null(c4->coach_note);
	results_release(&res);
}

struct kept {
	char comment[200];
	long score;
	bool dont_know;
	int n;
};

static int
keep_c1(void *vctx, const struct saved_answer *a)
{
	struct kept *k = vctx;
	k->n++;
	if (strcmp(a->item_code, "C1") == 0) {
		snprintf(k->comment, sizeof k->comment, "%s", a->comment ? a->comment : "(none)");
		k->score = a->score;
		k->dont_know = a->dont_know;
	}
	return 0;
}

static int
count_energy(void *vctx, const char *target, int level)
{
	(void)target;
	*(int *)vctx += level + 1;
	return 0;
}

/* A page's answers go in as one JSON array: quotes, backslashes, new lines and accents come back as given;
 * a cleared answer is deleted; a comment alone is kept as don't know; energy is set and cleared. */
Test(results, a_pages_answers_are_kept_exactly_and_cleared_ones_removed)
{
	struct error err;
	struct survey_response resp = started("gp");
	bool stale;
	const char *odd = "She said \"more huddles\"\\, then:\nnaïve café; 50% — {\"json\": [1]}";
	struct answer_input first[] = {{"C1", "3", odd}, {"C2", "2", NULL}, {"C3", "", "only a comment"}};
	struct energy_input high[] = {{"C", "2"}};
	cr_assert_eq(response_save(s, ins, &r, &resp, resp.revision, first, 3, high, 1, &stale, &err), 0, "%s",
		     err.msg);
	struct kept k = {.n = 0};
	cr_assert_eq(response_answers_each(s, resp.id, keep_c1, &k, &err), 0);
	cr_expect_eq(k.n, 3);
	cr_expect_str_eq(k.comment, odd);
	cr_expect_eq(k.score, 3);
	int energy = 0;
	response_energy_each(s, resp.id, count_energy, &energy, &err);
	cr_expect_eq(energy, 3);
	/* The next save clears C2 and the energy, and makes C1 don't know. */
	struct answer_input second[] = {{"C1", "dk", NULL}, {"C2", "", NULL}};
	struct energy_input none[] = {{"C", ""}};
	cr_assert_eq(response_save(s, ins, &r, &resp, resp.revision + 1, second, 2, none, 1, &stale, &err), 0, "%s",
		     err.msg);
	k = (struct kept){.n = 0};
	response_answers_each(s, resp.id, keep_c1, &k, &err);
	cr_expect_eq(k.n, 2, "C1 and C3 remain");
	cr_expect(k.dont_know);
	cr_expect_str_eq(k.comment, "(none)");
	energy = 0;
	response_energy_each(s, resp.id, count_energy, &energy, &err);
	cr_expect_eq(energy, 0);
}

/* The results of round ID as stored (open, closed, reopened), into RES. */
static void
compute_stored(int64_t id, struct results *res)
{
	struct error err;
	struct round now;
	cr_assert_eq(round_get(s, id, &now, &err), 1);
	cr_assert_eq(results_compute(s, &now, unit_by_code(&tree, "H"), ins, res, &err), 0, "%s", err.msg);
}

Test(results, an_open_round_counts_answers_in_steps_of_the_minimum)
{
	struct results res;
	for (int people = 1; people <= 4; people++) {
		respond("gp", "3", "2");
		compute_stored(r.id, &res);
		cr_expect_eq(res.respondents, 0, "%d waiting: none counted, nor how many", people);
		cr_expect(res.withheld && res.in_steps);
		results_release(&res);
	}
	respond("gp", "3", "2");
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 5, "the fifth counts all five");
	cr_expect_float_eq(res.items[0].st.mean, 3.0, 1e-12);
	results_release(&res);
	respond("nurse", "1", "0");
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 5, "one more answer moves nothing");
	cr_expect_float_eq(res.items[0].st.mean, 3.0, 1e-12);
	results_release(&res);
	compute(&res);
	cr_expect_eq(res.respondents, 6, "closed, every answer counts");
	results_release(&res);
}

Test(results, after_a_reopen_later_answers_join_only_in_steps_also_once_closed_again)
{
	struct error err;
	struct round now;
	struct results res;
	for (int people = 1; people <= 7; people++)
		respond("gp", "3", "2");
	cr_assert_eq(round_get(s, r.id, &now, &err), 1);
	cr_assert_eq(round_close(s, &actor_cli, &now, "H", &err), 0, "%s", err.msg);
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 7, "at the first close every answer counts");
	cr_expect_not(res.in_steps);
	results_release(&res);
	cr_assert_eq(round_get(s, r.id, &now, &err), 1);
	cr_assert_eq(round_reopen(s, &actor_cli, &now, "H", &err), 0, "%s", err.msg);
	respond("nurse", "1", "0");
	cr_assert_eq(round_get(s, r.id, &now, &err), 1);
	cr_assert_eq(round_close(s, &actor_cli, &now, "H", &err), 0, "%s", err.msg);
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 7, "the late answer is held back");
	cr_expect(res.in_steps);
	cr_expect_float_eq(res.items[0].st.mean, 3.0, 1e-12);
	results_release(&res);
	cr_assert_eq(round_get(s, r.id, &now, &err), 1);
	cr_assert_eq(round_reopen(s, &actor_cli, &now, "H", &err), 0, "%s", err.msg);
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 7, "a second reopen counts nothing more");
	results_release(&res);
}

/* Once counted into the figures, a response's answers can no longer change (round.h): a change would move
 * them at once and tell whoever knows who changed the level left and the level taken. Before, it may. */
Test(results, a_counted_response_can_no_longer_change_before_it_may)
{
	struct error err;
	minimum_three();
	char token[TOKEN_CHARS], key[65];
	token_new(token);
	cr_assert_eq(respondent_key(s, token, key, &err), 0);
	struct survey_response resp;
	cr_assert_eq(response_start(s, r.id, key, "gp", &resp, &err), 0, "%s", err.msg);
	const char *item = ins->domains[0].items[0].code;
	struct answer_input three[] = {{item, "3", NULL}}, one[] = {{item, "1", NULL}};
	struct invitation none = {0};
	none.round_id = r.id;
	bool stale;
	cr_assert_eq(response_save(s, ins, &r, &resp, resp.revision, three, 1, NULL, 0, &stale, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(response_submit(s, &resp, resp.revision + 1, &none, &stale, &err), 0, "%s", err.msg);
	cr_assert_eq(response_find(s, r.id, key, &resp, &err), 1);
	cr_expect(resp.submitted && !resp.counted);
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, one, 1, NULL, 0, &stale, &err), 0,
		     "submitted, not counted: a change is taken (%s)", err.msg);
	cr_assert_eq(response_submit(s, &resp, resp.revision + 1, &none, &stale, &err), 0, "%s", err.msg);
	respond("gp", "2", "1");
	respond("nurse", "2", "1");
	cr_assert_eq(response_find(s, r.id, key, &resp, &err), 1);
	cr_expect(resp.counted, "three submitted with a minimum of three: all counted");
	stale = false;
	cr_expect_eq(response_save(s, ins, &r, &resp, resp.revision, three, 1, NULL, 0, &stale, &err), -1);
	cr_expect(!stale, "refused as counted, not as out of date");
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	cr_expect(strstr(err.msg, "can no longer be changed") != NULL, "%s", err.msg);
	cr_expect_eq(response_submit(s, &resp, resp.revision, &none, &stale, &err), -1);
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	struct survey_response again;
	cr_expect_eq(response_start(s, r.id, key, "nurse", &again, &err), -1, "nor its staff group");
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	bool created;
	cr_expect_eq(response_submit_whole(s, ins, &r, &none, key, "gp", three, 1, NULL, 0, &created, &err), -1,
		     "nor through the API");
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	cr_assert_eq(response_find(s, r.id, key, &again, &err), 1);
	cr_expect_eq(again.revision, resp.revision, "nothing was written");
	cr_expect_str_eq(again.staff_group, "gp");
}

/* A whole response submitted through the API (one statement on PostgreSQL, several on SQLite): as RESP,
 * under KEY. */
static void
submit_whole(const char *key, const struct answer_input *a, size_t n, const struct energy_input *e, size_t n_e,
	     struct survey_response *resp)
{
	struct error err;
	struct invitation none = {0};
	none.round_id = r.id;
	bool created;
	cr_assert_eq(response_submit_whole(s, ins, &r, &none, key, "gp", a, n, e, n_e, &created, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(response_find(s, r.id, key, resp, &err), 1);
}

Test(results, a_whole_submission_replaces_what_it_gave_and_is_counted_once_in_steps)
{
	struct error err;
	minimum_three();
	char token[TOKEN_CHARS], keys[3][65];
	for (int i = 0; i < 3; i++) {
		token_new(token);
		cr_assert_eq(respondent_key(s, token, keys[i], &err), 0);
	}
	struct answer_input first[] = {{"C1", "3", "kept"}, {"C2", "2", NULL}}, again[] = {{"C1", "1", NULL}};
	struct energy_input high[] = {{"C", "2"}};
	struct survey_response resp, before;
	submit_whole(keys[0], first, 2, high, 1, &before);
	cr_expect(before.submitted && !before.counted, "one of three: waiting");
	submit_whole(keys[0], again, 1, NULL, 0, &resp);
	cr_expect_eq(resp.revision, before.revision + 2, "as a change and a submit one at a time would leave it");
	struct kept k = {.n = 0};
	cr_assert_eq(response_answers_each(s, resp.id, keep_c1, &k, &err), 0);
	cr_expect_eq(k.n, 1, "C2, not given again, is gone");
	cr_expect_eq(k.score, 1);
	cr_expect_str_eq(k.comment, "(none)");
	int energy = 0;
	response_energy_each(s, resp.id, count_energy, &energy, &err);
	cr_expect_eq(energy, 0, "the energy, not given again, is gone");
	submit_whole(keys[1], first, 2, high, 1, &resp);
	struct results res;
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 0, "two people, the first submitted twice: still waiting");
	results_release(&res);
	submit_whole(keys[2], first, 2, high, 1, &resp);
	cr_expect(resp.counted, "the third counts itself");
	cr_assert_eq(response_find(s, r.id, keys[0], &resp, &err), 1);
	cr_expect(resp.counted, "and those waiting");
	compute_stored(r.id, &res);
	cr_expect_eq(res.respondents, 3);
	results_release(&res);
}
