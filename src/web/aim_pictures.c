/*
 * aim_pictures.c - an aim's PICK chart, its ideas' PDSA ramps and its spread matrix (aim_pictures.h). The
 * PICK grid is the usual one: easy and little payoff is Possible, easy and big payoff Implement, hard and big
 * payoff Challenge, hard and little payoff Kill. Ideas in a quadrant sit in rows of numbered discs, so they
 * never overlap however many there are (the quadrant grows). A ramp climbs a step a cycle, as the IHI's PDSA
 * ramp is drawn. Words in the pictures are few and short, so that WCAG 1.4.12's spacing keeps them inside.
 */
#include "web/aim_pictures.h"

#include <string.h>

#include "lib/html.h"
#include "web/aim_diagram.h"
#include "web/page.h"
#include "web/svg.h"

#define Q_W 270   /* a quadrant's width */
#define DISC 34   /* room of an idea's numbered disc */
#define Q_HEAD 50 /* a quadrant's name and what it means */
#define AXIS 34   /* room for an axis's words */
#define PER_ROW ((Q_W - 16) / DISC)

/* The quadrants in drawing order: top row high impact, left column easy. */
static const struct {
	const char *pick, *name, *meaning;
	int col, row;
} quadrants[] = {
	{"implement", N_("Implement"), N_("easy, big payoff"), 0, 0},
	{"challenge", N_("Challenge"), N_("hard, big payoff"), 1, 0},
	{"possible", N_("Possible"), N_("easy, small payoff"), 0, 1},
	{"kill", N_("Kill"), N_("hard, small payoff"), 1, 1},
};

static size_t
in_quadrant(const struct aim_tree *t, const char *pick)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_ideas; i++)
		n += strcmp(t->ideas[i].pick, pick) == 0;
	return n;
}

/* A row of quadrants is as tall as its fuller one needs. */
static int
row_height(const struct aim_tree *t, int row)
{
	size_t most = 0;
	for (size_t q = 0; q < 4; q++)
		if (quadrants[q].row == row) {
			size_t n = in_quadrant(t, quadrants[q].pick);
			most = n > most ? n : most;
		}
	size_t rows = (most + PER_ROW - 1) / PER_ROW;
	return Q_HEAD + (int)(rows ? rows : 1) * DISC + 8;
}

void
aim_pick_svg(struct buf *b, struct request *req, const struct aim_tree *t)
{
	int h0 = row_height(t, 0), h1 = row_height(t, 1);
	int width = AXIS + 2 * Q_W + 10, height = 10 + h0 + h1 + AXIS;
	html_printf(b,
		    "<svg class=\"chart pick\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-labelledby=\"pick-title\" aria-describedby=\"pick-list\" "
		    "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"pick-title\">%s</title>\n",
		    width, height, width, height, _("PICK chart: the numbered list below says the same in words"));
	for (size_t q = 0; q < 4; q++) {
		int x = AXIS + quadrants[q].col * Q_W, y = 10 + (quadrants[q].row ? h0 : 0);
		int h = quadrants[q].row ? h1 : h0;
		html_printf(b,
			    "<g class=\"quadrant %s\" aria-hidden=\"true\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\"/><text class=\"head\" x=\"%d\" y=\"%d\">%s</text>"
			    "<text class=\"words\" x=\"%d\" y=\"%d\">%s</text>",
			    quadrants[q].pick, x, y, Q_W, h, x + 10, y + 20, _(quadrants[q].name), x + 10, y + 40,
			    _(quadrants[q].meaning));
		size_t k = 0;
		for (size_t i = 0; i < t->n_ideas; i++) {
			if (strcmp(t->ideas[i].pick, quadrants[q].pick) != 0)
				continue;
			int cx = x + 8 + DISC / 2 + (int)(k % PER_ROW) * DISC;
			int cy = y + Q_HEAD + DISC / 2 + (int)(k / PER_ROW) * DISC;
			html_printf(b,
				    "<g class=\"idea %s\" data-idea=\"%zu\"><circle cx=\"%d\" cy=\"%d\" r=\"14\"/>"
				    "<text class=\"n\" x=\"%d\" y=\"%d\">%zu</text></g>",
				    t->ideas[i].status, i + 1, cx, cy, cx, cy + 5, i + 1);
			k++;
		}
		buf_puts(b, "</g>\n");
	}
	html_printf(b,
		    "<g aria-hidden=\"true\"><text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>"
		    "<text class=\"axis\" transform=\"translate(22 %d) rotate(-90)\">%s</text></g></svg>\n",
		    AXIS, height - 10, _("Effort: easy on the left, hard on the right"), 10 + h0 + h1 - 4,
		    _("Impact: big above"));
}

