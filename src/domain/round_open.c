/* round_open.c - opening a round and inviting its addresses by mail, each in a transaction of its own (see
 * round_open.h). */
#include "domain/round_open.h"

#include "domain/invitees.h"
#include "domain/mail.h"
#include "domain/round_answers.h"
#include "domain/schedule.h"
#include "lib/buf.h"
#include "lib/strvec.h"
#include "store/store.h"

/* The round's settings after round_create, on the round as read back (R), in round_open's transaction. */
static int
round_settings(struct store *s, const struct actor *who, const struct unit *unit, const struct round_spec *spec,
	       struct round *r, struct error *err)
{
	if (spec->every_months && round_repeat_set(s, who, unit, r, spec->every_months, err) < 0)
		return -1;
	if (spec->language && round_language_set(s, who, r, unit->code, spec->language, spec->bilingual, err) < 0)
		return -1;
	/* A headcount that was not a whole number comes as -1: round_headcount_set refuses it, naming the field. */
	if (spec->headcount && round_headcount_set(s, who, r, unit->code, spec->headcount, err) < 0)
		return -1;
	return 0;
}

static int
open_in(struct store *s, const struct actor *who, const struct unit *unit, const struct round_spec *spec,
	int64_t *id_out, struct error *err)
{
	int64_t id = 0;
	if (round_create(s, who, unit, spec->ins, spec->title, spec->mode ? spec->mode : "survey",
			 spec->energy ? spec->energy : "domain", spec->opens_on, spec->closes_on, &id, err) < 0)
		return -1;
	if (spec->series_id) {
		struct param set[] = {PINT(id), PINT(spec->series_id), PINT(spec->series_n)};
		if (store_exec(s, Q_ROUND_SERIES_SET, PARAMS(set), NULL, NULL, NULL, err) < 0)
			return -1;
	}
	struct round r;
	int found = round_get(s, id, &r, err);
	if (found <= 0)
		return found < 0
			       ? -1
			       : error_of(err, ERROR_INTERNAL, "round %lld was made but cannot be read", (long long)id);
	if (round_settings(s, who, unit, spec, &r, err) < 0)
		return -1;
	*id_out = id;
	return 0;
}

int
round_open(struct store *s, const struct actor *who, const struct unit *unit, const struct round_spec *spec,
	   int64_t *id_out, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	return store_finish(s, open_in(s, who, unit, spec, id_out, err), err);
}

/* The audit entry of N invitations by mail to R: their number, never the addresses. */
static int
invitations_audit(struct store *s, const struct actor *who, const struct round *r, const char *unit_name, size_t n,
		  struct error *err)
{
	char detail[300];
	snprintf(detail, sizeof detail, "invited %zu addresses by email to round %lld (%.200s)", n, (long long)r->id,
		 r->title);
	return audit_record(s, who, "round.invite", r->unit_id, unit_name, detail, err);
}

int
round_invite_mail(struct store *s, const struct actor *who, const struct mail_sender *from, const struct round *r,
		  const char *unit_name, const struct instrument *ins, struct invitees *iv, const char *base_url,
		  size_t *invited, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	struct buf link = BUF_INIT, subject = BUF_INIT;
	buf_init(&link, 0);
	buf_init(&subject, 0);
	struct mail_body body;
	mail_body_init(&body);
	size_t n = 0;
	char about[40];
	mail_about(about, "round", r->id);
	/* Sorted again here, in the transaction that invites: two sends at once cannot both invite an address. */
	int rc = invitees_check_round(s, r->id, iv, err);
	for (size_t i = 0; rc == 0 && i < iv->n; i++) {
		if (iv->v[i].kind != INVITEE_NEW)
			continue;
		char token[TOKEN_CHARS];
		if ((rc = invitation_create_for(s, r, iv->v[i].address, token, err)) < 0)
			break;
		buf_reset(&link);
		buf_reset(&subject);
		buf_reset(&body.text);
		buf_reset(&body.html);
		buf_printf(&link, "%s/s/%s", base_url, token);
		round_invitation_write(r, unit_name, ins, link.data, from, &subject, &body);
		const struct mail m = {"invitation", iv->v[i].address, subject.data, body.text.data, body.html.data,
				       true, about};
		if ((rc = mail_queue(s, &m, err)) == 0)
			n++;
	}
	if (rc == 0 && n)
		rc = invitations_audit(s, who, r, unit_name, n, err);
	buf_release(&link);
	buf_release(&subject);
	mail_body_release(&body);
	/* Counted only once committed: a failure midway invites nobody and queues nothing. */
	if (store_finish(s, rc, err) < 0)
		return -1;
	*invited += n;
	return 0;
}
