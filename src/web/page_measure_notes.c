/*
 * page_measure_notes.c - what a measure's chart is annotated with, on its page and in its JSON: the numbered
 * legend under the chart (the chart's text alternative: every mark with its glyph, day and words, the target
 * last, numbered as the chart numbers them), the form to add a free note on a period, and
 * POST /units/{code}/measures/{id}/notes.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "domain/improve.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_improve.h"
#include "web/svg.h"

static const char *
kind_name(enum measure_mark_kind k)
{
	static const char *const names[] = {"rebase", "pdsa", "action_done", "round_closed", "note"};
	return names[k];
}

/* Mark K in a person's words, in the request's arena. */
static const char *
mark_words(struct request *req, const struct measure_mark *k)
{
	switch (k->kind) {
	case MARK_REBASE:
		return *k->text ? arena_printf(req->arena, _("New limits from here: %s"), k->text)
				: _("New limits from here (no reason given)");
	case MARK_PDSA:
		if (strcmp(k->act, "adopt") == 0)
			return arena_printf(req->arena, _("PDSA cycle %ld of “%s”: adopt"), k->number, k->text);
		if (strcmp(k->act, "adapt") == 0)
			return arena_printf(req->arena, _("PDSA cycle %ld of “%s”: adapt and test again"), k->number,
					    k->text);
		if (strcmp(k->act, "abandon") == 0)
			return arena_printf(req->arena, _("PDSA cycle %ld of “%s”: abandon"), k->number, k->text);
		return arena_printf(req->arena, _("PDSA cycle %ld of “%s” planned, still running"), k->number, k->text);
	case MARK_DONE: return arena_printf(req->arena, _("Action done: %s"), k->text);
	case MARK_ROUND: return arena_printf(req->arena, _("Survey round closed: %s"), k->text);
	case MARK_NOTE: return arena_printf(req->arena, _("Note: %s"), k->text);
	}
	return "";
}

/* A glyph as a small picture of its own, beside its words in the legend (hidden: the words say it). */
static void
legend_glyph(struct buf *b, const struct measure_mark *k)
{
	buf_puts(b, "<svg class=\"glyph\" viewBox=\"0 0 20 20\" width=\"20\" height=\"20\" aria-hidden=\"true\" "
		    "focusable=\"false\">");
	svg_mark_glyph(b, k, 10, 10);
	buf_puts(b, "</svg>");
}

void
measure_legend(struct buf *b, struct request *req, const struct measure *m, const struct measure_marks *mk)
{
	size_t baseline = m->baseline >= 12 ? (size_t)m->baseline : MEASURE_BASELINE_DEFAULT;
	html_printf(b, _("<h2 id=\"chart-legend-title\">What happened, numbered as on the chart</h2>\n"
			 "<p class=\"note\">The limits come from the first %zu points after each start of new limits "
			 "and are then frozen: later points are judged against them.</p>\n"),
		    baseline);
	buf_puts(b, "<ol id=\"chart-legend\" class=\"chart-legend\" aria-labelledby=\"chart-legend-title\">\n");
	for (size_t i = 0; i < mk->n; i++) {
		html_printf(b, "<li value=\"%zu\" class=\"mark-%s\">", i + 1, kind_name(mk->v[i].kind));
		legend_glyph(b, &mk->v[i]);
		html_printf(b, " <span class=\"when\">%s</span> %s</li>\n", page_date_short(req, mk->v[i].day),
			    mark_words(req, &mk->v[i]));
	}
	if (m->has_target)
		html_printf(b, "<li value=\"%zu\" class=\"mark-target\"><svg class=\"glyph\" viewBox=\"0 0 20 20\" "
			       "width=\"20\" height=\"20\" aria-hidden=\"true\" focusable=\"false\">"
			       "<path d=\"M1 10h18\" "
			       "stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"5 2\"/></svg> %s</li>\n",
			    mk->n + 1, arena_printf(req->arena, _("Target: %s"), page_figure(req, m->target)));
	if (!mk->n && !m->has_target)
		html_printf(b, "<li class=\"note\">%s</li>\n",
			    _("Nothing yet: notes, PDSA cycles of the actions this measure tracks, actions done and "
			      "survey rounds closed appear here."));
	buf_puts(b, "</ol>\n");
}

void
measure_note_form(struct buf *b, struct request *req, const struct measure *m)
{
	html_printf(b,
		    _("<section class=\"panel\"><h2>Add a note to the chart</h2><form method=\"post\" "
		      "action=\"/units/%s/measures/%lld/notes\" class=\"stack\">"),
		    req->unit->code, (long long)m->id);
	page_csrf_field(b, req);
	html_printf(b,
		    _("<label>Period <input type=\"date\" name=\"period\" required value=\"%s\"></label>"
		      "<label>What happened <textarea name=\"text\" rows=\"2\" maxlength=\"1000\" "
		      "required>%s</textarea></label><button type=\"submit\" class=\"secondary\">Add note</button>"
		      "</form></section>\n"),
		    form_value(req, "period", NULL), form_value(req, "text", NULL));
}

json_t *
measure_marks_json(struct request *req, const struct measure_marks *mk)
{
	(void)req;
	json_t *a = json_array();
	for (size_t i = 0; i < mk->n; i++) {
		const struct measure_mark *k = &mk->v[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "number", (json_int_t)i + 1, "kind", kind_name(k->kind),
				      "period", k->day, "text", k->text);
		if (k->kind == MARK_PDSA) {
			json_object_set_new(o, "cycle", json_integer(k->number));
			json_object_set_new(o, "act", *k->act ? json_string(k->act) : json_null());
		}
		json_array_append_new(a, o);
	}
	return a;
}

void
page_measure_notes(struct request *req, struct response *res)
{
	struct measure *m = req->measure;
	struct error err = {.kind = ERROR_INVALID};
	const struct actor who = request_actor(req);
	const char *href = improve_unit_path(req, arena_printf(req->arena, "/measures/%lld", (long long)m->id));
	if (measure_note_add(request_store(req), &who, m, request_input(req, "period"), request_input(req, "text"),
			     &err) < 0)
		respond_failed(req, res, href, &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, href, _("Note added to the chart."),
			     json_pack("{s:b}", "ok", 1));
}
