/*
 * subject_access.c - a person's own data as a ZIP (see subject_access.h). Each file is written from one read:
 * profile.json, roles.csv, sessions.csv (times and client address; never a token or its hash), audit.csv (the
 * entries they made, another person's address masked and the details of an entry about another person left
 * out), plan.json, feedback.json (their own cycles' reports), consensus-notes.csv, invitations.csv (the title
 * and dates of each survey round or 360 their address was invited to, never whether it answered), README.txt.
 */
#include "domain/subject_access.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/pdp.h"
#include "lib/csv.h"
#include "lib/xalloc.h"
#include "lib/zip.h"
#include "store/store.h"

#define ANOTHER_PERSON "(another person)"

static const char readme[] =
	"Your data in caregrid\n"
	"=====================\n\n"
	"This archive holds what caregrid keeps about you, as it stood when it was made.\n\n"
	"profile.json          your account: address, name, when it was made, your language and digest settings\n"
	"                      (whether a password is set, never the password or its hash)\n"
	"roles.csv             your roles on units, and when each was given\n"
	"sessions.csv          your live sign-ins: when each began, when it ends, the address it came from\n"
	"                      (never the session's token or its hash)\n"
	"audit.csv             the entries of the audit log you made. Another person's email address in them is\n"
	"                      shown as \"(another person)\", and the details of an entry about another person are\n"
	"                      left out: they are that person's data.\n"
	"plan.json             your development plan: goals, reviews, and whom you shared it with\n"
	"feedback.json         your 360 feedback reports as the report page shows them: colleagues' figures and\n"
	"                      words only once the cycle is closed and at least 3 colleagues answered, small\n"
	"                      groups combined. Reports others shared with you are theirs, not in here.\n"
	"consensus-notes.csv   the consensus and coach's calibration notes you were the last to record\n"
	"invitations.csv       the survey rounds and 360 cycles your address is still invited to: title and dates\n\n"
	"What is not here, and why\n"
	"-------------------------\n"
	"Your survey answers and any 360 feedback you gave a colleague. caregrid keeps answers without anything\n"
	"that links them to the person who gave them (no name, no address, no link token): that is its promise\n"
	"to everyone who answers. So they cannot be found to be given to you, nor to anyone else.\n"
	"Whether you answered an invitation is not kept either, so it is not listed.\n";

/* The entry's text with every email address other than OWN shown as ANOTHER_PERSON. */
static void
mask_addresses(struct buf *b, const char *text, const char *own)
{
	while (*text) {
		size_t n = strcspn(text, " ,;()\"'");
		if (n && memchr(text, '@', n) && !(strlen(own) == n && strncasecmp(text, own, n) == 0))
			buf_puts(b, ANOTHER_PERSON);
		else
			buf_add(b, text, n);
		text += n;
		if (*text)
			buf_putc(b, *text++);
	}
}

static void
csv_row(struct buf *b, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		csv_write_field(b, fields[i] ? fields[i] : "");
	}
	buf_puts(b, "\r\n");
}

struct ctx {
	struct buf b;
	const struct user *u;
};

static int
role_row(void *vctx, const struct row *r)
{
	struct ctx *c = vctx;
	const char *f[] = {row_text(r, 0), row_text(r, 1), row_text(r, 2), row_text(r, 3)};
	csv_row(&c->b, f, 4);
	return 0;
}

static void
iso_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm))
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(out, 32, "%lld", (long long)t);
}

static int
session_row(void *vctx, const struct row *r)
{
	struct ctx *c = vctx;
	char from[32], to[32];
	iso_time(row_int(r, 0), from);
	iso_time(row_int(r, 1), to);
	const char *f[] = {from, to, row_text(r, 2)};
	csv_row(&c->b, f, 3);
	return 0;
}

