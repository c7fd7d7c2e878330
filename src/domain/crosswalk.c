/* crosswalk.c - related elements across instruments (see crosswalk.h). The file is compiled in; it is parsed
 * once, on first use, under a pthread_once so the server's threads can share it. */
#include "domain/crosswalk.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalog.h"
#include "lib/embedded.h"

static json_t *groups;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	const struct embedded_file *f = embedded_find("crosswalk/crosswalk.json");
	json_t *root = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
	groups = json_incref(json_object_get(root, "groups"));
	json_decref(root);
	if (!groups)
		groups = json_array();
}

static bool
group_has(const json_t *items, const char *instrument, const char *code)
{
	size_t i;
	const json_t *pair;
	json_array_foreach(items, i, pair)
		if (strcmp(json_string_value(json_array_get(pair, 0)), instrument) == 0 &&
		    strcmp(json_string_value(json_array_get(pair, 1)), code) == 0)
			return true;
	return false;
}

void
crosswalk_related(const char *instrument, const char *code, struct strvec *out)
{
	pthread_once(&once, load);
	strvec_pushf(out, "%s %s", instrument, code);
	size_t g;
	const json_t *group;
	json_array_foreach(groups, g, group) {
		const json_t *items = json_object_get(group, "items");
		if (!group_has(items, instrument, code))
			continue;
		size_t i;
		const json_t *pair;
		json_array_foreach(items, i, pair) {
			char one[200];
			snprintf(one, sizeof one, "%s %s", json_string_value(json_array_get(pair, 0)),
				 json_string_value(json_array_get(pair, 1)));
			bool seen = false;
			for (size_t k = 0; k < out->n && !seen; k++)
				seen = strcmp(out->v[k], one) == 0;
			if (!seen)
				strvec_push(out, one);
		}
	}
}

bool
crosswalk_linked(const char *instrument_a, const char *code_a, const char *instrument_b, const char *code_b)
{
	if (strcmp(instrument_a, instrument_b) == 0 && strcmp(code_a, code_b) == 0)
		return true;
	pthread_once(&once, load);
	size_t g;
	const json_t *group;
	json_array_foreach(groups, g, group) {
		const json_t *items = json_object_get(group, "items");
		if (group_has(items, instrument_a, code_a) && group_has(items, instrument_b, code_b))
			return true;
	}
	return false;
}

void
crosswalk_concepts(const char *instrument, const char *code, char *out, size_t size)
{
	pthread_once(&once, load);
	size_t used = 0;
	out[0] = '\0';
	size_t g;
	const json_t *group;
	json_array_foreach(groups, g, group)
		if (group_has(json_object_get(group, "items"), instrument, code) && used < size) {
			int n = snprintf(out + used, size - used, "%s%s", used ? "; " : "",
					 json_string_value(json_object_get(group, "concept")));
			used += n > 0 ? (size_t)n : 0;
		}
}

int
crosswalk_check(const struct catalog *cat, struct strvec *problems)
{
	pthread_once(&once, load);
	size_t before = problems->n;
	size_t g;
	const json_t *group;
	json_array_foreach(groups, g, group) {
		size_t i;
		const json_t *pair;
		json_array_foreach(json_object_get(group, "items"), i, pair) {
			const char *id = json_string_value(json_array_get(pair, 0)),
				   *code = json_string_value(json_array_get(pair, 1));
			const struct instrument *ins = id ? catalog_find(cat, id, 0) : NULL;
			if (!ins || !code || !instrument_find_item(ins, code, NULL))
				problems->n < before + 50
					? strvec_pushf(problems,
						       "crosswalk group %zu names %s %s, which does not exist", g + 1,
						       id ? id : "?", code ? code : "?")
					: (void)0;
		}
	}
	return problems->n > before ? -1 : 0;
}
