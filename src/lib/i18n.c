/* i18n.c - languages and gettext catalogues read from the binary (see i18n.h). */
#include "lib/i18n.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/embedded.h"
#include "lib/sort.h"
#include "lib/xalloc.h"

#define LANGS_MAX 16

struct entry {
	char *id;         /* msgid, or msgctxt "\004" msgid */
	char **forms;     /* msgstr, or msgstr[0..n_forms-1] */
	size_t n_forms;
};

struct lang {
	char code[8];
	char *name;
	char *plural;     /* the Plural-Forms rule's expression in n; NULL: English's n != 1 */
	char decimal;     /* the header's X-Decimal-Point, else '.' */
	unsigned long n_plurals;
	struct entry *v;  /* sorted by id */
	size_t n, cap;
};

static struct lang langs[LANGS_MAX] = {{.code = "en", .name = "English", .n_plurals = 2, .decimal = '.'}};
static size_t n_langs = 1;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* ---- plural rules: the C expression of a Plural-Forms header, in n ---- */

struct expr {
	const char *p;
	unsigned long n;
	bool bad;
};

static unsigned long ternary(struct expr *e);

static void
skip_space(struct expr *e)
{
	while (*e->p == ' ' || *e->p == '\t')
		e->p++;
}

static bool
eat(struct expr *e, const char *op)
{
	skip_space(e);
	size_t k = strlen(op);
	if (strncmp(e->p, op, k) != 0)
		return false;
	/* "<" must not take the "<" of "<=", nor "=" anything */
	if (k == 1 && strchr("<>!", op[0]) && e->p[1] == '=')
		return false;
	e->p += k;
	return true;
}

static unsigned long
primary(struct expr *e)
{
	skip_space(e);
	if (eat(e, "!"))
		return !primary(e);
	if (eat(e, "(")) {
		unsigned long v = ternary(e);
		if (!eat(e, ")"))
			e->bad = true;
		return v;
	}
	if (*e->p == 'n') {
		e->p++;
		return e->n;
	}
	if (isdigit((unsigned char)*e->p)) {
		char *end;
		unsigned long v = strtoul(e->p, &end, 10);
		e->p = end;
		return v;
	}
	e->bad = true;
	return 0;
}

static unsigned long
product(struct expr *e)
{
	unsigned long v = primary(e);
	for (;;) {
		if (eat(e, "*"))
			v *= primary(e);
		else if (eat(e, "/")) {
			unsigned long d = primary(e);
			v = d ? v / d : 0;
		} else if (eat(e, "%")) {
			unsigned long d = primary(e);
			v = d ? v % d : 0;
		} else
			return v;
	}
}

static unsigned long
sum(struct expr *e)
{
	unsigned long v = product(e);
	for (;;) {
		if (eat(e, "+"))
			v += product(e);
		else if (eat(e, "-"))
			v -= product(e);
		else
			return v;
	}
}

static unsigned long
relation(struct expr *e)
{
	unsigned long v = sum(e);
	for (;;) {
		if (eat(e, "<="))
			v = v <= sum(e);
		else if (eat(e, ">="))
			v = v >= sum(e);
		else if (eat(e, "<"))
			v = v < sum(e);
		else if (eat(e, ">"))
			v = v > sum(e);
		else
			return v;
	}
}

static unsigned long
equality(struct expr *e)
{
	unsigned long v = relation(e);
	for (;;) {
		if (eat(e, "=="))
			v = v == relation(e);
		else if (eat(e, "!="))
			v = v != relation(e);
		else
			return v;
	}
}

static unsigned long
conjunction(struct expr *e)
{
	unsigned long v = equality(e);
	while (eat(e, "&&")) {
		unsigned long w = equality(e);
		v = v && w;
	}
	return v;
}

static unsigned long
disjunction(struct expr *e)
{
	unsigned long v = conjunction(e);
	while (eat(e, "||")) {
		unsigned long w = conjunction(e);
		v = v || w;
	}
	return v;
}

