/* page_home.c - GET /: what caregrid is for and where a newcomer starts (signing in, answering from a link, the
 * demo's people when this is the demo database), then the instruments a team or leader can be assessed on. */
#include <microhttpd.h>
#include <string.h>

#include "domain/auth.h"
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

/* Whether this is the demo database (caregrid demo): its people are there, so a newcomer may be told them. */
static bool
demo_database(struct request *req)
{
	struct user u;
	struct error err;
	struct store *s = request_store(req);
	return s && user_by_email(s, "facilitator@example.org", &u, &err) == 1 &&
	       user_by_email(s, "coach@example.org", &u, &err) == 1;
}

/* What caregrid is for and where to start: above the instruments, for someone who has never seen it. */
static void
home_welcome(struct buf *b, struct request *req)
{
	buf_puts(b, _("<h1>caregrid</h1>\n<p class=\"lead\">A team, an organisation or a leader rates itself on a "
		      "development grid, sees where it stands and how it moves over time, and turns what it finds into "
		      "actions it follows through. Answers are anonymous; results show only for groups large enough "
		      "that nobody can be picked out.</p>\n<section class=\"panel\"><h2>Where to start</h2>\n<ul>"));
	if (req->signed_in)
		buf_puts(b, _("<li><a href=\"/units\">Your units</a>: their rounds, results and actions.</li>"));
	else
		buf_puts(b, _("<li><a href=\"/signin\">Sign in</a> if your unit uses caregrid: to open a round, read "
			      "results or work on actions.</li>"));
	buf_puts(b, _("<li>Asked to answer a survey? Open the link you were sent: it needs no account, and your "
		      "answers are not tied to your name.</li><li>Browse the instruments below to see what is "
		      "asked.</li></ul>\n"));
	if (demo_database(req))
		buf_puts(
			b,
			_("<p>This is the demo database. Sign in as admin@example.org (site administrator), "
			  "facilitator@example.org (Riverside Primary Care Home), viewer@example.org "
			  "(Coastal Locality) or coach@example.org (a coach), each with the password "
			  "caregrid-demo.</p>\n"));
	buf_puts(b, "</section>\n");
}

void
page_home(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const struct catalog *cat = req->app->catalog;
	page_begin(b, req, _("caregrid: where a team stands and how it grows"), NULL);
	home_welcome(b, req);
	html_printf(b, _("<h2>Instruments</h2>\n<p>The frameworks a primary care team, an organisation "
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
