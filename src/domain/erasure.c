/*
 * erasure.c - erasing a person (see erasure.h). The erasure is a list of steps, one named statement each, run
 * in one transaction: a table that comes to hold something of a person needs one more line in STEPS (single
 * sign-on's user_identity will be one: "DELETE FROM user_identity WHERE user_id = $1").
 *
 * What goes: their 360 cycles with every invitation, answer, share and queued message; their plan, its goals,
 * reviews and shares (theirs, and others' shared with them); their sessions, password links, the sign-in
 * throttle kept on their address, mail queued to them; their roles. Their address and name are taken off
 * survey and 360 invitations sent to them (with the sealed link and answer reference, so nothing will remind
 * them), off other people's plan goals naming them as coach, and out of the audit log, whose entries they
 * made now name the tombstone. What stays, as the tombstone's: rounds, actions, consensus and evidence they
 * recorded (the unit's history), with no name attached but the tombstone's.
 */
#include "domain/erasure.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/i18n.h"
#include "store/store.h"

/* A step's statement and its parameters in order: i the person's id, e their address, n their name, l the
 * tombstone's name, m the tombstone's address, t now. */
struct step {
	enum query_id q;
	const char *args;
};

static const struct step steps[] = {
	{Q_ERASE_FB_ANSWERS, "i"},
	{Q_ERASE_FB_RESPONSES, "i"},
	{Q_ERASE_FB_INVITATIONS, "i"},
	{Q_ERASE_FB_SHARES, "i"},
	{Q_ERASE_FB_OUTBOX, "i"},
	{Q_ERASE_FB_CYCLES, "i"},
	{Q_ERASE_PDP_REVIEWS, "i"},
	{Q_ERASE_PDP_GOALS, "i"},
	{Q_ERASE_PDP_SHARES, "i"},
	{Q_ERASE_PDP_COACH_NAMED, "enl"},
	{Q_ERASE_IDENTITIES, "i"},
	{Q_SESSIONS_DELETE_USER, "i"},
	{Q_PWTOKENS_DELETE_USER, "i"},
	{Q_ERASE_THROTTLE, "e"},
	{Q_ERASE_OUTBOX, "en"},
	{Q_ERASE_ROLES, "i"},
	{Q_ERASE_INVITED, "en"},
	{Q_ERASE_FB_INVITED, "en"},
	{Q_ERASE_AUDIT_ACTOR, "iel"},
	{Q_ERASE_AUDIT_TARGET, "el"},
	{Q_ERASE_AUDIT_DETAIL_EMAIL, "el"},
	{Q_ERASE_AUDIT_DETAIL_NAME, "inl"},
	{Q_ERASE_TOMBSTONE, "imlt"},
};

/* What the confirmation page lists as deleted, in a person's words. */
const char *const erasure_step_names[] = {
	N_("their 360 feedback cycles, with every invitation, answer and share"),
	N_("their development plan: goals, reviews and whom it was shared with"),
	N_("plans and 360 reports others shared with them"),
	N_("their sessions, password links and sign-in lockouts"),
	N_("their single sign-on identities (which provider account signs them in)"),
	N_("mail queued to them"),
	N_("their roles on every unit"),
	N_("their address and name on invitations, on others' plans naming them as coach, and in the audit log"),
	NULL,
};

void
erasure_label(int64_t id, char label[64])
{
	snprintf(label, 64, "former user #%lld", (long long)id);
}

void
erasure_address(int64_t id, char address[96])
{
	snprintf(address, 96, "former-user-%lld@erased.invalid", (long long)id);
}

int
user_is_erased(const struct user *u)
{
	char address[96];
	erasure_address(u->id, address);
	return strcmp(u->email, address) == 0;
}

static int
run_steps(struct store *s, const struct user *u, struct error *err)
{
	char label[64], address[96], now[32];
	erasure_label(u->id, label);
	erasure_address(u->id, address);
	store_now(now, sizeof now);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		struct param p[4];
		int n = 0;
		for (const char *a = steps[i].args; *a && n < 4; a++)
			p[n++] = *a == 'i' ? PINT(u->id)
				 : *a == 'e' ? PTEXT(u->email)
				 : *a == 'n' ? PTEXT(u->name)
				 : *a == 'l' ? PTEXT(label)
				 : *a == 'm' ? PTEXT(address)
					     : PTEXT(now);
		if (store_exec(s, steps[i].q, p, n, NULL, NULL, NULL, err) < 0)
			return -1;
	}
	return 0;
}

/* Whether U is a site administrator who can sign in with a password and no other one could: then nobody
 * would be left to administer the site. */
static int
last_admin(struct store *s, const struct user *u, bool *last, struct error *err)
{
	*last = false;
	if (!u->is_admin || !u->has_password || u->disabled)
		return 0;
	struct param p[] = {PINT(u->id)};
	int64_t others = 0;
	if (store_get_int(s, Q_ERASE_ADMINS_LEFT, PARAMS(p), &others, err) < 0)
		return -1;
	*last = others == 0;
	return 0;
}

int
user_erase(struct store *s, const struct actor *who, const struct user *u, const char *typed, struct error *err)
{
	if (user_is_erased(u))
		return error_of(err, ERROR_CONFLICT, "this person has been erased already");
	if (who->user_id && who->user_id == u->id)
		return error_set(err, "you cannot erase yourself: ask another site administrator");
	if (!typed || strcasecmp(typed, u->email) != 0)
		return error_in(err, "confirm", "type the person's email address exactly to confirm the erasure");
	if (store_begin(s, err) < 0)
		return -1;
	bool last;
	int rc = last_admin(s, u, &last, err);
	if (rc == 0 && last)
		rc = error_of(err, ERROR_CONFLICT,
			      "%s is the last site administrator with a password: make another one first", u->email);
	if (rc == 0)
		rc = run_steps(s, u, err);
	char target[64];
	erasure_label(u->id, target);
	if (rc == 0)
		rc = audit_record(s, who, "user.erase", 0, target, "account erased; its id kept", err);
	return store_finish(s, rc, err);
}
