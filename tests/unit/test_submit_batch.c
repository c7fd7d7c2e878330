/* test_submit_batch.c - a writer batch of whole submissions ends as the same submissions one at a time would
 * (on PostgreSQL the batch is one statement, Q_RESPONSE_SUBMIT_ROWS, which works out in order what each
 * submission reads and writes): who is counted against the smallest group, the shared-link count, revisions
 * and answers; and where the batch cannot foresee a refusal, the writer runs it again one at a time. On SQLite
 * and (make check) PostgreSQL. */
#include <criterion/criterion.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "helpers.h"
#include "store/store.h"
#include "store/writer.h"

static char *where;
static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;
static const struct instrument *ins;

static void
setup(void)
{
	store_fixture_open("batch.db", FIXTURE_UNITS, &where, &s, &tree, &cat);
	ins = catalog_find(cat, "pch-getting-started", 0);
	struct error err;
	/* Three: the rounds below cross it several times within one batch. */
	cr_assert_eq(min_group_size_set(s, &actor_cli, unit_by_code(&tree, "R"), 3, &err), 0, "%s", err.msg);
}

static void
teardown(void)
{
	store_fixture_close(where, s, &tree, cat);
}

TestSuite(submit_batch, .init = setup, .fini = teardown);

static struct round
new_round(const char *title, long headcount)
{
	struct error err;
	int64_t id;
	struct round r;
	cr_assert_eq(round_create(s, &actor_cli, unit_by_code(&tree, "H"), ins, title, "survey", "none", "2026-01-01",
				  "2099-12-31", &id, &err), 0, "%s", err.msg);
	cr_assert_eq(round_get(s, id, &r, &err), 1);
	cr_assert_eq(round_headcount_set(s, &actor_cli, &r, "H", headcount, &err), 0, "%s", err.msg);
	cr_assert_eq(round_get(s, id, &r, &err), 1);
	return r;
}

/* One submission of a scenario: to round 0 or 1, by respondent WHO (a letter), through a shared link or not,
 * scoring the first element SCORE. */
struct step {
	int round;
	char who;
	bool shared;
	const char *score;
};

struct job {
	struct round *round;
	struct invitation inv;
	char key[65];
	struct answer_input answer;
	struct whole_reads reads;
	bool created;
	struct write_job wj;
};

static int
job_run(struct store *st, void *vctx, struct error *err)
{
	struct job *j = vctx;
	return response_submit_whole(st, ins, j->round, &j->inv, j->key, "gp", &j->answer, 1, NULL, 0, &j->created,
				     err);
}

static int
job_queue(struct store *st, void *vctx, struct error *err)
{
	struct job *j = vctx;
	return response_whole_queue(st, ins, j->round, &j->inv, j->key, "gp", &j->answer, 1, NULL, 0, &j->reads,
				    err);
}

static int
job_judge(struct store *st, void *vctx, struct error *err)
{
	struct job *j = vctx;
	return response_whole_judge(st, &j->reads, &j->created, err);
}

static sem_t started, hold, finished;

static int
held_run(struct store *st, void *vctx, struct error *err)
{
	(void)st, (void)vctx, (void)err;
	sem_post(&started);
	sem_wait(&hold);
	return 0;
}

static void
job_done(struct write_job *wj)
{
	(void)wj;
	sem_post(&finished);
}

/* The respondent key of WHO in run RUN (each run its own people). */
static void
key_of(char run, char who, char key[65])
{
	char token[TOKEN_CHARS];
	snprintf(token, sizeof token, "batch-test-%c-%c-%0*d", run, who, 20, 0);
	struct error err;
	cr_assert_eq(respondent_key(s, token, key, &err), 0, "%s", err.msg);
}

static void
job_of(struct job *j, struct round *rounds, char run, const struct step *st)
{
	*j = (struct job){.round = &rounds[st->round]};
	snprintf(j->inv.kind, sizeof j->inv.kind, "%s", st->shared ? "shared" : "personal");
	key_of(run, st->who, j->key);
	j->answer = (struct answer_input){ins->domains[0].items[0].code, st->score, NULL};
	j->wj = (struct write_job){.run = job_run, .queue = job_queue, .judge = job_judge, .ctx = j, .done = job_done};
}

/* Runs STEPS one at a time in RUN's rounds (*RESULTS: 0 or -1 each). */
static void
one_at_a_time(struct round *rounds, const struct step *steps, size_t n, int *results)
{
	for (size_t i = 0; i < n; i++) {
		struct job j;
		job_of(&j, rounds, 'o', &steps[i]);
		struct error err;
		results[i] = job_run(s, &j, &err);
	}
}

/* Runs STEPS as one writer batch (queued behind a held job so that they form one) in RUN's rounds: *RESULTS
 * as the writer reported them; the number of batches the writer ran again one at a time. */
static unsigned long long
as_one_batch(struct round *rounds, const struct step *steps, size_t n, int *results)
{
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 64, &err), 0, "%s", err.msg);
	sem_init(&started, 0, 0);
	sem_init(&hold, 0, 0);
	sem_init(&finished, 0, 0);
	struct write_job held = {.run = held_run, .done = job_done};
	writer_submit(w, &held);
	sem_wait(&started);
	struct job *jobs = calloc(n, sizeof *jobs);
	for (size_t i = 0; i < n; i++) {
		job_of(&jobs[i], rounds, 'b', &steps[i]);
		writer_submit(w, &jobs[i].wj);
	}
	sem_post(&hold);
	for (size_t i = 0; i <= n; i++)
		sem_wait(&finished);
	struct writer_stats stats;
	writer_stats(w, &stats);
	writer_free(w);
	for (size_t i = 0; i < n; i++)
		results[i] = jobs[i].wj.result;
	free(jobs);
	sem_destroy(&finished);
	sem_destroy(&hold);
	sem_destroy(&started);
	cr_expect_eq(stats.batches, 2, "the held job, then the rest as one batch");
	return stats.careful;
}

