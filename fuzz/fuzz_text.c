/* fuzz_text.c - the text check (lib/text): it must agree with a plain decoder on what UTF-8 is. */
#include <stdlib.h>

#include "fuzz.h"
#include "lib/text.h"

/* A slow, obvious UTF-8 validator to compare with. */
static int
valid_utf8(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c = s[i], cp;
		size_t len;
		if (c < 0x80) { i++; continue; }
		else if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07;
		else return 0;
		if (i + len > n) return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80) return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
		i += len;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int controls = 0;
	for (size_t i = 0; i < size; i++)
		controls |= data[i] == 0 || data[i] == 0x7f ||
			    (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r');
	int accepted = text_problem((const char *)data, size, TEXT_LINES) == NULL;
	if (accepted != (valid_utf8(data, size) && !controls))
		abort();
	return 0;
}
