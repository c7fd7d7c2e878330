/* common.c - helpers of the fuzz targets (see fuzz.h). */
#include "fuzz.h"
#include "lib/xalloc.h"

char *
fuzz_text(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}
