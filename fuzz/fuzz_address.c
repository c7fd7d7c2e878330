/* fuzz_address.c - the address check (lib/text.h, text_address_check): never a crash, and whatever it accepts
 * is one line of ASCII with exactly the shape the subset promises (one @, a dotted domain, no empty label). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);
	struct error err;
	if (text_address_check(s, &err) == 0) {
		size_t n = strlen(s);
		const char *at = strchr(s, '@');
		if (n > TEXT_ADDRESS_MAX || !at || strchr(at + 1, '@') || at == s || !strchr(at, '.') ||
		    strstr(at, "..") || strstr(at, "@.") || strstr(at, ".-") || strstr(at, "-.") || s[n - 1] == '.' ||
		    s[n - 1] == '-' || at[1] == '-')
			abort();
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
				abort();
	}
	free(s);
	return 0;
}
