/*
 * cmd_demo.c - caregrid demo: a database with a small made-up organisation so that a first "make run"
 * shows something real: a region, two localities, Primary Care Homes with their practices and partners,
 * and three people with different roles (their password is printed; it is a demo).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "domain/auth.h"
#include "domain/consensus.h"
#include "domain/feedback.h"
#include "domain/improve.h"
#include "domain/pdp.h"
#include "domain/region.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/synthetic.h"
#include "lib/buf.h"
#include <getopt.h>
#include <stdlib.h>
#include "domain/unit.h"
#include "store/store.h"

#define DEMO_PASSWORD "caregrid-demo"

/* Made-up names; list sizes chosen so that one PCH sits inside 30-50k and one above it. Loaded through
 * the same importer as "caregrid unit import", so the demo exercises it. */
static const char demo_units[] =
	"code,name,type,parent_code,list_size,counted_on\n"
	"WSX,Wessex Health and Care System,region,,,\n"
	"WSX-N,North Downs Locality,locality,WSX,,\n"
	"WSX-S,Coastal Locality,locality,WSX,,\n"
	"PCH-RIV,Riverside Primary Care Home,pch,WSX-N,,\n"
	"P-MILL,Mill Lane Surgery,practice,PCH-RIV,11240,2026-10-01\n"
	"P-BRK,Brook House Medical Centre,practice,PCH-RIV,14890,2026-10-01\n"
	"P-ORCH,Orchard Family Practice,practice,PCH-RIV,9630,2026-10-01\n"
	"CT-NDC,North Downs Community Services,community-trust,PCH-RIV,,\n"
	"LA-NDC,North Downs Adult Social Care,social-care,PCH-RIV,,\n"
	"PCH-HAR,Harbour Primary Care Home,pch,WSX-S,,\n"
	"P-QUAY,Quayside Health Centre,practice,PCH-HAR,21470,2026-10-01\n"
	"P-CLIF,Cliff Road Surgery,practice,PCH-HAR,18320,2026-10-01\n"
	"P-SAND,Sandbanks Medical Practice,practice,PCH-HAR,16050,2026-10-01\n"
	"MH-CST,Coastal Mental Health Team,mental-health,PCH-HAR,,\n"
	"VS-CST,Coastal Community Volunteers,voluntary,PCH-HAR,,\n"
	"WSX-E,Eastern Vale Locality,locality,WSX,,\n";

/* The Eastern Vale's six Primary Care Homes, three practices each, made up from these names. */
static const char *const vale_pch[] = {"Alderbrook", "Beacon Hill", "Castleford", "Dunmore", "Elmstead", "Fairway"};
static const char *const vale_practice[] = {"Surgery", "Medical Centre", "Health Centre"};

struct demo_person {
	const char *email, *name, *unit, *role;
	bool site_admin;
};

static const struct demo_person demo_people[] = {
	{"admin@example.org", "Alex Admin", NULL, NULL, true},
	{"facilitator@example.org", "Farah Facilitator", "PCH-RIV", "facilitator", false},
	{"viewer@example.org", "Vic Viewer", "WSX-S", "viewer", false},
	{"coach@example.org", "Chris Coach", NULL, NULL, false},
	{NULL, NULL, NULL, NULL, false},
};

/* A small deterministic generator, so that every demo database is the same. */
static unsigned long demo_seed = 20261123;

static double
demo_random(void)
{
	demo_seed = demo_seed * 6364136223846793005UL + 1442695040888963407UL;
	return (double)(demo_seed >> 11) / (double)(1UL << 53);
}

/* Where the demo team stands, per domain of the grid, and who sees it how. */
static const double domain_level[] = {2.6, 1.4, 2.1, 1.1, 2.4, 0.8};
static const double domain_energy[] = {0.9, 1.7, 1.3, 1.6, 0.8, 1.2};

struct demo_group {
	const char *code;
	int count;
	double bias[6]; /* per domain */
};

