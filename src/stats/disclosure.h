/*
 * disclosure.h - statistical disclosure control of counts of people. A stand-in with the same declarations as
 * h-popview's (which also has tables with secondary suppression and percentages): at merge, theirs replaces
 * this file whole. NHS Digital's rule: a count of 1 to 7 is shown as "*", every other count rounded to the
 * nearest 5 (0 stays 0). Pure functions; no I/O.
 */
#ifndef CAREGRID_DISCLOSURE_H
#define CAREGRID_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>

/* The rule: counts 1..THRESHOLD are hidden; every other count is rounded to the nearest BASE (halves up). */
struct disclosure_rule {
	int threshold; /* NHS Digital: 7 */
	int base;      /* NHS Digital: 5 (1: no rounding) */
};

#define DISCLOSURE_THRESHOLD_DEFAULT 7
#define DISCLOSURE_BASE_DEFAULT 5

void disclosure_rule_default(struct disclosure_rule *r);

enum disclosure_state {
	DISCLOSED_SHOWN,     /* value is the rounded count */
	DISCLOSED_SMALL,     /* hidden: the count itself is 1..threshold */
	DISCLOSED_SECONDARY, /* hidden: it would let a hidden cell be recovered from a total */
};

/* One figure as it may be shown: VALUE is meaningful only when STATE is DISCLOSED_SHOWN (else 0). */
struct disclosed {
	long value;
	enum disclosure_state state;
};

/* One count under R (N < 0 is treated as 0). */
struct disclosed disclosure_count(const struct disclosure_rule *r, long n);

/* The figure as text: the rounded count, or "*". */
void disclosure_text(const struct disclosed *d, char *buf, size_t size);

#endif