static int
audit_row(void *vctx, const struct row *r)
{
	struct ctx *c = vctx;
	const char *target = row_text(r, 3);
	bool other = strchr(target, '@') && strcasecmp(target, c->u->email) != 0;
	struct buf detail = BUF_INIT;
	buf_init(&detail, 0);
	if (!other)
		mask_addresses(&detail, row_text(r, 4), c->u->email);
	const char *f[] = {row_text(r, 0), row_text(r, 1), row_text(r, 2), other ? ANOTHER_PERSON : target,
			   detail.data, row_text(r, 5)};
	csv_row(&c->b, f, 6);
	buf_release(&detail);
	return 0;
}

static int
consensus_row(void *vctx, const struct row *r)
{
	struct ctx *c = vctx;
	char level[24];
	snprintf(level, sizeof level, "%lld", (long long)row_int(r, 4));
	const char *f[] = {row_text(r, 0), row_text(r, 1), row_text(r, 2), row_text(r, 3), level, row_text(r, 5),
			   row_text(r, 6)};
	csv_row(&c->b, f, 7);
	return 0;
}

static int
invitation_row(void *vctx, const struct row *r)
{
	struct ctx *c = vctx;
	const char *f[] = {row_text(r, 0), row_text(r, 1), row_text(r, 2), row_text(r, 3)};
	csv_row(&c->b, f, 4);
	return 0;
}

/* One CSV file: its header, then the rows Q gives for PARAM. */
static int
csv_file(struct store *s, struct zip *z, const struct user *u, const char *name, const char *const *head, size_t n,
	 enum query_id q, struct param param, row_fn fn, struct error *err)
{
	struct ctx c = {.u = u};
	buf_init(&c.b, 0);
	csv_row(&c.b, head, n);
	struct param p[] = {param};
	int rc = store_exec(s, q, PARAMS(p), fn, &c, NULL, err);
	if (rc == 0)
		rc = zip_add(z, name, c.b.data, c.b.len, err);
	buf_release(&c.b);
	return rc;
}

static int
csv_files(struct store *s, struct zip *z, const struct user *u, struct error *err)
{
	static const char *const roles[] = {"unit_code", "unit_name", "role", "granted_at"};
	static const char *const sessions[] = {"signed_in_at", "ends_at", "address"};
	static const char *const audit[] = {"at", "action", "unit", "target", "detail", "address"};
	static const char *const notes[] = {"unit", "round", "element", "kind", "level", "note", "recorded_at"};
	static const char *const invited[] = {"kind", "title", "from", "to"};
	if (csv_file(s, z, u, "roles.csv", roles, 4, Q_SA_ROLES, PINT(u->id), role_row, err) < 0 ||
	    csv_file(s, z, u, "sessions.csv", sessions, 3, Q_SA_SESSIONS, PINT(u->id), session_row, err) < 0 ||
	    csv_file(s, z, u, "audit.csv", audit, 6, Q_SA_AUDIT, PINT(u->id), audit_row, err) < 0 ||
	    csv_file(s, z, u, "consensus-notes.csv", notes, 7, Q_SA_CONSENSUS, PINT(u->id), consensus_row, err) < 0 ||
	    csv_file(s, z, u, "invitations.csv", invited, 4, Q_SA_INVITATIONS, PTEXT(u->email), invitation_row, err) <
		    0)
		return -1;
	return 0;
}

/* Adds DOC (taken) as NAME, indented. */
static int
json_file(struct zip *z, const char *name, json_t *doc, struct error *err)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (!text)
		return error_of(err, ERROR_INTERNAL, "%s could not be written", name);
	int rc = zip_add(z, name, text, strlen(text), err);
	free(text);
	return rc;
}

static int
profile_row(void *vctx, const struct row *r)
{
	json_t **doc = vctx;
	*doc = json_pack("{s:I, s:s, s:s, s:b, s:s, s:s?, s:s?, s:b, s:b}", "id", (json_int_t)row_int(r, 0), "email",
			 row_text(r, 1), "name", row_text(r, 2), "site_administrator", row_int(r, 3) != 0,
			 "created_at", row_text(r, 4), "disabled_at", row_null(r, 5) ? NULL : row_text(r, 5),
			 "language", row_null(r, 6) ? NULL : row_text(r, 6), "daily_digest", row_int(r, 7) != 0,
			 "password_set", row_int(r, 8) != 0);
	return 0;
}

