/* commands.c - the table of subcommands: name, function, usage and one-line summary (see cmd.h). */
#include "cmd/cmd.h"

const struct command commands[] = {
	{"help", cmd_help, "[COMMAND]", "show the commands, or one command's usage"},
	{"version", cmd_version, "", "print caregrid's version and schema version"},
	{"instruments", cmd_instruments, "[--json] [--db PATH] [--instruments DIR]",
	 "list the instruments (built-in, from DIR, and added to the database)"},
	{"instrument", cmd_instrument,
	 "show ID [--version N] [--json] [--db PATH] [--instruments DIR]\n"
	 "       caregrid instrument check FILE...\n"
	 "       caregrid instrument add FILE [--db PATH]",
	 "show an instrument, check instrument files, or add one to the database"},
	{"init", cmd_init, "[--db PATH]", "create a database, or upgrade an older one"},
	{"demo", cmd_demo, "[--db PATH]", "create a database holding a demo organisation"},
	{"serve", cmd_serve, "[--db PATH] [--listen ADDR] [--port N] [--instruments DIR] [--threads N]",
	 "serve the web application (default http://127.0.0.1:8080)"},
	{NULL, NULL, NULL, NULL},
};
