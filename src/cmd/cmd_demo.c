/*
 * cmd_demo.c - caregrid demo: a database with a small made-up organisation so that a first "make run"
 * shows something real: a region, two localities, Primary Care Homes with their practices and partners.
 */
#include <stdio.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "store/store.h"

struct demo_unit {
	const char *code, *name, *type, *parent;
	long list_size; /* -1: not a practice */
};

/* Made-up names; list sizes chosen so one PCH sits inside 30-50k and one above it. */
static const struct demo_unit demo_units[] = {
	{"WSX", "Wessex Health and Care System", "region", NULL, -1},
	{"WSX-N", "North Downs Locality", "locality", "WSX", -1},
	{"WSX-S", "Coastal Locality", "locality", "WSX", -1},
	{"PCH-RIV", "Riverside Primary Care Home", "pch", "WSX-N", -1},
	{"P-MILL", "Mill Lane Surgery", "practice", "PCH-RIV", 11240},
	{"P-BRK", "Brook House Medical Centre", "practice", "PCH-RIV", 14890},
	{"P-ORCH", "Orchard Family Practice", "practice", "PCH-RIV", 9630},
	{"CT-NDC", "North Downs Community Services", "community-trust", "PCH-RIV", -1},
	{"LA-NDC", "North Downs Adult Social Care", "social-care", "PCH-RIV", -1},
	{"PCH-HAR", "Harbour Primary Care Home", "pch", "WSX-S", -1},
	{"P-QUAY", "Quayside Health Centre", "practice", "PCH-HAR", 21470},
	{"P-CLIF", "Cliff Road Surgery", "practice", "PCH-HAR", 18320},
	{"P-SAND", "Sandbanks Medical Practice", "practice", "PCH-HAR", 16050},
	{"MH-CST", "Coastal Mental Health Team", "mental-health", "PCH-HAR", -1},
	{"VS-CST", "Coastal Community Volunteers", "voluntary", "PCH-HAR", -1},
	{NULL, NULL, NULL, NULL, 0},
};

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
	struct error err;
	if (store_open(&s, db, STORE_OPEN_CREATE, &err) < 0) {
		fprintf(stderr, "caregrid: demo: %s\n", err.msg);
		return EXIT_FAILED;
	}
	if (store_begin(s, &err) < 0)
		goto fail;
	for (const struct demo_unit *u = demo_units; u->code; u++) {
		if (store_unit_add(s, u->code, u->name, u->type, u->parent, u->list_size,
				   u->list_size >= 0 ? "2026-10-01" : NULL, NULL, &err) < 0) {
			store_rollback(s);
			goto fail;
		}
	}
	if (store_commit(s, &err) < 0)
		goto fail;
	store_close(s);
	struct catalog *cat = load_catalog(NULL, db);
	if (!cat)
		return EXIT_FAILED;
	catalog_free(cat);
	printf("%s: demo organisation created (%zu units)\n", db, sizeof demo_units / sizeof *demo_units - 1);
	return EXIT_OK;
fail:
	fprintf(stderr, "caregrid: demo: %s\n", err.msg);
	store_close(s);
	/* Leave no half-made demo behind: the database file and SQLite's companions. */
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
	return EXIT_FAILED;
}
