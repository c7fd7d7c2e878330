/* page.c - the shared page frame (see page.h). No inline script or style: the CSP forbids both. */
#include "web/page.h"

#include <math.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <string.h>

#include <stdio.h>

#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/results.h"
#include "lib/arena.h"
#include "lib/strvec.h"
#include "version.h"
#include "web/app.h"
#include "web/http.h"

void
page_csrf_field(struct buf *b, const struct request *req)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", req->session.csrf);
}

/* The head and the opening of the body: everything before the header's navigation. */
static void
frame_open(struct buf *b, const struct request *req, const char *title)
{
	html_printf(b,
		    "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s · caregrid</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/caregrid.css\">\n"
		    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
		    "<script src=\"/static/copy.js\" defer></script>\n</head>\n<body>\n"
		    "<a class=\"skip\" href=\"#main\">%s</a>\n",
		    lang_code(req ? req->lang : NULL), title, tr(req ? req->lang : NULL, "Skip to the content"));
}

/* The opening of <main>, with the message of the last action. */
static void
main_open(struct buf *b, const struct request *req)
{
	buf_puts(b, "<main id=\"main\" tabindex=\"-1\">\n");
	const char *msg = req ? request_arg(req, "msg") : NULL;
	const char *error = req ? request_arg(req, "error") : NULL;
	if (error)
		html_printf(b, "<p class=\"flash error\" role=\"alert\">%s</p>\n", error);
	else if (msg)
		html_printf(b, "<p class=\"flash ok\" role=\"status\">%s</p>\n", msg);
}

void
page_begin(struct buf *b, const struct request *req, const char *title, const struct crumb *crumbs)
{
	frame_open(b, req, title);
	const struct lang *l = req ? req->lang : NULL;
	html_printf(b, "<header class=\"site\"><a class=\"brand\" href=\"/\">caregrid</a>"
		       "<nav class=\"site\" aria-label=\"%s\"><a href=\"/\">%s</a>",
		    tr(l, "Main"), tr(l, "Instruments"));
	if (req && req->signed_in) {
		buf_puts(
			b,
			_("<a href=\"/units\">Units</a><a href=\"/me/feedback\">My 360</a><a href=\"/me/plan\">My "
			  "plan</a>"));
		/* Someone with no role on a unit is here for their own growth or as a coach: plans shared with them. */
		if (!req->grants.n && !req->user.is_admin)
			html_printf(b, "<a href=\"/me/coaching\">%s</a>", tr(l, "Coaching"));
		if (page_admin_anywhere(req))
			html_printf(b, "<a href=\"/audit\">%s</a>", tr(l, "Audit log"));
		if (req->user.is_admin)
			html_printf(
				b,
				"<a href=\"/mail\">%s</a><a href=\"/admin/people\">%s</a><a href=\"/admin/sso\">%s</a>",
				tr(l, "Mail"), tr(l, "People"), tr(l, "Single sign-on"));
		html_printf(b, "<a href=\"/account\" class=\"who\">%s</a>"
			       "<form method=\"post\" action=\"/signout\" class=\"inline\">", req->user.name);
		page_csrf_field(b, req);
		buf_puts(b, _("<button type=\"submit\" class=\"link\">Sign out</button></form>"));
	} else {
		buf_puts(b, _("<a href=\"/signin\">Sign in</a>"));
	}
	buf_puts(b, "</nav></header>\n");
	if (crumbs && crumbs[0].label) {
		html_printf(b, "<nav class=\"crumbs\" aria-label=\"%s\"><ol>",
			    tr(req ? req->lang : NULL, "Breadcrumb"));
		for (const struct crumb *c = crumbs; c->label; c++) {
			if (c->href)
				html_printf(b, "<li><a href=\"%s\">%s</a></li>", c->href, c->label);
			else
				html_printf(b, "<li aria-current=\"page\">%s</li>", c->label);
		}
		buf_puts(b, "</ol></nav>\n");
	}
	main_open(b, req);
}

