/* fuzz_csv.c - the CSV reader (lib/csv) and the CSV field writer, round trip: a field written reads back. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "lib/csv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	struct strvec fields = STRVEC_INIT;
	struct error err;
	size_t line;
	csv_init(&r, (const char *)data, size);
	while (csv_next(&r, &fields, &line, &err) == 1)
		;
	strvec_clear(&fields);
	/* Writing: any text without NUL comes back as one field, with a leading apostrophe at most. */
	char *text = fuzz_text(data, size);
	if (strlen(text) == size) {
		struct buf b = BUF_INIT;
		buf_init(&b, 0);
		csv_write_field(&b, text);
		buf_putc(&b, '\n');
		csv_init(&r, b.data, b.len);
		/* A byte-order mark at the very start is the file's, not the field's: the reader drops it. */
		bool bom = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
		if (size && !bom && !strpbrk(text, "\r\n") && csv_next(&r, &fields, &line, &err) == 1) {
			const char *back = fields.v[0][0] == '\'' && text[0] != '\'' ? fields.v[0] + 1 : fields.v[0];
			if (fields.n != 1 || strcmp(back, text) != 0)
				abort();
		}
		strvec_clear(&fields);
		buf_release(&b);
	}
	free(text);
	return 0;
}
