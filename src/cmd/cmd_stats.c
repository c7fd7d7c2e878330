/*
 * cmd_stats.c - caregrid stats agreement --levels A FILE.csv: agreement statistics for researchers and for
 * checking caregrid against other tools. Reads long-form CSV (header rater,item,score; an empty score is
 * missing) and prints JSON: per item n, mean, median, sd and rwg, then rwg(j) and Krippendorff's alpha
 * (interval and ordinal). Items keep the order they are first seen in; undefined values are null.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/xalloc.h"
#include "stats/agreement.h"

static json_t *
number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static size_t
intern(struct strvec *names, const char *name)
{
	for (size_t i = 0; i < names->n; i++)
		if (strcmp(names->v[i], name) == 0)
			return i;
	strvec_push(names, name);
	return names->n - 1;
}

struct obs {
	size_t rater, item, line;
	double score; /* NAN: missing */
};

/* The whole file in memory, from stdin for "-"; -1 if unreadable or over the cap. */
static int
read_input(const char *path, struct buf *text)
{
	buf_init(text, 256 * 1024 * 1024);
	FILE *in = strcmp(path, "-") == 0 ? stdin : NULL;
	int read_rc = 0;
	if (in) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
			buf_add(text, chunk, n);
	} else {
		read_rc = buf_read_file(text, path);
	}
	return read_rc < 0 || text->overflow ? -1 : 0;
}

/* The rater, item and score columns from the header row into col; 1, or 0 having said what is wrong. */
static int
read_header(const char *path, struct csv_reader *rd, struct strvec *fields, int col[3])
{
	static const char *const names[3] = {"rater", "item", "score"};
	size_t line;
	struct error err;
	int got = csv_next(rd, fields, &line, &err);
	if (got <= 0) {
		fprintf(stderr, "%s: %s\n", path,
			got < 0 ? err.msg : "empty file: it needs the header rater,item,score");
		return 0;
	}
	for (size_t i = 0; i < fields->n; i++)
		for (int c = 0; c < 3; c++)
			if (strcmp(fields->v[i], names[c]) == 0)
				col[c] = (int)i;
	for (int c = 0; c < 3; c++)
		if (col[c] < 0) {
			fprintf(stderr, "%s: row 1: the header needs a \"%s\" column (rater,item,score)\n", path,
				names[c]);
			return 0;
		}
	return 1;
}

/* Each observation into its item-by-rater cell; true, having named them, if a rater scored an item twice. */
static bool
fill_matrix(const char *path, const struct obs *obs, size_t n_obs, const struct strvec *raters,
	    const struct strvec *items, double *matrix, size_t *seen_line)
{
	size_t R = raters->n;
	bool bad = false;
	for (size_t k = 0; k < n_obs; k++) {
		size_t at = obs[k].item * R + obs[k].rater;
		if (seen_line[at]) {
			fprintf(stderr, "%s: row %zu: rater \"%s\" rated item \"%s\" already on row %zu\n", path,
				obs[k].line, raters->v[obs[k].rater], items->v[obs[k].item], seen_line[at]);
			bad = true;
		}
		seen_line[at] = obs[k].line;
		matrix[at] = obs[k].score;
	}
	return bad;
}

/* The JSON document on stdout, from the item-by-rater matrix (NAN: missing). */
static void
print_agreement(const double *matrix, const struct strvec *items, size_t R, int levels)
{
	size_t I = items->n;
	json_t *list = json_array();
	double *scores = xmalloc((R ? R : 1) * sizeof *scores), *vars = xmalloc((I ? I : 1) * sizeof *vars);
	for (size_t i = 0; i < I; i++) {
		size_t n = 0;
		for (size_t r = 0; r < R; r++)
			if (!isnan(matrix[i * R + r]))
				scores[n++] = matrix[i * R + r];
		struct item_stats st = agreement_item(scores, n, levels);
		vars[i] = st.var;
		json_t *o = json_object();
		json_object_set_new(o, "item", json_string(items->v[i]));
		json_object_set_new(o, "n", json_integer((json_int_t)st.n));
		json_object_set_new(o, "mean", number_or_null(st.mean));
		json_object_set_new(o, "median", number_or_null(st.median));
		json_object_set_new(o, "sd", number_or_null(st.sd));
		json_object_set_new(o, "rwg", number_or_null(st.rwg));
		json_array_append_new(list, o);
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "items", list);
	json_object_set_new(doc, "rwg_j", number_or_null(agreement_rwg_j(vars, I, levels)));
	json_object_set_new(doc, "alpha_interval", number_or_null(agreement_alpha(matrix, I, R, ALPHA_INTERVAL)));
	json_object_set_new(doc, "alpha_ordinal", number_or_null(agreement_alpha(matrix, I, R, ALPHA_ORDINAL)));
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	putchar('\n');
	json_decref(doc);
	free(scores);
	free(vars);
}

