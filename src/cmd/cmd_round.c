/*
 * cmd_round.c - caregrid round create|list|close|reopen|repeat|headcount|invite|invitations|revoke: running assessment
 * rounds from
 * the command line. Invitation links are printed as CSV (label,link) for the operator's own mail tooling;
 * a personal link is shown only once, as caregrid keeps nothing that could rebuild it.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/invitees.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/round_open.h"
#include "domain/schedule.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "lib/strvec.h"
#include "store/store.h"

struct round_args {
	const char *db, *unit, *instrument, *title, *opens, *closes, *mode, *energy, *base_url, *for_list, *for_file,
		*repeat;
	long version, personal, headcount;
	bool json, shared;
};

static int
parse_args(const char *sub, int argc, char **argv, struct round_args *a, int *first_positional)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},	     {"unit", required_argument, NULL, 'u'},
		{"instrument", required_argument, NULL, 'i'}, {"version", required_argument, NULL, 'v'},
		{"title", required_argument, NULL, 't'},      {"opens", required_argument, NULL, 'o'},
		{"closes", required_argument, NULL, 'c'},     {"mode", required_argument, NULL, 'm'},
		{"energy", required_argument, NULL, 'e'},     {"json", no_argument, NULL, 'j'},
		{"personal", required_argument, NULL, 'p'},   {"shared", no_argument, NULL, 's'},
		{"for", required_argument, NULL, 'f'},	     {"for-file", required_argument, NULL, 'F'},
		{"base-url", required_argument, NULL, 'b'},   {"repeat", required_argument, NULL, 'r'},
		{"headcount", required_argument, NULL, 'H'},  {NULL, 0, NULL, 0},
	};
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'd': a->db = optarg; break;
		case 'u': a->unit = optarg; break;
		case 'i': a->instrument = optarg; break;
		case 't': a->title = optarg; break;
		case 'o': a->opens = optarg; break;
		case 'c': a->closes = optarg; break;
		case 'm': a->mode = optarg; break;
		case 'e': a->energy = optarg; break;
		case 'j': a->json = true; break;
		case 's': a->shared = true; break;
		case 'f': a->for_list = optarg; break;
		case 'F': a->for_file = optarg; break;
		case 'b': a->base_url = optarg; break;
		case 'r': a->repeat = optarg; break;
		case 'v':
			a->version = strtol(optarg, &end, 10);
			if (*end || a->version < 1)
				return usage_error("round", "%s: --version needs a whole number from 1", sub);
			break;
		case 'H':
			a->headcount = strtol(optarg, &end, 10);
			if (*end || a->headcount < 1 || a->headcount > HEADCOUNT_MAX)
				return usage_error(
					"round", "%s: --headcount needs how many people the round is for, from 1 to %d",
					sub, HEADCOUNT_MAX);
			break;
		case 'p':
			a->personal = strtol(optarg, &end, 10);
			if (*end || a->personal < 1 || a->personal > 5000)
				return usage_error("round", "%s: --personal needs a number of links from 1 to 5000",
						   sub);
			break;
		default: return bad_option("round", argc, argv, opt);
		}
	}
	*first_positional = optind;
	/* What is stored or mailed is checked as the web checks it: a title that is not UTF-8 would reach every
	 * invitation's subject. */
	if (check_text_arg("round", "--title", a->title, ROUND_TITLE_MAX) ||
	    check_text_arg("round", "--unit", a->unit, UNIT_CODE_MAX) ||
	    check_text_arg("round", "--for", a->for_list, 0) ||
	    check_text_arg("round", "--base-url", a->base_url, 2000))
		return EXIT_USAGE;
	return 0;
}

static int
fail(const struct error *err)
{
	fprintf(stderr, "caregrid: round: %s\n", err->msg);
	return EXIT_FAILED;
}

static int64_t
parse_id(const char *text)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	return *text && !*end && v > 0 ? (int64_t)v : 0;
}

