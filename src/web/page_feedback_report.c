/*
 * page_feedback_report.c - the report of a person's closed 360-degree feedback cycle, on the web and in the API:
 * self against others, blind spots and hidden strengths, distributions, words, and the change since the
 * previous cycle. Its person's own, or shared with them: anyone else is answered 404 (the dispatcher loads the
 * cycle: ROUTE_CYCLE_SHARED). The cycle's own pages are in page_feedback.c.
 */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/mail.h"
#include "domain/pdp.h"
#include "domain/round.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/leaders.h"
#include "domain/invitees.h"
#include "web/mail_invites.h"
#include "web/page.h"
#include "web/svg.h"

/* Lines of the gap chart: the items, and the domains too when there are several. */
struct lines {
	size_t n;
	const char **label;
	double *self, *others;
};

static void
domain_means(const struct instrument *ins, const double *per_item, double *out)
{
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		double sum = 0;
		size_t n = 0;
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
			if (!isnan(per_item[k]))
				sum += per_item[k], n++;
		out[d] = n ? sum / (double)n : NAN;
	}
}

static double *
others_means(struct request *req, const struct feedback_report *r)
{
	double *m = arena_alloc(req->arena, (r->n_items ? r->n_items : 1) * sizeof *m);
	for (size_t i = 0; i < r->n_items; i++)
		m[i] = r->others[i].mean;
	return m;
}

static json_t *
number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 100) / 100);
}

static int
previous_cycle(void *vctx, const struct feedback_cycle *c)
{
	struct feedback_cycle *want = vctx; /* in: the current cycle (id, instrument); out: the latest earlier one */
	if (c->id < want[0].id && strcmp(c->instrument_id, want[0].instrument_id) == 0 && c->id > want[1].id)
		want[1] = *c;
	return 0;
}

/* NOW - BEFORE with its sign ("+0.4", "-0.2"), or a dash when either is missing. */
static void
signed_change(struct buf *b, const struct request *req, double now, double before)
{
	if (isnan(now) || isnan(before)) {
		buf_puts(b, "–");
		return;
	}
	double d = round((now - before) * 10) / 10;
	html_printf(b, "%s%s", d > 0 ? "+" : d < 0 ? "−" : "±", page_num(req, fabs(d), 1));
}

