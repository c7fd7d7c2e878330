/*
 * page_evaluation.c - whether the improvement work serves the framework: the evaluation page (measures by
 * quadruple-aim category, actions' progress, grid elements 6.1-6.5 beside their evidence) and an element's
 * page (the actions, measures and evidence that serve it, through the crosswalk).
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/crosswalk.h"
#include "domain/improve.h"
#include "domain/round.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_improve.h"
#include "web/svg.h"

struct evidence_for {
	struct request *req;
	struct buf *b;
	const char *instrument, *code;
	int64_t round_id;
	size_t n;
};

static int
evidence_line(void *vctx, const struct evidence *e)
{
	struct evidence_for *c = vctx;
	/* Evidence is recorded against the round's instrument, the grid in practice. */
	if (!crosswalk_linked("pch-development-grid", e->item_code, c->instrument, c->code))
		return 0;
	c->n++;
	if (e->url)
		html_printf(c->b, "<li><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></li>", e->url, e->url);
	else
		html_printf(c->b, "<li><a href=\"/units/%s/rounds/%lld/evidence/%lld\">%s</a></li>", c->req->unit->code,
			    (long long)c->round_id, (long long)e->id, e->filename);
	return 0;
}

struct rounds_for_evidence {
	struct evidence_for *ev;
	struct error *err;
};

static int
round_evidence(void *vctx, const struct round *r)
{
	struct rounds_for_evidence *c = vctx;
	c->ev->round_id = r->id;
	return evidence_each(request_store(c->ev->req), r->id, evidence_line, c->ev, c->err) < 0 ? -1 : 0;
}

/* Actions, measures and evidence serving INSTRUMENT/CODE (through the crosswalk), as lists. */
static int
write_served(struct buf *b, struct request *req, const char *instrument, const char *code, struct error *err)
{
	struct improve_board ab;
	if (improve_board_load(req, &ab, instrument, code, err) < 0) {
		improve_board_release(&ab);
		return -1;
	}
	buf_puts(b, _("<div class=\"two\"><section><h3>Actions</h3><ul class=\"cards plain-cards\">"));
	size_t shown = 0;
	for (int s = 0; s < 4; s++)
		shown += improve_board_cards(b, req, &ab, action_statuses[s]);
	improve_board_release(&ab);
	if (!shown)
		buf_puts(b, _("<li class=\"note\">None.</li>"));
	buf_puts(b, _("</ul></section><section><h3>Measures</h3><ul class=\"measures\">"));
	struct improve_measures ml;
	int rc = improve_measures_load(req, &ml, instrument, code, err);
	size_t listed = rc < 0 ? 0 : improve_measures_list(b, req, &ml, NULL);
	improve_measures_release(&ml);
	if (rc < 0)
		return -1;
	if (!listed)
		buf_puts(b, _("<li class=\"note\">None.</li>"));
	buf_puts(b, _("</ul></section></div><h3>Evidence</h3><ul class=\"plain\">"));
	struct evidence_for ev = {req, b, instrument, code, 0, 0};
	struct rounds_for_evidence re = {&ev, err};
	if (rounds_each(request_store(req), req->unit->id, round_evidence, &re, err) < 0)
		return -1;
	if (!ev.n)
		buf_puts(b, _("<li class=\"note\">None recorded.</li>"));
	buf_puts(b, "</ul>\n");
	return 0;
}