static int
create(struct store *s, struct unit_tree *tree, struct round_args *a)
{
	if (!a->unit || !a->instrument || !a->title || !a->opens || !a->closes)
		return usage_error("round", "create needs --unit, --instrument, --title, --opens and --closes");
	const struct unit *u = unit_by_code(tree, a->unit);
	if (!u) {
		fprintf(stderr, "caregrid: round: no unit \"%s\"\n", a->unit);
		return EXIT_FAILED;
	}
	struct catalog *cat = load_catalog(NULL, a->db);
	if (!cat)
		return EXIT_FAILED;
	int every = schedule_parse(a->repeat);
	if (every < 0) {
		catalog_free(cat);
		return usage_error("round", "create: --repeat is monthly, quarterly or never, not \"%s\"", a->repeat);
	}
	const struct instrument *ins = catalog_find(cat, a->instrument, a->version);
	int rc = EXIT_FAILED;
	struct error err;
	int64_t id;
	if (!ins) {
		fprintf(stderr, "caregrid: round: no instrument \"%s\"%s (caregrid instruments lists them)\n",
			a->instrument, a->version ? " of that version" : "");
	} else if (round_open(s, &actor_cli, u,
			      &(const struct round_spec){.title = a->title,
							 .ins = ins,
							 .mode = a->mode,
							 .energy = a->energy,
							 .opens_on = a->opens,
							 .closes_on = a->closes,
							 .every_months = every,
							 .headcount = a->headcount},
			      &id, &err) < 0) {
		fail(&err);
	} else {
		printf("round %lld created for %s on %s version %ld%s%s\n", (long long)id, u->code, ins->id,
		       ins->version, every ? ", repeating " : "", every ? schedule_words(every) : "");
		rc = EXIT_OK;
	}
	catalog_free(cat);
	return rc;
}

struct list_ctx {
	struct store *s;
	const struct unit_tree *tree;
	json_t *json;
	char today[11];
};

static int
list_one(void *vctx, const struct round *r)
{
	struct list_ctx *c = vctx;
	const struct unit *u = unit_by_id(c->tree, r->unit_id);
	long submitted = 0;
	struct error err;
	round_counts(c->s, r->id, &submitted, &err);
	const char *status = round_status(r, c->today);
	if (c->json) {
		json_t *o =
			json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)r->id, "unit",
				  u ? u->code : "?", "title", r->title, "instrument", r->instrument_id, "version",
				  (json_int_t)r->instrument_version, "mode", r->mode, "opens_on", r->opens_on,
				  "closes_on", r->closes_on, "status", status, "responses", (json_int_t)submitted);
		json_object_set_new(o, "headcount", r->headcount ? json_integer(r->headcount) : json_null());
		json_array_append_new(c->json, o);
	} else {
		/* FOR: how many people the round is for (its headcount), "-" when it has not said. */
		char for_n[24] = "-";
		if (r->headcount)
			snprintf(for_n, sizeof for_n, "%ld", r->headcount);
		printf("%-5lld %-10s %-8s %s..%s  %-22s %4ld %4s  %s\n", (long long)r->id, u ? u->code : "?", status,
		       r->opens_on, r->closes_on, r->instrument_id, submitted, for_n, r->title);
	}
	return 0;
}

