/*
 * page_feedback_form.c - a colleague's 360 form behind an invitation link: no account, the link is the key;
 * they name only their relationship to the leader.
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

/* ---- a colleague's form behind an invitation link ---- */

static int
load_invitation(struct request *req, struct response *res, struct feedback_invitation *inv, struct feedback_cycle *c,
		const struct instrument **ins)
{
	struct error err;
	int found = feedback_invitation_find(request_store(req), req->params[0], inv, &err);
	if (found > 0)
		found = feedback_cycle_get(request_store(req), inv->cycle_id, c, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return -1;
	}
	if (!found || inv->revoked) {
		respond_error(
			req, res, MHD_HTTP_NOT_FOUND,
			_("This feedback link is not known. Check that you copied the whole link from the message."));
		return -1;
	}
	if (c->closed) {
		respond_error(req, res, MHD_HTTP_GONE, _("This feedback cycle has closed; thank you all the same."));
		return -1;
	}
	*ins = page_ins(req, catalog_find(req->app->catalog, c->instrument_id, c->version));
	if (!*ins) {
		respond_error(req, res, MHD_HTTP_INTERNAL_SERVER_ERROR,
			      _("The cycle's instrument is no longer loaded."));
		return -1;
	}
	return 0;
}

void
page_feedback_form(struct request *req, struct response *res)
{
	struct feedback_invitation inv;
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_invitation(req, res, &inv, &c, &ins) < 0)
		return;
	struct user leader;
	struct error err;
	if (user_by_id(request_store(req), c.user_id, &leader, &err) <= 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct buf *b = &res->body;
	respondent_page_begin(b, req, _("Feedback"));
	html_printf(b, "<div class=\"survey\"><h1>%s</h1>\n<p>%s%s</p>\n",
		    arena_printf(req->arena, _("Feedback for %s"), leader.name),
		    arena_printf(req->arena,
				 _("%s asked you for feedback on the %s. Your answers are anonymous: %s sees them only "
				   "combined with at least two other people's, and never which are yours."),
				 leader.name, ins->title, leader.name),
		    inv.answered ? _(" You have answered already; sending again replaces your earlier answers.") : "");
	html_printf(b, "<form method=\"post\" action=\"/f/%s\">\n<fieldset><legend>%s</legend><div class=\"choices\">",
		    req->params[0], _("You are their"));
	for (const char *const *rel = feedback_relationships; *rel; rel++)
		html_printf(
			b,
			"<label><input type=\"radio\" name=\"relationship\" value=\"%s\" required> "
			"<span>%s</span></label>\n",
			*rel, _(feedback_relationship_name(*rel)));
	buf_puts(b, "</div></fieldset>\n");
	leaders_items_form(b, req, ins, NULL, false);
	html_printf(b, "<label>%s <textarea name=\"strengths\" rows=\"3\" maxlength=\"2000\"></textarea></label>\n"
		       "<label>%s <textarea name=\"suggestions\" rows=\"3\" maxlength=\"2000\"></textarea></label>\n"
		       "<button type=\"submit\" class=\"primary\">%s</button></form></div>\n",
		    _("What do they do well?"), _("What could they do more of, or differently?"), _("Send feedback"));
	respondent_page_end(b, req);
}

void
page_feedback_form_post(struct request *req, struct response *res)
{
	struct feedback_invitation inv;
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_invitation(req, res, &inv, &c, &ins) < 0)
		return;
	char key[65];
	struct error err;
	const char *back = arena_printf(req->arena, "/f/%s", req->params[0]);
	if (feedback_respondent_key(request_store(req), req->params[0], key, &err) < 0) {
		respond_failed(req, res, back, &err);
		return;
	}
	const char *unknown = leaders_unknown_score_field(req, ins);
	if (unknown) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, back,
			     arena_printf(req->arena, _("\"%s\" is not an element of %s"), unknown, ins->id));
		return;
	}
	if (feedback_submit(request_store(req), &c, ins, key, request_input(req, "relationship"),
			    leaders_answers_of(req, ins), ins->n_items, request_input(req, "strengths"),
			    request_input(req, "suggestions"), inv.id, &err) < 0) {
		respond_failed(req, res, back, &err);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_OK, json_pack("{s:b}", "ok", 1));
		return;
	}
	struct buf *b = &res->body;
	respondent_page_begin(b, req, _("Thank you"));
	html_printf(
		b, "<div class=\"survey\"><h1>%s</h1><p>%s</p></div>\n", _("Thank you"),
		_("Your feedback is saved. You can close this page; the same link lets you change your answers while "
		  "the cycle "
		  "is open."));
	respondent_page_end(b, req);
}

