/*
 * sealed_stream.c - the encrypted backup file's format (sealed_stream.h): libsodium's secretstream in parts of
 * 64 KiB, each with its length before it, the last tagged final so that a cut-short file is found out.
 */
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sealed_stream.h"
#include "lib/xalloc.h"

#define MAGIC "CGBACKUP"
#define MAGIC_BYTES 8
#define CHECK_BYTES 16
#define PREFIX_BYTES (MAGIC_BYTES + 1)
#define PART_PLAIN 65536
#define PART_MAX (PART_PLAIN + crypto_secretstream_xchacha20poly1305_ABYTES)
#define HEADER_BYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES

/* The key's check value: shows which key sealed a file without telling anything about the key. */
static void
key_check(const unsigned char key[SEALED_STREAM_KEY_BYTES], unsigned char out[CHECK_BYTES])
{
	static const char text[] = "caregrid backup key check";
	crypto_generichash(out, CHECK_BYTES, (const unsigned char *)text, sizeof text - 1, key,
			   SEALED_STREAM_KEY_BYTES);
}

static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Fills BUF with up to N bytes of IN (fewer only at its end): how many, or -1 on a read error. */
static long
read_full(FILE *in, unsigned char *buf, size_t n)
{
	size_t got = fread(buf, 1, n, in);
	return got < n && ferror(in) ? -1 : (long)got;
}

static int
write_prefix(FILE *out, const unsigned char key[SEALED_STREAM_KEY_BYTES], const unsigned char *header,
	     unsigned char prefix[PREFIX_BYTES])
{
	memcpy(prefix, MAGIC, MAGIC_BYTES);
	prefix[MAGIC_BYTES] = SEALED_STREAM_VERSION;
	unsigned char check[CHECK_BYTES];
	key_check(key, check);
	if (fwrite(prefix, 1, PREFIX_BYTES, out) != PREFIX_BYTES || fwrite(check, 1, CHECK_BYTES, out) != CHECK_BYTES ||
	    fwrite(header, 1, HEADER_BYTES, out) != HEADER_BYTES)
		return -1;
	return 0;
}

