/*
 * instrument.c - loading and validating instrument files (see instrument.h, docs/instruments.md); finding
 * things in a loaded one and writing it as JSON is instrument_read.c's.
 *
 * Validation walks the JSON by hand against field tables rather than with json_unpack_ex: an unpack
 * format reports "1 object item(s) left unpacked" with no path, while an author of an instrument needs
 * the exact JSON path and every problem at once. The tables make unknown fields an error, as "!" would.
 */
#include "domain/instrument.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/text.h"
#include "lib/xalloc.h"

const char *const instrument_subjects[] = {"team", "organisation", "individual", NULL};

enum kind { K_STRING, K_INTEGER, K_BOOL, K_OBJECT, K_ARRAY };

struct field {
	const char *name;
	enum kind kind;
	bool required;
};

struct ctx {
	const char *origin;
	struct strvec *problems;
	size_t problems_before;
};

static void problem(struct ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
problem(struct ctx *c, const char *path, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_printf(&b, "%s: %s: ", c->origin, path);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	strvec_push(c->problems, b.data);
	buf_release(&b);
}

static const char *
kind_name(enum kind k)
{
	switch (k) {
	case K_STRING: return "a string";
	case K_INTEGER: return "a whole number";
	case K_BOOL: return "true or false";
	case K_OBJECT: return "an object";
	case K_ARRAY: return "an array";
	}
	return "?";
}

static bool
is_kind(const json_t *v, enum kind k)
{
	switch (k) {
	case K_STRING: return json_is_string(v);
	case K_INTEGER: return json_is_integer(v);
	case K_BOOL: return json_is_boolean(v);
	case K_OBJECT: return json_is_object(v);
	case K_ARRAY: return json_is_array(v);
	}
	return false;
}

/*
 * Checks OBJ (at PATH) against FIELDS: unknown fields, missing required ones, wrong types and empty
 * strings. Returns false when OBJ is not an object at all.
 */
static bool
check_fields(struct ctx *c, const json_t *obj, const char *path, const struct field *fields)
{
	if (!json_is_object(obj)) {
		problem(c, path, "must be an object");
		return false;
	}
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)obj, key, val) {
		const struct field *f = fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (!f->name) {
			struct buf allowed = BUF_INIT;
			buf_init(&allowed, 0);
			for (f = fields; f->name; f++)
				buf_printf(&allowed, "%s%s", f == fields ? "" : ", ", f->name);
			problem(c, path, "unknown field \"%s\" (allowed: %s)", key, allowed.data);
			buf_release(&allowed);
		}
	}
	for (const struct field *f = fields; f->name; f++) {
		json_t *v = json_object_get(obj, f->name);
		if (!v) {
			if (f->required)
				problem(c, path, "missing required field \"%s\"", f->name);
			continue;
		}
		char sub[512];
		snprintf(sub, sizeof sub, "%s.%s", path, f->name);
		if (!is_kind(v, f->kind))
			problem(c, sub, "must be %s", kind_name(f->kind));
		else if (f->kind == K_STRING && text_blank(json_string_value(v)))
			problem(c, sub, "empty text%s", f->required ? "" : " (leave the field out instead)");
	}
	return true;
}

/* The string at KEY when it is a non-blank string, else NULL (the problem was reported by check_fields). */
static const char *
str_field(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_string(v) || text_blank(json_string_value(v)))
		return NULL;
	return json_string_value(v);
}

static void
check_string_array(struct ctx *c, const json_t *root, const char *key)
{
	const json_t *arr = json_object_get(root, key);
	if (!json_is_array(arr))
		return;
	size_t i;
	const json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || text_blank(json_string_value(v))) {
			char p[128];
			snprintf(p, sizeof p, "$.%s[%zu]", key, i);
			problem(c, p, "must be a non-empty string");
		}
	}
}

