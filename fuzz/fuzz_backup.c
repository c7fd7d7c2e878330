/* fuzz_backup.c - the encrypted backup's reader (lib/sealed_stream): any bytes read as a backup with a fixed key
 * must be refused or opened, never crash, hang or read out of bounds; what opens must have been sealed. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/sealed_stream.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char key[SEALED_STREAM_KEY_BYTES];
	if (sodium_init() < 0)
		abort();
	memset(key, 7, sizeof key); /* the corpus's files were sealed with this key */
	uint8_t one = 0;
	FILE *in = fmemopen(size ? (void *)data : &one, size ? size : 1, "rb");
	if (!size)
		fgetc(in);
	char *plain = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&plain, &n);
	struct error err;
	int rc = sealed_stream_read(in, out, key, &err);
	fclose(in);
	fclose(out);
	/* A refusal always says why; an opened file is never larger than its sealed bytes. */
	if ((rc < 0 && !err.msg[0]) || (rc == 0 && n > size))
		abort();
	free(plain);
	return 0;
}
