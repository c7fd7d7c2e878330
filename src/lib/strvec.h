/*
 * strvec.h - a growable list of owned strings: collected problem messages, split paths, argument lists.
 */
#ifndef CAREGRID_STRVEC_H
#define CAREGRID_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;   /* owned, each element owned */
	size_t n;
	size_t cap;
};

#define STRVEC_INIT {0}

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every string and the array; the vector is empty and reusable afterwards. */
void strvec_clear(struct strvec *sv);
/* Sorts the strings bytewise: a list whose order must not follow the order things were added in (comments,
 * whose submission order could tell who wrote which). */
void strvec_sort(struct strvec *sv);

#endif
