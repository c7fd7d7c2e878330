/*
 * test_oidc.c - the OpenID Connect relying party's token checks (lib/oidc): a good token verifies, and each
 * forged one is refused for its own reason; PKCE (RFC 7636's vector), the authorization URL, private_key_jwt.
 * Keys are made and tokens signed with libcjose, as a provider would; forgeries it will not sign are written
 * by hand. The HTTP client's cache and requests are in test_oidc_client.c.
 */
#include <criterion/criterion.h>
#include <cjose/cjose.h>
#include <sodium.h>
#include <string.h>

#include "lib/oidc.h"
#include "lib/xalloc.h"

#define NOW 1750000000
#define ISS "https://op.example.org"
#define CLIENT "caregrid-client"
#define NONCE "n-0S6_WzA2Mj"

static cjose_jwk_t *rsa, *ec;
static json_t *jwks;

/* KEY's public JWK with KID, as a provider publishes it. */
static json_t *
public_jwk(cjose_jwk_t *key, const char *kid)
{
	cjose_err e;
	char *text = cjose_jwk_to_json(key, false, &e);
	cr_assert(text);
	json_t *j = json_loads(text, 0, NULL);
	free(text);
	json_object_set_new(j, "kid", json_string(kid));
	return j;
}

static void
keys_make(void)
{
	cjose_err e;
	static const uint8_t exponent[] = {1, 0, 1};
	rsa = cjose_jwk_create_RSA_random(2048, exponent, sizeof exponent, &e);
	ec = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &e);
	cr_assert(rsa && ec);
	jwks = json_pack("{s:[o,o]}", "keys", public_jwk(rsa, "rsa1"), public_jwk(ec, "ec1"));
}

static void
keys_free(void)
{
	cjose_jwk_release(rsa);
	cjose_jwk_release(ec);
	json_decref(jwks);
}

TestSuite(oidc, .init = keys_make, .fini = keys_free);

/* An ID token's claims that pass every check of expect(). */
static json_t *
good_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "iss", ISS, "sub", "248289761001", "aud", CLIENT,
			 "nonce", NONCE, "iat", (json_int_t)NOW - 10, "exp", (json_int_t)NOW + 600, "name", "Jane");
}

/* The good claims as JSON text (the caller frees it), for tokens written by hand. */
static char *
good_payload(void)
{
	json_t *c = good_claims();
	char *text = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	return text;
}

static struct oidc_expect
expect(void)
{
	return (struct oidc_expect){.issuer = ISS, .client_id = CLIENT, .nonce = NONCE, .now = NOW};
}

/* CLAIMS (taken) signed with KEY as ALG, with KID in the header when not NULL. */
static char *
sign(cjose_jwk_t *key, const char *alg, const char *kid, json_t *claims)
{
	cjose_err e;
	cjose_header_t *h = cjose_header_new(&e);
	cr_assert(cjose_header_set(h, CJOSE_HDR_ALG, alg, &e));
	if (kid)
		cr_assert(cjose_header_set(h, CJOSE_HDR_KID, kid, &e));
	char *payload = json_dumps(claims, JSON_COMPACT);
	cjose_jws_t *jws = cjose_jws_sign(key, h, (const uint8_t *)payload, strlen(payload), &e);
	cr_assert(jws, "sign: %s", e.message);
	const char *ser;
	cr_assert(cjose_jws_export(jws, &ser, &e));
	char *out = xstrdup(ser);
	cjose_jws_release(jws);
	cjose_header_release(h);
	free(payload);
	json_decref(claims);
	return out;
}

