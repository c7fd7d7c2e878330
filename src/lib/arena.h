/*
 * arena.h - a region allocator for one HTTP request (h2o's req->pool): everything a handler allocates
 * comes from here and is freed at once when libmicrohttpd reports the request complete.
 */
#ifndef CAREGRID_ARENA_H
#define CAREGRID_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Frees every block the arena handed out, then the arena. NULL is a no-op. */
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
