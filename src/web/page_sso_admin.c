/*
 * page_sso_admin.c - /admin/sso, for site administrators: the sign-in providers (added from a preset that
 * fills the defaults, changed, switched off), each provider's claims-to-role rules, the switch that turns
 * passwords off for everyone but site administrators (break-glass), and a test sign-in's result. The domain
 * checks and stores (domain/sso.h); this parses, calls and renders.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/sso.h"
#include "domain/unit.h"
#include "lib/arena.h"
#include "lib/claims_mask.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_sso_admin.h"

static const char *
preset_words(const struct request *req, enum sso_preset p)
{
	switch (p) {
	case SSO_CIS2: return _("NHS Care Identity (CIS2)");
	case SSO_ENTRA: return _("Microsoft Entra ID or NHSmail");
	case SSO_GOOGLE: return _("Google Workspace");
	case SSO_GENERIC: break;
	}
	return _("Another OpenID Connect provider");
}

static const char *
provider_href(struct request *req, const struct sso_provider *p)
{
	return arena_printf(req->arena, "/admin/sso/%s", p->name);
}

/* The provider the route's {provider} names into *P; false after answering 404 (or 503). */
static bool
load_provider(struct request *req, struct response *res, struct sso_provider *p)
{
	struct error err;
	int found = req->n_params ? sso_provider_by_name(request_store(req), req->params[0], p, &err) : 0;
	if (found < 0)
		respond_storage_error(req, res, &err);
	else if (!found)
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such provider."));
	return found > 0;
}

/* ---- the list ---- */

struct provider_list {
	struct request *req;
	struct sso_provider *v;
	long *rules;
	size_t n, cap;
	struct error *err;
};

static int
count_rule(void *ctx, const struct sso_rule *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

static int
collect_provider(void *ctx, const struct sso_provider *p)
{
	struct provider_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct sso_provider *v = arena_alloc(l->req->arena, cap * sizeof *v);
		long *rules = arena_alloc(l->req->arena, cap * sizeof *rules);
		if (l->n) {
			memcpy(v, l->v, l->n * sizeof *v);
			memcpy(rules, l->rules, l->n * sizeof *rules);
		}
		l->v = v, l->rules = rules, l->cap = cap;
	}
	l->v[l->n] = *p;
	l->rules[l->n] = 0;
	if (sso_rules_each(request_store(l->req), p->id, count_rule, &l->rules[l->n], l->err) < 0)
		return -1;
	l->n++;
	return 0;
}

static void
write_providers(struct buf *b, struct request *req, const struct provider_list *l)
{
	if (!l->n) {
		buf_puts(b, _("<p>No provider yet: everyone signs in with a password.</p>\n"));
		return;
	}
	buf_puts(b, _("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Sign-in providers\">"
		      "<table class=\"list\"><thead><tr><th>Provider</th><th>Kind</th><th>Issuer</th>"
		      "<th class=\"num\">Rules</th><th>Status</th></tr></thead><tbody>\n"));
	for (size_t i = 0; i < l->n; i++) {
		const struct sso_provider *p = &l->v[i];
		html_printf(b,
			    "<tr><td><a href=\"%s\">%s</a> <span class=\"note\">(%s)</span></td><td>%s</td>"
			    "<td>%s</td><td class=\"num\">%ld</td><td>%s</td></tr>\n",
			    provider_href(req, p), p->label, p->name, preset_words(req, p->preset), p->issuer,
			    l->rules[i], p->enabled ? _("In use") : _("Switched off"));
	}
	buf_puts(b, "</tbody></table></div>\n");
}

static void
write_add_picker(struct buf *b, struct request *req)
{
	buf_puts(b,
		 _("<section class=\"panel\"><h2>Add a provider</h2>\n<form method=\"get\" action=\"/admin/sso/new\" "
		   "class=\"row\"><label>Kind of provider <select name=\"preset\">"));
	static const enum sso_preset order[] = {SSO_CIS2, SSO_ENTRA, SSO_GOOGLE, SSO_GENERIC};
	for (size_t i = 0; i < 4; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", sso_preset_name(order[i]),
			    preset_words(req, order[i]));
	buf_puts(b, _("</select></label><button type=\"submit\" class=\"primary\">Continue</button></form>"
		      "<p class=\"note\">The kind fills in what that provider needs; you can change any of it.</p>"
		      "</section>\n"));
}

