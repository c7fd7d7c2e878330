/* page_home.c - GET /: the instruments a team or leader can be assessed on. */
#include <microhttpd.h>
#include <string.h>

#include "domain/catalog.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

static const char *
subject_phrase(const char *subject)
{
	if (strcmp(subject, "individual") == 0)
		return N_("for one leader (self and 360°)");
	if (strcmp(subject, "organisation") == 0)
		return N_("for an organisation");
	return N_("for a team");
}

void
page_home(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const struct catalog *cat = req->app->catalog;
	page_begin(b, req, _("Instruments"), NULL);
	html_printf(b, _("<h1>Instruments</h1>\n<p class=\"lead\">The frameworks a primary care team, an organisation "
		       "or a leader can rate itself on. Open one to see it laid out as the paper grid.</p>\n"
		       "<ul class=\"cards\">\n"));
	for (size_t i = 0; i < catalog_count(cat); i++) {
		const struct instrument *ins = page_ins(req, catalog_get(cat, i));
		html_printf(b, "<li><h2><a href=\"/instruments/%s\">%s</a></h2>", ins->id, ins->title);
		if (ins->subtitle)
			html_printf(b, "<p>%s</p>", ins->subtitle);
		html_printf(b, "<p class=\"meta\">%s · %s · %s</p></li>\n",
			    arena_printf(req->arena, trn(req->lang, "%zu domain", "%zu domains", ins->n_domains),
					 ins->n_domains),
			    arena_printf(req->arena, trn(req->lang, "%zu item", "%zu items", ins->n_items),
					 ins->n_items),
			    arena_printf(req->arena, _("%s · version %ld"), _(subject_phrase(ins->subject)),
					 ins->version));
	}
	buf_puts(b, "</ul>\n");
	page_end(b, req);
}
