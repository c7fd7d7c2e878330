/* fuzz_message.c - the format walker of lib/message: any text as a translation's format (a catalogue is
 * data), written with a message's arguments into a small buffer, must stay in bounds and terminated; each
 * conversion it accepts must be one printf knows, with a length that stays inside the text. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/message.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fmt = fuzz_text(data, size);
	struct message m;
	if (message_make(&m, "%s %d %.3s %c %lld %zu %g %x", "arg\xc3\xa9", -5, "longer", 'c', 7LL, (size_t)8, 0.5,
			 255u) < 0)
		abort();
	size_t n = strlen(fmt);
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 1, '%')) {
		struct message_conv c;
		if (message_conv_parse(p, &c) < 0)
			continue;
		if (c.len < 2 || c.len > (size_t)(fmt + n - p) || !strchr("%diuoxXcsfFeEgGaA", c.letter))
			abort();
	}
	char small[17], big[512];
	small[16] = big[511] = 'x';
	message_render(&m, fmt, NULL, NULL, small, 16);
	message_render(&m, fmt, NULL, NULL, big, 511);
	if (strlen(small) > 15 || strlen(big) > 510 || small[16] != 'x' || big[511] != 'x')
		abort();
	/* what fits is the start of what was written in a bigger buffer, but for a character cut whole */
	if (strncmp(small, big, strlen(small)) != 0)
		abort();
	free(fmt);
	return 0;
}
