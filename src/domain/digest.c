/* digest.c - the daily digest (see digest.h). */
#include "domain/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/mail.h"
#include "domain/schedule.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "lib/html.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

#define COMING_UP_DAYS 7

/* An action or a goal of someone's, dated DAY. Strings owned. */
struct due_item {
	int64_t user_id, id, unit_id;
	char *email, *name, *title, *unit_code, *unit_name; /* unit_*: NULL for a goal */
	char day[11];
	char lang[8];     /* the person's language; "" for English */
	bool goal, dropped;
};

struct due_items {
	struct due_item *v;
	size_t n, cap;
};

static struct due_item *
item_push(struct due_items *it, const struct row *row, bool goal)
{
	it->v = xgrow(it->v, sizeof *it->v, it->n + 1, &it->cap);
	struct due_item *x = &it->v[it->n++];
	memset(x, 0, sizeof *x);
	x->goal = goal;
	x->user_id = row_int(row, 0);
	x->email = xstrdup(row_text(row, 1));
	x->name = xstrdup(row_text(row, 2));
	x->id = row_int(row, 3);
	x->title = xstrdup(row_text(row, 4));
	snprintf(x->day, sizeof x->day, "%s", row_text(row, 5));
	snprintf(x->lang, sizeof x->lang, "%s", row_null(row, 9) ? "" : row_text(row, 9));
	return x;
}

static int
action_row(void *ctx, const struct row *row)
{
	struct due_item *x = item_push(ctx, row, false);
	x->unit_id = row_int(row, 6);
	x->unit_code = xstrdup(row_text(row, 7));
	x->unit_name = xstrdup(row_text(row, 8));
	return 0;
}

static int
goal_row(void *ctx, const struct row *row)
{
	item_push(ctx, row, true);
	return 0;
}

static void
items_free(struct due_items *it)
{
	for (size_t i = 0; i < it->n; i++) {
		struct due_item *x = &it->v[i];
		free(x->email);
		free(x->name);
		free(x->title);
		free(x->unit_code);
		free(x->unit_name);
	}
	free(it->v);
}

/* By person; within a person actions before goals, each by date (the queries' own order is kept). */
static int
by_person(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;
	if (x->user_id != y->user_id)
		return x->user_id < y->user_id ? -1 : 1;
	if (x->goal != y->goal)
		return x->goal ? 1 : -1;
	int c = strcmp(x->day, y->day);
	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

/* Drops the actions of units the person has no role on any more (a digest tells nobody about a unit they left). */
static int
drop_unseen(struct store *s, const struct unit_tree *tree, struct due_item *v, size_t n, struct error *err)
{
	struct user u;
	int found = user_by_id(s, v[0].user_id, &u, err);
	if (found < 0)
		return -1;
	struct grants g = {0};
	if (found && grants_load(s, &u, &g, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].goal)
			continue;
		const struct unit *unit = found ? unit_by_id(tree, v[i].unit_id) : NULL;
		v[i].dropped = !unit || role_on(&g, unit) < ROLE_VIEWER;
	}
	grants_release(&g);
	return 0;
}

struct section {
	const char *heading; /* to translate */
	bool goals;
	int when; /* -1 before today, 0 today, 1 after */
};

static const struct section sections[] = {
	{N_("Overdue actions"), false, -1},	     {N_("Actions due today"), false, 0},
	{N_("Plan goals due for review"), true, -1}, {N_("Plan goals to review today"), true, 0},
	{N_("Coming up this week"), false, 1},	     {N_("Plan goals to review this week"), true, 1},
};

static int
when(const struct due_item *x, const char today_s[11])
{
	int c = strcmp(x->day, today_s);
	return c < 0 ? -1 : c > 0;
}

/* "3 actions overdue, 1 due today, 1 plan goal to review": what the subject says, in L. */
static void
write_subject(const struct lang *l, long overdue, long due, long goals, struct buf *subject)
{
	struct buf parts = BUF_INIT;
	buf_init(&parts, 0);
	if (overdue)
		buf_printf(&parts, trn(l, "%ld action overdue", "%ld actions overdue", (unsigned long)overdue),
			   overdue);
	if (due) {
		buf_puts(&parts, parts.len ? ", " : "");
		buf_printf(&parts, trn(l, "%ld action due today", "%ld actions due today", (unsigned long)due), due);
	}
	if (goals) {
		buf_puts(&parts, parts.len ? ", " : "");
		buf_printf(&parts, trn(l, "%ld plan goal to review", "%ld plan goals to review", (unsigned long)goals),
			   goals);
	}
	buf_printf(subject, "caregrid: %s", parts.data);
	buf_release(&parts);
}

