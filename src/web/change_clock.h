/*
 * change_clock.h - how long this process may go on using what it read about who may do what (sessions,
 * people, their roles, the unit tree) without asking the database again.
 *
 * Asking on every request cost a signed-in GET two thirds of its rate (bench/RESULTS.md, issue 13). So a
 * read is reused for at most REUSE_MS, and never once this process has changed anything itself: every
 * request but GET and HEAD moves the clock when it is done, before its reply goes, so the same person's next
 * request here sees the change. A change made through another process sharing the database (the CLI, a
 * second server) is seen here within REUSE_MS.
 */
#ifndef CAREGRID_CHANGE_CLOCK_H
#define CAREGRID_CHANGE_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define REUSE_MS 1000

struct change_clock {
	_Atomic uint64_t changes; /* requests that may have changed something, so far */
	/* How long a read is reused: REUSE_MS when 0. Longer only in tests (CAREGRID_CACHE_MS, cmd_serve.c), so
	 * that "the cache is still warm" is a certainty there rather than a race against the clock. */
	int64_t reuse_ms;
};

/* Milliseconds on a clock that only goes forward (coarse: a few ms, no system call). */
static inline int64_t
monotonic_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Read before reading the database: what is read is good for as long as this stays put. */
static inline uint64_t
change_clock_read(struct change_clock *c)
{
	return atomic_load_explicit(&c->changes, memory_order_acquire);
}

/* After a change is committed and before its reply goes. */
static inline void
change_clock_tick(struct change_clock *c)
{
	atomic_fetch_add_explicit(&c->changes, 1, memory_order_acq_rel);
}

/* Whether what was read at CHANGES (change_clock_read) and AT_MS (monotonic_ms) may still be used. */
static inline bool
change_clock_fresh(struct change_clock *c, uint64_t changes, int64_t at_ms)
{
	return change_clock_read(c) == changes && monotonic_ms() - at_ms < (c->reuse_ms > 0 ? c->reuse_ms : REUSE_MS);
}

#endif
