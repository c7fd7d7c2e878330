/*
 * test_oidc_client.c - the OpenID Provider client's own rules (domain/oidc_client.c) without a network: a
 * fetch hook answers as a provider would and counts what was asked. Discovery checked and cached for an hour,
 * the key set fetched again on an unknown kid at most once a minute, the token request's body and HTTP Basic
 * encoding, the provider's refusals kept from people, UserInfo about the same subject, and the secret files.
 * Requests over a real network are tests/e2e's, against the oidc-provider the tests start.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/oidc_client.h"
#include "lib/xalloc.h"

#define ISS "https://op.example.org"

struct fake {
	int calls;
	char last_url[256];
	char last_auth[256];
	char last_body[1024];
	long status;
	const char *reply; /* NULL: the discovery document or a key set, by URL */
	const char *issuer_said;
	const char *endpoints; /* where the discovery document says the endpoints are; NULL: ISS */
};

static int
answer(void *ctx, const char *url, const char *authorization, const char *body, long *status, char **reply,
       struct error *err)
{
	(void)err;
	struct fake *f = ctx;
	f->calls++;
	snprintf(f->last_url, sizeof f->last_url, "%s", url);
	snprintf(f->last_auth, sizeof f->last_auth, "%s", authorization ? authorization : "");
	snprintf(f->last_body, sizeof f->last_body, "%s", body ? body : "");
	*status = f->status ? f->status : 200;
	if (f->reply)
		*reply = xstrdup(f->reply);
	else if (strstr(url, "openid-configuration"))
		*reply = xasprintf("{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/auth\",\"token_endpoint\":"
				   "\"%s/token\",\"jwks_uri\":\"%s/jwks\",\"userinfo_endpoint\":\"%s/me\","
				   "\"backchannel_logout_supported\":true}",
				   f->issuer_said ? f->issuer_said : ISS, f->endpoints ? f->endpoints : ISS,
				   f->endpoints ? f->endpoints : ISS, f->endpoints ? f->endpoints : ISS,
				   f->endpoints ? f->endpoints : ISS);
	else
		*reply = xasprintf("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k%d\"}]}", f->calls);
	return 0;
}

static struct fake fake;

static void
hook(void)
{
	memset(&fake, 0, sizeof fake);
	oidc_cache_forget();
	oidc_client_fetch_hook(answer, &fake);
}

static void
unhook(void)
{
	oidc_client_fetch_hook(NULL, NULL);
	oidc_cache_forget();
}

TestSuite(oidc_client, .init = hook, .fini = unhook);

Test(oidc_client, discovery_is_checked_and_kept_for_an_hour)
{
	struct oidc_meta m;
	struct error err;
	cr_assert_eq(oidc_discover(ISS, 1000, &m, &err), 0, "%s", err.msg);
	cr_expect_str_eq(fake.last_url, ISS "/.well-known/openid-configuration");
	cr_expect_str_eq(m.token_endpoint, ISS "/token");
	cr_expect_str_eq(m.end_session_endpoint, "");
	cr_expect(m.backchannel_logout);
	cr_expect_eq(oidc_discover(ISS, 1000 + 3599, &m, &err), 0);
	cr_expect_eq(fake.calls, 1);
	cr_expect_eq(oidc_discover(ISS, 1000 + 3600, &m, &err), 0);
	cr_expect_eq(fake.calls, 2);
}

