/*
 * json_text.h - a jansson document written as text into a buf: the bytes json_dumps gives with
 * JSON_INDENT(1) | JSON_ENSURE_ASCII (keys in insertion order), without its bookkeeping. json_dumps checks
 * every object and array for cycles by printing its address into a hash table; on a small reply that was
 * most of the time spent making it (bench/RESULTS.md, issue 13). Documents here are trees built for one
 * reply, so depth is simply bounded instead (as deep as jansson reads: whatever was read can be written).
 */
#ifndef CAREGRID_JSON_TEXT_H
#define CAREGRID_JSON_TEXT_H

#include <jansson.h>
#include <stdbool.h>

#include "lib/buf.h"

/* Appends DOC to B. False when it cannot be written (NULL, text that is not UTF-8, nested deeper than
 * JSON_TEXT_MAX_DEPTH): B may then hold part of it, for the caller to reset. */
bool json_text_append(struct buf *b, const json_t *doc);

#define JSON_TEXT_MAX_DEPTH 2048 /* as deep as jansson reads */

/*
 * The same text written member by member, with no document built first: for the replies asked for on
 * every request of an API client (GET /api/me), where building the jansson document cost more than the
 * rest of the request. KEY is NULL for an array's elements and the outermost value. Text that is not UTF-8
 * or nesting beyond JSON_WRITER_MAX_DEPTH makes json_writer_end false.
 */
#define JSON_WRITER_MAX_DEPTH 16
struct json_writer {
	struct buf *b;
	int depth;
	bool has_members[JSON_WRITER_MAX_DEPTH + 1]; /* per open container, outermost at 1 */
	char closer[JSON_WRITER_MAX_DEPTH + 1];
	bool ok;
};

void json_writer_start(struct json_writer *w, struct buf *b);
void json_writer_object(struct json_writer *w, const char *key);
void json_writer_array(struct json_writer *w, const char *key);
void json_writer_close(struct json_writer *w); /* the innermost open object or array */
void json_writer_string(struct json_writer *w, const char *key, const char *value);
void json_writer_bool(struct json_writer *w, const char *key, bool value);
/* True when everything was written and closed. */
bool json_writer_end(struct json_writer *w);

#endif