static void
gap_table(struct buf *b, const struct request *req, const char *const *labels, const double *self, const double *others,
	  const double *prev_self, const double *prev_others, size_t n)
{
	html_printf(
		b,
		"<div class=\"table-wrap\" "
		"tabindex=\"0\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
		_("Competency"), _("Self"), _("Others"), _("Gap"));
	if (prev_self)
		html_printf(b, "<th>%s</th>", _("Change (self / others)"));
	buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", labels[i]);
		html_printf(b, "%s", page_num(req, self[i], 1));
		buf_puts(b, "</td><td>");
		html_printf(b, "%s", page_num(req, others[i], 1));
		const char *kind = feedback_gap_kind(self[i], others[i]);
		html_printf(b, "</td><td class=\"%s\">%s</td>",
			    *kind == 'b' ? "concern"
			    : *kind      ? "improvement"
					 : "",
			    *kind ? _(kind) : "");
		if (prev_self) {
			buf_puts(b, "<td>");
			signed_change(b, req, self[i], prev_self[i]);
			buf_puts(b, " / ");
			signed_change(b, req, others[i], prev_others[i]);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* A leader's 360 report, loaded: this cycle's and the previous cycle's figures, and the labels to show. */
struct report_view {
	struct feedback_cycle c;
	const struct instrument *ins;
	struct feedback_report r, prev;
	struct feedback_cycle pair[2]; /* this cycle, and the previous one (id 0: none) */
	bool has_prev;
	double *others, *prev_others;
	size_t I, D;
	const char **item_labels, **dom_labels;
	bool owner;
	struct user leader; /* when read by a coach it was shared with: the owner, to be named */
};

static void
report_release(struct report_view *v)
{
	feedback_report_release(&v->r);
	if (v->has_prev)
		feedback_report_release(&v->prev);
}

/* Fills V with the route's cycle (the dispatcher's) and its figures; false when a storage error's reply was
 * written. */
static bool
report_load(struct request *req, struct response *res, struct report_view *v)
{
	memset(v, 0, sizeof *v);
	v->c = *req->cycle;
	v->ins = req->instrument;
	struct error err;
	if (feedback_report_compute(request_store(req), &v->c, v->ins, &v->r, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	v->pair[0] = v->c;
	if (feedback_cycles_each(request_store(req), v->c.user_id, previous_cycle, v->pair, &err) < 0 ||
	    (v->pair[1].id && feedback_report_compute(request_store(req), &v->pair[1], v->ins, &v->prev, &err) < 0)) {
		feedback_report_release(&v->r);
		respond_storage_error(req, res, &err);
		return false;
	}
	v->has_prev = v->pair[1].id != 0;
	v->others = others_means(req, &v->r);
	v->prev_others = v->has_prev ? others_means(req, &v->prev) : NULL;
	v->I = v->r.n_items;
	v->D = v->ins->n_domains;
	v->item_labels = arena_alloc(req->arena, (v->I ? v->I : 1) * sizeof *v->item_labels);
	v->dom_labels = arena_alloc(req->arena, (v->D ? v->D : 1) * sizeof *v->dom_labels);
	size_t k = 0;
	for (size_t d = 0; d < v->D; d++) {
		v->dom_labels[d] = v->ins->domains[d].title;
		for (size_t j = 0; j < v->ins->domains[d].n_items; j++, k++) {
			const struct item *it = &v->ins->domains[d].items[j];
			v->item_labels[k] =
				it->title ? arena_printf(req->arena, "%s %s", it->code, it->title) : it->code;
		}
	}
	v->owner = v->c.user_id == req->user.id;
	/* Read by a coach it was shared with, the report speaks of its owner by name, not as "you". */
	if (!v->owner && user_by_id(request_store(req), v->c.user_id, &v->leader, &err) <= 0) {
		report_release(v);
		respond_storage_error(req, res, &err);
		return false;
	}
	return true;
}

static void
report_json(struct response *res, const struct report_view *v)
{
	size_t k;
	json_t *items = json_array();
	k = 0;
	for (size_t d = 0; d < v->D; d++)
		for (size_t j = 0; j < v->ins->domains[d].n_items; j++, k++) {
			json_t *dist = json_array();
			for (size_t l = 0; l < v->ins->n_levels && v->r.shown; l++)
				json_array_append_new(dist, json_integer((json_int_t)v->r.counts[k][l]));
			json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:I, s:s, s:o, s:I}", "code",
					      v->ins->domains[d].items[j].code, "domain", v->ins->domains[d].code,
					      "self", number_or_null(v->r.self[k]), "others",
					      number_or_null(v->others[k]), "others_n", (json_int_t)v->r.others[k].n,
					      "gap", feedback_gap_kind(v->r.self[k], v->others[k]), "distribution",
					      dist, "dont_know", (json_int_t)v->r.dont_know[k]);
			if (v->has_prev)
				json_object_set_new(o, "previous",
						    json_pack("{s:o, s:o}", "self", number_or_null(v->prev.self[k]),
							      "others", number_or_null(v->prev_others[k])));
			json_array_append_new(items, o);
		}
	json_t *groups = json_array();
	for (size_t g = 0; g < v->r.n_groups; g++) {
		json_t *means = json_object();
		k = 0;
		for (size_t d = 0; d < v->D; d++)
			for (size_t j = 0; j < v->ins->domains[d].n_items; j++, k++)
				json_object_set_new(means, v->ins->domains[d].items[j].code,
						    number_or_null(v->r.groups[g].mean[k]));
		json_array_append_new(groups, json_pack("{s:s, s:I, s:o}", "relationship", v->r.groups[g].code, "n",
							(json_int_t)v->r.groups[g].n, "means", means));
	}
	json_t *strengths = json_array(), *suggestions = json_array();
	for (size_t i = 0; i < v->r.strengths.n; i++)
		json_array_append_new(strengths, json_string(v->r.strengths.v[i]));
	for (size_t i = 0; i < v->r.suggestions.n; i++)
		json_array_append_new(suggestions, json_string(v->r.suggestions.v[i]));
	json_t *doc = json_pack("{s:o, s:b, s:o, s:b, s:I, s:o, s:o, s:o, s:o, s:o}", "cycle",
				leaders_cycle_json(&v->c), "self_rated", v->r.has_self, "others_answered",
				v->r.shown ? json_integer((json_int_t)v->r.n_others) : json_null(), "others_shown",
				v->r.shown, "minimum", (json_int_t)FEEDBACK_MIN_OTHERS, "items", items, "groups",
				groups, "strengths", strengths, "suggestions", suggestions, "previous_cycle",
				v->has_prev ? json_integer((json_int_t)v->pair[1].id) : json_null());
	respond_json(res, MHD_HTTP_OK, doc);
}

/* The title, who answered, and why colleagues' answers are not shown when they are not. */
static void
report_intro(struct buf *b, struct request *req, const struct report_view *v)
{
	leaders_begin(req, b, arena_printf(req->arena, _("%s: report"), v->c.title),
		      v->owner ? _("My 360 feedback") : _("Shared with you"), "/me/feedback");
	html_printf(b, "<h1>%s</h1>\n<p class=\"note\">%s · %s%s%s</p>\n", v->c.title, v->ins->title,
		    v->r.shown ? arena_printf(req->arena,
					      trn(req->lang, "%zu colleague answered", "%zu colleagues answered",
						  v->r.n_others),
					      v->r.n_others)
			       : _("colleagues' answers not shown"),
		    v->r.has_self ? _(" · self-rated") : _(" · not self-rated yet"),
		    v->owner ? "" : arena_printf(req->arena, _(" · %s's, shared with you"), v->leader.name));
	/* Before the close, one notice whatever the count (it would say who just answered); after, only whether
	 * there were enough. */
	if (!v->r.shown && !v->c.closed)
		html_printf(
			b,
			_("<p class=\"panel notice\">Colleagues' ratings and words show once the cycle is closed, if "
			  "at least "
			  "%d have answered, so that nobody's answers can be picked out. Until then, not even how many "
			  "have "
			  "answered is shown.%R</p>\n"),
			FEEDBACK_MIN_OTHERS,
			v->owner
				? arena_printf(
					  req->arena,
					  _(" <a href=\"/me/feedback/%lld\">Invite more colleagues, or close the cycle "
					    "when you are ready</a>."),
					  (long long)v->c.id)
				: "");
	else if (!v->r.shown)
		html_printf(
			b,
			_("<p class=\"panel notice\">Fewer than %d colleagues answered, so their ratings and words are "
			  "not "
			  "shown: nobody's answers could be picked out.</p>\n"),
			FEEDBACK_MIN_OTHERS);
}

/* Self and others side by side: by domain when there are several, then by practice, with the change since
 * the previous cycle. */
static void
report_gaps(struct buf *b, struct request *req, const struct report_view *v)
{
	double lo = v->ins->n_levels ? (double)v->ins->levels[0].value : 0,
	       hi = v->ins->n_levels ? (double)v->ins->levels[v->ins->n_levels - 1].value : 1;
	if (v->owner)
		html_printf(
			b, "<section><h2>%s</h2>\n<p class=\"note\">%R</p>\n", _("Self and others"),
			_("Hollow circle: your own rating; filled: others' mean. <span "
			  "class=\"concern\">Orange</span>: a blind spot "
			  "(you rate yourself a level or more above others' rating); <span "
			  "class=\"improvement\">blue</span>: a hidden "
			  "strength (others rate you a level or more higher)."));
	else
		html_printf(
			b,
			_("<section><h2>Self and others</h2>\n<p class=\"note\">Hollow circle: %s's own rating; "
			  "filled: "
			  "others' mean. <span class=\"concern\">Orange</span>: a blind spot (%s rates themself a "
			  "level or more "
			  "above others' rating); <span class=\"improvement\">blue</span>: a hidden strength (others "
			  "rate %s a level "
			  "or more higher).</p>\n"),
			v->leader.name, v->leader.name, v->leader.name);
	if (v->D > 1) {
		double *ds = arena_alloc(req->arena, v->D * sizeof *ds),
		       *dother = arena_alloc(req->arena, v->D * sizeof *dother);
		double *pds = NULL, *pdo = NULL;
		domain_means(v->ins, v->r.self, ds);
		domain_means(v->ins, v->others, dother);
		if (v->has_prev) {
			pds = arena_alloc(req->arena, v->D * sizeof *pds);
			pdo = arena_alloc(req->arena, v->D * sizeof *pdo);
			domain_means(v->ins, v->prev.self, pds);
			domain_means(v->ins, v->prev_others, pdo);
		}
		svg_gap(b, req->lang, v->dom_labels, ds, dother, v->D, lo, hi);
		gap_table(b, req, v->dom_labels, ds, dother, pds, pdo, v->D);
		buf_puts(b, _("<h3>Each practice</h3>\n"));
	}
	svg_gap(b, req->lang, v->item_labels, v->r.self, v->others, v->I, lo, hi);
	gap_table(b, req, v->item_labels, v->r.self, v->others, v->has_prev ? v->prev.self : NULL, v->prev_others,
		  v->I);
	if (v->has_prev && v->owner)
		html_printf(b,
			    _("<p class=\"note\">Change since <a href=\"/me/feedback/%lld/report\">%s</a> (%s).</p>\n"),
			    (long long)v->pair[1].id, v->pair[1].title,
			    page_date(req, arena_strndup(req->arena, v->pair[1].created_at, 10)));
	else if (v->has_prev) /* the earlier cycle may not be shared: named, not linked */
		html_printf(b, _("<p class=\"note\">Change since %s (%s).</p>\n"), v->pair[1].title,
			    page_date(req, arena_strndup(req->arena, v->pair[1].created_at, 10)));
	buf_puts(b, "</section>\n");
}

/* Others' ratings item by item and by relationship, and their words. */
static void
report_others(struct buf *b, struct request *req, const struct report_view *v)
{
	html_printf(b, "<section><h2>%s</h2>\n",
		    v->owner ? _("How others rated you")
			     : arena_printf(req->arena, _("How others rated %s"), v->leader.name));
	buf_puts(b, "<div class=\"table-wrap\" tabindex=\"0\"><table><tbody>\n");
	for (size_t i = 0; i < v->I; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", v->item_labels[i]);
		svg_distribution(b, req->lang, v->ins, v->r.counts[i], v->r.dont_know[i], 220);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
	if (v->r.n_groups) {
		buf_puts(
			b,
			_("<h3>By relationship</h3>\n<div class=\"table-wrap\" "
			  "tabindex=\"0\"><table><thead><tr><th>Item</th>"));
		for (size_t g = 0; g < v->r.n_groups; g++)
			html_printf(b, "<th>%s (%zu)</th>", _(feedback_relationship_name(v->r.groups[g].code)),
				    v->r.groups[g].n);
		buf_puts(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < v->I; i++) {
			html_printf(b, "<tr><th scope=\"row\">%s</th>", v->item_labels[i]);
			for (size_t g = 0; g < v->r.n_groups; g++)
				html_printf(b, "<td>%s</td>", page_num(req, v->r.groups[g].mean[i], 1));
			buf_puts(b, "</tr>\n");
		}
		buf_puts(b, "</tbody></table></div>\n");
	} else {
		html_printf(b, _("<p class=\"note\">Relationship groups show when each has at least %d people.</p>\n"),
			    FEEDBACK_MIN_OTHERS);
	}
	buf_puts(b, _("</section>\n<section><h2>In their words</h2>\n<h3>Strengths</h3><ul>\n"));
	for (size_t i = 0; i < v->r.strengths.n; i++)
		html_printf(b, "<li>%s</li>\n", v->r.strengths.v[i]);
	if (!v->r.strengths.n)
		buf_puts(b, _("<li class=\"note\">None written.</li>\n"));
	buf_puts(b, _("</ul><h3>Suggestions</h3><ul>\n"));
	for (size_t i = 0; i < v->r.suggestions.n; i++)
		html_printf(b, "<li>%s</li>\n", v->r.suggestions.v[i]);
	if (!v->r.suggestions.n)
		buf_puts(b, _("<li class=\"note\">None written.</li>\n"));
	buf_puts(b, "</ul></section>\n");
}

static void
report_html(struct request *req, struct response *res, const struct report_view *v)
{
	struct buf *b = &res->body;
	report_intro(b, req, v);
	report_gaps(b, req, v);
	if (v->r.shown)
		report_others(b, req, v);
	if (v->owner)
		buf_puts(
			b,
			_("<p><a href=\"/me/plan\">Turn what you learnt into goals in your development "
			  "plan</a></p>\n"));
	page_end(b, req);
}

void
page_feedback_report(struct request *req, struct response *res)
{
	struct report_view v;
	if (!report_load(req, res, &v))
		return;
	if (wants_json(req))
		report_json(res, &v);
	else
		report_html(req, res, &v);
	report_release(&v);
}