static void
write_passwords_switch(struct buf *b, struct request *req, bool allowed)
{
	buf_puts(b, _("<section class=\"panel\"><h2>Passwords</h2>\n"));
	buf_puts(b, allowed ? _("<p>Everyone may sign in with a password.</p>\n")
			    : _("<p>Only site administrators may sign in with a password; everyone else signs in "
				"with their organisation's account.</p>\n"));
	buf_puts(b, "<form method=\"post\" action=\"/admin/sso/local-passwords\">");
	page_csrf_field(b, req);
	html_printf(b,
		    "<input type=\"hidden\" name=\"local_passwords\" value=\"%s\">"
		    "<button type=\"submit\" class=\"%s\">%s</button></form>\n",
		    allowed ? "off" : "on", allowed ? "danger" : "primary",
		    allowed ? _("Turn passwords off for everyone but site administrators")
			    : _("Turn passwords back on"));
	buf_puts(b, _("<p class=\"note\">A site administrator can always sign in with a password, so that caregrid "
		      "stays reachable when a provider is not.</p></section>\n"));
}

void
page_sso_admin(struct request *req, struct response *res)
{
	struct error err;
	struct provider_list l = {.req = req, .err = &err};
	bool allowed = true;
	if (sso_providers_each(request_store(req), collect_provider, &l, &err) < 0 ||
	    sso_local_passwords(request_store(req), &allowed, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Single sign-on"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Single sign-on"), crumbs);
	buf_puts(b, _("<h1>Single sign-on</h1>\n<p class=\"lead\">People sign in with the account their organisation "
		      "gave them (NHS Care Identity, Microsoft Entra ID or NHSmail, Google Workspace), and the rules "
		      "of each provider give them their roles on units.</p>\n"));
	write_providers(b, req, &l);
	write_add_picker(b, req);
	write_passwords_switch(b, req, allowed);
	page_end(b, req);
}

