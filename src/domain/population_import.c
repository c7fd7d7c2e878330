/*
 * population_import.c - population_import (population.h): the files read into the model and hashed for the
 * provenance, the practices matched to units, everyone segmented, and the aggregates stored in one transaction.
 * An unknown practice code refuses the whole import (listing every such code), so that no practice's counts are
 * silently missing from a network's total.
 */
#include "domain/population.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/population_model.h"
#include "lib/buf.h"
#include "lib/sort.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct practice_at {
	const char *code; /* the unit's */
	size_t i;         /* the practice's index in the model */
};

/* Everything an import holds between reading and storing. */
struct import {
	const struct population_request *req;
	struct pop_model m;
	struct buf inputs;    /* "role hash" lines */
	char codelists_hash[65];
	int32_t *dates;
	size_t n_dates;
	int64_t *unit_ids;    /* per practice */
	char **unit_codes;    /* per practice, owned */
	struct practice_at *order; /* practices by unit code */
	struct pop_fhir fhir;
	enum pop_fhir_type fhir_type; /* of the file being read */
};

typedef int (*reader_fn)(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err);

/* PATH's bytes: mapped from disk when it is a regular file that is not empty (*MAPPED true: munmap it), else
 * read into B. -1 with errno when it cannot be read. */
static int
input_open(const char *path, struct buf *b, const char **text, size_t *len, bool *mapped)
{
	*mapped = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (p == MAP_FAILED)
			return -1;
		*text = p;
		*len = (size_t)st.st_size;
		*mapped = true;
		return 0;
	}
	if (fd >= 0)
		close(fd);
	if (buf_read_file(b, path) < 0)
		return -1;
	*text = b->data ? b->data : "";
	*len = b->len;
	return 0;
}

/* Reads PATH, notes its hash as ROLE (into HASH too when not NULL), and parses it with READ. A large file is
 * mapped and its pages let go as the hash and then the reading pass over them (pop_let_go), so memory holds
 * the model, not the file. */
static int
read_input(struct import *im, const char *role, const char *path, char hash[65],
	   int (*read)(struct import *im, const char *name, const char *text, size_t n, struct error *err),
	   struct error *err)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const char *text;
	size_t n;
	bool mapped;
	if (input_open(path, &b, &text, &n, &mapped) < 0) {
		int e = errno;
		buf_release(&b);
		return error_set(err, "%s: cannot read it: %s", path, strerror(e));
	}
	im->m.mapped = mapped ? text : NULL;
	im->m.mapped_len = n;
	im->m.let_go = NULL;
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	for (size_t done = 0; done < n;) {
		size_t k = n - done > POP_PIECE ? POP_PIECE : n - done;
		crypto_generichash_update(&st, (const unsigned char *)text + done, k);
		done += k;
		pop_let_go(&im->m, text + done);
	}
	unsigned char digest[32];
	char hex[65];
	crypto_generichash_final(&st, digest, sizeof digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	buf_printf(&im->inputs, "%s %s\n", role, hex);
	if (hash)
		memcpy(hash, hex, sizeof hex);
	im->m.let_go = NULL;
	int rc = read(im, path, text, n, err);
	im->m.mapped = NULL;
	im->m.let_go = NULL;
	if (mapped)
		munmap((void *)(uintptr_t)text, n);
	buf_release(&b);
	return rc;
}

static int
rd_codelists(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_codelists(&im->m, name, text, n, err);
}

static int
rd_patients(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_patients(&im->m, name, text, n, err);
}

static int
rd_events(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_events(&im->m, name, text, n, err);
}

static int
rd_synthea_patients(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_synthea_patients(&im->m, name, text, n, im->req->practice, err);
}

static int
rd_conditions(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_synthea_events(&im->m, name, text, n, "snomed", err);
}

static int
rd_medications(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_synthea_events(&im->m, name, text, n, "rxnorm", err);
}

static int
read_synthea(struct import *im, struct error *err)
{
	const char *dir = im->req->dir;
	char path[4096];
	snprintf(path, sizeof path, "%s/patients.csv", dir);
	if (read_input(im, "patients", path, NULL, rd_synthea_patients, err) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/conditions.csv", dir);
	if (read_input(im, "conditions", path, NULL, rd_conditions, err) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/medications.csv", dir);
	if (access(path, F_OK) == 0 && read_input(im, "medications", path, NULL, rd_medications, err) < 0)
		return -1;
	return 0;
}

static int
rd_fhir(struct import *im, const char *name, const char *text, size_t n, struct error *err)
{
	return pop_read_fhir(&im->m, &im->fhir, im->fhir_type, name, text, n, err);
}

struct fhir_file {
	int type;
	char *name;
};

static int
cmp_fhir_file(const void *a, const void *b)
{
	const struct fhir_file *x = a, *y = b;
	return x->type != y->type ? (x->type > y->type) - (x->type < y->type) : strcmp(x->name, y->name);
}

/* The NDJSON files of DIR whose names say a type read, by type in reading order, then by name; their number. */
static size_t
fhir_files(const char *dir, struct fhir_file **out, struct error *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		error_set(err, "%s: cannot read it: %s", dir, strerror(e));
		return SIZE_MAX;
	}
	size_t n = 0;
	*out = NULL;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		int type = pop_fhir_type_of(e->d_name);
		if (type < 0)
			continue;
		*out = xrealloc(*out, (n + 1) * sizeof **out);
		(*out)[n++] = (struct fhir_file){type, xstrdup(e->d_name)};
	}
	closedir(d);
	sort_array(*out, n, sizeof **out, cmp_fhir_file);
	return n;
}

