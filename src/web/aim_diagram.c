/*
 * aim_diagram.c - an aim's driver diagram drawn as inline SVG in four columns (the aim, primary drivers,
 * secondary drivers, change ideas), solid links for strong ones and dashed for weak, each idea with its status
 * colour and PDSA count, each driver with a small chart icon per measure linking to that measure's chart; and
 * the same diagram as an outline (nested lists), which is its text alternative, what screen readers and phones
 * read, and what a narrow screen shows instead of the picture (caregrid.css). Words are wrapped into lines
 * short enough to stay inside their box with WCAG 1.4.12's text spacing (tests/browser/spacing-print.mjs).
 */
#include "web/aim_diagram.h"

#include <stdio.h>
#include <string.h>

#include "lib/html.h"
#include "web/page.h"

#define COL_W 240
#define COL_GAP 30
#define LINE_H 19
#define PAD 10
#define WRAP 22 /* characters a line: 22 of 14-px type with letter and word spacing fit 220 px */
#define LINES_MAX 12
#define TOP 44

const char *
aim_status_words(const struct request *req, const char *status)
{
	return strcmp(status, "active") == 0     ? _("active")
	       : strcmp(status, "achieved") == 0 ? _("achieved")
	       : strcmp(status, "closed") == 0   ? _("closed")
						 : status;
}

const char *
aim_pick_words(const struct request *req, const char *pick)
{
	return strcmp(pick, "possible") == 0    ? _("possible")
	       : strcmp(pick, "implement") == 0 ? _("implement")
	       : strcmp(pick, "challenge") == 0 ? _("challenge")
	       : strcmp(pick, "kill") == 0      ? _("kill")
						: pick;
}

const char *
aim_idea_status_words(const struct request *req, const char *status)
{
	return strcmp(status, "idea") == 0        ? _("idea")
	       : strcmp(status, "testing") == 0   ? _("testing")
	       : strcmp(status, "adopted") == 0   ? _("adopted")
	       : strcmp(status, "abandoned") == 0 ? _("abandoned")
	       : strcmp(status, "spread") == 0    ? _("spread")
						  : status;
}

const char *
aim_kind_words(const struct request *req, const char *kind)
{
	return strcmp(kind, "outcome") == 0     ? _("outcome")
	       : strcmp(kind, "process") == 0   ? _("process")
	       : strcmp(kind, "balancing") == 0 ? _("balancing")
						: kind;
}

/* TEXT cut into lines of at most WRAP characters (UTF-8: a character is a lead byte), between words where it
 * can be; into LINES (in the arena). How many. */
static size_t
wrap(struct request *req, const char *text, const char **lines)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (*p && n < LINES_MAX) {
		while (*p == ' ')
			p++;
		const unsigned char *q = p, *space = NULL;
		int chars = 0;
		while (*q && chars < WRAP) {
			if (*q == ' ')
				space = q;
			q++;
			while ((*q & 0xC0) == 0x80)
				q++;
			chars++;
		}
		const unsigned char *end = *q && *q != ' ' && space ? space : q;
		if (end == p)
			break;
		lines[n++] = arena_printf(req->arena, "%.*s", (int)(end - p), (const char *)p);
		p = end;
	}
	return n;
}

struct node {
	int64_t id;
	int col, y, h;
};

static const struct node *
node_of(const struct node *v, size_t n, int col, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].col == col && v[i].id == id)
			return &v[i];
	return NULL;
}

static int
col_x(int col)
{
	return 10 + col * (COL_W + COL_GAP);
}

/* The words of a box: LINES of text from FIRST_Y. */
static void
box_text(struct buf *b, const char **lines, size_t n, int x, int y, const char *cls)
{
	html_printf(b, "<text class=\"%s\" x=\"%d\" y=\"%d\">", cls, x + PAD, y);
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<tspan x=\"%d\" dy=\"%d\">%s</tspan>", x + PAD, i ? LINE_H : 0, lines[i]);
	buf_puts(b, "</text>");
}

/* A driver's measure icons: a small run chart per measure, linking to its chart. */
static void
measure_icons(struct buf *b, struct request *req, const struct aim_tree *t, int64_t driver, int x, int y)
{
	int k = 0;
	for (size_t i = 0; i < t->n_measures; i++) {
		const struct aim_measure_link *m = &t->measures[i];
		if (m->driver_id != driver)
			continue;
		int ix = x + PAD + k++ * 30;
		const char *label = arena_printf(req->arena, _("%s (%s measure): its chart"), m->name,
						 aim_kind_words(req, m->kind));
		html_printf(b,
			    "<a href=\"/units/%s/measures/%lld\" aria-label=\"%s\"><title>%s</title>"
			    "<rect class=\"icon\" x=\"%d\" y=\"%d\" width=\"26\" height=\"20\" rx=\"3\"/>"
			    "<polyline class=\"icon-line\" points=\"%d,%d %d,%d %d,%d %d,%d\"/></a>",
			    req->unit->code, (long long)m->measure_id, label, label, ix, y, ix + 3, y + 15, ix + 9,
			    y + 8, ix + 15, y + 12, ix + 23, y + 4);
	}
}

