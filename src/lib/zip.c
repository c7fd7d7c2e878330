/*
 * zip.c - a ZIP archive in memory, and a reader of what it writes (see zip.h). Little-endian headers written
 * byte by byte; zlib's raw deflate (window bits -15: no zlib header, as ZIP wants) and its crc32. ZIP64 is not
 * needed: an archive is capped far below 4 GiB and 65,535 files.
 */
#include "lib/zip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/xalloc.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define FLAG_UTF8 0x0800u
#define METHOD_STORED 0
#define METHOD_DEFLATE 8
#define VERSION_NEEDED 20
#define VERSION_MADE_BY ((3u << 8) | 20u) /* Unix, so that the external attributes below are read as a mode */
#define LOCAL_SIZE 30
#define CENTRAL_SIZE 46
#define END_SIZE 22

static void
put16(struct buf *b, unsigned v)
{
	unsigned char c[2] = {v & 0xff, (v >> 8) & 0xff};
	buf_add(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
	buf_add(b, c, 4);
}

void
zip_init(struct zip *z, time_t when)
{
	memset(z, 0, sizeof *z);
	buf_init(&z->out, ZIP_MAX_BYTES);
	buf_init(&z->central, ZIP_MAX_BYTES);
	struct tm tm;
	if (!gmtime_r(&when, &tm) || tm.tm_year < 80)
		tm = (struct tm){.tm_year = 80, .tm_mday = 1};
	if (tm.tm_year > 207)
		tm.tm_year = 207; /* the last year MS-DOS dates hold */
	z->dos_time = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	z->dos_date = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

void
zip_release(struct zip *z)
{
	buf_release(&z->out);
	buf_release(&z->central);
}

/* The length of the valid UTF-8 character at S (N bytes left), or 0 when it is not one (overlong forms,
 * surrogates and values past U+10FFFF included). */
static size_t
utf8_char(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!len || len > n || s[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

void
zip_safe_name(const char *name, char out[ZIP_NAME_MAX + 1])
{
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t n = strlen((const char *)s), o = 0;
	while (n && *s == '.')
		s++, n--;
	while (n) {
		size_t len = utf8_char(s, n);
		bool bad = !len || *s < 0x20 || *s == 0x7f || *s == '/' || *s == '\\' || *s == ':';
		size_t take = bad ? 1 : len;
		if (o + (bad ? 1 : len) > ZIP_NAME_MAX)
			break;
		if (bad)
			out[o++] = '_';
		else
			memcpy(out + o, s, len), o += len;
		s += take, n -= take;
	}
	out[o] = '\0';
	if (!o)
		strcpy(out, "file");
}

/* DATA deflated into *OUT (xmalloc'd), or -1 when deflating failed. */
static long
deflate_raw(const void *data, size_t len, unsigned char **out)
{
	z_stream zs = {0};
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong bound = deflateBound(&zs, (uLong)len);
	*out = xmalloc(bound ? bound : 1);
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = *out;
	zs.avail_out = (uInt)bound;
	int rc = deflate(&zs, Z_FINISH);
	long n = rc == Z_STREAM_END ? (long)zs.total_out : -1;
	deflateEnd(&zs);
	if (n < 0) {
		free(*out);
		*out = NULL;
	}
	return n;
}

/* The fields a local header and its central directory entry share, from "version needed" to the name's length. */
static void
put_common(struct buf *b, const struct zip *z, unsigned method, uint32_t crc, size_t csize, size_t len,
	   size_t name_len)
{
	put16(b, VERSION_NEEDED);
	put16(b, FLAG_UTF8);
	put16(b, method);
	put16(b, z->dos_time);
	put16(b, z->dos_date);
	put32(b, crc);
	put32(b, (uint32_t)csize);
	put32(b, (uint32_t)len);
	put16(b, (unsigned)name_len);
}

int
zip_add(struct zip *z, const char *name, const void *data, size_t len, struct error *err)
{
	if (z->failed || z->count >= ZIP_MAX_FILES || len >= ZIP_MAX_BYTES) {
		z->failed = true;
		return error_of(err, ERROR_INTERNAL, "the archive would be too large (%zu files)", z->count);
	}
	char safe[ZIP_NAME_MAX + 1];
	zip_safe_name(name, safe);
	size_t name_len = strlen(safe);
	uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
	unsigned char *packed = NULL;
	long plen = len ? deflate_raw(data, len, &packed) : -1;
	bool deflated = plen >= 0 && (size_t)plen < len;
	unsigned method = deflated ? METHOD_DEFLATE : METHOD_STORED;
	size_t csize = deflated ? (size_t)plen : len;
	size_t offset = z->out.len;

	put32(&z->out, SIG_LOCAL);
	put_common(&z->out, z, method, crc, csize, len, name_len);
	put16(&z->out, 0); /* no extra field */
	buf_add(&z->out, safe, name_len);
	buf_add(&z->out, deflated ? (const void *)packed : data, csize);
	free(packed);

	put32(&z->central, SIG_CENTRAL);
	put16(&z->central, VERSION_MADE_BY);
	put_common(&z->central, z, method, crc, csize, len, name_len);
	put16(&z->central, 0);                 /* extra field */
	put16(&z->central, 0);                 /* comment */
	put16(&z->central, 0);                 /* disk */
	put16(&z->central, 0);                 /* internal attributes */
	put32(&z->central, 0100644u << 16);    /* a regular file, rw-r--r-- */
	put32(&z->central, (uint32_t)offset);
	buf_add(&z->central, safe, name_len);
	z->count++;
	if (z->out.overflow || z->central.overflow || z->out.len + z->central.len + END_SIZE >= ZIP_MAX_BYTES) {
		z->failed = true;
		return error_of(err, ERROR_INTERNAL, "the archive would be too large (%zu files)", z->count);
	}
	return 0;
}

int
zip_finish(struct zip *z, struct buf *out, struct error *err)
{
	if (z->failed)
		return error_of(err, ERROR_INTERNAL, "the archive would be too large (%zu files)", z->count);
	size_t cd_offset = z->out.len;
	buf_add(&z->out, z->central.data, z->central.len);
	put32(&z->out, SIG_END);
	put16(&z->out, 0);
	put16(&z->out, 0);
	put16(&z->out, (unsigned)z->count);
	put16(&z->out, (unsigned)z->count);
	put32(&z->out, (uint32_t)z->central.len);
	put32(&z->out, (uint32_t)cd_offset);
	put16(&z->out, 0); /* no comment */
	if (z->out.overflow)
		return error_of(err, ERROR_INTERNAL, "the archive would be too large (%zu files)", z->count);
	buf_release(out);
	*out = z->out;
	memset(&z->out, 0, sizeof z->out);
	return 0;
}
