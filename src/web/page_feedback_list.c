/*
 * page_feedback_list.c - a person's 360 page (GET /me/feedback): the cycles they started and those shared
 * with them, loaded first and then written as JSON or as the page with the form that starts a new cycle.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/round.h" /* today */
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/leaders.h"
#include "web/page.h"


/* A person's 360 page, loaded before anything is written: their own cycles, and those shared with them. */
struct cycle_list {
	struct feedback_cycle *v; /* owned */
	size_t n, cap;
};
struct feedback_lists {
	struct cycle_list own, shared;
};

/* The day a cycle started, as the reader's language writes days. */
static const char *
started(struct request *req, const struct feedback_cycle *c)
{
	return page_date(req, arena_strndup(req->arena, c->created_at, 10));
}

static int
cycle_keep(void *vctx, const struct feedback_cycle *c)
{
	struct cycle_list *l = vctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = *c;
	return 0;
}

static int
feedback_list_load(struct request *req, struct feedback_lists *fl, struct error *err)
{
	memset(fl, 0, sizeof *fl);
	struct store *s = request_store(req);
	if (feedback_cycles_each(s, req->user.id, cycle_keep, &fl->own, err) < 0 ||
	    feedback_cycles_shared_each(s, req->user.id, cycle_keep, &fl->shared, err) < 0)
		return -1;
	return 0;
}

static void
feedback_list_release(struct feedback_lists *fl)
{
	free(fl->own.v);
	free(fl->shared.v);
}

static json_t *
cycles_json(const struct cycle_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, leaders_cycle_json(&l->v[i]));
	return a;
}

static void
feedback_list_json(struct response *res, const struct feedback_lists *fl)
{
	json_t *own = cycles_json(&fl->own), *shared = cycles_json(&fl->shared);
	respond_json(res, MHD_HTTP_OK, json_pack("{s:o, s:o}", "cycles", own, "shared_with_me", shared));
}

static void
cycle_html(struct buf *b, struct request *req, const struct feedback_cycle *c)
{
	const char *title = page_instrument_title(req, c->instrument_id);
	/* Someone else's cycle, shared: its report is what may be read, not its owner's page of links. */
	if (c->user_id != req->user.id)
		html_printf(b, tr(req->lang, "<li><a href=\"/me/feedback/%lld/report\">%s</a> "
				  "<span class=\"note\">%s · started %s%s</span></li>\n"),
			    (long long)c->id, c->title, title, started(req, c),
			    c->closed ? tr(req->lang, " · closed") : tr(req->lang, " · open"));
	else
		html_printf(b, tr(req->lang, "<li><a href=\"/me/feedback/%lld\">%s</a> "
				  "<span class=\"note\">%s · started %s%s</span> "
				  "<a href=\"/me/feedback/%lld/report\">report"
				  "<span class=\"visually-hidden\"> of %s</span></a></li>\n"),
			    (long long)c->id, c->title, title, started(req, c),
			    c->closed ? tr(req->lang, " · closed") : "", (long long)c->id, c->title);
}

static void
feedback_list_html(struct request *req, struct response *res, const struct feedback_lists *fl)
{
	struct buf *b = &res->body;
	leaders_begin(req, b, _("My 360 feedback"), _("My 360 feedback"), NULL);
	buf_puts(b, _("<h1>My 360° feedback</h1>\n<p>Rate yourself, ask colleagues by link, and compare. "
		    "The results are yours: nobody else sees them, an administrator neither, unless you share them. "
		    "Colleagues' ratings show once at least 3 have answered.</p>\n<ul class=\"links\">\n"));
	for (size_t i = 0; i < fl->own.n; i++)
		cycle_html(b, req, &fl->own.v[i]);
	if (!fl->own.n)
		buf_puts(b, _("<li class=\"note\">No feedback cycles yet.</li>\n"));
	buf_puts(b, _("</ul>\n<section class=\"panel\"><h2>Start a feedback cycle</h2>\n"
		    "<form method=\"post\" action=\"/me/feedback\" class=\"stack\">"));
	page_csrf_field(b, req);
	buf_puts(b, _("<label>Instrument <select name=\"instrument\">"));
	for (size_t i = 0; i < catalog_count(req->app->catalog); i++) {
		const struct instrument *ins = page_ins(req, catalog_get(req->app->catalog, i));
		if (feedback_instrument_allowed(ins))
			html_printf(b, "<option value=\"%s\">%s</option>", ins->id, ins->title);
	}
	char month[11];
	today(month);
	html_printf(b, _("</select></label>\n"
		       "<label>Title <input name=\"title\" required maxlength=\"200\" value=\"360 feedback %.7s\">"
		       "</label>\n<button type=\"submit\" class=\"primary\">Start</button></form></section>\n"),
		    month);
	buf_puts(b, _("<h2>Shared with me</h2>\n<ul class=\"links\">\n"));
	for (size_t i = 0; i < fl->shared.n; i++)
		cycle_html(b, req, &fl->shared.v[i]);
	if (!fl->shared.n)
		buf_puts(b, _("<li class=\"note\">Nobody has shared their results with you.</li>\n"));
	buf_puts(b, "</ul>\n");
	page_end(b, req);
}

void
page_feedback_list(struct request *req, struct response *res)
{
	struct feedback_lists fl;
	struct error err;
	if (feedback_list_load(req, &fl, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		feedback_list_json(res, &fl);
	else
		feedback_list_html(req, res, &fl);
	feedback_list_release(&fl);
}