static const struct demo_group demo_groups[] = {
	{"gp", 6, {0.4, 0.2, 0.0, 0.3, 0.7, 0.2}},
	{"nurse", 6, {-0.1, 0.0, 0.3, -0.6, -0.5, 0.0}},
	{"admin", 5, {-0.4, -0.3, -0.2, -0.3, -0.8, -0.4}},
	{"pharmacist", 2, {0, 0, 0, 0, 0, 0}},
	{"social-prescriber", 2, {0.2, 0.6, 0.4, 0, -0.2, 0}},
	{"manager", 2, {0.3, 0.3, 0.2, 0.5, 0.6, 0.5}},
	{"ahp", 2, {0, -0.2, 0, -0.2, -0.3, 0}},
};

static const char *const demo_comments[][2] = {
	{"1.3", "Social care come to the MDT but the council is not at the table yet."},
	{"1.3", "Good links with the adult social care team; public health less so."},
	{"2.4", "We cannot see community nursing records from the practices."},
	{"2.4", "Data sharing agreement is still with the IG leads."},
	{"4.6", "Different employers, different rotas: hard to meet as one team."},
	{"4.6", "The frailty huddle shows it can work."},
	{"5.3", "Not clear who is accountable for the PCH budget."},
	{"6.1", "We have not agreed what success looks like."},
	{"6.4", "No time set aside to look at our own data."},
	{"3.3", "The frailty pathway is a real change for patients."},
};

static const char *const demo_consensus[][3] = {
	{"1.1", "3", "All three practices signed the PCH agreement; partners meet monthly."},
	{"1.3", "2", "Social care attend the MDT; the council is not yet part of the board."},
	{"2.1", "3", "35,760 registered patients across three practices."},
	{"2.4", "1", "Data sharing agreement drafted; awaiting IG sign-off."},
	{"3.3", "2", "Frailty pathway tested in two practices."},
	{"4.6", "1", "Joint rota discussed; not yet tried."},
	{"5.3", "1", "Accountabilities not yet written down."},
	{"6.1", "1", "Outcomes to be agreed at the next board."},
};

static const char *const demo_calibration[][3] = {
	{"2.4", "1", "As the team says: no shared record yet."},
	{"3.3", "3", "Further on than the team thinks: the pathway is in routine use."},
	{"6.1", "0", "No outcome framework seen."},
};

/* Submits N answers per staff group to round R, the team standing SHIFT above the demo's profile. */
static int
demo_answers(struct store *s, const struct round *r, const struct instrument *grid, double shift, int scale_people,
	     bool with_comments, struct error *err)
{
	/* No link, but the round: its answers are counted in steps as any submitted ones (round_count_pending). */
	const struct invitation none = {.round_id = r->id};
	size_t comment = 0;
	for (const struct demo_group *g = demo_groups; g < demo_groups + sizeof demo_groups / sizeof *demo_groups; g++)
		for (int k = 0; k < g->count * scale_people / 100 + (g->count * scale_people % 100 ? 1 : 0); k++) {
			char token[TOKEN_CHARS], key[65];
			struct survey_response resp;
			token_new(token);
			if (respondent_key(s, token, key, err) < 0 ||
			    response_start(s, r->id, key, g->code, &resp, err) < 0)
				return -1;
			struct answer_input answers[64];
			char scores[64][8];
			struct energy_input energy[8];
			char levels[8][2];
			size_t n = 0;
			for (size_t d = 0; d < grid->n_domains; d++) {
				for (size_t j = 0; j < grid->domains[d].n_items; j++, n++) {
					const char *code = grid->domains[d].items[j].code;
					double v = domain_level[d] + shift + g->bias[d] + (demo_random() - 0.5) * 2.2 +
						   (j % 2 ? 0.3 : -0.2);
					long level = v < 0 ? 0 : v > 4 ? 4 : (long)(v + 0.5);
					bool dk =
						demo_random() < (strcmp(g->code, "admin") == 0 && d == 5 ? 0.4 : 0.04);
					snprintf(scores[n], sizeof scores[n], "%ld", level);
					answers[n] = (struct answer_input){code, dk ? "dk" : scores[n], NULL};
					if (with_comments && comment < sizeof demo_comments / sizeof *demo_comments &&
					    strcmp(demo_comments[comment][0], code) == 0 && demo_random() < 0.6)
						answers[n].comment = demo_comments[comment++][1];
				}
				double e = domain_energy[d] + (demo_random() - 0.5) * 1.6;
				levels[d][0] = (char)('0' + (e < 0.5 ? 0 : e < 1.5 ? 1 : 2));
				levels[d][1] = '\0';
				energy[d] = (struct energy_input){grid->domains[d].code, levels[d]};
			}
			bool stale;
			size_t n_energy = strcmp(r->energy, "none") == 0 ? 0 : grid->n_domains;
			if (response_save(s, grid, r, &resp, resp.revision, answers, n, energy, n_energy, &stale, err) <
				    0 ||
			    response_submit(s, &resp, resp.revision + 1, &none, &stale, err) < 0)
				return -1;
		}
	return 0;
}

