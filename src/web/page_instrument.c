/*
 * page_instrument.c - GET /instruments/{id}: an instrument laid out as its paper grid is: the domains side
 * by side, their numbered elements beneath, and the rating scale with what each level means.
 */
#include <microhttpd.h>

#include "domain/catalog.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static void
write_scale(struct buf *b, const struct request *req, const struct instrument *ins)
{
	html_printf(b, _("<h2 id=\"scale\">Rating scale</h2>\n<table class=\"scale\">\n"
		       "<thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Label</th>"
		       "<th scope=\"col\">What it means</th></tr></thead>\n<tbody>\n"));
	for (size_t i = 0; i < ins->n_levels; i++) {
		const struct level *lv = &ins->levels[i];
		html_printf(b, "<tr><th scope=\"row\">%ld</th><td>%s</td><td>%s</td></tr>\n", lv->value, lv->label,
			    lv->meaning ? lv->meaning : "");
	}
	if (ins->dont_know)
		buf_puts(
			b,
			_("<tr><th scope=\"row\">–</th><td>Don't know</td><td>No score: the rater cannot "
			  "say.</td></tr>\n"));
	buf_puts(b, "</tbody>\n</table>\n");
	if (ins->scale_note)
		html_printf(b, "<p class=\"note\">%s</p>\n", ins->scale_note);
}

static void
write_item(struct buf *b, const struct request *req, const struct item *it)
{
	html_printf(b, "<li id=\"item-%s\"><span class=\"item-code\">%s</span> ", it->code, it->code);
	if (it->title)
		html_printf(b, "<span class=\"item-title\">%s</span>%s", it->title, it->text ? " — " : "");
	if (it->text)
		html_printf(b, "%s", it->text);
	else
		html_printf(
			b,
			_("<span class=\"from-to\">from <em>%s</em></span><span class=\"from-to\">to "
			  "<em>%s</em></span>"),
			it->from, it->to);
	if (it->has_population_check)
		html_printf(b,
			    _("<br><span class=\"note\">Checked against the registered population: %ld to %ld.</span>"),
			    it->population_min, it->population_max);
	buf_puts(b, "</li>\n");
}

static void
write_list(struct buf *b, const json_t *root, const char *key, const char *heading)
{
	const json_t *arr = json_object_get(root, key);
	if (!json_array_size(arr))
		return;
	html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", heading);
	size_t i;
	const json_t *v;
	json_array_foreach(arr, i, v)
		html_printf(b, "<li>%s</li>\n", json_string_value(v));
	buf_puts(b, "</ul>\n");
}

void
page_instrument(struct request *req, struct response *res)
{
	const struct instrument *ins = page_ins(req, instrument_from_request(req, res));
	if (!ins)
		return;
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Instruments"), "/"}, {ins->title, NULL}, {NULL, NULL}};
	page_begin(b, req, ins->title, crumbs);
	html_printf(b, "<h1>%s</h1>\n", ins->title);
	if (ins->subtitle)
		html_printf(b, "<p class=\"lead\">%s</p>\n", ins->subtitle);
	html_printf(b, _("<p class=\"note\">%zu domains, %zu items · version %ld"), ins->n_domains, ins->n_items,
		    ins->version);
	if (ins->source)
		html_printf(b, _(" · source: %s"), ins->source);
	buf_puts(b, "</p>\n");
	if (ins->note)
		html_printf(b, "<p>%s</p>\n", ins->note);

	buf_puts(b, "<div class=\"grid\">\n");
	for (size_t i = 0; i < ins->n_domains; i++) {
		const struct domain *d = &ins->domains[i];
		html_printf(
			b,
			"<section aria-labelledby=\"domain-%s\"><h2 id=\"domain-%s\"><span "
			"class=\"code\">%s</span>%s</h2>\n",
			d->code, d->code, d->code, d->title);
		if (d->description)
			html_printf(b, "<p class=\"note\">%s</p>\n", d->description);
		buf_puts(b, "<ol>\n");
		for (size_t j = 0; j < d->n_items; j++)
			write_item(b, req, &d->items[j]);
		buf_puts(b, "</ol></section>\n");
	}
	buf_puts(b, "</div>\n");
	write_scale(b, req, ins);
	write_list(b, ins->root, "resources", _("Resources"));
	write_list(b, ins->root, "examples_of_practice", _("Examples of practice"));
	html_printf(
		b,
		_("<p class=\"note\">As JSON: <a "
		  "href=\"/api/instruments/%s?version=%ld\">/api/instruments/%s</a></p>\n"),
		ins->id, ins->version, ins->id);
	page_end(b, req);
}
