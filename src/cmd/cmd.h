/*
 * cmd.h - the subcommand table and what subcommands share: usage errors, the default database, loading
 * the instrument catalog. Each subcommand lives in its own cmd_NAME.c (as git's builtin/).
 */
#ifndef CAREGRID_CMD_H
#define CAREGRID_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/catalog.h"

/* Exit codes: 0 ok, 1 the thing asked for failed, 2 the command line was wrong. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the command's name */
	const char *usage;                /* the arguments, after "caregrid NAME" */
	const char *summary;              /* one line for "caregrid help" */
};

extern const struct command commands[]; /* ends with a NULL name */

/* The subcommands, one per cmd_NAME.c. */
int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_instruments(int argc, char **argv);
int cmd_instrument(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_role(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_spc(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_results(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_sso(int argc, char **argv);
/* caregrid sso rule ... (cmd_sso_rule.c): ARGV[0] "rule"; *S the store it opened, closed by cmd_sso. */
struct store;
int sso_rule_command(struct store **s, int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_population(int argc, char **argv);
/* caregrid user erase and user export (cmd_user_data.c), ARGV from the subcommand's name, DB the default. */
int user_erase_cmd(int argc, char **argv, const char *db);
int user_export_cmd(int argc, char **argv, const char *db);

const struct command *command_find(const char *name);

/* Prints "caregrid: CMD: message" and CMD's usage to stderr; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The web's checks on text (lib/text.h) for a command's argument WHAT (a flag, "--title", or a name, "NAME"):
 * valid UTF-8, no control character, no line break (every argument is one line), at most MAX bytes (0: any).
 * 0 when VALUE passes (or is NULL); else a usage error naming WHAT (EXIT_USAGE).
 */
int check_text_arg(const char *cmd, const char *what, const char *value, size_t max);

/* For getopt_long's '?' and ':' results: names the bad option (argv[optind - 1]). */
int bad_option(const char *cmd, int argc, char **argv, int opt);

/*
 * A subcommand's flags as a table (git's parse_options): each names its long option and where its value goes.
 * CMD_TEXT takes an argument (const char ** VALUE set to it), CMD_FLAG none (bool * VALUE set true),
 * CMD_WHOLE a whole number from MIN (long * VALUE).
 */
enum cmd_opt_kind { CMD_TEXT, CMD_FLAG, CMD_WHOLE };
struct cmd_opt {
	const char *name; /* without the dashes; NULL ends the table */
	enum cmd_opt_kind kind;
	void *value;
	long min; /* CMD_WHOLE: the least accepted */
};

/*
 * Parses ARGV (argv[0] the command's or subcommand's name) by OPTS, flags and operands in any order. With
 * OPERANDS NULL none is accepted; else *OPERANDS is the index in ARGV of the first (argc when none). 0, or
 * after printing what was wrong (an unknown flag, a missing or bad value, an operand) EXIT_USAGE as CMD.
 */
int cmd_options(const char *cmd, int argc, char **argv, const struct cmd_opt *opts, int *operands);

/* Parses --db PATH, the one option init and demo take; NULL after a usage error (*rc set). */
const char *parse_db_only(const char *cmd, int argc, char **argv, int *rc);

/*
 * Reads a password: from the terminal with echo off (asked twice, must match), or else one line from
 * standard input. Never from a flag, so that it stays out of shell history and process lists.
 */
int read_password(const char *cmd, char *buf, size_t size);

/* Opens the database for a command, printing the error as "caregrid: CMD: ..." on failure. */
struct store *open_store(const char *cmd, const char *db);

/* As open_store, and loads the unit tree too (release it with unit_tree_release before store_close). */
struct unit_tree;
struct store *open_store_tree(const char *cmd, const char *db, struct unit_tree *tree);

/* $CAREGRID_DB, else "caregrid.db". */
const char *default_db(void);

/*
 * The built-in instruments, plus those in DIR (may be NULL), plus those stored in the database at DB
 * when DB is given and exists. Problems with extra instruments are printed to stderr as warnings;
 * returns NULL only when the database cannot be read.
 */
struct catalog *load_catalog(const char *dir, const char *db);

#endif
