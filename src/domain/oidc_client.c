/*
 * oidc_client.c - caregrid's requests to an OpenID Provider (domain/oidc_client.h): one fetch function with
 * every transport rule (https verified, http only on loopback, no redirects, timeouts, a size cap), the
 * discovery and key-set cache, the token exchange, UserInfo and the secret files.
 *
 * The cache is a small table behind one mutex; the network is never waited on with the mutex held, so two
 * threads may fetch the same document at once and the later simply replaces the earlier.
 */
#include "domain/oidc_client.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/oidc.h"
#include "lib/xalloc.h"

static const char unreachable[] = N_("Your organisation's sign-in service could not be reached or answered "
				     "wrongly. Try again in a few minutes; if it goes on, tell your administrator.");
static const char refused[] = N_("Your organisation's sign-in service did not accept this sign-in. Please sign "
				 "in again; if it happens again, tell your administrator.");

/* ERR with KIND and the English detail FMT for the log, telling a reader WORDS: the provider's own words and
 * error codes are never shown to a person, nor made into catalogue entries. */
static int __attribute__((format(printf, 4, 5)))
fail(struct error *err, enum error_kind kind, const char *words, const char *fmt, ...)
{
	char detail[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	error_of(err, kind, "%s", detail);
	return error_reword(err, words);
}

/* --- one fetch ------------------------------------------------------------------------------------------ */

static oidc_fetch_fn fetch_hook;
static void *fetch_ctx;

void
oidc_client_fetch_hook(oidc_fetch_fn fn, void *ctx)
{
	fetch_hook = fn;
	fetch_ctx = ctx;
}

/* Whether URL may be fetched: https anywhere, http only on the loopback (a test provider on this machine). */
static bool
url_allowed(const char *url)
{
	bool https = strncasecmp(url, "https://", 8) == 0;
	if (!https && strncasecmp(url, "http://", 7) != 0)
		return false;
	const char *host = url + (https ? 8 : 7);
	size_t n = strcspn(host, "/?#");
	if (n == 0 || memchr(host, '@', n) || strpbrk(url, " \t\r\n"))
		return false;
	if (https)
		return true;
	size_t h = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
	static const char *const loopback[] = {"127.0.0.1", "[::1]", "localhost"};
	for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++)
		if (h == strlen(loopback[i]) && strncasecmp(host, loopback[i], h) == 0 &&
		    (host[h] == '\0' || strchr(":/?#", host[h])))
			return true;
	return false;
}

static size_t
collect(char *data, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	buf_add(b, data, size * n);
	return b->overflow ? 0 : size * n; /* 0 ends the transfer: the reply is over the cap */
}

static void
set_transport(CURL *c, const char *url, struct buf *reply)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)OIDC_REPLY_MAX);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, reply);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "caregrid");
}

/* URL fetched (POST of BODY when not NULL): 0 with *STATUS and *REPLY (free it), -1 (ERR, unavailable). */
static int
fetch(const char *url, const char *authorization, const char *body, long *status, char **reply,
      struct error *err)
{
	*reply = NULL;
	if (!url_allowed(url))
		return fail(err, ERROR_UNAVAILABLE, unreachable, "%s is neither https nor http on this machine", url);
	if (fetch_hook)
		return fetch_hook(fetch_ctx, url, authorization, body, status, reply, err);
	CURL *c = curl_easy_init();
	if (!c)
		return fail(err, ERROR_INTERNAL, unreachable, "cannot start an HTTP request to %s", url);
	struct buf b = BUF_INIT;
	buf_init(&b, OIDC_REPLY_MAX);
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
	char *auth = authorization ? xasprintf("Authorization: %s", authorization) : NULL;
	if (auth)
		h = curl_slist_append(h, auth);
	if (body) {
		h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	set_transport(c, url, &b);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (auth)
		sodium_memzero(auth, strlen(auth));
	free(auth);
	if (rc != CURLE_OK) {
		bool big = b.overflow || rc == CURLE_FILESIZE_EXCEEDED;
		buf_release(&b);
		return fail(err, ERROR_UNAVAILABLE, unreachable, "%s: %s", url,
			    big ? "the reply is over 1 MiB" : curl_easy_strerror(rc));
	}
	*reply = buf_detach(&b, NULL);
	return 0;
}

/* URL's reply, which must be a JSON object with status 200: 0 with *OUT, -1 (ERR, unavailable). */
static int
fetch_json(const char *url, const char *authorization, json_t **out, struct error *err)
{
	long status = 0;
	char *reply;
	*out = NULL;
	if (fetch(url, authorization, NULL, &status, &reply, err) < 0)
		return -1;
	json_t *j = status == 200 ? json_loads(reply, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(reply);
	if (!json_is_object(j)) {
		json_decref(j);
		return fail(err, ERROR_UNAVAILABLE, unreachable, "%s answered %ld%s", url, status,
			    status == 200 ? " with something that is not a JSON object" : "");
	}
	*out = j;
	return 0;
}

/* --- the cache ------------------------------------------------------------------------------------------ */

#define CACHE_SLOTS 32

struct slot {
	char key[1024];       /* the issuer (discovery) or the jwks_uri (key set); "" unused */
	struct oidc_meta meta;
	json_t *jwks;         /* owned; NULL in a discovery slot */
	time_t fetched;
};

/* cache_lock guards discovery[] and keysets[]. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot discovery[CACHE_SLOTS];
static struct slot keysets[CACHE_SLOTS];

/* The slot of KEY in TABLE, else the oldest one (emptied). Called with cache_lock held. */
static struct slot *
slot_for(struct slot *table, const char *key)
{
	struct slot *oldest = &table[0];
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
		if (table[i].fetched < oldest->fetched)
			oldest = &table[i];
	}
	json_decref(oldest->jwks);
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->key, sizeof oldest->key, "%s", key);
	return oldest;
}

