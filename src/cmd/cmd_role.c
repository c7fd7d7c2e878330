/* cmd_role.c - caregrid role grant|revoke|list: who holds which role on which unit. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "store/store.h"

struct list_ctx {
	const struct unit_tree *tree;
	const struct unit *within; /* NULL: all */
};

static int
print_member(void *vctx, const struct member *m)
{
	struct list_ctx *c = vctx;
	const struct unit *u = unit_by_id(c->tree, m->unit_id);
	if (!u || (c->within && !unit_within(u, c->within)))
		return 0;
	printf("%-32s %-12s %-12s %s\n", m->email, role_name(m->role), u->code, u->name);
	return 0;
}

int
cmd_role(int argc, char **argv)
{
	const char *db = default_db();
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--db") == 0)
			return usage_error("role", "option --db needs a value");
		else
			argv[++n] = argv[i];
	}
	argc = n + 1;
	if (argc < 2)
		return usage_error("role", "needs a subcommand: grant, revoke or list");
	const char *sub = argv[1];
	bool grant = strcmp(sub, "grant") == 0, revoke = strcmp(sub, "revoke") == 0, list = strcmp(sub, "list") == 0;
	if (!grant && !revoke && !list)
		return usage_error("role", "unknown subcommand \"%s\": use grant, revoke or list", sub);
	if ((grant && argc != 5) || (revoke && argc != 4) || (list && argc > 3))
		return usage_error("role", "wrong number of arguments");
	for (int i = 2; i < argc && i < 4; i++)
		if (check_text_arg("role", i == 2 && !list ? "EMAIL" : "UNIT", argv[i], 254))
			return EXIT_USAGE;
	enum role role = ROLE_NONE;
	if (grant && (role = role_parse(argv[4])) == ROLE_NONE)
		return usage_error("role", "\"%s\" is not a role: use admin, facilitator or viewer", argv[4]);

	struct unit_tree tree;
	struct store *s = open_store_tree("role", db, &tree);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	int rc = EXIT_FAILED;
	const char *code = list ? (argc == 3 ? argv[2] : NULL) : argv[3];
	const struct unit *u = code ? unit_by_code(&tree, code) : NULL;
	if (code && !u) {
		fprintf(stderr, "caregrid: role: no unit \"%s\"\n", code);
		goto out;
	}
	if (list) {
		struct list_ctx c = {&tree, u};
		if (members_each(s, print_member, &c, &err) < 0) {
			fprintf(stderr, "caregrid: role: %s\n", err.msg);
			goto out;
		}
	} else {
		if (role_set(s, &actor_cli, u, argv[2], role, &err) < 0) {
			fprintf(stderr, "caregrid: role: %s\n", err.msg);
			goto out;
		}
		if (grant)
			printf("%s is now %s of %s\n", argv[2], role_name(role), u->code);
		else
			printf("%s no longer holds a role on %s\n", argv[2], u->code);
	}
	rc = EXIT_OK;
out:
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
