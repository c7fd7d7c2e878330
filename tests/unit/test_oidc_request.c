/*
 * test_oidc_request.c - what caregrid sends an OpenID Provider (lib/oidc_request.c): PKCE against RFC 7636's
 * own example, random tokens, the authorization URL's encoding, and a private_key_jwt client assertion that
 * verifies with the key set caregrid publishes (and that set holding no private part).
 */
#include <criterion/criterion.h>
#include <cjose/cjose.h>
#include <string.h>

#include "lib/oidc.h"

Test(oidc_request, pkce_challenge_is_rfc7636_appendix_b)
{
	char challenge[OIDC_TOKEN_SIZE];
	oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge);
	cr_expect_str_eq(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	char v[OIDC_TOKEN_SIZE], c[OIDC_TOKEN_SIZE], again[OIDC_TOKEN_SIZE];
	oidc_pkce_new(v, c);
	cr_expect_eq(strlen(v), 43);
	cr_expect_eq(strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	oidc_pkce_challenge(v, again);
	cr_expect_str_eq(c, again);
}

Test(oidc_request, random_tokens_are_43_characters_and_differ)
{
	char a[OIDC_TOKEN_SIZE], b[OIDC_TOKEN_SIZE];
	oidc_random_token(a);
	oidc_random_token(b);
	cr_expect_eq(strlen(a), 43);
	cr_expect_str_neq(a, b);
}

Test(oidc_request, authorization_url_encodes_odd_characters)
{
	char *url = oidc_authorize_url("https://op.example.org/authorize", "client id&x", "https://cg.example/cb?a=1",
				       "openid profile nhsperson", "st/ate", "n+nce", "E9Mel-cM",
				       "j\xc3\xa9@nhs.net", NULL);
	cr_expect_str_eq(url, "https://op.example.org/authorize?response_type=code&client_id=client%20id%26x"
			      "&redirect_uri=https%3A%2F%2Fcg.example%2Fcb%3Fa%3D1&scope=openid%20profile%20nhsperson"
			      "&state=st%2Fate&nonce=n%2Bnce&code_challenge=E9Mel-cM&code_challenge_method=S256"
			      "&login_hint=j%C3%A9%40nhs.net");
	free(url);
	url = oidc_authorize_url("https://op.example.org/auth?tenant=x", "c", "r", "openid", "s", "n", "ch", "",
				 "AAL3_ANY");
	cr_expect_str_eq(url, "https://op.example.org/auth?tenant=x&response_type=code&client_id=c&redirect_uri=r"
			      "&scope=openid&state=s&nonce=n&code_challenge=ch&code_challenge_method=S256"
			      "&acr_values=AAL3_ANY");
	free(url);
}

Test(oidc_request, url_decoding_refuses_bad_escapes_and_nul)
{
	char *out;
	cr_assert_eq(oidc_url_decode("a%20b+c%2F", 10, &out), 0);
	cr_expect_str_eq(out, "a b c/");
	free(out);
	cr_expect_eq(oidc_url_decode("a%2", 3, &out), -1);
	cr_expect_eq(oidc_url_decode("a%zz", 4, &out), -1);
	cr_expect_eq(oidc_url_decode("a%00b", 5, &out), -1);
	char *enc = oidc_url_encode("\xc3\xa9 ~._-/");
	cr_expect_str_eq(enc, "%C3%A9%20~._-%2F");
	cr_assert_eq(oidc_url_decode(enc, strlen(enc), &out), 0);
	cr_expect_str_eq(out, "\xc3\xa9 ~._-/");
	free(out);
	free(enc);
}

/* A fresh private JWK: RSA when RSA, else EC P-256; without a kid. */
static char *
private_jwk(bool rsa)
{
	cjose_err e;
	static const uint8_t exponent[] = {1, 0, 1};
	cjose_jwk_t *k = rsa ? cjose_jwk_create_RSA_random(2048, exponent, sizeof exponent, &e)
			     : cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &e);
	char *json = cjose_jwk_to_json(k, true, &e);
	cjose_jwk_release(k);
	return json;
}

/* ASSERTION verified with the one key of the published JWKS; its header's alg into ALG, claims returned. */
static json_t *
verify_with_published(const char *assertion, const char *jwks, char *alg, size_t size)
{
	cjose_err e;
	json_t *set = json_loads(jwks, 0, NULL);
	json_t *pub = json_array_get(json_object_get(set, "keys"), 0);
	cr_assert(pub);
	cr_expect(!json_object_get(pub, "d") && !json_object_get(pub, "p"), "the published key has a private part");
	cr_expect_str_eq(json_string_value(json_object_get(pub, "use")), "sig");
	char *pubtext = json_dumps(pub, JSON_COMPACT);
	cjose_jwk_t *k = cjose_jwk_import(pubtext, strlen(pubtext), &e);
	cjose_jws_t *jws = cjose_jws_import(assertion, strlen(assertion), &e);
	cr_assert(k && jws);
	cr_assert(cjose_jws_verify(jws, k, &e), "the assertion does not verify: %s", e.message);
	cjose_header_t *h = cjose_jws_get_protected(jws);
	snprintf(alg, size, "%s", cjose_header_get(h, CJOSE_HDR_ALG, &e));
	cr_expect_str_eq(cjose_header_get(h, CJOSE_HDR_KID, &e), json_string_value(json_object_get(pub, "kid")));
	uint8_t *plain;
	size_t n;
	cr_assert(cjose_jws_get_plaintext(jws, &plain, &n, &e));
	json_t *claims = json_loadb((const char *)plain, n, 0, NULL);
	cjose_jws_release(jws);
	cjose_jwk_release(k);
	free(pubtext);
	json_decref(set);
	return claims;
}

Test(oidc_request, client_assertion_verifies_with_the_published_key_set)
{
	for (int rsa = 1; rsa >= 0; rsa--) {
		char *priv = private_jwk(rsa), *assertion, *jwks, alg[16];
		struct error err;
		const char *endpoint = "https://op.example/token";
		int rc = oidc_client_assertion(priv, "cg", endpoint, 1750000000, &assertion, &err);
		cr_assert_eq(rc, 0, "%s", err.msg);
		cr_assert_eq(oidc_public_jwks(priv, &jwks, &err), 0, "%s", err.msg);
		json_t *c = verify_with_published(assertion, jwks, alg, sizeof alg);
		cr_expect_str_eq(alg, rsa ? "RS512" : "ES256");
		cr_expect_str_eq(json_string_value(json_object_get(c, "iss")), "cg");
		cr_expect_str_eq(json_string_value(json_object_get(c, "sub")), "cg");
		cr_expect_str_eq(json_string_value(json_object_get(c, "aud")), "https://op.example/token");
		cr_expect_eq(json_integer_value(json_object_get(c, "exp")), 1750000300);
		cr_expect_eq(strlen(json_string_value(json_object_get(c, "jti"))), 43);
		json_decref(c);
		free(assertion);
		free(jwks);
		free(priv);
	}
}

Test(oidc_request, client_assertion_refuses_a_public_or_symmetric_key)
{
	char *out;
	struct error err;
	cr_expect_eq(oidc_client_assertion("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "cg", "t", 0, &out, &err), -1);
	cr_expect_eq(oidc_public_jwks("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", &out, &err), -1);
	cr_expect_eq(oidc_public_jwks("not json", &out, &err), -1);
	cr_expect_null(out);
}
