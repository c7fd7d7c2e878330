/* cmd_audit.c - caregrid audit [--limit N] [--unit CODE] [--json]: the audit log, newest first. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "store/store.h"

struct print_ctx {
	const struct unit_tree *tree;
	const struct unit *within;
	long left;
	json_t *json; /* NULL: text */
};

static int
print_entry(void *vctx, const struct audit_entry *e)
{
	struct print_ctx *c = vctx;
	if (c->within) {
		const struct unit *u = e->unit_id ? unit_by_id(c->tree, e->unit_id) : NULL;
		if (!u || !unit_within(u, c->within))
			return 0;
	}
	if (c->json)
		json_array_append_new(c->json, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "at", e->at, "actor",
							 e->actor, "action", e->action, "target", e->target, "detail",
							 e->detail, "address", e->address));
	else
		printf("%s  %-24s %-20s %-24s %s\n", e->at, e->actor, e->action, e->target, e->detail);
	return --c->left > 0 ? 0 : 1;
}

int
cmd_audit(int argc, char **argv)
{
	const char *db = default_db(), *unit = NULL;
	long limit = 50;
	bool json = false;
	const struct cmd_opt opts[] = {
		{"limit", CMD_WHOLE, &limit, 1}, {"unit", CMD_TEXT, &unit, 0}, {"json", CMD_FLAG, &json, 0},
		{"db", CMD_TEXT, &db, 0},	 {NULL, 0, NULL, 0},
	};
	if (cmd_options("audit", argc, argv, opts, NULL))
		return EXIT_USAGE;
	struct unit_tree tree;
	struct store *s = open_store_tree("audit", db, &tree);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	int rc = EXIT_FAILED;
	struct print_ctx c = {&tree, NULL, limit, json ? json_array() : NULL};
	if (unit && !(c.within = unit_by_code(&tree, unit))) {
		fprintf(stderr, "caregrid: audit: no unit \"%s\"\n", unit);
		goto out;
	}
	if (audit_each(s, 0, print_entry, &c, &err) < 0) {
		fprintf(stderr, "caregrid: audit: %s\n", err.msg);
		goto out;
	}
	if (json) {
		json_dumpf(c.json, stdout, JSON_INDENT(2));
		putchar('\n');
	}
	rc = EXIT_OK;
out:
	json_decref(c.json);
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