static int
profile_file(struct store *s, struct zip *z, const struct user *u, struct error *err)
{
	json_t *doc = NULL;
	struct param p[] = {PINT(u->id)};
	if (store_exec(s, Q_SA_PROFILE, PARAMS(p), profile_row, &doc, NULL, err) < 0)
		return -1;
	if (!doc)
		return error_of(err, ERROR_NOT_FOUND, "no such person");
	return json_file(z, "profile.json", doc, err);
}

static int
goal_item(void *vctx, const struct pdp_goal *g)
{
	json_t *goals = vctx;
	json_array_append_new(goals, json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:[]}", "id", (json_int_t)g->id,
					       "title", g->title, "elements", g->elements, "actions", g->actions,
					       "coach", g->coach, "review_on", *g->review_on ? g->review_on : NULL,
					       "status", g->status, "reviews"));
	return 0;
}

static int
review_item(void *vctx, int64_t goal_id, const char *reviewed_on, const char *note)
{
	json_t *goals = vctx;
	size_t i;
	json_t *g;
	json_array_foreach(goals, i, g) if (json_integer_value(json_object_get(g, "id")) == goal_id)
		json_array_append_new(json_object_get(g, "reviews"),
				      json_pack("{s:s, s:s}", "reviewed_on", reviewed_on, "note", note));
	return 0;
}

static int
person_item(void *vctx, int64_t id, const char *email, const char *name)
{
	(void)id;
	json_array_append_new(vctx, json_pack("{s:s, s:s}", "name", name, "email", email));
	return 0;
}

static int
plan_file(struct store *s, struct zip *z, const struct user *u, struct error *err)
{
	json_t *goals = json_array(), *shared = json_array();
	if (pdp_goals_each(s, u->id, goal_item, goals, err) < 0 ||
	    pdp_reviews_each(s, u->id, review_item, goals, err) < 0 ||
	    pdp_coaches_each(s, u->id, person_item, shared, err) < 0) {
		json_decref(goals);
		json_decref(shared);
		return -1;
	}
	return json_file(z, "plan.json", json_pack("{s:o, s:o}", "goals", goals, "shared_with", shared), err);
}

static json_t *
number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 100) / 100);
}

/* A report as the report page gives it (page_feedback_report.c): colleagues' figures only when R->shown. */
static json_t *
report_json(const struct instrument *ins, const struct feedback_report *r)
{
	json_t *items = json_array();
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			json_t *o = json_pack("{s:s, s:s, s:o}", "code", ins->domains[d].items[j].code, "domain",
					      ins->domains[d].code, "self", number_or_null(r->self[k]));
			if (r->shown) {
				json_t *dist = json_array();
				for (size_t l = 0; l < ins->n_levels && l < 16; l++)
					json_array_append_new(dist, json_integer((json_int_t)r->counts[k][l]));
				json_object_set_new(o, "others", number_or_null(r->others[k].mean));
				json_object_set_new(o, "others_n", json_integer((json_int_t)r->others[k].n));
				json_object_set_new(o, "gap",
						    json_string(feedback_gap_kind(r->self[k], r->others[k].mean)));
				json_object_set_new(o, "distribution", dist);
				json_object_set_new(o, "dont_know", json_integer((json_int_t)r->dont_know[k]));
			}
			json_array_append_new(items, o);
		}
	json_t *groups = json_array(), *strengths = json_array(), *suggestions = json_array();
	for (size_t g = 0; r->shown && g < r->n_groups; g++) {
		json_t *means = json_object();
		k = 0;
		for (size_t d = 0; d < ins->n_domains; d++)
			for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
				json_object_set_new(means, ins->domains[d].items[j].code,
						    number_or_null(r->groups[g].mean[k]));
		json_array_append_new(groups, json_pack("{s:s, s:I, s:o}", "relationship", r->groups[g].code, "n",
							(json_int_t)r->groups[g].n, "means", means));
	}
	for (size_t i = 0; r->shown && i < r->strengths.n; i++)
		json_array_append_new(strengths, json_string(r->strengths.v[i]));
	for (size_t i = 0; r->shown && i < r->suggestions.n; i++)
		json_array_append_new(suggestions, json_string(r->suggestions.v[i]));
	return json_pack("{s:b, s:o, s:b, s:I, s:o, s:o, s:o, s:o}", "self_rated", r->has_self, "others_answered",
			 r->shown ? json_integer((json_int_t)r->n_others) : json_null(), "others_shown", r->shown,
			 "minimum", (json_int_t)FEEDBACK_MIN_OTHERS, "items", items, "groups", groups, "strengths",
			 strengths, "suggestions", suggestions);
}

