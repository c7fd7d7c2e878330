/* test_audit.c - every kind of audit entry the code records has words for the audit page (a person reads
 * "Role given", never "role.grant"): the source is searched for the actions it records. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "lib/buf.h"

/* Every quoted "word.word" within two lines after an audit_record( call in FILE's text, checked. */
static size_t
check_file(const char *path)
{
	struct buf b = BUF_INIT;
	cr_assert_eq(buf_read_file(&b, path), 0, "cannot read %s", path);
	size_t checked = 0;
	for (const char *at = strstr(b.data, "audit_record("); at; at = strstr(at + 1, "audit_record(")) {
		const char *end = at;
		for (int lines = 0; *end && lines < 2; end++)
			lines += *end == '\n';
		for (const char *q = strchr(at, '"'); q && q < end; q = strchr(q + 1, '"')) {
			size_t n = strspn(q + 1, "abcdefghijklmnopqrstuvwxyz_.");
			if (q[1 + n] != '"' || !memchr(q + 1, '.', n))
				continue;
			char action[64];
			snprintf(action, sizeof action, "%.*s", (int)n, q + 1);
			cr_expect_str_neq(audit_action_words(action), action, "%s records \"%s\" with no words for it",
					  path, action);
			checked++;
			q += n + 1;
		}
	}
	buf_release(&b);
	return checked;
}

Test(audit, every_recorded_action_has_words)
{
	size_t checked = 0;
	const char *dirs[] = {"src/domain", "src/web", "src/cmd"};
	for (size_t d = 0; d < 3; d++) {
		DIR *dir = opendir(dirs[d]);
		cr_assert_not_null(dir, "run from the repository (%s)", dirs[d]);
		for (struct dirent *e; (e = readdir(dir));) {
			size_t n = strlen(e->d_name);
			if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0 || strcmp(e->d_name, "audit.c") == 0)
				continue;
			char path[300];
			snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
			checked += check_file(path);
		}
		closedir(dir);
	}
	cr_expect_geq(checked, 30, "only %zu actions found: is the search still right?", checked);
	cr_expect_str_eq(audit_action_words("role.grant"), "Role given");
}