void
page_sso_local_passwords(struct request *req, struct response *res)
{
	const char *v = request_input(req, "local_passwords");
	struct error err;
	if (!v || (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, "/admin/sso", _("Choose on or off."));
		return;
	}
	bool on = strcmp(v, "on") == 0;
	const struct confirmation ask =
		{_("Turn passwords off?"),
		 _("Everyone but site administrators will have to sign in with their organisation's account. You can "
		   "turn passwords back on here."),
		 _("Turn passwords off"), "/admin/sso", false};
	if (!on && !page_confirmed(req, res, &ask))
		return;
	const struct actor who = request_actor(req);
	if (sso_local_passwords_set(request_store(req), &who, on, &err) < 0) {
		respond_failed(req, res, "/admin/sso", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/admin/sso",
		     on ? _("Everyone may sign in with a password again.")
			: _("Passwords are off for everyone but site administrators."),
		     NULL);
}

/* ---- a provider: adding and changing ---- */

/* P from the form's fields (named as the struct's), over what P holds already. */
static void
provider_from_form(struct request *req, struct sso_provider *p)
{
	static const struct {
		const char *name;
		size_t off, size;
	} texts[] = {
#define F(f) {#f, offsetof(struct sso_provider, f), sizeof((struct sso_provider *)0)->f}
		F(name), F(label), F(issuer), F(tenants), F(client_id), F(secret_file), F(scopes), F(algs), F(acr_min),
#undef F
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *v = request_input(req, texts[i].name);
		if (v)
			snprintf((char *)p + texts[i].off, texts[i].size, "%s", v);
	}
	const char *auth = request_input(req, "client_auth");
	if (auth)
		p->client_auth = strcmp(auth, "private_key_jwt") == 0 ? SSO_PRIVATE_KEY_JWT : SSO_SECRET_BASIC;
	const char *preset = request_input(req, "preset");
	if (preset)
		sso_preset_parse(preset, &p->preset);
	/* Checkboxes send nothing when unticked: the form says it carried them. */
	if (request_input(req, "switches")) {
		p->userinfo = request_input(req, "userinfo") != NULL;
		p->trust_verified_email = request_input(req, "trust_verified_email") != NULL;
	}
}

static void
text_field(struct buf *b, struct request *req, const char *name, const char *label, const char *value, const char *hint)
{
	if (!hint) {
		html_printf(b, "<p><label for=\"f-%s\">%s</label><input id=\"f-%s\" name=\"%s\" value=\"%s\"></p>\n",
			    name, label, name, name, form_value(req, name, value));
		return;
	}
	html_printf(b,
		    "<p><label for=\"f-%s\">%s</label> <span class=\"note\" id=\"h-%s\">%s</span><input id=\"f-%s\" "
		    "name=\"%s\" aria-describedby=\"h-%s\" value=\"%s\"></p>\n",
		    name, label, name, hint, name, name, name, form_value(req, name, value));
}

static void
write_provider_fields(struct buf *b, struct request *req, const struct sso_provider *p, bool is_new)
{
	if (is_new)
		text_field(b, req, "name", _("Short name"), p->name,
			   _(" Small letters, digits and '-', such as nhsmail: it cannot change later."));
	text_field(b, req, "label", _("Button label"), p->label, _(" After \"Sign in with\"."));
	text_field(b, req, "issuer", _("Issuer"), p->issuer, _(" Exactly as the provider gives it; https://."));
	if (p->preset == SSO_ENTRA)
		text_field(b, req, "tenants", _("Tenants allowed"), p->tenants,
			   _(" For an issuer with {tenantid}: tenant ids separated by commas."));
	text_field(b, req, "client_id", _("Client id"), p->client_id, NULL);
	html_printf(b,
		    _("<p><label for=\"f-client_auth\">Client authentication</label><select id=\"f-client_auth\" "
		      "name=\"client_auth\"><option value=\"client_secret_basic\"%s>A client secret</option>"
		      "<option value=\"private_key_jwt\"%s>A private key (private_key_jwt)</option></select></p>\n"),
		    p->client_auth == SSO_SECRET_BASIC ? " selected" : "",
		    p->client_auth == SSO_PRIVATE_KEY_JWT ? " selected" : "");
	text_field(b, req, "secret_file", _("File holding the secret or private key"), p->secret_file,
		   _(" A path on the server: caregrid keeps the path, never what is in the file."));
	text_field(b, req, "scopes", _("Scopes"), p->scopes, _(" Separated by spaces; openid is needed."));
	text_field(b, req, "algs", _("Signature algorithms accepted"), p->algs,
		   _(" Separated by commas; empty for RS256, RS512, PS256 and ES256."));
	text_field(b, req, "acr_min", _("Least assurance level"), p->acr_min, _(" Empty for none; CIS2: AAL3."));
	html_printf(b,
		    "<input type=\"hidden\" name=\"switches\" value=\"1\"><input type=\"hidden\" name=\"preset\" "
		    "value=\"%s\">",
		    sso_preset_name(p->preset));
	html_printf(b,
		    _("<p><label><input type=\"checkbox\" name=\"userinfo\" value=\"1\"%s> Ask the provider's "
		      "UserInfo endpoint for more claims</label></p>\n<p><label><input type=\"checkbox\" "
		      "name=\"trust_verified_email\" value=\"1\"%s> A first sign-in with a verified email joins the "
		      "account that has that email</label></p>\n"),
		    p->userinfo ? " checked" : "", p->trust_verified_email ? " checked" : "");
}

static void
write_warning(struct buf *b, struct request *req, const struct sso_provider *p)
{
	const char *w = sso_preset_warning(p);
	if (w)
		html_printf(b, "<p class=\"flash warn\" role=\"note\">%s</p>\n", _(w));
}

void
page_sso_new(struct request *req, struct response *res)
{
	struct sso_provider p = {.enabled = true};
	const char *preset = request_arg(req, "preset");
	enum sso_preset kind = SSO_GENERIC;
	if (preset && sso_preset_parse(preset, &kind) < 0) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such kind of provider."));
		return;
	}
	sso_preset_defaults(kind, &p);
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Single sign-on"), "/admin/sso"}, {_("Add a provider"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Add a provider"), crumbs);
	html_printf(b, _("<h1>Add a provider</h1>\n<p class=\"lead\">%s</p>\n"), preset_words(req, kind));
	write_warning(b, req, &p);
	buf_puts(b, "<form method=\"post\" action=\"/admin/sso\" class=\"stack\">");
	page_csrf_field(b, req);
	write_provider_fields(b, req, &p, true);
	buf_puts(b, _("<button type=\"submit\" class=\"primary\">Add the provider</button></form>\n"));
	page_end(b, req);
}

