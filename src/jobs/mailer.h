/*
 * mailer.h - the background sender of the outbox (domain/mail.h) through SMTP with libcurl: never on a
 * request's thread. It wakes every few seconds, or at once when poked after a message is queued here, takes a
 * lease on the messages due, sends them over one connection, and marks each sent, to retry (backoff: 10 s,
 * 30 s, 1 min, then doubling up to 15 min; a restart tries at once) or failed (a permanent 5xx, or a day
 * gone by). It runs on a worker (lib/worker.h) with its own connection, opened afresh after the database
 * could not be reached (jobs/job_store.h). It hands the relay at most PER_HOUR messages in any hour (counted
 * by this process, in memory: a count kept in the database would say how many reminders went); the rest stay
 * queued, never dropped, and go as the hour moves on.
 */
#ifndef CAREGRID_MAILER_H
#define CAREGRID_MAILER_H

#include <stdbool.h>

#include "lib/error.h"

struct mail_config {
	const char *url;       /* smtp://host:port or smtps://host:port */
	bool require_tls;      /* STARTTLS required (else used when offered) */
	const char *from;      /* the envelope and From address */
	const char *user;      /* from CAREGRID_SMTP_USER; NULL: no AUTH */
	const char *password;  /* from CAREGRID_SMTP_PASSWORD */
	const char *ca_file;   /* serve --smtp-ca: the certificate authority the mail server's certificate is checked
				* against, instead of the system's */
	unsigned per_hour;     /* serve --mail-per-hour: messages handed to the relay in any hour, at most (> 0) */
};

struct mailer;

/* Starts the sender on its own connection to DB_PATH. CFG's strings must outlive it. A failure to start is
 * an error (ERR), with nothing left held. */
int mailer_start(struct mailer **out, const char *db_path, const struct mail_config *cfg, struct error *err);
/* Something was queued: look now rather than at the next tick. Safe from any thread; NULL is a no-op. */
void mailer_poke(struct mailer *m);
/* Stops after the message in hand (a poke before it still has its pass) and frees it. NULL is a no-op. */
void mailer_stop(struct mailer *m);

#endif