static char *
b64(const void *data, size_t n)
{
	char *out = xmalloc(n * 4 / 3 + 4);
	sodium_bin2base64(out, n * 4 / 3 + 4, data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* A token written by hand: HEADER and PAYLOAD (JSON text, or any bytes) and SIG as given. */
static char *
raw(const char *header, const char *payload, size_t payload_len, const char *sig)
{
	char *h = b64(header, strlen(header)), *p = b64(payload, payload_len);
	char *out = xasprintf("%s.%s.%s", h, p, sig);
	free(h);
	free(p);
	return out;
}

/* The reason TOKEN (taken) is refused for under X, or OIDC_OK. */
static enum oidc_refusal
verdict(char *token, const struct oidc_expect *x)
{
	json_t *claims = (json_t *)1;
	enum oidc_refusal why = OIDC_MALFORMED;
	int rc = oidc_verify(token, jwks, x, &claims, &why);
	cr_expect_eq(rc, why == OIDC_OK ? 0 : -1);
	cr_expect(why == OIDC_OK ? claims != NULL : claims == NULL);
	json_decref(claims);
	free(token);
	return why;
}

static enum oidc_refusal
verdict_rsa(json_t *claims)
{
	struct oidc_expect x = expect();
	return verdict(sign(rsa, "RS256", "rsa1", claims), &x);
}

Test(oidc, accepts_a_good_token_signed_with_rsa_or_ec)
{
	struct oidc_expect x = expect();
	json_t *claims;
	enum oidc_refusal why;
	char *t = sign(rsa, "RS256", "rsa1", good_claims());
	cr_assert_eq(oidc_verify(t, jwks, &x, &claims, &why), 0, "refused: %s", oidc_refusal_name(why));
	cr_expect_str_eq(json_string_value(json_object_get(claims, "sub")), "248289761001");
	json_decref(claims);
	free(t);
	cr_expect_eq(verdict(sign(ec, "ES256", "ec1", good_claims()), &x), OIDC_OK);
	cr_expect_eq(verdict(sign(rsa, "PS256", "rsa1", good_claims()), &x), OIDC_OK);
	cr_expect_eq(verdict(sign(rsa, "RS512", "rsa1", good_claims()), &x), OIDC_OK);
}

Test(oidc, refuses_alg_none)
{
	struct oidc_expect x = expect();
	char *payload = good_payload();
	cr_expect_eq(verdict(raw("{\"alg\":\"none\"}", payload, strlen(payload), ""), &x), OIDC_ALG);
	/* Listed or not, none is never an algorithm. */
	x.algs = "none,RS256";
	cr_expect_eq(verdict(raw("{\"alg\":\"none\",\"kid\":\"rsa1\"}", payload, strlen(payload), ""), &x), OIDC_ALG);
	free(payload);
}

Test(oidc, refuses_hs256_signed_with_the_rsa_public_key)
{
	/* The classic confusion: the public key's bytes as an HMAC secret, which a careless verifier accepts. */
	json_t *pub = public_jwk(rsa, "rsa1");
	const char *n = json_string_value(json_object_get(pub, "n"));
	const char *header = "{\"alg\":\"HS256\",\"kid\":\"rsa1\"}";
	char *payload = good_payload();
	char *unsigned_part = raw(header, payload, strlen(payload), "");
	unsigned_part[strlen(unsigned_part) - 1] = '\0';
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)n, strlen(n));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)unsigned_part, strlen(unsigned_part));
	crypto_auth_hmacsha256_final(&st, mac);
	char *sig = b64(mac, sizeof mac);
	struct oidc_expect x = expect();
	x.algs = "RS256,HS256";
	cr_expect_eq(verdict(xasprintf("%s.%s", unsigned_part, sig), &x), OIDC_ALG);
	free(sig);
	free(unsigned_part);
	free(payload);
	json_decref(pub);
}

Test(oidc, refuses_an_alg_not_on_the_allow_list)
{
	struct oidc_expect x = expect();
	x.algs = "RS256";
	cr_expect_eq(verdict(sign(rsa, "RS512", "rsa1", good_claims()), &x), OIDC_ALG);
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", good_claims()), &x), OIDC_OK);
	/* ES384 is refused even when listed: only P-256 is accepted for EC. */
	x.algs = "ES384";
	cr_expect_eq(verdict(raw("{\"alg\":\"ES384\",\"kid\":\"ec1\"}", "{}", 2, "AAAA"), &x), OIDC_ALG);
}

Test(oidc, refuses_rs256_naming_an_ec_key)
{
	struct oidc_expect x = expect();
	char *t = sign(ec, "ES256", "ec1", good_claims());
	char *rest = strchr(t, '.');
	const char *sig = strrchr(rest, '.') + 1;
	cr_expect_eq(verdict(raw("{\"alg\":\"RS256\",\"kid\":\"ec1\"}", "{}", 2, sig), &x), OIDC_ALG);
	free(t);
}

