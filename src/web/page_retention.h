/* page_retention.h - what the round and 360 pages say of when their personal data goes (page_retention.c). */
#ifndef CAREGRID_PAGE_RETENTION_H
#define CAREGRID_PAGE_RETENTION_H

#include <stdbool.h>

#include "lib/buf.h"

struct request;

/* "Addresses will be deleted on 6 January 2027; comments on 6 December 2028." for a round (CYCLE: a 360) closed
 * on CLOSED_ON, in the reader's words and dates (past tense once DAY has passed them); before close (CLOSED_ON
 * NULL) the rule: "... 30 days after the round closes ...". */
void page_retention_sentence(struct buf *b, struct request *req, const char *closed_on, const char *day, bool cycle);

#endif