/* Both branches are read (and worked out: nothing in a rule has an effect), one is kept. */
static unsigned long
ternary(struct expr *e)
{
	unsigned long c = disjunction(e);
	if (!eat(e, "?"))
		return c;
	unsigned long yes = ternary(e);
	if (!eat(e, ":"))
		e->bad = true;
	unsigned long no = ternary(e);
	return c ? yes : no;
}

unsigned long
lang_plural_index(const struct lang *l, unsigned long n)
{
	if (!l || !l->plural)
		return n != 1;
	struct expr e = {l->plural, n, false};
	unsigned long v = ternary(&e);
	skip_space(&e);
	return e.bad || (*e.p && *e.p != ';') || v >= l->n_plurals ? 0 : v;
}

/* ---- reading a catalogue ---- */

/* The C-escaped string between the quotes of LINE, appended to OUT; false when it is not one. */
static bool
append_quoted(const char *line, struct buf *out)
{
	const char *p = strchr(line, '"');
	if (!p)
		return false;
	for (p++; *p && *p != '"'; p++) {
		if (*p != '\\') {
			buf_putc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'n': buf_putc(out, '\n'); break;
		case 't': buf_putc(out, '\t'); break;
		case '"': buf_putc(out, '"'); break;
		case '\\': buf_putc(out, '\\'); break;
		default: return false;
		}
	}
	return *p == '"';
}

struct reading {
	struct lang *l;
	struct buf ctxt, id, forms[8];
	size_t n_forms;
	bool has_id, has_ctxt, fuzzy, in_header_done;
	struct buf *field; /* where a continuation line goes */
};

static void
header_field(const char *header, const char *name, char **out)
{
	const char *p = strstr(header, name);
	if (!p)
		return;
	p += strlen(name);
	size_t n = strcspn(p, "\n");
	free(*out);
	*out = xstrndup(p, n);
}

static void
commit(struct reading *r)
{
	if (!r->has_id)
		return;
	struct lang *l = r->l;
	if (!r->id.len && !r->has_ctxt) {
		/* The header: the plural rule and the language's own name. */
		char *rule = NULL;
		header_field(r->forms[0].data, "X-Language-Name: ", &l->name);
		char *point = NULL;
		header_field(r->forms[0].data, "X-Decimal-Point: ", &point);
		if (point && *point)
			l->decimal = *point;
		free(point);
		header_field(r->forms[0].data, "Plural-Forms: ", &rule);
		const char *np = rule ? strstr(rule, "nplurals=") : NULL, *pl = rule ? strstr(rule, "plural=") : NULL;
		char *end;
		unsigned long n = np ? strtoul(np + 9, &end, 10) : 0;
		if (np && n >= 1 && n <= 8 && (*end == ';' || *end == ' ' || !*end))
			l->n_plurals = n; /* else the default stays: a garbled rule names no count to trust */
		if (pl) {
			l->plural = xstrdup(pl + 7);
			l->plural[strcspn(l->plural, ";")] = 0;
		}
		free(rule);
	} else if (!r->fuzzy && r->n_forms && r->forms[0].len) {
		l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
		struct entry *e = &l->v[l->n++];
		e->id = r->has_ctxt ? xasprintf("%s\004%s", r->ctxt.data, r->id.data) : xstrdup(r->id.data);
		e->n_forms = r->n_forms;
		e->forms = xcalloc(r->n_forms, sizeof *e->forms);
		for (size_t i = 0; i < r->n_forms; i++)
			e->forms[i] = xstrdup(r->forms[i].len ? r->forms[i].data : r->forms[0].data);
	}
	buf_reset(&r->ctxt);
	buf_reset(&r->id);
	for (size_t i = 0; i < 8; i++)
		buf_reset(&r->forms[i]);
	r->n_forms = 0;
	r->has_id = r->has_ctxt = r->fuzzy = false;
	r->field = NULL;
}

static int
entry_order(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->id, ((const struct entry *)b)->id);
}

