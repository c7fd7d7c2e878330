/*
 * cmd_sso_rule.c - caregrid sso rule add|list|delete: a provider's claims-to-role rules (domain/sso.h), a
 * claim rule (--claim --value) or a CIS2 rule (--cis2-role R-code or --cis2-activity B-code).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/audit.h"
#include "domain/sso.h"
#include "domain/unit.h"
#include "store/store.h"

static int
failed(const struct error *err)
{
	static const char *const map[][2] = {{"claim", "--claim"}, {"value", "--value"}, {"unit", "--unit"},
					     {"role", "--role"}};
	for (size_t i = 0; err->field && i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i][0], err->field) == 0) {
			fprintf(stderr, "caregrid: sso: %s: %s\n", map[i][1], err->msg);
			return EXIT_FAILED;
		}
	fprintf(stderr, "caregrid: sso: %s\n", err->msg);
	return EXIT_FAILED;
}

/* Opens the store and finds provider NAME; NULL store after printing why. */
static int
open_provider(struct store **s, const char *db, const char *name, struct sso_provider *p)
{
	if (!(*s = open_store("sso", db)))
		return EXIT_FAILED;
	struct error err;
	int found = sso_provider_by_name(*s, name, p, &err);
	if (found < 0)
		return failed(&err);
	if (!found) {
		fprintf(stderr, "caregrid: sso: no provider \"%s\" (caregrid sso list shows them)\n", name);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

struct rule_flags {
	const char *db, *claim, *value, *unit, *role, *cis2_role, *cis2_activity;
	bool children;
};

static int
rule_flags_check(const struct rule_flags *f, struct sso_rule *r)
{
	int kinds = !!f->claim + !!f->cis2_role + !!f->cis2_activity;
	if (kinds != 1)
		return usage_error("sso", "rule add needs one of --claim CLAIM --value VALUE, --cis2-role R-CODE or "
					  "--cis2-activity B-CODE");
	if (f->claim && !f->value)
		return usage_error("sso", "--claim needs --value VALUE");
	if (!f->claim && f->value)
		return usage_error("sso", "--value goes with --claim");
	if (f->claim && !f->unit)
		return usage_error("sso", "a claim rule needs --unit CODE");
	if (!f->role)
		return usage_error("sso", "rule add needs --role admin|facilitator|viewer");
	const char *texts[][2] = {{"--claim", f->claim}, {"--value", f->value}, {"--unit", f->unit},
				  {"--role", f->role},
				  {"--cis2-role", f->cis2_role}, {"--cis2-activity", f->cis2_activity}};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (check_text_arg("sso", texts[i][0], texts[i][1], 255))
			return EXIT_USAGE;
	if (f->cis2_role && f->cis2_role[0] != 'R')
		return usage_error("sso", "--cis2-role takes a role code starting with R, such as R8000");
	if (f->cis2_activity && f->cis2_activity[0] != 'B')
		return usage_error("sso", "--cis2-activity takes an activity code starting with B, such as B0264");
	r->kind = f->claim ? SSO_RULE_CLAIM : SSO_RULE_CIS2;
	snprintf(r->claim, sizeof r->claim, "%s", f->claim ? f->claim : "");
	snprintf(r->value, sizeof r->value, "%s", f->claim ? f->value : f->cis2_role ? f->cis2_role : f->cis2_activity);
	snprintf(r->role, sizeof r->role, "%s", f->role);
	r->with_children = f->children;
	return 0;
}

static int
rule_add(struct store **s, int argc, char **argv)
{
	struct rule_flags f = {.db = default_db()};
	const struct cmd_opt opts[] = {
		{"claim", CMD_TEXT, &f.claim, 0},	  {"value", CMD_TEXT, &f.value, 0},
		{"unit", CMD_TEXT, &f.unit, 0},		  {"role", CMD_TEXT, &f.role, 0},
		{"cis2-role", CMD_TEXT, &f.cis2_role, 0}, {"cis2-activity", CMD_TEXT, &f.cis2_activity, 0},
		{"with-children", CMD_FLAG, &f.children, 0}, {"db", CMD_TEXT, &f.db, 0},
		{NULL, 0, NULL, 0},
	};
	int op;
	if (cmd_options("sso", argc, argv, opts, &op))
		return EXIT_USAGE;
	if (argc - op != 1)
		return usage_error("sso", "rule add needs the provider's NAME, once");
	struct sso_rule r = {0};
	int rc = rule_flags_check(&f, &r);
	if (rc)
		return rc;
	struct sso_provider p;
	if ((rc = open_provider(s, f.db, argv[op], &p)))
		return rc;
	r.provider_id = p.id;
	struct error err;
	if (f.unit) {
		struct unit_tree tree;
		if (unit_tree_load(*s, &tree, &err) < 0)
			return failed(&err);
		const struct unit *u = unit_by_code(&tree, f.unit);
		r.unit_id = u ? u->id : 0;
		unit_tree_release(&tree);
		if (!r.unit_id) {
			fprintf(stderr, "caregrid: sso: --unit: no unit \"%s\"\n", f.unit);
			return EXIT_FAILED;
		}
	}
	int64_t id = 0;
	if (sso_rule_add(*s, &actor_cli, &r, &id, &err) < 0)
		return failed(&err);
	printf("added rule %lld\n", (long long)id);
	return EXIT_OK;
}

struct print_ctx {
	const struct unit_tree *tree;
};

static int
print_rule(void *vctx, const struct sso_rule *r)
{
	struct print_ctx *c = vctx;
	const struct unit *u = r->unit_id ? unit_by_id(c->tree, r->unit_id) : NULL;
	char what[420];
	if (r->kind == SSO_RULE_CIS2)
		snprintf(what, sizeof what, "nhsid_nrbac_roles %s %s", r->value[0] == 'R' ? "role" : "activity",
			 r->value);
	else
		snprintf(what, sizeof what, "%s = %s", r->claim, r->value);
	printf("%-6lld %-5s %-40s %-16s %-12s %s\n", (long long)r->id, sso_rule_kind_name(r->kind), what,
	       u ? u->code : "(by ODS code)", r->role, r->with_children ? "yes" : "no");
	return 0;
}

static int
rule_list(struct store **s, int argc, char **argv)
{
	const char *db = default_db();
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	int op;
	if (cmd_options("sso", argc, argv, opts, &op))
		return EXIT_USAGE;
	if (argc - op != 1)
		return usage_error("sso", "rule list needs the provider's NAME");
	struct sso_provider p;
	int rc = open_provider(s, db, argv[op], &p);
	if (rc)
		return rc;
	struct error err;
	struct unit_tree tree;
	if (unit_tree_load(*s, &tree, &err) < 0)
		return failed(&err);
	struct print_ctx c = {&tree};
	printf("%-6s %-5s %-40s %-16s %-12s %s\n", "ID", "KIND", "WHEN", "UNIT", "ROLE", "CHILDREN");
	rc = sso_rules_each(*s, p.id, print_rule, &c, &err) < 0 ? failed(&err) : EXIT_OK;
	unit_tree_release(&tree);
	return rc;
}

static int
rule_delete(struct store **s, int argc, char **argv)
{
	const char *db = default_db();
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	int op;
	if (cmd_options("sso", argc, argv, opts, &op))
		return EXIT_USAGE;
	char *end = NULL;
	long long id = argc - op == 1 ? strtoll(argv[op], &end, 10) : 0;
	if (argc - op != 1 || !end || *end || id <= 0)
		return usage_error("sso", "rule delete needs the rule's ID (caregrid sso rule list NAME shows it)");
	if (!(*s = open_store("sso", db)))
		return EXIT_FAILED;
	struct error err;
	if (sso_rule_delete(*s, &actor_cli, id, &err) < 0)
		return failed(&err);
	printf("deleted rule %lld\n", id);
	return EXIT_OK;
}

int
sso_rule_command(struct store **s, int argc, char **argv)
{
	if (argc < 2)
		return usage_error("sso", "rule needs add, list or delete");
	if (strcmp(argv[1], "add") == 0)
		return rule_add(s, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return rule_list(s, argc - 1, argv + 1);
	if (strcmp(argv[1], "delete") == 0)
		return rule_delete(s, argc - 1, argv + 1);
	return usage_error("sso", "unknown rule subcommand \"%s\"", argv[1]);
}
