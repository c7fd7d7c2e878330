/* test_worker.c - the background worker's contract: a call at start, one per poke, one per period; a poke
 * before the stop is never lost; stopping a worker that never started (or twice) is a no-op. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>

#include "lib/worker.h"

struct counter {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int calls;
	sem_t *entered, *hold; /* when set: posted on the first call, which then waits on HOLD */
};

static void
count_call(void *arg)
{
	struct counter *c = arg;
	pthread_mutex_lock(&c->lock);
	int n = ++c->calls;
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
	if (n == 1 && c->entered) {
		sem_post(c->entered);
		sem_wait(c->hold);
	}
}

static void
wait_calls(struct counter *c, int n)
{
	pthread_mutex_lock(&c->lock);
	while (c->calls < n)
		pthread_cond_wait(&c->changed, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

static int
calls_of(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	int n = c->calls;
	pthread_mutex_unlock(&c->lock);
	return n;
}

#define COUNTER {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL, NULL}

Test(worker, calls_once_at_start_and_once_more_when_poked)
{
	struct counter c = COUNTER;
	struct worker w = {0};
	struct error err;
	cr_assert_eq(worker_start(&w, "the test worker", count_call, &c, 0, &err), 0, "%s", err.msg);
	wait_calls(&c, 1);
	worker_poke(&w);
	wait_calls(&c, 2);
	worker_stop(&w);
	cr_expect_eq(calls_of(&c), 2, "no call without a poke when it has no period");
}

Test(worker, calls_again_every_period_without_a_poke)
{
	struct counter c = COUNTER;
	struct worker w = {0};
	struct error err;
	cr_assert_eq(worker_start(&w, "the test worker", count_call, &c, 1, &err), 0, "%s", err.msg);
	wait_calls(&c, 3);
	worker_stop(&w);
	cr_expect_geq(calls_of(&c), 3);
}

static void *
stop_it(void *w)
{
	worker_stop(w);
	return NULL;
}

Test(worker, a_poke_made_before_the_stop_is_never_lost)
{
	sem_t entered, hold;
	sem_init(&entered, 0, 0);
	sem_init(&hold, 0, 0);
	struct counter c = COUNTER;
	c.entered = &entered;
	c.hold = &hold;
	struct worker w = {0};
	struct error err;
	cr_assert_eq(worker_start(&w, "the test worker", count_call, &c, 0, &err), 0, "%s", err.msg);
	sem_wait(&entered); /* the first call is in hand */
	worker_poke(&w);
	pthread_t stopper;
	pthread_create(&stopper, NULL, stop_it, &w);
	while (!worker_stopping(&w))
		sched_yield();
	worker_poke(&w); /* after the stop: ignored */
	sem_post(&hold);
	pthread_join(stopper, NULL);
	cr_expect_eq(calls_of(&c), 2, "the poke before the stop has its call, the one after it none");
	sem_destroy(&entered);
	sem_destroy(&hold);
}

Test(worker, stopping_one_that_never_started_or_twice_is_a_no_op)
{
	struct worker never = {0};
	worker_poke(&never);
	worker_stop(&never);
	cr_expect(worker_stopping(&never), "a worker that is not running says so");
	struct counter c = COUNTER;
	struct worker w = {0};
	struct error err;
	cr_assert_eq(worker_start(&w, "the test worker", count_call, &c, 0, &err), 0, "%s", err.msg);
	worker_stop(&w);
	worker_stop(&w);
	cr_expect_eq(calls_of(&c), 1);
}
