/* fuzz_instrument.c - instrument files (domain/instrument): JSON, then every rule of the format. */
#include "domain/instrument.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec problems = STRVEC_INIT;
	struct instrument *ins = instrument_parse((const char *)data, size, "fuzz.json", &problems);
	instrument_free(ins);
	strvec_clear(&problems);
	return 0;
}
