/*
 * page_consensus.c - a round's consensus session: the form a facilitator records the agreed levels with,
 * and the evidence (links and files) attached to its elements.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/export.h"
#include "domain/import.h"
#include "domain/results.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/round_open.h"
#include "domain/schedule.h"
#include "store/store.h"
#include "domain/mail.h"
#include "lib/csv.h"
#include "lib/multipart.h"
#include "lib/text.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page_round.h"
#include "web/page.h"
#include "web/mail_invites.h"
#include "web/qr.h"
#include "web/svg.h"

/* ---- consensus ---- */

struct evidence_list {
	struct request *req;
	const struct round *round;
	const char *item_code; /* NULL: all */
	struct buf *b;
	json_t *json;
};

static int
evidence_item(void *vctx, const struct evidence *e)
{
	struct evidence_list *c = vctx;
	const struct request *req = c->req;
	if (c->json) {
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s?, s:s?, s:I}", "id", (json_int_t)e->id, "item",
							  e->item_code, "url", e->url, "filename", e->filename, "size",
							  (json_int_t)e->size));
		return 0;
	}
	if (c->item_code && strcmp(c->item_code, e->item_code) != 0)
		return 0;
	if (e->url)
		html_printf(c->b, "<li><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></li>", e->url, e->url);
	else
		html_printf(c->b, _("<li><a href=\"%s\">%s</a> (%zu KiB)</li>"),
			    arena_printf(c->req->arena, "/units/%s/rounds/%lld/evidence/%lld", c->req->unit->code,
					 (long long)c->round->id, (long long)e->id),
			    e->filename, (e->size + 1023) / 1024);
	return 0;
}

/* A form per domain of INS, each element with its agreed level (or the coach's, COACH), its note, its evidence
 * and, unless withheld, what the survey said (RS). The evidence that cannot be read is left out. */
static void
write_consensus_forms(struct buf *b, struct request *req, const struct round *r, const struct instrument *ins,
		      const struct results *rs, bool coach)
{
	struct store *s = request_store(req);
	struct error err;
	size_t in_domain = 0, d = 0;
	for (size_t i = 0; i < rs->n_items; i++) {
		const struct item_result *it = &rs->items[i];
		if (in_domain == 0) {
			html_printf(
				b,
				"<section class=\"consensus-domain\" id=\"domain-%zu\"><h2>%s</h2><form "
				"method=\"post\" action=\"%s\">",
				d + 1, ins->domains[d].title, page_round_href(req, r, "/consensus"));
			page_csrf_field(b, req);
			html_printf(
				b,
				"<input type=\"hidden\" name=\"kind\" value=\"%s\"><input type=\"hidden\" "
				"name=\"domain\" "
				"value=\"%zu\">\n",
				coach ? "coach" : "team", d + 1);
		}
		bool has = coach ? it->has_coach : it->has_consensus;
		long level = coach ? it->coach : it->consensus;
		const char *note = coach ? it->coach_note : it->consensus_note;
		buf_puts(b, "<fieldset class=\"item\">");
		page_item_question(b, it->item);
		if (!rs->withheld) {
			buf_puts(b, _("<p class=\"note\">Survey: "));
			svg_distribution(b, req->lang, ins, it->counts, it->dont_know, 220);
			if (!isnan(it->st.mean))
				html_printf(b, _(" mean %s from %s answers</p>\n"), page_num(req, it->st.mean, 1),
					    page_count(req, (long long)it->st.n));
			else
				buf_puts(b, _(" no answers</p>\n"));
		}
		html_printf(b,
			    _("<label>Agreed level <select name=\"level_%s\"><option value=\"\">(not agreed)</option>"),
			    it->item->code);
		for (size_t l = 0; l < ins->n_levels; l++)
			html_printf(b, "<option value=\"%ld\"%R>%ld %s</option>", ins->levels[l].value,
				    has && level == ins->levels[l].value ? " selected" : "", ins->levels[l].value,
				    ins->levels[l].label);
		html_printf(
			b,
			_("</select></label>\n<label>Note and evidence <textarea name=\"note_%s\" rows=\"2\" "
			  "maxlength=\"4000\">%s</textarea></label>\n"),
			it->item->code, note ? note : "");
		struct evidence_list ec = {req, r, it->item->code, b, NULL};
		buf_puts(b, "<ul class=\"plain\">");
		evidence_each(s, r->id, evidence_item, &ec, &err);
		buf_puts(b, "</ul></fieldset>\n");
		if (++in_domain == ins->domains[d].n_items) {
			html_printf(b,
				    _("<button type=\"submit\" class=\"primary\">Save %s</button></form></section>\n"),
				    ins->domains[d].title);
			in_domain = 0;
			d++;
		}
	}
}

