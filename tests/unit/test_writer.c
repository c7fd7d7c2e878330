/* test_writer.c - the batching writer: jobs queued while one runs are committed together; a failing job is
 * undone alone with its own error; jobs in two halves are judged after one flush, and a refusal runs the batch
 * again job by job; queued jobs are finished before it stops; transactions nest. Both backends. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "store/writer.h"

TestSuite(writer, .init = temp_dir_setup, .fini = temp_dir_teardown);

static char *
fresh_db(void)
{
	char *where = test_db_where("writer.db");
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	store_close(s);
	return where;
}

struct add_unit {
	char code[16];
	bool fail_after;  /* adds the unit, then fails: the add must be undone */
	sem_t *started;   /* when set, posted once the unit is added */
	sem_t *hold;      /* when set, waits on it before returning */
	const char *user; /* when set, also queues (store_queue) adding a person of this address */
};

static int
add_unit_job(struct store *s, void *vctx, struct error *err)
{
	struct add_unit *a = vctx;
	int64_t id;
	if (store_unit_add(s, a->code, a->code, "practice", NULL, -1, NULL, &id, err) < 0)
		return -1;
	if (a->user) {
		/* Its result is not read: on PostgreSQL a failure shows at a later flush, maybe in the next job. */
		struct param p[] = {PTEXT(a->user), PTEXT(a->code), PTEXT("x"), PINT(0), PTEXT("2026-12-06T00:00:00Z")};
		if (store_queue(s, Q_USER_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
			return -1;
	}
	if (a->started)
		sem_post(a->started);
	if (a->hold)
		sem_wait(a->hold);
	if (a->fail_after)
		return error_set(err, "job %s failed on purpose", a->code);
	return 0;
}

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static int done_ok, done_failed;
static char failed_msg[1024];

static void
count_done(struct write_job *job)
{
	pthread_mutex_lock(&done_lock);
	if (job->result == 0)
		done_ok++;
	else {
		done_failed++;
		snprintf(failed_msg, sizeof failed_msg, "%s", job->err.msg);
	}
	pthread_mutex_unlock(&done_lock);
}

static long
unit_count(const char *where)
{
	char *n = test_db_scalar(where, "SELECT count(*) FROM unit");
	char *end = NULL;
	long v = n ? strtol(n, &end, 10) : -1;
	cr_assert(!n || (*n && !*end), "count(*) gave \"%s\"", n);
	free(n);
	return v;
}

enum { N_JOBS = 40 };

/* N_JOBS jobs adding units PREFIX00..: the first is started and held while the others queue behind it, then
 * let go. FAILING (or -1) names a job that fails after its insert. */
struct held_jobs {
	struct add_unit units[N_JOBS];
	struct write_job jobs[N_JOBS];
};

static void
queue_behind_a_held_job(struct writer *w, struct held_jobs *h, const char *prefix, int failing)
{
	sem_t started, hold;
	sem_init(&started, 0, 0);
	sem_init(&hold, 0, 0);
	done_ok = done_failed = 0;
	for (int i = 0; i < N_JOBS; i++) {
		h->units[i] = (struct add_unit){.fail_after = i == failing, .started = i == 0 ? &started : NULL,
						.hold = i == 0 ? &hold : NULL};
		snprintf(h->units[i].code, sizeof h->units[i].code, "%s%02d", prefix, i);
		h->jobs[i] = (struct write_job){.run = add_unit_job, .ctx = &h->units[i], .done = count_done};
	}
	writer_submit(w, &h->jobs[0]);
	sem_wait(&started);
	/* The first job is running (it waits on HOLD): the rest queue behind it and form the next batches. */
	for (int i = 1; i < N_JOBS; i++)
		writer_submit(w, &h->jobs[i]);
	sem_post(&hold);
	/* The held job no longer needs them once it has passed sem_wait; waiting for all to finish makes sure. */
	for (int waited = 0; waited < 3000; waited++) { /* at most 30 s */
		pthread_mutex_lock(&done_lock);
		bool all = done_ok + done_failed == N_JOBS;
		pthread_mutex_unlock(&done_lock);
		if (all)
			break;
		usleep(10000);
	}
	sem_destroy(&hold);
	sem_destroy(&started);
}

Test(writer, commits_jobs_queued_meanwhile_in_one_batch_and_undoes_a_failing_one_alone)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 64, &err), 0, "%s", err.msg);
	struct held_jobs h;
	queue_behind_a_held_job(w, &h, "U", 7);
	writer_stop(w);
	cr_expect_eq(done_ok, N_JOBS - 1);
	cr_expect_eq(done_failed, 1);
	cr_expect_str_eq(failed_msg, "job U07 failed on purpose");
	cr_expect_eq(h.jobs[7].result, -1);
	cr_expect_eq(unit_count(where), N_JOBS - 1);
	char *missing = test_db_scalar(where, "SELECT count(*) FROM unit WHERE code = 'U07'");
	cr_expect_str_eq(missing, "0");
	free(missing);
	struct write_job late = {.run = add_unit_job, .ctx = &(struct add_unit){.code = "LATE"}};
	cr_expect_eq(writer_run(w, &late), -1);
	cr_expect_str_eq(late.err.msg, "the server is shutting down");
	cr_expect_eq(late.err.kind, ERROR_UNAVAILABLE);
	writer_free(w);
	free(where);
}

