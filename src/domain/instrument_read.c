/*
 * instrument_read.c - reading an instrument once it is loaded (see instrument.h): finding an item or a level,
 * choosing the translation for a language, and the instrument as JSON in the words of that language. Loading
 * and validating the file is instrument.c's.
 */
#include "domain/instrument.h"

#include <jansson.h>
#include <string.h>

size_t
instrument_item_index(const struct instrument *ins, const char *code)
{
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
			if (strcmp(ins->domains[d].items[j].code, code) == 0)
				return k;
	return (size_t)-1;
}

const struct item *
instrument_find_item(const struct instrument *ins, const char *code, const struct domain **domain_out)
{
	for (size_t i = 0; i < ins->n_domains; i++)
		for (size_t j = 0; j < ins->domains[i].n_items; j++)
			if (strcmp(ins->domains[i].items[j].code, code) == 0) {
				if (domain_out)
					*domain_out = &ins->domains[i];
				return &ins->domains[i].items[j];
			}
	return NULL;
}

const struct level *
instrument_find_level(const struct instrument *ins, long value)
{
	for (size_t i = 0; i < ins->n_levels; i++)
		if (ins->levels[i].value == value)
			return &ins->levels[i];
	return NULL;
}

const struct instrument *
instrument_in(const struct instrument *ins, const char *lang)
{
	if (ins->base)
		ins = ins->base;
	for (size_t i = 0; lang && i < ins->n_translations; i++)
		if (strcmp(ins->translations[i]->lang, lang) == 0)
			return ins->translations[i];
	return ins;
}

static void
set_text(json_t *obj, const char *key, const char *text)
{
	if (text)
		json_object_set_new(obj, key, json_string(text));
}

/* A copy of the English root in the words of the translation INS. */
static json_t *
translated_json(const struct instrument *ins)
{
	json_t *out = json_deep_copy(ins->base->root);
	json_object_del(out, "translations");
	set_text(out, "title", ins->title);
	set_text(out, "subtitle", ins->subtitle);
	set_text(out, "note", ins->note);
	set_text(out, "source", ins->source);
	json_t *scale = json_object_get(out, "scale"), *levels = json_object_get(scale, "levels");
	set_text(scale, "note", ins->scale_note);
	for (size_t i = 0; i < ins->n_levels; i++) {
		set_text(json_array_get(levels, i), "label", ins->levels[i].label);
		set_text(json_array_get(levels, i), "meaning", ins->levels[i].meaning);
	}
	json_t *domains = json_object_get(out, "domains");
	for (size_t i = 0; i < ins->n_domains; i++) {
		json_t *d = json_array_get(domains, i), *items = json_object_get(d, "items");
		set_text(d, "title", ins->domains[i].title);
		set_text(d, "description", ins->domains[i].description);
		for (size_t j = 0; j < ins->domains[i].n_items; j++) {
			const struct item *it = &ins->domains[i].items[j];
			json_t *ji = json_array_get(items, j);
			set_text(ji, "title", it->title);
			set_text(ji, "text", it->text);
			set_text(ji, "from", it->from);
			set_text(ji, "to", it->to);
		}
	}
	return out;
}

json_t *
instrument_to_json(const struct instrument *ins)
{
	json_t *out = ins->base ? translated_json(ins) : json_deep_copy(ins->root);
	const struct instrument *base = ins->base ? ins->base : ins;
	json_t *langs = json_array();
	json_array_append_new(langs, json_string("en"));
	for (size_t i = 0; i < base->n_translations; i++)
		json_array_append_new(langs, json_string(base->translations[i]->lang));
	json_object_set_new(out, "language", json_string(ins->lang ? ins->lang : "en"));
	json_object_set_new(out, "languages", langs);
	json_object_set_new(out, "n_domains", json_integer((json_int_t)ins->n_domains));
	json_object_set_new(out, "n_items", json_integer((json_int_t)ins->n_items));
	return out;
}