/* The frailty huddle's PDSA cycles: one tried, studied and adapted, the next planned. */
static int
demo_pdsa(struct store *s, int64_t action_id, struct error *err)
{
	struct action a;
	if (action_get(s, action_id, &a, err) <= 0)
		return -1;
	int pr = pdsa_add(s, &actor_cli, &a, "Try a 30-minute huddle at Mill Lane on Tuesdays for four weeks",
			  "Half the frail patients "
			  "discussed will have a shared plan within a week",
			  "patients discussed; plans agreed within 7 days", "2026-10-06", err);
	if (pr == 0)
		pr = pdsa_record(s, &actor_cli, &a, 1, "do",
				 "Four huddles held; 23 patients discussed; social care came to three", "2026-11-03",
				 NULL, err);
	if (pr == 0)
		pr = pdsa_record(s, &actor_cli, &a, 1, "study",
				 "15 of 23 had a shared plan within a week (65%), better than predicted", "2026-11-05",
				 NULL, err);
	if (pr == 0)
		pr = pdsa_record(s, &actor_cli, &a, 1, "act", "Spread to Brook House; keep 30 minutes", "2026-11-06",
				 "adapt", err);
	if (pr == 0)
		pr = pdsa_add(s, &actor_cli, &a, "Run the huddle at Mill Lane and Brook House",
			      "The same share of plans at both", "plans agreed within 7 days, per practice",
			      "2026-11-10", err);
	action_release(&a);
	return pr;
}

/* Riverside's four actions from its priorities, their ids in IDS. */
static int
demo_actions(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct unit *riv,
	     const struct round *r, int64_t ids[4], struct error *err)
{
	static const struct {
		const char *title, *description, *owner, *due, *status, *elements;
	} actions[] = {
		{"Agree the outcomes we will measure",
		 "A half-day with the PCH board to choose four outcome measures, one per part of "
		 "the quadruple aim.",
		 "facilitator@example.org", "2026-12-15", "doing", "6.1, 6.3"},
		{"Data sharing agreement with community services",
		 "Get the draft through IG so practices can see community nursing records.", "facilitator@example.org",
		 "2026-11-01", "doing", "2.4"},
		{"Frailty huddle across the three practices",
		 "A weekly huddle of GPs, community nurses and social care on the frailty register.", "", "2027-03-31",
		 "planned", "3.3, 4.6"},
		{"Write down who is accountable for what", "", "", "2026-09-30", "done", "5.3"},
	};
	for (size_t i = 0; i < 4; i++) {
		struct action_input in = {actions[i].title,
					  actions[i].description,
					  actions[i].owner,
					  actions[i].due,
					  actions[i].status,
					  actions[i].elements,
					  r->id};
		if (action_create(s, cat, tree, &actor_cli, riv, &in, &ids[i], err) < 0)
			return -1;
	}
	return 0;
}

/* Riverside's four measures, one for each part of the quadruple aim, with a year of monthly points; the A&E
 * attendances show a real shift. The first two are tied to actions IDS[0] and IDS[2]. */
