/*
 * disclosure.c - the stand-in disclosure rule (disclosure.h): replaced whole by h-popview's at merge.
 */
#include "stats/disclosure.h"

#include <stdio.h>

void
disclosure_rule_default(struct disclosure_rule *r)
{
	r->threshold = DISCLOSURE_THRESHOLD_DEFAULT;
	r->base = DISCLOSURE_BASE_DEFAULT;
}

struct disclosed
disclosure_count(const struct disclosure_rule *r, long n)
{
	if (n <= 0)
		return (struct disclosed){0, DISCLOSED_SHOWN};
	if (n <= r->threshold)
		return (struct disclosed){0, DISCLOSED_SMALL};
	long base = r->base > 0 ? r->base : 1;
	return (struct disclosed){(n + base / 2) / base * base, DISCLOSED_SHOWN};
}

void
disclosure_text(const struct disclosed *d, char *buf, size_t size)
{
	if (d->state != DISCLOSED_SHOWN)
		snprintf(buf, size, "*");
	else
		snprintf(buf, size, "%ld", d->value);
}
