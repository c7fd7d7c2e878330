/* invitees.c - sorting the addresses a paste or a list invites: new, already invited, repeated, invalid (see
 * invitees.h). */
#include "domain/invitees.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/mail.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/sort.h"
#include "lib/strvec.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* Whether entry A is an address caregrid mails; when not, its reason in a new error (while REASONS last). */
static bool
valid(struct invitees *iv, struct invitee *a, size_t *reasons)
{
	struct error err;
	const char *problem = text_problem(a->raw, strlen(a->raw), TEXT_ONE_LINE);
	int rc = problem		     ? error_set(&err, "the line %s", problem)
		 : iv->list.v[a - iv->v].trailing ? error_set(&err, "there is more after the address's closing \">\"")
						  : mail_address_check(a->address, &err);
	if (rc == 0)
		return true;
	if (*reasons < INVITEES_REASONS_MAX) {
		a->why = xmalloc(sizeof *a->why);
		*a->why = err;
		(*reasons)++;
	}
	return false;
}

static int
by_address(const void *x, const void *y)
{
	const struct invitee *a = *(struct invitee *const *)x, *b = *(struct invitee *const *)y;
	int c = strcasecmp(a->address, b->address);
	return c ? c : (a < b ? -1 : a > b);
}

/* Each entry's kind but INVITEE_INVITED: the invalid ones, then every later copy of an address repeated. */
static void
sort_entries(struct invitees *iv)
{
	iv->n = iv->list.n;
	iv->v = xcalloc(iv->n ? iv->n : 1, sizeof *iv->v);
	struct invitee **ok = xcalloc(iv->n ? iv->n : 1, sizeof *ok);
	size_t n_ok = 0, reasons = 0;
	for (size_t i = 0; i < iv->n; i++) {
		struct invitee *a = &iv->v[i];
		a->raw = iv->list.v[i].raw;
		a->name = iv->list.v[i].name;
		a->address = iv->list.v[i].address;
		a->kind = valid(iv, a, &reasons) ? INVITEE_NEW : INVITEE_INVALID;
		if (a->kind == INVITEE_NEW)
			ok[n_ok++] = a;
	}
	sort_array(ok, n_ok, sizeof *ok, by_address);
	for (size_t i = 1; i < n_ok; i++)
		if (strcasecmp(ok[i - 1]->address, ok[i]->address) == 0)
			ok[i]->kind = INVITEE_REPEATED;
	free(ok);
	for (size_t i = 0; i < iv->n; i++)
		iv->count[iv->v[i].kind]++;
}

void
invitees_paste(struct invitees *iv, const char *text, size_t max)
{
	address_list_split(text ? text : "", text ? strlen(text) : 0, max, &iv->list);
	iv->too_many = iv->list.more;
	sort_entries(iv);
}

void
invitees_items(struct invitees *iv, const struct strvec *items, size_t max)
{
	for (size_t i = 0; i < items->n && i < max; i++)
		address_list_add(items->v[i], strlen(items->v[i]), &iv->list);
	iv->too_many = items->n > max;
	sort_entries(iv);
}

static int
push_address(void *ctx, const struct row *r)
{
	strvec_push(ctx, row_text(r, 0));
	return 0;
}

static int
by_text(const void *x, const void *y)
{
	return strcasecmp(*(char *const *)x, *(char *const *)y);
}

/* Marks the new ones that Q (with the one id ID) lists: the live invitations' addresses. */
static int
check(struct store *s, enum query_id q, int64_t id, struct invitees *iv, struct error *err)
{
	struct strvec known = STRVEC_INIT;
	struct param p[] = {PINT(id)};
	if (store_exec(s, q, PARAMS(p), push_address, &known, NULL, err) < 0) {
		strvec_clear(&known);
		return -1;
	}
	sort_array(known.v, known.n, sizeof *known.v, by_text);
	for (size_t i = 0; i < iv->n; i++) {
		struct invitee *a = &iv->v[i];
		if (a->kind == INVITEE_NEW && known.n &&
		    bsearch(&a->address, known.v, known.n, sizeof *known.v, by_text)) {
			a->kind = INVITEE_INVITED;
			iv->count[INVITEE_NEW]--;
			iv->count[INVITEE_INVITED]++;
		}
	}
	strvec_clear(&known);
	return 0;
}

int
invitees_check_round(struct store *s, int64_t round_id, struct invitees *iv, struct error *err)
{
	return check(s, Q_INVITATION_ADDRESSES, round_id, iv, err);
}

int
invitees_check_cycle(struct store *s, int64_t cycle_id, struct invitees *iv, struct error *err)
{
	return check(s, Q_FB_INVITE_ADDRESSES, cycle_id, iv, err);
}

char *
invitees_lines(const struct invitees *iv, enum invitee_kind k)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	for (size_t i = 0; i < iv->n; i++)
		if (iv->v[i].kind == k)
			buf_printf(&b, "%s%s", b.len ? "\n" : "", iv->v[i].raw);
	char *out = xstrdup(b.data ? b.data : "");
	buf_release(&b);
	return out;
}

void
invitees_release(struct invitees *iv)
{
	for (size_t i = 0; i < iv->n; i++)
		free(iv->v[i].why);
	free(iv->v);
	address_list_release(&iv->list);
	memset(iv, 0, sizeof *iv);
}
