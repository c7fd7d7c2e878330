/* claims_mask.c - claims with their personal values partly hidden (see claims_mask.h). */
#include "lib/claims_mask.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"

static bool
in_list(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(key, *list) == 0)
			return true;
	return false;
}

/* Claims that say what someone may do rather than who they are: rules are written on them. */
static bool
shown_whole(const char *key)
{
	static const char *const keys[] = {"iss",
					   "aud",
					   "azp",
					   "acr",
					   "amr",
					   "hd",
					   "roles",
					   "groups",
					   "wids",
					   "org_code", /* an organisation's public ODS code: CIS2 rules name it */
					   "role_code",
					   "role_name",
					   "activity_codes",
					   "activity_names",
					   "scope",
					   "authentication_assurance_level",
					   "email_verified",
					   "idp",
					   NULL};
	return in_list(key, keys);
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

static bool
is_id(const char *key)
{
	static const char *const keys[] = {"sub",     "oid",    "tid", "sid",        "jti", "nonce",
					   "at_hash", "c_hash", "uid", "login_hint", NULL};
	return in_list(key, keys) || ends_with(key, "id") || ends_with(key, "_id") || ends_with(key, "Id");
}

/* The first N characters (UTF-8) of S[0..LEN), then "…" when anything was left out. */
static void
keep(struct buf *b, const char *s, size_t len, size_t n)
{
	size_t i = 0, chars = 0;
	while (i < len && chars < n) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	buf_add(b, s, i);
	if (i < len)
		buf_puts(b, "…");
}

/* Each word of S cut to its first two characters: "Ja… Sm…". */
static void
mask_words(struct buf *b, const char *s)
{
	while (*s) {
		size_t sp = strspn(s, " ");
		buf_add(b, s, sp);
		s += sp;
		size_t w = strcspn(s, " ");
		if (w)
			keep(b, s, w, 2);
		s += w;
	}
}

static json_t *
mask_string(const char *key, const char *s)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const char *at = strchr(s, '@');
	if (is_id(key))
		keep(&b, s, strlen(s), 2);
	else if (ends_with(key, "_code") || ends_with(key, "code"))
		keep(&b, s, strlen(s), 3);
	else if (at && strchr(s, ' ') == NULL) {
		keep(&b, s, (size_t)(at - s), 2);
		buf_puts(&b, "@");
		keep(&b, at + 1, strlen(at + 1), 2);
	} else
		mask_words(&b, s);
	json_t *out = json_stringn(b.data ? b.data : "", b.len);
	buf_release(&b);
	return out ? out : json_string("…");
}

static json_t *
mask(const char *key, const json_t *v, int depth)
{
	if (json_is_string(v))
		return shown_whole(key) ? json_deep_copy(v) : mask_string(key, json_string_value(v));
	if (json_is_array(v)) {
		json_t *a = json_array();
		if (depth >= CLAIMS_MASK_DEPTH)
			return a;
		size_t n = json_array_size(v);
		for (size_t i = 0; i < n && i < CLAIMS_MASK_ITEMS; i++)
			json_array_append_new(a, mask(key, json_array_get(v, i), depth + 1));
		if (n > CLAIMS_MASK_ITEMS) {
			char more[40];
			snprintf(more, sizeof more, "… %zu more", n - CLAIMS_MASK_ITEMS);
			json_array_append_new(a, json_string(more));
		}
		return a;
	}
	if (json_is_object(v)) {
		json_t *o = json_object();
		if (depth >= CLAIMS_MASK_DEPTH)
			return o;
		const char *k;
		json_t *x;
		size_t count = 0;
		json_object_foreach((json_t *)v, k, x)
		{
			if (count++ >= CLAIMS_MASK_ITEMS)
				break;
			json_object_set_new(o, k, mask(k, x, depth + 1));
		}
		return o;
	}
	return v ? json_deep_copy(v) : json_null();
}

json_t *
claims_masked(const json_t *claims)
{
	return mask("", claims, 0);
}
