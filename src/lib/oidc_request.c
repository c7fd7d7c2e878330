/*
 * oidc_request.c - what caregrid sends an OpenID Provider (lib/oidc.h): PKCE (RFC 7636, S256), random state,
 * nonce and jti, the authorization URL, and private_key_jwt client authentication (RFC 7523): the signed
 * client assertion and the public key set caregrid publishes for the provider to check it with.
 */
#include "lib/oidc.h"

#include <cjose/cjose.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xalloc.h"

static void
b64url(const unsigned char *bin, size_t n, char *out, size_t size)
{
	sodium_bin2base64(out, size, bin, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
oidc_random_token(char out[OIDC_TOKEN_SIZE])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	b64url(raw, sizeof raw, out, OIDC_TOKEN_SIZE);
}

void
oidc_pkce_challenge(const char *verifier, char challenge[OIDC_TOKEN_SIZE])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	b64url(h, sizeof h, challenge, OIDC_TOKEN_SIZE);
}

void
oidc_pkce_new(char verifier[OIDC_TOKEN_SIZE], char challenge[OIDC_TOKEN_SIZE])
{
	oidc_random_token(verifier);
	oidc_pkce_challenge(verifier, challenge);
}

/* --- URLs ----------------------------------------------------------------------------------------------- */

static void
put_encoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_putc(b, (char)*p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

char *
oidc_url_encode(const char *s)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	put_encoded(&b, s ? s : "");
	return buf_detach(&b, NULL);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
oidc_url_decode(const char *s, size_t n, char **out)
{
	char *o = xmalloc(n + 1), *w = o;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			*w++ = ' ';
		else if (s[i] == '%') {
			int hi = i + 2 < n ? hex_value(s[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(o);
				*out = NULL;
				return -1;
			}
			*w++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			free(o);
			*out = NULL;
			return -1;
		} else
			*w++ = s[i];
	}
	*w = '\0';
	*out = o;
	return 0;
}

static void
add_param(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_putc(b, '&');
	buf_puts(b, name);
	buf_putc(b, '=');
	put_encoded(b, value);
}

char *
oidc_authorize_url(const char *endpoint, const char *client_id, const char *redirect_uri, const char *scopes,
		   const char *state, const char *nonce, const char *challenge, const char *login_hint,
		   const char *acr_values)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_puts(&b, endpoint);
	buf_puts(&b, strchr(endpoint, '?') ? "&" : "?");
	buf_puts(&b, "response_type=code");
	add_param(&b, "client_id", client_id);
	add_param(&b, "redirect_uri", redirect_uri);
	add_param(&b, "scope", scopes);
	add_param(&b, "state", state);
	add_param(&b, "nonce", nonce);
	add_param(&b, "code_challenge", challenge);
	buf_puts(&b, "&code_challenge_method=S256");
	add_param(&b, "login_hint", login_hint);
	add_param(&b, "acr_values", acr_values);
	return buf_detach(&b, NULL);
}

/* --- private_key_jwt ------------------------------------------------------------------------------------ */

/* The private JWK read and checked: an RSA key or an EC P-256 key, with its private part ("d"). */
static int
private_key(const char *text, json_t **j, cjose_jwk_t **jwk, struct error *err)
{
	cjose_err e;
	*jwk = NULL;
	*j = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	const char *kty = json_string_value(json_object_get(*j, "kty"));
	const char *crv = json_string_value(json_object_get(*j, "crv"));
	if (!json_is_object(*j) || !kty || !json_is_string(json_object_get(*j, "d")))
		return error_set(err, "the private key is not a JSON Web Key with its private part");
	if (strcmp(kty, "RSA") != 0 && !(strcmp(kty, "EC") == 0 && crv && strcmp(crv, "P-256") == 0))
		return error_set(err, "the private key is neither an RSA key nor an EC P-256 key");
	*jwk = cjose_jwk_import(text, strlen(text), &e);
	if (!*jwk)
		return error_set(err, "the private key cannot be read: %s", e.message ? e.message : "unknown");
	return 0;
}

