/* job_store.c - a background job's own connection, reopened after a failure (see job_store.h). */
#include "jobs/job_store.h"

#include <stdio.h>

#include "store/store.h"

#define BACKOFF_MAX_S 60

static time_t
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

struct store *
job_store_get(struct job_store *j)
{
	if (j->s)
		return j->s;
	time_t now = now_s();
	if (j->failures && now < j->retry_at)
		return NULL;
	struct error err;
	if (store_open(&j->s, j->where, STORE_OPEN_EXISTING, &err) == 0) {
		j->failures = 0;
		return j->s;
	}
	j->s = NULL;
	fprintf(stderr, "caregrid: %s: cannot open the database: %s\n", j->who, err.msg);
	unsigned shift = j->failures < 6 ? j->failures : 6;
	time_t wait = (time_t)1 << shift;
	j->retry_at = now + (wait < BACKOFF_MAX_S ? wait : BACKOFF_MAX_S);
	j->failures++;
	return NULL;
}

void
job_store_failed(struct job_store *j, const struct error *err)
{
	if (err->kind != ERROR_UNAVAILABLE || !j->s)
		return;
	fprintf(stderr, "caregrid: %s: the database connection failed; it will be opened again\n", j->who);
	job_store_close(j);
}

void
job_store_close(struct job_store *j)
{
	store_close(j->s);
	j->s = NULL;
}
