/* consensus.c - consensus levels, coach's calibration and evidence (see consensus.h). */
#include "domain/consensus.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/store.h"

int
consensus_record(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		 const struct instrument *ins, const char *item_code, const char *kind, const char *level,
		 const char *note, struct error *err)
{
	bool coach = strcmp(kind, "coach") == 0;
	if (!coach && strcmp(kind, "team") != 0)
		return error_set(err, "a rating is the team's consensus or a coach's calibration, not \"%s\"", kind);
	if (!coach && strcmp(r->mode, "survey") == 0)
		return error_set(err, "this round is a survey only: it has no consensus session");
	if (!instrument_find_item(ins, item_code, NULL))
		return error_set(err, "\"%s\" is not an element of this instrument", item_code);
	if (note && strlen(note) > NOTE_MAX)
		return error_set(err, "the note on %s is longer than %d characters", item_code, NOTE_MAX);
	long v = 0;
	bool clear = !level || !*level;
	if (!clear) {
		char *end;
		v = strtol(level, &end, 10);
		if (*end || !instrument_find_level(ins, v))
			return error_set(err, "%s: \"%s\" is not a level of the scale", item_code, level);
	}
	if (store_begin(s, err) < 0)
		return -1;
	char now[32], detail[200];
	store_now(now, sizeof now);
	int rc;
	if (clear) {
		struct param p[] = {PINT(r->id), PTEXT(item_code), PTEXT(kind)};
		rc = store_exec(s, Q_CONSENSUS_DELETE, PARAMS(p), NULL, NULL, NULL, err);
		snprintf(detail, sizeof detail, "round %lld: %s cleared for %s", (long long)r->id,
			 coach ? "calibration" : "consensus", item_code);
	} else {
		struct param p[] = {PINT(r->id),
				    PTEXT(item_code),
				    PTEXT(kind),
				    PINT(v),
				    PTEXT(note && *note ? note : NULL),
				    who->user_id ? PINT(who->user_id) : PNULL,
				    PTEXT(now)};
		rc = store_exec(s, Q_CONSENSUS_PUT, PARAMS(p), NULL, NULL, NULL, err);
		/* Which element, never the level: no answer's value goes into the audit log (README, "Privacy"). */
		snprintf(detail, sizeof detail, "round %lld: %s recorded for %s", (long long)r->id,
			 coach ? "calibration" : "consensus", item_code);
	}
	if (rc == 0)
		rc = audit_record(s, who, coach ? "round.calibration" : "round.consensus", r->unit_id, unit_code,
				  detail, err);
	return store_finish(s, rc, err);
}

static int
add_evidence(struct store *s, const struct actor *who, const struct round *r, const char *item_code, const char *url,
	     const char *filename, const char *type, const void *data, size_t len, struct error *err)
{
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(r->id),	   PTEXT(item_code),   PTEXT(url),
			    PTEXT(filename),	   PTEXT(type),	       data ? PBLOB(data, len) : PNULL,
			    PINT((int64_t)len), who->user_id ? PINT(who->user_id) : PNULL, PTEXT(now)};
	return store_exec(s, Q_EVIDENCE_ADD, PARAMS(p), NULL, NULL, NULL, err);
}

int
evidence_add_link(struct store *s, const struct actor *who, const struct round *r, const struct instrument *ins,
		  const char *item_code, const char *url, struct error *err)
{
	if (!instrument_find_item(ins, item_code, NULL))
		return error_in(err, "item", "\"%s\" is not an element of this instrument", item_code);
	if (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0))
		return error_in(err, "url", "evidence links start with https:// or http://");
	size_t n = strlen(url);
	if (n > 2000)
		return error_in(err, "url", "that link is longer than 2000 characters");
	for (size_t i = 0; i < n; i++)
		if (isspace((unsigned char)url[i]) || url[i] == '"' || url[i] == '<' || url[i] == '>')
			return error_in(err, "url", "a link cannot hold spaces, quotes or angle brackets");
	return add_evidence(s, who, r, item_code, url, NULL, NULL, NULL, n, err);
}

struct file_kind {
	const char *ext, *type;
	const char *magic;
	size_t magic_len;
};