struct cycles {
	struct feedback_cycle *v;
	size_t n;
};

static int
keep_cycle(void *vctx, const struct feedback_cycle *c)
{
	struct cycles *cs = vctx;
	cs->v = xrealloc(cs->v, (cs->n + 1) * sizeof *cs->v);
	cs->v[cs->n++] = *c;
	return 0;
}

/* One cycle with its report and whom it is shared with. */
static json_t *
cycle_json(struct store *s, const struct catalog *cat, const struct feedback_cycle *c, struct error *err)
{
	json_t *shared = json_array();
	if (feedback_shares_each(s, c->id, person_item, shared, err) < 0) {
		json_decref(shared);
		return NULL;
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:b, s:o}", "id", (json_int_t)c->id, "title", c->title,
			      "instrument", c->instrument_id, "version", (json_int_t)c->version, "created_at",
			      c->created_at, "closed", c->closed, "shared_with", shared);
	const struct instrument *ins = catalog_find(cat, c->instrument_id, c->version);
	struct feedback_report r;
	if (!ins) {
		json_object_set_new(o, "report", json_null());
	} else if (feedback_report_compute(s, c, ins, &r, err) < 0) {
		json_decref(o);
		return NULL;
	} else {
		json_object_set_new(o, "report", report_json(ins, &r));
		feedback_report_release(&r);
	}
	return o;
}

static int
feedback_file(struct store *s, struct zip *z, const struct catalog *cat, const struct user *u, struct error *err)
{
	struct cycles cs = {0};
	json_t *arr = json_array();
	int rc = feedback_cycles_each(s, u->id, keep_cycle, &cs, err);
	for (size_t i = 0; rc == 0 && i < cs.n; i++) {
		json_t *o = cycle_json(s, cat, &cs.v[i], err);
		if (!o)
			rc = -1;
		else
			json_array_append_new(arr, o);
	}
	free(cs.v);
	if (rc < 0) {
		json_decref(arr);
		return -1;
	}
	return json_file(z, "feedback.json", json_pack("{s:o}", "cycles", arr), err);
}

int
subject_access_export(struct store *s, const struct actor *who, const struct catalog *cat, const struct user *u,
		      time_t now, struct buf *out, struct error *err)
{
	struct zip z;
	zip_init(&z, now);
	if (store_begin(s, err) < 0) {
		zip_release(&z);
		return -1;
	}
	int rc = zip_add(&z, "README.txt", readme, sizeof readme - 1, err);
	if (rc == 0)
		rc = profile_file(s, &z, u, err);
	if (rc == 0)
		rc = csv_files(s, &z, u, err);
	if (rc == 0)
		rc = plan_file(s, &z, u, err);
	if (rc == 0)
		rc = feedback_file(s, &z, cat, u, err);
	if (rc == 0 && who->user_id != u->id) {
		char target[32];
		snprintf(target, sizeof target, "user #%lld", (long long)u->id);
		rc = audit_record(s, who, "user.export", 0, target, "their data exported for them", err);
	}
	rc = store_finish(s, rc, err);
	if (rc == 0)
		rc = zip_finish(&z, out, err);
	zip_release(&z);
	return rc;
}

void
subject_access_filename(const struct user *u, char name[64])
{
	snprintf(name, 64, "caregrid-data-%lld.zip", (long long)u->id);
}
