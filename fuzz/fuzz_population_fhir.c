/* fuzz_population_fhir.c - the FHIR Bulk Data reader (domain/population_fhir.c): the input is one NDJSON file of
 * the type its first byte picks, read after a fixed Organization and Patient file for the types that need them;
 * whatever is accepted is finished and segmented at two dates. */
#include <stdlib.h>
#include <string.h>

#include "domain/population_model.h"
#include "fuzz.h"

static const char lists[] = "list_id,code_system,code,description,source,version\n"
			    "ltc:a,SNOMED,1,a,s,1\nfrailty,SNOMED,2,f,s,1\nend_of_life,SNOMED,3,e,s,1\n"
			    "ltc:m,RxNorm,9,m,s,1\n";
static const char orgs[] = "{\"resourceType\":\"Organization\",\"id\":\"o\",\"identifier\":[{\"value\":\"P\"}]}\n";
static const char patients[] = "{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1950\","
			       "\"generalPractitioner\":[{\"reference\":\"Organization/o\"}]}\n"
			       "{\"resourceType\":\"Patient\",\"id\":\"b\",\"birthDate\":\"1960-02-29\"}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	enum pop_fhir_type type = (enum pop_fhir_type)(data[0] % POP_FHIR_TYPES);
	struct pop_model m;
	struct pop_fhir f;
	struct error err;
	pop_model_init(&m);
	pop_fhir_init(&f);
	int rc = pop_read_codelists(&m, "lists", lists, sizeof lists - 1, &err);
	if (!rc && type != POP_FHIR_ORGANIZATION)
		rc = pop_read_fhir(&m, &f, POP_FHIR_ORGANIZATION, "o", orgs, sizeof orgs - 1, &err);
	if (!rc && type > POP_FHIR_PATIENT)
		rc = pop_read_fhir(&m, &f, POP_FHIR_PATIENT, "p", patients, sizeof patients - 1, &err);
	if (!rc)
		rc = pop_read_fhir(&m, &f, type, "input", text, n, &err);
	if (!rc)
		rc = pop_fhir_finish(&m, &f, &err);
	if (!rc) {
		const int32_t dates[] = {20240101, 20251201};
		struct pop_result r;
		pop_segment(&m, dates, 2, &r);
		pop_result_release(&r);
	}
	pop_fhir_release(&f);
	pop_model_release(&m);
	return 0;
}
