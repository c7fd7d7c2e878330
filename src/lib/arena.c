/* arena.c - per-request region allocation (see arena.h). Blocks are chained; large requests get their own. */
#include "lib/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

#define BLOCK_SIZE 8192
/* The first block comes with the arena, in one allocation small enough for glibc's per-thread cache (up to
 * 1,032 bytes): a small request (a JSON GET) then allocates nothing else, and an 8 KB block per request
 * cost a measurable share of a small reply's time (bench/RESULTS.md, issue 13). */
#define FIRST_BLOCK_SIZE 768

struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[]; /* aligned for anything */
};

struct arena {
	struct block *head;
	/* then the first block, in the same allocation: never freed on its own */
	max_align_t first[];
};

static struct block *
first_block(struct arena *a)
{
	return (struct block *)(void *)a->first;
}

struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a + sizeof(struct block) + FIRST_BLOCK_SIZE);
	struct block *b = first_block(a);
	*b = (struct block){.next = NULL, .used = 0, .size = FIRST_BLOCK_SIZE};
	a->head = b;
	return a;
}

void
arena_free(struct arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		if (b != first_block(a))
			free(b);
		b = next;
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	size = (size + align - 1) / align * align;
	struct block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > BLOCK_SIZE ? size : BLOCK_SIZE;
		b = xmalloc(sizeof *b + bsize);
		b->used = 0;
		b->size = bsize;
		/* An oversized block goes second so the current block keeps serving small requests. */
		if (a->head && size > BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
