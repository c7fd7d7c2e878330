/*
 * strvec.h - a growable list of owned strings: collected problem messages, split paths, argument lists.
 * A string pushed with strvec_pushf keeps its format and arguments too (lib/message.h), so that a list of
 * problems made where the language is not known is written in the reader's language forward.
 */
#ifndef CAREGRID_STRVEC_H
#define CAREGRID_STRVEC_H

#include <stddef.h>

#include "lib/message.h"

struct strvec {
	char **v;   /* owned, each element owned */
	struct message **said; /* owned, NULL until a strvec_pushf; said[i] owned, NULL for a strvec_push */
	size_t n;
	size_t cap;
};

#define STRVEC_INIT {0}

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* String I's format and arguments (its English is v[I]), or NULL when it was pushed whole. */
const struct message *strvec_said(const struct strvec *sv, size_t i);
/* Frees the strings from index N on; the first N stay (nothing happens when there are N or fewer). */
void strvec_truncate(struct strvec *sv, size_t n);
/* Frees every string and the array; the vector is empty and reusable afterwards. */
void strvec_clear(struct strvec *sv);
/* Sorts the strings bytewise: a list whose order must not follow the order things were added in (comments,
 * whose submission order could tell who wrote which). */
void strvec_sort(struct strvec *sv);

#endif
