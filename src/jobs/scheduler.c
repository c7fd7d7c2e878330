/* scheduler.c - caregrid's background work (see scheduler.h). */
#include "jobs/scheduler.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/digest.h"
#include "domain/retention.h"
#include "domain/round.h"
#include "domain/schedule.h"
#include "jobs/job_store.h"
#include "jobs/mailer.h"
#include "lib/worker.h"
#include "lib/xalloc.h"
#include "store/store.h"

#define EVERY_MS 60000

struct scheduler {
	struct schedule_config cfg;
	struct worker worker;
	struct job_store db; /* the worker's own */
	bool looked;         /* the first look is done (only the worker's thread reads or writes it) */
};

/* Logs the failure of WHAT; 1, with ERR copied to LOST, when ERR says the database could not be reached. */
static int
failed(const char *what, const struct error *err, struct error *lost)
{
	fprintf(stderr, "caregrid: schedule: %s: %s\n", what, err->msg);
	if (err->kind != ERROR_UNAVAILABLE)
		return 0;
	*lost = *err;
	return 1;
}

/* One look at what is due on day DAY at HOUR (UTC); a problem is logged and looked at again next time.
 * -1 with LOST when the database could not be reached (the connection is then opened afresh). */
static int
pass(const struct schedule_config *cfg, struct store *s, const char day[11], int hour, struct error *lost)
{
	struct error err;
	int rc = 0;
	size_t opened = 0, invited = 0, reminded = 0, digests = 0;
	const char *mail_base = cfg->mailer ? cfg->base_url : NULL;
	if (rounds_open_scheduled(s, cfg->catalog, day, mail_base, &opened, &invited, &err) < 0)
		rc |= failed("opening the rounds due", &err, lost);
	if (opened)
		fprintf(stderr, "caregrid: schedule: %zu rounds opened on their schedule, %zu invitations queued\n",
			opened, invited);
	if (cfg->mailer && rounds_auto_remind(s, day, cfg->base_url, &reminded, &err) < 0)
		rc |= failed("the day's reminders", &err, lost);
	if (reminded) /* rounds, never people: how many people would say how many have not answered */
		fprintf(stderr, "caregrid: schedule: the reminders of rounds closing soon are queued\n");
	bool digest_time = cfg->mailer && cfg->digest_hour >= 0 && hour >= cfg->digest_hour;
	if (digest_time && digests_send(s, day, cfg->base_url, &digests, &err) < 0)
		rc |= failed("the day's digests", &err, lost);
	if (digests)
		fprintf(stderr, "caregrid: schedule: %zu daily digests queued\n", digests);
	if (invited || reminded || digests)
		mailer_poke(cfg->mailer);
	int purged = 0;
	if (retention_daily(s, cfg->catalog, day, &purged, &err) < 0)
		rc |= failed("the day's purge", &err, lost);
	if (purged) /* the counts are in the audit log and on the evidence page */
		fprintf(stderr, "caregrid: schedule: the day's purge is done\n");
	return rc ? -1 : 0;
}

/* The worker's call: at start and every minute. */
static void
scheduler_pass(void *arg)
{
	struct scheduler *sc = arg;
	struct store *s = job_store_get(&sc->db);
	if (!s)
		return;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char day[11];
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	struct error err;
	if (pass(&sc->cfg, s, day, tm.tm_hour, &err) < 0)
		job_store_failed(&sc->db, &err);
	/* Said once: what a restart was going to queue is queued now (tests wait for this line). */
	if (!sc->looked)
		fprintf(stderr, "caregrid: schedule: the first look at what is due is done\n");
	sc->looked = true;
}

int
scheduler_start(struct scheduler **out, const struct schedule_config *cfg, struct error *err)
{
	struct scheduler *sc = xcalloc(1, sizeof *sc);
	sc->cfg = *cfg;
	sc->db = (struct job_store){.where = cfg->db_path, .who = "schedule"};
	*out = NULL;
	if (worker_start(&sc->worker, "the scheduler", scheduler_pass, sc, EVERY_MS, err) < 0) {
		free(sc);
		return -1;
	}
	*out = sc;
	return 0;
}

void
scheduler_stop(struct scheduler *sc)
{
	if (!sc)
		return;
	worker_stop(&sc->worker);
	job_store_close(&sc->db);
	free(sc);
}
