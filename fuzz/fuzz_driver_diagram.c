/* fuzz_driver_diagram.c - an aim's driver diagram and its outline (web/aim_diagram.c) over a made-up tree:
 * never a crash or a leak, the words wrapped at any bytes (not UTF-8, one long word, nothing but spaces), links
 * naming drivers and ideas that are not there left out, and every '<' of the words escaped (the SVG and the
 * outline hold as many <text> and <li> tags as the tree asks for, whatever the words). The input: lines, each
 * "pTEXT" a primary driver, "sTEXT" a secondary, "iTEXT" an idea, "lA B" a link from secondary A to primary B
 * (by their order, weak when A is odd), "xA B" idea A on driver B, "mA" a measure on driver A, "cA ACT DAY TEXT" a
 * PDSA cycle on idea A's ramp (ACT and DAY any words, TEXT its plan, prediction and result); an idea's PICK place
 * follows its words' length, one in five none the chart knows. The first line is the aim's statement; the first
 * byte's low bits choose the language. The PICK chart (web/aim_pictures.c) holds a disc for each idea it knows
 * the place of, its list an item an idea; a ramp a step a cycle of its idea, its list an item a cycle. */
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "fuzz.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "web/aim_diagram.h"
#include "web/aim_pictures.h"
#include "web/http.h"

#define MADE_MAX 64

static void
step_line(struct aim_tree *t, const char *rest)
{
	long a = 0;
	char act[16] = "", day[16] = "";
	int used = 0;
	if (sscanf(rest, "%ld %15s %15s %n", &a, act, day, &used) < 3)
		return;
	struct aim_step *st = &t->steps[t->n_steps++];
	memset(st, 0, sizeof *st);
	st->idea_id = a;
	st->step = (long)t->n_steps;
	st->number = a;
	snprintf(st->act, sizeof st->act, "%.7s", act);
	snprintf(st->planned_on, sizeof st->planned_on, "%.10s", day);
	snprintf(st->acted_on, sizeof st->acted_on, "%.10s", a & 1 ? day : "");
	st->plan = xstrdup(rest + used);
	st->prediction = a & 2 ? xstrdup(rest + used) : NULL;
	st->study = xstrdup("");
}