static bool
has_measures(const struct aim_tree *t, int64_t driver)
{
	for (size_t i = 0; i < t->n_measures; i++)
		if (t->measures[i].driver_id == driver)
			return true;
	return false;
}

/* Draws the boxes of one column; their places into V. The column's height. */
static int
driver_column(struct buf *b, struct request *req, const struct aim_tree *t, const char *level, int col, struct node *v,
	      size_t *nv)
{
	int y = TOP;
	for (size_t i = 0; i < t->n_drivers; i++) {
		const struct aim_driver *d = &t->drivers[i];
		if (strcmp(d->level, level) != 0)
			continue;
		const char *lines[LINES_MAX];
		size_t n = wrap(req, d->text, lines);
		bool icons = has_measures(t, d->id);
		int h = PAD * 2 + (int)n * LINE_H + (icons ? 26 : 0), x = col_x(col);
		html_printf(b, "<g class=\"node %s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>",
			    level, x, y, COL_W, h);
		box_text(b, lines, n, x, y + PAD + 14, "words");
		if (icons)
			measure_icons(b, req, t, d->id, x, y + PAD + (int)n * LINE_H + 2);
		buf_puts(b, "</g>\n");
		v[(*nv)++] = (struct node){d->id, col, y, h};
		y += h + 16;
	}
	return y;
}

static int
idea_column(struct buf *b, struct request *req, const struct aim_tree *t, struct node *v, size_t *nv)
{
	int y = TOP, x = col_x(3);
	for (size_t i = 0; i < t->n_ideas; i++) {
		const struct aim_idea *idea = &t->ideas[i];
		const char *lines[LINES_MAX + 1];
		size_t n = wrap(req, idea->text, lines);
		lines[n++] = arena_printf(req->arena, _("PDSA %ld · %s"), idea->pdsa_count,
					  aim_idea_status_words(req, idea->status));
		int h = PAD * 2 + (int)n * LINE_H;
		/* Its colour by status (caregrid.css), its status in words too. */
		html_printf(b,
			    "<g class=\"node idea %s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>",
			    idea->status, x, y, COL_W, h);
		box_text(b, lines, n - 1, x, y + PAD + 14, "words");
		html_printf(b, "<text class=\"count\" x=\"%d\" y=\"%d\">%s</text></g>\n", x + PAD,
			    y + PAD + 14 + (int)(n - 1) * LINE_H, lines[n - 1]);
		v[(*nv)++] = (struct node){idea->id, 3, y, h};
		y += h + 16;
	}
	return y;
}

static void
link_path(struct buf *b, const struct node *from, const struct node *to, bool weak)
{
	int x1 = col_x(from->col) + COL_W, y1 = from->y + from->h / 2, x2 = col_x(to->col), y2 = to->y + to->h / 2;
	html_printf(b, "<path class=\"link%R\" d=\"M%d %d C%d %d %d %d %d %d\"/>\n", weak ? " weak" : "", x1, y1,
		    x1 + COL_GAP / 2, y1, x2 - COL_GAP / 2, y2, x2, y2);
}

static void
links(struct buf *b, const struct aim_tree *t, const struct node *v, size_t nv)
{
	const struct node *aim = node_of(v, nv, 0, 0);
	for (size_t i = 0; i < nv; i++)
		if (v[i].col == 1)
			link_path(b, aim, &v[i], false);
	for (size_t i = 0; i < t->n_links; i++) {
		const struct node *p = node_of(v, nv, 1, t->links[i].primary_id),
				  *s = node_of(v, nv, 2, t->links[i].secondary_id);
		if (p && s)
			link_path(b, p, s, strcmp(t->links[i].strength, "weak") == 0);
	}
	for (size_t i = 0; i < t->n_idea_drivers; i++) {
		const struct node *d = node_of(v, nv, 2, t->idea_drivers[i].driver_id),
				  *idea = node_of(v, nv, 3, t->idea_drivers[i].idea_id);
		if (!d)
			d = node_of(v, nv, 1, t->idea_drivers[i].driver_id);
		if (d && idea)
			link_path(b, d, idea, false);
	}
}