/* Reads TEXT, a .po file, into L; -1 with the line that is not understood. */
static int
read_po(struct lang *l, const char *text, const char *name)
{
	struct reading r = {.l = l};
	buf_init(&r.ctxt, 0);
	buf_init(&r.id, 0);
	for (size_t i = 0; i < 8; i++)
		buf_init(&r.forms[i], 0);
	int line_no = 0, rc = 0;
	for (const char *p = text; *p && rc == 0;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		p += n + (p[n] == '\n');
		line_no++;
		bool ok = true;
		if (!strncmp(line, "#,", 2)) {
			if (r.has_id && r.n_forms)
				commit(&r);
			r.fuzzy = strstr(line, "fuzzy") != NULL;
		} else if (line[0] == '#' || !line[strspn(line, " \t\r")]) {
			/* a comment, an obsolete entry (#~) or a blank line */
		} else if (!strncmp(line, "msgctxt ", 8)) {
			if (r.n_forms)
				commit(&r);
			r.has_ctxt = true;
			ok = append_quoted(line, r.field = &r.ctxt);
		} else if (!strncmp(line, "msgid ", 6)) {
			if (r.n_forms)
				commit(&r);
			r.has_id = true;
			ok = append_quoted(line, r.field = &r.id);
		} else if (!strncmp(line, "msgid_plural ", 13)) {
			struct buf ignored = BUF_INIT;
			buf_init(&ignored, 0);
			ok = append_quoted(line, &ignored);
			buf_release(&ignored);
			r.field = NULL;
		} else if (!strncmp(line, "msgstr ", 7) || !strncmp(line, "msgstr[", 7)) {
			char *end = line + 7;
			size_t k = line[6] == '[' ? strtoul(line + 7, &end, 10) : 0;
			ok = k < 8 && (line[6] != '[' || (end > line + 7 && *end == ']'));
			if (ok) {
				if (k + 1 > r.n_forms)
					r.n_forms = k + 1;
				ok = append_quoted(line, r.field = &r.forms[k]);
			}
		} else if (line[strspn(line, " \t")] == '"') {
			ok = r.field ? append_quoted(line, r.field) : true; /* a msgid_plural's continuation */
		} else {
			ok = false;
		}
		if (!ok) {
			fprintf(stderr, "caregrid: %s:%d: not understood: %s\n", name, line_no, line);
			rc = -1;
		}
		free(line);
	}
	commit(&r);
	buf_release(&r.ctxt);
	buf_release(&r.id);
	for (size_t i = 0; i < 8; i++)
		buf_release(&r.forms[i]);
	sort_array(l->v, l->n, sizeof *l->v, entry_order);
	return rc;
}

static void
load_all(void)
{
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t k = strlen(f->name);
		if (strncmp(f->name, "po/", 3) != 0 || k < 7 || strcmp(f->name + k - 3, ".po") != 0 ||
		    n_langs == LANGS_MAX)
			continue;
		struct lang *l = &langs[n_langs++];
		snprintf(l->code, sizeof l->code, "%.*s", (int)(k - 6), f->name + 3);
		l->n_plurals = 2;
		l->decimal = '.';
		if (read_po(l, f->data, f->name) < 0)
			abort();
		if (!l->name)
			l->name = xstrdup(l->code);
	}
}

void
i18n_init(void)
{
	pthread_once(&once, load_all);
}

/* ---- lookups ---- */

size_t
lang_count(void)
{
	i18n_init();
	return n_langs;
}

const struct lang *
lang_at(size_t i)
{
	i18n_init();
	return i < n_langs ? &langs[i] : NULL;
}

const struct lang *
lang_find(const char *code)
{
	i18n_init();
	for (size_t i = 0; code && i < n_langs; i++)
		if (strcmp(langs[i].code, code) == 0)
			return &langs[i];
	return NULL;
}

const struct lang *
lang_english(void)
{
	return &langs[0];
}

const char *
lang_code(const struct lang *l)
{
	return l ? l->code : "en";
}

char
lang_decimal_point(const struct lang *l)
{
	return l ? l->decimal : '.';
}

