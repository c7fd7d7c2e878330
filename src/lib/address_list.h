/*
 * address_list.h - the addresses in what people paste into an invitation box: a list split by line breaks,
 * commas or semicolons, each entry an address alone, "Name <address>", "\"Last, First\" <address>" (Outlook)
 * or spreadsheet columns separated by tabs (Excel), the column holding the '@' the address. It only splits
 * and takes apart: whether an address is one caregrid will mail, and which are repeated, is decided by the
 * caller (domain/invitees.c).
 */
#ifndef CAREGRID_ADDRESS_LIST_H
#define CAREGRID_ADDRESS_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct address_entry {
	char *raw;     /* owned: the entry as written, blanks trimmed (what goes back in the box) */
	char *name;    /* owned: the display name without its quotes, or NULL */
	char *address; /* owned: the address part: inside <>, the column with an '@', or the whole entry */
	bool trailing; /* text follows the closing '>' of "Name <address>" */
};

struct address_list {
	struct address_entry *v; /* owned */
	size_t n, cap;
	bool more; /* the text held more than the MAX entries asked for: v holds the first MAX */
};

#define ADDRESS_LIST_INIT {0}

/* The entries of the N bytes at TEXT, appended to OUT; at most MAX entries (OUT->more says when there were
 * more). A comma inside double quotes, or one that follows a name with no '@' yet and comes before a '<'
 * (Outlook's unquoted "Last, First <address>"), does not split. Any bytes are taken (not only UTF-8). */
void address_list_split(const char *text, size_t n, size_t max, struct address_list *out);

/* One entry, not split at commas, semicolons or line breaks (an API's list item): appended to OUT. */
void address_list_add(const char *text, size_t n, struct address_list *out);

void address_list_release(struct address_list *l);

#endif