void
aim_pick_list(struct buf *b, struct request *req, const struct aim_tree *t)
{
	if (!t->n_ideas) {
		buf_puts(b, _("<p class=\"note\" id=\"pick-list\">No change idea yet.</p>\n"));
		return;
	}
	buf_puts(b, "<ol class=\"pick-list\" id=\"pick-list\">");
	for (size_t i = 0; i < t->n_ideas; i++)
		html_printf(b, _("<li value=\"%zu\">%s: <strong>%s</strong>, %s</li>"), i + 1, t->ideas[i].text,
			    aim_pick_words(req, t->ideas[i].pick), aim_idea_status_words(req, t->ideas[i].status));
	buf_puts(b, "</ol>\n");
}

#define STEP_W 150
#define STEP_H 40
#define RAMP_TOP 30

static const char *
act_words(const struct request *req, const char *act)
{
	return strcmp(act, "adopt") == 0     ? _("adopt")
	       : strcmp(act, "adapt") == 0   ? _("adapt")
	       : strcmp(act, "abandon") == 0 ? _("abandon")
					     : _("still running");
}

/* The day a cycle is drawn at: when it was acted on, else when it was planned; NULL when neither. */
static const char *
step_day(const struct aim_step *s)
{
	return s->acted_on[0] ? s->acted_on : s->planned_on[0] ? s->planned_on : NULL;
}

void
aim_ramp_svg(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_idea *idea)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_steps; i++)
		n += t->steps[i].idea_id == idea->id;
	if (!n)
		return;
	int width = 20 + (int)n * STEP_W, base = RAMP_TOP + (int)n * STEP_H + 20, height = base + 10;
	html_printf(b,
		    "<svg class=\"chart ramp\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-labelledby=\"ramp-title-%lld\" aria-describedby=\"ramp-%lld\" "
		    "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"ramp-title-%lld\">%s</title>\n"
		    "<g aria-hidden=\"true\">",
		    width, height, width, height, (long long)idea->id, (long long)idea->id, (long long)idea->id,
		    arena_printf(req->arena, _("PDSA ramp of \"%s\": the list below says the same in words"),
				 idea->text));
	int k = 0;
	for (size_t i = 0; i < t->n_steps; i++) {
		const struct aim_step *s = &t->steps[i];
		if (s->idea_id != idea->id)
			continue;
		/* Step K: a riser up from the last tread, then its tread; its words sit on the tread. */
		int x = 10 + k * STEP_W, y = base - (k + 1) * STEP_H;
		html_printf(b,
			    "<g class=\"step\" data-step=\"%ld\"><path class=\"tread\" d=\"M%d %dV%dH%d\"/>"
			    "<text class=\"head\" x=\"%d\" y=\"%d\">%s</text>",
			    s->step, x, y + STEP_H, y, x + STEP_W, x + 6, y - 22,
			    arena_printf(req->arena, _("Cycle %ld"), s->step));
		struct measure_mark mark = {.kind = MARK_PDSA};
		snprintf(mark.act, sizeof mark.act, "%s", s->act);
		svg_mark_glyph(b, &mark, x + STEP_W - 22, y - 27);
		const char *day = step_day(s);
		if (day)
			html_printf(b, "<text class=\"words\" x=\"%d\" y=\"%d\">%s</text>", x + 6, y - 5,
				    page_date_short(req, day));
		buf_puts(b, "</g>\n");
		k++;
	}
	buf_puts(b, "</g></svg>\n");
}