void
page_element(struct request *req, struct response *res)
{
	const struct instrument *ins = page_ins(req, catalog_find(req->app->catalog, req->params[1], 0));
	const struct item *it = ins ? instrument_find_item(ins, req->params[2], NULL) : NULL;
	if (!it) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such element."));
		return;
	}
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b,
			     arena_printf(req->arena, "%s %s", it->code,
					  page_short_words(req->arena, page_item_words(it), 50)),
			     _("Evaluation"), improve_unit_path(req, "/evaluation"));
	html_printf(b, "<h1>%s %s</h1>\n", it->code, page_item_words(it));
	if (it->title && it->text)
		html_printf(b, "<p class=\"lead\">%s</p>\n", it->text);
	html_printf(b, _("<p class=\"note\">An element of the %s.</p>\n"), ins->title);
	char concepts[400];
	crosswalk_concepts(ins->id, it->code, concepts, sizeof concepts);
	struct strvec related = STRVEC_INIT;
	crosswalk_related(ins->id, it->code, &related);
	if (related.n > 1) {
		html_printf(b, _("<p class=\"note\">Related through the crosswalk (%s): "), concepts);
		for (size_t i = 1; i < related.n; i++) {
			char id[100], code[64];
			sscanf(related.v[i], "%99s %63s", id, code);
			html_printf(b, "<a class=\"tag\" href=\"/units/%s/elements/%s/%s\">%s</a> ", req->unit->code,
				    id, code, page_elements_words(req, related.v[i]));
		}
		buf_puts(b, _("— what serves one shows under all.</p>\n"));
	}
	strvec_clear(&related);
	struct error err;
	if (write_served(b, req, ins->id, it->code, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (strcmp(ins->id, "pch-development-grid") == 0 && strcmp(it->code, "2.3") == 0)
		html_printf(b, _("<p><a href=\"/units/%s/population\">See your population</a>: its segments, how they "
				 "move and grow, from your registered list.</p>\n"),
			    req->unit->code);
	if (req->role >= ROLE_FACILITATOR)
		html_printf(
			b,
			_("<p><a href=\"/units/%s/actions?elements=%s%%20%s\">Add an action for this "
			  "element</a> · <a href=\"/units/%s/aims?from_element=%s%%20%s#new-aim\">Set an aim for this "
			  "element</a></p>\n"),
			req->unit->code, ins->id, it->code, req->unit->code, ins->id, it->code);
	page_end(b, req);
}

void
page_evaluation(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	struct error err;
	struct improve_measures ml;
	if (improve_measures_load(req, &ml, NULL, NULL, &err) < 0) {
		improve_measures_release(&ml);
		respond_storage_error(req, res, &err);
		return;
	}
	improve_crumbs_begin(req, b, _("Evaluation"), _("Evaluation"), NULL);
	html_printf(
		b,
		_("<h1>Evaluation: %s</h1>\n<p class=\"lead\">Measures across the quadruple aim, the actions' "
		  "progress, and the "
		  "grid's evaluation elements beside their evidence.</p>\n"),
		req->unit->name);
	buf_puts(b, _("<h2>Measures by the quadruple aim</h2>\n<div class=\"two\">"));
	size_t missing = 0;
	for (int i = 0; measure_categories[i]; i++) {
		html_printf(b, "<section class=\"panel\"><h3>%s</h3><ul class=\"measures\">",
			    _(measure_category_name(measure_categories[i])));
		if (!improve_measures_list(b, req, &ml, measure_categories[i])) {
			missing++;
			buf_puts(
				b,
				_("<li class=\"flash error\">No measure here: the balance across the quadruple aim is "
				  "missing this part "
				  "(grid element 6.3).</li>"));
		}
		buf_puts(b, "</ul></section>\n");
	}
	improve_measures_release(&ml);
	buf_puts(b, "</div>\n");
	struct improve_board ab;
	if (improve_board_load(req, &ab, NULL, NULL, &err) < 0) {
		improve_board_release(&ab);
		respond_storage_error(req, res, &err);
		return;
	}
	improve_board_release(&ab);
	html_printf(b, _("<h2>Actions</h2>\n<p>%s planned · %s doing · %s done · %s dropped"),
		    page_count(req, (long long)ab.by_status[0]), page_count(req, (long long)ab.by_status[1]),
		    page_count(req, (long long)ab.by_status[2]), page_count(req, (long long)ab.by_status[3]));
	if (ab.overdue)
		html_printf(b, _(" · <strong>%s overdue</strong>"), page_count(req, (long long)ab.overdue));
	html_printf(b, _(" — <a href=\"/units/%s/actions\">the action board</a></p>\n"), req->unit->code);
	const struct instrument *grid = page_ins(req, catalog_find(req->app->catalog, "pch-development-grid", 0));
	for (size_t d = 0; grid && d < grid->n_domains; d++) {
		if (strcmp(grid->domains[d].code, "6") != 0)
			continue;
		buf_puts(b, _("<h2>The grid's evaluation elements</h2>\n"));
		for (size_t j = 0; j < grid->domains[d].n_items; j++) {
			const struct item *it = &grid->domains[d].items[j];
			html_printf(
				b,
				"<section class=\"panel\"><h3><a "
				"href=\"/units/%s/elements/pch-development-grid/%s\">%s</a> %s</h3>",
				req->unit->code, it->code, it->code, it->text);
			if (write_served(b, req, "pch-development-grid", it->code, &err) < 0) {
				respond_storage_error(req, res, &err);
				return;
			}
			buf_puts(b, "</section>\n");
		}
	}
	(void)missing;
	page_end(b, req);
}