static int
demo_measures(struct store *s, const struct catalog *cat, const struct unit *riv, const int64_t ids[4],
	      struct error *err)
{
	static const struct {
		const char *name, *definition, *category, *direction, *unit, *target, *elements;
		double base, slope, noise, shift_at, shift;
	} measures[] = {
		{"A&E attendances of people over 75",
		 "Attendances at the emergency department by registered patients aged 75 and over, per "
		 "1,000 such patients, per month (hospital activity data).",
		 "population_health", "down", "per 1,000", "40", "6.1, 3.3", 52, 0, 2.2, 6, -9},
		{"Patients who would recommend their practice",
		 "Share of Friends and Family Test answers saying extremely likely or likely, "
		 "per month.",
		 "patient_experience", "up", "%", "90", "1.5", 86, 0.1, 1.6, 99, 0},
		{"Prescribing cost per patient",
		 "Net ingredient cost of prescribing per registered patient per month (ePACT2).", "cost", "down", "£",
		 "", "6.3", 14.2, -0.02, 0.35, 99, 0},
		{"Staff who feel they can take a break",
		 "Share of staff answering yes in the monthly two-question wellbeing pulse.", "staff_wellbeing", "up",
		 "%", "", "4.6", 61, 0, 4.5, 99, 0},
	};
	for (size_t i = 0; i < 4; i++) {
		char actions_text[32];
		snprintf(actions_text, sizeof actions_text, "%lld", (long long)ids[i == 0 ? 0 : 2]);
		struct measure_input in = {measures[i].name,
					   measures[i].definition,
					   measures[i].category,
					   measures[i].direction,
					   measures[i].unit,
					   measures[i].target,
					   "",
					   measures[i].elements,
					   i < 2 ? actions_text : ""};
		int64_t id;
		struct measure m;
		if (measure_create(s, cat, &actor_cli, riv, &in, &id, err) < 0 || measure_get(s, id, &m, err) <= 0)
			return -1;
		/* Thirteen months, October 2025 to October 2026: enough for reliable limits. */
		for (int month = 0; month < 13; month++) {
			char period[32], value[32];
			snprintf(period, sizeof period, "%04d-%02d-01", month < 3 ? 2025 : 2026,
				 month < 3 ? 10 + month : month - 2);
			double v = measures[i].base + measures[i].slope * month +
				   (demo_random() - 0.5) * 2 * measures[i].noise +
				   (month >= measures[i].shift_at ? measures[i].shift : 0);
			snprintf(value, sizeof value, "%.1f", v);
			if (measure_point_put(s, &actor_cli, &m, period, value, false, NULL, err) < 0) {
				measure_release(&m);
				return -1;
			}
		}
		measure_release(&m);
	}
	return 0;
}

/* Riverside's improvement work: actions from its priorities with PDSA cycles, and four measures. */
static int
demo_improvement(struct store *s, const struct unit_tree *tree, const struct unit *riv, const struct round *r,
		 struct error *err)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	catalog_load_builtin(cat, &problems);
	strvec_clear(&problems);
	int64_t ids[4];
	int rc = -1;
	if (demo_actions(s, cat, tree, riv, r, ids, err) == 0 && demo_pdsa(s, ids[2], err) == 0 &&
	    demo_measures(s, cat, riv, ids, err) == 0)
		rc = 0;
	catalog_free(cat);
	return rc;
}

/* A finished survey round on UNIT: created, answered, and left closed by its dates. */
static int
demo_finished_round(struct store *s, const struct unit *unit, const struct instrument *grid, const char *title,
		    const char *opens, const char *closes, double shift, int scale_people, bool comments,
		    struct round *out, struct error *err)
{
	int64_t id;
	if (round_create(s, &actor_cli, unit, grid, title, "survey_consensus", "domain", opens, closes, &id, err) < 0 ||
	    round_get(s, id, out, err) <= 0)
		return -1;
	return demo_answers(s, out, grid, shift, scale_people, comments, err);
}