static void
check_id(struct ctx *c, const char *id)
{
	size_t n = strlen(id);
	bool ok = n > 0 && n <= 64 && (islower((unsigned char)id[0]) || isdigit((unsigned char)id[0]));
	for (size_t i = 0; ok && i < n; i++)
		ok = islower((unsigned char)id[i]) || isdigit((unsigned char)id[i]) || id[i] == '-';
	if (!ok)
		problem(c, "$.id", "\"%s\" is not a valid id: use 1-64 lowercase letters, digits and hyphens, "
			"starting with a letter or digit", id);
}

/* Codes appear in URLs, CSV columns and file names: keep them short and plain. */
static bool
valid_code(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)code[i]) && !strchr("._-", code[i]))
			return false;
	return true;
}

static const struct field root_fields[] = {
	{"id", K_STRING, true},        {"version", K_INTEGER, true},  {"title", K_STRING, true},
	{"subtitle", K_STRING, false}, {"source", K_STRING, false},   {"subject", K_STRING, true},
	{"note", K_STRING, false},     {"scale", K_OBJECT, true},     {"domains", K_ARRAY, true},
	{"resources", K_ARRAY, false}, {"examples_of_practice", K_ARRAY, false}, {"translations", K_OBJECT, false},
	{NULL, 0, false},
};
static const struct field translation_fields[] = {
	{"title", K_STRING, false},  {"subtitle", K_STRING, false},
	{"source", K_STRING, false}, {"note", K_STRING, false},
	{"scale", K_OBJECT, false},  {"domains", K_OBJECT, false},
	{"items", K_OBJECT, false},  {NULL, 0, false},
};
static const struct field translated_scale_fields[] = {
	{"note", K_STRING, false}, {"levels", K_OBJECT, false}, {NULL, 0, false},
};
static const struct field translated_level_fields[] = {
	{"label", K_STRING, false}, {"meaning", K_STRING, false}, {NULL, 0, false},
};
static const struct field translated_domain_fields[] = {
	{"title", K_STRING, false}, {"description", K_STRING, false}, {NULL, 0, false},
};
static const struct field translated_item_fields[] = {
	{"title", K_STRING, false}, {"text", K_STRING, false}, {"from", K_STRING, false}, {"to", K_STRING, false},
	{NULL, 0, false},
};
static const struct field scale_fields[] = {
	{"note", K_STRING, false}, {"levels", K_ARRAY, true}, {"dont_know", K_BOOL, false}, {NULL, 0, false},
};
static const struct field level_fields[] = {
	{"value", K_INTEGER, true}, {"label", K_STRING, true}, {"meaning", K_STRING, false}, {NULL, 0, false},
};
static const struct field domain_fields[] = {
	{"code", K_STRING, true}, {"title", K_STRING, true}, {"description", K_STRING, false},
	{"items", K_ARRAY, true}, {NULL, 0, false},
};
static const struct field item_fields[] = {
	{"code", K_STRING, true}, {"title", K_STRING, false}, {"text", K_STRING, false},
	{"from", K_STRING, false}, {"to", K_STRING, false}, {"check", K_OBJECT, false}, {NULL, 0, false},
};
static const struct field check_fields_def[] = {
	{"registered_population", K_OBJECT, false}, {NULL, 0, false},
};
static const struct field bounds_fields[] = {
	{"min", K_INTEGER, true}, {"max", K_INTEGER, true}, {NULL, 0, false},
};

