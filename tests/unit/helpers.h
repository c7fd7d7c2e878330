/*
 * helpers.h - what the unit tests share: temporary directories and files, and running the caregrid
 * binary (named by $CAREGRID_BIN, which the Makefile sets) to capture its exit status and output.
 */
#ifndef CAREGRID_TEST_HELPERS_H
#define CAREGRID_TEST_HELPERS_H

#include <stddef.h>

/* A new empty directory under $TMPDIR; the caller may remove it with remove_tree. Never NULL. */
char *make_temp_dir(void);
void remove_tree(const char *dir);
/* A fresh temporary directory per test, for suites with .init = temp_dir_setup, .fini = temp_dir_teardown. */
extern char *test_dir;
void temp_dir_setup(void);
void temp_dir_teardown(void);

/*
 * Where a test's database lives (free it): a SQLite file NAME in test_dir, or, when CAREGRID_TEST_PG names a
 * PostgreSQL server (make check's throwaway cluster), a new empty database on it, so that the domain suites
 * run on both backends.
 */
char *test_db_where(const char *name);
/* The first column of the first row of SQL run directly on the database at WHERE (either backend), for
 * tests that look beneath the store; NULL when there is no row. Free it. */
char *test_db_scalar(const char *where, const char *sql);

struct store;
struct unit_tree;
struct catalog;

/* The two units most domain suites need: a region R and a home H in it (unit_import_csv's columns). */
#define FIXTURE_UNITS "code,name,type,parent_code\nR,Region,region,\nH,Home,pch,R\n"

/*
 * The domain suites' set-up: a fresh test_dir (temp_dir_setup), a new store at test_db_where(NAME) (*WHERE,
 * *S) holding the units of UNITS_CSV, their tree loaded into TREE and the built-in instruments in *CAT.
 * store_fixture_close undoes all of it.
 */
void store_fixture_open(const char *name, const char *units_csv, char **where, struct store **s,
			struct unit_tree *tree, struct catalog **cat);
void store_fixture_close(char *where, struct store *s, struct unit_tree *tree, struct catalog *cat);

/* Writes TEXT to DIR/NAME and returns the path (free it). */
char *write_file(const char *dir, const char *name, const char *text);
/* Reads a whole file (free it); NULL when it cannot be read. */
char *read_whole_file(const char *path, size_t *len);

struct cli_result {
	int status; /* exit status, or 128 + signal */
	char *out;  /* owned */
	char *err;  /* owned */
};

/* Runs $CAREGRID_BIN with ARGS (NULL-terminated, without argv[0]) in directory CWD (may be NULL). */
struct cli_result run_cli(const char *cwd, const char *const *args);
void cli_result_release(struct cli_result *r);

#endif