/* FHIR Bulk Data: every NDJSON file of the directory that holds a type read, Organization first. */
static int
read_fhir(struct import *im, struct error *err)
{
	static const char *const roles[POP_FHIR_TYPES] = {"organization", "patient", "encounter", "condition",
							   "medicationrequest"};
	struct fhir_file *files;
	size_t n = fhir_files(im->req->dir, &files, err);
	if (n == SIZE_MAX)
		return -1;
	bool patients = false;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		patients |= files[i].type == POP_FHIR_PATIENT;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", im->req->dir, files[i].name);
		im->fhir_type = (enum pop_fhir_type)files[i].type;
		if (rc == 0)
			rc = read_input(im, roles[files[i].type], path, NULL, rd_fhir, err);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i].name);
	free(files);
	if (rc == 0 && !patients)
		return error_set(err, "%s: no Patient file: FHIR Bulk Data needs Patient.ndjson (or 1.Patient.ndjson)",
				 im->req->dir);
	return rc < 0 ? -1 : pop_fhir_finish(&im->m, &im->fhir, err);
}

static int
cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The request's as-of dates, checked, ascending, each once. */
static int
read_dates(struct import *im, struct error *err)
{
	const struct population_request *req = im->req;
	if (!req->n_as_of)
		return error_in(err, "as_of", "no as-of date: give at least one --as-of YYYY-MM-DD");
	im->dates = xmalloc(req->n_as_of * sizeof *im->dates);
	for (size_t i = 0; i < req->n_as_of; i++)
		if (!pop_date(req->as_of[i], false, false, &im->dates[i]))
			return error_in(err, "as_of", "as-of date %zu is not a date: write YYYY-MM-DD", i + 1);
	sort_array(im->dates, req->n_as_of, sizeof *im->dates, cmp_date);
	for (size_t i = 0; i < req->n_as_of; i++)
		if (!im->n_dates || im->dates[im->n_dates - 1] != im->dates[i])
			im->dates[im->n_dates++] = im->dates[i];
	return 0;
}

static int
unit_row(void *ctx, const struct row *r)
{
	struct import *im = ((void **)ctx)[0];
	size_t i = *(size_t *)((void **)ctx)[1];
	im->unit_ids[i] = row_int(r, 0);
	im->unit_codes[i] = xstrdup(row_text(r, 1));
	return 0;
}

static int
cmp_practice(const void *a, const void *b)
{
	return strcmp(((const struct practice_at *)a)->code, ((const struct practice_at *)b)->code);
}

/* Each practice code's unit, by its code or ODS code; every unknown code named in one refusal. */
static int
match_practices(struct store *s, struct import *im, struct error *err)
{
	size_t n = im->m.n_practices;
	im->unit_ids = xcalloc(n + 1, sizeof *im->unit_ids);
	im->unit_codes = xcalloc(n + 1, sizeof *im->unit_codes);
	im->order = xcalloc(n + 1, sizeof *im->order);
	struct buf unknown = BUF_INIT;
	buf_init(&unknown, 2000);
	for (size_t i = 0; i < n; i++) {
		void *ctx[] = {im, &i};
		struct param p[] = {PTEXT(im->m.practices[i])};
		if (store_exec(s, Q_POP_PRACTICE_UNIT, PARAMS(p), unit_row, ctx, NULL, err) < 0) {
			buf_release(&unknown);
			return -1;
		}
		if (!im->unit_codes[i])
			buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", im->m.practices[i]);
		im->order[i] = (struct practice_at){im->unit_codes[i], i};
	}
	if (unknown.len) {
		error_of(err, ERROR_NOT_FOUND, "practice codes that match no unit's code or ODS code: %s; add each "
			 "practice as a unit (caregrid unit add) or set its ODS code, then import again", unknown.data);
		buf_release(&unknown);
		return -1;
	}
	buf_release(&unknown);
	sort_array(im->order, n, sizeof *im->order, cmp_practice);
	return 0;
}

/* The provenance row; its id into *ID. */
static int
store_provenance(struct store *s, struct import *im, int64_t *id, struct error *err)
{
	struct buf lists = BUF_INIT, dates = BUF_INIT;
	buf_init(&lists, 0);
	buf_init(&dates, 0);
	for (size_t i = 0; i < im->m.n_lists; i++)
		buf_printf(&lists, "%s %s\n", im->m.lists[i].id, im->m.lists[i].version);
	for (size_t i = 0; i < im->n_dates; i++) {
		char d[11];
		pop_date_text(im->dates[i], d);
		buf_printf(&dates, "%s%s", i ? " " : "", d);
	}
	static const char *const sources[] = {"csv", "synthea", "fhir"};
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(now),		  PTEXT(sources[im->req->source]), PTEXT(im->inputs.data),
			    PTEXT(lists.data ? lists.data : ""), PTEXT(im->codelists_hash), PTEXT(dates.data)};
	int rc = store_get_int(s, Q_POP_IMPORT_ADD, PARAMS(p), id, err);
	buf_release(&lists);
	buf_release(&dates);
	return rc < 0 ? -1 : 0;
}