static void
check_scale(struct ctx *c, const json_t *scale)
{
	if (!check_fields(c, scale, "$.scale", scale_fields))
		return;
	const json_t *levels = json_object_get(scale, "levels");
	if (!json_is_array(levels))
		return;
	if (json_array_size(levels) < 2) {
		problem(c, "$.scale.levels", "a scale needs at least 2 levels, found %zu", json_array_size(levels));
		return;
	}
	size_t i;
	const json_t *lv;
	bool have_prev = false;
	json_int_t prev = 0;
	json_array_foreach(levels, i, lv) {
		char p[128];
		snprintf(p, sizeof p, "$.scale.levels[%zu]", i);
		if (!check_fields(c, lv, p, level_fields))
			continue;
		const json_t *v = json_object_get(lv, "value");
		if (!json_is_integer(v))
			continue;
		json_int_t val = json_integer_value(v);
		snprintf(p, sizeof p, "$.scale.levels[%zu].value", i);
		if (val < -1000000 || val > 1000000)
			problem(c, p, "%lld is out of range (-1000000 to 1000000)", (long long)val);
		else if (have_prev && val == prev)
			problem(c, p, "duplicate value %lld", (long long)val);
		else if (have_prev && val < prev)
			problem(c, p, "levels must be in increasing order of value: %lld follows %lld",
				(long long)val, (long long)prev);
		have_prev = true;
		prev = val;
	}
}

static void
check_population(struct ctx *c, const json_t *check, const char *path)
{
	if (!check_fields(c, check, path, check_fields_def))
		return;
	const json_t *rp = json_object_get(check, "registered_population");
	if (!rp)
		return;
	char p[600];
	snprintf(p, sizeof p, "%s.registered_population", path);
	if (!check_fields(c, rp, p, bounds_fields))
		return;
	const json_t *mn = json_object_get(rp, "min"), *mx = json_object_get(rp, "max");
	if (!json_is_integer(mn) || !json_is_integer(mx))
		return;
	if (json_integer_value(mn) < 0)
		problem(c, p, "min must not be negative");
	else if (json_integer_value(mx) < json_integer_value(mn))
		problem(c, p, "max (%lld) is below min (%lld)", (long long)json_integer_value(mx),
			(long long)json_integer_value(mn));
}

/* The codes met so far, with the path where each was first seen, to report duplicates. */
struct seen_code {
	const char *code;
	char *path; /* owned */
};

struct seen {
	struct seen_code *v;
	size_t n, cap;
};

static void
seen_check_add(struct ctx *c, struct seen *s, const char *code, const char *path, const char *what)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].code, code) == 0) {
			problem(c, path, "duplicate %s code \"%s\" (first at %s)", what, code, s->v[i].path);
			return;
		}
	s->v = xgrow(s->v, sizeof *s->v, s->n + 1, &s->cap);
	s->v[s->n].code = code;
	s->v[s->n].path = xstrdup(path);
	s->n++;
}

static void
seen_release(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
}

static void
check_item(struct ctx *c, const json_t *item, const char *path, struct seen *items)
{
	if (!check_fields(c, item, path, item_fields))
		return;
	char p[512];
	const char *code = str_field(item, "code");
	if (code) {
		snprintf(p, sizeof p, "%s.code", path);
		if (!valid_code(code))
			problem(c, p, "\"%s\" is not a valid code: use 1-16 letters, digits, '.', '_' or '-'", code);
		else
			seen_check_add(c, items, code, p, "item");
	}
	bool has_text = json_object_get(item, "text") != NULL;
	bool has_from = json_object_get(item, "from") != NULL, has_to = json_object_get(item, "to") != NULL;
	if (has_from != has_to)
		problem(c, path, "a from -> to item needs both \"from\" and \"to\"");
	else if (!has_text && !has_from)
		problem(c, path, "an item needs \"text\" (or \"from\" and \"to\" for a from -> to item)");
	const json_t *check = json_object_get(item, "check");
	if (check) {
		snprintf(p, sizeof p, "%s.check", path);
		check_population(c, check, p);
	}
}

