/* audit.c - the audit log (see audit.h). */
#include "domain/audit.h"

#include <string.h>

#include "lib/i18n.h"
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
	return store_exec(s, Q_AUDIT_ADD, PARAMS(p), NULL, NULL, NULL, err);
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
	return store_exec(s, Q_AUDIT_LIST, PARAMS(p), audit_row, &c, NULL, err);
}

/* Each audited action's words, in a person's language once translated. */
static const char *const action_words[][2] = {
	{"action.create", N_("Action added")},
	{"action.update", N_("Action changed")},
	{"backup.make", N_("Encrypted backup made")},
	{"aim.adopt", N_("Aim adopted from a unit above")},
	{"aim.create", N_("Aim set")},
	{"aim.update", N_("Aim changed")},
	{"aim.driver", N_("Driver added to an aim")},
	{"aim.driver_change", N_("Driver of an aim changed")},
	{"aim.driver_delete", N_("Driver deleted from an aim")},
	{"aim.idea", N_("Change idea added to an aim")},
	{"aim.idea_change", N_("Change idea changed")},
	{"aim.idea_delete", N_("Change idea deleted from an aim")},
	{"aim.measure", N_("Measure linked to a driver")},
	{"aim.pdsa", N_("PDSA cycle put on a change idea")},
	{"backup.verify", N_("Backup verified by a test restore")},
	{"feedback.invite", N_("360 colleagues invited by email")},
	{"feedback.remind", N_("360 colleagues reminded")},
	{"feedback.share", N_("360 report shared")},
	{"feedback.start", N_("360 cycle started")},
	{"feedback.unshare", N_("360 report no longer shared")},
	{"improvement.import", N_("Improvement work imported: measures, actions and aims")},
	{"measure.create", N_("Measure added")},
	{"measure.import", N_("Measure data imported")},
	{"measure.point", N_("Measure data point added")},
	{"measure.note", N_("Note added to a measure's chart")},
	{"password.check_failed", N_("Wrong current password")},
	{"pdp.share", N_("Plan shared")},
	{"pdp.unshare", N_("Plan no longer shared")},
	{"pdsa.plan", N_("PDSA cycle planned")},
	{"pdsa.record", N_("PDSA cycle recorded")},
	{"region.min_group_size", N_("Minimum group size set")},
	{"role.grant", N_("Role given")},
	{"role.revoke", N_("Role removed")},
	{"round.calibration", N_("Coach's calibration recorded")},
	{"round.close", N_("Round closed")},
	{"round.consensus", N_("Consensus recorded")},
	{"round.reopen", N_("Round reopened")},
	{"round.create", N_("Round opened")},
	{"round.invite", N_("Invitations sent by email")},
	{"round.remind", N_("Reminders sent")},
	{"round.repeat", N_("Round schedule changed")},
	{"round.import", N_("Answers imported")},
	{"round.language", N_("Survey language set")},
	{"round.remind_failed", N_("Reminders not sent")},
	{"series.failed", N_("Scheduled round not opened")},
	{"round.headcount", N_("Round headcount set")},
	{"retention.purge", N_("Personal data purged")},
	{"retention.set", N_("Retention changed")},
	{"disclosure.set", N_("Disclosure control changed")},
	{"population.measure", N_("Population segment made a measure")},
	{"signin", N_("Signed in")},
	{"signin.failed", N_("Sign-in failed")},
	{"signin.sso", N_("Signed in through a sign-in service")},
	{"signin.sso.failed", N_("Sign-in through a sign-in service refused")},
	{"signin.sso.test", N_("Sign-in service tested")},
	{"identity.link", N_("Sign-in service account joined by email")},
	{"role.sync", N_("Roles brought up to date from a sign-in service")},
	{"signout.sso", N_("Signed out by a sign-in service")},
	{"signout.sso.failed", N_("Sign-out from a sign-in service refused")},
	{"signout.everywhere", N_("Signed out everywhere")},
	{"staff_group.add", N_("Staff group added")},
	{"staff_group.remove", N_("Staff group removed")},
	{"unit.archive", N_("Unit archived")},
	{"unit.create", N_("Unit added")},
	{"unit.import", N_("Units imported")},
	{"unit.list_size", N_("List size recorded")},
	{"unit.move", N_("Unit moved")},
	{"unit.rename", N_("Unit renamed")},
	{"unit.ods_code", N_("ODS code set")},
	{"sso.provider.add", N_("Sign-in provider added")},
	{"sso.provider.update", N_("Sign-in provider changed")},
	{"sso.rule.add", N_("Sign-in rule added")},
	{"sso.rule.delete", N_("Sign-in rule removed")},
	{"setting.local_passwords", N_("Password sign-in setting changed")},
	{"unit.share", N_("Shared")},
	{"user.create", N_("Person added")},
	{"user.digest_off", N_("Daily digest turned off")},
	{"user.digest_on", N_("Daily digest turned on")},
	{"user.erase", N_("Person erased")},
	{"user.export", N_("Person's data downloaded for them")},
	{"user.language", N_("Language chosen")},
	{"user.password", N_("Password changed")},
	{"user.password_reset", N_("Password reset")},
};

const char *
audit_action_words(const char *action)
{
	for (size_t i = 0; i < sizeof action_words / sizeof *action_words; i++)
		if (strcmp(action_words[i][0], action) == 0)
			return action_words[i][1];
	return action; /* a new kind of entry, before it has words: its code rather than nothing */
}