static void
one_line(struct aim_tree *t, const char *line)
{
	long a = 0, b = 0;
	char c = line[0];
	const char *rest = line + (c ? 1 : 0);
	if ((c == 'p' || c == 's') && t->n_drivers < MADE_MAX) {
		struct aim_driver *d = &t->drivers[t->n_drivers];
		d->id = (int64_t)++t->n_drivers;
		strcpy(d->level, c == 'p' ? "primary" : "secondary");
		snprintf(d->text, sizeof d->text, "%s", rest);
	} else if (c == 'i' && t->n_ideas < MADE_MAX) {
		struct aim_idea *i = &t->ideas[t->n_ideas];
		i->id = (int64_t)++t->n_ideas;
		snprintf(i->text, sizeof i->text, "%s", rest);
		static const char *const picks[] = {"possible", "implement", "challenge", "kill", "bogus"};
		strcpy(i->pick, picks[strlen(rest) % 5]);
		strcpy(i->status, t->n_ideas & 1 ? "testing" : "idea");
		i->pdsa_count = (long)t->n_ideas;
	} else if (c == 'l' && t->n_links < MADE_MAX && sscanf(rest, "%ld %ld", &a, &b) == 2) {
		t->links[t->n_links++] = (struct aim_link){a, b, ""};
		strcpy(t->links[t->n_links - 1].strength, a & 1 ? "weak" : "strong");
	} else if (c == 'x' && t->n_idea_drivers < MADE_MAX && sscanf(rest, "%ld %ld", &a, &b) == 2) {
		t->idea_drivers[t->n_idea_drivers++] = (struct aim_idea_driver){a, b};
	} else if (c == 'c' && t->n_steps < MADE_MAX) {
		step_line(t, rest);
	} else if (c == 'm' && t->n_measures < MADE_MAX && sscanf(rest, "%ld", &a) == 1) {
		struct aim_measure_link *m = &t->measures[t->n_measures++];
		*m = (struct aim_measure_link){.driver_id = a, .measure_id = a};
		strcpy(m->kind, "balancing");
		snprintf(m->name, sizeof m->name, "<m%ld>", a);
	}
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The PICK chart and every idea's ramp, with their lists: a disc, an item, a step as the tree asks. */
static void
pictures(struct buf *b, struct request *req, const struct aim_tree *t)
{
	size_t placed = 0;
	for (size_t i = 0; i < t->n_ideas; i++)
		placed += strcmp(t->ideas[i].pick, "bogus") != 0;
	buf_reset(b);
	aim_pick_svg(b, req, t);
	if (count(b->data, "<g class=\"idea ") != placed || count(b->data, "<g class=\"quadrant") != 4 ||
	    count(b->data, "</svg>") != 1)
		abort();
	buf_reset(b);
	aim_pick_list(b, req, t);
	if (count(b->data, "<li") != t->n_ideas)
		abort();
	for (size_t i = 0; i < t->n_ideas; i++) {
		size_t steps = 0;
		for (size_t k = 0; k < t->n_steps; k++)
			steps += t->steps[k].idea_id == t->ideas[i].id;
		buf_reset(b);
		aim_ramp_svg(b, req, t, &t->ideas[i]);
		size_t drawn = count(b->data, "<g class=\"step\" data-step=");
		if (drawn != steps || count(b->data, "<svg") != (steps ? 1 : 0))
			abort();
		buf_reset(b);
		aim_ramp_list(b, req, t, &t->ideas[i]);
		if (count(b->data, "<li") != steps || count(b->data, "<ol") != 1)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"en", "cy", "es", "en"};
	char *text = fuzz_text(data, size);
	struct aim_tree t;
	memset(&t, 0, sizeof t);
	t.drivers = xcalloc(MADE_MAX, sizeof *t.drivers);
	t.ideas = xcalloc(MADE_MAX, sizeof *t.ideas);
	t.links = xcalloc(MADE_MAX, sizeof *t.links);
	t.idea_drivers = xcalloc(MADE_MAX, sizeof *t.idea_drivers);
	t.measures = xcalloc(MADE_MAX, sizeof *t.measures);
	t.steps = xcalloc(MADE_MAX, sizeof *t.steps);
	char *save = NULL, *line = strtok_r(text, "\n", &save);
	snprintf(t.aim.statement, sizeof t.aim.statement, "%s", line ? line : "");
	while (line && (line = strtok_r(NULL, "\n", &save)))
		one_line(&t, line);
	struct unit unit;
	memset(&unit, 0, sizeof unit);
	unit.code = (char *)"U";
	struct request req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	req.lang = lang_find(langs[size ? data[0] & 3 : 0]);
	req.unit = &unit;
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	aim_diagram_svg(&b, &req, &t);
	size_t secondaries = 0;
	for (size_t i = 0; i < t.n_drivers; i++)
		secondaries += strcmp(t.drivers[i].level, "secondary") == 0;
	/* A box a driver, an idea and the aim, and the four column heads: no word makes or eats a tag. */
	if (count(b.data, "<g class=\"node") != 1 + t.n_drivers + t.n_ideas || count(b.data, "<svg") != 1 ||
	    count(b.data, "</svg>") != 1)
		abort();
	buf_reset(&b);
	aim_diagram_outline(&b, &req, &t);
	if (count(b.data, "<ul") != count(b.data, "</ul>") || (t.n_drivers == secondaries && !strstr(b.data, "<li>")))
		abort();
	pictures(&b, &req, &t);
	buf_release(&b);
	arena_free(req.arena);
	for (size_t i = 0; i < t.n_steps; i++) {
		free(t.steps[i].plan);
		free(t.steps[i].prediction);
		free(t.steps[i].study);
	}
	free(t.steps);
	free(t.drivers);
	free(t.ideas);
	free(t.links);
	free(t.idea_drivers);
	free(t.measures);
	free(text);
	return 0;
}
