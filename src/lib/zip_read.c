/*
 * zip_read.c - reads back an archive as zip.c writes it (see zip.h): the end record, each central directory
 * entry, the local header it points to (which must agree with it), the data inflated or stored, and its
 * CRC-32. Every offset and length is checked against the archive's size before it is read: the input may be
 * anything (the fuzz target feeds it bytes).
 */
#include "lib/zip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/xalloc.h"

static uint32_t
get16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
get32(const unsigned char *p)
{
	return get16(p) | get16(p + 2) << 16;
}

struct entry {
	uint32_t method, crc, csize, size, name_len, offset;
	const unsigned char *name;
};

/* DATA (CSIZE bytes, raw deflate) inflated into OUT (SIZE bytes exactly): 0, or -1 when it is not. */
static int
inflate_raw(const unsigned char *data, size_t csize, unsigned char *out, size_t size)
{
	z_stream zs = {0};
	if (inflateInit2(&zs, -15) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)csize;
	zs.next_out = out;
	zs.avail_out = (uInt)size;
	int rc = inflate(&zs, Z_FINISH);
	bool ok = rc == Z_STREAM_END && zs.total_out == size && zs.avail_in == 0;
	inflateEnd(&zs);
	return ok ? 0 : -1;
}

/* The file E of archive A (LEN bytes), checked and passed to FN. */
static int
read_entry(const unsigned char *a, size_t len, const struct entry *e, zip_entry_fn fn, void *ctx,
	   struct error *err)
{
	size_t at = e->offset;
	if (at > len || len - at < 30 || get32(a + at) != 0x04034b50u)
		return error_set(err, "zip: no local header at %zu", at);
	const unsigned char *h = a + at;
	if (get16(h + 8) != e->method || get32(h + 14) != e->crc || get32(h + 18) != e->csize ||
	    get32(h + 22) != e->size || get16(h + 26) != e->name_len)
		return error_set(err, "zip: local header at %zu disagrees with the directory", at);
	size_t data_at = at + 30 + get16(h + 26) + get16(h + 28);
	if (data_at > len || len - data_at < e->csize || memcmp(h + 30, e->name, e->name_len) != 0)
		return error_set(err, "zip: file at %zu runs past the end or is misnamed", at);
	if (e->method != 0 && e->method != 8)
		return error_set(err, "zip: method %u is not stored or deflate", (unsigned)e->method);
	if (e->method == 0 && e->csize != e->size)
		return error_set(err, "zip: stored file at %zu has two sizes", at);
	if (e->size > ZIP_MAX_BYTES)
		return error_set(err, "zip: file at %zu is too large", at);
	unsigned char *data = xmalloc((size_t)e->size + 1);
	int rc = 0;
	if (e->method == 0)
		memcpy(data, a + data_at, e->size);
	else if (inflate_raw(a + data_at, e->csize, data, e->size) < 0)
		rc = error_set(err, "zip: file at %zu does not inflate to its size", at);
	data[e->size] = '\0';
	if (rc == 0 && (uint32_t)crc32(0L, data, (uInt)e->size) != e->crc)
		rc = error_set(err, "zip: file at %zu fails its CRC", at);
	char *name = xmalloc((size_t)e->name_len + 1);
	memcpy(name, e->name, e->name_len);
	name[e->name_len] = '\0';
	if (rc == 0)
		rc = fn(ctx, name, (const char *)data, e->size);
	free(name);
	free(data);
	return rc;
}

int
zip_read(const void *archive, size_t len, zip_entry_fn fn, void *ctx, struct error *err)
{
	const unsigned char *a = archive;
	if (len < 22)
		return error_set(err, "zip: too short for an archive (%zu bytes)", len);
	size_t end = len - 22;
	while (get32(a + end) != 0x06054b50u || get16(a + end + 20) != len - end - 22) {
		if (end == 0 || len - end > 22 + 0xffff)
			return error_set(err, "zip: no end of central directory");
		end--;
	}
	const unsigned char *e = a + end;
	uint32_t count = get16(e + 10), cd_size = get32(e + 12), cd_at = get32(e + 16);
	if (get16(e + 8) != count || cd_at > end || end - cd_at != cd_size)
		return error_set(err, "zip: the central directory is not where the end record says");
	size_t at = cd_at;
	for (uint32_t i = 0; i < count; i++) {
		if (end - at < 46 || get32(a + at) != 0x02014b50u)
			return error_set(err, "zip: directory entry %u is missing", (unsigned)i);
		const unsigned char *c = a + at;
		struct entry en = {get16(c + 10), get32(c + 16), get32(c + 20), get32(c + 24), get16(c + 28),
				   get32(c + 42), c + 46};
		size_t next = at + 46 + en.name_len + get16(c + 30) + get16(c + 32);
		if (next > end)
			return error_set(err, "zip: directory entry %u runs past the directory", (unsigned)i);
		if (en.offset >= cd_at)
			return error_set(err, "zip: file %u starts inside the directory", (unsigned)i);
		int rc = read_entry(a, cd_at, &en, fn, ctx, err);
		if (rc)
			return rc;
		at = next;
	}
	if (at != end)
		return error_set(err, "zip: bytes left over in the central directory");
	return 0;
}
