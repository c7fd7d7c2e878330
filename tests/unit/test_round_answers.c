/* test_round_answers.c - a round's answers come from one source, and a shared link takes no more answers
 * than its round's headcount (domain/round_answers.h): through the domain, on SQLite and (make check)
 * PostgreSQL, including an import and an online answer racing on two connections, which can't both land. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/import.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "helpers.h"
#include "store/store.h"

static char *where;
static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;
static const struct instrument *ins;

static void
setup(void)
{
	store_fixture_open("a.db", FIXTURE_UNITS, &where, &s, &tree, &cat);
	ins = catalog_find(cat, "pch-getting-started", 0);
}

static void
teardown(void)
{
	store_fixture_close(where, s, &tree, cat);
}

TestSuite(padding, .init = setup, .fini = teardown);

static struct round
new_round(void)
{
	struct error err;
	int64_t id;
	struct round r;
	cr_assert_eq(round_create(s, &actor_cli, unit_by_code(&tree, "H"), ins, "Test", "survey", "none", "2026-01-01",
				  "2099-12-31", &id, &err), 0, "%s", err.msg);
	cr_assert_eq(round_get(s, id, &r, &err), 1);
	return r;
}

/* Imports 4 rows of known answers into R on store ST: 0 or -1 (ERR set). */
static int
import_four(struct store *st, const struct round *r, struct error *err)
{
	char csv[512];
	const char *item = ins->domains[0].items[0].code;
	snprintf(csv, sizeof csv, "respondent,staff_group,item,score\nA,gp,%s,1\nB,gp,%s,1\nC,gp,%s,1\nD,gp,%s,1\n",
		 item, item, item, item);
	struct import_options io = {0};
	struct import_report rep;
	struct strvec problems = STRVEC_INIT;
	int rc = responses_import(st, &actor_cli, r, unit_by_code(&tree, "H"), ins, csv, strlen(csv), "test", &io, &rep,
				  &problems, err);
	if (rc < 0 && problems.n)
		snprintf(err->msg, sizeof err->msg, "%s", problems.v[0]);
	strvec_clear(&problems);
	return rc;
}

/* A whole response submitted through INV on store ST: 0 or -1 (ERR set). */
static int
answer_online(struct store *st, const struct round *r, const struct invitation *inv, struct error *err)
{
	char token[TOKEN_CHARS], key[65];
	token_new(token);
	struct answer_input a[] = {{ins->domains[0].items[0].code, "1", NULL}};
	bool created;
	if (respondent_key(st, token, key, err) < 0)
		return -1;
	return response_submit_whole(st, ins, r, inv, key, "gp", a, 1, NULL, 0, &created, err);
}

/* Every response stored for R, started or submitted, counted or not (read directly: no surface shows it). */
static long
responses_of(const struct round *r)
{
	char sql[100];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM response WHERE round_id = %lld", (long long)r->id);
	char *v = test_db_scalar(where, sql);
	cr_assert(v);
	char *end;
	long n = strtol(v, &end, 10);
	cr_assert(*v && !*end, "count(*) gave \"%s\"", v);
	free(v);
	return n;
}

Test(padding, refuses_import_once_a_round_has_an_online_draft)
{
	struct round r = new_round();
	char token[TOKEN_CHARS], key[65];
	struct survey_response resp;
	struct error err;
	token_new(token);
	cr_assert_eq(respondent_key(s, token, key, &err), 0);
	cr_assert_eq(response_start(s, r.id, key, "gp", &resp, &err), 0, "%s", err.msg);
	cr_expect_eq(import_four(s, &r, &err), -1);
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	cr_expect(strstr(err.msg, "separate round for the paper answers") != NULL, "%s", err.msg);
	cr_expect_eq(responses_of(&r), 1, "nothing of the import is written");
}

