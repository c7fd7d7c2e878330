/*
 * page_evidence.c - GET /admin/evidence: the evidence a site administrator hands to an information governance
 * lead for the Data Security and Protection Toolkit (DSPT) and a data protection impact assessment (DPIA): the
 * installation, who administers it, retention, backups and where the keys are (never what they hold), and a
 * record of processing filled in as far as caregrid knows it, the lawful basis left to the controller. Printed,
 * it fits two A4 pages (tests/browser). Loaded whole (domain/evidence.h), then written.
 */
#include <microhttpd.h>
#include <string.h>

#include "domain/evidence.h"
#include "store/store.h"
#include "version.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

/* A recorded moment ("2026-12-07T02:15:00Z") in words: "7 December 2026 at 02:15 UTC". */
static const char *
moment_words(const struct request *req, const char *at)
{
	char day[11] = "", time[6] = "";
	if (strlen(at) < 16)
		return at;
	memcpy(day, at, 10);
	memcpy(time, at + 11, 5);
	return arena_printf(req->arena, _("%s at %s UTC"), page_date(req, day), time);
}

/* The size of a file as people read it: "1.4 MB" in the reader's way of writing numbers. */
static const char *
size_words(const struct request *req, long long bytes)
{
	if (bytes < 1000 * 1000)
		return arena_printf(req->arena, _("%s KB"), page_num(req, (double)bytes / 1000.0, 0));
	return arena_printf(req->arena, _("%s MB"), page_num(req, (double)bytes / 1e6, 1));
}

static void
installation(struct buf *b, const struct request *req, const struct evidence *e)
{
	const char *base = req->app->base_url;
	bool https = base && strncmp(base, "https:", 6) == 0;
	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("This installation"));
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", _("Version"),
		    arena_printf(req->arena, _("caregrid %s, database schema version %d"), CAREGRID_VERSION,
				 e->schema_version));
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", _("Public address (--base-url)"),
		    base ? base : _("Not set: links are made from the address each request came to. Set --base-url."));
	html_printf(b, "<dt>%s</dt><dd>%s %s</dd>\n", _("Encryption in transit (TLS)"),
		    https ? _("Every link handed out starts with https://.")
			  : _("Warning: the public address does not start with https://, so links may travel "
			      "unencrypted."),
		    req->app->trust_proxy ? _("TLS is ended by the reverse proxy in front of caregrid (--trust-proxy).")
					  : _("caregrid serves plain HTTP itself: put it behind a reverse proxy that "
					      "ends TLS."));
	html_printf(b, "<dt>%s</dt><dd>", _("Single sign-on"));
	for (size_t i = 0; i < e->sso.n; i++)
		html_printf(b, "%s%s", i ? ", " : "", e->sso.v[i]);
	html_printf(b, "%s%s</dd>\n", e->sso.n ? ". " : _("None switched on. "),
		    e->local_passwords ? _("Everyone may also sign in with a password.")
				       : _("Only site administrators may sign in with a password (break-glass)."));
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", _("Accounts with a password of their own"),
		    arena_printf(req->arena, _("%s of %s accounts that may sign in"), page_count(req, e->with_password),
				 page_count(req, e->accounts)));
	html_printf(b, "<dt>%s</dt><dd>", _("Site administrators"));
	for (size_t i = 0; i < e->admins.n; i++)
		html_printf(b, "%s%s", i ? ", " : "", e->admins.v[i]);
	if (!e->admins.n)
		html_printf(b, "%s", _("None"));
	buf_puts(b, "</dd>\n</dl>\n");
}

static void
fact_number(struct buf *b, const char *label, int n)
{
	html_printf(b, "<dt>%s</dt><dd>%d</dd>\n", label, n);
}

/* The policy in force (the labels of /admin/retention's form) and the last purge with its counts. */
static void
retention(struct buf *b, struct request *req, const struct evidence *e)
{
	const struct retention_policy *p = &e->policy;
	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("Retention and purging"));
	fact_number(b, _("Addresses, in days"), p->addresses_days);
	fact_number(b, _("Comments, in months"), p->comments_months);
	fact_number(b, _("360 answers, in months"), p->answers_months);
	fact_number(b, _("Plans, in years"), p->plans_years);
	fact_number(b, _("Audit log, in years"), p->audit_years);
	buf_puts(b, "</dl>\n");
	buf_puts(b, _("<h2>The last purge</h2>\n"));
	if (!e->purged) {
		buf_puts(b, _("<p>No purge has run yet.</p>\n"));
		return;
	}
	const struct retention_run *r = &e->last_purge;
	html_printf(b, _("<p>On %s, as of %s.</p>\n"), page_date(req, arena_strndup(req->arena, r->at, 10)),
		    page_date(req, r->as_of));
	const struct retention_counts *c = &r->counts;
	const struct {
		const char *what;
		long n;
	} kinds[] = {
		{_("Addresses"), c->addresses}, {_("Messages"), c->messages}, {_("Comments"), c->comments},
		{_("360 answers"), c->answers}, {_("Plan goals"), c->plans},  {_("Plan reviews"), c->reviews},
		{_("Audit entries"), c->audit},
	};
	buf_puts(b, "<p>");
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		html_printf(b, "%s%s %s", i ? " · " : "", kinds[i].what, page_count(req, kinds[i].n));
	buf_puts(b, "</p>\n");
}

