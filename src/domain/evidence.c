/* evidence.c - the evidence page's facts (evidence.h), each read by a named query or from the backups' record. */
#include "domain/evidence.h"
#include "domain/sso.h"

#include <stdlib.h>
#include <string.h>

static int
admin_row(void *ctx, const struct row *r)
{
	strvec_push(ctx, row_text(r, 0));
	return 0;
}

static int
accounts_row(void *ctx, const struct row *r)
{
	struct evidence *e = ctx;
	e->accounts = row_int(r, 0);
	e->with_password = row_int(r, 1);
	return 0;
}

static int
sso_enabled(void *ctx, const struct sso_provider *p)
{
	if (p->enabled)
		strvec_push(ctx, p->label[0] ? p->label : p->name);
	return 0;
}

int
evidence_load(struct store *s, const char *db_path, struct evidence *e, struct error *err)
{
	memset(e, 0, sizeof *e);
	int found = 0;
	e->admins = (struct strvec)STRVEC_INIT;
	e->sso = (struct strvec)STRVEC_INIT;
	struct error ignored;
	e->db_key_file = store_key_file_path(db_path, &ignored);
	/* Named as the operator finds it: a whole path, when the file is there. */
	char *whole = e->db_key_file ? realpath(e->db_key_file, NULL) : NULL;
	if (whole) {
		free(e->db_key_file);
		e->db_key_file = whole;
	}
	if (store_schema_version(s, &e->schema_version, err) < 0 ||
	    store_exec(s, Q_EVIDENCE_ADMINS, NULL, 0, admin_row, &e->admins, NULL, err) < 0 ||
	    store_exec(s, Q_EVIDENCE_ACCOUNTS, NULL, 0, accounts_row, e, NULL, err) < 0 ||
	    backup_last(s, false, &e->backup, err) < 0 || backup_last(s, true, &e->verified, err) < 0 ||
	    retention_policy_get(s, &e->policy, err) < 0 || (found = retention_last_run(s, &e->last_purge, err)) < 0 ||
	    sso_providers_each(s, sso_enabled, &e->sso, err) < 0 ||
	    sso_local_passwords(s, &e->local_passwords, err) < 0) {
		evidence_release(e);
		return -1;
	}
	e->purged = found == 1;
	return 0;
}

void
evidence_release(struct evidence *e)
{
	free(e->db_key_file);
	strvec_clear(&e->admins);
	strvec_clear(&e->sso);
	e->db_key_file = NULL;
}