/* The form that adds a link or a file as evidence to one of the round's elements. */
static void
write_evidence_form(struct buf *b, struct request *req, const struct round *r, const struct results *rs)
{
	html_printf(b, _("<section class=\"panel\"><h2>Add evidence</h2>\n<form method=\"post\" action=\"%s\" "
		       "enctype=\"multipart/form-data\" class=\"stack\">"),
		    page_round_href(req, r, "/evidence"));
	page_csrf_field(b, req);
	buf_puts(b, _("<label>Element <select name=\"item\">"));
	for (size_t i = 0; i < rs->n_items; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", rs->items[i].item->code, rs->items[i].item->code);
	buf_puts(
		b,
		_("</select></label>\n<label>A link <input type=\"url\" name=\"url\" "
		  "placeholder=\"https://\"></label>\n"
		  "<label>or a file (PDF, PNG, JPEG, text or CSV; at most 5 MiB) <input type=\"file\" name=\"file\" "
		  "accept=\".pdf,.png,.jpg,.jpeg,.txt,.csv\"></label>\n"
		  "<button type=\"submit\" class=\"secondary\">Add evidence</button></form></section>\n"));
}

void
page_round_consensus(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	struct store *s = request_store(req);
	struct error err;
	struct results rs;
	if (results_compute(s, &r, req->unit, ins, &rs, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *kind = request_arg(req, "kind");
	bool coach = kind && strcmp(kind, "coach") == 0;
	struct buf *b = &res->body;
	const char *here = page_round_href(req, &r, "");
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, here},
				       {coach ? _("Coach's calibration") : _("Consensus"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, coach ? _("Coach's calibration") : _("Consensus session"), crumbs);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s%s</p>\n",
		    coach ? _("Coach's calibration") : _("Consensus session"),
		    coach ? _("An outside coach's rating per element, shown beside the team's.") :
			    _("Record the level the team agrees on for each element, with a note of the evidence."),
		    rs.withheld ? "" : _(" Beside each element: what the survey said."));
	if (rs.withheld && round_has_survey(&r)) {
		html_printf(b, _("<p class=\"panel notice\">Survey: %s</p>\n"), page_withheld(req, &rs));
	}
	const char *steps = round_has_survey(&r) ? page_steps(req, &r, rs.min_group) : NULL;
	if (steps)
		html_printf(b, "<p class=\"note\" id=\"steps\">%s</p>\n", steps);
	html_printf(b, "<p><a href=\"%s\">%s</a></p>\n",
		    page_round_href(req, &r, coach ? "/consensus" : "/consensus?kind=coach"),
		    coach ? _("Record the team's consensus instead")
			  : _("Record an outside coach's calibration instead"));
	/* A form per domain, each with its own Save: a session works through the grid a domain at a time, and
	 * nobody should scroll past 29 elements to save the first. */
	html_printf(b, "<nav aria-label=\"%s\"><ol class=\"domains\">", _("Domains"));
	for (size_t d = 0; d < ins->n_domains; d++)
		html_printf(b, "<li><a href=\"#domain-%zu\">%s</a></li>", d + 1, ins->domains[d].title);
	buf_puts(b, "</ol></nav>\n");
	if (!rs.withheld) {
		buf_puts(b, _("<p class=\"note\">The bars show how many people chose each level in the survey:</p>"));
		svg_level_legend(b, req->lang, ins, true);
	}
	write_consensus_forms(b, req, &r, ins, &rs, coach);
	write_evidence_form(b, req, &r, &rs);
	page_end(b, req);
	results_release(&rs);
}

void
page_round_consensus_post(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	const char *kind = request_input(req, "kind");
	if (!kind)
		kind = "team";
	const char *back =
		page_round_href(req, &r, strcmp(kind, "coach") == 0 ? "/consensus?kind=coach" : "/consensus");
	struct error err;
	const struct actor who = request_actor(req);
	struct store *s = request_store(req);
	/* JSON: one element at a time, {"item", "kind", "level", "note"}. */
	const char *item = request_input(req, "item");
	if (item) {
		if (consensus_record(s, &who, &r, req->unit->code, ins, item, kind, request_input(req, "level"),
				     request_input(req, "note"), &err) < 0)
			respond_failed(req, res, back, &err);
		else
			respond_done(req, res, MHD_HTTP_OK, back, _("Saved."), NULL);
		return;
	}
	/* The form: every element's level_CODE and note_CODE; checked all before any is written. */
	size_t saved = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t d = 0; d < ins->n_domains; d++)
			for (size_t j = 0; j < ins->domains[d].n_items; j++) {
				const char *code = ins->domains[d].items[j].code;
				const char *level = request_input(req, arena_printf(req->arena, "level_%s", code));
				const char *note = request_input(req, arena_printf(req->arena, "note_%s", code));
				if (!level)
					continue;
				if (pass == 0) {
					char *end;
					long v = strtol(level, &end, 10);
					if (*level && (*end || !instrument_find_level(ins, v))) {
						form_refused_at(req, arena_printf(req->arena, "level_%s", code));
						respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, back,
							     arena_printf(req->arena,
									  _("%s: \"%s\" is not a level of the scale"),
									  code, level));
						return;
					}
					continue;
				}
				if (!*level && !(note && *note))
					level = "";
				if (consensus_record(s, &who, &r, req->unit->code, ins, code, kind, level, note, &err) <
				    0) {
					/* the levels are checked already: the note it is */
					form_refused_at(req, arena_printf(req->arena, "note_%s", code));
					respond_failed(req, res, back, &err);
					return;
				}
				saved++;
			}
	/* Back to the domain just saved. */
	const char *domain = request_input(req, "domain");
	long long dn;
	if (!wants_json(req) && domain && text_to_number(domain, 1, (long long)ins->n_domains, &dn)) {
		respond_done(req, res, MHD_HTTP_OK, arena_printf(req->arena, "%s#domain-%lld", back, dn),
			     arena_printf(req->arena, _("Saved %s: %zu elements."), ins->domains[dn - 1].title, saved),
			     NULL);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, back, arena_printf(req->arena, _("Saved %zu elements."), saved), NULL);
}

