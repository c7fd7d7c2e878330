/*
 * bench/scan.c - the regional aggregate as a plain C scan over an in-memory array: the floor that
 * caregrid's regional grid is compared with (bench/RESULTS.md). Not part of caregrid.
 *
 * Loads every answer of a synthetic region's database into an array (not timed), then times, median of
 * RUNS: pick each unit's latest round of the instrument (opened by today), and sum each element's scores (don't know
 * excluded) over that round's submitted answers, per unit and over the region. Prints "name: value" lines
 * and a checksum, so that the figure can be checked against the SQL query's.
 *
 * What it is compared with, fairly: the same answers, read from the same database file as the server reads
 * (bench/run), and the same aggregate (the grid's checksum must equal this one). The scan's time leaves out
 * reading the answers; the grid's includes reading its sums and writing its page, so the ratio is the cost
 * of serving the figures over the cost of computing them from memory.
 *
 *   build/bench-scan DB [INSTRUMENT]
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ITEMS_MAX 64
#define RUNS 11

struct round_info {
	uint32_t unit;       /* index into the units */
	char opens_on[11];   /* the opening day, YYYY-MM-DD: rounds are ordered by it, then by id */
	int64_t id;
};

struct answer {
	uint32_t round;      /* index into the rounds */
	uint8_t item;        /* index into the item codes */
	int8_t score;        /* -1: don't know */
};

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 1024;
	p = realloc(p, *cap * size);
	if (!p) {
		fprintf(stderr, "bench-scan: out of memory\n");
		exit(1);
	}
	return p;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-scan DB [INSTRUMENT]\n");
		return 2;
	}
	const char *instrument = argc > 2 ? argv[2] : "pch-development-grid";
	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench-scan: cannot open %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 1;
	}
	double t0 = now_ms();
	/* Rounds of the instrument opened by today, with their unit; units numbered densely. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db,
			   "SELECT id, unit_id, opens_on FROM round WHERE instrument_id = ?1 "
			   "AND opens_on <= date('now') ORDER BY id",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, instrument, -1, SQLITE_STATIC);
	struct round_info *rounds = NULL;
	size_t n_rounds = 0, cap_rounds = 0;
	int64_t *unit_ids = NULL;
	size_t n_units = 0, cap_units = 0;
	int64_t max_round_id = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		rounds = grow(rounds, &cap_rounds, n_rounds, sizeof *rounds);
		struct round_info *r = &rounds[n_rounds++];
		r->id = sqlite3_column_int64(st, 0);
		int64_t unit = sqlite3_column_int64(st, 1);
		size_t u = 0;
		/* Units arrive in round order: the last one seen is the likeliest match. */
		for (u = n_units; u > 0 && unit_ids[u - 1] != unit; u--)
			;
		if (u == 0) {
			unit_ids = grow(unit_ids, &cap_units, n_units, sizeof *unit_ids);
			unit_ids[n_units++] = unit;
			u = n_units;
		}
		r->unit = (uint32_t)(u - 1);
		snprintf(r->opens_on, sizeof r->opens_on, "%s", (const char *)sqlite3_column_text(st, 2));
		if (r->id > max_round_id)
			max_round_id = r->id;
	}
	sqlite3_finalize(st);
	uint32_t *round_index = calloc((size_t)max_round_id + 1, sizeof *round_index); /* id -> index + 1 */
	for (size_t i = 0; i < n_rounds; i++)
		round_index[rounds[i].id] = (uint32_t)i + 1;

	char items[ITEMS_MAX][16];
	size_t n_items = 0;
	struct answer *answers = NULL;
	size_t n_answers = 0, cap_answers = 0;
	sqlite3_prepare_v2(db,
			   "SELECT r.round_id, a.item_code, a.score FROM answer a JOIN response r ON r.id = a.response_id "
			   "WHERE r.submitted = 1",
			   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t rid = sqlite3_column_int64(st, 0);
		if (rid > max_round_id || !round_index[rid])
			continue;
		const char *code = (const char *)sqlite3_column_text(st, 1);
		size_t it = 0;
		while (it < n_items && strcmp(items[it], code) != 0)
			it++;
		if (it == n_items) {
			if (n_items == ITEMS_MAX)
				continue;
			snprintf(items[n_items++], sizeof items[0], "%s", code);
		}
		answers = grow(answers, &cap_answers, n_answers, sizeof *answers);
		answers[n_answers++] = (struct answer){round_index[rid] - 1, (uint8_t)it,
						       sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : (int8_t)sqlite3_column_int(st, 2)};
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	printf("scan_load_ms: %.0f\n", now_ms() - t0);
	printf("scan_units: %zu\nscan_rounds: %zu\nscan_answers: %zu\nscan_array_mb: %zu\n", n_units, n_rounds, n_answers,
	       n_answers * sizeof *answers >> 20);

	double times[RUNS];
	double checksum = 0;
	uint32_t *latest = malloc(n_units * sizeof *latest);
	unsigned char *is_latest = malloc(n_rounds);
	int64_t *n = malloc(n_units * ITEMS_MAX * sizeof *n);
	double *total = malloc(n_units * ITEMS_MAX * sizeof *total);
	for (int run = 0; run < RUNS; run++) {
		double start = now_ms();
		/* Each unit's latest round (as the grid takes it): by opening day, then id. */
		for (size_t u = 0; u < n_units; u++)
			latest[u] = UINT32_MAX;
		for (size_t i = 0; i < n_rounds; i++) {
			uint32_t u = rounds[i].unit, cur = latest[u];
			if (cur == UINT32_MAX || strcmp(rounds[i].opens_on, rounds[cur].opens_on) >= 0)
				latest[u] = (uint32_t)i;
		}
		memset(is_latest, 0, n_rounds);
		for (size_t u = 0; u < n_units; u++)
			is_latest[latest[u]] = 1;
		memset(n, 0, n_units * ITEMS_MAX * sizeof *n);
		memset(total, 0, n_units * ITEMS_MAX * sizeof *total);
		for (size_t i = 0; i < n_answers; i++) {
			const struct answer *a = &answers[i];
			if (!is_latest[a->round] || a->score < 0)
				continue;
			size_t cell = rounds[a->round].unit * ITEMS_MAX + a->item;
			n[cell]++;
			total[cell] += a->score;
		}
		/* The region's mean per element, over the units' means (as the grid shows it). */
		double sum = 0;
		for (size_t it = 0; it < n_items; it++) {
			double s = 0;
			long k = 0;
			for (size_t u = 0; u < n_units; u++)
				if (n[u * ITEMS_MAX + it]) {
					s += total[u * ITEMS_MAX + it] / (double)n[u * ITEMS_MAX + it];
					k++;
				}
			sum += k ? s / (double)k : 0;
		}
		times[run] = now_ms() - start;
		checksum = sum;
	}
	qsort(times, RUNS, sizeof times[0], cmp_double);
	printf("scan_median_ms: %.1f\n", times[RUNS / 2]);
	printf("scan_checksum: %.6f\n", checksum);
	free(rounds);
	free(unit_ids);
	free(round_index);
	free(answers);
	free(latest);
	free(is_latest);
	free(n);
	free(total);
	return 0;
}
