/* test_access.c - roles: inherited down the tree, the highest one wins, a site administrator is admin
 * everywhere, and someone with a role in one locality sees nothing of another. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"

static struct store *s;
static struct unit_tree tree;

static void
setup(void)
{
	temp_dir_setup();
	char *path = test_db_where("a.db");
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	free(path);
	const char *csv =
		"code,name,type,parent_code\nR,Region,region,\nA,Locality A,locality,R\nB,Locality B,locality,R\n"
		"HA,Home A,pch,A\nPA,Practice A,practice,HA\nHB,Home B,pch,B\n";
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(unit_import_csv(s, &actor_cli, csv, strlen(csv), "setup", &problems, &err), 6);
	cr_assert_eq(unit_tree_load(s, &tree, &err), 0);
	cr_assert_eq(user_add(s, &actor_cli, "ann@example.org", "Ann", NULL, false, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(user_add(s, &actor_cli, "root@example.org", "Root", NULL, true, NULL, &err), 0);
}

static void
teardown(void)
{
	unit_tree_release(&tree);
	store_close(s);
	temp_dir_teardown();
}

TestSuite(access, .init = setup, .fini = teardown);

static struct grants
grants_of(const char *email)
{
	struct user u;
	struct error err;
	cr_assert_eq(user_by_email(s, email, &u, &err), 1);
	struct grants g;
	cr_assert_eq(grants_load(s, &u, &g, &err), 0);
	return g;
}

Test(access, roles_are_inherited_and_the_highest_wins)
{
	struct error err;
	cr_assert_eq(role_set(s, &actor_cli, unit_by_code(&tree, "A"), "ann@example.org", ROLE_VIEWER, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(role_set(s, &actor_cli, unit_by_code(&tree, "HA"), "Ann@Example.org", ROLE_ADMIN, &err), 0);
	struct grants g = grants_of("ann@example.org");
	cr_expect_eq(role_on(&g, unit_by_code(&tree, "A")), ROLE_VIEWER);
	cr_expect_eq(role_on(&g, unit_by_code(&tree, "HA")), ROLE_ADMIN);
	cr_expect_eq(role_on(&g, unit_by_code(&tree, "PA")), ROLE_ADMIN, "inherited from HA");
	cr_expect_eq(role_on(&g, unit_by_code(&tree, "R")), ROLE_NONE, "nothing upwards");
	cr_expect(!can_see(&g, unit_by_code(&tree, "B")));
	cr_expect(!can_see(&g, unit_by_code(&tree, "HB")), "locality A sees nothing of locality B");
	grants_release(&g);

	/* Granting again replaces; revoking removes only the role on that unit itself. */
	cr_assert_eq(role_set(s, &actor_cli, unit_by_code(&tree, "A"), "ann@example.org", ROLE_FACILITATOR, &err), 0);
	cr_assert_eq(role_set(s, &actor_cli, unit_by_code(&tree, "HA"), "ann@example.org", ROLE_NONE, &err), 0);
	g = grants_of("ann@example.org");
	cr_expect_eq(role_on(&g, unit_by_code(&tree, "PA")), ROLE_FACILITATOR);
	grants_release(&g);
	cr_expect_eq(role_set(s, &actor_cli, unit_by_code(&tree, "HA"), "ann@example.org", ROLE_NONE, &err), -1);
	cr_expect(strstr(err.msg, "holds no role on HA itself") != NULL, "%s", err.msg);
	cr_expect_eq(role_set(s, &actor_cli, unit_by_code(&tree, "HA"), "nobody@example.org", ROLE_VIEWER, &err), -1);
	cr_expect(strstr(err.msg, "no account for nobody@example.org") != NULL, "%s", err.msg);
}

Test(access, a_site_administrator_is_admin_everywhere)
{
	struct grants g = grants_of("root@example.org");
	for (size_t i = 0; i < tree.n; i++)
		cr_expect_eq(role_on(&g, &tree.v[i]), ROLE_ADMIN);
	grants_release(&g);
}

Test(access, role_names_round_trip)
{
	for (int r = ROLE_VIEWER; r <= ROLE_ADMIN; r++)
		cr_expect_eq(role_parse(role_name((enum role)r)), r);
	cr_expect_eq(role_parse("owner"), ROLE_NONE);
	cr_expect_eq(role_parse(NULL), ROLE_NONE);
}
