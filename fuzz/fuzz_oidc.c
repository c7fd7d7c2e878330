/*
 * fuzz_oidc.c - the token checks (lib/oidc.h, oidc_verify) on any bytes, as an ID token and as a logout token,
 * against a fixed key set (RFC 7515's ES256 example key, kid "ec1") or, when the input has a line break, the
 * JSON after it as the key set; plus the unverified issuer and the URL decoder. Nothing may crash, leak or
 * accept a token the fixed key did not sign.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/oidc.h"

static const char fixed_jwks[] = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec1\","
				 "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
				 "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

static void
verify(const char *jwt, const json_t *jwks, bool logout, bool fixed)
{
	struct oidc_expect x = {.issuer = "https://op.example.org", .client_id = "caregrid", .nonce = "n-0S6",
				.acr_min = "AAL3", .now = 1750000000, .logout = logout};
	json_t *claims;
	enum oidc_refusal why;
	int rc = oidc_verify(jwt, jwks, &x, &claims, &why);
	if ((rc == 0) != (why == OIDC_OK) || (rc == 0) != (claims != NULL))
		abort();
	/* With the fixed set only the example key signs: an accepted token must name the client and issuer. */
	if (rc == 0 && fixed && strcmp(json_string_value(json_object_get(claims, "iss")), "https://op.example.org"))
		abort();
	if (strcmp(oidc_refusal_name(why), "unknown") == 0 || !oidc_refusal_words(why))
		abort();
	json_decref(claims);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	char *nl = strchr(text, '\n');
	json_t *fixed = json_loads(fixed_jwks, 0, NULL);
	json_t *given = NULL;
	if (nl) {
		*nl = '\0';
		given = json_loadb(nl + 1, size - (size_t)(nl + 1 - text), 0, NULL);
	}
	verify(text, given ? given : fixed, false, !given);
	verify(text, given ? given : fixed, true, !given);
	char iss[256], *decoded;
	(void)oidc_unverified_issuer(text, iss, sizeof iss);
	if (oidc_url_decode((const char *)data, size, &decoded) == 0)
		free(decoded);
	json_decref(given);
	json_decref(fixed);
	free(text);
	return 0;
}
