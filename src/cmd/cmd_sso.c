/*
 * cmd_sso.c - caregrid sso: single sign-on's providers and their claims-to-role rules, and whether people
 * other than site administrators may still sign in with a password (domain/sso.h). Parses, calls, prints.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "domain/sso.h"
#include "domain/unit.h"
#include "store/store.h"

/* The flag each of struct sso_provider's fields is typed with, to name it in an error. */
static const char *
flag_of(const char *field)
{
	static const char *const map[][2] = {
		{"issuer", "--issuer"}, {"client_id", "--client-id"},	   {"secret_file", "--client-secret-file"},
		{"scopes", "--scope"},	{"algs", "--alg"},		   {"acr_min", "--acr"},
		{"label", "--label"},	{"tenants", "--tenant"},	   {"name", "NAME"},
		{"claim", "--claim"},	{"value", "--value"},		   {"unit", "--unit"},
		{"role", "--role"},	{"preset", "--preset"},
	};
	for (size_t i = 0; field && i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i][0], field) == 0)
			return map[i][1];
	return NULL;
}

static int
failed(const struct error *err)
{
	const char *flag = flag_of(err->field);
	if (flag)
		fprintf(stderr, "caregrid: sso: %s: %s\n", flag, err->msg);
	else
		fprintf(stderr, "caregrid: sso: %s\n", err->msg);
	return EXIT_FAILED;
}

static void
copy(char *dst, size_t size, const char *src)
{
	if (!src)
		return;
	size_t n = strnlen(src, size - 1); /* the flags were held to 1000 bytes, each field's size or more */
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The flags add and update share; NULL (or false) when not given. */
struct provider_flags {
	const char *db, *issuer, *client_id, *secret, *key, *preset, *label, *scope, *acr, *alg;
	char tenants[512];
	bool trust, no_trust, userinfo, no_userinfo, enable, disable;
};

/* --tenant may come several times: gathered here and taken out of ARGV before the table sees it. */
static int
take_tenants(int *argc, char **argv, char *out, size_t size)
{
	int n = 1;
	for (int i = 1; i < *argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--tenant") == 0) {
			if (i + 1 >= *argc)
				return usage_error("sso", "option --tenant needs a value");
			v = argv[++i];
		} else if (strncmp(argv[i], "--tenant=", 9) == 0) {
			v = argv[i] + 9;
		} else {
			argv[n++] = argv[i];
			continue;
		}
		size_t len = strlen(out);
		if (len + strlen(v) + 2 > size)
			return usage_error("sso", "--tenant: too many tenants");
		snprintf(out + len, size - len, "%s%s", len ? "," : "", v);
	}
	*argc = n;
	return 0;
}

static int
parse_provider_flags(int argc, char **argv, struct provider_flags *f, int *operands)
{
	if (take_tenants(&argc, argv, f->tenants, sizeof f->tenants))
		return EXIT_USAGE;
	const struct cmd_opt opts[] = {
		{"issuer", CMD_TEXT, &f->issuer, 0},
		{"client-id", CMD_TEXT, &f->client_id, 0},
		{"client-secret-file", CMD_TEXT, &f->secret, 0},
		{"private-key-file", CMD_TEXT, &f->key, 0},
		{"preset", CMD_TEXT, &f->preset, 0},
		{"label", CMD_TEXT, &f->label, 0},
		{"scope", CMD_TEXT, &f->scope, 0},
		{"acr", CMD_TEXT, &f->acr, 0},
		{"alg", CMD_TEXT, &f->alg, 0},
		{"trust-verified-email", CMD_FLAG, &f->trust, 0},
		{"no-trust-verified-email", CMD_FLAG, &f->no_trust, 0},
		{"userinfo", CMD_FLAG, &f->userinfo, 0},
		{"no-userinfo", CMD_FLAG, &f->no_userinfo, 0},
		{"enable", CMD_FLAG, &f->enable, 0},
		{"disable", CMD_FLAG, &f->disable, 0},
		{"db", CMD_TEXT, &f->db, 0},
		{NULL, 0, NULL, 0},
	};
	if (cmd_options("sso", argc, argv, opts, operands))
		return EXIT_USAGE;
	if (argc - *operands != 1)
		return usage_error("sso", "%s needs the provider's NAME, once", argv[0]);
	if (f->secret && f->key)
		return usage_error("sso", "give --client-secret-file or --private-key-file, not both");
	if ((f->trust && f->no_trust) || (f->userinfo && f->no_userinfo) || (f->enable && f->disable))
		return usage_error("sso", "a flag and its opposite (--userinfo and --no-userinfo...) together");
	const struct {
		const char *flag, *value;
		size_t max; /* the field's size less one: nothing is cut short */
	} texts[] = {{"--issuer", f->issuer, 511},	{"--client-id", f->client_id, 255},
		     {"--label", f->label, 127},	{"--scope", f->scope, 511},
		     {"--acr", f->acr, 127},		{"--alg", f->alg, 127},
		     {"--client-secret-file", f->secret, 1000}, {"--private-key-file", f->key, 1000}};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (check_text_arg("sso", texts[i].flag, texts[i].value, texts[i].max))
			return EXIT_USAGE;
	return 0;
}