static void
check_domains(struct ctx *c, const json_t *domains)
{
	if (json_array_size(domains) == 0) {
		problem(c, "$.domains", "an instrument needs at least one domain");
		return;
	}
	struct seen dseen = {0}, iseen = {0};
	size_t i;
	const json_t *d;
	json_array_foreach(domains, i, d) {
		char p[256];
		snprintf(p, sizeof p, "$.domains[%zu]", i);
		if (!check_fields(c, d, p, domain_fields))
			continue;
		const char *code = str_field(d, "code");
		if (code) {
			char cp[300];
			snprintf(cp, sizeof cp, "%s.code", p);
			if (!valid_code(code))
				problem(c, cp, "\"%s\" is not a valid code: use 1-16 letters, digits, '.', '_' or '-'",
					code);
			else
				seen_check_add(c, &dseen, code, cp, "domain");
		}
		const json_t *items = json_object_get(d, "items");
		if (!json_is_array(items))
			continue;
		if (json_array_size(items) == 0) {
			char ip[300];
			snprintf(ip, sizeof ip, "%s.items", p);
			problem(c, ip, "a domain needs at least one item");
		}
		size_t j;
		const json_t *it;
		json_array_foreach(items, j, it) {
			char ip[300];
			snprintf(ip, sizeof ip, "%s.items[%zu]", p, j);
			check_item(c, it, ip, &iseen);
		}
	}
	seen_release(&dseen);
	seen_release(&iseen);
}

/* ---- translations ---- */

/* Each English text of ENGLISH named in NAMES (NULL-terminated) that TRANSLATED lacks is added to MISSING as
 * PREFIX + name ("items.D1.text"). */
static void
need_texts(const json_t *english, const json_t *translated, const char *const *names, const char *prefix,
	   struct strvec *missing)
{
	for (const char *const *n = names; *n; n++)
		if (str_field(english, *n) && !str_field(translated, *n))
			strvec_pushf(missing, "%s%s", prefix, *n);
}

/* Keys of MAP (at PATH) that name nothing of the instrument: KNOWN(key) false. */
static void
no_strangers(struct ctx *c, const json_t *map, const char *path, const struct field *fields, const char *what,
	     bool (*known)(const json_t *root, const char *key), const json_t *root)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)map, key, v) {
		char p[600];
		snprintf(p, sizeof p, "%s.%s", path, key);
		if (!known(root, key))
			problem(c, p, "there is no %s \"%s\" in the instrument", what, key);
		else
			check_fields(c, v, p, fields);
	}
}

static bool
level_known(const json_t *root, const char *key)
{
	size_t i;
	const json_t *lv;
	json_array_foreach(json_object_get(json_object_get(root, "scale"), "levels"), i, lv) {
		char v[32];
		snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(lv, "value")));
		if (strcmp(v, key) == 0)
			return true;
	}
	return false;
}

static bool
domain_known(const json_t *root, const char *key)
{
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(root, "domains"), i, d)
		if (strcmp(str_field(d, "code"), key) == 0)
			return true;
	return false;
}

static bool
item_known(const json_t *root, const char *key)
{
	size_t i, j;
	const json_t *d, *it;
	json_array_foreach(json_object_get(root, "domains"), i, d)
		json_array_foreach(json_object_get(d, "items"), j, it)
			if (strcmp(str_field(it, "code"), key) == 0)
				return true;
	return false;
}