Test(writer, a_queued_statement_failing_at_a_later_flush_fails_its_own_job_alone)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 64, &err), 0, "%s", err.msg);
	struct held_jobs h;
	/* Jobs 3 and 9 add the same address: the second breaks a unique constraint, in a statement whose failure
	 * PostgreSQL tells only at the next flush (job 10's first statement, or the COMMIT). */
	sem_t started, hold;
	sem_init(&started, 0, 0);
	sem_init(&hold, 0, 0);
	done_ok = done_failed = 0;
	for (int i = 0; i < N_JOBS; i++) {
		h.units[i] = (struct add_unit){.started = i == 0 ? &started : NULL, .hold = i == 0 ? &hold : NULL,
					       .user = i == 3 || i == 9 ? "same@example.org" : NULL};
		snprintf(h.units[i].code, sizeof h.units[i].code, "Q%02d", i);
		h.jobs[i] = (struct write_job){.run = add_unit_job, .ctx = &h.units[i], .done = count_done};
	}
	writer_submit(w, &h.jobs[0]);
	sem_wait(&started);
	for (int i = 1; i < N_JOBS; i++)
		writer_submit(w, &h.jobs[i]);
	sem_post(&hold);
	writer_stop(w); /* finishes what was queued */
	cr_expect_eq(done_ok, N_JOBS - 1);
	cr_expect_eq(done_failed, 1);
	cr_expect_eq(h.jobs[9].result, -1);
	cr_expect_eq(h.jobs[9].err.kind, ERROR_CONFLICT, "%s", h.jobs[9].err.msg);
	cr_expect_eq(h.jobs[10].result, 0, "%s", h.jobs[10].err.msg);
	cr_expect_eq(unit_count(where), N_JOBS - 1);
	char *missing = test_db_scalar(where, "SELECT count(*) FROM unit WHERE code = 'Q09'");
	cr_expect_str_eq(missing, "0");
	free(missing);
	char *users = test_db_scalar(where, "SELECT count(*) FROM app_user WHERE email = 'same@example.org'");
	cr_expect_str_eq(users, "1");
	free(users);
	sem_destroy(&hold);
	sem_destroy(&started);
	writer_free(w);
	free(where);
}

