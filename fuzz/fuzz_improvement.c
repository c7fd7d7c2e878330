/* fuzz_improvement.c - the checks of an improvement file (domain/improve_parse.c, "caregrid import
 * improvement"): never a crash, a hang or a leak whatever the bytes (not JSON, not UTF-8, wrong types, lists
 * too long, references to nothing, deep nesting); a file refused says where (a message that is not empty);
 * a file taken has its unit's entry, named by its place in the file. The first byte's low bit chooses whether
 * the unit is the file's scope or "PCH-RIV"; the rest is the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/improve_io.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *from = (data[0] & 1) ? "PCH-RIV" : NULL;
	char *text = fuzz_text(data + 1, size - 1);
	json_t *doc, *entry;
	char path[32];
	struct error err = {0};
	int rc = improvement_parse(text, size - 1, from, &doc, &entry, path, &err);
	if (rc == 0 && (!entry || strncmp(path, "improvement[", 12) != 0 || !json_is_object(entry)))
		abort();
	if (rc < 0 && (!err.msg[0] || doc || entry))
		abort();
	json_decref(doc);
	free(text);
	return 0;
}
