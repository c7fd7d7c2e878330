/* test_units.c - the unit tree's rules: codes, types and tiers, moves that would make a cycle, archiving,
 * list sizes and the population of a Primary Care Home, and the all-or-nothing CSV import with every
 * problem named by row and column. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/staff_group.h"
#include "domain/unit.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"

static struct store *s;
static struct unit_tree tree;

static void
reload(void)
{
	struct error err;
	unit_tree_release(&tree);
	cr_assert_eq(unit_tree_load(s, &tree, &err), 0, "%s", err.msg);
}

static void
setup(void)
{
	temp_dir_setup();
	char *path = test_db_where("u.db");
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	free(path);
	memset(&tree, 0, sizeof tree);
	const char *csv =
		"code,name,type,parent_code,list_size,counted_on\n"
		"R,Region,region,,,\nL1,Loc one,locality,R,,\nL2,Loc two,locality,R,,\n"
		"H,Home,pch,L1,,\nP1,Practice one,practice,H,20000,2026-01-31\nP2,Practice "
		"two,practice,H,15000,2026-01-31\n";
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(unit_import_csv(s, &actor_cli, csv, strlen(csv), "setup", &problems, &err), 6,
		     "%s", problems.n ? problems.v[0] : err.msg);
	strvec_clear(&problems);
	reload();
}

static void
teardown(void)
{
	unit_tree_release(&tree);
	store_close(s);
	temp_dir_teardown();
}

TestSuite(units, .init = setup, .fini = teardown);

Test(units, sums_the_practices_into_the_population)
{
	size_t n;
	cr_expect_eq(unit_population(&tree, unit_by_code(&tree, "H"), &n), 35000);
	cr_expect_eq(n, 2);
	cr_expect_eq(unit_population(&tree, unit_by_code(&tree, "L2"), &n), 0);
	cr_expect_eq(n, 0);
	cr_expect_str_eq(unit_root(unit_by_code(&tree, "P1"))->code, "R");
	cr_expect(unit_within(unit_by_code(&tree, "P1"), unit_by_code(&tree, "L1")));
	cr_expect(!unit_within(unit_by_code(&tree, "P1"), unit_by_code(&tree, "L2")));
}

Test(units, refuses_bad_codes_types_and_parents)
{
	struct error err;
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "P1", "Again", "practice", "H", -1, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "unit code \"P1\" is taken");
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "bad code", "X", "practice", "H", -1, NULL, &err), -1);
	cr_expect(strstr(err.msg, "may hold only letters") != NULL, "%s", err.msg);
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "  ", "practice", "H", -1, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "a unit's name is needed");
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "X", "castle", "H", -1, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "unknown unit type \"castle\"");
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "X", "practice", "NOPE", -1, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "unknown parent unit \"NOPE\"");
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "X", "locality", "H", -1, NULL, &err), -1);
	cr_expect(strstr(err.msg, "a Locality cannot sit under a Primary Care Home or network") != NULL, "%s", err.msg);
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "X", "practice", "H", -5, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "a list size cannot be negative");
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "X", "practice", "H", 100, "2026-02-30", &err), -1);
	cr_expect(strstr(err.msg, "needs the date it was counted") != NULL, "%s", err.msg);
	long n;
	store_unit_count(s, &n, &err);
	cr_expect_eq(n, 6, "nothing was written");
}

Test(units, creates_renames_and_gives_a_new_region_its_staff_groups)
{
	struct error err;
	cr_assert_eq(unit_create(s, &tree, &actor_cli, "P3", "Practice three", "practice", "H", 9000, "2026-02-01",
				 &err),
		     0, "%s", err.msg);
	cr_assert_eq(unit_create(s, &tree, &actor_cli, "R2", "Other region", "region", NULL, -1, NULL, &err), 0);
	reload();
	cr_assert_eq(unit_rename(s, &tree, &actor_cli, "P3", "Practice 3", &err), 0);
	reload();
	cr_expect_str_eq(unit_by_code(&tree, "P3")->name, "Practice 3");
	size_t n;
	cr_expect_eq(unit_population(&tree, unit_by_code(&tree, "H"), &n), 44000);
	int64_t count = 0;
	struct param p[] = {PINT(unit_by_code(&tree, "R2")->id)};
	cr_expect_eq(store_get_int(s, Q_STAFF_GROUP_MAX_POSITION, PARAMS(p), &count, &err), 1);
	cr_expect_eq(count, 9, "the nine default staff groups");
}

Test(units, refuses_a_move_that_makes_a_cycle)
{
	struct error err;
	cr_expect_eq(unit_move(s, &tree, &actor_cli, "L1", "H", &err), -1);
	cr_expect(strstr(err.msg, "lies within it (a cycle)") != NULL, "%s", err.msg);
	cr_expect_eq(unit_move(s, &tree, &actor_cli, "H", "H", &err), -1);
	cr_assert_eq(unit_move(s, &tree, &actor_cli, "H", "L2", &err), 0, "%s", err.msg);
	reload();
	cr_expect_str_eq(unit_by_code(&tree, "H")->parent->code, "L2");
}

Test(units, archives_only_what_has_no_active_units_within)
{
	struct error err;
	cr_expect_eq(unit_archive(s, &tree, &actor_cli, "H", &err), -1);
	cr_expect_str_eq(err.msg, "\"H\" has active units under it (2): archive or move them first");
	cr_assert_eq(unit_archive(s, &tree, &actor_cli, "P2", &err), 0);
	reload();
	cr_expect_not_null(unit_by_code(&tree, "P2")->archived_at);
	size_t n;
	cr_expect_eq(unit_population(&tree, unit_by_code(&tree, "H"), &n), 20000, "archived practices do not count");
	cr_expect_eq(unit_archive(s, &tree, &actor_cli, "P2", &err), -1);
	cr_expect_str_eq(err.msg, "unit \"P2\" is archived");
	cr_expect_eq(unit_create(s, &tree, &actor_cli, "X", "X", "social-care", "P2", -1, NULL, &err), -1);
	cr_expect(strstr(err.msg, "is archived") != NULL, "%s", err.msg);
}

static char *
import_problems(const char *csv, int *created)
{
	struct strvec problems = STRVEC_INIT;
	struct error err = {.kind = ERROR_INVALID};
	*created = unit_import_csv(s, &actor_cli, csv, strlen(csv), "f.csv", &problems, &err);
	char *joined = xstrdup(err.msg);
	for (size_t i = 0; i < problems.n; i++) {
		char *next = xasprintf("%s\n%s", joined, problems.v[i]);
		free(joined);
		joined = next;
	}
	strvec_clear(&problems);
	return joined;
}

Test(units, import_lists_every_bad_row_and_writes_nothing)
{
	int created;
	char *p = import_problems("code,name,type,parent_code,list_size,counted_on\n"
				  "A,Alpha,practice,NOPE,100,2026-01-01\n"
				  "B,Beta,practice,H,-3,2026-01-01\n"
				  "A,Alpha again,practice,H,,\n"
				  "C,Gamma,practice,H,lots,\n"
				  "P1,Clash,practice,H,,\n"
				  "D,Delta,wizard,H,,\n"
				  "E,,practice,H,,\n"
				  "F,Foxtrot,practice,H,10,01/02/2026\n",
				  &created);
	cr_expect_eq(created, -1);
	cr_expect(strstr(p, "f.csv: row 2, column 4 (parent_code): unknown parent unit \"NOPE\"") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 3, column 5 (list_size): a list size cannot be negative (-3)") != NULL, "%s",
		  p);
	cr_expect(strstr(p, "f.csv: row 4, column 1 (code): duplicate code \"A\" (also on row 2)") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 5, column 5 (list_size): \"lots\" is not a whole number") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 6, column 1 (code): unit code \"P1\" exists already") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 7, column 3 (type): unknown unit type \"wizard\"") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 8, column 2 (name): a unit's name is needed") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 9, column 6 (counted_on)") != NULL, "%s", p);
	free(p);
	long n;
	struct error err;
	store_unit_count(s, &n, &err);
	cr_expect_eq(n, 6, "all or nothing");
}

Test(units, import_finds_cycles_and_bad_headers)
{
	int created;
	char *p = import_problems("code,name,type,parent_code\nX,Ex,pch,Y\nY,Why,pch,X\n", &created);
	cr_expect_eq(created, -1);
	cr_expect(strstr(p, "row 2, column 4 (parent_code): \"X\" is its own ancestor") != NULL, "%s", p);
	free(p);
	p = import_problems("code,name,colour\nX,Ex,red\n", &created);
	cr_expect(strstr(p, "f.csv: row 1, column 3: unknown column \"colour\"") != NULL, "%s", p);
	cr_expect(strstr(p, "f.csv: row 1: the required column \"type\" is missing") != NULL, "%s", p);
	free(p);
	p = import_problems("code,name,type\nX,Ex\n", &created);
	cr_expect(strstr(p, "f.csv: row 2: 2 fields where the header has 3") != NULL, "%s", p);
	free(p);
	p = import_problems("", &created);
	cr_expect(strstr(p, "the file is empty") != NULL, "%s", p);
	free(p);
}

Test(units, import_puts_parents_first_whatever_the_row_order)
{
	int created;
	char *p = import_problems("code,name,type,parent_code,list_size,counted_on\n"
				  "Q2,Second practice,practice,NEWPCH,5000,2026-03-01\n"
				  "NEWPCH,New home,pch,NEWLOC,,\n"
				  "NEWLOC,New locality,locality,R,,\n",
				  &created);
	cr_expect_eq(created, 3, "%s", p);
	free(p);
	reload();
	cr_expect_str_eq(unit_by_code(&tree, "Q2")->parent->parent->code, "NEWLOC");
}