/* One language: its fields well formed, nothing it names unknown, and every text the English has given. */
static void
check_translation(struct ctx *c, const json_t *root, const char *lang, const json_t *t)
{
	char path[64];
	snprintf(path, sizeof path, "$.translations.%s", lang);
	bool code_ok = strlen(lang) >= 2 && strlen(lang) <= 3 && strcmp(lang, "en") != 0;
	for (const char *p = lang; code_ok && *p; p++)
		code_ok = islower((unsigned char)*p);
	if (!code_ok) {
		problem(c, path, "\"%s\" is not a language code: two or three lowercase letters (cy, es), not en",
			lang);
		return;
	}
	if (!check_fields(c, t, path, translation_fields))
		return;
	struct strvec missing = STRVEC_INIT;
	static const char *const top[] = {"title", "subtitle", "note", NULL};
	need_texts(root, t, top, "", &missing);
	const json_t *scale = json_object_get(root, "scale"), *tscale = json_object_get(t, "scale");
	const json_t *tlevels = json_object_get(tscale, "levels");
	char sub[128];
	if (tscale) {
		snprintf(sub, sizeof sub, "%s.scale", path);
		check_fields(c, tscale, sub, translated_scale_fields);
	}
	static const char *const scale_texts[] = {"note", NULL};
	need_texts(scale, tscale, scale_texts, "scale.", &missing);
	if (json_is_object(tlevels)) {
		snprintf(sub, sizeof sub, "%s.scale.levels", path);
		no_strangers(c, tlevels, sub, translated_level_fields, "level of value", level_known, root);
	}
	size_t i, j;
	const json_t *lv, *d, *it;
	json_array_foreach(json_object_get(scale, "levels"), i, lv) {
		char v[32], prefix[64];
		snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(lv, "value")));
		snprintf(prefix, sizeof prefix, "scale.levels.%s.", v);
		static const char *const level_texts[] = {"label", "meaning", NULL};
		need_texts(lv, json_object_get(tlevels, v), level_texts, prefix, &missing);
	}
	const json_t *tdomains = json_object_get(t, "domains"), *titems = json_object_get(t, "items");
	if (json_is_object(tdomains)) {
		snprintf(sub, sizeof sub, "%s.domains", path);
		no_strangers(c, tdomains, sub, translated_domain_fields, "domain", domain_known, root);
	}
	if (json_is_object(titems)) {
		snprintf(sub, sizeof sub, "%s.items", path);
		no_strangers(c, titems, sub, translated_item_fields, "item", item_known, root);
	}
	json_array_foreach(json_object_get(root, "domains"), i, d) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "domains.%s.", str_field(d, "code"));
		static const char *const domain_texts[] = {"title", "description", NULL};
		need_texts(d, json_object_get(tdomains, str_field(d, "code")), domain_texts, prefix, &missing);
		json_array_foreach(json_object_get(d, "items"), j, it) {
			snprintf(prefix, sizeof prefix, "items.%s.", str_field(it, "code"));
			static const char *const item_texts[] = {"title", "text", "from", "to", NULL};
			need_texts(it, json_object_get(titems, str_field(it, "code")), item_texts, prefix, &missing);
		}
	}
	if (missing.n) {
		struct buf list = BUF_INIT;
		buf_init(&list, 0);
		for (size_t k = 0; k < missing.n; k++)
			buf_printf(&list, "%s%s", k ? ", " : "", missing.v[k]);
		problem(c, path, "incomplete: a language must give every text; missing %s", list.data);
		buf_release(&list);
	}
	strvec_clear(&missing);
}

static void
check_translations(struct ctx *c, const json_t *root, const json_t *translations)
{
	const char *lang;
	json_t *t;
	json_object_foreach((json_t *)translations, lang, t)
		check_translation(c, root, lang, t);
}

static void
validate(struct ctx *c, const json_t *root)
{
	if (!check_fields(c, root, "$", root_fields))
		return;
	const char *id = str_field(root, "id");
	if (id)
		check_id(c, id);
	const json_t *ver = json_object_get(root, "version");
	if (json_is_integer(ver) && (json_integer_value(ver) < 1 || json_integer_value(ver) > 1000000))
		problem(c, "$.version", "must be a whole number from 1 to 1000000, found %lld",
			(long long)json_integer_value(ver));
	const char *subject = str_field(root, "subject");
	if (subject) {
		const char *const *s = instrument_subjects;
		while (*s && strcmp(*s, subject) != 0)
			s++;
		if (!*s)
			problem(c, "$.subject", "\"%s\" is not a subject: use team, organisation or individual",
				subject);
	}
	const json_t *scale = json_object_get(root, "scale");
	if (scale)
		check_scale(c, scale);
	const json_t *domains = json_object_get(root, "domains");
	if (json_is_array(domains))
		check_domains(c, domains);
	check_string_array(c, root, "resources");
	check_string_array(c, root, "examples_of_practice");
	const json_t *translations = json_object_get(root, "translations");
	if (json_is_object(translations) && c->problems->n == c->problems_before)
		check_translations(c, root, translations);
}

