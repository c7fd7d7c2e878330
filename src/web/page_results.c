/*
 * page_results.c - a round's results: summary and agreement, the grid as a heat map, the domains on a radar,
 * priorities ("go where the energy is"), conversation starters, every element's distribution beside the
 * staff groups' means and the consensus, and downloads. GET /api/units/{code}/rounds/{id}/results gives
 * the same as JSON (or CSV with ?format=csv); both apply the small-group rule.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/export.h"
#include "domain/improve.h"
#include "domain/results.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_round.h"
#include "web/svg.h"

static void
item_label(struct buf *b, const struct item_result *it)
{
	html_printf(b, "<strong>%s</strong> %s", it->item->code, page_item_words(it->item));
}

static void
write_comments(struct buf *b, const struct item_result *it)
{
	for (size_t c = 0; c < it->comments.n && c < 5; c++)
		html_printf(b, "<blockquote>%s</blockquote>", it->comments.v[c]);
}

/* The route's round (the dispatcher loaded it, of this unit, with its instrument) and its results. */
static bool
compute(struct request *req, struct response *res, struct round *r, const struct instrument **ins, struct results *rs)
{
	struct error err;
	*r = *req->round;
	*ins = req->instrument;
	if (results_compute(request_store(req), r, req->unit, *ins, rs, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	return true;
}

/* Group G's name for the reader: the merged small groups' in the reader's language; a staff group's as the
 * instrument names it. */
static const char *
group_name(struct request *req, const struct results *rs, size_t g)
{
	if (strcmp(rs->groups[g].code, "other") == 0)
		return arena_printf(req->arena, tr(req->lang, results_other_groups), rs->min_group);
	return tr(req->lang, rs->groups[g].name);
}

/* The sections of the results page, each also one page of the printable report. */

static void
write_summary(struct buf *b, struct request *req, const struct round *r, const struct instrument *ins,
	      const struct results *rs)
{
	html_printf(b, "<p class=\"lead\">%s · %s · %s</p>\n", req->unit->name,
		    arena_printf(req->arena, _("%s (version %ld)"), ins->title, ins->version),
		    arena_printf(req->arena, _("%s to %s"), page_date(req, r->opens_on), page_date(req, r->closes_on)));
	html_printf(
		b,
		_("<ul class=\"stats\"><li><span class=\"label\">Answers in the results</span><span "
		  "class=\"stat\">%zu</span></li>"),
		rs->respondents);
	if (!rs->withheld)
		html_printf(
			b,
			_("<li><span class=\"label\">Agreement across the grid (Krippendorff's α, "
			  "interval)</span><span class=\"stat\">%s</span></li>"
			  "<li><span class=\"label\">α, ordinal</span><span class=\"stat\">%s</span></li>"),
			page_num(req, rs->alpha_interval, 2), page_num(req, rs->alpha_ordinal, 2));
	buf_puts(b, "</ul>\n");
	if (rs->withheld) {
		html_printf(b, "<p class=\"panel notice\" id=\"withheld\">%s</p>\n", page_withheld(req, rs));
	}
	const char *steps = page_steps(req, r, rs->min_group);
	if (steps)
		html_printf(b, "<p class=\"note\" id=\"steps\">%s</p>\n", steps);
}

static void
write_grid(struct buf *b, const struct request *req, const struct instrument *ins, const struct results *rs)
{
	buf_puts(
		b,
		_("<h2 id=\"grid\">The grid</h2>\n<p class=\"scroll-cue narrow\">Scroll sideways to see every domain "
		  "→</p>\n"
		  "<div class=\"chart-box\" tabindex=\"0\" role=\"region\" aria-label=\"The grid as a heat map\">"));
	svg_heatmap(b, req->lang, rs);
	buf_puts(b, "</div>\n");
	svg_level_legend(b, req->lang, ins, false);
	buf_puts(b, _("<p class=\"note\">A dot in a cell marks an element whose consensus level was agreed.</p>\n"));
}

static void
write_domains(struct buf *b, struct request *req, const struct instrument *ins, const struct results *rs)
{
	html_printf(b, "<div class=\"two\"><section><h2>%s</h2><div class=\"chart-box\" tabindex=\"0\">", _("Domains"));
	svg_radar(b, req->lang, rs);
	buf_puts(
		b,
		_("</div></section>\n<section><h2>Domain summary</h2><div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list\"><thead><tr>"
		  "<th>Domain</th><th class=\"num\">Mean</th><th class=\"num\">Agreement r<sub>wg(j)</sub></th>"
		  "<th class=\"num\">Energy (0–2)</th></tr></thead><tbody>\n"));
	for (size_t d = 0; d < ins->n_domains; d++)
		html_printf(
			b,
			"<tr><td>%s %s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td "
			"class=\"num\">%s</td></tr>\n",
			ins->domains[d].code, ins->domains[d].title, page_num(req, rs->domains[d].mean, 2),
			page_num(req, rs->domains[d].rwg_j, 2), page_num(req, rs->domains[d].energy, 1));
	buf_puts(b, "</tbody></table></div></section></div>\n");
}

static void
write_priorities(struct buf *b, struct request *req, const struct results *rs, bool offer_actions)
{
	size_t n;
	size_t *order = results_priorities(rs, 7, &n);
	html_printf(
		b, _("<h2 id=\"priorities\">Priorities: go where the energy is</h2>\n<p class=\"note\">%s</p>\n<ol>\n"),
		_(results_priority_rule));
	for (size_t i = 0; i < n; i++) {
		const struct item_result *it = &rs->items[order[i]];
		buf_puts(b, "<li>");
		item_label(b, it);
		html_printf(b, _(" — mean %s, energy %s, priority %s"), page_num(req, it->st.mean, 1),
			    page_num(req, it->energy, 1), page_num(req, it->priority, 2));
		if (offer_actions && req->role >= ROLE_FACILITATOR) {
			/* Straight from a priority to the form of a new action, filled in with the element, its words
			 * and
			 * the round: the owner and the date are the facilitator's to add. */
			const char *href = arena_printf(req->arena, "/units/%s/actions", req->unit->code);
			href = with_query(req, href, "title",
					  arena_printf(req->arena, _("Work on %s: %s"), it->item->code,
						       page_short_words(req->arena, page_item_words(it->item), 150)));
			href = with_query(req, href, "elements",
					  arena_printf(req->arena, "%s %s", rs->ins->id, it->item->code));
			href = with_query(req, href, "round",
					  arena_printf(req->arena, "%lld", (long long)rs->round.id));
			html_printf(
				b,
				_(" <a href=\"%s#new-action\">create an action<span class=\"visually-hidden\"> for "
				  "%s</span></a>"),
				href, it->item->code);
			/* Or an aim, which remembers the priority (its round and element) it was started from. */
			const char *aim = arena_printf(req->arena, "/units/%s/aims", req->unit->code);
			aim = with_query(req, aim, "from_element",
					 arena_printf(req->arena, "%s %s", rs->ins->id, it->item->code));
			aim = with_query(req, aim, "from_round",
					 arena_printf(req->arena, "%lld", (long long)rs->round.id));
			html_printf(b,
				    _(" · <a href=\"%s#new-aim\">set an aim<span class=\"visually-hidden\"> for "
				      "%s</span></a>"),
				    aim, it->item->code);
		}
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol>\n");
	free(order);
}

static void
write_conversation(struct buf *b, struct request *req, const struct instrument *ins, const struct results *rs)
{
	size_t n;
	buf_puts(
		b,
		_("<h2 id=\"conversation\">Conversation starters</h2>\n<div class=\"two\"><section><h3>Where people "
		  "disagree most</h3><ol>\n"));
	size_t *order = results_least_agreement(rs, 5, &n);
	for (size_t i = 0; i < n; i++) {
		const struct item_result *it = &rs->items[order[i]];
		buf_puts(b, "<li>");
		item_label(b, it);
		html_printf(b, _(" — agreement r<sub>wg</sub> %s "), page_num(req, it->st.rwg, 2));
		svg_distribution(b, req->lang, ins, it->counts, it->dont_know, 160);
		write_comments(b, it);
		buf_puts(b, "</li>\n");
	}
	free(order);
	buf_puts(b, _("</ol></section>\n<section><h3>Where staff groups see it differently</h3>"));
	order = results_largest_gaps(rs, 5, &n);
	if (!n)
		buf_puts(b, _("<p class=\"note\">Fewer than two staff groups are large enough to show.</p>"));
	buf_puts(b, "<ol>\n");
	for (size_t i = 0; i < n; i++) {
		const struct item_result *it = &rs->items[order[i]];
		buf_puts(b, "<li>");
		item_label(b, it);
		html_printf(b, _(" — a gap of %s between groups:"), page_num(req, it->group_gap, 1));
		for (size_t g = 0; g < rs->n_groups; g++)
			html_printf(b, " %s %s%s", group_name(req, rs, g),
				    page_num(req, rs->groups[g].item_mean[order[i]], 1),
				    g + 1 < rs->n_groups ? "," : "");
		write_comments(b, it);
		buf_puts(b, "</li>\n");
	}
	free(order);
	buf_puts(b, "</ol></section></div>\n");
}

static void
write_consensus(struct buf *b, struct request *req, const struct results *rs)
{
	/* A round under the minimum has no survey mean to set beside the agreed levels. */
	bool survey = !rs->withheld;
	html_printf(
		b,
		_("<h2 id=\"consensus\">Consensus and calibration</h2>\n<div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list\"><thead><tr>"
		  "<th>Element</th>%R<th class=\"num\">Consensus</th><th>Note</th><th "
		  "class=\"num\">Coach</th></tr></thead><tbody>\n"),
		survey ? _("<th class=\"num\">Survey mean</th>") : "");
	size_t shown = 0;
	for (size_t i = 0; i < rs->n_items; i++) {
		const struct item_result *it = &rs->items[i];
		if (!it->has_consensus && !it->has_coach)
			continue;
		shown++;
		/* The note is people's words (class "said": the language test leaves them out). */
		html_printf(b,
			    "<tr><td>%s</td>%R<td class=\"num\">%s</td><td class=\"said\">%s</td><td "
			    "class=\"num\">%s</td></tr>\n",
			    it->item->code,
			    survey ? arena_printf(req->arena, "<td class=\"num\">%s</td>",
						  page_num(req, it->st.mean, 1))
				   : "",
			    it->has_consensus ? arena_printf(req->arena, "%ld", it->consensus) : "",
			    it->consensus_note ? it->consensus_note : "",
			    it->has_coach ? arena_printf(req->arena, "%ld", it->coach) : "");
	}
	if (!shown)
		html_printf(b, _("<tr><td colspan=\"%d\">No consensus or calibration recorded.</td></tr>\n"),
			    survey ? 5 : 4);
	buf_puts(b, "</tbody></table></div>\n");
}

static void
write_elements(struct buf *b, struct request *req, const struct instrument *ins, const struct results *rs)
{
	html_printf(
		b,
		_("<h2 id=\"elements\">Every element</h2>\n<p class=\"note\">Staff groups with fewer than %d people "
		  "who "
		  "answered are combined into \"other\", or not shown, so that nobody can be picked out.%s</p>\n"),
		rs->min_group,
		rs->hidden ? arena_printf(req->arena, _(" %s answers are counted in the whole but in no group."),
					  page_count(req, (long long)rs->hidden))
			   : "");
	buf_puts(
		b,
		_("<div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list\"><thead><tr><th>Element</th><th>Answers</th><th class=\"num\">n</th>"
		  "<th class=\"num\">Don't know</th><th class=\"num\">Mean</th><th class=\"num\">Median</th><th "
		  "class=\"num\">r<sub>wg</sub></th>"));
	for (size_t g = 0; g < rs->n_groups; g++)
		html_printf(b, "<th class=\"num\">%s (%zu)</th>", group_name(req, rs, g), rs->groups[g].respondents);
	buf_puts(b, _("<th class=\"num\">Consensus</th><th class=\"num\">Coach</th></tr></thead><tbody>\n"));
	for (size_t i = 0; i < rs->n_items; i++) {
		const struct item_result *it = &rs->items[i];
		html_printf(b, "<tr><td>%s</td><td>", it->item->code);
		svg_distribution(b, req->lang, ins, it->counts, it->dont_know, 140);
		html_printf(
			b,
			"</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%s</td><td "
			"class=\"num\">%s</td>"
			"<td class=\"num\">%s</td>",
			it->st.n, it->dont_know, page_num(req, it->st.mean, 2), page_num(req, it->st.median, 1),
			page_num(req, it->st.rwg, 2));
		for (size_t g = 0; g < rs->n_groups; g++)
			html_printf(b, "<td class=\"num\">%s</td>", page_num(req, rs->groups[g].item_mean[i], 1));
		html_printf(b, "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			    it->has_consensus ? arena_printf(req->arena, "%ld", it->consensus) : "",
			    it->has_coach ? arena_printf(req->arena, "%ld", it->coach) : "");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

void
page_round_results(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	struct results rs;
	if (!compute(req, res, &r, &ins, &rs))
		return;
	const char *format = request_arg(req, "format");
	if (format && strcmp(format, "csv") == 0) {
		res->content_type = "text/csv; charset=utf-8";
		results_to_csv(&rs, req->unit, &res->body);
		results_release(&rs);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_OK, results_to_json(&rs, req->unit));
		results_release(&rs);
		return;
	}
	struct buf *b = &res->body;
	const char *round_page = arena_printf(req->arena, "/units/%s/rounds/%lld", req->unit->code, (long long)r.id);
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, round_page},
				       {_("Results"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, arena_printf(req->arena, _("Results: %s"), r.title), crumbs);
	html_printf(b, "<h1>%s</h1>\n", arena_printf(req->arena, _("Results: %s"), r.title));
	write_summary(b, req, &r, ins, &rs);
	if (rs.withheld) {
		write_consensus(b, req, &rs);
	} else {
		write_grid(b, req, ins, &rs);
		write_domains(b, req, ins, &rs);
		write_priorities(b, req, &rs, true);
		write_conversation(b, req, ins, &rs);
		write_elements(b, req, ins, &rs);
	}
	const char *api =
		arena_printf(req->arena, "/api/units/%s/rounds/%lld/results", req->unit->code, (long long)r.id);
	html_printf(b,
		    _("<p>Download: <a href=\"%s?format=csv\">CSV (one row per element and staff group)</a> · "
		      "<a href=\"%s\">JSON</a> · <a href=\"%s/report\">printable report</a></p>\n"),
		    api, api, round_page);
	page_end(b, req);
	results_release(&rs);
}

struct report_actions {
	struct request *req;
	struct buf *b;
	char today[11];
	size_t n;
};

static int
report_action(void *vctx, const struct action *a)
{
	struct report_actions *c = vctx;
	c->n++;
	const struct request *req = c->req;
	html_printf(c->b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s%s</td><td>", a->title,
		    page_action_status(req, a->status), a->owner_name,
		    a->due_on[0] ? page_date(req, a->due_on) : "", action_overdue(a, c->today) ? _(" (overdue)") : "");
	for (size_t i = 0; i < a->elements.n; i++)
		html_printf(c->b, "%s%s", i ? "; " : "", page_elements_words(req, a->elements.v[i]));
	buf_puts(c->b, "</td></tr>\n");
	return 0;
}

static void
write_actions(struct buf *b, struct request *req)
{
	struct report_actions c = {req, b, "", 0};
	today(c.today);
	struct error err;
	buf_puts(
		b,
		_("<h2 id=\"actions\">Actions</h2>\n<div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list\"><thead><tr><th>Action</th>"
		  "<th>Status</th><th>Owner</th><th>Due</th><th>Serves</th></tr></thead><tbody>\n"));
	if (actions_each(request_store(req), req->unit->id, report_action, &c, &err) < 0 || !c.n)
		buf_puts(b, _("<tr><td colspan=\"5\">No actions recorded.</td></tr>\n"));
	buf_puts(b, "</tbody></table></div>\n");
}

/* The printable report: one page per topic, with a print stylesheet (see caregrid.css, @media print). */
void
page_round_report(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	struct results rs;
	if (!compute(req, res, &r, &ins, &rs))
		return;
	struct buf *b = &res->body;
	page_begin(b, req, arena_printf(req->arena, _("Report: %s"), r.title), NULL);
	html_printf(
		b,
		_("<article class=\"report\"><section class=\"report-page\"><h1>%s</h1>\n<p class=\"lead\">A report of "
		  "%s's self-assessment.</p>\n"),
		r.title, req->unit->name);
	write_summary(b, req, &r, ins, &rs);
	if (rs.withheld) {
		buf_puts(b, "</section>\n<section class=\"report-page\">");
		write_consensus(b, req, &rs);
		buf_puts(b, "</section>\n<section class=\"report-page\">");
		write_actions(b, req);
		buf_puts(b, "</section></article>\n");
		page_end(b, req);
		results_release(&rs);
		return;
	}
	html_printf(
		b,
		_("<h2>In this report</h2><ol><li>The grid</li><li>Domains</li><li>Priorities</li>"
		  "<li>Conversation starters</li><li>Consensus and calibration</li><li>Actions</li><li>Every "
		  "element</li></ol></section>\n"));
	buf_puts(b, "<section class=\"report-page\">");
	write_grid(b, req, ins, &rs);
	buf_puts(b, "</section>\n<section class=\"report-page\">");
	write_domains(b, req, ins, &rs);
	buf_puts(b, "</section>\n<section class=\"report-page\">");
	write_priorities(b, req, &rs, false);
	buf_puts(b, "</section>\n<section class=\"report-page\">");
	write_conversation(b, req, ins, &rs);
	buf_puts(b, "</section>\n<section class=\"report-page\">");
	write_consensus(b, req, &rs);
	buf_puts(b, "</section>\n<section class=\"report-page\">");
	write_actions(b, req);
	buf_puts(b, "</section>\n<section class=\"report-page\">");
	write_elements(b, req, ins, &rs);
	buf_puts(b, "</section></article>\n");
	page_end(b, req);
	results_release(&rs);
}
