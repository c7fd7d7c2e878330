/*
 * cmd_demo.c - caregrid demo: a database with a small made-up organisation so that a first "make run"
 * shows something real: a region, two localities, Primary Care Homes with their practices and partners,
 * and three people with different roles (their password is printed; it is a demo).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "store/store.h"

#define DEMO_PASSWORD "caregrid-demo"

/* Made-up names; list sizes chosen so that one PCH sits inside 30-50k and one above it. Loaded through
 * the same importer as "caregrid unit import", so the demo exercises it. */
static const char demo_units[] =
	"code,name,type,parent_code,list_size,counted_on\n"
	"WSX,Wessex Health and Care System,region,,,\n"
	"WSX-N,North Downs Locality,locality,WSX,,\n"
	"WSX-S,Coastal Locality,locality,WSX,,\n"
	"PCH-RIV,Riverside Primary Care Home,pch,WSX-N,,\n"
	"P-MILL,Mill Lane Surgery,practice,PCH-RIV,11240,2026-10-01\n"
	"P-BRK,Brook House Medical Centre,practice,PCH-RIV,14890,2026-10-01\n"
	"P-ORCH,Orchard Family Practice,practice,PCH-RIV,9630,2026-10-01\n"
	"CT-NDC,North Downs Community Services,community-trust,PCH-RIV,,\n"
	"LA-NDC,North Downs Adult Social Care,social-care,PCH-RIV,,\n"
	"PCH-HAR,Harbour Primary Care Home,pch,WSX-S,,\n"
	"P-QUAY,Quayside Health Centre,practice,PCH-HAR,21470,2026-10-01\n"
	"P-CLIF,Cliff Road Surgery,practice,PCH-HAR,18320,2026-10-01\n"
	"P-SAND,Sandbanks Medical Practice,practice,PCH-HAR,16050,2026-10-01\n"
	"MH-CST,Coastal Mental Health Team,mental-health,PCH-HAR,,\n"
	"VS-CST,Coastal Community Volunteers,voluntary,PCH-HAR,,\n";

struct demo_person {
	const char *email, *name, *unit, *role;
	bool site_admin;
};

static const struct demo_person demo_people[] = {
	{"admin@example.org", "Alex Admin", NULL, NULL, true},
	{"facilitator@example.org", "Farah Facilitator", "PCH-RIV", "facilitator", false},
	{"viewer@example.org", "Vic Viewer", "WSX-S", "viewer", false},
	{NULL, NULL, NULL, NULL, false},
};

static void
remove_database(const char *db)
{
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
}

int
cmd_demo(int argc, char **argv)
{
	int rc = EXIT_OK;
	const char *db = parse_db_only("demo", argc, argv, &rc);
	if (!db)
		return rc;
	if (access(db, F_OK) == 0) {
		fprintf(stderr, "caregrid: demo: %s exists already; the demo is made in a new database only\n", db);
		return EXIT_FAILED;
	}
	struct store *s;
	struct error err = {""};
	if (store_open(&s, db, STORE_OPEN_CREATE, &err) < 0) {
		fprintf(stderr, "caregrid: demo: %s\n", err.msg);
		return EXIT_FAILED;
	}
	struct strvec problems = STRVEC_INIT;
	struct unit_tree tree = {0};
	int n = unit_import_csv(s, &actor_cli, demo_units, strlen(demo_units), "demo", &problems, &err);
	if (n < 0 || unit_tree_load(s, &tree, &err) < 0)
		goto fail;
	for (const struct demo_person *p = demo_people; p->email; p++) {
		if (user_add(s, &actor_cli, p->email, p->name, DEMO_PASSWORD, p->site_admin, NULL, &err) < 0)
			goto fail;
		if (p->unit && role_set(s, &actor_cli, unit_by_code(&tree, p->unit), p->email, role_parse(p->role), &err) < 0)
			goto fail;
	}
	unit_tree_release(&tree);
	store_close(s);
	struct catalog *cat = load_catalog(NULL, db);
	if (!cat)
		return EXIT_FAILED;
	catalog_free(cat);
	printf("%s: demo organisation created (%d units)\n", db, n);
	printf("sign in as admin@example.org (site administrator), facilitator@example.org (Riverside PCH) or\n"
	       "viewer@example.org (Coastal Locality), each with the password %s\n", DEMO_PASSWORD);
	return EXIT_OK;
fail:
	for (size_t i = 0; i < problems.n; i++)
		fprintf(stderr, "%s\n", problems.v[i]);
	fprintf(stderr, "caregrid: demo: %s\n", err.msg[0] ? err.msg : "the demo data did not load");
	strvec_clear(&problems);
	unit_tree_release(&tree);
	store_close(s);
	remove_database(db);
	return EXIT_FAILED;
}
