/*
 * cmd_serve.c - caregrid serve: load the instruments, open the database, and serve the web application
 * until SIGINT or SIGTERM, then let requests in flight finish and stop.
 */
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "store/writer.h"
#include "domain/mail.h"
#include "web/app.h"
#include "web/change_clock.h"
#include "jobs/mailer.h"
#include "jobs/scheduler.h"
#include "web/server.h"
#include "web/session_cache.h"

/* Survey submissions committed together at most; 0 turns the writer off (each request commits alone). */
#define WRITE_BATCH_DEFAULT 64

static int
parse_unsigned(const char *flag, const char *text, unsigned max, unsigned *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < 0 || (unsigned long)v > max)
		return usage_error("serve", "%s needs a whole number from 0 to %u, not \"%s\"", flag, max, text);
	*out = (unsigned)v;
	return 0;
}

/* What the server kept for its requests; the server has stopped. */
static void
free_app(struct app *app)
{
	scheduler_stop(app->scheduler); /* before the sender it pokes */
	mailer_stop(app->mailer);
	writer_free(app->writer);
	session_cache_free(app->sessions);
	tree_cache_free(app->trees);
	region_cache_free(app->regions);
	store_pool_free(app->pool);
}

/* The background work, each through the one contract of lib/worker.h (a failure to start is an error for
 * the caller to report, never an exit): the writer; the mail sender before the server, as a request may
 * queue mail as soon as it serves; the scheduler, which pokes the sender. What started is stopped by
 * free_app. */
static int
start_background(struct app *app, unsigned write_batch, const struct mail_config *mail, int digest_hour,
		 struct error *err)
{
	if (write_batch && writer_start(&app->writer, app->db_path, write_batch, err) < 0)
		return -1;
	if (mail->url && mailer_start(&app->mailer, app->db_path, mail, err) < 0)
		return -1;
	const struct schedule_config sched = {app->db_path, app->catalog, app->base_url, app->mailer, digest_hour};
	return scheduler_start(&app->scheduler, &sched, err);
}

/* --base-url: the public address every link handed out starts with ("https://caregrid.example.org"): http or
 * https, a host, perhaps a port and a path; no query, fragment, space or control character. Into OUT without
 * a trailing slash. */
static int
parse_base_url(const char *text, char *out, size_t size)
{
	size_t scheme = strncmp(text, "https://", 8) == 0 ? 8 : strncmp(text, "http://", 7) == 0 ? 7 : 0;
	size_t n = strlen(text);
	while (n > scheme && text[n - 1] == '/')
		n--;
	bool clean = scheme && n > scheme && n < size;
	for (size_t i = 0; clean && i < n; i++)
		clean = (unsigned char)text[i] > 0x20 && text[i] != 0x7f && !strchr("?#\"'<>\\", text[i]);
	if (!clean)
		return usage_error("serve",
				   "--base-url needs an address such as https://caregrid.example.org (http or https, "
				   "no query or fragment), not \"%s\"",
				   text);
	snprintf(out, size, "%.*s", (int)n, text);
	return 0;
}

struct serve_flags {
	const char *db, *dir;
	struct server_options so;
	unsigned write_batch, digest_hour, cache_ms;
	bool digest_off, trust_proxy;
	char base_url[300];
	struct mail_config mail;
	struct mail_limits limits;
};

/* A limit on mail (--mail-per-hour, --feedback-invites-per-cycle or -per-day, by OPT) into f: 1 to 100000. */
static int
parse_mail_limit(int opt, const char *arg, struct serve_flags *f)
{
	const char *name = opt == 'M' ? "--mail-per-hour"
			   : opt == 'c' ? "--feedback-invites-per-cycle"
					: "--feedback-invites-per-day";
	unsigned *to = opt == 'M' ? &f->mail.per_hour
		       : opt == 'c' ? &f->limits.feedback_per_cycle
				    : &f->limits.feedback_per_day;
	if (parse_unsigned(name, arg, 100000, to) != 0)
		return EXIT_USAGE;
	if (!*to)
		return usage_error("serve", "%s needs a number from 1 to 100000", name);
	return EXIT_OK;
}

