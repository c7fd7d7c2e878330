/* fuzz_imports.c - the three CSV imports that write (domain/unit, import, improve): units, a round's
 * responses and a measure's points, chosen by the first byte, each into a small database made once and
 * rolled back after every input, so that inputs do not pile up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/import.h"
#include "domain/improve.h"
#include "domain/round.h"
#include "domain/unit.h"
#include "fuzz.h"
#include "store/store.h"

static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;
static const struct instrument *grid;
static struct round round_;
static struct measure measure_;

static void
fail(const char *what, const struct error *err)
{
	fprintf(stderr, "fuzz_imports: %s: %s\n", what, err->msg);
	exit(1);
}

static void
set_up(void)
{
	char path[] = "/tmp/caregrid-fuzz-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	struct error err;
	struct strvec problems = STRVEC_INIT;
	if (store_open(&s, path, STORE_OPEN_CREATE, &err) < 0)
		fail("open", &err);
	const char *units = "code,name,type,parent_code\nR,Region,region,\nH,Home,pch,R\nP,Practice,practice,H\n";
	if (unit_import_csv(s, &actor_cli, units, strlen(units), "set-up", &problems, &err) < 0 ||
	    unit_tree_load(s, &tree, &err) < 0)
		fail("units", &err);
	cat = catalog_new();
	catalog_load_builtin(cat, &problems);
	grid = catalog_find(cat, "pch-development-grid", 0);
	int64_t id;
	if (round_create(s, &actor_cli, unit_by_code(&tree, "H"), grid, "Fuzz", "survey", "domain", "2026-01-01",
			 "2026-01-31", &id, &err) < 0 || round_get(s, id, &round_, &err) <= 0)
		fail("round", &err);
	struct measure_input in = {.name = "Waits",
				   .definition = "Days to the third appointment, from the practice system",
				   .category = "population_health",
				   .direction = "down"};
	if (measure_create(s, cat, &actor_cli, unit_by_code(&tree, "H"), &in, &id, &err) < 0 ||
	    measure_get(s, id, &measure_, &err) <= 0)
		fail("measure", &err);
	unlink(path); /* the open connection keeps it (and its key); nothing is left behind */
	char key[sizeof path + 4];
	snprintf(key, sizeof key, "%s.key", path);
	unlink(key);
	strvec_clear(&problems);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!s)
		set_up();
	if (!size)
		return 0;
	struct error err;
	struct strvec problems = STRVEC_INIT;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	if (store_begin(s, &err) < 0)
		fail("begin", &err);
	switch (data[0] % 3) {
	case 0: unit_import_csv(s, &actor_cli, text, len, "fuzz", &problems, &err); break;
	case 1: {
		struct import_options o = {0};
		struct import_report rep;
		responses_import(s, &actor_cli, &round_, unit_by_code(&tree, "H"), grid, text, len, "fuzz", &o, &rep,
				 &problems, &err);
		break;
	}
	default: measure_import_csv(s, &actor_cli, &measure_, text, len, NULL, "fuzz", &problems, &err); break;
	}
	store_rollback(s);
	strvec_clear(&problems);
	return 0;
}
