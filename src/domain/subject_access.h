/*
 * subject_access.h - a person's own data, given to them (UK GDPR article 15): a ZIP of JSON and CSV files with a
 * README saying what is in it, what is not and why. It holds nothing about another person that they could not
 * already see in caregrid: their 360 reports with the small-group rule applied as the report page applies it
 * (feedback_report_compute), never an answer, and no other person's address or name from the audit log.
 */
#ifndef CAREGRID_SUBJECT_ACCESS_H
#define CAREGRID_SUBJECT_ACCESS_H

#include <time.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "lib/buf.h"
#include "lib/error.h"

struct store;
struct catalog;

/* U's data as a ZIP archive into OUT (replaced), its files dated NOW, their 360 reports computed with the
 * instruments of CAT. Asked by WHO: when that is not U themselves (a site administrator, the command line),
 * the export is audited as "user.export" with U's id, in the same transaction as the reads. */
int subject_access_export(struct store *s, const struct actor *who, const struct catalog *cat,
			  const struct user *u, time_t now, struct buf *out, struct error *err);

/* The file name to offer a download under: "caregrid-data-ID.zip". */
void subject_access_filename(const struct user *u, char name[64]);

#endif
