/*
 * zip.h - a ZIP archive written into memory (PKWARE APPNOTE 6.3, the subset every unzip reads): each file
 * deflated with zlib when that makes it smaller, else stored; names in UTF-8 with the language-encoding flag
 * (bit 11) set and made safe first (no directories, no "..", no control characters). Also a small reader of
 * exactly that subset, for the tests and the fuzz target to check what the writer made.
 */
#ifndef CAREGRID_ZIP_H
#define CAREGRID_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/error.h"

#define ZIP_MAX_FILES 1000
#define ZIP_MAX_BYTES (256u << 20) /* the whole archive; a file larger fails */
#define ZIP_NAME_MAX 120           /* bytes of a safe name */

struct zip {
	struct buf out;     /* owned: the local headers and data written so far */
	struct buf central; /* owned: the central directory, appended at the end */
	size_t count;
	uint16_t dos_time, dos_date;
	bool failed;
};

/* An empty archive whose files are all dated WHEN (UTC; before 1980 is written as 1980). */
void zip_init(struct zip *z, time_t when);
void zip_release(struct zip *z);
/* Adds NAME (made safe with zip_safe_name) holding LEN bytes of DATA. -1 with ERR when the archive would be too
 * large or hold too many files; the archive is then unusable. */
int zip_add(struct zip *z, const char *name, const void *data, size_t len, struct error *err);
/* Writes the central directory and hands the archive to OUT (which it replaces; buf_release it). */
int zip_finish(struct zip *z, struct buf *out, struct error *err);

/* NAME as a safe file name in OUT (ZIP_NAME_MAX + 1 bytes): valid UTF-8 kept, '/', '\\', ':', control
 * characters and invalid bytes become '_', leading dots are dropped, cut on a character boundary; "file" when
 * nothing is left. */
void zip_safe_name(const char *name, char out[ZIP_NAME_MAX + 1]);

/* Reads an archive as zip_finish writes it, calling FN for each file with its name and contents (both
 * NUL-terminated, valid during the call); checks every header against the central directory, the sizes and
 * the CRC-32. A non-zero return from FN stops and is returned; -1 with ERR on anything malformed. */
typedef int (*zip_entry_fn)(void *ctx, const char *name, const char *data, size_t len);
int zip_read(const void *archive, size_t len, zip_entry_fn fn, void *ctx, struct error *err);

#endif
