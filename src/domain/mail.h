/*
 * mail.h - the outbox and the messages in it: queueing a message in the caller's transaction, a sender's
 * lease on the messages due, marking each sent, to retry or failed, listing them, and writing one as an
 * RFC 5322 message (multipart/alternative, plain text and HTML, UTF-8). Sending is jobs/mailer.c's.
 */
#ifndef CAREGRID_MAIL_H
#define CAREGRID_MAIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/error.h"

struct store;

#define MAIL_ADDRESS_MAX 254
/* The longest subject in bytes. Every subject is made from a title or name of at most 200 bytes (a round's,
 * a unit's, a person's) and words of at most 300 bytes in any language: builders assert that they fit, so no
 * valid title ever makes a message that cannot be queued. Any length encodes (RFC 2047 words of at most 75
 * characters, a line each). */
#define MAIL_SUBJECT_MAX 900
/* What a subject builder may add to its title: the words and a date, in any language. */
#define MAIL_SUBJECT_WORDS 300

/* One message to queue. TEXT and HTML are the two forms of the body; MASKED for anything survey-related (a
 * listing shows "a•••@example.org"). ABOUT names the round or cycle it is for ("round:12", "feedback:3"; NULL:
 * none), so that its failures can be counted for whoever runs it (mail_failed_count); never a reminder's. */
struct mail {
	const char *kind, *to, *subject, *text, *html;
	bool masked;
	const char *about;
};

/* The limits on mail anyone can aim (serve flags): addresses one account may invite by mail to one 360 cycle
 * and in a day, and messages the sender hands to the relay in an hour, whoever queued them (the rest wait). */
struct mail_limits {
	unsigned feedback_per_cycle, feedback_per_day;
};
#define MAIL_FEEDBACK_PER_CYCLE 50
#define MAIL_FEEDBACK_PER_DAY 200
#define MAIL_PER_HOUR 1000
/* How long after a reminder the next may go: a day. */
#define MAIL_REMIND_EVERY_S 86400

/* Who a message to an outsider comes from, and whom to ask: a person's name and address (both NULL: caregrid
 * itself, on a schedule; the message then says to ask the team's facilitator). */
struct mail_sender {
	const char *name, *address;
};

/* text_address_check (lib/text.h), the one address check, by the name the outbox's callers know. */
int mail_address_check(const char *address, struct error *err);
/* 0 when SUBJECT can be a message's subject: one line of valid UTF-8 text without control characters, at most
 * MAIL_SUBJECT_MAX bytes; else -1 with ERR (invalid) saying why. */
int mail_subject_check(const char *subject, struct error *err);
/* Queues M (in the caller's transaction, when there is one); ERR invalid when an address or the subject is not
 * acceptable (a line break in a header is never). */
int mail_queue(struct store *s, const struct mail *m, struct error *err);
/* mail_queue, by one and the same statement whether or not ACCOUNT (folded) is the address of an account that
 * may sign in; queued only when it is. For replies that must not tell whether an account exists. */
int mail_queue_if_account(struct store *s, const struct mail *m, const char *account, struct error *err);

/* A message a sender holds a lease on. Owned by the array from mail_claim. */
struct mail_message {
	int64_t id;
	char kind[32];
	char *to, *subject, *text, *html;
	char key[48];
	long attempts;
	int64_t queued_at;
};

/* Takes a lease of LEASE_S seconds on up to MAX (1 to 20) due messages; *OUT (free with mail_messages_free) and *N. */
int mail_claim(struct store *s, time_t now, int lease_s, int max, struct mail_message **out, size_t *n,
	       struct error *err);
void mail_messages_free(struct mail_message *v, size_t n);
int mail_mark_sent(struct store *s, int64_t id, time_t now, struct error *err);
int mail_mark_retry(struct store *s, int64_t id, time_t next_try, const char *why, struct error *err);
int mail_mark_failed(struct store *s, int64_t id, const char *why, struct error *err);
/* Everything queued becomes due now: what a sender does when it starts. */
int mail_retry_now(struct store *s, time_t now, struct error *err);

/* A row of the outbox for listings; valid during the callback. RECIPIENT is already masked when it must be. ID
 * is for the sender's own use, never listed: reminders leave gaps in the ids that would count them. */
struct mail_row {
	int64_t id;
	const char *kind, *recipient, *subject, *status, *last_error;
	long attempts;
	int64_t queued_at, sent_at; /* sent_at 0 when not sent */
};
typedef int (*mail_row_fn)(void *ctx, const struct mail_row *r);
/* The newest 500 messages, of STATUS ("queued", "sent", "failed"; NULL: all), never a survey's or a 360's
 * reminder: they go exactly to those who have not answered, so listing them, even counted, would say who has. */
int mail_each(struct store *s, const char *status, mail_row_fn fn, void *ctx, struct error *err);
/* What a message about the round or cycle ID is about ("round:12", KIND "round" or "feedback"), into OUT. */
void mail_about(char out[40], const char *kind, int64_t id);
/* How many messages about KIND ID (mail_about) failed for good (a refusal by the relay, or a day of tries): into
 * *N. Never to whom; reminders are not counted (their failures would say who has not answered). */
int mail_failed_count(struct store *s, const char *kind, int64_t id, long *n, struct error *err);

/* A message's body written once, as plain text and HTML together: paragraphs (the HTML escaped) and links (the
 * text gives the address, the HTML a link named LABEL). Release with mail_body_release. */
struct mail_body {
	struct buf text, html;
};
void mail_body_init(struct mail_body *b);
void mail_body_release(struct mail_body *b);
void mail_para(struct mail_body *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mail_link(struct mail_body *b, const char *label, const char *url);

/* 0 when M can be written as a message: its address, its subject (mail_subject_check) and its bodies (valid
 * UTF-8 text); else -1 with ERR saying why, for the outbox's record of a message that failed for good. */
int mail_composable(const struct mail_message *m, struct error *err);
/* M as an RFC 5322 message from FROM at NOW, lines ending in CRLF; the caller frees it. Total: any bytes give a
 * message in bounded time (the subject as RFC 2047 encoded words of at most 75 characters, cut only between
 * UTF-8 characters where there are any, no line over 998 octets), though only a composable one is sent. */
char *mail_compose(const struct mail_message *m, const char *from, time_t now);

#endif
