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
	{"demo", cmd_demo, "[--db PATH] [--scale UNITS [--rounds N] [--raters N]]",
	 "create a database holding a demo organisation, or a synthetic region for benchmarks"},
	{"serve", cmd_serve,
	 "[--db PATH] [--listen ADDR] [--port N] [--instruments DIR] [--threads N] [--write-batch N] [--trust-proxy] "
	 "[--header-timeout S] [--max-per-address N] [--base-url URL] [--smtp URL --mail-from ADDRESS --base-url URL "
	 "[--smtp-tls] [--smtp-ca FILE] [--digest-hour H|off] [--mail-per-hour N] [--feedback-invites-per-cycle N] "
	 "[--feedback-invites-per-day N]]",
	 "serve the web application (default http://127.0.0.1:8080)"},
	{"user", cmd_user,
	 "add [--admin] [--name NAME] [--link] EMAIL | reset [--link | --mail BASE-URL] EMAIL | list |\n"
	 "       erase [--yes] EMAIL | export EMAIL FILE",
	 "add a person (the first site administrator too), set a password, list, erase a person, export their data"},
	{"unit", cmd_unit,
	 "list [--json] [--archived] | show CODE | types | add CODE NAME --type TYPE [--parent CODE]\n"
	 "       [--list-size N --counted-on DATE] | rename CODE NAME | move CODE PARENT|--top | archive CODE\n"
	 "       | list-size CODE N DATE | import FILE.csv | staff-groups UNIT [--add CODE NAME | --remove CODE]\n"
	 "       | min-group-size REGION N | ods-code CODE ODS-CODE|none",
	 "the organisation units: list, create, rename, move, archive, import a region from CSV"},
	{"role", cmd_role, "grant EMAIL UNIT admin|facilitator|viewer | revoke EMAIL UNIT | list [UNIT]",
	 "give, take back or list people's roles on units"},
	{"audit", cmd_audit, "[--limit N] [--unit CODE] [--json]", "read the audit log, newest first"},
	{"mail", cmd_mail, "list [--status queued|sent|failed]", "the outbox: what was sent, what waits, what failed"},
	{"round", cmd_round,
	 "create --unit CODE --instrument ID [--version N] --title TEXT --opens DATE --closes DATE\n"
	 "       [--mode survey|consensus|survey_consensus] [--energy domain|item|none] [--repeat monthly|quarterly]\n"
	 "       [--headcount N] | list [--unit CODE] [--json] | close ID | reopen ID | repeat ID "
	 "monthly|quarterly|never\n"
	 "       | headcount ID N | invite ID (--personal N | --for LABEL,LABEL | --for-file FILE | --shared "
	 "[--headcount N])\n"
	 "       [--base-url URL]\n"
	 "       | invitations ID | revoke ID INVITATION",
	 "assessment rounds: open one, invite people by link, close it"},
	{"results", cmd_results, "ROUND --json|--csv", "a round's results as JSON or long-form CSV"},
	{"import", cmd_import,
	 "responses --round ROUND FILE.csv [--map COLUMN=NAME,...] [--scale WORD=VALUE,...] [--skip-bad FILE]\n"
	 "       | improvement --unit CODE [--from CODE] FILE.json",
	 "load answers collected on paper or elsewhere into a round, or a unit's exported improvement work into a "
	 "unit, all or nothing"},
	{"export", cmd_export, "--unit CODE [--round ROUND] [--responses | --improvement] --json|--csv",
	 "everything of a unit and the units below it: results, with --responses the answers one by one that import "
	 "reads, with --improvement (JSON) the measures, actions and aims"},
	{"backup", cmd_backup,
	 "--encrypt --key-file KEY [--keep N] [--db PATH] [--db-key-file PATH] DIR\n"
	 "       caregrid backup --new-key KEY | --to FILE [--db PATH] [--force]",
	 "an encrypted, checked backup into DIR (SQLite or PostgreSQL), or a plain copy of a SQLite file"},
	{"restore", cmd_restore,
	 "--verify FILE --key-file KEY [--db PATH] | --from FILE [--key-file KEY] [--db PATH] [--db-key-file PATH] "
	 "[--force]",
	 "check an encrypted backup without touching the database, or put a backup back (stop the server first)"},
	{"retention", cmd_retention,
	 "[--set NAME=VALUE[,NAME=VALUE...]] | --dry-run [--as-of DATE] | --run [--as-of DATE] [--vacuum]",
	 "how long each kind of personal data is kept, and the purge of what is older"},
	{"population", cmd_population,
	 "import (--patients P --events E | --synthea DIR --practice CODE | --fhir DIR) --codelists PATH --as-of DATE "
	 "[--as-of DATE...] [--db PATH] [--format csv]\n"
	 "       caregrid population show UNIT [--as-of DATE] [--db PATH] [--format csv]",
	 "segment a registered-list extract at as-of dates, keeping only counts per practice; show them"},
	{"migrate", cmd_migrate, "--from sqlite:PATH --to postgresql://...",
	 "move a deployment from its SQLite file to an empty PostgreSQL database, all or nothing"},
	{"stats", cmd_stats, "agreement --levels A FILE.csv",
	 "agreement statistics (rwg, rwg(j), Krippendorff's alpha) of long-form CSV rater,item,score"},
	{"measure", cmd_measure, "list --unit CODE | import --measure ID FILE.csv",
	 "a unit's measures with their SPC icons; load data points from CSV"},
	{"spc", cmd_spc,
	 "[--chart xmr|run] [--improve up|down|neither] [--target T] [--baseline N] [--rebase I,...]\n"
	 "       [--no-screen] [--shift K] [--trend K] FILE.csv",
	 "an SPC chart of a series as JSON (Making Data Count rules; run chart with Anhoej's rules)"},
	{"sso", cmd_sso,
	 "add NAME --issuer URL --client-id ID (--client-secret-file PATH | --private-key-file PATH)\n"
	 "       [--preset cis2|entra|google|generic] [--label TEXT] [--scope \"...\"] [--acr VALUE] [--alg LIST]\n"
	 "       [--tenant ID]... [--trust-verified-email] [--no-userinfo|--userinfo]\n"
	 "       | update NAME [the same flags] [--enable|--disable] | list\n"
	 "       | rule add NAME --claim CLAIM --value VALUE --unit CODE --role ROLE [--with-children]\n"
	 "       | rule add NAME (--cis2-role R-CODE | --cis2-activity B-CODE) [--unit CODE] --role ROLE "
	 "[--with-children]\n"
	 "       | rule list NAME | rule delete ID | local-passwords on|off",
	 "single sign-on: OpenID Connect providers, their claims-to-role rules, whether passwords stay on"},
	{"routes", cmd_routes, "", "list the web routes and the access rule of each"},
	{NULL, NULL, NULL, NULL},
};