/* What is stored of RUN's respondent WHO and its answer: "submitted,counted,revision,score", or "none". */
static char *
stored(char run, char who)
{
	char key[65], sql[400];
	key_of(run, who, key);
	snprintf(sql, sizeof sql,
		 "SELECT submitted || ',' || counted || ',' || revision || ',' || "
		 "coalesce((SELECT min(score) FROM answer WHERE response_id = response.id), -1) "
		 "FROM response WHERE respondent_key = '%s'",
		 key);
	char *v = test_db_scalar(where, sql);
	return v ? v : strdup("none");
}

static char *
round_state(const struct round *r)
{
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT shared_answers || ',' || coalesce(answers_from, '-') FROM round WHERE id = %lld",
		 (long long)r->id);
	return test_db_scalar(where, sql);
}

/* Before the scenario, in both runs' rounds: A waiting (submitted, not yet counted) in round 0, and B's
 * draft (started, not submitted) in round 1. */
static void
before(struct round *rounds, char run)
{
	struct error err;
	struct job a;
	struct step sa = {0, 'A', false, "1"};
	job_of(&a, rounds, run, &sa);
	cr_assert_eq(job_run(s, &a, &err), 0, "%s", err.msg);
	char key[65];
	key_of(run, 'B', key);
	struct survey_response resp;
	cr_assert_eq(response_start(s, rounds[1].id, key, "gp", &resp, &err), 0, "%s", err.msg);
}

/* STEPS one at a time and as one batch, each from the same start in rounds of its own: the same outcome for
 * every submission, the same stored responses and rounds. The batches run again one at a time: returned. */
static unsigned long long
same_as_one_at_a_time(const struct step *steps, size_t n, long headcount)
{
	struct round alone[2] = {new_round("Alone 0", headcount), new_round("Alone 1", headcount)};
	struct round batch[2] = {new_round("Batch 0", headcount), new_round("Batch 1", headcount)};
	before(alone, 'o');
	before(batch, 'b');
	int *want = calloc(n, sizeof *want), *got = calloc(n, sizeof *got);
	one_at_a_time(alone, steps, n, want);
	unsigned long long careful = as_one_batch(batch, steps, n, got);
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(got[i], want[i], "submission %zu (%c): %d in the batch, %d one at a time", i, steps[i].who,
			     got[i], want[i]);
	for (const char *who = "ABCDEFGHIJKLMN"; *who; who++) {
		char *o = stored('o', *who), *b = stored('b', *who);
		cr_expect_str_eq(b, o, "respondent %c: \"%s\" in the batch, \"%s\" one at a time", *who, b, o);
		free(o);
		free(b);
	}
	for (int r = 0; r < 2; r++) {
		char *o = round_state(&alone[r]), *b = round_state(&batch[r]);
		cr_expect_str_eq(b, o, "round %d: \"%s\" in the batch, \"%s\" one at a time", r, b, o);
		free(o);
		free(b);
	}
	free(want);
	free(got);
	return careful;
}

Test(submit_batch, crossing_the_smallest_group_several_times_in_one_batch_counts_as_one_at_a_time)
{
	/* Round 0 crosses three at its third row (A, waiting before, submitted again: not one more) and again
	 * three rows later; round 1 from B's draft at its third row; the last of each waits. */
	static const struct step steps[] = {
		{0, 'C', true, "1"},  {1, 'B', false, "2"}, {0, 'A', false, "3"}, {0, 'D', true, "1"},
		{1, 'E', true, "2"},  {0, 'F', true, "3"},  {0, 'G', true, "1"},  {1, 'H', true, "2"},
		{0, 'I', true, "3"},  {1, 'J', true, "1"},  {0, 'K', false, "2"},
	};
	unsigned long long careful = same_as_one_at_a_time(steps, sizeof steps / sizeof *steps, 100);
	cr_expect_eq(careful, 0, "every submission accepted: the batch commits at once");
	char *c = stored('b', 'K');
	cr_expect(!strncmp(c, "1,0,", 4), "the last of round 0 waits for two more: %s", c);
	free(c);
	c = stored('b', 'A');
	cr_expect(!strncmp(c, "1,1,", 4), "submitted again before the crossing, counted with it: %s", c);
	free(c);
}

Test(submit_batch, what_one_at_a_time_would_refuse_is_refused_alone)
{
	/* C twice (the second while C still waits: taken), A again after round 0 crossed (counted: refused), and
	 * a shared link over round 1's headcount of 3 shared answers (refused; a personal link after it is not). */
	static const struct step steps[] = {
		{0, 'C', true, "1"}, {0, 'C', true, "2"}, {0, 'D', true, "3"}, {0, 'A', false, "1"},
		{1, 'E', true, "2"}, {1, 'F', true, "3"}, {1, 'G', true, "1"}, {1, 'H', true, "2"},
		{1, 'B', false, "3"},
	};
	unsigned long long careful = same_as_one_at_a_time(steps, sizeof steps / sizeof *steps, 3);
	cr_expect_geq(careful, store_has_query(s, Q_RESPONSE_SUBMIT_ROWS) ? 1 : 0);
	char *c = stored('b', 'C');
	size_t len = strlen(c);
	cr_expect(!strncmp(c, "1,1,", 4) && len > 2 && !strcmp(c + len - 2, ",2"),
		  "C's second submission replaced its first, and D's crossing counted it: %s", c);
	free(c);
}
