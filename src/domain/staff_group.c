/* staff_group.c - a region's staff groups (see staff_group.h). */
#include "domain/staff_group.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/text.h"
#include "store/store.h"

/* The names are marked for translation: a page shows a group in the reader's language while its name is still
 * the one given here (a region that renamed a group sees its own words, as written). */
static const char *const defaults[][2] = {
	{"gp", N_("GP")},
	{"nurse", N_("Nurse")},
	{"pharmacist", N_("Pharmacist")},
	{"ahp", N_("Allied health professional")},
	{"social-prescriber", N_("Social prescriber")},
	{"admin", N_("Admin and reception")},
	{"manager", N_("Manager")},
	{"social-care", N_("Social care")},
	{"other", N_("Other")},
};

int
staff_groups_seed(struct store *s, int64_t region_id, struct error *err)
{
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
		struct param p[] = {PINT(region_id), PTEXT(defaults[i][0]), PTEXT(defaults[i][1]),
				    PINT((int64_t)i + 1)};
		if (store_exec(s, Q_STAFF_GROUP_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
			return -1;
	}
	return 0;
}

struct each_ctx {
	staff_group_fn fn;
	void *ctx;
};

static int
group_row(void *vctx, const struct row *r)
{
	struct each_ctx *c = vctx;
	struct staff_group g = {row_int(r, 0), row_text(r, 1), row_text(r, 2)};
	return c->fn(c->ctx, &g);
}

int
staff_groups_each(struct store *s, int64_t region_id, staff_group_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	struct param p[] = {PINT(region_id)};
	return store_exec(s, Q_STAFF_GROUPS, PARAMS(p), group_row, &c, NULL, err);
}

static int
check_group_code(const char *code, struct error *err)
{
	size_t n = strlen(code);
	if (n == 0 || n > 32)
		return error_in(err, "code", "a staff group code has 1 to 32 characters");
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)code[i]) && !strchr("._-", code[i]))
			return error_in(err, "code",
					"staff group code \"%s\" may hold only letters, digits, '.', '_' and '-'",
					code);
	return 0;
}

int
staff_group_add(struct store *s, const struct actor *who, int64_t region_id, const char *region_code,
		const char *code, const char *name, struct error *err)
{
	if (check_group_code(code, err) < 0)
		return -1;
	if (text_line_check(N_("a staff group's name"), name, 100, err) < 0) {
		err->field = "name";
		return -1;
	}
	if (store_begin(s, err) < 0)
		return -1;
	int rc = -1;
	int64_t pos = 0;
	struct param rp[] = {PINT(region_id)};
	struct param p[] = {PINT(region_id), PTEXT(code), PTEXT(name), PINT(0)};
	char detail[200];
	snprintf(detail, sizeof detail, "staff group %.32s \"%.100s\" added", code, name);
	if (store_get_int(s, Q_STAFF_GROUP_MAX_POSITION, PARAMS(rp), &pos, err) < 0)
		goto out;
	p[3] = PINT(pos + 1);
	if (store_exec(s, Q_STAFF_GROUP_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0) {
		if (err->kind == ERROR_CONFLICT) {
			error_of(err, ERROR_CONFLICT, "%s has a staff group \"%s\" already", region_code, code);
			err->field = "code";
		}
		goto out;
	}
	if (audit_record(s, who, "staff_group.add", region_id, region_code, detail, err) < 0)
		goto out;
	rc = 0;
out:
	return store_finish(s, rc, err);
}

int
staff_group_remove(struct store *s, const struct actor *who, int64_t region_id, const char *region_code,
		   const char *code, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int rc = -1;
	struct param p[] = {PINT(region_id), PTEXT(code)};
	long changes = 0;
	char detail[100];
	snprintf(detail, sizeof detail, "staff group %.32s removed", code);
	if (store_exec(s, Q_STAFF_GROUP_DELETE, PARAMS(p), NULL, NULL, &changes, err) < 0)
		goto out;
	if (changes == 0) {
		error_set(err, "%s has no staff group \"%s\"", region_code, code);
		goto out;
	}
	if (audit_record(s, who, "staff_group.remove", region_id, region_code, detail, err) < 0)
		goto out;
	rc = 0;
out:
	return store_finish(s, rc, err);
}
