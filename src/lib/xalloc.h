/*
 * xalloc.h - allocation that cannot fail: on exhaustion the program reports and exits, as git's xmalloc
 * and Redis's zmalloc do. Callers never check for NULL; they own and free what they get.
 */
#ifndef CAREGRID_XALLOC_H
#define CAREGRID_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of COUNT elements of SIZE bytes to hold at least NEED; updates *cap. */
void *xgrow(void *ptr, size_t size, size_t need, size_t *cap);
/* A copy of SIZE bytes at P. */
void *xmemdup(const void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
