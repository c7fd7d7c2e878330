/*
 * evidence.h - what the evidence page for site administrators shows (web/page_evidence.c), for the Data Security
 * and Protection Toolkit and a data protection impact assessment: the schema version, the site administrators,
 * the accounts with a password of their own, the retention policy and the last purge, the last backup and verified
 * restore, and where the key files are (never what they hold). Read only.
 */
#ifndef CAREGRID_EVIDENCE_H
#define CAREGRID_EVIDENCE_H

#include "domain/backup.h"
#include "domain/retention.h"
#include "lib/strvec.h"

struct evidence {
	int schema_version;
	char *db_key_file;                 /* owned: the database's key file; NULL when none is named (PostgreSQL) */
	struct strvec admins;              /* the site administrators' names */
	long long accounts, with_password; /* accounts that may sign in; those with a password of their own */
	struct strvec sso;                 /* the single sign-on providers switched on, by their labels */
	bool local_passwords;              /* people other than site administrators may use a password */
	struct backup_record backup, verified;
	struct retention_policy policy; /* in force */
	bool purged;                    /* a purge has run: LAST_PURGE holds it */
	struct retention_run last_purge;
};

/* Reads the evidence from S, the database at DB_PATH: 0, or -1 (ERR). Release it with evidence_release. */
int evidence_load(struct store *s, const char *db_path, struct evidence *e, struct error *err);
void evidence_release(struct evidence *e);

#endif
