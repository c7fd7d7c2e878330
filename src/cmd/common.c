/* common.c - helpers shared by the subcommands (see cmd.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/unit.h"
#include "lib/text.h"
#include "store/store.h"

const struct command *
command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
usage_error(const char *cmd, const char *fmt, ...)
{
	fprintf(stderr, "caregrid: %s: ", cmd);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	const struct command *c = command_find(cmd);
	if (c)
		fprintf(stderr, "usage: caregrid %s %s\n", c->name, c->usage);
	return EXIT_USAGE;
}

int
check_text_arg(const char *cmd, const char *what, const char *value, size_t max)
{
	if (!value)
		return 0;
	size_t n = strlen(value);
	const char *problem = text_problem(value, n, TEXT_ONE_LINE);
	if (problem)
		return usage_error(cmd, "%s %s", what, problem);
	if (max && n > max)
		return usage_error(cmd, "%s has at most %zu bytes (it has %zu)", what, max, n);
	return 0;
}

int
bad_option(const char *cmd, int argc, char **argv, int opt)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "?";
	if (opt == ':')
		return usage_error(cmd, "option %s needs a value", arg);
	return usage_error(cmd, "unknown option %s", arg);
}

/* Fills getopt_long's table from OPTS, each option's value its index past any character getopt returns. */
enum { CMD_OPTS_MAX = 24, CMD_OPT_BASE = 256 };

static void
getopt_table(const struct cmd_opt *opts, struct option *out)
{
	size_t i = 0;
	for (; opts[i].name && i < CMD_OPTS_MAX; i++)
		out[i] = (struct option){opts[i].name, opts[i].kind == CMD_FLAG ? no_argument : required_argument, NULL,
					 CMD_OPT_BASE + (int)i};
	out[i] = (struct option){NULL, 0, NULL, 0};
}

int
cmd_options(const char *cmd, int argc, char **argv, const struct cmd_opt *opts, int *operands)
{
	struct option table[CMD_OPTS_MAX + 1];
	getopt_table(opts, table);
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", table, NULL)) != -1) {
		if (opt < CMD_OPT_BASE)
			return bad_option(cmd, argc, argv, opt);
		const struct cmd_opt *o = &opts[opt - CMD_OPT_BASE];
		if (o->kind == CMD_FLAG) {
			*(bool *)o->value = true;
		} else if (o->kind == CMD_TEXT) {
			*(const char **)o->value = optarg;
		} else {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < o->min)
				return usage_error(cmd, "--%s needs a whole number from %ld, not \"%s\"", o->name,
						   o->min, optarg);
			*(long *)o->value = v;
		}
	}
	if (operands)
		*operands = optind;
	else if (optind < argc)
		return usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	return 0;
}

const char *
parse_db_only(const char *cmd, int argc, char **argv, int *rc)
{
	const char *db = default_db();
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	*rc = cmd_options(cmd, argc, argv, opts, NULL);
	return *rc ? NULL : db;
}

const char *
default_db(void)
{
	const char *env = getenv("CAREGRID_DB");
	return env && *env ? env : "caregrid.db";
}

static void
print_problems(struct strvec *problems)
{
	for (size_t i = 0; i < problems->n; i++)
		fprintf(stderr, "caregrid: warning: %s\n", problems->v[i]);
	strvec_clear(problems);
}

struct catalog *
load_catalog(const char *dir, const char *db)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	catalog_load_builtin(cat, &problems);
	if (dir)
		catalog_load_dir(cat, dir, &problems);
	print_problems(&problems);
	if (db && access(db, F_OK) == 0) {
		struct store *s;
		struct error err;
		if (store_open(&s, db, STORE_OPEN_EXISTING, &err) < 0 ||
		    catalog_sync_store(cat, s, &problems, &err) < 0) {
			fprintf(stderr, "caregrid: %s\n", err.msg);
			store_close(s);
			print_problems(&problems);
			catalog_free(cat);
			return NULL;
		}
		store_close(s);
		print_problems(&problems);
	}
	return cat;
}

static int
read_line(FILE *in, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, in))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(in))
		return -2; /* longer than the buffer */
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

static int
read_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	int rc = read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

int
read_password(const char *cmd, char *buf, size_t size)
{
	if (!isatty(STDIN_FILENO)) {
		int rc = read_line(stdin, buf, size);
		if (rc == -2) {
			fprintf(stderr, "caregrid: %s: the password on standard input is too long\n", cmd);
			return -1;
		}
		if (rc < 0) {
			fprintf(stderr, "caregrid: %s: no password on standard input\n", cmd);
			return -1;
		}
		return 0;
	}
	char again[1100];
	if (read_hidden("Password: ", buf, size) < 0 || read_hidden("Password again: ", again, sizeof again) < 0) {
		fprintf(stderr, "caregrid: %s: could not read the password\n", cmd);
		return -1;
	}
	if (strcmp(buf, again) != 0) {
		fprintf(stderr, "caregrid: %s: the two passwords differ\n", cmd);
		return -1;
	}
	return 0;
}

struct store *
open_store(const char *cmd, const char *db)
{
	struct store *s;
	struct error err;
	if (store_open(&s, db, STORE_OPEN_EXISTING, &err) < 0) {
		fprintf(stderr, "caregrid: %s: %s\n", cmd, err.msg);
		return NULL;
	}
	return s;
}

struct store *
open_store_tree(const char *cmd, const char *db, struct unit_tree *tree)
{
	struct store *s = open_store(cmd, db);
	struct error err;
	if (s && unit_tree_load(s, tree, &err) < 0) {
		fprintf(stderr, "caregrid: %s: %s\n", cmd, err.msg);
		store_close(s);
		return NULL;
	}
	return s;
}
