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

#endif
