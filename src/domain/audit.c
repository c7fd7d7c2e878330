/* audit.c - the audit log (see audit.h). */
#include "domain/audit.h"

#include <string.h>

#include "store/store.h"

const struct actor actor_cli = {0, "command line", NULL};

int
audit_record(struct store *s, const struct actor *who, const char *action, int64_t unit_id, const char *target,
	     const char *detail, struct error *err)
{
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(now),    who->user_id ? PINT(who->user_id) : PNULL, PTEXT(who->label),
			    PTEXT(action), unit_id ? PINT(unit_id) : PNULL,           PTEXT(target),
			    PTEXT(detail), PTEXT(who->address)};
	return store_exec(s, Q_AUDIT_ADD, p, 8, NULL, NULL, NULL, err);
}

struct each_ctx {
	audit_fn fn;
	void *ctx;
};

static int
audit_row(void *vctx, const struct row *r)
{
	struct each_ctx *c = vctx;
	struct audit_entry e = {
		.id = row_int(r, 0),
		.at = row_text(r, 1),
		.actor = row_text(r, 2),
		.action = row_text(r, 3),
		.unit_id = row_null(r, 4) ? 0 : row_int(r, 4),
		.target = row_text(r, 5),
		.detail = row_text(r, 6),
		.address = row_null(r, 7) ? NULL : row_text(r, 7),
	};
	return c->fn(c->ctx, &e);
}

int
audit_each(struct store *s, int64_t before_id, audit_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	struct param p[] = {PINT(before_id > 0 ? before_id : INT64_MAX)};
	return store_exec(s, Q_AUDIT_LIST, p, 1, audit_row, &c, NULL, err);
}

const char *
audit_action_words(const char *action)
{
	static const char *const words[][2] = {
		{"action.create", "Action added"},
		{"action.update", "Action changed"},
		{"feedback.share", "360 report shared"},
		{"feedback.start", "360 cycle started"},
		{"feedback.unshare", "360 report no longer shared"},
		{"measure.create", "Measure added"},
		{"measure.import", "Measure data imported"},
		{"measure.point", "Measure data point added"},
		{"password.check_failed", "Wrong current password"},
		{"pdp.share", "Plan shared"},
		{"pdp.unshare", "Plan no longer shared"},
		{"pdsa.plan", "PDSA cycle planned"},
		{"pdsa.record", "PDSA cycle recorded"},
		{"region.min_group_size", "Minimum group size set"},
		{"role.grant", "Role given"},
		{"role.revoke", "Role removed"},
		{"round.calibration", "Coach's calibration recorded"},
		{"round.close", "Round closed"},
		{"round.consensus", "Consensus recorded"},
		{"round.reopen", "Round reopened"},
		{"round.create", "Round opened"},
		{"round.repeat", "Round schedule changed"},
		{"round.import", "Answers imported"},
		{"round.language", "Survey language set"},
		{"signin", "Signed in"},
		{"signin.failed", "Sign-in failed"},
		{"signout.everywhere", "Signed out everywhere"},
		{"staff_group.add", "Staff group added"},
		{"staff_group.remove", "Staff group removed"},
		{"unit.archive", "Unit archived"},
		{"unit.create", "Unit added"},
		{"unit.import", "Units imported"},
		{"unit.list_size", "List size recorded"},
		{"unit.move", "Unit moved"},
		{"unit.rename", "Unit renamed"},
		{"unit.share", "Shared"},
		{"user.create", "Person added"},
		{"user.digest_off", "Daily digest turned off"},
		{"user.digest_on", "Daily digest turned on"},
		{"user.language", "Language chosen"},
		{"user.password", "Password changed"},
		{"user.password_reset", "Password reset"},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(words[i][0], action) == 0)
			return words[i][1];
	return action; /* a new kind of entry, before it has words: its code rather than nothing */
}