void
oidc_cache_forget(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		json_decref(keysets[i].jwks);
		memset(&keysets[i], 0, sizeof keysets[i]);
		memset(&discovery[i], 0, sizeof discovery[i]);
	}
	pthread_mutex_unlock(&cache_lock);
}

/* A fetched slot no older than TTL (and not from NOW's future: a clock set back fetches again). */
static bool
fresh(const struct slot *s, time_t now, time_t ttl)
{
	return s->fetched != 0 && s->fetched <= now && now - s->fetched < ttl;
}

/* --- discovery ------------------------------------------------------------------------------------------ */

/* NAME of DOC into OUT: an allowed URL that fits, or (not REQUIRED) absent. An https issuer's endpoints are
 * all https: only a provider itself on loopback speaks plain http. */
static int
endpoint(const json_t *doc, const char *name, bool required, char *out, size_t size, struct error *err)
{
	const json_t *v = json_object_get(doc, name);
	const char *iss = json_string_value(json_object_get(doc, "issuer"));
	out[0] = '\0';
	if (!v && !required)
		return 0;
	const char *url = json_string_value(v);
	bool https_only = strncasecmp(iss, "https://", 8) == 0;
	if (!url || strlen(url) >= size || !url_allowed(url) || (https_only && strncasecmp(url, "https://", 8) != 0))
		return fail(err, ERROR_UNAVAILABLE, unreachable, "the discovery document's %s is %s", name,
			    url ? "not an https address (or too long)" : "missing");
	memcpy(out, url, strlen(url) + 1);
	return 0;
}

static int
meta_read(const json_t *doc, const char *issuer, struct oidc_meta *m, struct error *err)
{
	const char *iss = json_string_value(json_object_get(doc, "issuer"));
	memset(m, 0, sizeof *m);
	if (!iss || strcmp(iss, issuer) != 0 || strlen(issuer) >= sizeof m->issuer)
		return fail(err, ERROR_UNAVAILABLE, unreachable, "the discovery document of %s names the issuer %s",
			    issuer, iss ? iss : "(none)");
	memcpy(m->issuer, issuer, strlen(issuer) + 1);
	if (endpoint(doc, "authorization_endpoint", true, m->authorization_endpoint,
		     sizeof m->authorization_endpoint, err) < 0 ||
	    endpoint(doc, "token_endpoint", true, m->token_endpoint, sizeof m->token_endpoint, err) < 0 ||
	    endpoint(doc, "jwks_uri", true, m->jwks_uri, sizeof m->jwks_uri, err) < 0 ||
	    endpoint(doc, "userinfo_endpoint", false, m->userinfo_endpoint, sizeof m->userinfo_endpoint, err) < 0 ||
	    endpoint(doc, "end_session_endpoint", false, m->end_session_endpoint, sizeof m->end_session_endpoint,
		     err) < 0)
		return -1;
	m->backchannel_logout = json_is_true(json_object_get(doc, "backchannel_logout_supported"));
	return 0;
}

/* ISSUER's discovery address: Entra's multi-tenant template is fetched as "organizations". */
static char *
discovery_url(const char *issuer)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const char *slot = strstr(issuer, "{tenantid}");
	if (slot) {
		buf_add(&b, issuer, (size_t)(slot - issuer));
		buf_puts(&b, "organizations");
		buf_puts(&b, slot + strlen("{tenantid}"));
	} else
		buf_puts(&b, issuer);
	if (b.len && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	buf_puts(&b, "/.well-known/openid-configuration");
	return buf_detach(&b, NULL);
}

