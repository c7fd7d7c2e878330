/* cmd_init.c - caregrid init: create a database with the current schema, or upgrade an older one. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"

int
cmd_init(int argc, char **argv)
{
	int rc = EXIT_OK;
	const char *db = parse_db_only("init", argc, argv, &rc);
	if (!db)
		return rc;
	struct store *s;
	struct error err;
	if (store_open(&s, db, STORE_OPEN_CREATE, &err) < 0) {
		fprintf(stderr, "caregrid: init: %s\n", err.msg);
		return EXIT_FAILED;
	}
	int version = 0;
	if (store_schema_version(s, &version, &err) < 0) {
		fprintf(stderr, "caregrid: init: %s\n", err.msg);
		store_close(s);
		return EXIT_FAILED;
	}
	store_close(s);
	/* Register the built-in instruments so that rounds can pin their versions. */
	struct catalog *cat = load_catalog(NULL, db);
	if (!cat)
		return EXIT_FAILED;
	catalog_free(cat);
	printf("%s: ready at schema version %d\n", db, version);
	return EXIT_OK;
}