/* Riverside's team health pulse, monthly from June: two minutes each, trust and commitment rising. */
static int
demo_pulses(struct store *s, const struct unit *riv, const struct instrument *pulse, struct error *err)
{
	static const char *const months[] = {"06", "07", "08", "09", "10", "11"};
	for (size_t m = 0; m < 6; m++) {
		char title[64], opens[11], closes[11];
		snprintf(title, sizeof title, "Team health pulse 2026-%s", months[m]);
		snprintf(opens, sizeof opens, "2026-%s-01", months[m]);
		snprintf(closes, sizeof closes, "2026-%s-07", months[m]);
		int64_t id;
		struct round r;
		if (round_create(s, &actor_cli, riv, pulse, title, "survey", "none", opens, closes, &id, err) < 0 ||
		    round_get(s, id, &r, err) <= 0 ||
		    demo_answers(s, &r, pulse, -0.8 + 0.22 * (double)m, 50, false, err) < 0)
			return -1;
	}
	return 0;
}

/* A leader's growth: Farah's two 360 cycles on relational leadership, half a year apart (her blind spot in
 * coaching narrows), the second shared with her coach, and a development plan with a review due. */
static const char *const demo_strengths[] = {"Brings people together across the practices", "Listens before deciding",
					     "Keeps patients at the centre of every discussion",
					     "Calm when things go wrong"};
static const char *const demo_suggestions[] = {"Let others lead the huddle sometimes", "Ask for feedback more often",
					       "Give the reasons for decisions", "Make time for one-to-ones"};

static int
demo_feedback_cycle(struct store *s, const struct user *leader, const struct instrument *rl, const char *title,
		    double growth, int64_t *id_out, struct error *err)
{
	if (feedback_cycle_create(s, &actor_cli, leader, rl, title, id_out, err) < 0)
		return -1;
	struct feedback_cycle c;
	if (feedback_cycle_get(s, *id_out, &c, err) <= 0)
		return -1;
	/* Self ratings: high on coaching (RL3) where others see less. */
	static const double self[] = {3, 3, 4, 3}, others[] = {2.6, 3.2, 2.0, 2.8};
	static const char *const rels[] = {"manager",       "peer",          "peer",
					   "peer",          "direct_report", "direct_report",
					   "direct_report", "team_member",   "patient_partner"};
	size_t n_people = growth > 0 ? 9 : 7;
	for (size_t p = 0; p <= n_people; p++) {
		struct feedback_answer_input a[4];
		char scores[4][4];
		size_t k = 0;
		for (size_t d = 0; d < rl->n_domains; d++)
			for (size_t j = 0; j < rl->domains[d].n_items && k < 4; j++, k++) {
				double v = p == 0 ? self[k]
						  : others[k] + growth * (k == 2 ? 1.0 : 0.3) +
							    (demo_random() - 0.5) * 1.8;
				long level = v < 0 ? 0 : v > 4 ? 4 : (long)(v + 0.5);
				snprintf(scores[k], sizeof scores[k], "%ld", level);
				a[k] = (struct feedback_answer_input){rl->domains[d].items[j].code, scores[k]};
			}
		char key[80];
		if (p == 0) {
			snprintf(key, sizeof key, "self:%lld", (long long)c.id);
			if (feedback_submit(s, &c, rl, key, "self", a, k, NULL, NULL, 0, err) < 0)
				return -1;
			continue;
		}
		char token[TOKEN_CHARS];
		struct feedback_invitation inv;
		if (feedback_invite(s, &c, NULL, token, err) < 0 ||
		    feedback_invitation_find(s, token, &inv, err) <= 0 ||
		    feedback_respondent_key(s, token, key, err) < 0)
			return -1;
		if (feedback_submit(s, &c, rl, key, rels[(p - 1) % 9], a, k, p % 2 ? demo_strengths[p / 2 % 4] : NULL,
				    p % 3 == 0 ? demo_suggestions[p / 3 % 4] : NULL, inv.id, err) < 0)
			return -1;
	}
	/* Closed, so that the report shows: others' answers show only in a closed cycle (feedback.h). */
	return feedback_cycle_close(s, &actor_cli, &c, err);
}