Test(oidc_client, discovery_refuses_another_issuer_and_plain_http)
{
	struct oidc_meta m;
	struct error err;
	fake.issuer_said = "https://evil.example.org";
	cr_expect_eq(oidc_discover(ISS, 1000, &m, &err), -1);
	cr_expect_eq(err.kind, ERROR_UNAVAILABLE);
	cr_expect(strstr(err.msg, "evil.example.org"));
	cr_expect_eq(oidc_discover("http://op.example.org", 1000, &m, &err), -1);
	cr_expect_eq(fake.calls, 1, "plain http to another machine was fetched");
	/* A test provider on this machine may use http; an https provider may not point anywhere over http. */
	fake.issuer_said = fake.endpoints = "http://127.0.0.1:4000";
	cr_expect_eq(oidc_discover("http://127.0.0.1:4000", 1000, &m, &err), 0, "%s", err.msg);
	cr_expect_str_eq(m.jwks_uri, "http://127.0.0.1:4000/jwks");
	fake.issuer_said = ISS;
	cr_expect_eq(oidc_discover(ISS, 1000, &m, &err), -1);
	cr_expect(strstr(err.msg, "authorization_endpoint"), "%s", err.msg);
	fake.endpoints = "http://localhost.evil.example";
	cr_expect_eq(oidc_discover(ISS, 1000, &m, &err), -1);
	fake.endpoints = "http://[::1]:8443";
	cr_expect_eq(oidc_discover(ISS, 1000, &m, &err), -1);
	fake.issuer_said = fake.endpoints = "http://[::1]:8443";
	cr_expect_eq(oidc_discover("http://[::1]:8443", 1000, &m, &err), 0, "%s", err.msg);
}

Test(oidc_client, entra_multi_tenant_discovery_reads_organizations)
{
	struct oidc_meta m;
	struct error err;
	const char *tmpl = "https://login.microsoftonline.com/{tenantid}/v2.0";
	fake.issuer_said = tmpl;
	cr_assert_eq(oidc_discover(tmpl, 1000, &m, &err), 0, "%s", err.msg);
	cr_expect_str_eq(fake.last_url, "https://login.microsoftonline.com/organizations/v2.0/.well-known/"
					"openid-configuration");
	cr_expect_str_eq(m.issuer, tmpl);
}

Test(oidc_client, an_unknown_kid_fetches_the_key_set_again_at_most_once_a_minute)
{
	struct oidc_meta m = {.issuer = ISS, .jwks_uri = ISS "/jwks"};
	json_t *k;
	struct error err;
	cr_assert_eq(oidc_jwks(&m, 1000, false, &k, &err), 0);
	json_decref(k);
	cr_assert_eq(oidc_jwks(&m, 1010, true, &k, &err), 0);
	cr_expect_eq(fake.calls, 1, "refetched within the minute");
	json_decref(k);
	cr_assert_eq(oidc_jwks(&m, 1060, true, &k, &err), 0);
	cr_expect_eq(fake.calls, 2);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(k, "keys"), 0), "kid")),
			 "k2");
	json_decref(k);
	cr_assert_eq(oidc_jwks(&m, 1060 + 3599, false, &k, &err), 0);
	json_decref(k);
	cr_expect_eq(fake.calls, 2);
	cr_assert_eq(oidc_jwks(&m, 1060 + 3600, false, &k, &err), 0); /* a withdrawn key goes within the hour */
	json_decref(k);
	cr_expect_eq(fake.calls, 3);
	fake.reply = "{\"keys\":{}}";
	cr_expect_eq(oidc_jwks(&m, 9000, true, &k, &err), -1);
}

Test(oidc_client, token_exchange_sends_the_code_and_basic_auth_form_encoded)
{
	struct oidc_meta m = {.issuer = ISS, .token_endpoint = ISS "/token"};
	struct oidc_client_auth a = {.client_id = "cg:1", .client_secret = "p@ss word"};
	struct oidc_tokens t;
	struct error err;
	fake.reply = "{\"id_token\":\"a.b.c\",\"access_token\":\"at\",\"token_type\":\"Bearer\"}";
	cr_assert_eq(oidc_token_exchange(&m, &a, "c0de/+", "https://cg/cb", "ver", 1000, &t, &err), 0, "%s", err.msg);
	cr_expect_str_eq(t.id_token, "a.b.c");
	cr_expect_str_eq(t.access_token, "at");
	cr_expect_str_eq(fake.last_body, "grant_type=authorization_code&code=c0de%2F%2B&redirect_uri=https%3A%2F%2Fcg"
					 "%2Fcb&code_verifier=ver&client_id=cg%3A1");
	/* base64("cg%3A1:p%40ss%20word") */
	cr_expect_str_eq(fake.last_auth, "Basic Y2clM0ExOnAlNDBzcyUyMHdvcmQ=");
	oidc_tokens_release(&t);
	oidc_tokens_release(NULL);
}