/* ---- evidence ---- */

void
page_round_evidence(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	const char *back = page_round_href(req, &r, "/consensus");
	struct error err;
	const struct actor who = request_actor(req);
	struct store *s = request_store(req);
	/* The dispatcher has read a multipart body's fields as a form's (and checked its CSRF token): only the
	 * file is looked for here. */
	const char *item = request_input(req, "item"), *url = request_input(req, "url");
	const struct multipart_part *file = NULL;
	for (size_t i = 0; i < req->n_parts; i++)
		if (strcmp(req->parts[i].name, "file") == 0 && req->parts[i].filename[0] && req->parts[i].len)
			file = &req->parts[i];
	int rc;
	if (file)
		rc = evidence_add_file(s, &who, &r, ins, item ? item : "", file->filename, file->data, file->len, &err);
	else if (url && *url)
		rc = evidence_add_link(s, &who, &r, ins, item ? item : "", url, &err);
	else
		rc = error_in(&err, "url", "give a link or choose a file");
	if (rc < 0)
		respond_failed(req, res, back, &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, back, _("Evidence added."), NULL);
}

void
page_round_evidence_get(struct request *req, struct response *res)
{
	struct round r = *req->round;
	char *filename = NULL, *type = NULL;
	void *data = NULL;
	size_t len = 0;
	struct error err;
	long long file_id;
	int found = 0;
	if (text_to_number(req->params[2], 1, INT64_MAX, &file_id)) /* else no file has that name: 404 */
		found = evidence_file(request_store(req), r.id, file_id, &filename, &type, &data, &len, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!found) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such file."));
		return;
	}
	res->content_type = arena_strdup(req->arena, type);
	/* Always a download, never shown inline: a file is the team's evidence, not part of the page. */
	struct buf safe = BUF_INIT;
	buf_init(&safe, 300);
	for (const char *p = filename; *p; p++)
		buf_putc(&safe, (*p == '"' || *p == '\\' || (unsigned char)*p < 32) ? '_' : *p);
	res->disposition = arena_printf(req->arena, "attachment; filename=\"%s\"", safe.data);
	buf_release(&safe);
	buf_add(&res->body, data, len);
	free(filename);
	free(type);
	free(data);
}