/* The text of FIELD in the translation T of an object (NULL when the English has none either: then none). */
static const char *
translated(const json_t *t, const char *field, const char *english)
{
	return english ? str_field(t, field) : NULL;
}

/* BASE in the language LANG of T (validated complete): the same codes, values and order, T's words. */
static struct instrument *
translate(const struct instrument *base, const char *lang, const json_t *t)
{
	struct instrument *ins = xcalloc(1, sizeof *ins);
	*ins = *base;
	ins->lang = lang;
	ins->base = base;
	ins->translations = NULL;
	ins->n_translations = 0;
	ins->origin = NULL;
	ins->canonical = NULL;
	ins->root = NULL;
	ins->title = str_field(t, "title");
	ins->subtitle = translated(t, "subtitle", base->subtitle);
	ins->note = translated(t, "note", base->note);
	ins->source = str_field(t, "source") ? str_field(t, "source") : base->source;
	const json_t *scale = json_object_get(t, "scale"), *levels = json_object_get(scale, "levels");
	ins->scale_note = translated(scale, "note", base->scale_note);
	ins->levels = xmemdup(base->levels, base->n_levels * sizeof *base->levels);
	for (size_t i = 0; i < ins->n_levels; i++) {
		char v[32];
		snprintf(v, sizeof v, "%ld", base->levels[i].value);
		const json_t *lv = json_object_get(levels, v);
		ins->levels[i].label = str_field(lv, "label");
		ins->levels[i].meaning = translated(lv, "meaning", base->levels[i].meaning);
	}
	const json_t *domains = json_object_get(t, "domains"), *items = json_object_get(t, "items");
	ins->domains = xmemdup(base->domains, base->n_domains * sizeof *base->domains);
	for (size_t i = 0; i < ins->n_domains; i++) {
		struct domain *d = &ins->domains[i];
		const json_t *td = json_object_get(domains, d->code);
		d->title = str_field(td, "title");
		d->description = translated(td, "description", base->domains[i].description);
		d->items = xmemdup(base->domains[i].items, d->n_items * sizeof *d->items);
		for (size_t j = 0; j < d->n_items; j++) {
			struct item *it = &d->items[j];
			const struct item *en = &base->domains[i].items[j];
			const json_t *ti = json_object_get(items, it->code);
			it->title = translated(ti, "title", en->title);
			it->text = translated(ti, "text", en->text);
			it->from = translated(ti, "from", en->from);
			it->to = translated(ti, "to", en->to);
		}
	}
	return ins;
}