Test(oidc_client, token_exchange_keeps_the_providers_error_code_for_the_log)
{
	struct oidc_meta m = {.issuer = ISS, .token_endpoint = ISS "/token"};
	struct oidc_client_auth a = {.client_id = "cg", .client_secret = "s"};
	struct oidc_tokens t;
	struct error err;
	fake.status = 400;
	fake.reply = "{\"error\":\"invalid_grant\",\"error_description\":\"code replayed\"}";
	cr_expect_eq(oidc_token_exchange(&m, &a, "c", "r", "v", 1000, &t, &err), -1);
	cr_expect_eq(err.kind, ERROR_INVALID);
	cr_expect(strstr(err.msg, "invalid_grant") && strstr(err.msg, "code replayed"));
	cr_expect(err.said.id && !strstr(err.said.id, "invalid_grant"));
	fake.status = 500;
	cr_expect_eq(oidc_token_exchange(&m, &a, "c", "r", "v", 1000, &t, &err), -1);
	cr_expect_eq(err.kind, ERROR_UNAVAILABLE);
	cr_expect_null(t.id_token);
}

Test(oidc_client, token_exchange_with_private_key_jwt_sends_an_assertion)
{
	struct oidc_meta m = {.issuer = ISS, .token_endpoint = ISS "/token"};
	/* RFC 7515's ES256 example key (A.3). */
	static const char jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
				  "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
				  "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
				  "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";
	struct oidc_client_auth a = {.client_id = "cg", .private_jwk = jwk};
	struct oidc_tokens t;
	struct error err;
	fake.reply = "{\"id_token\":\"a.b.c\"}";
	cr_assert_eq(oidc_token_exchange(&m, &a, "c", "r", "v", 1000, &t, &err), 0, "%s", err.msg);
	cr_expect_str_eq(fake.last_auth, "");
	cr_expect(strstr(fake.last_body, "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type"
					 "%3Ajwt-bearer&client_assertion=ey"));
	cr_expect_null(t.access_token);
	oidc_tokens_release(&t);
}

Test(oidc_client, userinfo_must_be_about_the_same_subject)
{
	struct oidc_meta m = {.issuer = ISS, .userinfo_endpoint = ISS "/me"};
	json_t *c;
	struct error err;
	fake.reply = "{\"sub\":\"s1\",\"nhsid_nrbac_roles\":[]}";
	cr_assert_eq(oidc_userinfo(&m, "at", "s1", &c, &err), 0);
	cr_expect_str_eq(fake.last_auth, "Bearer at");
	json_decref(c);
	cr_expect_eq(oidc_userinfo(&m, "at", "s2", &c, &err), -1);
	cr_expect_null(c);
	m.userinfo_endpoint[0] = '\0';
	cr_expect_eq(oidc_userinfo(&m, "at", "s1", &c, &err), -1);
}

Test(oidc_client, reads_secret_files_and_names_them_when_it_cannot)
{
	char path[] = "/tmp/caregrid-oidc-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "  s3cret\n", 9), 9);
	close(fd);
	char *s;
	struct error err;
	cr_assert_eq(oidc_client_secret_read(path, &s, &err), 0);
	cr_expect_str_eq(s, "s3cret");
	free(s);
	cr_expect_eq(oidc_private_key_read(path, &s, &err), -1);
	cr_expect(strstr(err.msg, "cannot read the private key file /tmp/caregrid-oidc-"), "%s", err.msg);
	unlink(path);
	cr_expect_eq(oidc_client_secret_read(path, &s, &err), -1);
	cr_expect(strstr(err.msg, "cannot read the client secret file /tmp/caregrid-oidc-"), "%s", err.msg);
	cr_expect(strstr(err.msg, "No such file"), "%s", err.msg);
}
