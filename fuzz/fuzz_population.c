/* fuzz_population.c - the population readers (domain/population_csv.c): code lists, canonical patients and events,
 * Synthea patients and conditions, each fed the input; whatever they accept is segmented at two dates. The first
 * byte picks the reader; the rest is the file. */
#include <stdlib.h>

#include "domain/population_model.h"
#include "fuzz.h"

static const char lists[] = "list_id,code_system,code,description,source,version\n"
			    "ltc:a,SNOMED,1,a,s,1\nfrailty,SNOMED,2,f,s,1\nend_of_life,SNOMED,3,e,s,1\n";
static const char patients[] = "patient_id,practice_code,birth_date,sex,death_date,registered_from,registered_to\n"
			       "a,P,1950-01,F,,2000-01-01,\nb,Q,1960-02-29,M,2025-01-01,2000-01-01,2024-01-01\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	struct pop_model m;
	struct error err;
	pop_model_init(&m);
	int rc = 0;
	switch (data[0] % 4) {
	case 0:
		rc = pop_read_codelists(&m, "lists", text, n, &err);
		break;
	case 1:
		rc = pop_read_codelists(&m, "lists", lists, sizeof lists - 1, &err);
		if (!rc)
			rc = pop_read_patients(&m, "patients", text, n, &err);
		break;
	case 2:
		rc = pop_read_codelists(&m, "lists", lists, sizeof lists - 1, &err);
		if (!rc)
			rc = pop_read_patients(&m, "patients", patients, sizeof patients - 1, &err);
		if (!rc)
			rc = pop_read_events(&m, "events", text, n, &err);
		break;
	default:
		rc = pop_read_codelists(&m, "lists", lists, sizeof lists - 1, &err);
		if (!rc)
			rc = pop_read_synthea_patients(&m, "patients", text, n, "P", &err);
		break;
	}
	if (!rc) {
		const int32_t dates[] = {20240101, 20251201};
		struct pop_result r;
		pop_segment(&m, dates, 2, &r);
		pop_result_release(&r);
	}
	pop_model_release(&m);
	return 0;
}