static int
demo_leader(struct store *s, const struct instrument *rl, struct error *err)
{
	struct user farah, coach;
	if (user_by_email(s, "facilitator@example.org", &farah, err) <= 0 ||
	    user_by_email(s, "coach@example.org", &coach, err) <= 0)
		return err->msg[0] ? -1 : error_set(err, "the demo people are missing");
	int64_t first, second;
	if (demo_feedback_cycle(s, &farah, rl, "360 feedback, spring 2026", 0, &first, err) < 0 ||
	    demo_feedback_cycle(s, &farah, rl, "360 feedback, autumn 2026", 0.7, &second, err) < 0)
		return -1;
	struct feedback_cycle c;
	if (feedback_cycle_get(s, second, &c, err) <= 0 ||
	    feedback_share(s, &actor_cli, &c, coach.email, true, err) < 0)
		return -1;
	char day[11];
	today(day);
	const struct pdp_goal_input goals[] = {
		{"Coach rather than tell in the Monday huddle", "relational-leadership RL3",
		 "Ask one open question before offering an answer; let a different person lead each week",
		 "Chris Coach", day},
		{"Ask for feedback after every MDT", "relational-leadership RL1, positive-practices L.2",
		 "A two-question card at the end of each MDT", "Chris Coach", "2027-02-01"},
	};
	int64_t id;
	for (size_t i = 0; i < 2; i++)
		if (pdp_goal_add(s, &farah, &goals[i], &id, err) < 0)
			return -1;
	if (pdp_review_add(s, &farah, id, "2026-10-15", "Cards used at three MDTs; the answers are short but honest.",
			   err) < 0 ||
	    pdp_share(s, &actor_cli, &farah, coach.email, true, err) < 0)
		return -1;
	return 0;
}

