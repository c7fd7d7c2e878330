/* cmd_mail.c - caregrid mail list [--status queued|sent|failed]: the outbox, newest first; an address of
 * anything survey-related is masked, and reminders of surveys and 360s not listed, as on every other surface. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "domain/mail.h"
#include "store/store.h"

static void
day_time(int64_t t, char out[20])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

static int
print_row(void *ctx, const struct mail_row *m)
{
	(void)ctx;
	char queued[20], sent[20] = "";
	day_time(m->queued_at, queued);
	if (m->sent_at)
		day_time(m->sent_at, sent);
	/* No id: the gaps reminders leave in them would count the reminders. */
	printf("%-7s %-10s %-16s %-28s %s%s%s (%ld attempt%s)%s%s\n", m->status, m->kind, queued,
	       m->recipient, m->subject, *sent ? ", sent " : "", sent, m->attempts, m->attempts == 1 ? "" : "s",
	       m->last_error ? ": " : "", m->last_error ? m->last_error : "");
	return 0;
}

int
cmd_mail(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "list") != 0)
		return usage_error("mail", "needs a subcommand: list");
	static const struct option opts[] = {
		{"status", required_argument, NULL, 's'},
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *db = default_db(), *status = NULL;
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (strcmp(optarg, "queued") && strcmp(optarg, "sent") && strcmp(optarg, "failed"))
				return usage_error("mail", "--status is queued, sent or failed, not \"%s\"", optarg);
			status = optarg;
			break;
		case 'd': db = optarg; break;
		default: return bad_option("mail", argc - 1, argv + 1, opt);
		}
	}
	if (optind < argc - 1)
		return usage_error("mail", "unexpected argument \"%s\"", argv[optind + 1]);
	struct store *s = open_store("mail", db);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	int rc = mail_each(s, status, print_row, NULL, &err) < 0
			 ? (fprintf(stderr, "caregrid: mail: %s\n", err.msg), EXIT_FAILED)
			 : EXIT_OK;
	if (rc == EXIT_OK)
		printf("(reminders of surveys and 360 feedback are not listed, nor counted: they go exactly to those "
		       "who "
		       "have not answered)\n");
	store_close(s);
	return rc;
}
