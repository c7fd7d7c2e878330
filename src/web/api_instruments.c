/* api_instruments.c - GET /api/instruments and GET /api/instruments/{id}[?version=N]. */
#include <microhttpd.h>
#include <stdlib.h>

#include "domain/catalog.h"
#include "web/app.h"
#include "web/handlers.h"

const struct instrument *
instrument_from_request(struct request *req, struct response *res)
{
	long version = 0;
	const char *v = request_arg(req, "version");
	if (v) {
		char *end;
		version = strtol(v, &end, 10);
		if (!*v || *end || version < 1) {
			respond_error(req, res, MHD_HTTP_BAD_REQUEST, _("version must be a whole number from 1"));
			return NULL;
		}
	}
	const struct instrument *ins = catalog_find(req->app->catalog, req->params[0], version);
	if (!ins)
		respond_error(req, res, MHD_HTTP_NOT_FOUND,
			      version ? _("There is no such version of this instrument.")
				      : _("There is no instrument with this id."));
	return ins;
}

static json_t *
instruments_list(const struct catalog *cat)
{
	json_t *list = json_array();
	for (size_t i = 0; i < catalog_count(cat); i++) {
		const struct instrument *ins = catalog_get(cat, i);
		json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:I, s:I}", "id", ins->id, "version",
				      (json_int_t)ins->version, "title", ins->title, "subject", ins->subject,
				      "n_domains", (json_int_t)ins->n_domains, "n_items", (json_int_t)ins->n_items);
		json_object_set_new(o, "href", json_sprintf("/api/instruments/%s", ins->id));
		json_array_append_new(list, o);
	}
	return json_pack("{s:o}", "instruments", list);
}

char *
api_instruments_list_text(const struct catalog *cat)
{
	json_t *doc = instruments_list(cat);
	char *text = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	json_decref(doc);
	return text;
}

void
api_instruments_list(struct request *req, struct response *res)
{
	/* The catalogue never changes while the server runs: its list is written once (cmd_serve). */
	if (req->app->instruments_json)
		respond_json_text(res, MHD_HTTP_OK, req->app->instruments_json);
	else
		respond_json(res, MHD_HTTP_OK, instruments_list(req->app->catalog));
}

void
api_instruments_get(struct request *req, struct response *res)
{
	const char *lang = request_arg(req, "lang");
	if (lang && !lang_find(lang)) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      arena_printf(req->arena, _("lang: \"%s\" is not a language caregrid speaks (en, cy, es)"),
					   lang));
		return;
	}
	const struct instrument *ins = instrument_from_request(req, res);
	/* ?lang= asks for the texts in that language (the codes never change); without it, the instrument as written,
	 * with every translation it has. */
	if (ins)
		respond_json(res, MHD_HTTP_OK, instrument_to_json(lang ? instrument_in(ins, lang) : ins));
}
