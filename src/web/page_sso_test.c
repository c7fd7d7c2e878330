/*
 * page_sso_test.c - what a site administrator's test sign-in received (sso.h, SSO_TESTED): each claim with its
 * value partly masked, and the roles the provider's rules would give. Nobody was signed in and nothing was
 * stored; the masking keeps a screen shared with a colleague (or a screenshot in a ticket) from carrying a
 * person's full identifiers, while short codes - the R-codes and ODS codes rules are written with - stay whole.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/sso.h"
#include "domain/unit.h"
#include "web/handlers.h"
#include "web/page.h"

#define SHOWN_WHOLE 8 /* strings this short are codes, shown as they are */

/* V with every longer string cut to its first three and last two characters around "•••". */
static json_t *
masked(const json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		if (n <= SHOWN_WHOLE)
			return json_string(s);
		size_t tail = n - 2;
		while (tail > 3 && ((unsigned char)s[tail] & 0xC0) == 0x80) /* not inside a character */
			tail--;
		size_t head = 3;
		while (head < tail && ((unsigned char)s[head] & 0xC0) == 0x80)
			head++;
		char buf[64];
		snprintf(buf, sizeof buf, "%.*s•••%.*s", (int)head, s, (int)(n - tail) > 12 ? 12 : (int)(n - tail),
			 s + tail);
		return json_string(buf);
	}
	json_t *out;
	if (json_is_array(v)) {
		out = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			json_array_append_new(out, masked(e));
		return out;
	}
	if (json_is_object(v)) {
		out = json_object();
		const char *k;
		json_t *e;
		json_object_foreach((json_t *)v, k, e)
			json_object_set_new(out, k, masked(e));
		return out;
	}
	return json_deep_copy(v);
}

static void
claims_table(struct buf *b, struct request *req, const json_t *claims)
{
	html_printf(b,
		    "<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
		    "<tbody>\n",
		    _("What the service sent"), _("Claim"), _("Value (partly hidden)"));
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)claims, k, v)
	{
		json_t *m = masked(v);
		char *text = json_dumps(m, JSON_ENCODE_ANY | JSON_COMPACT);
		html_printf(b, "<tr><th scope=\"row\"><code>%s</code></th><td><code>%s</code></td></tr>\n", k,
			    text ? text : "");
		free(text);
		json_decref(m);
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

static void
grants_list(struct buf *b, struct request *req, const struct sso_result *r)
{
	const struct unit_tree *tree = request_tree(req);
	html_printf(b, "<h2>%s</h2>\n", _("The roles the rules would give"));
	if (!r->n_grants) {
		html_printf(b, "<p>%s</p>\n", _("None: this person would see the page saying no unit has given them "
						 "access yet."));
		return;
	}
	buf_puts(b, "<ul>\n");
	for (size_t i = 0; i < r->n_grants; i++) {
		const struct unit *u = tree ? unit_by_id(tree, r->grants[i].unit_id) : NULL;
		html_printf(b, "<li>%s: %s</li>\n", u ? u->name : "?", _(role_words(role_parse(r->grants[i].role))));
	}
	buf_puts(b, "</ul>\n");
}

void
page_sso_tested(struct request *req, struct response *res, const struct sso_result *r)
{
	res->status = MHD_HTTP_OK;
	res->content_type = "text/html; charset=utf-8";
	struct buf *b = &res->body;
	buf_reset(b);
	page_begin(b, req, _("Test sign-in"), NULL);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">", _("Test sign-in"));
	html_printf(b, _("%s signed this person in. Nobody has been signed in to caregrid and nothing was kept."),
		    r->provider.label);
	buf_puts(b, "</p>\n");
	claims_table(b, req, r->claims);
	grants_list(b, req, r);
	page_end(b, req);
}