/* Whether the LEN bytes at P are digit groups of three after a first group of one to three: "1", "12,345". */
static bool
grouped(const char *p, size_t len, char sep)
{
	size_t run = 0, groups = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == sep) {
			if (run == 0 || run > 3 || (groups && run != 3))
				return false;
			run = 0, groups++;
		} else if (isdigit((unsigned char)p[i])) {
			run++;
		} else {
			return false;
		}
	}
	return run > 0 && (!groups || run == 3);
}

const char *
lang_number(const struct lang *l, const char *text, char *out, size_t size)
{
	char point = lang_decimal_point(l), group = point == ',' ? '.' : ',';
	char bare[64];
	size_t n = 0;
	snprintf(out, size, "%s", text ? text : "");
	/* Spaces and U+00A0, U+202F between groups ("1 234,5") are dropped; anything longer is no number of ours. */
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0) {
			p++;
			continue;
		}
		if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xaf) {
			p += 2;
			continue;
		}
		if (n + 1 >= sizeof bare)
			return out;
		bare[n++] = *p;
	}
	bare[n] = 0;
	const char *digits = bare + (bare[0] == '-' || bare[0] == '+');
	const char *dot = strchr(digits, point);
	size_t whole = dot ? (size_t)(dot - digits) : strlen(digits);
	/* A lone separator of the other kind that does not group ("4.1" typed in Spanish) is a decimal point too:
	 * people type what their keypad gives; "1.234" in Spanish is still a thousand and more. */
	if (!dot && strchr(digits, group) && !grouped(digits, whole, group)) {
		const char *g = strchr(digits, group);
		if (strchr(g + 1, group))
			return out;
		dot = g, whole = (size_t)(g - digits);
	}
	if (!grouped(digits, whole, group) || (dot && strspn(dot + 1, "0123456789") != strlen(dot + 1)))
		return out;
	size_t k = 0;
	char machine[64];
	for (const char *p = bare; *p && k + 1 < sizeof machine; p++)
		if (p == dot)
			machine[k++] = '.';
		else if (*p != group)
			machine[k++] = *p;
	machine[k] = 0;
	snprintf(out, size, "%s", machine);
	return out;
}

const char *
lang_name(const struct lang *l)
{
	return l ? l->name : "English";
}

const struct lang *
lang_from_accept(const char *header)
{
	const struct lang *best = NULL;
	double best_q = 0;
	for (const char *p = header ? header : ""; *p;) {
		size_t n = strcspn(p, ",");
		char tag[16] = "";
		size_t t = 0;
		const char *q = p + strspn(p, " \t");
		while (t + 1 < sizeof tag && (isalpha((unsigned char)q[t])) && q + t < p + n)
			tag[t] = (char)tolower((unsigned char)q[t]), t++;
		tag[t] = 0;
		double quality = 1;
		const char *qs = strstr(q, ";q=");
		if (qs && qs < p + n) {
			/* A weight is 0 to 1 and ends the element; anything else ("0.5x", "inf") counts as 0. */
			char *end;
			quality = strtod(qs + 3, &end);
			end += strspn(end, " \t");
			if (end == qs + 3 || (end != p + n && *end != ';') || !(quality >= 0 && quality <= 1))
				quality = 0;
		}
		const struct lang *l = lang_find(tag);
		if (l && quality > best_q) {
			best = l;
			best_q = quality;
		}
		p += n + (p[n] == ',');
	}
	return best;
}

static const struct entry *
find(const struct lang *l, const char *msgid)
{
	if (!l || !l->n)
		return NULL;
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->v[mid].id, msgid);
		if (!c)
			return &l->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
tr(const struct lang *l, const char *msgid)
{
	const struct entry *e = find(l, msgid);
	return e ? e->forms[0] : msgid;
}

const char *
trn(const struct lang *l, const char *one, const char *many, unsigned long n)
{
	const struct entry *e = find(l, one);
	if (!e)
		return n == 1 ? one : many;
	unsigned long k = lang_plural_index(l, n);
	return k < e->n_forms ? e->forms[k] : e->forms[0];
}

