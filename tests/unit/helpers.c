/* helpers.c - shared test helpers (see helpers.h). */
#include "helpers.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* libsodium must be started before the first test uses it (main() does it for the program). */
__attribute__((constructor)) static void
start_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

char *
make_temp_dir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/caregrid-test-XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(tmpl), "mkdtemp failed");
	return tmpl;
}

void
remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

char *test_dir;

void
temp_dir_setup(void)
{
	test_dir = make_temp_dir();
}

void
temp_dir_teardown(void)
{
	remove_tree(test_dir);
	free(test_dir);
	test_dir = NULL;
}

char *
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

char *
read_whole_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	if (buf_read_file(&b, path) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

struct cli_result
run_cli(const char *cwd, const char *const *args)
{
	const char *bin = getenv("CAREGRID_BIN");
	cr_assert_not_null(bin, "CAREGRID_BIN is not set (run the tests with make check)");
	char *dir = make_temp_dir();
	char *out_path = xasprintf("%s/out", dir), *err_path = xasprintf("%s/err", dir);
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int in = open("/dev/null", O_RDONLY);
		if (o < 0 || e < 0 || in < 0 || (cwd && chdir(cwd) != 0))
			_exit(127);
		dup2(in, 0);
		dup2(o, 1);
		dup2(e, 2);
		size_t n = 0;
		while (args[n])
			n++;
		char **argv = xcalloc(n + 2, sizeof *argv);
		argv[0] = (char *)bin;
		for (size_t i = 0; i < n; i++)
			argv[i + 1] = (char *)args[i];
		execv(bin, argv);
		_exit(127);
	}
	int ws;
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	struct cli_result r;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r.out = read_whole_file(out_path, NULL);
	r.err = read_whole_file(err_path, NULL);
	remove_tree(dir);
	free(out_path);
	free(err_path);
	free(dir);
	return r;
}

void
cli_result_release(struct cli_result *r)
{
	free(r->out);
	free(r->err);
}

char *
test_db_where(const char *name)
{
	const char *server = getenv("CAREGRID_TEST_PG");
	if (!server || !*server)
		return xasprintf("%s/%s", test_dir, name);
	static unsigned counter;
	char db[64];
	snprintf(db, sizeof db, "u_%ld_%u", (long)getpid(), counter++);
	PGconn *conn = PQconnectdb(server);
	cr_assert_eq(PQstatus(conn), CONNECTION_OK, "%s", PQerrorMessage(conn));
	char sql[100];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	PGresult *res = PQexec(conn, sql);
	cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(conn);
	const char *slash = strrchr(server, '/');
	return xasprintf("%.*s/%s", (int)(slash - server), server, db);
}

char *
test_db_scalar(const char *where, const char *sql)
{
	char *out = NULL;
	if (strncmp(where, "postgresql:", 11) == 0) {
		PGconn *conn = PQconnectdb(where);
		cr_assert_eq(PQstatus(conn), CONNECTION_OK, "%s", PQerrorMessage(conn));
		PGresult *res = PQexec(conn, sql);
		cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
		if (PQntuples(res) > 0)
			out = xstrdup(PQgetvalue(res, 0, 0));
		PQclear(res);
		PQfinish(conn);
		return out;
	}
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(where, &db), SQLITE_OK);
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

void
store_fixture_open(const char *name, const char *units_csv, char **where, struct store **s, struct unit_tree *tree,
		   struct catalog **cat)
{
	temp_dir_setup();
	*where = test_db_where(name);
	struct error err;
	cr_assert_eq(store_open(s, *where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	int rows = -1; /* the header is no unit */
	for (const char *p = units_csv; *p; p++)
		rows += *p == '\n';
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(unit_import_csv(*s, &actor_cli, units_csv, strlen(units_csv), "setup", &problems, &err), rows,
		     "%s", problems.n ? problems.v[0] : err.msg);
	cr_assert_eq(unit_tree_load(*s, tree, &err), 0, "%s", err.msg);
	*cat = catalog_new();
	catalog_load_builtin(*cat, &problems);
	strvec_clear(&problems);
}

void
store_fixture_close(char *where, struct store *s, struct unit_tree *tree, struct catalog *cat)
{
	catalog_free(cat);
	unit_tree_release(tree);
	store_close(s);
	free(where);
	temp_dir_teardown();
}