void
aim_diagram_svg(struct buf *b, struct request *req, const struct aim_tree *t)
{
	size_t cap = 1 + t->n_drivers + t->n_ideas, nv = 0;
	struct node *v = arena_alloc(req->arena, cap * sizeof *v);
	struct buf body = BUF_INIT;
	buf_init(&body, 0);
	const char *lines[LINES_MAX];
	size_t n = wrap(req, t->aim.statement, lines);
	int aim_h = PAD * 2 + (int)n * LINE_H;
	html_printf(&body, "<g class=\"node aim\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>",
		    col_x(0), TOP, COL_W, aim_h);
	box_text(&body, lines, n, col_x(0), TOP + PAD + 14, "words");
	buf_puts(&body, "</g>\n");
	v[nv++] = (struct node){0, 0, TOP, aim_h};
	int height = TOP + aim_h;
	int h1 = driver_column(&body, req, t, "primary", 1, v, &nv),
	    h2 = driver_column(&body, req, t, "secondary", 2, v, &nv), h3 = idea_column(&body, req, t, v, &nv);
	height = height > h1 ? height : h1;
	height = height > h2 ? height : h2;
	height = (height > h3 ? height : h3) + 10;
	int width = col_x(4) - COL_GAP + 10;
	html_printf(b,
		    "<svg class=\"chart driver\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"group\" "
		    "aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>\n",
		    width, height, width, height, _("Driver diagram: the outline below says the same in words"),
		    _("Driver diagram"));
	static const char *const heads[] = {N_("Aim"), N_("Primary drivers"), N_("Secondary drivers"),
					    N_("Change ideas")};
	for (int c = 0; c < 4; c++)
		html_printf(b, "<text class=\"head\" x=\"%d\" y=\"24\">%s</text>", col_x(c), _(heads[c]));
	links(b, t, v, nv);
	buf_add(b, body.data, body.len);
	buf_release(&body);
	buf_puts(b, "</svg>\n");
}

/* The measures of driver ID, as words after it in the outline. */
static void
outline_measures(struct buf *b, struct request *req, const struct aim_tree *t, int64_t id)
{
	for (size_t i = 0; i < t->n_measures; i++)
		if (t->measures[i].driver_id == id)
			html_printf(b, _(" · <a href=\"/units/%s/measures/%lld\">%s</a> (%s measure)"), req->unit->code,
				    (long long)t->measures[i].measure_id, t->measures[i].name,
				    aim_kind_words(req, t->measures[i].kind));
}

/* The ideas acting on driver ID, as a nested list. */
static void
outline_ideas(struct buf *b, struct request *req, const struct aim_tree *t, int64_t id)
{
	bool any = false;
	for (size_t i = 0; i < t->n_idea_drivers; i++) {
		if (t->idea_drivers[i].driver_id != id)
			continue;
		for (size_t k = 0; k < t->n_ideas; k++) {
			const struct aim_idea *idea = &t->ideas[k];
			if (idea->id != t->idea_drivers[i].idea_id)
				continue;
			if (!any)
				buf_puts(b, "<ul>");
			any = true;
			html_printf(b, _("<li>Change idea: %s (%s; PICK: %s; PDSA cycles: %ld)</li>"), idea->text,
				    aim_idea_status_words(req, idea->status), aim_pick_words(req, idea->pick),
				    idea->pdsa_count);
		}
	}
	if (any)
		buf_puts(b, "</ul>");
}

void
aim_diagram_outline(struct buf *b, struct request *req, const struct aim_tree *t)
{
	html_printf(b, _("<ul class=\"outline\" id=\"outline\"><li>Aim: %s<ul>"), t->aim.statement);
	size_t primaries = 0;
	for (size_t i = 0; i < t->n_drivers; i++) {
		const struct aim_driver *p = &t->drivers[i];
		if (strcmp(p->level, "primary") != 0)
			continue;
		primaries++;
		html_printf(b, _("<li>Primary driver: %s"), p->text);
		outline_measures(b, req, t, p->id);
		outline_ideas(b, req, t, p->id);
		bool any = false;
		for (size_t k = 0; k < t->n_links; k++) {
			const struct aim_driver *s = aim_tree_driver(t, t->links[k].secondary_id);
			if (t->links[k].primary_id != p->id || !s)
				continue;
			buf_puts(b, any ? "" : "<ul>");
			any = true;
			html_printf(b,
				    strcmp(t->links[k].strength, "weak") == 0
					    ? _("<li>Secondary driver (weak link): %s")
					    : _("<li>Secondary driver (strong link): %s"),
				    s->text);
			outline_measures(b, req, t, s->id);
			outline_ideas(b, req, t, s->id);
			buf_puts(b, "</li>");
		}
		buf_puts(b, any ? "</ul></li>" : "</li>");
	}
	if (!primaries)
		buf_puts(b, _("<li>No driver yet.</li>"));
	buf_puts(b, "</ul></li></ul>\n");
}
