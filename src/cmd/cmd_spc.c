/*
 * cmd_spc.c - caregrid spc [options] FILE.csv: an XmR chart (or a run chart) of a series, as JSON, for
 * checking caregrid's SPC against the reference package. The CSV has the header date,value (dates
 * increasing) or the single column value; an empty value is missing; "-" reads standard input.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/improve.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/xalloc.h"
#include "stats/spc.h"

static json_t *
num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static int
read_all(const char *path, struct buf *b)
{
	if (strcmp(path, "-") != 0)
		return buf_read_file(b, path);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_add(b, chunk, n);
	return b->overflow ? -1 : 0;
}

/* Parses "3,10,20" (1-based rows) into sorted 0-based indexes; -1 on a bad list. */
static int
parse_rebase(const char *text, size_t **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	size_t cap = 0;
	for (const char *p = text; *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || (*end && *end != ','))
			return -1;
		*out = xgrow(*out, sizeof **out, *n + 1, &cap);
		(*out)[(*n)++] = (size_t)(v - 1);
		p = *end ? end + 1 : end;
	}
	return *n ? 0 : -1;
}

/* The command line into o, run and rebase (which o->rebase points into); EXIT_OK, or the exit code of a usage
 * error. */
static int
parse_spc_flags(int argc, char **argv, struct spc_options *o, bool *run, size_t **rebase)
{
	static const struct option opts[] = {
		{"chart", required_argument, NULL, 'c'},   {"improve", required_argument, NULL, 'i'},
		{"target", required_argument, NULL, 't'},  {"baseline", required_argument, NULL, 'b'},
		{"rebase", required_argument, NULL, 'r'},  {"no-screen", no_argument, NULL, 'n'},
		{"shift", required_argument, NULL, 's'},   {"trend", required_argument, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char *end;
		long v;
		switch (opt) {
		case 'c':
			if (strcmp(optarg, "run") != 0 && strcmp(optarg, "xmr") != 0)
				return usage_error("spc", "--chart is xmr or run, not \"%s\"", optarg);
			*run = strcmp(optarg, "run") == 0;
			break;
		case 'i':
			if (strcmp(optarg, "up") == 0)
				o->improve = SPC_UP;
			else if (strcmp(optarg, "down") == 0)
				o->improve = SPC_DOWN;
			else if (strcmp(optarg, "neither") == 0)
				o->improve = SPC_NEITHER;
			else
				return usage_error("spc", "--improve is up, down or neither, not \"%s\"", optarg);
			break;
		case 't':
			v = measure_number(optarg, &o->target);
			if (v == -1)
				return usage_error("spc", "--target needs a number, not \"%s\"", optarg);
			if (v == -2)
				return usage_error("spc", "--target %.40s is outside the bound of a measure: %s",
						   optarg, "from -1e12 to 1e12");
			o->has_target = true;
			break;
		case 'b': case 's': case 'T':
			v = strtol(optarg, &end, 10);
			if (*end || v < 1)
				return usage_error("spc", "%s needs a whole number, not \"%s\"", argv[optind - 1],
						   optarg);
			if (opt == 'b')
				o->baseline = (size_t)v;
			else if (opt == 's')
				o->shift_length = (size_t)v;
			else
				o->trend_length = (size_t)v;
			break;
		case 'r':
			free(*rebase);
			if (parse_rebase(optarg, rebase, &o->n_rebase) < 0) {
				free(*rebase);
				return usage_error("spc", "--rebase needs row numbers like 13,25, not \"%s\"", optarg);
			}
			o->rebase = *rebase;
			break;
		case 'n': o->screen = false; break;
		default: free(*rebase); return bad_option("spc", argc, argv, opt);
		}
	}
	if (argc - optind != 1) {
		free(*rebase);
		return usage_error("spc", "needs one FILE.csv (or - for standard input)");
	}
	return EXIT_OK;
}

static void
find_columns(const struct strvec *fields, int *dcol, int *vcol)
{
	for (size_t i = 0; i < fields->n; i++) {
		if (strcmp(fields->v[i], "date") == 0)
			*dcol = (int)i;
		else if (strcmp(fields->v[i], "value") == 0)
			*vcol = (int)i;
	}
}

/* Row LINE's value into *V (NaN when empty), its date pushed onto DATES with a date column; -1 having said
 * what is wrong with it. */
static int
read_row(const char *path, size_t line, const struct strvec *fields, int vcol, int dcol, struct strvec *dates,
	 double *v)
{
	const char *vt = fields->v[vcol];
	*v = NAN;
	if (*vt) {
		int got = measure_number(vt, v);
		if (got == -1) {
			fprintf(stderr, "%s: row %zu, column %d (value): \"%s\" is not a number\n", path, line,
				vcol + 1, vt);
			return -1;
		}
		if (got == -2) { /* the bound of a measure's value, as every other way in */
			fprintf(stderr, "%s: row %zu, column %d (value): %.40s is outside the bound of a measure: from "
				"-1e12 to 1e12\n", path, line, vcol + 1, vt);
			return -1;
		}
	}
	if (dcol < 0)
		return 0;
	const char *d = fields->v[dcol];
	if (!valid_date(d)) {
		fprintf(stderr, "%s: row %zu, column %d (date): \"%s\" is not a date as YYYY-MM-DD\n", path, line,
			dcol + 1, d);
		return -1;
	}
	if (dates->n && strcmp(d, dates->v[dates->n - 1]) <= 0) {
		fprintf(stderr, "%s: row %zu, column %d (date): %s %s the row before (%s): dates must increase\n", path,
			line, dcol + 1, d, strcmp(d, dates->v[dates->n - 1]) == 0 ? "repeats" : "comes before",
			dates->v[dates->n - 1]);
		return -1;
	}
	strvec_push(dates, d);
	return 0;
}

/* The series in the CSV file at path: values, n of them, and their dates with dcol >= 0 if it has a date
 * column; -1 having said what is wrong. */
static int
read_series(const char *path, double **values_out, size_t *n_out, struct strvec *dates, int *dcol_out)
{
	struct buf text = BUF_INIT;
	buf_init(&text, 64 * 1024 * 1024);
	struct strvec fields = STRVEC_INIT;
	double *values = NULL;
	size_t n = 0, cap = 0, line;
	int rc = -1;
	struct error err;
	struct csv_reader rd;
	int dcol = -1;
	if (read_all(path, &text) < 0) {
		fprintf(stderr, "caregrid: spc: cannot read %s\n", path);
		goto out;
	}
	csv_init(&rd, text.data, text.len);
	if (csv_next(&rd, &fields, &line, &err) <= 0) {
		fprintf(stderr, "%s: empty: it needs the header date,value or value\n", path);
		goto out;
	}
	int vcol = -1;
	find_columns(&fields, &dcol, &vcol);
	if (vcol < 0) {
		fprintf(stderr, "%s: row 1: the header needs a \"value\" column (date,value or value)\n", path);
		goto out;
	}
	bool bad = false;
	int got;
	while ((got = csv_next(&rd, &fields, &line, &err)) == 1) {
		if ((size_t)vcol >= fields.n || (dcol >= 0 && (size_t)dcol >= fields.n)) {
			fprintf(stderr, "%s: row %zu: too few fields\n", path, line);
			bad = true;
			continue;
		}
		double v;
		if (read_row(path, line, &fields, vcol, dcol, dates, &v) < 0) {
			bad = true;
			continue;
		}
		values = xgrow(values, sizeof *values, n + 1, &cap);
		values[n++] = v;
	}
	if (got < 0) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		goto out;
	}
	if (!bad)
		rc = 0;
out:
	*values_out = values;
	*n_out = n;
	*dcol_out = dcol;
	strvec_clear(&fields);
	buf_release(&text);
	return rc;
}

