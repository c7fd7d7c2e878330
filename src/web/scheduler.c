/* scheduler.c - caregrid's background work (see scheduler.h). */
#include "web/scheduler.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/digest.h"
#include "domain/round.h"
#include "domain/schedule.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "web/mailer.h"

#define EVERY_S 60

struct scheduler {
	struct schedule_config cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
};

/* One look at what is due on day DAY at HOUR (UTC); a problem is logged and looked at again next time. */
static void
pass(const struct schedule_config *cfg, struct store *s, const char day[11], int hour)
{
	struct error err;
	size_t opened = 0, invited = 0, reminded = 0, digests = 0;
	const char *mail_base = cfg->mailer ? cfg->base_url : NULL;
	if (rounds_open_scheduled(s, cfg->catalog, day, mail_base, &opened, &invited, &err) < 0)
		fprintf(stderr, "caregrid: schedule: opening the rounds due: %s\n", err.msg);
	if (opened)
		fprintf(stderr, "caregrid: schedule: %zu rounds opened on their schedule, %zu invitations queued\n", opened, invited);
	if (cfg->mailer && rounds_auto_remind(s, day, &reminded, &err) < 0)
		fprintf(stderr, "caregrid: schedule: the day's reminders: %s\n", err.msg);
	if (reminded) /* rounds, never people: how many people would say how many have not answered */
		fprintf(stderr, "caregrid: schedule: the reminders of rounds closing soon are queued\n");
	if (cfg->mailer && cfg->digest_hour >= 0 && hour >= cfg->digest_hour && digests_send(s, day, cfg->base_url, &digests, &err) < 0)
		fprintf(stderr, "caregrid: schedule: the day's digests: %s\n", err.msg);
	if (digests)
		fprintf(stderr, "caregrid: schedule: %zu daily digests queued\n", digests);
	if (invited || reminded || digests)
		mailer_poke(cfg->mailer);
}

static void *
run(void *arg)
{
	struct scheduler *sc = arg;
	struct store *s = NULL;
	struct error err;
	bool first = true;
	pthread_mutex_lock(&sc->lock);
	while (!sc->stopping) {
		pthread_mutex_unlock(&sc->lock);
		if (!s && store_open(&s, sc->cfg.db_path, STORE_OPEN_EXISTING, &err) < 0) {
			fprintf(stderr, "caregrid: schedule: cannot open the database: %s\n", err.msg);
			s = NULL;
		}
		if (s) {
			time_t now = time(NULL);
			struct tm tm;
			gmtime_r(&now, &tm);
			char day[11];
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
			pass(&sc->cfg, s, day, tm.tm_hour);
			/* Said once: what a restart was going to queue is queued now (tests wait for this line). */
			if (first)
				fprintf(stderr, "caregrid: schedule: the first look at what is due is done\n");
			first = false;
		}
		pthread_mutex_lock(&sc->lock);
		if (sc->stopping)
			break;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += EVERY_S;
		pthread_cond_timedwait(&sc->wake, &sc->lock, &until);
	}
	pthread_mutex_unlock(&sc->lock);
	store_close(s);
	return NULL;
}

int
scheduler_start(struct scheduler **out, const struct schedule_config *cfg, struct error *err)
{
	struct scheduler *sc = xcalloc(1, sizeof *sc);
	sc->cfg = *cfg;
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->wake, NULL);
	if (pthread_create(&sc->thread, NULL, run, sc) != 0) {
		pthread_cond_destroy(&sc->wake);
		pthread_mutex_destroy(&sc->lock);
		free(sc);
		*out = NULL;
		return error_set(err, "cannot start the scheduler");
	}
	*out = sc;
	return 0;
}

void
scheduler_stop(struct scheduler *sc)
{
	if (!sc)
		return;
	pthread_mutex_lock(&sc->lock);
	sc->stopping = true;
	pthread_cond_signal(&sc->wake);
	pthread_mutex_unlock(&sc->lock);
	pthread_join(sc->thread, NULL);
	pthread_cond_destroy(&sc->wake);
	pthread_mutex_destroy(&sc->lock);
	free(sc);
}
