/*
 * page.h - the frame every HTML page shares: head (title, stylesheet, viewport for phones), header with
 * the site name, navigation and the signed-in person, the message of the last action, breadcrumbs, footer.
 */
#ifndef CAREGRID_PAGE_H
#define CAREGRID_PAGE_H

#include <stdbool.h>

#include "lib/buf.h"
#include "lib/html.h"

struct arena;
struct item;
struct request;
struct response;

struct crumb {
	const char *label;
	const char *href; /* NULL for the current page */
};

/* Writes everything up to the opening of <main>. CRUMBS ends with a NULL label; may be NULL. */
void page_begin(struct buf *b, const struct request *req, const char *title, const struct crumb *crumbs);
/* Closes <main> and writes the footer. */
void page_end(struct buf *b, const struct request *req);

/* The frame of a page a respondent sees (a survey, a colleague's 360 form): the name, nothing to sign in to
 * or browse, the same skip link and accessibility statement. */
void respondent_page_begin(struct buf *b, const struct request *req, const char *title);
void respondent_page_end(struct buf *b, const struct request *req);
/* Links to this page in each other language, each named in itself ("Cymraeg", "Español"): what a respondent
 * switches with, at the top of every respondent page. */
void page_language_links(struct buf *b, const struct request *req);

/* An item's question as its fieldset's legend (what a screen reader names the group by): its code and its
 * title, or its text when it has no title; a text beside a title follows as a paragraph. */
void page_item_question(struct buf *b, const struct item *it);

/* An item's words: its title, else its text, else its lowest anchor. */
const char *page_item_words(const struct item *it);
/* TEXT cut to at most MAX bytes at a word boundary, with "…" (TEXT itself when short enough). */
const char *page_short_words(struct arena *a, const char *text, size_t max);

/* A list of elements as people write them ("relational-leadership RL3, pch-development-grid 4.5") in words:
 * "RL3 Builds trust… (Relational Leadership competencies); 4.5 …"; anything unknown is kept as written. */
const char *page_elements_words(const struct request *req, const char *list);
/* A site administrator, or an administrator of some unit: who may read the audit log. */
bool page_admin_anywhere(const struct request *req);
/* An action's status in words: planned, doing, done, dropped. */
const char *page_action_status(const struct request *req, const char *status);

/* V with DECIMALS decimals as the request's language writes it ("2,5" in Spanish); "–" for NaN. In the arena. */
const char *page_num(const struct request *req, double v, int decimals);
/* V to four significant figures (a measure's value), as the reader's language writes numbers; "–" for NaN. */
const char *page_figure(const struct request *req, double v);
/* The day ISO (YYYY-MM-DD) as the request's language writes it ("2 December 2026"), in the request's arena. */
const char *page_date(const struct request *req, const char *iso);
/* The same day short, for tables ("2 Dec 2026"). */
const char *page_date_short(const struct request *req, const char *iso);
/* A moment ("2026-12-06 09:14:55", or with a T) short, for tables: "6 Dec 2026 09:14". */
const char *page_when(const struct request *req, const char *stamp);
/* A count for people, with the language's thousands separator ("1,234", "1.234"), in the arena. */
const char *page_count(const struct request *req, long long n);
/* The number typed in the form field NAME as a machine reads it ("4,1" on a Spanish page: "4.1"; lang_number),
 * in the arena; an API's JSON value as it came. NULL when absent. */
const char *page_number_input(const struct request *req, const char *name);

/* INS in the request's language (its translation, else itself); NULL for NULL. For showing only: never store
 * it (a translation has no definition of its own). */
const struct instrument *page_ins(const struct request *req, const struct instrument *ins);

/* The title of the instrument ID, for a page (its id if the catalogue has no such instrument any more). */
const char *page_instrument_title(const struct request *req, const char *id);

/* A destructive action asks first. */
struct confirmation {
	const char *question;     /* "Close the round now?" */
	const char *consequence;  /* what will happen, and whether it can be undone */
	const char *button;       /* "Close the round" */
	const char *cancel_href;  /* where Cancel goes */
	bool undoable;            /* the button looks ordinary rather than dangerous */
};
/* True when the person has confirmed (or the request is the JSON API's, whose callers are explicit); else the
 * reply is a page that asks, with a form that sends the same fields again with confirm=yes. */
bool page_confirmed(struct request *req, struct response *res, const struct confirmation *c);

/* A link handed out (whole, from request_absolute): in a read-only box a phone can select, with a Copy
 * button (static/copy.js). ID is unique on the page; LABEL names it for screen readers. */
/* Why a round's results are not shown (fewer people than the minimum), in the reader's language; in the arena. */
struct results;
const char *page_withheld(const struct request *req, const struct results *rs);
/* What a page says of round R whose answers join its figures in steps of MIN (round.h round_count_pending):
 * while open, when the figures are next updated; once closed after a reopen, that some later answers may be
 * left out. NULL when every answer is counted. Never how many are waiting. In the arena. */
struct round;
const char *page_steps(const struct request *req, const struct round *r, int min);

void page_copy_link(struct buf *b, const struct request *req, const char *id, const char *label, const char *url);

/* The 422 reply to an upload refused as a whole for its PROBLEMS (each in the reader's words; the domain caps
 * them at IMPORT_PROBLEMS_MAX): for the JSON API an error carrying them all; for a person the page FORM (the
 * form's own page, re-rendered with what was pasted still in its box, every problem in the message beside it),
 * or, FORM NULL, a page under CRUMBS listing them, closed by CLOSE (the list's end and a link back, HTML,
 * already translated). */
struct strvec;
void page_import_refused(struct request *req, struct response *res, const struct strvec *problems,
			 const struct crumb *crumbs, const char *form, const char *close);

/* The refused form's page, just rendered into RES->body by its GET handler, made its refusal (the one mechanism
 * of every form, form_refused.c): the form posted to POSTED_PATH filled in with the posted values, the field of
 * REQ->refused (or the first filled in) aria-invalid and described by the message beside it, the GOV.UK error
 * summary at the top of <main> linking to it, "Error: " before the title. respond_fail calls it; a handler
 * rendering its own form again (sign-in) may too, after setting REQ->refused. */
void page_form_refused(struct request *req, struct response *res, const char *posted_path);

/* The hidden field that carries the session's CSRF token in a form. */
void page_csrf_field(struct buf *b, const struct request *req);

#endif