/* A cycle's stage in the list: "Prediction: ..." when the model has it. */
static void
stage(struct buf *b, const char *label, const char *text)
{
	if (text && text[0])
		html_printf(b, "<br>%s: %s", label, text);
}

void
aim_ramp_list(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_idea *idea)
{
	html_printf(b, "<ol class=\"ramp-list\" id=\"ramp-%lld\">", (long long)idea->id);
	for (size_t i = 0; i < t->n_steps; i++) {
		const struct aim_step *s = &t->steps[i];
		if (s->idea_id != idea->id)
			continue;
		html_printf(b,
			    _("<li value=\"%ld\"><strong>Cycle %ld</strong> (<a href=\"/units/%s/actions/%lld\">"
			      "cycle %ld of its action</a>)"),
			    s->step, s->step, req->unit->code, (long long)s->action_id, s->number);
		if (s->planned_on[0])
			html_printf(b, _(", planned %s"), page_date(req, s->planned_on));
		if (s->acted_on[0])
			html_printf(b, _(", decided %s"), page_date(req, s->acted_on));
		stage(b, _("Plan"), s->plan);
		stage(b, _("Prediction"), s->prediction);
		stage(b, _("Result"), s->study);
		html_printf(b, "<br>%s: <strong>%s</strong></li>", _("Act"), act_words(req, s->act));
	}
	buf_puts(b, "</ol>\n");
}

/* A unit's status for an idea (C; NULL: the unit has not taken it up), with its PDSA count there. */
static void
spread_cell(struct buf *b, struct request *req, const struct aim_spread_cell *c)
{
	if (c)
		html_printf(b, _("<td class=\"%s\">%s%s<br><span class=\"note\">PDSA cycles: %ld</span></td>"),
			    c->status, aim_idea_status_words(req, c->status),
			    c->status_on[0] ? arena_printf(req->arena, _(" since %s"), page_date(req, c->status_on))
					    : "",
			    c->pdsa_count);
	else
		html_printf(b, "<td class=\"none\">%s</td>", _("not taken up"));
}

void
aim_spread_table(struct buf *b, struct request *req, const struct aim_tree *t)
{
	const struct unit_tree *tree = request_tree(req);
	html_printf(b, "<h2 id=\"spread\">%s</h2>\n", _("Spread matrix"));
	html_printf(
		b, "<p class=\"note\">%s</p>\n",
		_("Each adopting unit's status for each change idea, since the day it reached it: an idea counts as "
		  "taken up when the unit's adopted aim has an idea with exactly the same words. An idea set "
		  "before caregrid kept these days shows no day."));
	html_printf(b,
		    "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"spread\">"
		    "<table class=\"spread\"><thead><tr><th scope=\"col\">%s</th>",
		    _("Change idea"));
	for (size_t u = 0; u < t->n_adopters; u++) {
		if (u && t->adopters[u] == t->adopters[u - 1])
			continue; /* a unit that adopted the aim twice: one column */
		const struct unit *unit = unit_by_id(tree, t->adopters[u]);
		html_printf(b, "<th scope=\"col\">%s</th>", unit ? unit->name : _("a unit no longer here"));
	}
	buf_puts(b, "</tr></thead><tbody>");
	for (size_t i = 0; i < t->n_ideas; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th>", t->ideas[i].text);
		for (size_t u = 0; u < t->n_adopters; u++)
			if (!u || t->adopters[u] != t->adopters[u - 1])
				spread_cell(b, req, aim_tree_spread(t, t->adopters[u], t->ideas[i].text));
		buf_puts(b, "</tr>");
	}
	buf_puts(b, "</tbody></table></div>\n");
}
