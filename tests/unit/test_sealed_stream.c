/* test_sealed_stream.c - the encrypted backup's format (lib/sealed_stream.h): what is sealed opens again whole,
 * and a file changed anywhere, cut short anywhere, grown, or opened with another key is refused. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sealed_stream.h"

static unsigned char key[SEALED_STREAM_KEY_BYTES];

static void
setup(void)
{
	cr_assert(sodium_init() >= 0);
	memset(key, 7, sizeof key);
}

/* Seals N bytes of a pattern: the sealed bytes into *OUT (free it), their length returned. */
static size_t
seal(size_t n, unsigned char **plain, char **out)
{
	*plain = malloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		(*plain)[i] = (unsigned char)(i * 31 + i / 251);
	FILE *in = fmemopen(*plain, n ? n : 1, "rb");
	if (!n)
		fgetc(in); /* fmemopen refuses a size of 0: an empty input is one read past its only byte */
	size_t len = 0;
	FILE *o = open_memstream(out, &len);
	struct error err;
	cr_assert_eq(sealed_stream_write(in, o, key, &err), 0, "%s", err.msg);
	fclose(in);
	fclose(o);
	return len;
}

/* Opens SEALED (LEN bytes) with K: 0 with what it held in *PLAIN (free it) and *N, or -1 with ERR. */
static int
open_with(const unsigned char *k, const char *sealed, size_t len, char **plain, size_t *n, struct error *err)
{
	FILE *in = fmemopen((void *)sealed, len ? len : 1, "rb");
	if (!len)
		fgetc(in);
	FILE *o = open_memstream(plain, n);
	int rc = sealed_stream_read(in, o, k, err);
	fclose(in);
	fclose(o);
	return rc;
}

static void
refused(const char *sealed, size_t len, const char *why, const char *what)
{
	char *plain;
	size_t n;
	struct error err = {0};
	cr_expect_eq(open_with(key, sealed, len, &plain, &n, &err), -1, "%s was opened", what);
	cr_expect(strstr(err.msg, why), "%s: \"%s\" (wanted \"%s\")", what, err.msg, why);
	free(plain);
}

Test(sealed_stream, round_trips_every_size_around_a_part, .init = setup)
{
	size_t sizes[] = {0, 1, 100, 65535, 65536, 65537, 3 * 65536, 200000};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		unsigned char *plain;
		char *sealed, *back;
		size_t len = seal(sizes[i], &plain, &sealed), n;
		struct error err;
		cr_expect_eq(open_with(key, sealed, len, &back, &n, &err), 0, "%zu bytes: %s", sizes[i], err.msg);
		cr_expect_eq(n, sizes[i]);
		cr_expect(n == sizes[i] && memcmp(back, plain, n) == 0, "%zu bytes came back different", sizes[i]);
		cr_expect_eq(memcmp(sealed, "CGBACKUP\1", 9), 0, "the magic and version lead the file");
		free(plain);
		free(sealed);
		free(back);
	}
}

Test(sealed_stream, refuses_any_byte_changed, .init = setup)
{
	unsigned char *plain;
	char *sealed;
	size_t len = seal(150000, &plain, &sealed);
	/* Every byte of the first 200 (magic, version, key check, header, first length, first part), then a spread. */
	for (size_t at = 0; at < len; at += at < 200 ? 1 : 997) {
		sealed[at] ^= 0x01;
		char what[64];
		snprintf(what, sizeof what, "byte %zu changed", at);
		refused(sealed, len, at < 8 ? "not an encrypted caregrid backup" : "", what);
		sealed[at] ^= 0x01;
	}
	free(plain);
	free(sealed);
}

Test(sealed_stream, tells_a_wrong_key_apart, .init = setup)
{
	unsigned char *plain;
	char *sealed, *back;
	size_t len = seal(1000, &plain, &sealed), n;
	unsigned char other[SEALED_STREAM_KEY_BYTES];
	memset(other, 8, sizeof other);
	struct error err;
	cr_expect_eq(open_with(other, sealed, len, &back, &n, &err), -1);
	cr_expect(strstr(err.msg, "made with another key"), "%s", err.msg);
	cr_expect_eq(n, 0, "nothing is written with a wrong key");
	free(plain);
	free(sealed);
	free(back);
}

Test(sealed_stream, refuses_every_truncation, .init = setup)
{
	unsigned char *plain;
	char *sealed;
	size_t len = seal(140000, &plain, &sealed);
	for (size_t cut = 0; cut < len; cut += cut < 120 ? 1 : 499)
		refused(sealed, cut, cut < 8 ? "not an encrypted" : "", "a cut-short file");
	/* Cut exactly after a whole part (3 parts: 65536 + 65536 + 8880): only the final tag shows the loss. */
	size_t whole = 8 + 1 + 16 + 24 + 2 * (4 + 65536 + crypto_secretstream_xchacha20poly1305_ABYTES);
	refused(sealed, whole, "truncated: it ends after part 2, before its last part", "a file missing its last part");
	refused(sealed, len - 1, "truncated", "a file missing its last byte");
	free(plain);
	free(sealed);
}

Test(sealed_stream, refuses_bytes_after_the_end_and_another_version, .init = setup)
{
	unsigned char *plain;
	char *sealed;
	size_t len = seal(10, &plain, &sealed);
	char *longer = malloc(len + 1);
	memcpy(longer, sealed, len);
	longer[len] = 'x';
	refused(longer, len + 1, "bytes after its last part", "a file grown by one byte");
	sealed[8] = 2;
	refused(sealed, len, "format version is 2", "a file of version 2");
	refused("", 0, "not an encrypted caregrid backup", "an empty file");
	free(longer);
	free(plain);
	free(sealed);
}
