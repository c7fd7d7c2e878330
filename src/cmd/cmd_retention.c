/*
 * cmd_retention.c - caregrid retention: how long each kind of personal data is kept (shown, or changed with
 * --set), and the purge: --dry-run prints what would go per kind, --run deletes it; --as-of DATE purges as of a
 * later day (an operator looking ahead; the tests). domain/retention.h holds the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/audit.h"
#include "domain/retention.h"
#include "domain/round.h"
#include "domain/unit.h"
#include "store/store.h"

static void
print_policy(const struct retention_policy *p)
{
	printf("addresses_days   %4d  invitation and reminder addresses, labels, links and their mail, "
	       "after the round or 360 closes\n",
	       p->addresses_days);
	printf("comments_months  %4d  survey comments, 360 strengths and suggestions, consensus notes, after close\n",
	       p->comments_months);
	printf("answers_months   %4d  raw 360 answers, after the cycle closes\n", p->answers_months);
	printf("plans_years      %4d  plans and their reviews, after the account was last active\n", p->plans_years);
	printf("audit_years      %4d  audit entries, after they were written\n", p->audit_years);
	printf("vacuum_weekly    %4s  rewrite the SQLite file once a week after the purge\n",
	       p->vacuum_weekly ? "on" : "off");
}

static void
print_counts(const char *as_of, bool dry, const struct retention_counts *c)
{
	printf("as of %s%s\n", as_of, dry ? " (dry run: nothing deleted)" : "");
	printf("addresses      %ld\n", c->addresses);
	printf("messages       %ld\n", c->messages);
	printf("comments       %ld\n", c->comments);
	printf("360 answers    %ld\n", c->answers);
	printf("plan goals     %ld\n", c->plans);
	printf("plan reviews   %ld\n", c->reviews);
	printf("audit entries  %ld\n", c->audit);
}

/* --set NAME=VALUE[,NAME=VALUE...]: every pair applied to the policy in force, then stored together. */
static int
set_policy(struct store *s, const char *pairs)
{
	struct retention_policy p;
	struct error err;
	if (retention_policy_get(s, &p, &err) < 0) {
		fprintf(stderr, "caregrid: retention: %s\n", err.msg);
		return EXIT_FAILED;
	}
	char *copy = strdup(pairs), *save = NULL;
	int rc = EXIT_OK;
	for (char *tok = strtok_r(copy, ",", &save); tok && rc == EXIT_OK; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq) {
			rc = usage_error("retention", "--set takes NAME=VALUE, not \"%s\"", tok);
			break;
		}
		*eq = '\0';
		if (retention_policy_field(&p, tok, eq + 1, &err) < 0)
			rc = usage_error("retention", "--set %s: %s", tok, err.msg);
	}
	free(copy);
	if (rc != EXIT_OK)
		return rc;
	if (retention_policy_set(s, &actor_cli, &p, &err) < 0) {
		fprintf(stderr, "caregrid: retention: %s\n", err.msg);
		return EXIT_FAILED;
	}
	print_policy(&p);
	return EXIT_OK;
}

static int
show(struct store *s)
{
	struct retention_policy p;
	struct retention_run run;
	struct error err;
	int found;
	if (retention_policy_get(s, &p, &err) < 0 || (found = retention_last_run(s, &run, &err)) < 0) {
		fprintf(stderr, "caregrid: retention: %s\n", err.msg);
		return EXIT_FAILED;
	}
	print_policy(&p);
	if (!found) {
		printf("last purge: none yet\n");
		return EXIT_OK;
	}
	char words[512];
	retention_counts_text(&run.counts, words, sizeof words);
	printf("last purge: %s, as of %s, by %s: %s\n", run.at, run.as_of, run.by, words);
	return EXIT_OK;
}

static int
purge(struct store *s, const struct catalog *cat, const char *as_of, bool dry, bool vacuum)
{
	struct retention_counts c;
	struct error err;
	if (retention_purge(s, cat, &actor_cli, as_of, dry, &c, &err) < 0 ||
	    (!dry && retention_finish(s, vacuum, &err) < 0)) {
		fprintf(stderr, "caregrid: retention: %s\n", err.msg);
		return EXIT_FAILED;
	}
	print_counts(as_of, dry, &c);
	return EXIT_OK;
}

int
cmd_retention(int argc, char **argv)
{
	const char *db = default_db(), *as_of = NULL, *set = NULL;
	bool dry = false, run = false, vacuum = false;
	const struct cmd_opt opts[] = {
		{"dry-run", CMD_FLAG, &dry, 0}, {"run", CMD_FLAG, &run, 0},    {"as-of", CMD_TEXT, &as_of, 0},
		{"set", CMD_TEXT, &set, 0},     {"vacuum", CMD_FLAG, &vacuum, 0}, {"db", CMD_TEXT, &db, 0},
		{NULL, 0, NULL, 0},
	};
	if (cmd_options("retention", argc, argv, opts, NULL))
		return EXIT_USAGE;
	if ((dry || run) + (set != NULL) > 1 || (dry && run))
		return usage_error("retention", "give one of --dry-run, --run and --set");
	if (as_of && !dry && !run)
		return usage_error("retention", "--as-of goes with --dry-run or --run");
	if (as_of && !valid_date(as_of))
		return usage_error("retention", "--as-of %s is not a date: give it as YYYY-MM-DD", as_of);
	if (vacuum && !run)
		return usage_error("retention", "--vacuum goes with --run");
	char day[11];
	today(day);
	struct store *s = open_store("retention", db);
	if (!s)
		return EXIT_FAILED;
	/* The instruments: a 360's report is computed from them before its raw answers go. */
	struct catalog *cat = dry || run ? load_catalog(NULL, db) : NULL;
	int rc = set		  ? set_policy(s, set)
		 : !cat && (dry || run) ? EXIT_FAILED
		 : dry || run		  ? purge(s, cat, as_of ? as_of : day, dry, vacuum)
					  : show(s);
	catalog_free(cat);
	store_close(s);
	return rc;
}
