/* fuzz_route.c - the route table's matcher (web/http.c, route_match) over any path: never a crash or a leak, and
 * a match is the pattern itself with each {name} (and its literal suffix, as in "{id}.csv") filled in by the
 * captured segment: captures hold no '/', an {id} or {n} is a positive whole number, and putting the captures
 * back into the pattern gives the path again. The input: a first byte choosing the method (bit 0: POST), then
 * the path. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "web/http.h"

/* The path PATTERN gives with REQ's captures in place of its {name}s, into OUT. */
static void
rebuild(struct buf *out, const char *pattern, const struct request *req)
{
	size_t n = 0;
	for (const char *p = pattern; *p;) {
		if (*p == '{' && strchr(p, '}') && n < req->n_params) {
			buf_puts(out, req->params[n++]);
			p = strchr(p, '}') + 1;
		} else {
			buf_printf(out, "%c", *p++);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *path = fuzz_text(data + 1, size - 1);
	struct request req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	const char *allow;
	const struct route *r = route_match(&req, data[0] & 1 ? "POST" : "GET", path, &allow);
	if (r) {
		if (req.n_params > ROUTE_MAX_PARAMS)
			abort();
		for (size_t i = 0; i < req.n_params; i++)
			if (!req.params[i][0] || strchr(req.params[i], '/'))
				abort();
		if (strstr(r->pattern, "{id}") && req.id <= 0)
			abort();
		struct buf b = BUF_INIT;
		buf_init(&b, 4096);
		rebuild(&b, r->pattern, &req);
		const char *want = strncmp(path, "/api/", 5) == 0 && strcmp(b.data, path) != 0 ? path + 4 : path;
		if (strcmp(b.data, want) != 0)
			abort();
		buf_release(&b);
	}
	arena_free(req.arena);
	free(path);
	return 0;
}