/* Builds the struct from a root that passed validation: every field read here was checked above. */
static struct instrument *
build(json_t *root, const char *origin)
{
	struct instrument *ins = xcalloc(1, sizeof *ins);
	ins->root = root;
	ins->origin = xstrdup(origin);
	ins->id = str_field(root, "id");
	ins->version = (long)json_integer_value(json_object_get(root, "version"));
	ins->title = str_field(root, "title");
	ins->subtitle = str_field(root, "subtitle");
	ins->source = str_field(root, "source");
	ins->note = str_field(root, "note");
	ins->subject = str_field(root, "subject");

	const json_t *scale = json_object_get(root, "scale");
	ins->scale_note = str_field(scale, "note");
	ins->dont_know = json_is_true(json_object_get(scale, "dont_know"));
	const json_t *levels = json_object_get(scale, "levels");
	ins->n_levels = json_array_size(levels);
	ins->levels = xcalloc(ins->n_levels, sizeof *ins->levels);
	for (size_t i = 0; i < ins->n_levels; i++) {
		const json_t *lv = json_array_get(levels, i);
		ins->levels[i].value = (long)json_integer_value(json_object_get(lv, "value"));
		ins->levels[i].label = str_field(lv, "label");
		ins->levels[i].meaning = str_field(lv, "meaning");
	}

	const json_t *domains = json_object_get(root, "domains");
	ins->n_domains = json_array_size(domains);
	ins->domains = xcalloc(ins->n_domains, sizeof *ins->domains);
	for (size_t i = 0; i < ins->n_domains; i++) {
		const json_t *d = json_array_get(domains, i);
		struct domain *dom = &ins->domains[i];
		dom->code = str_field(d, "code");
		dom->title = str_field(d, "title");
		dom->description = str_field(d, "description");
		const json_t *items = json_object_get(d, "items");
		dom->n_items = json_array_size(items);
		dom->items = xcalloc(dom->n_items, sizeof *dom->items);
		for (size_t j = 0; j < dom->n_items; j++) {
			const json_t *it = json_array_get(items, j);
			struct item *item = &dom->items[j];
			item->code = str_field(it, "code");
			item->title = str_field(it, "title");
			item->text = str_field(it, "text");
			item->from = str_field(it, "from");
			item->to = str_field(it, "to");
			const json_t *rp = json_object_get(json_object_get(it, "check"), "registered_population");
			if (rp) {
				item->has_population_check = true;
				item->population_min = (long)json_integer_value(json_object_get(rp, "min"));
				item->population_max = (long)json_integer_value(json_object_get(rp, "max"));
			}
		}
		ins->n_items += dom->n_items;
	}

	ins->canonical = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	/* The hash leaves the translations out: they may be added or mended without a new version. */
	json_t *plain = json_object_get(root, "translations") ? json_deep_copy(root) : NULL;
	if (plain)
		json_object_del(plain, "translations");
	char *hashed = plain ? json_dumps(plain, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII) : ins->canonical;
	json_decref(plain);
	if (!ins->canonical || !hashed) {
		fprintf(stderr, "caregrid: out of memory serialising an instrument\n");
		abort();
	}
	unsigned char digest[32];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)hashed, strlen(hashed), NULL, 0);
	sodium_bin2hex(ins->hash, sizeof ins->hash, digest, sizeof digest);
	if (hashed != ins->canonical)
		free(hashed);
	const char *lang;
	json_t *t;
	json_object_foreach(json_object_get(root, "translations"), lang, t) {
		ins->translations = xrealloc(ins->translations, (ins->n_translations + 1) * sizeof *ins->translations);
		ins->translations[ins->n_translations++] = translate(ins, lang, t);
	}
	return ins;
}

struct instrument *
instrument_parse(const char *text, size_t len, const char *origin, struct strvec *problems)
{
	struct ctx c = {origin, problems, problems->n};
	if (len > INSTRUMENT_MAX_BYTES) {
		strvec_pushf(problems, "%s: file is %zu bytes, larger than the %d-byte limit", origin, len,
			     INSTRUMENT_MAX_BYTES);
		return NULL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		strvec_pushf(problems, "%s:%d:%d: invalid JSON: %s", origin, jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	validate(&c, root);
	if (problems->n > c.problems_before) {
		json_decref(root);
		return NULL;
	}
	return build(root, origin);
}

struct instrument *
instrument_load_file(const char *path, struct strvec *problems)
{
	struct buf b = BUF_INIT;
	buf_init(&b, INSTRUMENT_MAX_BYTES + 1);
	struct instrument *ins = NULL;
	if (buf_read_file(&b, path) < 0) {
		if (errno == EFBIG)
			strvec_pushf(problems, "%s: file is larger than the %d-byte limit", path,
				     INSTRUMENT_MAX_BYTES);
		else
			strvec_pushf(problems, "%s: cannot read: %s", path, strerror(errno));
	} else {
		ins = instrument_parse(b.data, b.len, path, problems);
	}
	buf_release(&b);
	return ins;
}

void
instrument_free(struct instrument *ins)
{
	if (!ins)
		return;
	for (size_t i = 0; i < ins->n_translations; i++)
		instrument_free(ins->translations[i]);
	free(ins->translations);
	for (size_t i = 0; i < ins->n_domains; i++)
		free(ins->domains[i].items);
	free(ins->domains);
	free(ins->levels);
	free(ins->canonical);
	free(ins->origin);
	json_decref(ins->root);
	free(ins);
}
