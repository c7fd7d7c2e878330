/* fuzz_zip.c - the ZIP writer and reader (lib/zip): the input, cut at NUL bytes into names and contents, is
 * written into an archive that must read back with every file's safe name and exact contents; the input itself
 * is also read as an archive, which must fail cleanly or read, never crash. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/zip.h"

struct check {
	const uint8_t *data;
	size_t size;
	size_t at, n;
};

/* The next part of the input: up to the next NUL or the end. */
static size_t
part(const struct check *c, size_t at, size_t *next)
{
	const uint8_t *nul = at < c->size ? memchr(c->data + at, 0, c->size - at) : NULL;
	size_t end = nul ? (size_t)(nul - c->data) : c->size;
	*next = nul ? end + 1 : c->size;
	return end - (at < c->size ? at : c->size);
}

static int
compare(void *ctx, const char *name, const char *data, size_t len)
{
	struct check *c = ctx;
	size_t next, nlen = part(c, c->at, &next);
	char *want = fuzz_text(c->data + c->at, nlen);
	char safe[ZIP_NAME_MAX + 1];
	zip_safe_name(want, safe);
	free(want);
	if (strcmp(safe, name) != 0 || strchr(name, '/') || name[0] == '.')
		abort();
	size_t after, dlen = part(c, next, &after);
	if (dlen != len || memcmp(c->data + next, data, len) != 0)
		abort();
	c->at = after;
	c->n++;
	return 0;
}

static int
ignore(void *ctx, const char *name, const char *data, size_t len)
{
	(void)ctx, (void)name, (void)data, (void)len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err;
	zip_read(data, size, ignore, NULL, &err);

	struct check c = {data, size, 0, 0};
	struct zip z;
	zip_init(&z, (time_t)size * 86400);
	size_t at = 0, files = 0;
	while (at < size && files < 50) {
		size_t next, after;
		char *name = fuzz_text(data + at, part(&c, at, &next));
		size_t dlen = part(&c, next, &after);
		if (zip_add(&z, name, data + (next < size ? next : size), dlen, &err) < 0)
			abort();
		free(name);
		files++;
		at = after;
	}
	struct buf out = BUF_INIT;
	if (zip_finish(&z, &out, &err) < 0 || zip_read(out.data, out.len, compare, &c, &err) < 0 || c.n != files)
		abort();
	buf_release(&out);
	zip_release(&z);
	return 0;
}