int
oidc_discover(const char *issuer, time_t now, struct oidc_meta *out, struct error *err)
{
	pthread_mutex_lock(&cache_lock);
	struct slot *s = slot_for(discovery, issuer);
	bool hit = fresh(s, now, OIDC_DISCOVERY_TTL);
	if (hit)
		*out = s->meta;
	pthread_mutex_unlock(&cache_lock);
	if (hit)
		return 0;
	char *url = discovery_url(issuer);
	json_t *doc;
	int rc = fetch_json(url, NULL, &doc, err);
	free(url);
	if (rc == 0)
		rc = meta_read(doc, issuer, out, err);
	json_decref(doc);
	if (rc < 0)
		return -1;
	pthread_mutex_lock(&cache_lock);
	s = slot_for(discovery, issuer);
	s->meta = *out;
	s->fetched = now;
	pthread_mutex_unlock(&cache_lock);
	return 0;
}

int
oidc_jwks(const struct oidc_meta *meta, time_t now, bool refresh, json_t **jwks, struct error *err)
{
	*jwks = NULL;
	pthread_mutex_lock(&cache_lock);
	struct slot *s = slot_for(keysets, meta->jwks_uri);
	bool hit = fresh(s, now, refresh ? OIDC_JWKS_MIN_AGE : OIDC_DISCOVERY_TTL) && s->jwks;
	if (hit)
		*jwks = json_incref(s->jwks);
	pthread_mutex_unlock(&cache_lock);
	if (hit)
		return 0;
	json_t *set;
	if (fetch_json(meta->jwks_uri, NULL, &set, err) < 0)
		return -1;
	if (!json_is_array(json_object_get(set, "keys"))) {
		json_decref(set);
		return fail(err, ERROR_UNAVAILABLE, unreachable, "%s is not a key set", meta->jwks_uri);
	}
	pthread_mutex_lock(&cache_lock);
	s = slot_for(keysets, meta->jwks_uri);
	json_decref(s->jwks);
	s->jwks = json_incref(set);
	s->fetched = now;
	pthread_mutex_unlock(&cache_lock);
	*jwks = set;
	return 0;
}

/* --- the token exchange and UserInfo -------------------------------------------------------------------- */

static void
form_add(struct buf *b, const char *name, const char *value)
{
	char *v = oidc_url_encode(value);
	buf_printf(b, "%s%s=%s", b->len ? "&" : "", name, v);
	free(v);
}