void
page_end(struct buf *b, const struct request *req)
{
	const struct lang *l = req ? req->lang : NULL;
	html_printf(b,
		    "</main>\n<footer class=\"site\">caregrid %s · <a href=\"/accessibility\">%s</a> · "
		    "<a href=\"/api/instruments\">%s</a></footer>\n</body>\n</html>\n",
		    CAREGRID_VERSION, tr(l, "Accessibility"), tr(l, "JSON API"));
}

const struct instrument *
page_ins(const struct request *req, const struct instrument *ins)
{
	return ins ? instrument_in(ins, lang_code(req->lang)) : NULL;
}

/* MACHINE as the reader's language writes numbers (lang_figure), in the arena. */
static const char *
with_decimal_point(const struct request *req, const char *machine)
{
	char out[80];
	return arena_strdup(req->arena, lang_figure(req->lang, machine, out, sizeof out));
}

const char *
page_num(const struct request *req, double v, int decimals)
{
	if (isnan(v))
		return "–";
	char digits[FIXED_MAX]; /* printf's own digits, without printf away from ties (html.h) */
	format_fixed(digits, v, decimals);
	return with_decimal_point(req, digits);
}

const char *
page_figure(const struct request *req, double v)
{
	return isnan(v) ? "–" : with_decimal_point(req, arena_printf(req->arena, "%.4g", v));
}

const char *
page_date(const struct request *req, const char *iso)
{
	char out[64];
	return arena_strdup(req->arena, lang_date(req->lang, iso, out, sizeof out));
}

const char *
page_date_short(const struct request *req, const char *iso)
{
	char out[64];
	return arena_strdup(req->arena, lang_date_short(req->lang, iso, out, sizeof out));
}

const char *
page_when(const struct request *req, const char *stamp)
{
	char day[11], out[64];
	if (!stamp || strlen(stamp) < 16 || (stamp[10] != ' ' && stamp[10] != 'T'))
		return page_date_short(req, stamp);
	snprintf(day, sizeof day, "%.10s", stamp);
	return arena_printf(req->arena, "%s %.5s", lang_date_short(req->lang, day, out, sizeof out), stamp + 11);
}

const char *
page_count(const struct request *req, long long n)
{
	char machine[32], out[48];
	snprintf(machine, sizeof machine, "%lld", n);
	return arena_strdup(req->arena, lang_figure(req->lang, machine, out, sizeof out));
}

const char *
page_number_input(const struct request *req, const char *name)
{
	const char *text = request_input(req, name);
	if (!text || req->json || strlen(text) >= 64)
		return text;
	char out[64];
	return arena_strdup(req->arena, lang_number(req->lang, text, out, sizeof out));
}

void
page_language_links(struct buf *b, const struct request *req)
{
	const char *path = req->path;
	html_printf(b, "<nav class=\"langs\" aria-label=\"%s\"><ul>", tr(req->lang, "Language"));
	for (size_t i = 0; i < lang_count(); i++) {
		const struct lang *l = lang_at(i);
		if (l == req->lang)
			html_printf(b, "<li><span aria-current=\"true\" lang=\"%s\">%s</span></li>", lang_code(l),
				    lang_name(l));
		else
			html_printf(b, "<li><a href=\"%s?lang=%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li>", path,
				    lang_code(l), lang_code(l), lang_code(l), lang_name(l));
	}
	buf_puts(b, "</ul></nav>");
}

void
respondent_page_begin(struct buf *b, const struct request *req, const char *title)
{
	frame_open(b, req, title);
	buf_puts(b, "<header class=\"site\"><span class=\"brand\">caregrid</span>");
	page_language_links(b, req);
	buf_puts(b, "</header>\n");
	main_open(b, req);
}

void
respondent_page_end(struct buf *b, const struct request *req)
{
	html_printf(b, "</main>\n<footer class=\"site\"><a href=\"/accessibility\">%s</a></footer>\n</body>\n</html>\n",
		    tr(req->lang, "Accessibility"));
}