Test(oidc, refuses_an_unknown_kid_and_picks_the_only_key_without_one)
{
	struct oidc_expect x = expect();
	cr_expect_eq(verdict(sign(rsa, "RS256", "rotated-away", good_claims()), &x), OIDC_KID);
	/* Without kid: one RSA key in the set, so that is the one. */
	cr_expect_eq(verdict(sign(rsa, "RS256", NULL, good_claims()), &x), OIDC_OK);
	/* Two RSA keys and no kid: which one is not guessed. */
	json_array_append_new(json_object_get(jwks, "keys"), public_jwk(rsa, "rsa2"));
	cr_expect_eq(verdict(sign(rsa, "RS256", NULL, good_claims()), &x), OIDC_KID);
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa2", good_claims()), &x), OIDC_OK);
	json_t *empty = json_pack("{s:[]}", "keys");
	json_t *c;
	enum oidc_refusal why;
	char *t = sign(rsa, "RS256", "rsa1", good_claims());
	cr_expect_eq(oidc_verify(t, empty, &x, &c, &why), -1);
	cr_expect_eq(why, OIDC_KID);
	cr_expect_eq(oidc_verify(t, NULL, &x, &c, &why), -1);
	cr_expect_eq(why, OIDC_KID);
	free(t);
	json_decref(empty);
}

Test(oidc, refuses_a_signature_with_one_byte_changed)
{
	struct oidc_expect x = expect();
	char *t = sign(rsa, "RS256", "rsa1", good_claims());
	char *sig = strrchr(t, '.') + 1;
	sig[40] = sig[40] == 'A' ? 'B' : 'A';
	cr_expect_eq(verdict(t, &x), OIDC_SIGNATURE);
	/* Claims changed under a good signature. */
	t = sign(rsa, "RS256", "rsa1", good_claims());
	char *other = sign(rsa, "RS256", "rsa1", json_pack("{s:s}", "sub", "someone-else"));
	char *mixed = xasprintf("%.*s%s", (int)(strrchr(other, '.') - other), other, strrchr(t, '.'));
	cr_expect_eq(verdict(mixed, &x), OIDC_SIGNATURE);
	free(t);
	free(other);
}

Test(oidc, refuses_the_wrong_issuer_and_an_entra_tenant_not_allowed)
{
	json_t *c = good_claims();
	json_object_set_new(c, "iss", json_string(ISS "/"));
	cr_expect_eq(verdict_rsa(c), OIDC_ISSUER);
	struct oidc_expect x = expect();
	x.issuer = "https://login.microsoftonline.com/{tenantid}/v2.0";
	x.tenants = "aaaa-1111, bbbb-2222";
	c = good_claims();
	json_object_set_new(c, "iss", json_string("https://login.microsoftonline.com/bbbb-2222/v2.0"));
	json_object_set_new(c, "tid", json_string("bbbb-2222"));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", json_deep_copy(c)), &x), OIDC_OK);
	json_object_set_new(c, "tid", json_string("aaaa-1111")); /* tid and iss disagree */
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", json_deep_copy(c)), &x), OIDC_ISSUER);
	json_object_set_new(c, "iss", json_string("https://login.microsoftonline.com/cccc-3333/v2.0"));
	json_object_set_new(c, "tid", json_string("cccc-3333")); /* a tenant not on the list */
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_ISSUER);
}

Test(oidc, refuses_the_wrong_audience_and_azp)
{
	json_t *c = good_claims();
	json_object_set_new(c, "aud", json_string("another-client"));
	cr_expect_eq(verdict_rsa(c), OIDC_AUDIENCE);
	c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s,s]", "another-client", CLIENT));
	cr_expect_eq(verdict_rsa(json_deep_copy(c)), OIDC_AZP);
	json_object_set_new(c, "azp", json_string("another-client"));
	cr_expect_eq(verdict_rsa(json_deep_copy(c)), OIDC_AZP);
	json_object_set_new(c, "azp", json_string(CLIENT));
	cr_expect_eq(verdict_rsa(c), OIDC_OK);
	c = good_claims(); /* one audience, an azp present and not ours */
	json_object_set_new(c, "azp", json_string("another-client"));
	cr_expect_eq(verdict_rsa(c), OIDC_AZP);
}

Test(oidc, refuses_the_wrong_nonce)
{
	json_t *c = good_claims();
	json_object_set_new(c, "nonce", json_string("n-0S6_WzA2Mk"));
	cr_expect_eq(verdict_rsa(c), OIDC_NONCE);
	c = good_claims();
	json_object_del(c, "nonce");
	cr_expect_eq(verdict_rsa(c), OIDC_NONCE);
}