static json_t *
run_chart_json(const double *values, size_t n)
{
	json_t *doc;
	struct spc_run r = spc_run_chart(values, n);
	doc = json_pack("{s:s, s:I}", "chart", "run", "n", (json_int_t)r.n);
	json_object_set_new(doc, "median", num(r.median));
	json_object_set_new(doc, "n_useful", json_integer((json_int_t)r.n_useful));
	json_object_set_new(doc, "longest_run", r.has_runs ? json_integer((json_int_t)r.longest_run) : json_null());
	json_object_set_new(doc, "longest_run_max",
			    r.has_runs ? json_integer((json_int_t)r.longest_run_max) : json_null());
	json_object_set_new(doc, "crossings", r.has_runs ? json_integer((json_int_t)r.crossings) : json_null());
	json_object_set_new(doc, "crossings_min", r.has_runs ? json_integer((json_int_t)r.crossings_min) : json_null());
	json_object_set_new(doc, "signal", json_boolean(r.signal));
	return doc;
}

/* The XmR chart as JSON; NULL having said why the options do not fit the series. */
static json_t *
xmr_chart_json(const double *values, size_t n, const struct spc_options *o, const struct strvec *dates, int dcol)
{
	json_t *doc;
	struct spc_result r;
	char msg[200];
	if (spc_xmr(values, n, o, &r, msg, sizeof msg) < 0) {
		fprintf(stderr, "caregrid: spc: %s\n", msg);
		return NULL;
	}
	json_t *segs = json_array(), *pts = json_array();
	for (size_t k = 0; k < r.n_segments; k++) {
		const struct spc_segment *s = &r.segments[k];
		json_t *so = json_pack("{s:I, s:I}", "first", (json_int_t)s->first + 1, "n", (json_int_t)s->n);
		json_object_set_new(so, "mean", num(s->mean));
		json_object_set_new(so, "amr", num(s->amr));
		json_object_set_new(so, "lpl", num(s->lpl));
		json_object_set_new(so, "upl", num(s->upl));
		json_array_append_new(segs, so);
	}
	for (size_t i = 0; i < n; i++) {
		const struct spc_point *p = &r.points[i];
		json_t *po = json_object(), *rules = json_array();
		json_object_set_new(po, "date", dcol >= 0 ? json_string(dates->v[i]) : json_null());
		json_object_set_new(po, "value", num(p->value));
		json_object_set_new(po, "moving_range", num(p->moving_range));
		for (unsigned bit = SPC_OUTSIDE_LIMITS; bit <= SPC_SHIFT; bit <<= 1)
			if (p->rules & bit)
				json_array_append_new(rules, json_string(spc_rule_name((enum spc_rule)bit)));
		json_object_set_new(po, "rules", rules);
		json_object_set_new(po, "point_type",
				    p->type == SPC_NO_VALUE ? json_null() : json_string(spc_point_type_name(p->type)));
		json_array_append_new(pts, po);
	}
	doc = json_pack("{s:s, s:I, s:o, s:o}", "chart", "xmr", "n", (json_int_t)n, "segments", segs, "points", pts);
	json_object_set_new(doc, "variation",
			    r.variation == VAR_NONE ? json_null() : json_string(spc_variation_name(r.variation)));
	json_object_set_new(doc, "assurance", json_string(spc_assurance_name(r.assurance)));
	spc_release(&r);
	return doc;
}

int
cmd_spc(int argc, char **argv)
{
	struct spc_options o;
	spc_options_default(&o);
	bool run = false;
	size_t *rebase = NULL;
	int code = parse_spc_flags(argc, argv, &o, &run, &rebase);
	if (code != EXIT_OK)
		return code;
	const char *path = argv[optind];
	struct strvec dates = STRVEC_INIT;
	double *values = NULL;
	size_t n = 0;
	int dcol = -1, rc = EXIT_FAILED;
	if (read_series(path, &values, &n, &dates, &dcol) < 0)
		goto out;
	json_t *doc;
	if (run) {
		doc = run_chart_json(values, n);
	} else {
		doc = xmr_chart_json(values, n, &o, &dates, dcol);
		if (!doc) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	putchar('\n');
	json_decref(doc);
	rc = EXIT_OK;
out:
	free(values);
	free(rebase);
	strvec_clear(&dates);
	return rc;
}