static const struct option serve_opts[] = {
	{"db", required_argument, NULL, 'd'},
	{"listen", required_argument, NULL, 'l'},
	{"port", required_argument, NULL, 'p'},
	{"instruments", required_argument, NULL, 'i'},
	{"threads", required_argument, NULL, 't'},
	{"write-batch", required_argument, NULL, 'w'},
	{"trust-proxy", no_argument, NULL, 'x'},
	{"header-timeout", required_argument, NULL, 'H'},
	{"max-per-address", required_argument, NULL, 'm'},
	{"base-url", required_argument, NULL, 'b'},
	{"smtp", required_argument, NULL, 's'},
	{"smtp-tls", no_argument, NULL, 'T'},
	{"mail-from", required_argument, NULL, 'f'},
	{"smtp-ca", required_argument, NULL, 'C'},
	{"digest-hour", required_argument, NULL, 'D'},
	{"mail-per-hour", required_argument, NULL, 'M'},
	{"feedback-invites-per-cycle", required_argument, NULL, 'c'},
	{"feedback-invites-per-day", required_argument, NULL, 'y'},
	{NULL, 0, NULL, 0},
};

/* The command line into f; EXIT_OK, or the exit code of a usage error. */
static int
parse_serve_flags(int argc, char **argv, struct serve_flags *f)
{
	f->limits = (struct mail_limits){MAIL_FEEDBACK_PER_CYCLE, MAIL_FEEDBACK_PER_DAY};
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", serve_opts, NULL)) != -1) {
		switch (opt) {
		case 'd': f->db = optarg; break;
		case 'l': f->so.listen = optarg; break;
		case 'i': f->dir = optarg; break;
		case 'p':
			if (parse_unsigned("--port", optarg, 65535, &f->so.port) != 0)
				return EXIT_USAGE;
			break;
		case 't':
			if (parse_unsigned("--threads", optarg, 256, &f->so.threads) != 0)
				return EXIT_USAGE;
			break;
		case 'w':
			if (parse_unsigned("--write-batch", optarg, 4096, &f->write_batch) != 0)
				return EXIT_USAGE;
			break;
		case 'x': f->trust_proxy = true; break;
		case 'b':
			if (parse_base_url(optarg, f->base_url, sizeof f->base_url) != 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (strncmp(optarg, "smtp://", 7) != 0 && strncmp(optarg, "smtps://", 8) != 0)
				return usage_error("serve",
						   "--smtp needs smtp://HOST:PORT or smtps://HOST:PORT, not \"%s\"",
						   optarg);
			f->mail.url = optarg;
			break;
		case 'T': f->mail.require_tls = true; break;
		case 'f': f->mail.from = optarg; break;
		case 'C': f->mail.ca_file = optarg; break;
		case 'D':
			f->digest_off = strcmp(optarg, "off") == 0;
			if (!f->digest_off && parse_unsigned("--digest-hour", optarg, 23, &f->digest_hour) != 0)
				return EXIT_USAGE;
			break;
		case 'H':
			if (parse_unsigned("--header-timeout", optarg, 3600, &f->so.header_deadline_s) != 0)
				return EXIT_USAGE;
			if (!f->so.header_deadline_s)
				return usage_error("serve",
						   "--header-timeout needs a number of seconds from 1 to 3600");
			break;
		case 'm':
			if (parse_unsigned("--max-per-address", optarg, 100000, &f->so.max_per_address) != 0)
				return EXIT_USAGE;
			if (!f->so.max_per_address)
				return usage_error("serve", "--max-per-address needs a number from 1 to 100000");
			break;
		case 'M':
		case 'c':
		case 'y':
			if (parse_mail_limit(opt, optarg, f) != 0)
				return EXIT_USAGE;
			break;
		default: return bad_option("serve", argc, argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
	return EXIT_OK;
}

/* The flags that only make sense together, and the tests' cache setting; EXIT_OK, or the exit code of a usage error. */
static int
check_serve_flags(struct serve_flags *f)
{
	if ((f->mail.from || f->mail.require_tls || f->mail.ca_file) && !f->mail.url)
		return usage_error("serve", "--mail-from, --smtp-tls and --smtp-ca go with --smtp URL");
	if (f->mail.url && (!f->mail.from || mail_address_check(f->mail.from, &(struct error){0}) < 0))
		return usage_error("serve",
				   "--smtp needs --mail-from ADDRESS, the address caregrid's mail comes from");
	/* A link in a mail must not start with whatever a request's Host header said: a forged Host would send a
	 * password link to someone else's server. */
	if (f->mail.url && !f->base_url[0])
		return usage_error("serve",
				   "--smtp needs --base-url URL, the address people reach caregrid by: every link "
				   "in a mail starts with it");
	const char *cache_ms = getenv("CAREGRID_CACHE_MS"); /* tests only: change_clock.h */
	return cache_ms ? parse_unsigned("CAREGRID_CACHE_MS", cache_ms, 24 * 3600 * 1000, &f->cache_ms) : EXIT_OK;
}

/* What every signed-in request needs first, read before the server says it is ready: a connection for the
 * pool and the unit tree (tree_cache.c), the same for every viewer. Without this the first request after a
 * start paid both (the tree alone about 8 ms of the first regional grid's 25 on PostgreSQL). Nothing a viewer
 * is shown is computed here, and a failure only leaves the reading to the first request. */
static void
read_ahead(struct app *app)
{
	struct error err;
	struct store *s = store_pool_take(app->pool, &err);
	const struct unit_tree *tree = s ? tree_cache_get(app->trees, s, &err) : NULL;
	if (!tree)
		fprintf(stderr, "caregrid: serve: the unit tree is read by the first request instead: %s\n", err.msg);
	tree_cache_release(app->trees, tree);
	store_pool_give(app->pool, s, s && !tree);
}

/* Stops the writer (writer_stop), then says how the writes were shared out: an operator (and
 * bench/submissions) sees whether batches formed, and how often one had to run again job by job. */
static void
stop_writer(struct writer *w)
{
	writer_stop(w);
	if (!w)
		return;
	struct writer_stats ws;
	writer_stats(w, &ws);
	printf("caregrid: the writer ran %llu jobs in %llu batches (the largest %llu), %llu of them again one "
	       "job at a time\n",
	       ws.jobs, ws.batches, ws.largest_batch, ws.careful);
	fflush(stdout);
}

int
cmd_serve(int argc, char **argv)
{
	struct serve_flags f = {.db = default_db(), .so = {.listen = "127.0.0.1", .port = 8080},
				.write_batch = WRITE_BATCH_DEFAULT, .digest_hour = 7,
				.mail = {.user = getenv("CAREGRID_SMTP_USER"),
					 .password = getenv("CAREGRID_SMTP_PASSWORD")}};
	int code = parse_serve_flags(argc, argv, &f);
	if (code == EXIT_OK)
		code = check_serve_flags(&f);
	if (code != EXIT_OK)
		return code;
	const char *db = f.db, *dir = f.dir;
	struct server_options so = f.so;
	struct mail_config mail = f.mail;
	const char *base_url = f.base_url;
	/* Check the database before listening: a missing or too-new database is a clear error, not a 500. */
	struct store *s;
	struct error err;
	if (store_open(&s, db, STORE_OPEN_EXISTING, &err) < 0) {
		fprintf(stderr, "caregrid: serve: %s\n", err.msg);
		return EXIT_FAILED;
	}
	store_close(s);
	struct catalog *cat = load_catalog(dir, db);
	if (!cat)
		return EXIT_FAILED;

	/* Block the stop signals in every thread (the server's threads inherit this mask) and wait for them
	 * here, so that stopping runs in ordinary code rather than in a signal handler. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Keep up to 16 MB of freed memory per malloc arena instead of handing it back after every request: the
	 * give-back (madvise) cost 7% of the writer's time under 64 concurrent submissions, and 13% of the rate. */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);

	struct change_clock changes = {.reuse_ms = f.cache_ms};
	struct app app = {.catalog = cat, .db_path = db, .pool = store_pool_new(db), .changes = &changes,
			  .trees = tree_cache_new(&changes), .regions = region_cache_new(),
			  .sessions = session_cache_new(&changes), .mail_limits = f.limits,
			  .trust_proxy = f.trust_proxy, .base_url = base_url[0] ? base_url : NULL};
	char *instruments_json = api_instruments_list_text(cat);
	app.instruments_json = instruments_json;
	catalog_population_bounds(cat, &app.population_min, &app.population_max, app.population_items,
				  sizeof app.population_items);
	read_ahead(&app);
	struct server *srv;
	if (start_background(&app, f.write_batch, &mail, f.digest_off ? -1 : (int)f.digest_hour, &err) < 0 ||
	    server_start(&srv, &app, &so, &err) < 0) {
		fprintf(stderr, "caregrid: serve: %s\n", err.msg);
		free_app(&app);
		free(instruments_json);
		catalog_free(cat);
		return EXIT_FAILED;
	}
	const char *host = so.listen;
	bool v6 = strchr(host, ':') != NULL;
	printf("caregrid: serving %s at http://%s%s%s:%u/ (Ctrl-C stops)\n", db, v6 ? "[" : "", host, v6 ? "]" : "",
	       server_port(srv));
	if (mail.url)
		printf("caregrid: mail goes out through %s from %s\n", mail.url, mail.from);
	fflush(stdout);

	int sig = 0;
	sigwait(&stop, &sig);
	printf("caregrid: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	/* The writer first: it finishes what is queued and resumes those connections; requests after that are
	 * told the server is stopping. Then the server, then the writer's memory. */
	stop_writer(app.writer);
	server_stop(srv);
	free_app(&app);
	free(instruments_json);
	catalog_free(cat);
	return EXIT_OK;
}
