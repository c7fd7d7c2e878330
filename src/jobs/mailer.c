/* mailer.c - the outbox's sender (see mailer.h). */
#include "jobs/mailer.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/mail.h"
#include "jobs/job_store.h"
#include "lib/worker.h"
#include "lib/xalloc.h"
#include "store/store.h"

#define TICK_MS 2000          /* how often the outbox is looked at without a poke */
#define LEASE_S 120       /* a batch is this sender's for this long */
#define GIVE_UP_S 86400   /* a message still not sent after a day has failed */

struct mailer {
	struct mail_config cfg;
	char *db_path;
	struct worker worker;
	struct job_store db;    /* the worker's own */
	bool restarted;         /* the worker's own: the messages queued before this start are due at once */
	CURL *curl; /* one handle: libcurl keeps the connection open between messages */
	/* The worker's own: when each of the last cfg.per_hour messages was handed to the relay, a ring (oldest at
	 * head), for the hourly cap; and whether the hold now in force was logged. */
	time_t *handed;
	unsigned head, n_handed;
	bool hold_logged;
};

/* How many more messages may go now under the hourly cap, forgetting those handed over an hour ago or more. */
static unsigned
hour_room(struct mailer *m, time_t now)
{
	while (m->n_handed && m->handed[m->head] <= now - 3600) {
		m->head = (m->head + 1) % m->cfg.per_hour;
		m->n_handed--;
	}
	return m->cfg.per_hour - m->n_handed;
}

static void
hour_count(struct mailer *m, time_t now)
{
	if (m->n_handed == m->cfg.per_hour) /* never: a message goes only with room */
		return;
	m->handed[(m->head + m->n_handed++) % m->cfg.per_hour] = now;
}

/* Whether the hourly cap holds every message back now; said once in the log when a hold starts (the limit and
 * when the next can go, never how many wait: reminders among them would be counted). */
static bool
hour_held(struct mailer *m, time_t now, unsigned *room)
{
	*room = hour_room(m, now);
	if (*room) {
		m->hold_logged = false;
		return false;
	}
	if (!m->hold_logged) {
		char at[16];
		struct tm tm;
		time_t next = m->handed[m->head] + 3600;
		strftime(at, sizeof at, "%H:%M:%S", gmtime_r(&next, &tm));
		fprintf(stderr,
			"caregrid: mail: %u messages went in the last hour, the limit (--mail-per-hour): the rest "
			"wait, the next at %s UTC\n",
			m->cfg.per_hour, at);
		m->hold_logged = true;
	}
	return true;
}

/* Seconds until the next try after ATTEMPTS failed ones. */
static long
backoff(long attempts)
{
	static const long first[] = {10, 30, 60};
	if (attempts <= 3)
		return first[attempts > 0 ? attempts - 1 : 0];
	long s = 60L << (attempts - 3 > 4 ? 4 : attempts - 3);
	return s > 900 ? 900 : s;
}

struct upload {
	const char *data;
	size_t len, at;
};

static size_t
read_message(char *to, size_t size, size_t n, void *ctx)
{
	struct upload *u = ctx;
	size_t room = size * n, left = u->len - u->at;
	size_t k = left < room ? left : room;
	memcpy(to, u->data + u->at, k);
	u->at += k;
	return k;
}

/* 0 when MSG can be written at all; else 2, failed for good with WHY: a message that can never be composed
 * (a title that is not UTF-8, from before the titles were checked) is recorded and passed over, never retried
 * nor left to stop the messages after it. */
static int
check_composable(const struct mail_message *msg, char *why, size_t why_size)
{
	struct error err;
	if (mail_composable(msg, &err) == 0)
		return 0;
	snprintf(why, why_size, "%.290s", err.msg);
	return 2;
}