/* Practice I's rows for every date, replacing what an earlier import stored for them. */
static int
store_practice(struct store *s, const struct import *im, const struct pop_result *r, size_t i, int64_t import_id,
	       struct error *err)
{
	int64_t unit = im->unit_ids[i];
	char d[11], prev[11] = "";
	for (size_t k = 0; k < r->n_dates; k++) {
		pop_date_text(r->dates[k], d);
		struct param del[] = {PINT(unit), PTEXT(d)};
		if (store_exec(s, Q_POP_COUNT_DELETE, PARAMS(del), NULL, NULL, NULL, err) < 0 ||
		    store_exec(s, Q_POP_MOVE_DELETE, PARAMS(del), NULL, NULL, NULL, err) < 0)
			return -1;
		for (int seg = 0; seg < POP_SEGMENTS; seg++) {
			struct param p[] = {PINT(unit), PTEXT(d), PTEXT(population_segment_code(seg)),
					    PINT(POP_COUNT(r, i, k, seg)), PINT(import_id)};
			if (store_exec(s, Q_POP_COUNT_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
				return -1;
		}
		for (int f = 0; k > 0 && f < POP_MOVE_ROWS; f++)
			for (int t = 0; t < POP_MOVE_COLS; t++) {
				long c = POP_MOVE(r, i, k, f, t);
				const char *fc = f < POP_SEGMENTS ? population_segment_code(f) : POP_CODE_REGISTERED;
				const char *tc = t < POP_SEGMENTS ? population_segment_code(t)
						 : t == POP_TO_DIED ? POP_CODE_DIED : POP_CODE_LEFT;
				struct param p[] = {PINT(unit), PTEXT(prev), PTEXT(d), PTEXT(fc), PTEXT(tc), PINT(c),
						    PINT(import_id)};
				if (c && store_exec(s, Q_POP_MOVE_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
					return -1;
			}
		memcpy(prev, d, sizeof d);
	}
	return 0;
}

static int
store_all(struct store *s, struct import *im, const struct pop_result *r, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int64_t id;
	int rc = store_provenance(s, im, &id, err);
	for (size_t i = 0; rc == 0 && i < im->m.n_practices; i++)
		rc = store_practice(s, im, r, i, id, err);
	return store_finish(s, rc, err);
}

static int
report(const struct import *im, const struct pop_result *r, population_count_fn fn, void *ctx)
{
	for (size_t o = 0; fn && o < im->m.n_practices; o++) {
		size_t i = im->order[o].i;
		for (size_t k = 0; k < r->n_dates; k++) {
			char d[11];
			pop_date_text(r->dates[k], d);
			for (int seg = 0; seg < POP_SEGMENTS; seg++) {
				int rc = fn(ctx, im->unit_codes[i], d, seg, POP_COUNT(r, i, k, seg));
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

static int
read_inputs(struct import *im, struct error *err)
{
	const struct population_request *req = im->req;
	if (read_dates(im, err) < 0 ||
	    read_input(im, "codelists", req->codelists, im->codelists_hash, rd_codelists, err) < 0)
		return -1;
	switch (req->source) {
	case POP_SOURCE_CSV:
		if (read_input(im, "patients", req->patients, NULL, rd_patients, err) < 0)
			return -1;
		return read_input(im, "events", req->events, NULL, rd_events, err);
	case POP_SOURCE_SYNTHEA:
		return read_synthea(im, err);
	case POP_SOURCE_FHIR:
		break;
	}
	return read_fhir(im, err);
}

int
population_import(struct store *s, const struct population_request *req, population_count_fn fn, void *ctx,
		  struct error *err)
{
	struct import im = {.req = req};
	struct pop_result r = {0};
	pop_model_init(&im.m);
	pop_fhir_init(&im.fhir);
	buf_init(&im.inputs, 0);
	int rc = read_inputs(&im, err);
	if (rc == 0 && !im.m.n_patients)
		rc = error_set(err, "no patients in the input: nothing to segment");
	if (rc == 0)
		rc = match_practices(s, &im, err);
	if (rc == 0) {
		pop_map_release(&im.m.patient_ix);
		pop_segment(&im.m, im.dates, im.n_dates, &r);
		rc = store_all(s, &im, &r, err);
	}
	if (rc == 0)
		rc = report(&im, &r, fn, ctx);
	pop_result_release(&r);
	for (size_t i = 0; im.unit_codes && i < im.m.n_practices; i++)
		free(im.unit_codes[i]);
	free(im.unit_codes);
	free(im.unit_ids);
	free(im.order);
	free(im.dates);
	buf_release(&im.inputs);
	pop_fhir_release(&im.fhir);
	pop_model_release(&im.m);
	return rc;
}