static int
demo_round(struct store *s, const struct unit_tree *tree, const struct instrument *grid, struct error *err)
{
	const struct unit *riv = unit_by_code(tree, "PCH-RIV"), *har = unit_by_code(tree, "PCH-HAR");
	struct round r;
	/* Riverside's journey: three rounds a year and a half apart, moving up, most in Evaluation. */
	if (demo_finished_round(s, riv, grid, "Autumn 2025: first map", "2025-10-01", "2025-10-31", -0.9, 80, false, &r,
				err) < 0 ||
	    demo_finished_round(s, riv, grid, "Spring 2026: six months on", "2026-04-01", "2026-04-30", -0.45, 90,
				false, &r, err) < 0 ||
	    demo_finished_round(s, riv, grid, "Autumn 2026: mapping the journey", "2026-10-01", "2026-10-31", 0, 100,
				true, &r, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof demo_consensus / sizeof *demo_consensus; i++)
		if (consensus_record(s, &actor_cli, &r, riv->code, grid, demo_consensus[i][0], "team",
				     demo_consensus[i][1], demo_consensus[i][2], err) < 0)
			return -1;
	for (size_t i = 0; i < sizeof demo_calibration / sizeof *demo_calibration; i++)
		if (consensus_record(s, &actor_cli, &r, riv->code, grid, demo_calibration[i][0], "coach",
				     demo_calibration[i][1], demo_calibration[i][2], err) < 0)
			return -1;
	if (evidence_add_link(s, &actor_cli, &r, grid, "2.4", "https://example.org/pch/data-sharing-agreement-draft",
			      err) < 0)
		return -1;

	/* The Eastern Vale's homes each mapped themselves once, some further along than others. */
	static const double vale_shift[] = {0.6, -0.3, 0.1, -0.8, 0.9, -0.1};
	for (size_t i = 0; i < sizeof vale_pch / sizeof *vale_pch; i++) {
		char code[32];
		snprintf(code, sizeof code, "PCH-V%zu", i + 1);
		const struct unit *u = unit_by_code(tree, code);
		if (!u || demo_finished_round(s, u, grid, "Autumn 2026 grid", "2026-09-15", "2026-10-15", vale_shift[i],
					      45, false, &r, err) < 0)
			return -1;
		if (i % 2 == 0 && unit_share_set(s, &actor_cli, u, true, err) < 0)
			return -1;
	}
	if (unit_share_set(s, &actor_cli, har, true, err) < 0)
		return -1;

	if (demo_improvement(s, tree, riv, &r, err) < 0)
		return -1;

	/* An open round on Harbour, with a shared link, to try the survey with. */
	char day[11], later[11];
	today(day);
	snprintf(later, sizeof later, "%.4s-12-31", day);
	if (strcmp(later, day) < 0)
		snprintf(later, sizeof later, "%s", day);
	int64_t id;
	/* For the 30 people of a staff meeting: a shared link takes no more answers than its round is for. */
	if (round_create(s, &actor_cli, har, grid, "Harbour PCH: where are we now?", "survey", "domain", day, later,
			 &id, err) < 0 ||
	    round_get(s, id, &r, err) <= 0 || round_headcount_set(s, &actor_cli, &r, har->code, 30, err) < 0 ||
	    round_get(s, id, &r, err) <= 0)
		return -1;
	char token[TOKEN_CHARS];
	if (invitation_create(s, &actor_cli, &r, "shared", "staff meeting", token, err) < 0)
		return -1;
	printf("try the survey of the open demo round at /s/%s\n", token);
	return 0;
}

static void
remove_database(const char *db)
{
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
}

static void
progress(size_t done, size_t total, void *ctx)
{
	(void)ctx;
	int pct = (int)(done * 100 / (total ? total : 1));
	fprintf(stderr, "\rgenerating [%.*s%*s] %3d%% (%zu of %zu units)", pct / 4, "#########################",
		25 - pct / 4, "", pct, done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* caregrid demo --scale N: the synthetic region for benchmarks instead of the demo organisation. */
static int
demo_scale(const char *db, struct synthetic_spec *spec)
{
	struct store *s;
	struct error err;
	if (store_open(&s, db, STORE_OPEN_CREATE, &err) < 0) {
		fprintf(stderr, "caregrid: demo: %s\n", err.msg);
		return EXIT_FAILED;
	}
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	catalog_load_builtin(cat, &problems);
	strvec_clear(&problems);
	if (isatty(STDERR_FILENO))
		spec->progress = progress;
	int rc = synthetic_region(s, catalog_find(cat, "pch-development-grid", 0), spec, &err);
	catalog_free(cat);
	store_close(s);
	if (rc < 0) {
		fprintf(stderr, "caregrid: demo: %s\n", err.msg);
		remove_database(db);
		return EXIT_FAILED;
	}
	printf("%s: synthetic region of %zu units, %zu rounds each, %zu raters a round (%zu answers)\n", db,
	       spec->units, spec->rounds, spec->raters, spec->units * spec->rounds * spec->raters * 29);
	return EXIT_OK;
}

/* The demo's units (the built-in list and Eastern Vale's homes and practices) and its people with their
 * roles, into TREE: the number of units, or -1 with ERR set (and PROBLEMS for bad unit rows). */
static int
demo_organisation(struct store *s, struct unit_tree *tree, struct strvec *problems, struct error *err)
{
	struct buf csv = BUF_INIT;
	buf_init(&csv, 0);
	buf_puts(&csv, demo_units);
	for (size_t i = 0; i < sizeof vale_pch / sizeof *vale_pch; i++) {
		buf_printf(&csv, "PCH-V%zu,%s Primary Care Home,pch,WSX-E,,\n", i + 1, vale_pch[i]);
		for (size_t k = 0; k < 3; k++)
			buf_printf(&csv, "P-V%zu%zu,%s %s,practice,PCH-V%zu,%ld,2026-10-01\n", i + 1, k + 1,
				   vale_pch[(i + k) % 6], vale_practice[k], i + 1,
				   8000 + (long)((i * 7 + k * 13) % 10) * 1100);
	}
	int n = unit_import_csv(s, &actor_cli, csv.data, csv.len, "demo", problems, err);
	buf_release(&csv);
	if (n < 0 || unit_tree_load(s, tree, err) < 0)
		return -1;
	for (const struct demo_person *p = demo_people; p->email; p++) {
		if (user_add(s, &actor_cli, p->email, p->name, DEMO_PASSWORD, p->site_admin, NULL, err) < 0)
			return -1;
		if (p->unit &&
		    role_set(s, &actor_cli, unit_by_code(tree, p->unit), p->email, role_parse(p->role), err) < 0)
			return -1;
	}
	return n;
}

/* The demo's work: Riverside's rounds and pulses, the other rounds, and a leader's 360 cycles and plan. */
static int
demo_work(struct store *s, const struct unit_tree *tree, const char *db, struct error *err)
{
	struct catalog *cat = load_catalog(NULL, db);
	if (!cat)
		return -1;
	const struct instrument *grid = catalog_find(cat, "pch-development-grid", 0);
	const struct instrument *pulse = catalog_find(cat, "team-health-pulse", 0);
	const struct instrument *rl = catalog_find(cat, "relational-leadership", 0);
	int rc = grid && pulse && rl ? demo_round(s, tree, grid, err)
				     : error_set(err, "a built-in instrument is missing");
	if (rc == 0)
		rc = demo_pulses(s, unit_by_code(tree, "PCH-RIV"), pulse, err);
	if (rc == 0)
		rc = demo_leader(s, rl, err);
	catalog_free(cat);
	return rc;
}

int
cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},	  {"scale", required_argument, NULL, 's'},
		{"rounds", required_argument, NULL, 'r'}, {"raters", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	const char *db = default_db();
	struct synthetic_spec spec = {0, 6, 30, NULL, NULL};
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char *end;
		long v = 0;
		if (opt == 's' || opt == 'r' || opt == 'k') {
			v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000000)
				return usage_error("demo", "%s needs a whole number from 1, not \"%s\"",
						   argv[optind - 1], optarg);
		}
		switch (opt) {
		case 'd': db = optarg; break;
		case 's': spec.units = (size_t)v; break;
		case 'r': spec.rounds = (size_t)v; break;
		case 'k': spec.raters = (size_t)v; break;
		default: return bad_option("demo", argc, argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("demo", "unexpected argument \"%s\"", argv[optind]);
	if (access(db, F_OK) == 0) {
		fprintf(stderr, "caregrid: demo: %s exists already; the demo is made in a new database only\n", db);
		return EXIT_FAILED;
	}
	if (spec.units)
		return demo_scale(db, &spec);
	struct store *s;
	struct error err = {.kind = ERROR_INVALID};
	if (store_open(&s, db, STORE_OPEN_CREATE, &err) < 0) {
		fprintf(stderr, "caregrid: demo: %s\n", err.msg);
		return EXIT_FAILED;
	}
	struct strvec problems = STRVEC_INIT;
	struct unit_tree tree = {0};
	int n = demo_organisation(s, &tree, &problems, &err);
	if (n < 0 || demo_work(s, &tree, db, &err) < 0)
		goto fail;
	unit_tree_release(&tree);
	store_close(s);
	printf("%s: demo organisation created (%d units; Riverside's journey over three rounds and six monthly team "
	       "health pulses, a round in each Eastern Vale home, an open round; Farah's two 360 feedback cycles and "
	       "plan)\n",
	       db, n);
	printf("sign in as admin@example.org (site administrator), facilitator@example.org (Riverside PCH; her own 360 "
	       "and plan),\n"
	       "viewer@example.org (Coastal Locality) or coach@example.org (Farah's coach), each with the password "
	       "%s\n",
	       DEMO_PASSWORD);
	return EXIT_OK;
fail:
	for (size_t i = 0; i < problems.n; i++)
		fprintf(stderr, "%s\n", problems.v[i]);
	fprintf(stderr, "caregrid: demo: %s\n", err.msg[0] ? err.msg : "the demo data did not load");
	strvec_clear(&problems);
	unit_tree_release(&tree);
	store_close(s);
	remove_database(db);
	return EXIT_FAILED;
}
