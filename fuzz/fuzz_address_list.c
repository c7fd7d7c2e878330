/* fuzz_address_list.c - reading a pasted invitation box (lib/address_list.h): never a crash or a leak, at most
 * the entries asked for, and each entry one line, trimmed, never empty, with its address taken apart. The first
 * byte gives the most entries asked for (0 to 63); an entry given alone (address_list_add) is read the same. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/address_list.h"

static void
entry_holds(const struct address_entry *a, size_t raw_len)
{
	if (!a->raw || !a->address)
		abort();
	if (raw_len && (a->raw[0] == ' ' || a->raw[0] == '\t' || a->raw[raw_len - 1] == ' ' ||
			a->raw[raw_len - 1] == '\t'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	size_t max = data[0] % 64;
	/* What a form or JSON brings: text without NUL bytes (the request's parser ends a value at one). */
	const char *text = (const char *)data + 1;
	size_t n = strnlen(text, size - 1);
	struct address_list l = ADDRESS_LIST_INIT;
	address_list_split(text, n, max, &l);
	if (l.n > max || (l.more && l.n != max))
		abort();
	for (size_t i = 0; i < l.n; i++) {
		size_t len = strlen(l.v[i].raw);
		entry_holds(&l.v[i], len);
		if (memchr(l.v[i].raw, '\n', len) || memchr(l.v[i].raw, '\r', len) || !*l.v[i].raw)
			abort();
	}
	address_list_release(&l);
	struct address_list one = ADDRESS_LIST_INIT;
	address_list_add(text, n, &one);
	if (one.n != 1)
		abort();
	entry_holds(&one.v[0], strlen(one.v[0].raw));
	address_list_release(&one);
	return 0;
}