int
sealed_stream_write(FILE *in, FILE *out, const unsigned char key[SEALED_STREAM_KEY_BYTES], struct error *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char header[HEADER_BYTES], prefix[PREFIX_BYTES];
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
	if (write_prefix(out, key, header, prefix) < 0)
		return error_set(err, "writing the backup failed");
	unsigned char *plain = xmalloc(PART_PLAIN), *sealed = xmalloc(4 + PART_MAX);
	int rc = -1;
	/* One part ahead: a part is final when nothing follows it, which is known only by reading on. */
	long n = read_full(in, plain, PART_PLAIN);
	bool first = true;
	for (;;) {
		if (n < 0) {
			error_set(err, "reading the database copy failed");
			goto out;
		}
		int c = n == PART_PLAIN ? getc(in) : EOF;
		bool last = c == EOF;
		unsigned long long len;
		crypto_secretstream_xchacha20poly1305_push(&st, sealed + 4, &len, plain, (unsigned long long)n,
							   first ? prefix : NULL, first ? PREFIX_BYTES : 0,
							   last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
								: crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
		put_be32(sealed, (uint32_t)len);
		if (fwrite(sealed, 1, 4 + (size_t)len, out) != 4 + (size_t)len) {
			error_set(err, "writing the backup failed");
			goto out;
		}
		if (last)
			break;
		plain[0] = (unsigned char)c;
		long more = read_full(in, plain + 1, PART_PLAIN - 1);
		n = more < 0 ? -1 : more + 1;
		first = false;
	}
	rc = fflush(out) == 0 && !ferror(out) ? 0 : error_set(err, "writing the backup failed");
out:
	sodium_memzero(&st, sizeof st);
	sodium_memzero(plain, PART_PLAIN);
	free(plain);
	free(sealed);
	return rc;
}

/* Reads and checks the bytes before the parts: 0, or -1 (ERR). */
static int
read_prefix(FILE *in, const unsigned char key[SEALED_STREAM_KEY_BYTES], unsigned char prefix[PREFIX_BYTES],
	    unsigned char header[HEADER_BYTES], struct error *err)
{
	unsigned char check[CHECK_BYTES], want[CHECK_BYTES];
	long n = read_full(in, prefix, PREFIX_BYTES);
	if (n < 0)
		return error_set(err, "reading the backup failed");
	if (n < MAGIC_BYTES || memcmp(prefix, MAGIC, MAGIC_BYTES) != 0)
		return error_set(err, "not an encrypted caregrid backup (it does not start with %s)", MAGIC);
	if (n < PREFIX_BYTES)
		return error_set(err, "the backup is truncated: it ends inside its header");
	if (prefix[MAGIC_BYTES] != SEALED_STREAM_VERSION)
		return error_set(err, "the backup's format version is %d; this caregrid reads version %d",
				 prefix[MAGIC_BYTES], SEALED_STREAM_VERSION);
	if (read_full(in, check, CHECK_BYTES) != CHECK_BYTES || read_full(in, header, HEADER_BYTES) != HEADER_BYTES)
		return error_set(err, "the backup is truncated: it ends inside its header");
	key_check(key, want);
	if (sodium_memcmp(check, want, CHECK_BYTES) != 0)
		return error_set(err, "the backup was made with another key: give the backup key file it was made with "
				      "(or the file's header is damaged)");
	return 0;
}

/* Reads part N's length and sealed bytes into SEALED: 1 read, 0 the file ended before it, -1 (ERR). */
static int
read_part(FILE *in, unsigned char *sealed, size_t *len, unsigned long part, struct error *err)
{
	unsigned char be[4];
	long n = read_full(in, be, 4);
	if (n < 0)
		return error_set(err, "reading the backup failed");
	if (n == 0)
		return 0;
	if (n < 4)
		return error_set(err, "the backup is truncated: it ends inside part %lu", part);
	uint32_t l = get_be32(be);
	if (l < crypto_secretstream_xchacha20poly1305_ABYTES || l > PART_MAX)
		return error_set(err, "the backup is damaged: part %lu has an impossible length (%lu bytes)", part,
				 (unsigned long)l);
	n = read_full(in, sealed, l);
	if (n < 0)
		return error_set(err, "reading the backup failed");
	if ((uint32_t)n < l)
		return error_set(err, "the backup is truncated: it ends inside part %lu", part);
	*len = l;
	return 1;
}

int
sealed_stream_read(FILE *in, FILE *out, const unsigned char key[SEALED_STREAM_KEY_BYTES], struct error *err)
{
	unsigned char prefix[PREFIX_BYTES], header[HEADER_BYTES];
	if (read_prefix(in, key, prefix, header, err) < 0)
		return -1;
	crypto_secretstream_xchacha20poly1305_state st;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key) != 0)
		return error_set(err, "the backup is damaged: its stream header is not valid");
	unsigned char *plain = xmalloc(PART_PLAIN), *sealed = xmalloc(PART_MAX);
	int rc = -1;
	for (unsigned long part = 1;; part++) {
		size_t len = 0;
		int got = read_part(in, sealed, &len, part, err);
		if (got < 0)
			goto out;
		if (got == 0) {
			error_set(err, "the backup is truncated: it ends after part %lu, before its last part",
				  part - 1);
			goto out;
		}
		unsigned long long n;
		unsigned char tag;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, plain, &n, &tag, sealed, len,
							       part == 1 ? prefix : NULL,
							       part == 1 ? PREFIX_BYTES : 0) != 0) {
			error_set(err, "the backup is damaged: part %lu does not open (changed, or parts moved)", part);
			goto out;
		}
		if (n && fwrite(plain, 1, (size_t)n, out) != n) {
			error_set(err, "writing the opened backup failed");
			goto out;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
	}
	if (getc(in) != EOF) {
		error_set(err, "the backup is damaged: there are bytes after its last part");
		goto out;
	}
	rc = fflush(out) == 0 && !ferror(out) ? 0 : error_set(err, "writing the opened backup failed");
out:
	sodium_memzero(&st, sizeof st);
	sodium_memzero(plain, PART_PLAIN);
	free(plain);
	free(sealed);
	return rc;
}