void
page_item_question(struct buf *b, const struct item *it)
{
	const char *words = it->title ? it->title : it->text ? it->text : "";
	html_printf(b, "<legend><span class=\"code\">%s</span> %s</legend>\n", it->code, words);
	if (it->title && it->text)
		html_printf(b, "<p>%s</p>\n", it->text);
}

const char *
page_item_words(const struct item *it)
{
	return it->title ? it->title : it->text ? it->text : it->from ? it->from : "";
}

const char *
page_short_words(struct arena *a, const char *text, size_t max)
{
	size_t n = strlen(text);
	if (n <= max)
		return text;
	size_t cut = max;
	while (cut > 0 && text[cut] != ' ')
		cut--;
	if (cut == 0) /* one long word: cut at a character boundary */
		for (cut = max; cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80; cut--)
			;
	return arena_printf(a, "%.*s…", (int)cut, text);
}

const char *
page_elements_words(const struct request *req, const char *list)
{
	struct buf out = BUF_INIT;
	buf_init(&out, 0);
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		char token[200], id[100] = "", code[64] = "";
		snprintf(token, sizeof token, "%.*s", (int)n, p);
		const struct instrument *ins = NULL;
		const struct item *it = NULL;
		if (sscanf(token, "%99s %63s", id, code) == 2 &&
		    (ins = page_ins(req, catalog_find(req->app->catalog, id, 0))))
			it = instrument_find_item(ins, code, NULL);
		const char *t = token + strspn(token, " ");
		if (it)
			buf_printf(&out, "%s%s %s (%s)", out.len ? "; " : "", it->code,
				   page_short_words(req->arena, page_item_words(it), 80), ins->title);
		else if (*t)
			buf_printf(&out, "%s%s", out.len ? "; " : "", t); /* as typed: not an element caregrid knows */
		p += n + (p[n] == ',');
	}
	const char *words = arena_strdup(req->arena, out.len ? out.data : "");
	buf_release(&out);
	return words;
}

const char *
page_instrument_title(const struct request *req, const char *id)
{
	const struct instrument *ins = page_ins(req, catalog_find(req->app->catalog, id, 0));
	return ins ? ins->title : id;
}

bool
page_confirmed(struct request *req, struct response *res, const struct confirmation *c)
{
	const char *confirm = request_input(req, "confirm");
	if (wants_json(req) || (confirm && strcmp(confirm, "yes") == 0))
		return true;
	/* Asked again, with everything the first form sent: pressing the button does what was asked. */
	struct buf *b = &res->body;
	page_begin(b, req, c->question, NULL);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<form method=\"post\" action=\"%s\" class=\"confirm\">",
		    c->question, c->consequence, req->path);
	for (size_t i = 0; i < req->n_form; i++)
		if (strcmp(req->form[i].name, "confirm") != 0)
			html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", req->form[i].name,
				    req->form[i].value);
	html_printf(b, "<input type=\"hidden\" name=\"confirm\" value=\"yes\"><div class=\"nav-buttons forward\">"
		       "<button type=\"submit\" class=\"%s\">%s</button><a href=\"%s\">%s</a></div></form>\n",
		    c->undoable ? "primary" : "danger", c->button, c->cancel_href, tr(req->lang, "Cancel"));
	page_end(b, req);
	return false;
}

void
page_copy_link(struct buf *b, const struct request *req, const char *id, const char *label, const char *url)
{
	/* copy.js writes the button's data-copied words once the link is on the clipboard. */
	html_printf(
		b,
		_("<div class=\"copy\"><input id=\"%s\" readonly value=\"%s\" aria-label=\"%s\">"
		  "<button type=\"button\" class=\"secondary\" data-copy=\"%s\" data-copied=\"Copied.\">Copy<span "
		  "class=\"visually-hidden\"> %s</span></button><span id=\"%s-status\" class=\"note\" "
		  "role=\"status\"></span></div>\n"),
		id, url, label, id, label, id);
}