Test(oidc, refuses_expired_beyond_the_skew_and_accepts_within_it)
{
	json_t *c = good_claims();
	json_object_set_new(c, "exp", json_integer(NOW - OIDC_SKEW - 1));
	cr_expect_eq(verdict_rsa(c), OIDC_EXPIRED);
	c = good_claims();
	json_object_set_new(c, "exp", json_integer(NOW - 100));
	cr_expect_eq(verdict_rsa(c), OIDC_OK);
	c = good_claims();
	json_object_del(c, "exp");
	cr_expect_eq(verdict_rsa(c), OIDC_MALFORMED);
}

Test(oidc, refuses_iat_in_the_future)
{
	json_t *c = good_claims();
	json_object_set_new(c, "iat", json_integer(NOW + OIDC_SKEW + 1));
	cr_expect_eq(verdict_rsa(c), OIDC_IN_FUTURE);
	c = good_claims();
	json_object_set_new(c, "iat", json_integer(NOW + 100));
	cr_expect_eq(verdict_rsa(c), OIDC_OK);
}

Test(oidc, refuses_a_token_without_subject)
{
	json_t *c = good_claims();
	json_object_del(c, "sub");
	cr_expect_eq(verdict_rsa(c), OIDC_SUBJECT);
}

Test(oidc, refuses_an_assurance_level_below_the_minimum)
{
	struct oidc_expect x = expect();
	x.acr_min = "AAL3";
	json_t *c = good_claims();
	json_object_set_new(c, "authentication_assurance_level", json_string("2"));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_ASSURANCE);
	c = good_claims();
	json_object_set_new(c, "acr", json_string("AAL2_OR_HIGHER"));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_ASSURANCE);
	c = good_claims();
	json_object_set_new(c, "acr", json_string("AAL3_ANY"));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_OK);
	c = good_claims();
	json_object_set_new(c, "authentication_assurance_level", json_integer(3));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_OK);
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", good_claims()), &x), OIDC_ASSURANCE);
	/* A generic acr: the minimum itself, or one of the values accepted. */
	x.acr_min = "urn:example:mfa";
	x.acr_accepted = "urn:example:phishing-resistant";
	c = good_claims();
	json_object_set_new(c, "acr", json_string("urn:example:phishing-resistant"));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_OK);
	c = good_claims();
	json_object_set_new(c, "acr", json_string("urn:example:password"));
	cr_expect_eq(verdict(sign(rsa, "RS256", "rsa1", c), &x), OIDC_ASSURANCE);
}

Test(oidc, refuses_malformed_tokens)
{
	struct oidc_expect x = expect();
	cr_expect_eq(verdict(xstrdup("abc.def"), &x), OIDC_MALFORMED);
	cr_expect_eq(verdict(xstrdup("a.b.c.d"), &x), OIDC_MALFORMED);
	cr_expect_eq(verdict(xstrdup(""), &x), OIDC_MALFORMED);
	cr_expect_eq(verdict(raw("not json", "{}", 2, "AAAA"), &x), OIDC_MALFORMED);
	cr_expect_eq(verdict(raw("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}", "{}", 2, "AAAA"), &x), OIDC_MALFORMED);
	cr_expect_eq(verdict(xstrdup("eyJhbGciOiJSUzI1NiJ9.\xff\xfe.AAAA"), &x), OIDC_MALFORMED);
	/* Bytes that are not UTF-8, signed by the key: refused after the signature, as malformed. */
	cjose_err e;
	cjose_header_t *h = cjose_header_new(&e);
	cjose_header_set(h, CJOSE_HDR_ALG, "RS256", &e);
	cjose_header_set(h, CJOSE_HDR_KID, "rsa1", &e);
	static const char bad[] = "{\"sub\":\"\xc3\x28\"}";
	cjose_jws_t *jws = cjose_jws_sign(rsa, h, (const uint8_t *)bad, strlen(bad), &e);
	const char *ser;
	cr_assert(jws && cjose_jws_export(jws, &ser, &e));
	cr_expect_eq(verdict(xstrdup(ser), &x), OIDC_MALFORMED);
	cjose_jws_release(jws);
	cjose_header_release(h);
	/* Over 16 KiB, however well signed. */
	json_t *c = good_claims();
	char *pad = xmalloc(OIDC_JWT_MAX + 1);
	memset(pad, 'x', OIDC_JWT_MAX);
	pad[OIDC_JWT_MAX] = '\0';
	json_object_set_new(c, "padding", json_string(pad));
	free(pad);
	cr_expect_eq(verdict_rsa(c), OIDC_MALFORMED);
}

