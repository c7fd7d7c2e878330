/*
 * embedded.h - files compiled into the binary by scripts/embed: the built-in instruments, the schema
 * migrations and the stylesheet. The table ends with an entry whose name is NULL.
 */
#ifndef CAREGRID_EMBEDDED_H
#define CAREGRID_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path relative to the repository root, e.g. "schema/001_core.sql" */
	const char *data; /* NUL-terminated; static */
	size_t len;
};

extern const struct embedded_file embedded_files[];

/* The file named NAME, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
