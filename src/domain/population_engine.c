/*
 * population_engine.c - the population model (population_model.h) and the segmentation over it: every as-of
 * date computed from one pass over the events, grouped by person (a counting sort), each person evaluated at
 * each date by the rules of population.h. Memory is the events' 16 bytes each plus a few arrays per person.
 */
#include "domain/population_model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/xalloc.h"

static uint64_t
hash_of(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
map_release(struct pop_map *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}

/* The slot of KEY: its own, or the empty one where it would go. */
static size_t
map_slot(const struct pop_map *t, const char *key)
{
	size_t i = (size_t)hash_of(key) & (t->cap - 1);
	while (t->keys[i] && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void
map_grow(struct pop_map *t)
{
	struct pop_map bigger = {.cap = t->cap ? t->cap * 2 : 64, .n = t->n};
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
	for (size_t i = 0; i < t->cap; i++)
		if (t->keys[i]) {
			size_t j = map_slot(&bigger, t->keys[i]);
			bigger.keys[j] = t->keys[i];
			bigger.vals[j] = t->vals[i];
		}
	free(t->keys);
	free(t->vals);
	*t = bigger;
}

/* KEY's value: 1 found (in *VAL), 0 not. */
static int
map_get(const struct pop_map *t, const char *key, uint32_t *val)
{
	if (!t->cap)
		return 0;
	size_t i = map_slot(t, key);
	if (!t->keys[i])
		return 0;
	*val = t->vals[i];
	return 1;
}

/* Adds KEY with VAL: 1 added, 0 KEY was there already (its value in *VAL, unchanged). */
static int
map_put(struct pop_map *t, const char *key, uint32_t *val)
{
	if ((t->n + 1) * 2 > t->cap)
		map_grow(t);
	size_t i = map_slot(t, key);
	if (t->keys[i]) {
		*val = t->vals[i];
		return 0;
	}
	t->keys[i] = xstrdup(key);
	t->vals[i] = *val;
	t->n++;
	return 1;
}

int
pop_map_find(const struct pop_map *t, const char *key, uint32_t *val)
{
	return map_get(t, key, val);
}

int
pop_map_add(struct pop_map *t, const char *key, uint32_t *val)
{
	return map_put(t, key, val);
}

void
pop_map_release(struct pop_map *t)
{
	map_release(t);
}

void
pop_model_init(struct pop_model *m)
{
	memset(m, 0, sizeof *m);
}

void
pop_model_release(struct pop_model *m)
{
	for (size_t i = 0; i < m->n_lists; i++) {
		free(m->lists[i].id);
		free(m->lists[i].version);
	}
	free(m->lists);
	for (size_t i = 0; i < m->n_practices; i++)
		free(m->practices[i]);
	free(m->practices);
	map_release(&m->list_ix);
	map_release(&m->codes);
	map_release(&m->practice_ix);
	map_release(&m->patient_ix);
	free(m->links);
	free(m->patients);
	free(m->events);
	memset(m, 0, sizeof *m);
}

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
pop_date(const char *s, bool month_ok, bool time_ok, int32_t *out)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d = 1;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || mo < 1 || mo > 12 || y < 1800)
		return false;
	if (s[7] == '\0' && month_ok) {
		*out = y * 10000 + mo * 100 + 1;
		return true;
	}
	if (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > days[mo - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return false;
	if (s[10] != '\0' && !(time_ok && s[10] == 'T'))
		return false;
	*out = y * 10000 + mo * 100 + d;
	return true;
}

void
pop_date_text(int32_t ymd, char out[11])
{
	int y = ymd / 10000 % 10000, mo = ymd / 100 % 100, d = ymd % 100;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + mo / 10);
	out[6] = (char)('0' + mo % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* The length of the UTF-8 character at P (at most N bytes), or 0 when it is not one (overlong, surrogate,
 * past U+10FFFF, cut short). */
static size_t
utf8_char(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
						       : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) || (p[0] == 0xF0 && p[1] < 0x90) ||
	    (p[0] == 0xF4 && p[1] > 0x8F))
		return 0;
	return len;
}

int
pop_utf8_check(const char *text, size_t len, size_t *line, size_t *col)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	size_t l = 1, c = 1;
	while (p < end) {
		size_t k = *p < 0x80 ? 1 : utf8_char(p, (size_t)(end - p));
		if (!k || *p == 0) {
			*line = l;
			*col = c;
			return 1;
		}
		if (*p == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
		p += k;
	}
	return 0;
}

void
pop_let_go(struct pop_model *m, const char *upto)
{
	if (!m->mapped || upto < m->mapped || upto > m->mapped + m->mapped_len)
		return;
	const char *from = m->let_go ? m->let_go : m->mapped;
	if ((size_t)(upto - from) < POP_PIECE)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t end = (size_t)(upto - m->mapped) / page * page;
	/* A private read-only mapping of a file: dropped pages come back from the file, unchanged. */
	if (end)
		madvise((void *)(uintptr_t)m->mapped, end, MADV_DONTNEED);
	m->let_go = upto;
}

int
pop_utf8_check_pieces(struct pop_model *m, const char *text, size_t len, size_t *line, size_t *col)
{
	size_t done = 0, lines = 0;
	while (done < len) {
		size_t n = len - done > POP_PIECE ? POP_PIECE : len - done;
		while (done + n < len && n > 1 && text[done + n - 1] != '\n') /* a break never splits a character */
			n--;
		if (pop_utf8_check(text + done, n, line, col)) {
			*line += lines;
			return 1;
		}
		for (const char *p = text + done, *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
			lines++;
		done += n;
		pop_let_go(m, text + done);
	}
	return 0;
}

const char *
pop_code_system(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[i] = '\0';
	if (strstr(out, "snomed") || strcmp(out, "sct") == 0)
		return strcpy(out, "snomed");
	if (strstr(out, "rxnorm"))
		return strcpy(out, "rxnorm");
	return out;
}

void
pop_add_event(struct pop_model *m, uint32_t p, const char *system, const char *code, int32_t start, int32_t end)
{
	char key[512];
	size_t sl = strlen(system), cl = strlen(code);
	if (sl + cl + 2 > sizeof key)
		return; /* no list holds a code that long */
	memcpy(key, system, sl);
	key[sl] = '\x1f';
	memcpy(key + sl + 1, code, cl + 1);
	uint32_t link;
	if (!map_get(&m->codes, key, &link))
		return;
	for (; link != UINT32_MAX; link = m->links[link].next) {
		if (m->n_events == m->cap_events) {
			m->cap_events = m->cap_events ? m->cap_events * 2 : 1024;
			m->events = xrealloc(m->events, m->cap_events * sizeof *m->events);
		}
		m->events[m->n_events++] = (struct pop_event){p, m->links[link].list, start, end};
	}
}

/* Whether PT is in the population on D: registered (from <= D < to) and alive (born by D, not dead by D). */
static bool
present(const struct pop_patient *pt, int32_t d)
{
	return pt->from <= d && pt->to > d && pt->death > d && pt->birth <= d;
}

/* The segment on D of a person present then, whose events are EV[0..N). STAMP marks the ltc: lists already
 * counted for this person and date (token TOK), so that two codes of one list count once. */
static enum population_segment
segment_at(const struct pop_model *m, const struct pop_patient *pt, const struct pop_event *ev, size_t n,
	   int32_t d, uint32_t *stamp, uint32_t tok)
{
	bool eol = false, frail = false;
	int ltc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pop_event *e = &ev[i];
		if (e->start > d || e->end <= d) /* an end of POP_NEVER is after every date */
			continue;
		switch (m->lists[e->list].kind) {
		case POP_LIST_END_OF_LIFE:
			eol = true;
			break;
		case POP_LIST_FRAILTY:
			frail = true;
			break;
		case POP_LIST_LTC:
			if (stamp[e->list] != tok) {
				stamp[e->list] = tok;
				ltc++;
			}
			break;
		case POP_LIST_OTHER:
			break;
		}
	}
	if (eol)
		return POP_END_OF_LIFE;
	if (frail && (d - pt->birth) / 10000 >= 65) /* years completed on D: YYYYMMDD arithmetic */
		return POP_FRAILTY;
	return ltc >= 4 ? POP_COMPLEX : ltc >= 1 ? POP_LTC : POP_WELL;
}

/* The events grouped by person (as read when they already are: a counting sort otherwise), and where each
 * person's start, into *FIRST (n_patients + 1 entries, free it). */
static void
group_events(struct pop_model *m, size_t **first)
{
	size_t *at = xcalloc(m->n_patients + 1, sizeof *at);
	bool grouped = true;
	for (size_t i = 0; i < m->n_events; i++) {
		at[m->events[i].patient + 1]++;
		if (i && m->events[i].patient < m->events[i - 1].patient)
			grouped = false;
	}
	for (size_t p = 0; p < m->n_patients; p++)
		at[p + 1] += at[p];
	if (!grouped) {
		size_t *fill = xmalloc((m->n_patients + 1) * sizeof *fill);
		memcpy(fill, at, (m->n_patients + 1) * sizeof *fill);
		struct pop_event *by = xmalloc((m->n_events ? m->n_events : 1) * sizeof *by);
		for (size_t i = 0; i < m->n_events; i++)
			by[fill[m->events[i].patient]++] = m->events[i];
		free(fill);
		free(m->events);
		m->events = by;
		m->cap_events = m->n_events;
	}
	*first = at;
}

void
pop_segment(struct pop_model *m, const int32_t *dates, size_t n, struct pop_result *out)
{
	memset(out, 0, sizeof *out);
	out->n_practices = m->n_practices;
	out->n_dates = n;
	out->dates = xmalloc((n ? n : 1) * sizeof *out->dates);
	memcpy(out->dates, dates, n * sizeof *dates);
	out->counts = xcalloc(m->n_practices * n * POP_SEGMENTS + 1, sizeof *out->counts);
	out->moves = xcalloc(m->n_practices * (n ? n - 1 : 0) * POP_MOVE_ROWS * POP_MOVE_COLS + 1,
			     sizeof *out->moves);
	size_t *first;
	group_events(m, &first);
	uint32_t *stamp = xcalloc(m->n_lists + 1, sizeof *stamp), tok = 0;
	for (size_t p = 0; p < m->n_patients; p++) {
		const struct pop_patient *pt = &m->patients[p];
		const struct pop_event *ev = m->events + first[p];
		size_t ne = first[p + 1] - first[p], pr = pt->practice;
		int prev = -1;
		for (size_t i = 0; i < n; i++) {
			if (++tok == 0) {
				memset(stamp, 0, (m->n_lists + 1) * sizeof *stamp);
				tok = 1;
			}
			int seg = present(pt, dates[i]) ? (int)segment_at(m, pt, ev, ne, dates[i], stamp, tok) : -1;
			if (seg >= 0)
				POP_COUNT(out, pr, i, seg)++;
			if (i > 0 && seg >= 0)
				POP_MOVE(out, pr, i, prev >= 0 ? prev : POP_FROM_REGISTERED, seg)++;
			else if (i > 0 && prev >= 0)
				POP_MOVE(out, pr, i, prev, pt->death <= dates[i] ? POP_TO_DIED : POP_TO_LEFT)++;
			prev = seg;
		}
	}
	free(stamp);
	free(first);
}

void
pop_result_release(struct pop_result *r)
{
	free(r->dates);
	free(r->counts);
	free(r->moves);
	memset(r, 0, sizeof *r);
}