static int
agreement(const char *path, int levels)
{
	struct buf text = BUF_INIT;
	if (read_input(path, &text) < 0) {
		fprintf(stderr, "caregrid: stats: cannot read %s\n", path);
		buf_release(&text);
		return EXIT_FAILED;
	}
	struct csv_reader rd;
	csv_init(&rd, text.data, text.len);
	struct strvec fields = STRVEC_INIT, raters = STRVEC_INIT, items = STRVEC_INIT;
	struct obs *obs = NULL;
	size_t n_obs = 0, cap = 0, line;
	struct error err;
	int rc = EXIT_FAILED, col[3] = {-1, -1, -1};

	int got = read_header(path, &rd, &fields, col);
	if (got <= 0)
		goto out;
	int max_col = col[0] > col[1] ? col[0] : col[1];
	max_col = max_col > col[2] ? max_col : col[2];
	bool bad = false;
	while ((got = csv_next(&rd, &fields, &line, &err)) == 1) {
		if (fields.n <= (size_t)max_col) {
			fprintf(stderr, "%s: row %zu: %zu fields, expected rater,item,score\n", path, line, fields.n);
			bad = true;
			continue;
		}
		const char *rater = fields.v[col[0]], *item = fields.v[col[1]], *score = fields.v[col[2]];
		if (!*rater || !*item) {
			fprintf(stderr, "%s: row %zu: the %s is empty\n", path, line, *rater ? "item" : "rater");
			bad = true;
			continue;
		}
		double v = NAN;
		if (*score) {
			char *end;
			v = strtod(score, &end);
			if (*end || !isfinite(v)) {
				fprintf(stderr, "%s: row %zu, column %d (score): \"%s\" is not a number\n", path, line,
					col[2] + 1, score);
				bad = true;
				continue;
			}
		}
		obs = xgrow(obs, sizeof *obs, n_obs + 1, &cap);
		obs[n_obs++] = (struct obs){intern(&raters, rater), intern(&items, item), line, v};
	}
	if (got < 0) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		goto out;
	}
	if (bad)
		goto out;

	size_t R = raters.n, I = items.n, cells = I * R;
	double *matrix = xmalloc((cells ? cells : 1) * sizeof *matrix);
	size_t *seen_line = xcalloc(cells ? cells : 1, sizeof *seen_line);
	for (size_t i = 0; i < I * R; i++)
		matrix[i] = NAN;
	bad = fill_matrix(path, obs, n_obs, &raters, &items, matrix, seen_line);
	if (!bad) {
		print_agreement(matrix, &items, R, levels);
		rc = EXIT_OK;
	}
	free(matrix);
	free(seen_line);
out:
	free(obs);
	strvec_clear(&fields);
	strvec_clear(&raters);
	strvec_clear(&items);
	buf_release(&text);
	return rc;
}

int
cmd_stats(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "agreement") != 0)
		return usage_error("stats", "needs a subcommand: agreement");
	int levels = 0;
	const char *file = NULL;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--levels") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 2 || v > 1000)
				return usage_error("stats", "--levels needs a whole number from 2, not \"%s\"",
						   argv[i]);
			levels = (int)v;
		} else if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i], "--levels") != 0) {
			return usage_error("stats", "unknown option %s", argv[i]);
		} else if (strcmp(argv[i], "--levels") == 0) {
			return usage_error("stats", "option --levels needs a value");
		} else if (file) {
			return usage_error("stats", "one FILE only");
		} else {
			file = argv[i];
		}
	}
	if (!levels)
		return usage_error("stats", "agreement needs --levels A, the number of levels of the scale");
	if (!file)
		return usage_error("stats", "agreement needs a FILE.csv (or - for standard input)");
	return agreement(file, levels);
}
