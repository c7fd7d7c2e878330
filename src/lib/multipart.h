/*
 * multipart.h - reading a multipart/form-data body (RFC 7578), as browsers send forms with a file.
 */
#ifndef CAREGRID_MULTIPART_H
#define CAREGRID_MULTIPART_H

#include <stddef.h>

#include "lib/error.h"

#define MULTIPART_MAX_PARTS 32

struct multipart_part {
	char name[128];
	char filename[256]; /* "" when the part is not a file */
	const char *data;   /* points into the body */
	size_t len;
};

/*
 * Splits BODY (LEN bytes) by the boundary of CONTENT_TYPE into PARTS (at most MULTIPART_MAX_PARTS);
 * *N gets how many. -1 with ERR when the body is not well formed.
 */
int multipart_parse(const char *content_type, const char *body, size_t len, struct multipart_part *parts, size_t *n,
		    struct error *err);

#endif