const char *
lang_date(const struct lang *l, const char *iso, char *out, size_t size)
{
	static const char *const months[] = {N_("January"), N_("February"), N_("March"),     N_("April"),
					     N_("May"),     N_("June"),     N_("July"),      N_("August"),
					     N_("September"), N_("October"), N_("November"), N_("December")};
	int y, m, d;
	char tail;
	if (!iso || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(out, size, "%s", iso ? iso : "");
		return out;
	}
	/* TRANSLATORS: how a day is written: {day} its number, {month} the month's name, {year} the year. */
	const char *pattern = tr(l, "{day} {month} {year}");
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	for (const char *p = pattern; *p;) {
		if (!strncmp(p, "{day}", 5))
			buf_printf(&b, "%d", d), p += 5;
		else if (!strncmp(p, "{month}", 7))
			buf_puts(&b, tr(l, months[m - 1])), p += 7;
		else if (!strncmp(p, "{year}", 6))
			buf_printf(&b, "%d", y), p += 6;
		else
			buf_putc(&b, *p++);
	}
	snprintf(out, size, "%s", b.data);
	buf_release(&b);
	return out;
}

/* Y, M, D of ISO when it is a day ("2026-12-02", or its month "2026-12" when MONTH_ONLY). */
static bool
day_of(const char *iso, bool month_only, int *y, int *m, int *d)
{
	char tail;
	*d = 1;
	if (!iso)
		return false;
	if (month_only && sscanf(iso, "%4d-%2d%c", y, m, &tail) >= 2)
		return *m >= 1 && *m <= 12;
	return sscanf(iso, "%4d-%2d-%2d%c", y, m, d, &tail) == 3 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* TRANSLATORS: a month's name short, in a table or on a chart's axis. */
static const char *const months_short[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
					   N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

const char *
lang_date_short(const struct lang *l, const char *iso, char *out, size_t size)
{
	int y, m, d;
	if (!day_of(iso, false, &y, &m, &d))
		snprintf(out, size, "%s", iso ? iso : "");
	else
		snprintf(out, size, "%d %s %d", d, tr(l, months_short[m - 1]), y);
	return out;
}

const char *
lang_month_short(const struct lang *l, const char *iso, char *out, size_t size)
{
	int y, m, d;
	if (!day_of(iso, true, &y, &m, &d))
		snprintf(out, size, "%s", iso ? iso : "");
	else
		snprintf(out, size, "%s %d", tr(l, months_short[m - 1]), y);
	return out;
}

const char *
lang_figure(const struct lang *l, const char *machine, char *out, size_t size)
{
	char point = lang_decimal_point(l), group = point == ',' ? '.' : ',';
	const char *p = machine ? machine : "";
	size_t sign = *p == '-' || *p == '+', digits = strspn(p + sign, "0123456789");
	const char *rest = p + sign + digits;
	if (!digits || (*rest && *rest != '.') || (*rest && strspn(rest + 1, "0123456789") != strlen(rest + 1))) {
		snprintf(out, size, "%s", p); /* "1e+16", "–": as they are */
		return out;
	}
	size_t k = 0;
	for (size_t i = 0; i < sign + digits && k + 2 < size; i++) {
		out[k++] = p[i];
		size_t left = sign + digits - i - 1;
		if (i >= sign && left && left % 3 == 0 && digits >= 4)
			out[k++] = group;
	}
	if (*rest && k + 1 < size)
		out[k++] = point;
	snprintf(out + k, size - k, "%s", *rest ? rest + 1 : "");
	return out;
}

int
lang_each_entry(const struct lang *l, int (*fn)(void *ctx, const char *msgid, char *const *forms, size_t n_forms),
		void *ctx)
{
	for (size_t i = 0; l && i < l->n; i++) {
		int rc = fn(ctx, l->v[i].id, l->v[i].forms, l->v[i].n_forms);
		if (rc)
			return rc;
	}
	return 0;
}