/* The secret's file as an absolute path, so that the server finds it whatever its working directory. */
static void
set_secret(struct sso_provider *p, const char *path, enum sso_client_auth auth)
{
	char abs[PATH_MAX];
	copy(p->secret_file, sizeof p->secret_file, realpath(path, abs) ? abs : path);
	p->client_auth = auth;
}

/* The flags given, over P (defaults or what is stored). */
static void
apply_flags(const struct provider_flags *f, struct sso_provider *p)
{
	copy(p->issuer, sizeof p->issuer, f->issuer);
	copy(p->client_id, sizeof p->client_id, f->client_id);
	copy(p->label, sizeof p->label, f->label);
	copy(p->scopes, sizeof p->scopes, f->scope);
	copy(p->acr_min, sizeof p->acr_min, f->acr);
	copy(p->algs, sizeof p->algs, f->alg);
	if (*f->tenants)
		copy(p->tenants, sizeof p->tenants, f->tenants);
	if (f->secret)
		set_secret(p, f->secret, SSO_SECRET_BASIC);
	if (f->key)
		set_secret(p, f->key, SSO_PRIVATE_KEY_JWT);
	if (f->trust || f->no_trust)
		p->trust_verified_email = f->trust;
	if (f->userinfo || f->no_userinfo)
		p->userinfo = f->userinfo;
	if (f->enable || f->disable)
		p->enabled = f->enable;
}

static void
warn_preset(const struct sso_provider *p)
{
	const char *w = sso_preset_warning(p);
	if (w)
		fprintf(stderr, "caregrid: sso: warning: %s\n", w);
}

static int
add(struct store **s, int argc, char **argv)
{
	struct provider_flags f = {.db = default_db()};
	int op;
	int rc = parse_provider_flags(argc, argv, &f, &op);
	if (rc)
		return rc;
	struct sso_provider p = {.enabled = true};
	copy(p.name, sizeof p.name, argv[op]);
	enum sso_preset preset = SSO_GENERIC;
	if (f.preset && sso_preset_parse(f.preset, &preset) < 0)
		return usage_error("sso", "--preset is cis2, entra, google or generic, not \"%s\"", f.preset);
	if (!f.issuer && preset != SSO_GOOGLE)
		return usage_error("sso", "add needs --issuer URL");
	if (!f.client_id)
		return usage_error("sso", "add needs --client-id ID");
	if (!f.secret && !f.key)
		return usage_error("sso", "add needs --client-secret-file PATH or --private-key-file PATH");
	apply_flags(&f, &p); /* the flags first: the preset fills only what they leave empty */
	sso_preset_defaults(preset, &p);
	apply_flags(&f, &p); /* and they win over the preset's switches (CIS2's UserInfo, its key) */
	if (!(*s = open_store("sso", f.db)))
		return EXIT_FAILED;
	struct error err;
	if (sso_provider_add(*s, &actor_cli, &p, &err) < 0)
		return failed(&err);
	printf("added %s (%s, %s)\n", p.name, sso_preset_name(p.preset), sso_client_auth_name(p.client_auth));
	warn_preset(&p);
	return EXIT_OK;
}