Test(padding, refuses_online_answers_after_an_import)
{
	struct round r = new_round();
	struct error err;
	cr_assert_eq(round_headcount_set(s, &actor_cli, &r, "H", 10, &err), 0, "%s", err.msg);
	struct invitation shared = {.kind = "shared"}, personal = {.kind = "personal"};
	cr_assert_eq(import_four(s, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(import_four(s, &r, &err), 0, "more paper answers may follow: %s", err.msg);
	cr_expect_eq(answer_online(s, &r, &personal, &err), -1);
	cr_expect(strstr(err.msg, "paper answers only") != NULL, "%s", err.msg);
	cr_expect_eq(answer_online(s, &r, &shared, &err), -1);
	cr_expect_eq(responses_of(&r), 8, "nothing online is written");
	cr_assert_eq(round_get(s, r.id, &r, &err), 1);
	cr_expect(round_paper_only(&r));
	char token[TOKEN_CHARS];
	cr_expect_eq(invitation_create(s, &actor_cli, &r, "personal", "late", token, &err), -1,
		     "no links for a paper round");
}

Test(padding, takes_no_more_shared_answers_than_the_headcount)
{
	struct round r = new_round();
	struct error err;
	char token[TOKEN_CHARS];
	cr_expect_eq(invitation_create(s, &actor_cli, &r, "shared", "shared link", token, &err), -1);
	cr_expect(strstr(err.msg, "headcount") != NULL, "%s", err.msg);
	cr_expect_eq(round_headcount_set(s, &actor_cli, &r, "H", 0, &err), -1);
	cr_expect_eq(round_headcount_set(s, &actor_cli, &r, "H", HEADCOUNT_MAX + 1, &err), -1);
	cr_assert_eq(round_headcount_set(s, &actor_cli, &r, "H", 2, &err), 0, "%s", err.msg);
	cr_assert_eq(round_get(s, r.id, &r, &err), 1);
	cr_expect_eq(invitation_create(s, &actor_cli, &r, "shared", "shared link", token, &err), 0, "%s", err.msg);
	struct invitation shared = {.kind = "shared"}, personal = {.kind = "personal"};
	cr_expect_eq(answer_online(s, &r, &shared, &err), 0, "%s", err.msg);
	cr_expect_eq(answer_online(s, &r, &shared, &err), 0, "%s", err.msg);
	cr_expect_eq(answer_online(s, &r, &shared, &err), -1, "the third through the shared link");
	cr_expect_eq(err.kind, ERROR_CONFLICT);
	cr_expect(strstr(err.msg, "this round is full") != NULL && strstr(err.msg, "Home") != NULL, "%s", err.msg);
	cr_expect_eq(answer_online(s, &r, &personal, &err), 0, "a personal link is not counted: %s", err.msg);
	cr_assert_eq(round_get(s, r.id, &r, &err), 1);
	cr_expect(round_shared_full(&r));
	cr_expect_eq(r.shared_answers, 2);
}

/* An import and an online answer on two connections at once: one lands, the other is refused whole. */
struct racer {
	const struct round *r;
	bool import;
	pthread_barrier_t *go;
	int rc;
	struct error err;
};

static void *
race(void *vctx)
{
	struct racer *c = vctx;
	struct store *st;
	c->rc = -1;
	if (store_open(&st, where, STORE_OPEN_EXISTING, &c->err) < 0) {
		pthread_barrier_wait(c->go);
		return NULL;
	}
	struct invitation personal = {.kind = "personal"};
	pthread_barrier_wait(c->go);
	c->rc = c->import ? import_four(st, c->r, &c->err) : answer_online(st, c->r, &personal, &c->err);
	store_close(st);
	return NULL;
}

Test(padding, an_import_and_an_online_answer_racing_cannot_both_land)
{
	for (int i = 0; i < 8; i++) {
		struct round r = new_round();
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct racer a = {&r, true, &go, 0, {.kind = ERROR_INVALID}};
		struct racer b = {&r, false, &go, 0, {.kind = ERROR_INVALID}};
		pthread_t ta, tb;
		pthread_create(&ta, NULL, race, &a);
		pthread_create(&tb, NULL, race, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&go);
		cr_assert((a.rc == 0) != (b.rc == 0), "exactly one lands (import: %s; online: %s)",
			  a.rc ? a.err.msg : "landed", b.rc ? b.err.msg : "landed");
		struct error err;
		cr_assert_eq(round_get(s, r.id, &r, &err), 1);
		cr_expect_str_eq(r.answers_from, a.rc == 0 ? "import" : "online");
		cr_expect_eq(responses_of(&r), a.rc == 0 ? 4 : 1, "and nothing of the other is written");
		cr_expect_eq((a.rc ? a.err : b.err).kind, ERROR_CONFLICT, "the other is refused, not failed");
	}
}

/* One answer's column for ITEM (NULL: no such row; free it). */
static char *
stored_answer(const char *column, const char *item)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT %s FROM answer WHERE item_code = '%s'", column, item);
	return test_db_scalar(where, sql);
}

/* On PostgreSQL a whole response's answers go in as array literals (store_queue_row): no character of a comment
 * may end an element or the array, the text "NULL" stays text, and a response submitted again has exactly its
 * new answers. */
Test(padding, a_whole_response_keeps_every_character_and_a_second_one_replaces_it)
{
	struct round r = new_round();
	struct error err;
	struct invitation personal = {.kind = "personal"};
	char token[TOKEN_CHARS], key[65];
	token_new(token);
	cr_assert_eq(respondent_key(s, token, key, &err), 0);
	const char *i0 = ins->domains[0].items[0].code, *i1 = ins->domains[0].items[1].code;
	const char *odd = "a \"quoted\", {braced} back\\slash; 'single' \xc3\xa9";
	struct answer_input first[] = {{i0, "2", odd}, {i1, "dk", "NULL"}};
	bool created;
	cr_assert_eq(response_submit_whole(s, ins, &r, &personal, key, "gp", first, 2, NULL, 0, &created, &err), 0,
		     "%s", err.msg);
	cr_expect(created);
	char *v = stored_answer("comment", i0);
	cr_expect_str_eq(v ? v : "(none)", odd);
	free(v);
	v = stored_answer("comment", i1);
	cr_expect_str_eq(v ? v : "(none)", "NULL", "the text NULL, not a null");
	free(v);
	v = stored_answer("score", i0);
	cr_expect_str_eq(v ? v : "(none)", "2");
	free(v);
	struct answer_input second[] = {{i1, "1", NULL}};
	cr_assert_eq(response_submit_whole(s, ins, &r, &personal, key, "gp", second, 1, NULL, 0, &created, &err), 0,
		     "%s", err.msg);
	cr_expect(!created);
	v = stored_answer("count(*)", i0);
	cr_expect_str_eq(v ? v : "(none)", "0", "the first answer, not given again, is gone");
	free(v);
	v = stored_answer("score", i1);
	cr_expect_str_eq(v ? v : "(none)", "1");
	free(v);
	v = test_db_scalar(where, "SELECT count(*) FROM answer");
	cr_expect_str_eq(v ? v : "(none)", "1");
	free(v);
}
