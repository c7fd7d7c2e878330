/*
 * measure_note.c - what a measure's SPC chart is drawn from and what it is annotated with: the chart itself
 * (direction, target, the baseline frozen after N points of each segment, the rebase points), free notes on a
 * period, and the marks the chart shows under its axis (PDSA cycles and completions of the actions linked to
 * the measure, the unit's survey rounds as they close, notes, rebases with their reasons). See improve.h.
 */
#include "domain/improve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/unit.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

void
measure_chart(const struct measure *m, const struct measure_series *ms, struct spc_result *out)
{
	struct spc_options o;
	spc_options_default(&o);
	o.improve = strcmp(m->direction, "up") == 0     ? SPC_UP
		    : strcmp(m->direction, "down") == 0 ? SPC_DOWN
							: SPC_NEITHER;
	o.has_target = m->has_target;
	o.target = m->target;
	/* Limits frozen after the first N points of each segment, as NHSRplotthedots' fix_after_n_points: later
	 * points are judged against them, not folded into them. */
	o.baseline = m->baseline >= 12 ? (size_t)m->baseline : MEASURE_BASELINE_DEFAULT;
	size_t *rebase = xcalloc(ms->n ? ms->n : 1, sizeof *rebase);
	for (size_t i = 1; i < ms->n; i++)
		if (ms->rebase[i])
			rebase[o.n_rebase++] = i;
	o.rebase = rebase;
	char err[200];
	if (spc_xmr(ms->value, ms->n, &o, out, err, sizeof err) < 0) {
		/* Cannot happen with the checks above: draw without a baseline rather than not at all. */
		o.baseline = 0;
		spc_xmr(ms->value, ms->n, &o, out, err, sizeof err);
	}
	free(rebase);
}

int
measure_note_add(struct store *s, const struct actor *who, const struct measure *m, const char *period,
		 const char *text, struct error *err)
{
	char day[11];
	if (text_blank(period) || !measure_period(period, day))
		return error_in(err, "period", "the period \"%.40s\" is not a date: write it as 2026-03-01",
				period ? period : "");
	if (text_blank(text))
		return error_in(err, "text", "a note needs its text: what happened in that period");
	if (strlen(text) > 1000)
		return error_in(err, "text", "a note has at most 1000 characters");
	if (store_begin(s, err) < 0)
		return -1;
	char now[32], detail[300];
	store_now(now, sizeof now);
	snprintf(detail, sizeof detail, "measure %lld: note on %s", (long long)m->id, day);
	struct param p[] = {PINT(m->id), PTEXT(day), PTEXT(text), who->user_id ? PINT(who->user_id) : PNULL,
			    PTEXT(now)};
	int rc = store_exec(s, Q_MEASURE_NOTE_ADD, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0)
		rc = audit_record(s, who, "measure.note", m->unit_id, m->name, detail, err);
	return store_finish(s, rc, err);
}

struct marks_ctx {
	struct measure_marks *mk;
	size_t cap;
	const char *today;
};

static struct measure_mark *
mark_push(struct marks_ctx *c, enum measure_mark_kind kind, const char *day, const char *text)
{
	struct measure_marks *mk = c->mk;
	mk->v = xgrow(mk->v, sizeof *mk->v, mk->n + 1, &c->cap);
	struct measure_mark *k = &mk->v[mk->n++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	snprintf(k->day, sizeof k->day, "%.10s", day ? day : "");
	k->text = xstrdup(text ? text : "");
	return k;
}

static int
note_row(void *vctx, const struct row *r)
{
	mark_push(vctx, MARK_NOTE, row_text(r, 0), row_text(r, 1));
	return 0;
}

/* A cycle at the day its Act was decided, or, still running, the day it was planned. */
static int
pdsa_row(void *vctx, const struct row *r)
{
	bool acted = !row_null(r, 3) && !row_null(r, 4);
	struct measure_mark *k = mark_push(vctx, MARK_PDSA, row_text(r, acted ? 4 : 2), row_text(r, 0));
	k->number = (long)row_int(r, 1);
	if (acted)
		snprintf(k->act, sizeof k->act, "%s", row_text(r, 3));
	return 0;
}

static int
done_row(void *vctx, const struct row *r)
{
	mark_push(vctx, MARK_DONE, row_text(r, 1), row_text(r, 0));
	return 0;
}

/* A round closes on its closing day, or the day a facilitator closed it early; one still open is no mark. */
static int
round_row(void *vctx, const struct row *r)
{
	struct marks_ctx *c = vctx;
	char day[11];
	snprintf(day, sizeof day, "%.10s", row_null(r, 2) ? row_text(r, 1) : row_text(r, 2));
	if (row_null(r, 2) && strcmp(day, c->today) >= 0)
		return 0;
	mark_push(c, MARK_ROUND, day, row_text(r, 0));
	return 0;
}

static int
mark_cmp(const void *a, const void *b)
{
	const struct measure_mark *x = a, *y = b;
	int d = strcmp(x->day, y->day);
	if (d)
		return d;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return x->order < y->order ? -1 : x->order > y->order;
}

int
measure_marks_load(struct store *s, const struct measure *m, const struct measure_series *ms, const char *today,
		   struct measure_marks *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct marks_ctx c = {out, 0, today};
	for (size_t i = 1; i < ms->n; i++)
		if (ms->rebase[i])
			mark_push(&c, MARK_REBASE, ms->period[i], ms->note && ms->note[i] ? ms->note[i] : "");
	struct param p[] = {PINT(m->id)}, pu[] = {PINT(m->unit_id)};
	if (store_exec(s, Q_MEASURE_NOTES, PARAMS(p), note_row, &c, NULL, err) < 0 ||
	    store_exec(s, Q_MEASURE_PDSA_MARKS, PARAMS(p), pdsa_row, &c, NULL, err) < 0 ||
	    store_exec(s, Q_MEASURE_DONE_ACTIONS, PARAMS(p), done_row, &c, NULL, err) < 0 ||
	    store_exec(s, Q_UNIT_ROUND_CLOSES, PARAMS(pu), round_row, &c, NULL, err) < 0) {
		measure_marks_release(out);
		return -1;
	}
	/* Only what happened within the chart's dates; stable for equal days and kinds (qsort is not, so the
	 * order of loading breaks ties). */
	size_t kept = 0;
	for (size_t i = 0; i < out->n; i++) {
		struct measure_mark *k = &out->v[i];
		if (!ms->n || strcmp(k->day, ms->period[0]) < 0 || strcmp(k->day, ms->period[ms->n - 1]) > 0) {
			free(k->text);
			continue;
		}
		k->order = kept;
		out->v[kept++] = *k;
	}
	out->n = kept;
	if (out->n > 1) /* qsort of nothing may not be given a null array */
		qsort(out->v, out->n, sizeof *out->v, mark_cmp);
	return 0;
}

void
measure_marks_release(struct measure_marks *mk)
{
	for (size_t i = 0; i < mk->n; i++)
		free(mk->v[i].text);
	free(mk->v);
	memset(mk, 0, sizeof *mk);
}
