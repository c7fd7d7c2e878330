/* test_zip.c - the ZIP writer (lib/zip): a known small archive byte for byte, files that read back whole
 * (stored and deflated) through the reader, names made safe, and a damaged archive refused by the reader. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lib/zip.h"

/* 2026-01-02 03:04:06 UTC */
#define WHEN ((time_t)1767323046)

Test(zip, writes_a_known_small_archive_byte_for_byte)
{
	struct zip z;
	struct buf out = BUF_INIT;
	struct error err;
	zip_init(&z, WHEN);
	cr_assert_eq(zip_add(&z, "a.txt", "hi", 2, &err), 0);
	cr_assert_eq(zip_finish(&z, &out, &err), 0);
	zip_release(&z);
	/* time 03:04:06 = 0x1883, date 2026-01-02 = 0x5c22, crc32("hi") = 0xd8932aac */
	static const unsigned char want[] = {
		0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x08, 0x00, 0x00, 0x83, 0x18, 0x22, 0x5c, 0xac, 0x2a,
		0x93, 0xd8, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 'a', '.',
		't', 'x', 't', 'h', 'i',
		0x50, 0x4b, 0x01, 0x02, 0x14, 0x03, 0x14, 0x00, 0x00, 0x08, 0x00, 0x00, 0x83, 0x18, 0x22, 0x5c,
		0xac, 0x2a, 0x93, 0xd8, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa4, 0x81, 0x00, 0x00, 0x00, 0x00, 'a', '.',
		't', 'x', 't',
		0x50, 0x4b, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x33, 0x00, 0x00, 0x00,
		0x25, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	cr_assert_eq(out.len, sizeof want);
	cr_expect_eq(memcmp(out.data, want, sizeof want), 0);
	buf_release(&out);
}

struct seen {
	int n;
	char names[4][ZIP_NAME_MAX + 1];
	char *data[4];
	size_t len[4];
};

static int
keep(void *ctx, const char *name, const char *data, size_t len)
{
	struct seen *s = ctx;
	if (s->n >= 4)
		return -1;
	strcpy(s->names[s->n], name);
	s->data[s->n] = malloc(len + 1);
	memcpy(s->data[s->n], data, len + 1);
	s->len[s->n++] = len;
	return 0;
}

Test(zip, files_read_back_whole_stored_and_deflated)
{
	struct zip z;
	struct buf out = BUF_INIT;
	struct error err;
	char big[5000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = "abcabcabd\n"[i % 10];
	zip_init(&z, WHEN);
	cr_assert_eq(zip_add(&z, "big.csv", big, sizeof big, &err), 0);
	cr_assert_eq(zip_add(&z, "empty.json", "", 0, &err), 0);
	cr_assert_eq(zip_add(&z, "Café ✓.txt", "x", 1, &err), 0);
	cr_assert_eq(zip_finish(&z, &out, &err), 0);
	zip_release(&z);
	cr_expect_lt(out.len, 1000, "the repeated text is deflated");
	struct seen s = {0};
	cr_assert_eq(zip_read(out.data, out.len, keep, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.n, 3);
	cr_expect_str_eq(s.names[0], "big.csv");
	cr_expect_eq(s.len[0], sizeof big);
	cr_expect_eq(memcmp(s.data[0], big, sizeof big), 0);
	cr_expect_str_eq(s.names[1], "empty.json");
	cr_expect_eq(s.len[1], 0);
	cr_expect_str_eq(s.names[2], "Café ✓.txt");
	for (int i = 0; i < s.n; i++)
		free(s.data[i]);
	/* One byte changed in the deflated data: the reader refuses it. */
	out.data[40] ^= 0x5a;
	struct seen t = {0};
	cr_expect_eq(zip_read(out.data, out.len, keep, &t, &err), -1);
	for (int i = 0; i < t.n; i++)
		free(t.data[i]);
	buf_release(&out);
}

Test(zip, names_are_made_safe)
{
	char out[ZIP_NAME_MAX + 1];
	zip_safe_name("../../etc/passwd", out);
	cr_expect_str_eq(out, "_.._etc_passwd");
	zip_safe_name("C:\\x\ty", out);
	cr_expect_str_eq(out, "C__x_y");
	zip_safe_name("bad\xff\xc0\x80.txt", out);
	cr_expect_str_eq(out, "bad___.txt");
	zip_safe_name("...", out);
	cr_expect_str_eq(out, "file");
	zip_safe_name("Siân.json", out);
	cr_expect_str_eq(out, "Siân.json");
	char longname[400];
	memset(longname, 'a', sizeof longname - 3);
	strcpy(longname + sizeof longname - 3, "é");
	zip_safe_name(longname, out);
	cr_expect_eq(strlen(out), ZIP_NAME_MAX);
}
