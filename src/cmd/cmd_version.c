/* cmd_version.c - caregrid version: the program's version and the newest schema it knows. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "version.h"

int
cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage_error("version", "takes no arguments");
	printf("caregrid %s (schema %d)\n", CAREGRID_VERSION, store_schema_latest());
	return EXIT_OK;
}