static int
list(struct store *s, struct unit_tree *tree, struct round_args *a)
{
	const struct unit *u = NULL;
	if (a->unit && !(u = unit_by_code(tree, a->unit))) {
		fprintf(stderr, "caregrid: round: no unit \"%s\"\n", a->unit);
		return EXIT_FAILED;
	}
	struct list_ctx c = {s, tree, a->json ? json_array() : NULL, ""};
	today(c.today);
	struct error err;
	if (!a->json)
		printf("%-5s %-10s %-8s %-22s %-22s %4s %4s  %s\n", "ID", "UNIT", "STATUS", "DATES", "INSTRUMENT",
		       "RESP", "FOR", "TITLE");
	if (rounds_each(s, u ? u->id : 0, list_one, &c, &err) < 0) {
		json_decref(c.json);
		return fail(&err);
	}
	if (a->json) {
		json_dumpf(c.json, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(c.json);
	}
	return EXIT_OK;
}

static int
load_round(struct store *s, const char *id_text, struct round *r)
{
	int64_t id = parse_id(id_text);
	struct error err;
	int found = id ? round_get(s, id, r, &err) : 0;
	if (found < 0)
		return fail(&err);
	if (!found) {
		fprintf(stderr, "caregrid: round: no round \"%s\"\n", id_text);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static int
close_round(struct store *s, struct unit_tree *tree, struct round *r)
{
	struct error err;
	const struct unit *u = unit_by_id(tree, r->unit_id);
	if (round_close(s, &actor_cli, r, u ? u->code : "", &err) < 0)
		return fail(&err);
	printf("round %lld closed\n", (long long)r->id);
	return EXIT_OK;
}

static int
reopen_round(struct store *s, struct unit_tree *tree, struct round *r)
{
	struct error err;
	const struct unit *u = unit_by_id(tree, r->unit_id);
	if (round_reopen(s, &actor_cli, r, u ? u->code : "", &err) < 0)
		return fail(&err);
	printf("round %lld reopened: it takes answers until %s\n", (long long)r->id, r->closes_on);
	return EXIT_OK;
}

static int
repeat_round(struct store *s, struct unit_tree *tree, struct round *r, const char *every_s)
{
	int every = schedule_parse(every_s);
	if (every < 0)
		return usage_error("round", "repeat: \"%s\" is not monthly, quarterly or never", every_s);
	struct error err;
	const struct unit *u = unit_by_id(tree, r->unit_id);
	struct round_schedule sched;
	char day[11];
	today(day);
	if (!u || round_repeat_set(s, &actor_cli, u, r, every, &err) < 0 || round_get(s, r->id, r, &err) <= 0 ||
	    round_schedule_get(s, r, day, &sched, &err) < 0)
		return u ? fail(&err) : EXIT_FAILED;
	if (every)
		printf("round %lld repeats %s: the next opens on %s (a running server opens it)\n", (long long)r->id,
		       schedule_words(every), sched.next_opens_on);
	else
		printf("round %lld no longer repeats\n", (long long)r->id);
	return EXIT_OK;
}

/* How many people R is for: its shared links take no more answers than that. */
static int
headcount_round(struct store *s, struct unit_tree *tree, struct round *r, const char *n_text)
{
	char *end;
	long n = strtol(n_text, &end, 10);
	if (*end || n < 1 || n > HEADCOUNT_MAX)
		return usage_error("round", "headcount: \"%s\" is not a number of people from 1 to %d", n_text,
				   HEADCOUNT_MAX);
	struct error err;
	const struct unit *u = unit_by_id(tree, r->unit_id);
	if (round_headcount_set(s, &actor_cli, r, u ? u->code : "", n, &err) < 0)
		return fail(&err);
	printf("round %lld is for %ld %s: its shared links take no more answers than that\n", (long long)r->id, n,
	       n == 1 ? "person" : "people");
	return EXIT_OK;
}

static void
print_link(const struct round_args *a, const char *label, const char *token)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const char *s = label;
	if (strpbrk(s, ",\"\n")) {
		buf_putc(&b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_putc(&b, '"');
			buf_putc(&b, *s);
		}
		buf_putc(&b, '"');
	} else {
		buf_puts(&b, s);
	}
	const char *base = a->base_url ? a->base_url : "";
	size_t bl = strlen(base);
	printf("%s,%.*s/s/%s\n", b.data, (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl), base, token);
	buf_release(&b);
}

/* The file's entries read as the web's invitation box reads a paste (invitees.h): each new address a label;
 * one already invited to R, or repeated, left out (said on stderr); an entry with no '@' a name, kept as its
 * label. An entry that is a broken address stops everything before a link is made. */
static int
file_labels(struct store *s, const struct round *r, const char *path, struct strvec *labels)
{
	struct buf text = BUF_INIT;
	buf_init(&text, 1 << 20);
	if (buf_read_file(&text, path) < 0 || text.overflow) {
		fprintf(stderr, "caregrid: round: cannot read %s%s\n", path, text.overflow ? " (at most 1 MiB)" : "");
		buf_release(&text);
		return -1;
	}
	struct invitees iv = INVITEES_INIT;
	invitees_paste(&iv, text.data, 2000);
	buf_release(&text);
	struct error err;
	int rc = invitees_check_round(s, r->id, &iv, &err) < 0 ? (fail(&err), -1) : 0;
	for (size_t i = 0; rc == 0 && i < iv.n; i++) {
		const struct invitee *e = &iv.v[i];
		if (e->kind == INVITEE_INVALID && strchr(e->raw, '@')) {
			fprintf(stderr, "caregrid: round: %s: \"%s\": %s\n", path, e->raw,
				e->why ? e->why->msg : "not an email address");
			rc = -1;
		}
	}
	for (size_t i = 0; rc == 0 && i < iv.n; i++) {
		const struct invitee *e = &iv.v[i];
		if (e->kind == INVITEE_NEW || e->kind == INVITEE_INVALID)
			strvec_push(labels, e->kind == INVITEE_NEW ? e->address : e->raw);
		else
			fprintf(stderr, "caregrid: round: left out %s: %s\n", e->address,
				e->kind == INVITEE_INVITED ? "already invited" : "already in the file");
	}
	if (rc == 0 && iv.too_many)
		rc = -1, fprintf(stderr, "caregrid: round: %s: at most 2000 people at a time\n", path);
	invitees_release(&iv);
	return rc;
}

static int
invite(struct store *s, struct round *r, struct round_args *a)
{
	int kinds = (a->personal > 0) + (a->for_list != NULL) + (a->for_file != NULL) + a->shared;
	if (kinds != 1)
		return usage_error("round",
				   "invite needs one of --personal N, --for LABELS, --for-file FILE or --shared");
	struct strvec labels = STRVEC_INIT;
	if (a->for_list) {
		const char *p = a->for_list;
		while (*p) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			char one[256];
			snprintf(one, sizeof one, "%.*s", (int)(n < 255 ? n : 255), p);
			if (*one)
				strvec_push(&labels, one);
			p += n + (comma ? 1 : 0);
		}
	} else if (a->for_file) {
		if (file_labels(s, r, a->for_file, &labels) < 0) {
			strvec_clear(&labels);
			return EXIT_FAILED;
		}
	} else if (a->personal) {
		for (long i = 1; i <= a->personal; i++)
			strvec_pushf(&labels, "link %ld", i);
	}
	struct error err;
	char token[TOKEN_CHARS];
	int rc = EXIT_OK;
	printf("label,link\n");
	if (a->shared && a->headcount) {
		if (round_headcount_set(s, &actor_cli, r, "", a->headcount, &err) < 0)
			return fail(&err);
		r->headcount = a->headcount;
	}
	if (a->shared) {
		if (invitation_create(s, &actor_cli, r, "shared", "shared link", token, &err) < 0)
			rc = fail(&err);
		else
			print_link(a, "shared link", token);
	}
	for (size_t i = 0; i < labels.n && rc == EXIT_OK; i++) {
		if (invitation_create(s, &actor_cli, r, "personal", labels.v[i], token, &err) < 0)
			rc = fail(&err);
		else
			print_link(a, labels.v[i], token);
	}
	strvec_clear(&labels);
	return rc;
}

static int
print_invitation(void *ctx, const struct invitation *inv)
{
	(void)ctx;
	printf("%-6lld %-8s %-9s %s\n", (long long)inv->id, inv->kind, inv->revoked ? "revoked" : "live",
	       inv->label ? inv->label : "");
	return 0;
}

/* The links: never which answered, nor how many (with one person invited by mail, a count would say). */
static int
invitations(struct store *s, const struct round *r)
{
	struct error err;
	if (invitations_each(s, r->id, print_invitation, NULL, &err) < 0)
		return fail(&err);
	printf("(which links answered, or how many, is never shown)\n");
	return EXIT_OK;
}

int
cmd_round(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(
			"round",
			"needs a subcommand: create, list, close, reopen, repeat, headcount, invite, invitations or "
			"revoke");
	const char *sub = argv[1];
	struct round_args a = {.db = default_db()};
	int pos = 0;
	int rc = parse_args(sub, argc - 1, argv + 1, &a, &pos);
	if (rc)
		return rc;
	char **rest = argv + 1 + pos;
	int n_rest = argc - 1 - pos;
	bool needs_round = !strcmp(sub, "close") || !strcmp(sub, "reopen") || !strcmp(sub, "invite") ||
			   !strcmp(sub, "invitations") || !strcmp(sub, "revoke") || !strcmp(sub, "repeat") ||
			   !strcmp(sub, "headcount");
	if (strcmp(sub, "create") && strcmp(sub, "list") && !needs_round)
		return usage_error("round", "unknown subcommand \"%s\"", sub);
	bool two = strcmp(sub, "revoke") == 0 || strcmp(sub, "repeat") == 0 || strcmp(sub, "headcount") == 0;
	if (needs_round && n_rest != (two ? 2 : 1))
		return usage_error("round", "%s needs the round's id%s", sub,
				   strcmp(sub, "revoke") == 0	   ? " and the invitation's"
				   : strcmp(sub, "headcount") == 0 ? " and how many people it is for"
				   : two			   ? " and monthly, quarterly or never"
								   : "");
	if (!needs_round && n_rest)
		return usage_error("round", "unexpected argument \"%s\"", rest[0]);

	struct unit_tree tree;
	struct store *s = open_store_tree("round", a.db, &tree);
	if (!s)
		return EXIT_FAILED;
	struct round r;
	struct error err;
	if (!strcmp(sub, "create"))
		rc = create(s, &tree, &a);
	else if (!strcmp(sub, "list"))
		rc = list(s, &tree, &a);
	else if ((rc = load_round(s, rest[0], &r)) == EXIT_OK) {
		if (!strcmp(sub, "close"))
			rc = close_round(s, &tree, &r);
		else if (!strcmp(sub, "reopen"))
			rc = reopen_round(s, &tree, &r);
		else if (!strcmp(sub, "repeat"))
			rc = repeat_round(s, &tree, &r, rest[1]);
		else if (!strcmp(sub, "headcount"))
			rc = headcount_round(s, &tree, &r, rest[1]);
		else if (!strcmp(sub, "invite"))
			rc = invite(s, &r, &a);
		else if (!strcmp(sub, "invitations"))
			rc = invitations(s, &r);
		else {
			int64_t inv = parse_id(rest[1]);
			if (!inv || invitation_revoke(s, &actor_cli, &r, inv, &err) < 0)
				rc = inv ? fail(&err)
					 : usage_error("round", "revoke: \"%s\" is not an invitation id", rest[1]);
			else
				printf("invitation %lld revoked\n", (long long)inv);
		}
	}
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
