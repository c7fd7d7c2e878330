/*
 * page_leaders.c - what the growing-leaders pages share (leaders.h): the page frame, a cycle's links and
 * JSON (the dispatcher finds the cycle: web/resource.c) and the rating form of an instrument's
 * items, the owner's and a colleague's alike. The pages are in page_feedback.c (one's 360 cycles and their
 * report), page_feedback_form.c (a colleague's form behind a link) and page_plan.c (the development plan).
 */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/pdp.h"
#include "domain/round.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/leaders.h"
#include "web/page.h"
#include "web/svg.h"

void
leaders_begin(struct request *req, struct buf *b, const char *title, const char *section, const char *section_href)
{
	const struct crumb crumbs[] = {{section, section_href}, {section_href ? title : NULL, NULL}, {NULL, NULL}};
	page_begin(b, req, title, crumbs);
}

const char *
leaders_cycle_path(struct request *req, const struct feedback_cycle *c, const char *suffix)
{
	return arena_printf(req->arena, "/me/feedback/%lld%s", (long long)c->id, suffix);
}

json_t *
leaders_cycle_json(const struct feedback_cycle *c)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:b}", "id", (json_int_t)c->id, "title", c->title, "instrument",
			 c->instrument_id, "version", (json_int_t)c->version, "created_at", c->created_at, "closed",
			 c->closed);
}

/* ---- sharing ---- */

int
leaders_person(void *ctx, int64_t id, const char *email, const char *name)
{
	(void)id;
	struct leaders_people *p = ctx;
	const char **emails = arena_alloc(p->req->arena, (p->n + 1) * sizeof *emails);
	const char **names = arena_alloc(p->req->arena, (p->n + 1) * sizeof *names);
	for (size_t i = 0; i < p->n; i++) {
		emails[i] = p->email[i];
		names[i] = p->name[i];
	}
	emails[p->n] = arena_strdup(p->req->arena, email);
	names[p->n] = arena_strdup(p->req->arena, name);
	p->email = emails;
	p->name = names;
	p->n++;
	return 0;
}

void
leaders_shared_with(struct buf *b, struct request *req, const struct leaders_people *people, const char *action)
{
	if (!people->n) {
		buf_puts(b, _("<p>Shared with nobody.</p>\n"));
		return;
	}
	buf_puts(b, _("<p>Shared with:</p>\n<ul class=\"shared\">\n"));
	for (size_t i = 0; i < people->n; i++) {
		html_printf(
			b,
			"<li>%s <span class=\"note\">%s</span> <form method=\"post\" action=\"%s\" class=\"inline\">",
			people->name[i], people->email[i], action);
		page_csrf_field(b, req);
		html_printf(
			b,
			_("<input type=\"hidden\" name=\"email\" value=\"%s\"><input type=\"hidden\" name=\"share\" "
			  "value=\"no\"><button type=\"submit\" class=\"link danger-link\">Stop sharing<span "
			  "class=\"visually-hidden\">"
			  " with %s</span></button></form></li>\n"),
			people->email[i], people->name[i]);
	}
	buf_puts(b, "</ul>\n");
}

/* ---- rating items: the owner's own form and a colleague's ---- */

/* The radio buttons of every item, with CHOSEN[i] (may be NULL) checked. */
void
leaders_items_form(struct buf *b, const struct request *req, const struct instrument *ins, const double *chosen,
		   bool about_self)
{
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		const struct domain *dom = &ins->domains[d];
		if (ins->n_domains > 1)
			html_printf(b, "<h2>%s</h2>\n", dom->title);
		for (size_t j = 0; j < dom->n_items; j++, k++) {
			const struct item *it = &dom->items[j];
			buf_puts(b, "<fieldset class=\"item\">");
			page_item_question(b, it);
			html_printf(b, "<p class=\"note\">%s</p><div class=\"choices\">",
				    about_self ? _("How often do you do this?") : _("How often do they do this?"));
			for (size_t l = 0; l < ins->n_levels; l++) {
				const struct level *lv = &ins->levels[l];
				bool on = chosen && !isnan(chosen[k]) && (long)chosen[k] == lv->value;
				html_printf(
					b,
					"<label><input type=\"radio\" name=\"score_%s\" value=\"%ld\"%R> <span>%ld "
					"%s</span></label>\n",
					it->code, lv->value, on ? " checked" : "", lv->value, lv->label);
			}
			if (ins->dont_know)
				html_printf(
					b,
					"<label><input type=\"radio\" name=\"score_%s\" value=\"dk\"> "
					"<span>%s</span></label>\n",
					it->code, _("Don't know"));
			buf_puts(b, "</div></fieldset>\n");
		}
	}
}

/* The first "score_<code>" field of the request whose code is not an item of INS, or NULL: a typo in an
 * API call must not pass as "not rated". */
const char *
leaders_unknown_score_field(const struct request *req, const struct instrument *ins)
{
	for (size_t i = 0; i < req->n_form; i++)
		if (strncmp(req->form[i].name, "score_", 6) == 0 &&
		    !instrument_find_item(ins, req->form[i].name + 6, NULL))
			return req->form[i].name + 6;
	const char *key;
	json_t *value;
	if (json_is_object(req->json))
		json_object_foreach(req->json, key, value)
			if (strncmp(key, "score_", 6) == 0 && !instrument_find_item(ins, key + 6, NULL))
				return key + 6;
	return NULL;
}

/* The answers in the request (form fields or JSON members "score_<code>"), in the arena. */
struct feedback_answer_input *
leaders_answers_of(struct request *req, const struct instrument *ins)
{
	struct feedback_answer_input *a = arena_alloc(req->arena, (ins->n_items ? ins->n_items : 1) * sizeof *a);
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			const char *code = ins->domains[d].items[j].code;
			a[k].item_code = code;
			a[k].score = request_input(req, arena_printf(req->arena, "score_%s", code));
		}
	return a;
}
