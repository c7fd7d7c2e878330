/* fuzz_body.c - request bodies as the server parses them (web/http: forms, JSON, CSV text), the content
 * type chosen by the first byte. A JSON body that parses is also written back by the reply writer
 * (lib/json_text), which must give exactly jansson's bytes. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/arena.h"
#include "lib/json_text.h"
#include "web/http.h"

static void
same_text_as_jansson(const json_t *doc)
{
	char *want = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	struct buf got = BUF_INIT;
	bool written = json_text_append(&got, doc);
	if (written != (want != NULL) || (want && strcmp(want, got.data) != 0))
		__builtin_trap();
	buf_release(&got);
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {"application/x-www-form-urlencoded", "application/json",
					    "text/csv; charset=utf-8"};
	if (!size)
		return 0;
	struct request req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	req.content_type = types[data[0] % 3];
	req.body = arena_strndup(req.arena, (const char *)data + 1, size - 1);
	req.body_len = size - 1;
	struct error err;
	if (request_parse_body(&req, &err) == 0)
		for (size_t i = 0; i < req.n_form; i++)
			if (!req.form[i].name || !req.form[i].value)
				__builtin_trap();
	if (req.json)
		same_text_as_jansson(req.json);
	json_decref(req.json);
	arena_free(req.arena);
	return 0;
}
