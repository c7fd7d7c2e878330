/* fuzz_multipart.c - multipart/form-data bodies (lib/multipart), with a fixed boundary. */
#include "fuzz.h"
#include "lib/multipart.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct multipart_part parts[MULTIPART_MAX_PARTS];
	size_t n;
	struct error err;
	multipart_parse("multipart/form-data; boundary=XyZzy", (const char *)data, size, parts, &n, &err);
	return 0;
}
