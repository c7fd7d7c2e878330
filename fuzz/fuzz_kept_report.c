/* fuzz_kept_report.c - a 360 report kept as computed (domain/feedback_kept.c), read back from any text against
 * a small instrument (elements A1, A2, B1, B2), then written again: whatever the text (not JSON, other types,
 * codes that are not the instrument's, counts out of range, more groups or levels than there are), the reader
 * fills a report the writer and release can take, or refuses it. */
#include <stdlib.h>

#include "domain/feedback.h"
#include "domain/instrument.h"
#include "fuzz.h"
#include "lib/error.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct item a[] = {{.code = "A1"}, {.code = "A2"}}, b[] = {{.code = "B1"}, {.code = "B2"}};
	static struct domain d[] = {{.code = "A", .items = a, .n_items = 2}, {.code = "B", .items = b, .n_items = 2}};
	static struct instrument ins = {.id = "fuzz", .version = 1, .domains = d, .n_domains = 2, .n_items = 4};
	char *text = fuzz_text(data, size);
	struct feedback_report r;
	struct error err;
	if (feedback_report_kept_read(text, &ins, &r, &err) == 0) {
		free(feedback_report_kept_json(&r));
		feedback_report_release(&r);
	}
	free(text);
	return 0;
}