/* "Basic " and base64 of the id and the secret, each form-encoded first (RFC 6749 2.3.1). */
static char *
basic_auth(const char *id, const char *secret)
{
	char *eid = oidc_url_encode(id), *esecret = oidc_url_encode(secret);
	char *pair = xasprintf("%s:%s", eid, esecret);
	size_t n = sodium_base64_ENCODED_LEN(strlen(pair), sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(n + 6);
	memcpy(out, "Basic ", 6);
	sodium_bin2base64(out + 6, n, (const unsigned char *)pair, strlen(pair), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(esecret, strlen(esecret));
	sodium_memzero(pair, strlen(pair));
	free(eid);
	free(esecret);
	free(pair);
	return out;
}

/* The request's body and Authorization header for AUTH; -1 (ERR) when the private key cannot sign. */
static int
token_request(const struct oidc_meta *meta, const struct oidc_client_auth *auth, const char *code,
	      const char *redirect_uri, const char *code_verifier, time_t now, struct buf *body,
	      char **authorization, struct error *err)
{
	*authorization = NULL;
	form_add(body, "grant_type", "authorization_code");
	form_add(body, "code", code);
	form_add(body, "redirect_uri", redirect_uri);
	form_add(body, "code_verifier", code_verifier);
	form_add(body, "client_id", auth->client_id);
	if (auth->private_jwk) {
		char *assertion;
		if (oidc_client_assertion(auth->private_jwk, auth->client_id, meta->token_endpoint, now, &assertion,
					  err) < 0)
			return fail(err, ERROR_INTERNAL, unreachable, "private_key_jwt for %s: %s", meta->issuer,
				    err->msg);
		form_add(body, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form_add(body, "client_assertion", assertion);
		free(assertion);
	} else if (auth->client_secret)
		*authorization = basic_auth(auth->client_id, auth->client_secret);
	else
		return fail(err, ERROR_INTERNAL, unreachable, "no client secret nor private key for %s", meta->issuer);
	return 0;
}

/* The token endpoint's reply: 200 with an id_token, or its error code for the log. */
static int
token_reply(const struct oidc_meta *meta, long status, const char *reply, struct oidc_tokens *out,
	    struct error *err)
{
	json_t *j = json_loads(reply, JSON_REJECT_DUPLICATES, NULL);
	const char *id_token = json_string_value(json_object_get(j, "id_token"));
	const char *access = json_string_value(json_object_get(j, "access_token"));
	const char *code = json_string_value(json_object_get(j, "error"));
	int rc = 0;
	if (status == 200 && id_token) {
		out->id_token = xstrdup(id_token);
		out->access_token = access ? xstrdup(access) : NULL;
	} else if (status >= 400 && status < 500 && code) {
		const char *desc = json_string_value(json_object_get(j, "error_description"));
		rc = fail(err, ERROR_INVALID, refused, "the token endpoint of %s refused the code: %.64s%s%.200s%s",
			  meta->issuer, code, desc ? " (" : "", desc ? desc : "", desc ? ")" : "");
	} else
		rc = fail(err, ERROR_UNAVAILABLE, unreachable, "the token endpoint of %s answered %ld%s", meta->issuer,
			  status, status == 200 ? " without an id_token" : "");
	json_decref(j);
	return rc;
}

int
oidc_token_exchange(const struct oidc_meta *meta, const struct oidc_client_auth *auth, const char *code,
		    const char *redirect_uri, const char *code_verifier, time_t now, struct oidc_tokens *out,
		    struct error *err)
{
	struct buf body = BUF_INIT;
	char *authorization = NULL, *reply = NULL;
	long status = 0;
	int rc = -1;
	memset(out, 0, sizeof *out);
	buf_init(&body, 0);
	if (token_request(meta, auth, code, redirect_uri, code_verifier, now, &body, &authorization, err) == 0 &&
	    fetch(meta->token_endpoint, authorization, body.data, &status, &reply, err) == 0)
		rc = token_reply(meta, status, reply, out, err);
	if (authorization)
		sodium_memzero(authorization, strlen(authorization));
	free(authorization);
	free(reply);
	buf_release(&body);
	return rc;
}

void
oidc_tokens_release(struct oidc_tokens *t)
{
	if (!t)
		return;
	free(t->id_token);
	free(t->access_token);
	t->id_token = t->access_token = NULL;
}

int
oidc_userinfo(const struct oidc_meta *meta, const char *access_token, const char *sub, json_t **claims,
	      struct error *err)
{
	*claims = NULL;
	if (!meta->userinfo_endpoint[0] || !access_token)
		return fail(err, ERROR_UNAVAILABLE, unreachable, "%s has no UserInfo endpoint or gave no access token",
			    meta->issuer);
	char *bearer = xasprintf("Bearer %s", access_token);
	json_t *j;
	int rc = fetch_json(meta->userinfo_endpoint, bearer, &j, err);
	free(bearer);
	if (rc < 0)
		return -1;
	const char *usub = json_string_value(json_object_get(j, "sub"));
	if (!usub || !sub || strcmp(usub, sub) != 0) {
		json_decref(j);
		return fail(err, ERROR_INVALID, refused, "the UserInfo of %s is about another subject than the ID "
			    "token", meta->issuer);
	}
	*claims = j;
	return 0;
}

/* --- the secret files ----------------------------------------------------------------------------------- */

int
oidc_client_secret_read(const char *path, char **out, struct error *err)
{
	struct buf b = BUF_INIT;
	*out = NULL;
	buf_init(&b, 64 * 1024);
	if (buf_read_file(&b, path) < 0 || b.overflow) {
		const char *why = b.overflow ? "it is over 64 KiB" : strerror(errno);
		buf_release(&b);
		return error_of(err, ERROR_INVALID, "cannot read the client secret file %s: %s", path, why);
	}
	size_t start = strspn(b.data, " \t\r\n"), end = b.len;
	while (end > start && strchr(" \t\r\n", b.data[end - 1]))
		end--;
	if (end == start || memchr(b.data + start, '\0', end - start)) {
		buf_release(&b);
		return error_of(err, ERROR_INVALID, "cannot read the client secret file %s: %s", path,
				"it is empty or not text");
	}
	*out = xstrndup(b.data + start, end - start);
	sodium_memzero(b.data, b.len);
	buf_release(&b);
	return 0;
}

int
oidc_private_key_read(const char *path, char **out, struct error *err)
{
	struct buf b = BUF_INIT;
	struct error why;
	char *jwks = NULL;
	*out = NULL;
	buf_init(&b, 64 * 1024);
	if (buf_read_file(&b, path) < 0 || b.overflow) {
		const char *what = b.overflow ? "it is over 64 KiB" : strerror(errno);
		buf_release(&b);
		return error_of(err, ERROR_INVALID, "cannot read the private key file %s: %s", path, what);
	}
	/* Publishing its public half is the test that it is a usable private key. */
	if (oidc_public_jwks(b.data, &jwks, &why) < 0) {
		sodium_memzero(b.data, b.len);
		buf_release(&b);
		return error_of(err, ERROR_INVALID, "cannot read the private key file %s: %s", path, why.msg);
	}
	free(jwks);
	*out = buf_detach(&b, NULL);
	return 0;
}