/* Sends M. 0 sent; 1 to try again later; 2 refused for good (WHY says why, either way). */
static int
send_one(struct mailer *m, const struct mail_message *msg, char *why, size_t why_size)
{
	if (check_composable(msg, why, why_size))
		return 2;
	char *text = mail_compose(msg, m->cfg.from, time(NULL));
	struct upload u = {text, strlen(text), 0};
	char from[MAIL_ADDRESS_MAX + 3], to[MAIL_ADDRESS_MAX + 3];
	snprintf(from, sizeof from, "<%s>", m->cfg.from);
	snprintf(to, sizeof to, "<%s>", msg->to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	CURL *c = m->curl;
	curl_easy_setopt(c, CURLOPT_URL, m->cfg.url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, m->cfg.require_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	if (m->cfg.ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, m->cfg.ca_file);
	if (m->cfg.user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, m->cfg.user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, m->cfg.password ? m->cfg.password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	free(text);
	if (rc == CURLE_OK)
		return 0;
	if (code)
		snprintf(why, why_size, "%s (SMTP %ld)", curl_easy_strerror(rc), code);
	else
		snprintf(why, why_size, "%s", curl_easy_strerror(rc));
	return code >= 500 ? 2 : 1;
}

/* One pass: every message due, each marked as it went. -1 with ERR when the store failed (the pass ends). */
static int
deliver_due(struct mailer *m, struct store *s, struct error *err)
{
	for (;;) {
		struct mail_message *v;
		size_t n;
		time_t now = time(NULL);
		unsigned room;
		if (hour_held(m, now, &room))
			return 0;
		if (mail_claim(s, now, LEASE_S, room < 20 ? (int)room : 20, &v, &n, err) < 0) {
			fprintf(stderr, "caregrid: mail: cannot read the outbox: %s\n", err->msg);
			return -1;
		}
		if (!n) {
			free(v);
			return 0;
		}
		/* Once the server cannot be reached at all, the rest of the batch waits for the next try rather than
		 * each waiting for its own timeout (and outliving the lease). */
		char unreachable[300] = "";
		int failed = 0;
		for (size_t i = 0; i < n; i++) {
			char why[300] = "";
			int r = 1;
			bool tried = !*unreachable; /* handed to the relay: counted for the hourly cap */
			if (!tried)
				snprintf(why, sizeof why, "%s", unreachable);
			else if ((r = send_one(m, &v[i], why, sizeof why)) == 1 && !strstr(why, "(SMTP "))
				snprintf(unreachable, sizeof unreachable, "%s", why);
			now = time(NULL);
			if (tried)
				hour_count(m, now);
			int rc = r == 0 ? mail_mark_sent(s, v[i].id, now, err)
				 : r == 2 || now - v[i].queued_at > GIVE_UP_S
					 ? mail_mark_failed(s, v[i].id, why, err)
					 : mail_mark_retry(s, v[i].id, now + backoff(v[i].attempts + 1), why, err);
			failed |= rc < 0 && err->kind == ERROR_UNAVAILABLE;
			/* A reminder's outcome is never logged: one line each would count those who have not answered.
			 * No message's id either: the gaps reminders leave in them would count them too. Whether mail
			 * goes out shows in every other message. */
			if (strcmp(v[i].kind, "reminder") == 0)
				continue;
			if (r)
				fprintf(stderr, "caregrid: mail: a message (%s) not sent: %s\n", v[i].kind, why);
			if (rc < 0)
				fprintf(stderr, "caregrid: mail: cannot record a message (%s): %s\n", v[i].kind,
					err->msg);
		}
		mail_messages_free(v, n);
		if (failed) /* the connection is suspect: the caller opens it afresh */
			return error_of(err, ERROR_UNAVAILABLE, "cannot record what was sent");
		if (worker_stopping(&m->worker))
			return 0;
	}
}

/* The worker's call: every tick, at start and when poked. */
static void
mailer_pass(void *arg)
{
	struct mailer *m = arg;
	struct store *s = job_store_get(&m->db);
	struct error err;
	if (!s)
		return;
	if (!m->restarted)
		m->restarted = mail_retry_now(s, time(NULL), &err) == 0; /* a restart tries everything queued at once */
	if (deliver_due(m, s, &err) < 0)
		job_store_failed(&m->db, &err);
}

int
mailer_start(struct mailer **out, const char *db_path, const struct mail_config *cfg, struct error *err)
{
	*out = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return error_set(err, "cannot start libcurl");
	struct mailer *m = xcalloc(1, sizeof *m);
	m->cfg = *cfg;
	m->db_path = xstrdup(db_path);
	m->db = (struct job_store){.where = m->db_path, .who = "mail"};
	if (!m->cfg.per_hour)
		m->cfg.per_hour = MAIL_PER_HOUR;
	m->handed = xcalloc(m->cfg.per_hour, sizeof *m->handed);
	m->curl = curl_easy_init();
	if (!m->curl)
		error_set(err, "cannot start the mail sender");
	if (!m->curl || worker_start(&m->worker, "the mail sender", mailer_pass, m, TICK_MS, err) < 0) {
		curl_easy_cleanup(m->curl);
		free(m->handed);
		free(m->db_path);
		free(m);
		curl_global_cleanup();
		return -1;
	}
	*out = m;
	return 0;
}

void
mailer_poke(struct mailer *m)
{
	if (m)
		worker_poke(&m->worker);
}

void
mailer_stop(struct mailer *m)
{
	if (!m)
		return;
	worker_stop(&m->worker);
	job_store_close(&m->db);
	curl_easy_cleanup(m->curl);
	free(m->handed);
	free(m->db_path);
	free(m);
	curl_global_cleanup();
}