static int
update(struct store **s, int argc, char **argv)
{
	struct provider_flags f = {.db = default_db()};
	int op;
	int rc = parse_provider_flags(argc, argv, &f, &op);
	if (rc)
		return rc;
	if (!(*s = open_store("sso", f.db)))
		return EXIT_FAILED;
	struct error err;
	struct sso_provider p;
	int found = sso_provider_by_name(*s, argv[op], &p, &err);
	if (found <= 0) {
		if (found == 0)
			fprintf(stderr, "caregrid: sso: no provider \"%s\" (caregrid sso list shows them)\n", argv[op]);
		return found < 0 ? failed(&err) : EXIT_FAILED;
	}
	if (f.preset) {
		enum sso_preset preset;
		if (sso_preset_parse(f.preset, &preset) < 0)
			return usage_error("sso", "--preset is cis2, entra, google or generic, not \"%s\"", f.preset);
		p.preset = preset;
	}
	apply_flags(&f, &p);
	if (sso_provider_update(*s, &actor_cli, &p, &err) < 0)
		return failed(&err);
	printf("updated %s%s\n", p.name, p.enabled ? "" : " (disabled)");
	warn_preset(&p);
	return EXIT_OK;
}

static int
count_rule(void *ctx, const struct sso_rule *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

struct list_ctx {
	struct store *s;
	struct error *err;
	int rc;
};

static int
print_provider(void *vctx, const struct sso_provider *p)
{
	struct list_ctx *c = vctx;
	long rules = 0;
	if (sso_rules_each(c->s, p->id, count_rule, &rules, c->err) < 0)
		return c->rc = -1;
	printf("%-16s %-8s %-44s %-20s %5ld  %s\n", p->name, sso_preset_name(p->preset), p->issuer,
	       sso_client_auth_name(p->client_auth), rules, p->enabled ? "yes" : "no");
	return 0;
}

static int
list(struct store **s, int argc, char **argv)
{
	const char *db = default_db();
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	if (cmd_options("sso", argc, argv, opts, NULL))
		return EXIT_USAGE;
	if (!(*s = open_store("sso", db)))
		return EXIT_FAILED;
	struct error err;
	struct list_ctx c = {*s, &err, 0};
	printf("%-16s %-8s %-44s %-20s %5s  %s\n", "NAME", "PRESET", "ISSUER", "CLIENT AUTH", "RULES", "ENABLED");
	if (sso_providers_each(*s, print_provider, &c, &err) < 0)
		return failed(&err);
	bool allowed = true;
	if (sso_local_passwords(*s, &allowed, &err) < 0)
		return failed(&err);
	printf("local passwords: %s\n", allowed ? "on" : "off (site administrators only)");
	return EXIT_OK;
}

static int
local_passwords(struct store **s, int argc, char **argv)
{
	const char *db = default_db();
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	int op;
	if (cmd_options("sso", argc, argv, opts, &op))
		return EXIT_USAGE;
	if (argc - op != 1 || (strcmp(argv[op], "on") != 0 && strcmp(argv[op], "off") != 0))
		return usage_error("sso", "local-passwords takes on or off");
	bool on = strcmp(argv[op], "on") == 0;
	if (!(*s = open_store("sso", db)))
		return EXIT_FAILED;
	struct error err;
	if (sso_local_passwords_set(*s, &actor_cli, on, &err) < 0)
		return failed(&err);
	printf(on ? "everyone may sign in with a password\n"
		  : "only site administrators may sign in with a password; everyone else signs in with their "
		    "organisation's account\n");
	return EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct store **s, int argc, char **argv);
} subcommands[] = {
	{"add", add},		 {"update", update}, {"list", list}, {"rule", sso_rule_command},
	{"local-passwords", local_passwords},
};

int
cmd_sso(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("sso", "needs a subcommand: add, update, list, rule or local-passwords");
	for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++) {
		if (strcmp(argv[1], subcommands[i].name) != 0)
			continue;
		struct store *s = NULL;
		int rc = subcommands[i].fn(&s, argc - 1, argv + 1);
		store_close(s);
		return rc;
	}
	return usage_error("sso", "unknown subcommand \"%s\"", argv[1]);
}