/* A back-channel logout token's claims that pass (no exp: optional for these). */
static json_t *
logout_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:s, s:{s:{}}}", "iss", ISS, "sub", "248289761001", "aud", CLIENT,
			 "iat", (json_int_t)NOW, "jti", "bWJq", "events", OIDC_BACKCHANNEL_EVENT);
}

static enum oidc_refusal
verdict_logout(json_t *claims)
{
	struct oidc_expect x = expect();
	x.logout = true;
	x.nonce = NULL;
	return verdict(sign(rsa, "RS256", "rsa1", claims), &x);
}

Test(oidc, checks_logout_tokens)
{
	cr_expect_eq(verdict_logout(logout_claims()), OIDC_OK);
	json_t *c = logout_claims();
	json_object_del(c, "events");
	cr_expect_eq(verdict_logout(c), OIDC_EVENTS);
	c = logout_claims();
	json_object_set_new(c, "events", json_pack("{s:{}}", "http://schemas.openid.net/event/other"));
	cr_expect_eq(verdict_logout(c), OIDC_EVENTS);
	c = logout_claims();
	json_object_set_new(c, "nonce", json_string(NONCE));
	cr_expect_eq(verdict_logout(c), OIDC_NONCE);
	c = logout_claims();
	json_object_del(c, "jti");
	cr_expect_eq(verdict_logout(c), OIDC_MALFORMED);
	c = logout_claims();
	json_object_del(c, "sub");
	cr_expect_eq(verdict_logout(json_deep_copy(c)), OIDC_SUBJECT);
	json_object_set_new(c, "sid", json_string("08a5019c-17e1-4977-8f42-65a12843ea02"));
	cr_expect_eq(verdict_logout(c), OIDC_OK);
	c = logout_claims();
	json_object_set_new(c, "exp", json_integer(NOW - OIDC_SKEW - 1));
	cr_expect_eq(verdict_logout(c), OIDC_EXPIRED);
	/* An ID token is not a logout token. */
	cr_expect_eq(verdict_logout(good_claims()), OIDC_NONCE);
}

Test(oidc, names_every_refusal_and_tells_people_no_claim_names)
{
	static const char *const names[] = {"ok", "alg", "kid", "signature", "issuer", "audience", "azp", "expired",
					    "issued_in_future", "nonce", "assurance", "events", "malformed", "subject"};
	for (int i = 0; i <= OIDC_SUBJECT; i++) {
		cr_expect_str_eq(oidc_refusal_name((enum oidc_refusal)i), names[i]);
		const char *w = oidc_refusal_words((enum oidc_refusal)i);
		cr_expect(strlen(w) > 20);
		for (int k = 1; k <= OIDC_SUBJECT; k++)
			cr_expect(strstr(w, names[k]) == NULL || k == OIDC_ASSURANCE, "%s says %s", w, names[k]);
	}
}

Test(oidc, reads_the_issuer_unverified_and_merges_userinfo_of_the_same_subject)
{
	char iss[64];
	char *t = sign(rsa, "RS256", "rsa1", good_claims());
	cr_expect_eq(oidc_unverified_issuer(t, iss, sizeof iss), 0);
	cr_expect_str_eq(iss, ISS);
	cr_expect_eq(oidc_unverified_issuer(t, iss, 5), -1);
	cr_expect_eq(oidc_unverified_issuer("x.y", iss, sizeof iss), -1);
	free(t);
	json_t *c = good_claims();
	json_t *info = json_pack("{s:s, s:s, s:[{s:s}]}", "sub", "248289761001", "name", "Other",
				 "nhsid_nrbac_roles", "org_code", "A81001");
	struct error err;
	cr_expect_eq(oidc_claims_merge(c, info, &err), 0);
	cr_expect_str_eq(json_string_value(json_object_get(c, "name")), "Jane"); /* the ID token's wins */
	cr_expect(json_is_array(json_object_get(c, "nhsid_nrbac_roles")));
	json_object_set_new(info, "sub", json_string("someone-else"));
	cr_expect_eq(oidc_claims_merge(c, info, &err), -1);
	json_decref(info);
	json_decref(c);
}