static void
write_digest(const struct due_item *v, size_t n, const char today_s[11], const char *base_url, struct buf *subject,
	     struct mail_body *body)
{
	const struct lang *l = lang_find(v[0].lang);
	long overdue = 0, due = 0, goals = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].dropped || when(&v[i], today_s) > 0)
			continue;
		if (v[i].goal)
			goals++;
		else if (when(&v[i], today_s) < 0)
			overdue++;
		else
			due++;
	}
	write_subject(l, overdue, due, goals, subject);
	mail_para(body, tr(l, "Hello %s,"), v[0].name);
	mail_para(body, "%s", tr(l, "What is yours to do in caregrid."));
	for (size_t k = 0; k < sizeof sections / sizeof *sections; k++) {
		const struct section *sec = &sections[k];
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			const struct due_item *x = &v[i];
			if (x->dropped || x->goal != sec->goals || when(x, today_s) != sec->when)
				continue;
			if (!any) {
				buf_printf(&body->text, "\n%s\n", tr(l, sec->heading));
				html_printf(&body->html, "<h2>%s</h2><ul>", tr(l, sec->heading));
				any = true;
			}
			char link[600], day[64];
			if (x->goal)
				snprintf(link, sizeof link, "%s/me/plan", base_url);
			else
				snprintf(link, sizeof link, "%s/units/%s/actions/%lld", base_url, x->unit_code,
					 (long long)x->id);
			lang_date(l, x->day, day, sizeof day);
			struct buf what = BUF_INIT;
			buf_init(&what, 0);
			if (x->goal)
				buf_printf(&what, tr(l, "%s (review on %s)"), x->title, day);
			else
				buf_printf(&what, tr(l, "%s, %s (due %s)"), x->title, x->unit_name, day);
			buf_printf(&body->text, "- %s\n  %s\n", what.data, link);
			html_printf(&body->html, "<li><a href=\"%s\">%s</a></li>", link, what.data);
			buf_release(&what);
		}
		if (any)
			buf_puts(&body->html, "</ul>");
	}
	mail_para(
		body,
		tr(l,
		   "This digest comes on days when something of yours is due or overdue, at most once a day. To stop "
		   "it, "
		   "untick \"Email me a daily digest\" on your account page: %s/account"),
		base_url);
}

/* One person's digest, if something is due: queued with the day taken, in one transaction. 1 queued, 0 not. */
static int
send_one(struct store *s, const struct due_item *v, size_t n, const char today_s[11], const char *base_url,
	 struct error *err)
{
	bool due = false;
	for (size_t i = 0; i < n && !due; i++)
		due = !v[i].dropped && when(&v[i], today_s) <= 0;
	if (!due)
		return 0;
	if (store_begin(s, err) < 0)
		return -1;
	long changed = 0;
	struct param claim[] = {PINT(v[0].user_id), PTEXT(today_s)};
	int rc = store_exec(s, Q_DIGEST_CLAIM, PARAMS(claim), NULL, NULL, &changed, err);
	if (rc == 0 && changed) {
		struct buf subject = BUF_INIT;
		buf_init(&subject, 0);
		struct mail_body body;
		mail_body_init(&body);
		write_digest(v, n, today_s, base_url, &subject, &body);
		const struct mail m = {"digest", v[0].email, subject.data, body.text.data, body.html.data, false, NULL};
		rc = mail_queue(s, &m, err);
		buf_release(&subject);
		mail_body_release(&body);
	}
	if (store_finish(s, rc, err) < 0)
		return -1;
	return changed ? 1 : 0;
}

int
digests_send(struct store *s, const char today_s[11], const char *base_url, size_t *sent, struct error *err)
{
	*sent = 0;
	if (!base_url)
		return error_set(err, "the digest's links need serve --base-url");
	char horizon[11];
	date_add_days(today_s, COMING_UP_DAYS, horizon);
	struct due_items it = {0};
	struct param p[] = {PTEXT(horizon), PTEXT(today_s)};
	int rc = store_exec(s, Q_DIGEST_ACTIONS, PARAMS(p), action_row, &it, NULL, err);
	if (rc == 0)
		rc = store_exec(s, Q_DIGEST_GOALS, PARAMS(p), goal_row, &it, NULL, err);
	if (rc == 0 && it.n)
		qsort(it.v, it.n, sizeof *it.v, by_person);
	struct unit_tree tree = {0};
	bool tree_loaded = false;
	for (size_t i = 0, j; rc == 0 && i < it.n; i = j) {
		for (j = i; j < it.n && it.v[j].user_id == it.v[i].user_id; j++)
			;
		bool any_due = false;
		for (size_t k = i; k < j; k++)
			any_due = any_due || when(&it.v[k], today_s) <= 0;
		if (!any_due)
			continue;
		if (!tree_loaded && (rc = unit_tree_load(s, &tree, err)) < 0)
			break;
		tree_loaded = true;
		int r = drop_unseen(s, &tree, &it.v[i], j - i, err);
		if (r == 0)
			r = send_one(s, &it.v[i], j - i, today_s, base_url, err);
		if (r < 0)
			rc = -1;
		else
			*sent += (size_t)r;
	}
	if (tree_loaded)
		unit_tree_release(&tree);
	items_free(&it);
	return rc;
}

int
user_digest_get(struct store *s, const struct user *u, bool *on, struct error *err)
{
	int64_t v = 1;
	struct param p[] = {PINT(u->id)};
	if (store_get_int(s, Q_USER_DIGEST_GET, PARAMS(p), &v, err) < 0)
		return -1;
	*on = v != 0;
	return 0;
}

int
user_digest_set(struct store *s, const struct actor *who, const struct user *u, bool on, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), PINT(on ? 1 : 0)};
	if (store_exec(s, Q_USER_DIGEST_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, on ? "user.digest_on" : "user.digest_off", 0, u->email,
			 on ? "the daily digest turned on" : "the daily digest turned off", err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}
