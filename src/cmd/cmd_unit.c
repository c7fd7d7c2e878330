/*
 * cmd_unit.c - caregrid unit list|show|add|rename|move|archive|list-size|import|staff-groups: the operator's
 * side of the organisation tree. Every change is checked by the same rules as on the web, and audited.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "domain/round.h"
#include "domain/staff_group.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "store/store.h"

struct unit_cmd {
	const char *name;
	int (*fn)(struct store *s, struct unit_tree *tree, int argc, char **argv);
	int min_args, max_args;
	const char *usage;
};

static void
print_subtree(const struct unit_tree *tree, const struct unit *parent, int depth, bool archived)
{
	for (size_t i = 0; i < tree->n; i++) {
		const struct unit *u = &tree->v[i];
		if (u->parent != parent || (u->archived_at && !archived))
			continue;
		printf("%*s%-*s %-16s %s%s", depth * 2, "", 20 - depth * 2 > 4 ? 20 - depth * 2 : 4, u->code, u->type,
		       u->name, u->archived_at ? " (archived)" : "");
		if (u->list_size >= 0)
			printf(" [list %ld, %s]", u->list_size, u->counted_on);
		putchar('\n');
		print_subtree(tree, u, depth + 1, archived);
	}
}

static json_t *
unit_json(const struct unit_tree *tree, const struct unit *u)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s?}", "code", u->code, "name", u->name, "type", u->type, "parent",
			      u->parent ? u->parent->code : NULL);
	json_object_set_new(j, "list_size", u->list_size >= 0 ? json_integer(u->list_size) : json_null());
	json_object_set_new(j, "counted_on", u->counted_on ? json_string(u->counted_on) : json_null());
	json_object_set_new(j, "archived_at", u->archived_at ? json_string(u->archived_at) : json_null());
	json_object_set_new(j, "ods_code", u->ods_code ? json_string(u->ods_code) : json_null());
	size_t practices;
	long pop = unit_population(tree, u, &practices);
	json_object_set_new(j, "registered_population", practices ? json_integer(pop) : json_null());
	return j;
}

static int
list(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)s;
	bool json = false, archived = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--archived") == 0)
			archived = true;
		else
			return usage_error("unit", "list: unknown option %s", argv[i]);
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < tree->n; i++)
			if (archived || !tree->v[i].archived_at)
				json_array_append_new(arr, unit_json(tree, &tree->v[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(arr);
	} else {
		print_subtree(tree, NULL, 0, archived);
	}
	return EXIT_OK;
}

static int
print_member(void *ctx, const struct member *m)
{
	const struct unit *u = ctx;
	if (m->unit_id == u->id)
		printf("  %-12s %s <%s>%s\n", role_name(m->role), m->name, m->email,
		       m->from_provider ? " (from sign-in)" : "");
	return 0;
}

static int
print_group(void *ctx, const struct staff_group *g)
{
	(void)ctx;
	printf("  %-18s %s\n", g->code, g->name);
	return 0;
}

static int
show(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)argc;
	const struct unit *u = unit_by_code(tree, argv[0]);
	if (!u) {
		fprintf(stderr, "caregrid: unit: no unit \"%s\"\n", argv[0]);
		return EXIT_FAILED;
	}
	const struct unit_type *t = unit_type_by_code(tree, u->type);
	printf("%s  %s\n%s%s\n", u->code, u->name, t ? t->name : u->type, u->archived_at ? " (archived)" : "");
	if (u->parent)
		printf("within: %s  %s\n", u->parent->code, u->parent->name);
	if (u->ods_code)
		printf("ODS code: %s\n", u->ods_code);
	if (u->list_size >= 0)
		printf("registered list: %ld (counted %s)\n", u->list_size, u->counted_on);
	size_t practices;
	long pop = unit_population(tree, u, &practices);
	if (practices && strcmp(u->type, "practice") != 0) {
		printf("registered population: %ld (%zu practices)", pop, practices);
		struct catalog *cat = load_catalog(NULL, NULL);
		long lo, hi;
		char items[200];
		if (cat && catalog_population_bounds(cat, &lo, &hi, items, sizeof items) &&
		    strcmp(u->type, "pch") == 0 && (pop < lo || pop > hi))
			printf(" - outside %ld-%ld (%s)", lo, hi, items);
		catalog_free(cat);
		putchar('\n');
	}
	struct error err;
	printf("people:\n");
	if (members_each(s, print_member, (void *)u, &err) < 0)
		fprintf(stderr, "caregrid: unit: %s\n", err.msg);
	if (!u->parent) {
		printf("staff groups:\n");
		if (staff_groups_each(s, u->id, print_group, NULL, &err) < 0)
			fprintf(stderr, "caregrid: unit: %s\n", err.msg);
	}
	printf("units within:\n");
	print_subtree(tree, u, 1, false);
	return EXIT_OK;
}

static int
report(int rc, const struct error *err, const char *done)
{
	if (rc < 0) {
		fprintf(stderr, "caregrid: unit: %s\n", err->msg);
		return EXIT_FAILED;
	}
	printf("%s\n", done);
	return EXIT_OK;
}

static int
parse_list_size(const char *text, long *out)
{
	char *end;
	*out = strtol(text, &end, 10);
	if (!*text || *end)
		return usage_error("unit", "list size \"%s\" is not a whole number", text);
	return 0;
}

static int
add(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"parent", required_argument, NULL, 'p'},
		{"list-size", required_argument, NULL, 'l'},
		{"counted-on", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *type = NULL, *parent = NULL, *counted_on = NULL;
	long list_size = -1;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc + 1, argv - 1, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 't': type = optarg; break;
		case 'p': parent = optarg; break;
		case 'c': counted_on = optarg; break;
		case 'l':
			if (parse_list_size(optarg, &list_size) != 0)
				return EXIT_USAGE;
			break;
		default: return bad_option("unit", argc + 1, argv - 1, opt);
		}
	}
	if (argc + 1 - optind != 2)
		return usage_error("unit", "add needs CODE and NAME (quote a name with spaces)");
	if (!type)
		return usage_error("unit", "add needs --type (caregrid unit types lists them)");
	const char *code = argv[optind - 1], *name = argv[optind];
	if (check_text_arg("unit", "CODE", code, UNIT_CODE_MAX) ||
	    check_text_arg("unit", "NAME", name, UNIT_NAME_MAX) || check_text_arg("unit", "--type", type, 0) ||
	    check_text_arg("unit", "--parent", parent, UNIT_CODE_MAX))
		return EXIT_USAGE;
	struct error err;
	char done[300];
	snprintf(done, sizeof done, "added %s", code);
	return report(unit_create(s, tree, &actor_cli, code, name, type, parent, list_size, counted_on, &err), &err,
		      done);
}

static int
rename_unit(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)argc;
	if (check_text_arg("unit", "NAME", argv[1], UNIT_NAME_MAX))
		return EXIT_USAGE;
	struct error err;
	return report(unit_rename(s, tree, &actor_cli, argv[0], argv[1], &err), &err, "renamed");
}

static int
move(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)argc;
	struct error err;
	const char *to = strcmp(argv[1], "--top") == 0 ? NULL : argv[1];
	return report(unit_move(s, tree, &actor_cli, argv[0], to, &err), &err, "moved");
}

static int
archive(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)argc;
	struct error err;
	return report(unit_archive(s, tree, &actor_cli, argv[0], &err), &err, "archived");
}

static int
list_size(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	long n = -1;
	if (strcmp(argv[1], "none") != 0 && parse_list_size(argv[1], &n) != 0)
		return EXIT_USAGE;
	if (n >= 0 && argc < 3)
		return usage_error("unit", "list-size needs the date it was counted, as YYYY-MM-DD");
	struct error err;
	return report(unit_set_list_size(s, tree, &actor_cli, argv[0], n, argc > 2 ? argv[2] : NULL, &err), &err,
		      "list size recorded");
}

static int
import(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)tree;
	(void)argc;
	struct buf b = BUF_INIT;
	buf_init(&b, 64 * 1024 * 1024);
	if (buf_read_file(&b, argv[0]) < 0) {
		fprintf(stderr, "caregrid: unit: cannot read %s\n", argv[0]);
		buf_release(&b);
		return EXIT_FAILED;
	}
	struct strvec problems = STRVEC_INIT;
	struct error err = {.kind = ERROR_INVALID};
	int n = unit_import_csv(s, &actor_cli, b.data, b.len, argv[0], &problems, &err);
	buf_release(&b);
	for (size_t i = 0; i < problems.n; i++)
		fprintf(stderr, "%s\n", problems.v[i]);
	if (n < 0) {
		if (err.msg[0])
			fprintf(stderr, "caregrid: unit: %s\n", err.msg);
		fprintf(stderr, "caregrid: unit: nothing was imported\n");
	} else {
		printf("imported %d units from %s\n", n, argv[0]);
	}
	strvec_clear(&problems);
	return n < 0 ? EXIT_FAILED : EXIT_OK;
}

static int
types(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)s;
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < tree->n_types; i++)
		printf("%-18s tier %d  %s\n", tree->types[i].code, tree->types[i].tier, tree->types[i].name);
	return EXIT_OK;
}

static int
staff_groups(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	const struct unit *u = unit_by_code(tree, argv[0]);
	if (!u) {
		fprintf(stderr, "caregrid: unit: no unit \"%s\"\n", argv[0]);
		return EXIT_FAILED;
	}
	const struct unit *region = unit_root(u);
	struct error err;
	if (argc >= 3 && strcmp(argv[1], "--add") == 0) {
		if (argc != 4)
			return usage_error("unit", "staff-groups UNIT --add CODE NAME");
		if (check_text_arg("unit", "CODE", argv[2], 40) || check_text_arg("unit", "NAME", argv[3], 100))
			return EXIT_USAGE;
		return report(staff_group_add(s, &actor_cli, region->id, region->code, argv[2], argv[3], &err), &err,
			      "added");
	}
	if (argc >= 2 && strcmp(argv[1], "--remove") == 0) {
		if (argc != 3)
			return usage_error("unit", "staff-groups UNIT --remove CODE");
		return report(staff_group_remove(s, &actor_cli, region->id, region->code, argv[2], &err), &err,
			      "removed");
	}
	if (argc != 1)
		return usage_error("unit", "staff-groups UNIT [--add CODE NAME | --remove CODE]");
	printf("staff groups of %s (%s):\n", region->code, region->name);
	return staff_groups_each(s, region->id, print_group, NULL, &err) < 0 ? report(-1, &err, "") : EXIT_OK;
}

static int
min_group(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)argc;
	const struct unit *u = unit_by_code(tree, argv[0]);
	if (!u) {
		fprintf(stderr, "caregrid: unit: no unit \"%s\"\n", argv[0]);
		return EXIT_FAILED;
	}
	char *end;
	long n = strtol(argv[1], &end, 10);
	if (*end || !*argv[1])
		return usage_error("unit", "min-group-size: \"%s\" is not a whole number", argv[1]);
	struct error err;
	return report(min_group_size_set(s, &actor_cli, u, (int)n, &err), &err,
		      "results will merge or hide staff groups below that size");
}

static int
ods_code(struct store *s, struct unit_tree *tree, int argc, char **argv)
{
	(void)argc;
	if (check_text_arg("unit", "ODS-CODE", argv[1], UNIT_ODS_MAX))
		return EXIT_USAGE;
	const char *ods = strcmp(argv[1], "none") == 0 ? NULL : argv[1];
	struct error err;
	return report(unit_set_ods_code(s, tree, &actor_cli, argv[0], ods, &err), &err,
		      ods ? "ODS code recorded" : "ODS code cleared");
}

static const struct unit_cmd unit_cmds[] = {
	{"list", list, 0, 2, "list [--json] [--archived]"},
	{"show", show, 1, 1, "show CODE"},
	{"types", types, 0, 0, "types"},
	{"add", add, 2, 10, "add CODE NAME --type TYPE [--parent CODE] [--list-size N --counted-on YYYY-MM-DD]"},
	{"rename", rename_unit, 2, 2, "rename CODE NAME"},
	{"move", move, 2, 2, "move CODE PARENT_CODE|--top"},
	{"archive", archive, 1, 1, "archive CODE"},
	{"list-size", list_size, 2, 3, "list-size CODE N YYYY-MM-DD | list-size CODE none"},
	{"import", import, 1, 1, "import FILE.csv"},
	{"staff-groups", staff_groups, 1, 4, "staff-groups UNIT [--add CODE NAME | --remove CODE]"},
	{"min-group-size", min_group, 2, 2, "min-group-size REGION N"},
	{"ods-code", ods_code, 2, 2, "ods-code CODE ODS-CODE|none"},
	{NULL, NULL, 0, 0, NULL},
};

int
cmd_unit(int argc, char **argv)
{
	opterr = 0;
	/* --db may come anywhere; take it out before the subcommand sees its arguments. */
	const char *db = default_db();
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return usage_error("unit", "option --db needs a value");
			db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db = argv[i] + 5;
		} else {
			argv[++n] = argv[i];
		}
	}
	argc = n + 1;
	if (argc < 2)
		return usage_error("unit",
				   "needs a subcommand: list, show, types, add, rename, move, archive, list-size, "
				   "import, staff-groups, min-group-size or ods-code");
	const struct unit_cmd *c = unit_cmds;
	while (c->name && strcmp(c->name, argv[1]) != 0)
		c++;
	if (!c->name)
		return usage_error("unit", "unknown subcommand \"%s\"", argv[1]);
	int nargs = argc - 2;
	if (nargs < c->min_args || nargs > c->max_args) {
		fprintf(stderr, "caregrid: unit: wrong number of arguments\nusage: caregrid unit %s\n", c->usage);
		return EXIT_USAGE;
	}
	struct unit_tree tree;
	struct store *s = open_store_tree("unit", db, &tree);
	if (!s)
		return EXIT_FAILED;
	int rc = c->fn(s, &tree, nargs, argv + 2);
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