void
page_sso_create(struct request *req, struct response *res)
{
	struct sso_provider p = {.enabled = true};
	const char *preset = request_input(req, "preset");
	enum sso_preset kind = SSO_GENERIC;
	if (preset)
		sso_preset_parse(preset, &kind);
	provider_from_form(req, &p);
	sso_preset_defaults(kind, &p); /* fills only what was left empty */
	provider_from_form(req, &p);   /* and the form's switches win over the preset's */
	const char *back = arena_printf(req->arena, "/admin/sso/new?preset=%s", sso_preset_name(kind));
	struct error err;
	const struct actor who = request_actor(req);
	if (sso_provider_add(request_store(req), &who, &p, &err) < 0) {
		form_refused_at(req, err.field);
		respond_failed(req, res, back, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, "/admin/sso", _("Provider added: add its rules, then test it."), NULL);
}

void
page_sso_update(struct request *req, struct response *res)
{
	struct sso_provider p;
	struct error err;
	if (!load_provider(req, res, &p))
		return;
	const char *enabled = request_input(req, "enabled");
	if (enabled)
		p.enabled = strcmp(enabled, "on") == 0;
	else
		provider_from_form(req, &p);
	const struct actor who = request_actor(req);
	if (sso_provider_update(request_store(req), &who, &p, &err) < 0) {
		form_refused_at(req, err.field);
		respond_failed(req, res, provider_href(req, &p), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, provider_href(req, &p),
		     enabled ? (p.enabled ? _("Provider switched on.") : _("Provider switched off."))
			     : _("Provider saved."),
		     NULL);
}

/* ---- a provider's page: its settings, its rules, its test ---- */

/* Where rule R gives its role, in words: "Riverside Surgery", "Riverside Surgery and the units within",
 * "the unit with the entry's ODS code". */
static const char *
rule_where(struct request *req, const struct unit_tree *tree, const struct sso_rule *r)
{
	const struct unit *u = r->unit_id && tree ? unit_by_id(tree, r->unit_id) : NULL;
	const char *name = u            ? u->name
			   : r->unit_id ? _("a unit no longer there")
					: _("the unit with the entry's ODS code");
	return r->with_children ? arena_printf(req->arena, _("%s and the units within"), name) : name;
}

static const char *
rule_words(struct request *req, const struct unit_tree *tree, const struct sso_rule *r)
{
	const char *role = _(role_words(role_parse(r->role))), *where = rule_where(req, tree, r);
	if (r->kind == SSO_RULE_CLAIM)
		return arena_printf(req->arena, _("When the claim %s holds \"%s\": %s on %s"), r->claim, r->value, role,
				    where);
	if (r->value[0] == 'B')
		return arena_printf(req->arena, _("When a CIS2 role has activity %s: %s on %s"), r->value, role, where);
	return arena_printf(req->arena, _("When a CIS2 role has role code %s: %s on %s"), r->value, role, where);
}

struct rules_page {
	struct request *req;
	struct buf *b;
	const struct unit_tree *tree;
	const struct sso_provider *p;
	size_t n;
};

static int
write_rule(void *ctx, const struct sso_rule *r)
{
	struct rules_page *c = ctx;
	struct request *req = c->req;
	html_printf(c->b, "<li>%s <form method=\"post\" action=\"%s/rules/delete\" class=\"inline\">",
		    rule_words(req, c->tree, r), provider_href(req, c->p));
	page_csrf_field(c->b, req);
	html_printf(c->b,
		    _("<input type=\"hidden\" name=\"rule\" value=\"%lld\"><button type=\"submit\" "
		      "class=\"link danger-link\">Delete<span class=\"visually-hidden\"> this rule</span></button>"
		      "</form></li>\n"),
		    (long long)r->id);
	c->n++;
	return 0;
}

static void
write_rule_form(struct buf *b, struct request *req, const struct unit_tree *tree, const struct sso_provider *p)
{
	html_printf(b,
		    _("<details class=\"action\"%s><summary>Add a rule</summary><form method=\"post\" "
		      "action=\"%s/rules\" class=\"stack\">"),
		    req->refused.message ? " open" : "", provider_href(req, p));
	page_csrf_field(b, req);
	html_printf(b,
		    _("<p><label for=\"r-kind\">Kind</label><select id=\"r-kind\" name=\"kind\">"
		      "<option value=\"claim\"%s>A claim holds a value (roles, groups, hd…)</option>"
		      "<option value=\"cis2\"%s>A CIS2 role at the unit's ODS code (R-code or B-code)</option>"
		      "</select></p>\n"),
		    p->preset == SSO_CIS2 ? "" : " selected", p->preset == SSO_CIS2 ? " selected" : "");
	text_field(b, req, "claim", _("Claim"), p->preset == SSO_GOOGLE ? "hd" : "roles", _(" For a claim rule."));
	text_field(b, req, "value", _("Value"), "", _(" The claim's value; for CIS2 a code such as R8000 or B0264."));
	buf_puts(b, _("<p><label for=\"r-unit\">Unit</label><select id=\"r-unit\" name=\"unit\">"
		      "<option value=\"0\">The unit with the entry's ODS code (CIS2 only)</option>"));
	for (size_t i = 0; tree && i < tree->n; i++)
		if (!tree->v[i].archived_at)
			html_printf(b, "<option value=\"%lld\">%s (%s)</option>", (long long)tree->v[i].id,
				    tree->v[i].name, tree->v[i].code);
	buf_puts(b, "</select></p>\n");
	buf_puts(b,
		 _("<p><label for=\"r-role\">Role</label><select id=\"r-role\" name=\"role\">"
		   "<option value=\"viewer\">viewer</option><option value=\"facilitator\">facilitator</option>"
		   "<option value=\"admin\">administrator</option></select></p>\n"
		   "<p><label><input type=\"checkbox\" name=\"with_children\" value=\"1\"> And the units within"
		   "</label></p><button type=\"submit\" class=\"primary\">Add the rule</button></form></details>\n"));
}

static void
write_provider_panel(struct buf *b, struct request *req, const struct sso_provider *p)
{
	html_printf(b,
		    _("<p><a class=\"button secondary\" href=\"/auth/oidc/start?provider=%s&amp;test=1\">Test sign-in"
		      "</a> <span class=\"note\">Sign in with a test account: you see the claims received and which "
		      "rules would match. No one is signed in by it.</span></p>\n"),
		    p->name);
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"inline\">", provider_href(req, p));
	page_csrf_field(b, req);
	html_printf(b,
		    "<input type=\"hidden\" name=\"enabled\" value=\"%s\"><button type=\"submit\" class=\"%s\">%s"
		    "</button></form>\n",
		    p->enabled ? "off" : "on", p->enabled ? "secondary" : "primary",
		    p->enabled ? _("Switch this provider off") : _("Switch this provider on"));
	html_printf(b,
		    _("<details class=\"action\"><summary>Change its settings</summary><form method=\"post\" "
		      "action=\"%s\" class=\"stack\">"),
		    provider_href(req, p));
	page_csrf_field(b, req);
	write_provider_fields(b, req, p, false);
	buf_puts(b, _("<button type=\"submit\" class=\"primary\">Save</button></form></details>\n"));
}

void
page_sso_provider(struct request *req, struct response *res)
{
	struct sso_provider p;
	struct error err;
	if (!load_provider(req, res, &p))
		return;
	const struct unit_tree *tree = request_tree(req);
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Single sign-on"), "/admin/sso"}, {p.label, NULL}, {NULL, NULL}};
	page_begin(b, req, p.label, crumbs);
	html_printf(b, _("<h1>%s</h1>\n<p class=\"lead\">%s · %s · %s</p>\n"), p.label, preset_words(req, p.preset),
		    p.issuer, p.enabled ? _("in use") : _("switched off"));
	write_warning(b, req, &p);
	write_provider_panel(b, req, &p);
	buf_puts(b, _("<section class=\"panel\"><h2>Rules</h2>\n<p class=\"note\">At each sign-in the rules give "
		      "roles, the strongest per unit; roles given by hand are never changed. No rule makes anyone a "
		      "site administrator.</p>\n<ul class=\"rules\">"));
	struct rules_page c = {req, b, tree, &p, 0};
	if (sso_rules_each(request_store(req), p.id, write_rule, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	buf_puts(b, "</ul>\n");
	if (!c.n)
		buf_puts(b, _("<p>No rules yet: people who sign in get an account with no roles.</p>\n"));
	write_rule_form(b, req, tree, &p);
	buf_puts(b, "</section>\n");
	page_end(b, req);
}

void
page_sso_rule_add(struct request *req, struct response *res)
{
	struct sso_provider p;
	if (!load_provider(req, res, &p))
		return;
	struct sso_rule r = {.provider_id = p.id};
	const char *kind = request_input(req, "kind"), *unit = request_input(req, "unit");
	r.kind = kind && strcmp(kind, "cis2") == 0 ? SSO_RULE_CIS2 : SSO_RULE_CLAIM;
	snprintf(r.claim, sizeof r.claim, "%s", r.kind == SSO_RULE_CLAIM ? request_input(req, "claim") : "");
	const char *value = request_input(req, "value"), *role = request_input(req, "role");
	snprintf(r.value, sizeof r.value, "%s", value ? value : "");
	snprintf(r.role, sizeof r.role, "%s", role ? role : "");
	char *end = NULL;
	r.unit_id = unit ? strtoll(unit, &end, 10) : 0;
	if (end && *end)
		r.unit_id = -1; /* not a unit: the domain says so */
	r.with_children = request_input(req, "with_children") != NULL;
	const char *back = provider_href(req, &p);
	struct error err;
	int64_t id;
	const struct actor who = request_actor(req);
	if (sso_rule_add(request_store(req), &who, &r, &id, &err) < 0) {
		form_refused_at(req, err.field);
		respond_failed(req, res, back, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, back, _("Rule added: it applies from each person's next sign-in."),
		     NULL);
}

void
page_sso_rule_delete(struct request *req, struct response *res)
{
	struct sso_provider p;
	if (!load_provider(req, res, &p))
		return;
	const char *back = provider_href(req, &p);
	const char *rule = request_input(req, "rule");
	struct sso_rule r = {0};
	struct error err;
	char *end = NULL;
	long long id = rule ? strtoll(rule, &end, 10) : 0;
	int found = id > 0 && !*end ? sso_rule_by_id(request_store(req), id, &r, &err) : 0;
	if (found <= 0 || r.provider_id != p.id) {
		found < 0 ? respond_storage_error(req, res, &err)
			  : respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such rule."));
		return;
	}
	const struct confirmation ask = {_("Delete this rule?"),
					 arena_printf(req->arena,
						      _("%s. People keep the roles it gave until their next sign-in."),
						      rule_words(req, request_tree(req), &r)),
					 _("Delete the rule"), back, false};
	if (!page_confirmed(req, res, &ask))
		return;
	const struct actor who = request_actor(req);
	if (sso_rule_delete(request_store(req), &who, r.id, &err) < 0) {
		respond_failed(req, res, back, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, back, _("Rule deleted."), NULL);
}

/* ---- a test sign-in's result ---- */

static void
write_claims(struct buf *b, struct request *req, const json_t *masked)
{
	buf_puts(b, _("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Claims received\"><table "
		      "class=\"list\"><thead><tr><th>Claim</th><th>Value (partly hidden)</th></tr></thead><tbody>\n"));
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)masked, k, v)
	{
		char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		html_printf(b, "<tr><td><code>%s</code></td><td><code>%s</code></td></tr>\n", k,
			    text ? text : json_string_value(v));
		free(text);
	}
	buf_puts(b, "</tbody></table></div>\n");
}

void
page_sso_test_result(struct request *req, struct response *res, const struct sso_provider *p, const json_t *claims)
{
	struct sso_grant *g = NULL;
	size_t n = 0;
	struct error err;
	if (sso_rules_apply(request_store(req), p, claims, &g, &n, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const struct unit_tree *tree = request_tree(req);
	const char *back = provider_href(req, p);
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Single sign-on"), "/admin/sso"},
				       {p->label, back},
				       {_("Test sign-in"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, _("Test sign-in"), crumbs);
	html_printf(b,
		    _("<h1>Test sign-in: %s</h1>\n<p class=\"lead\">No one was signed in. This is what the provider "
		      "sent, with names, emails and ids partly hidden, and what the rules would give.</p>\n"),
		    p->label);
	buf_puts(b, _("<h2>What the rules would give</h2>\n"));
	if (!n)
		buf_puts(b, _("<p>Nothing: no rule matches these claims. This person would be signed in with no role "
			      "on any unit.</p>\n"));
	else
		buf_puts(b, "<ul>");
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = tree ? unit_by_id(tree, g[i].unit_id) : NULL;
		html_printf(b, _("<li>%s on %s</li>"), _(role_words(role_parse(g[i].role))), u ? u->name : "?");
	}
	if (n)
		buf_puts(b, "</ul>\n");
	free(g);
	buf_puts(b, _("<h2>Claims received</h2>\n"));
	json_t *masked = claims_masked(claims);
	if (json_is_object(masked))
		write_claims(b, req, masked);
	json_decref(masked);
	html_printf(b, _("<p><a href=\"%s\">Back to the provider</a></p>\n"), back);
	page_end(b, req);
}