const char *
page_withheld(const struct request *req, const struct results *rs)
{
	/* Counting in steps, nothing counted yet: how many have answered is not shown, only from when it will be. */
	if (rs->in_steps && rs->respondents == 0)
		return arena_printf(
			req->arena,
			trn(req->lang,
			    "Results show once %d person has answered, so that nobody's answers can be picked out.",
			    "Results show once %d people have answered, so that nobody's answers can be picked out.",
			    (unsigned long)rs->min_group),
			rs->min_group);
	return arena_printf(req->arena,
			    trn(req->lang,
				"%s answer so far; results show from %d, so that nobody's answers can be picked out.",
				"%s answers so far; results show from %d, so that nobody's answers can be picked out.",
				rs->respondents),
			    page_count(req, (long long)rs->respondents), rs->min_group);
}

const char *
page_steps(const struct request *req, const struct round *r, int min)
{
	char day[11];
	today(day);
	if (round_counts_every_answer(r, day))
		return NULL;
	const char *status = round_status(r, day);
	if (strcmp(status, "open") == 0)
		return arena_printf(
			req->arena,
			trn(req->lang,
			    "Updated when %d more has answered, so that nobody's answers can be picked out by "
			    "comparing two looks.",
			    "Updated when %d more have answered, so that nobody's answers can be picked out by "
			    "comparing two looks.",
			    (unsigned long)min),
			min);
	if (strcmp(status, "closed") == 0)
		return arena_printf(
			req->arena,
			trn(req->lang,
			    "Answers given after the round was reopened are included only in groups of %d, so "
			    "some of them may not be included: that way nobody's answers can be picked out.",
			    "Answers given after the round was reopened are included only in groups of %d, so "
			    "some of them may not be included: that way nobody's answers can be picked out.",
			    (unsigned long)min),
			min);
	return NULL;
}

const char *
page_action_status(const struct request *req, const char *status)
{
	return strcmp(status, "planned") == 0 ? _("planned") : strcmp(status, "doing") == 0 ? _("doing")
		: strcmp(status, "done") == 0 ? _("done") : strcmp(status, "dropped") == 0 ? _("dropped") : status;
}

bool
page_admin_anywhere(const struct request *req)
{
	if (req->user.is_admin)
		return true;
	for (size_t i = 0; i < req->grants.n; i++)
		if (req->grants.v[i].role == ROLE_ADMIN)
			return true;
	return false;
}

void
page_import_refused(struct request *req, struct response *res, const struct strvec *problems,
		    const struct crumb *crumbs, const char *form, const char *close)
{
	size_t shown = problems->n;
	if (wants_json(req)) {
		json_t *list = json_array();
		for (size_t i = 0; i < problems->n; i++)
			json_array_append_new(list, json_string(request_problem_words(req, problems, i)));
		respond_json(res, MHD_HTTP_UNPROCESSABLE_CONTENT,
			     json_pack("{s:{s:i, s:s, s:o}}", "error", "status", 422, "message",
				       _("Nothing was imported: the file has problems."), "problems", list));
		return;
	}
	if (form) {
		/* The form again, the pasted text still in its box, every problem in the message beside it. */
		struct buf msg = BUF_INIT;
		buf_init(&msg, 0);
		buf_printf(&msg, "%s ", _("Nothing was imported:"));
		for (size_t i = 0; i < problems->n; i++)
			buf_printf(&msg, "%s%s", i ? "; " : "", request_problem_words(req, problems, i));
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, form, arena_strdup(req->arena, msg.data));
		buf_release(&msg);
		return;
	}
	res->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
	struct buf *b = &res->body;
	page_begin(b, req, _("Import refused"), crumbs);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<ul>\n", _("Nothing was imported"),
		    arena_printf(req->arena,
				 trn(req->lang, "%zu problem in the file:", "%zu problems in the file:", problems->n),
				 problems->n));
	for (size_t i = 0; i < problems->n && i < shown; i++)
		html_printf(b, "<li>%s</li>\n", request_problem_words(req, problems, i));
	buf_puts(b, close);
	page_end(b, req);
}