Test(writer, counts_its_batches)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 16, &err), 0, "%s", err.msg);
	struct held_jobs h;
	queue_behind_a_held_job(w, &h, "B", -1);
	struct writer_stats st;
	writer_stats(w, &st);
	/* One batch of the held job, then the 39 queued behind it cut at 16 a batch: 16, 16, 7. */
	cr_expect_eq(st.jobs, N_JOBS);
	cr_expect_eq(st.largest_batch, 16);
	cr_expect_eq(st.batches, 4);
	writer_free(w);
	cr_expect_eq(unit_count(where), N_JOBS);
	free(where);
}

Test(writer, reports_a_job_error_such_as_a_duplicate_with_its_message)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 8, &err), 0, "%s", err.msg);
	struct write_job a = {.run = add_unit_job, .ctx = &(struct add_unit){.code = "SAME"}};
	struct write_job b = {.run = add_unit_job, .ctx = &(struct add_unit){.code = "SAME"}};
	cr_expect_eq(writer_run(w, &a), 0, "%s", a.err.msg);
	cr_expect_eq(writer_run(w, &b), -1);
	cr_expect(b.err.msg[0] != '\0');
	writer_free(w);
	cr_expect_eq(unit_count(where), 1);
	free(where);
}

static int
nested_job(struct store *s, void *vctx, struct error *err)
{
	(void)vctx;
	int64_t id;
	/* A piece of the job kept whole with its own begin/commit, and another undone by its own rollback. */
	if (store_begin(s, err) < 0 || store_unit_add(s, "KEPT", "Kept", "practice", NULL, -1, NULL, &id, err) < 0 ||
	    store_commit(s, err) < 0)
		return -1;
	if (store_begin(s, err) < 0 || store_unit_add(s, "UNDONE", "Undone", "practice", NULL, -1, NULL, &id, err) < 0)
		return -1;
	store_rollback(s);
	cr_expect(store_in_transaction(s));
	return 0;
}

Test(writer, nests_transactions_as_savepoints)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 8, &err), 0, "%s", err.msg);
	struct write_job j = {.run = nested_job};
	cr_expect_eq(writer_run(w, &j), 0, "%s", j.err.msg);
	writer_free(w);
	char *kept = test_db_scalar(where, "SELECT code FROM unit");
	cr_expect_str_eq(kept, "KEPT");
	cr_expect_eq(unit_count(where), 1);
	free(kept);
	free(where);
}

/* A job in two halves: QUEUE adds a person and reads back how many there are, JUDGE refuses when told to or
 * when the count read is not the one the job's turn makes. */
struct split_add {
	char email[32];
	bool refuse;
	long expect_users; /* the count its read must see: every accepted job before it, and itself */
	long users;        /* read at the flush */
};

static int
users_row(void *ctx, const struct row *row)
{
	*(long *)ctx = (long)row_int(row, 0);
	return 1;
}

