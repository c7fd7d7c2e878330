/* unit_ods.c - a unit's NHS organisation (ODS) code (see unit.h): what CIS2's nhsid_nrbac_roles names a
 * practice or trust by, so that a single sign-on rule (sso.h) finds the unit an entry is about. */
#include "domain/unit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/store.h"

int
unit_ods_normalise(const char *text, char out[UNIT_ODS_MAX + 1], struct error *err)
{
	size_t n = text ? strlen(text) : 0;
	if (n < 3 || n > UNIT_ODS_MAX)
		return error_in(err, "ods_code", "an ODS code has 3 to %d letters and digits, such as A81001",
				UNIT_ODS_MAX);
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)text[i]))
			return error_in(err, "ods_code", "an ODS code has only letters and digits, such as A81001");
		out[i] = (char)toupper((unsigned char)text[i]);
	}
	out[n] = '\0';
	return 0;
}

int
unit_set_ods_code(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		  const char *ods, struct error *err)
{
	const struct unit *u = unit_by_code(tree, code);
	if (!u)
		return error_of(err, ERROR_NOT_FOUND, "no unit \"%s\"", code);
	if (u->archived_at)
		return error_set(err, "unit \"%s\" is archived", code);
	char norm[UNIT_ODS_MAX + 1] = "";
	if (ods && *ods && unit_ods_normalise(ods, norm, err) < 0)
		return -1;
	for (size_t i = 0; *norm && i < tree->n; i++)
		if (tree->v[i].id != u->id && tree->v[i].ods_code && strcmp(tree->v[i].ods_code, norm) == 0)
			return error_of(err, ERROR_CONFLICT, "ODS code %s is already that of unit \"%s\"", norm,
					tree->v[i].code);
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), *norm ? PTEXT(norm) : PNULL};
	int rc = store_exec(s, Q_UNIT_SET_ODS, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0) {
		char *detail = *norm ? xasprintf("ODS code %s", norm) : xstrdup("ODS code cleared");
		rc = audit_record(s, who, "unit.ods_code", u->id, code, detail, err);
		free(detail);
	}
	return store_finish(s, rc, err);
}