static const struct file_kind kinds[] = {
	{".pdf", "application/pdf", "%PDF-", 5},
	{".png", "image/png", "\x89PNG\r\n\x1a\n", 8},
	{".jpg", "image/jpeg", "\xff\xd8\xff", 3},
	{".jpeg", "image/jpeg", "\xff\xd8\xff", 3},
	{".txt", "text/plain; charset=utf-8", NULL, 0},
	{".csv", "text/csv; charset=utf-8", NULL, 0},
};

static bool
is_text(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] == 0 || (p[i] < 32 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t'))
			return false;
	return true;
}

int
evidence_add_file(struct store *s, const struct actor *who, const struct round *r, const struct instrument *ins,
		  const char *item_code, const char *filename, const void *data, size_t len, struct error *err)
{
	if (!instrument_find_item(ins, item_code, NULL))
		return error_in(err, "item", "\"%s\" is not an element of this instrument", item_code);
	if (len == 0)
		return error_in(err, "file", "the file is empty");
	if (len > EVIDENCE_MAX_BYTES)
		return error_in(err, "file", "the file is larger than the %d MiB limit",
				EVIDENCE_MAX_BYTES / (1024 * 1024));
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	const struct file_kind *kind = NULL;
	for (size_t i = 0; dot && i < sizeof kinds / sizeof *kinds; i++)
		if (strcasecmp(dot, kinds[i].ext) == 0)
			kind = &kinds[i];
	if (!kind)
		return error_in(err, "file", "evidence files may be PDF, PNG, JPEG, plain text or CSV");
	if (kind->magic ? len < kind->magic_len || memcmp(data, kind->magic, kind->magic_len) != 0
			: !is_text(data, len))
		return error_in(err, "file", "%s does not hold what its name says (%s)", filename, kind->type);
	/* Keep only the file's own name, without any folders a browser might send. */
	const char *base = strrchr(filename, '/');
	base = base ? base + 1 : filename;
	const char *bs = strrchr(base, '\\');
	base = bs ? bs + 1 : base;
	return add_evidence(s, who, r, item_code, NULL, base, kind->type, data, len, err);
}

struct each_ctx {
	evidence_fn fn;
	void *ctx;
};

static int
evidence_row(void *vctx, const struct row *row)
{
	struct each_ctx *c = vctx;
	struct evidence e = {
		.id = row_int(row, 0),
		.item_code = row_text(row, 1),
		.url = row_null(row, 2) ? NULL : row_text(row, 2),
		.filename = row_null(row, 3) ? NULL : row_text(row, 3),
		.content_type = row_null(row, 4) ? NULL : row_text(row, 4),
		.size = (size_t)row_int(row, 5),
	};
	return c->fn(c->ctx, &e);
}

int
evidence_each(struct store *s, int64_t round_id, evidence_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	struct param p[] = {PINT(round_id)};
	return store_exec(s, Q_EVIDENCE_OF_ROUND, PARAMS(p), evidence_row, &c, NULL, err);
}

struct file_out {
	char *filename, *type;
	void *data;
	size_t len;
	bool found;
};

static int
file_row(void *ctx, const struct row *row)
{
	struct file_out *f = ctx;
	if (row_null(row, 2))
		return 1; /* a link, not a file */
	f->filename = xstrdup(row_text(row, 0));
	f->type = xstrdup(row_text(row, 1));
	size_t len;
	const void *p = row->blob(row->impl, 2, &len);
	f->data = xmalloc(len ? len : 1);
	if (len)
		memcpy(f->data, p, len);
	f->len = len;
	f->found = true;
	return 1;
}

int
evidence_file(struct store *s, int64_t round_id, int64_t id, char **filename, char **content_type, void **data,
	      size_t *len, struct error *err)
{
	struct file_out f = {0};
	struct param p[] = {PINT(id), PINT(round_id)};
	if (store_exec(s, Q_EVIDENCE_GET, PARAMS(p), file_row, &f, NULL, err) < 0)
		return -1;
	if (!f.found)
		return 0;
	*filename = f.filename;
	*content_type = f.type;
	*data = f.data;
	*len = f.len;
	return 1;
}