static int
split_queue(struct store *s, void *vctx, struct error *err)
{
	struct split_add *a = vctx;
	a->users = -1;
	struct param p[] = {PTEXT(a->email), PTEXT(a->email), PTEXT("x"), PINT(0), PTEXT("2026-12-06T00:00:00Z")};
	if (store_queue(s, Q_USER_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	return store_queue(s, Q_USER_COUNT, NULL, 0, users_row, &a->users, NULL, err);
}

static int
split_judge(struct store *s, void *vctx, struct error *err)
{
	(void)s;
	struct split_add *a = vctx;
	if (a->refuse)
		return error_of(err, ERROR_CONFLICT, "%s refused on purpose", a->email);
	if (a->users != a->expect_users)
		return error_set(err, "%s read %ld people, not %ld", a->email, a->users, a->expect_users);
	return 0;
}

static int
split_run(struct store *s, void *vctx, struct error *err)
{
	if (store_begin(s, err) < 0 || split_queue(s, vctx, err) < 0 || store_flush(s, err) < 0 ||
	    split_judge(s, vctx, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

enum { N_SPLIT = 12 };

/* Queues N_SPLIT split jobs behind a held one (so they form one batch), the REFUSING one (or -1) refusing. */
static void
run_split_batch(struct writer *w, struct split_add *adds, struct write_job *jobs, int refusing)
{
	sem_t started, hold;
	sem_init(&started, 0, 0);
	sem_init(&hold, 0, 0);
	struct add_unit first = {.code = "FIRST", .started = &started, .hold = &hold};
	struct write_job held = {.run = add_unit_job, .ctx = &first, .done = count_done};
	done_ok = done_failed = 0;
	writer_submit(w, &held);
	sem_wait(&started);
	for (int i = 0; i < N_SPLIT; i++) {
		long before = i - (refusing >= 0 && i > refusing); /* the accepted jobs before it */
		adds[i] = (struct split_add){.refuse = i == refusing, .expect_users = before + 1};
		snprintf(adds[i].email, sizeof adds[i].email, "p%02d@example.org", i);
		jobs[i] = (struct write_job){.run = split_run, .queue = split_queue, .judge = split_judge,
					     .ctx = &adds[i], .done = count_done};
		writer_submit(w, &jobs[i]);
	}
	sem_post(&hold);
	writer_stop(w); /* finishes what was queued */
	sem_destroy(&hold);
	sem_destroy(&started);
}

Test(writer, commits_a_batch_of_split_jobs_at_once_when_every_judgement_accepts)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 64, &err), 0, "%s", err.msg);
	struct split_add adds[N_SPLIT];
	struct write_job jobs[N_SPLIT];
	run_split_batch(w, adds, jobs, -1);
	struct writer_stats st;
	writer_stats(w, &st);
	cr_expect_eq(done_ok, N_SPLIT + 1, "%s", failed_msg);
	cr_expect_eq(st.batches, 2);
	cr_expect_eq(st.careful, 0, "no batch should have been run again job by job");
	char *users = test_db_scalar(where, "SELECT count(*) FROM app_user");
	cr_expect_str_eq(users, "12");
	free(users);
	writer_free(w);
	free(where);
}

Test(writer, a_split_job_refused_at_its_judgement_is_undone_alone_and_the_batch_runs_again_job_by_job)
{
	char *where = fresh_db();
	struct writer *w;
	struct error err;
	cr_assert_eq(writer_start(&w, where, 64, &err), 0, "%s", err.msg);
	struct split_add adds[N_SPLIT];
	struct write_job jobs[N_SPLIT];
	/* Job 4 refuses: in the batch run at once, the jobs after it read a count including its person, so each
	 * would refuse too if that run were kept; run again job by job, each reads the count without it. */
	run_split_batch(w, adds, jobs, 4);
	struct writer_stats st;
	writer_stats(w, &st);
	cr_expect_eq(done_ok, N_SPLIT, "%s", failed_msg);
	cr_expect_eq(done_failed, 1);
	cr_expect_eq(jobs[4].result, -1);
	cr_expect_eq(jobs[4].err.kind, ERROR_CONFLICT);
	cr_expect_str_eq(jobs[4].err.msg, "p04@example.org refused on purpose");
	cr_expect_eq(st.careful, 1);
	char *users = test_db_scalar(where, "SELECT count(*) FROM app_user");
	cr_expect_str_eq(users, "11");
	free(users);
	char *refused = test_db_scalar(where, "SELECT count(*) FROM app_user WHERE email = 'p04@example.org'");
	cr_expect_str_eq(refused, "0");
	free(refused);
	writer_free(w);
	free(where);
}

Test(writer, refuses_a_database_that_is_not_there)
{
	char *where = xasprintf("%s/absent.db", test_dir);
	struct writer *w;
	struct error err;
	cr_expect_eq(writer_start(&w, where, 8, &err), -1);
	cr_expect_null(w);
	cr_expect(strstr(err.msg, "no database at") != NULL, "%s", err.msg);
	free(where);
}