/* The JWK's alg, else RS512 (CIS2's) for RSA and ES256 for EC. */
static const char *
key_alg(const json_t *j)
{
	const char *alg = json_string_value(json_object_get(j, "alg"));
	if (alg)
		return alg;
	return strcmp(json_string_value(json_object_get(j, "kty")), "RSA") == 0 ? "RS512" : "ES256";
}

/* The JWK's kid, else its RFC 7638 thumbprint: SHA-256 of the required members in lexical order. */
static void
key_id(const json_t *j, char *out, size_t size)
{
	const char *kid = json_string_value(json_object_get(j, "kid"));
	if (kid) {
		snprintf(out, size, "%s", kid);
		return;
	}
	bool rsa = strcmp(json_string_value(json_object_get(j, "kty")), "RSA") == 0;
	json_t *m = rsa ? json_pack("{s:O, s:s, s:O}", "e", json_object_get(j, "e"), "kty", "RSA", "n",
				    json_object_get(j, "n"))
			: json_pack("{s:O, s:s, s:O, s:O}", "crv", json_object_get(j, "crv"), "kty", "EC", "x",
				    json_object_get(j, "x"), "y", json_object_get(j, "y"));
	char *canon = m ? json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)(canon ? canon : ""), canon ? strlen(canon) : 0);
	b64url(h, sizeof h, out, size);
	free(canon);
	json_decref(m);
}

int
oidc_client_assertion(const char *private_jwk_json, const char *client_id, const char *token_endpoint,
		      time_t now, char **out, struct error *err)
{
	json_t *j, *claims = NULL;
	cjose_jwk_t *jwk;
	cjose_err e;
	cjose_header_t *hdr = NULL;
	cjose_jws_t *jws = NULL;
	char kid[128], jti[OIDC_TOKEN_SIZE], *payload = NULL;
	const char *ser;
	int rc = -1;
	*out = NULL;
	if (private_key(private_jwk_json, &j, &jwk, err) < 0)
		goto out;
	key_id(j, kid, sizeof kid);
	oidc_random_token(jti);
	claims = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "iss", client_id, "sub", client_id, "aud",
			   token_endpoint, "jti", jti, "iat", (json_int_t)now, "exp", (json_int_t)now + 300);
	payload = claims ? json_dumps(claims, JSON_COMPACT) : NULL;
	hdr = cjose_header_new(&e);
	if (!payload || !hdr || !cjose_header_set(hdr, CJOSE_HDR_ALG, key_alg(j), &e) ||
	    !cjose_header_set(hdr, CJOSE_HDR_KID, kid, &e) || !cjose_header_set(hdr, "typ", "JWT", &e)) {
		error_set(err, "the client assertion cannot be made");
		goto out;
	}
	jws = cjose_jws_sign(jwk, hdr, (const uint8_t *)payload, strlen(payload), &e);
	if (!jws || !cjose_jws_export(jws, &ser, &e)) {
		error_set(err, "the client assertion cannot be signed with the private key (%s): %s", key_alg(j),
			  e.message ? e.message : "unknown");
		goto out;
	}
	*out = xstrdup(ser);
	rc = 0;
out:
	cjose_jws_release(jws);
	cjose_header_release(hdr);
	cjose_jwk_release(jwk);
	free(payload);
	json_decref(claims);
	json_decref(j);
	return rc;
}

int
oidc_public_jwks(const char *private_jwk_json, char **out, struct error *err)
{
	static const char *const public_members[] = {"kty", "n", "e", "crv", "x", "y"};
	json_t *j;
	cjose_jwk_t *jwk;
	char kid[128];
	*out = NULL;
	if (private_key(private_jwk_json, &j, &jwk, err) < 0) {
		json_decref(j);
		return -1;
	}
	json_t *pub = json_object();
	for (size_t i = 0; i < sizeof public_members / sizeof public_members[0]; i++) {
		json_t *v = json_object_get(j, public_members[i]);
		if (v)
			json_object_set(pub, public_members[i], v);
	}
	key_id(j, kid, sizeof kid);
	json_object_set_new(pub, "kid", json_string(kid));
	json_object_set_new(pub, "use", json_string("sig"));
	json_object_set_new(pub, "alg", json_string(key_alg(j)));
	json_t *set = json_pack("{s:[o]}", "keys", pub);
	*out = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	cjose_jwk_release(jwk);
	json_decref(j);
	return 0;
}