static void
backup_line(struct buf *b, const struct request *req, const char *what, const struct backup_record *r, const char *none)
{
	html_printf(b, "<dt>%s</dt><dd>", what);
	if (r->found)
		html_printf(b, "%s",
			    arena_printf(req->arena, _("%s: %s, %s, %s rows in %s tables"), moment_words(req, r->at),
					 r->file, size_words(req, r->size), page_count(req, r->rows),
					 page_count(req, r->tables)));
	else
		html_printf(b, "%s", none);
	buf_puts(b, "</dd>\n");
}

static void
backups(struct buf *b, const struct request *req, const struct evidence *e)
{
	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("Backups and keys"));
	backup_line(b, req, _("Last backup"), &e->backup,
		    _("None recorded. Make encrypted backups with caregrid backup --encrypt."));
	backup_line(b, req, _("Last verified restore"), &e->verified,
		    _("None recorded. Check a backup with caregrid restore --verify."));
	const char *key = e->backup.found ? e->backup.key_file : e->verified.key_file;
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", _("Backup key file"),
		    *key ? key : _("Not known until a backup is recorded."));
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", _("Database key file"),
		    e->db_key_file ? e->db_key_file : _("Named with --key-file or CAREGRID_KEY_FILE."));
	html_printf(b, "</dl>\n<p class=\"note\">%s</p>\n",
		    _("Only where the key files are is shown here, never what they hold; keep both apart from the "
		      "backups. With a backup a day and --keep 35, each backup is kept 35 days, so that erased data "
		      "leaves the backups within 35 days."));
}

/* The record of processing (UK GDPR Article 30): what caregrid holds, why, and who sees it; how long is kept_words. */
static const char *const processing[][3] = {
	{N_("Accounts: names, email addresses, roles, password hashes, sessions"), N_("Signing in; who may do what"),
	 N_("The person; site administrators; unit administrators for their units")},
	{N_("Survey answers: scores, staff group, free-text comments (anonymous)"),
	 N_("Measuring and improving how teams work"),
	 N_("Nobody sees one person's answers; a unit's people see results only for groups of at least the minimum "
	    "size")},
	{N_("Invitation and reminder email addresses, and the mail waiting to be sent"),
	 N_("Inviting and reminding people"), N_("The unit's facilitators and administrators")},
	{N_("360 feedback: colleagues' ratings and comments about a person"), N_("That person's development"),
	 N_("The person and whom they share the report with; never who gave which answer")},
	{N_("Development plans and their reviews"), N_("The person's development"),
	 N_("The person and whom they share the plan with")},
	{N_("Audit log: who did what and when, and from which address"), N_("Accountability and security"),
	 N_("Site administrators; unit administrators for their units")},
	{N_("Encrypted backups of all the above"), N_("Recovery after a failure"),
	 N_("The operator holding the backup key")},
};

/* How long row I of processing is kept, by the policy in force. */
static const char *
kept_words(const struct request *req, size_t i, const struct retention_policy *p)
{
	switch (i) {
	case 0: return _("While the account is active");
	case 1:
		return arena_printf(req->arena, _("Numeric answers kept; comments %d months after close"),
				    p->comments_months);
	case 2: return arena_printf(req->arena, _("%d days after the round or cycle closes"), p->addresses_days);
	case 3:
		return arena_printf(req->arena, _("Ratings %d months, comments %d months after the cycle closes"),
				    p->answers_months, p->comments_months);
	case 4: return arena_printf(req->arena, _("While the account is active, then %d years"), p->plans_years);
	case 5: return arena_printf(req->arena, _("%d years"), p->audit_years);
	default: return _("35 days");
	}
}

static void
record_of_processing(struct buf *b, const struct request *req, const struct retention_policy *policy)
{
	html_printf(b,
		    "<h2>%s</h2>\n<p>%s</p>\n<div class=\"scroll\" tabindex=\"0\"><table class=\"list processing\">"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
		    _("Record of processing"),
		    _("Filled in as far as caregrid knows it; the controller completes and signs it."),
		    _("Personal data"), _("Purpose"), _("Who can see it"), _("Kept"));
	for (size_t i = 0; i < sizeof processing / sizeof *processing; i++)
		html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", _(processing[i][0]),
			    _(processing[i][1]), _(processing[i][2]), kept_words(req, i, policy));
	buf_puts(b, "</tbody></table></div>\n<dl class=\"facts blanks\">\n");
	const char *blanks[] = {_("Controller"), _("Lawful basis (UK GDPR Article 6)"), _("Data protection officer"),
				_("Signed, and date")};
	for (size_t i = 0; i < sizeof blanks / sizeof *blanks; i++)
		html_printf(b, "<dt>%s</dt><dd class=\"blank\"></dd>\n", blanks[i]);
	buf_puts(b, "</dl>\n");
}

void
page_evidence(struct request *req, struct response *res)
{
	struct evidence e;
	struct error err;
	if (evidence_load(request_store(req), req->app->db_path, &e, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct buf *b = &res->body;
	char today[32];
	store_now(today, sizeof today);
	today[10] = '\0';
	const struct crumb crumbs[] = {{_("Evidence for data protection"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Evidence for data protection"), crumbs);
	html_printf(b, "<article class=\"evidence\">\n<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
		    _("Evidence for data protection"),
		    arena_printf(req->arena,
				 _("For the Data Security and Protection Toolkit and a data protection impact "
				   "assessment, as of %s."),
				 page_date(req, today)));
	installation(b, req, &e);
	retention(b, req, &e);
	backups(b, req, &e);
	record_of_processing(b, req, &e.policy);
	buf_puts(b, "</article>\n");
	page_end(b, req);
	evidence_release(&e);
}
