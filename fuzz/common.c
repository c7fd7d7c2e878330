/* common.c - helpers of the fuzz targets (see fuzz.h). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/xalloc.h"

char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
