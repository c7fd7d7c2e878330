/* test_sso_rules.c - single sign-on's configuration: what a provider's rules give a person's claims (a claim's
 * string or array, CIS2's nhsid_nrbac_roles by ODS code with role and activity codes, children, the strongest
 * role per unit, never site administrator, malformed claims ignored), the checks on a provider and a rule, and
 * the local passwords setting with its break-glass site administrator. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/sso.h"
#include "domain/unit.h"
#include "helpers.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "web/http.h"
#include "web/page_sso_admin.h"

static struct store *s;
static struct unit_tree tree;
static struct sso_provider prov;
static char *secret;

static void
reload(void)
{
	struct error err;
	unit_tree_release(&tree);
	cr_assert_eq(unit_tree_load(s, &tree, &err), 0, "%s", err.msg);
}

static void
setup(void)
{
	temp_dir_setup();
	char *path = test_db_where("sso.db");
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	free(path);
	memset(&tree, 0, sizeof tree);
	const char *csv = "code,name,type,parent_code,list_size,counted_on\n"
			  "R,Region,region,,,\nH,Home,pch,R,,\nP1,Riverside Surgery,practice,H,,\n"
			  "P2,Hill Practice,practice,H,,\n";
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(unit_import_csv(s, &actor_cli, csv, strlen(csv), "setup", &problems, &err), 4);
	strvec_clear(&problems);
	reload();
	cr_assert_eq(unit_set_ods_code(s, &tree, &actor_cli, "P1", "A81001", &err), 0, "%s", err.msg);
	cr_assert_eq(unit_set_ods_code(s, &tree, &actor_cli, "P2", "a81002", &err), 0, "%s", err.msg);
	reload();
	secret = write_file(test_dir, "secret", "s3cret\n");
	memset(&prov, 0, sizeof prov);
	snprintf(prov.name, sizeof prov.name, "nhs");
	snprintf(prov.issuer, sizeof prov.issuer, "https://id.example.nhs.uk");
	snprintf(prov.client_id, sizeof prov.client_id, "caregrid");
	snprintf(prov.secret_file, sizeof prov.secret_file, "%s", secret);
	prov.enabled = true;
	sso_preset_defaults(SSO_CIS2, &prov);
	cr_assert_eq(sso_provider_add(s, &actor_cli, &prov, &err), 0, "%s", err.msg);
	cr_assert_eq(sso_provider_by_name(s, "nhs", &prov, &err), 1);
}

static void
teardown(void)
{
	unit_tree_release(&tree);
	store_close(s);
	free(secret);
	temp_dir_teardown();
}

TestSuite(sso_rules, .init = setup, .fini = teardown);

static int64_t
unit_id(const char *code)
{
	return unit_by_code(&tree, code)->id;
}

static void
add_rule(enum sso_rule_kind kind, const char *claim, const char *value, const char *unit, const char *role,
	 bool children)
{
	struct sso_rule r = {.provider_id = prov.id, .kind = kind, .unit_id = unit ? unit_id(unit) : 0,
			     .with_children = children};
	snprintf(r.claim, sizeof r.claim, "%s", claim);
	snprintf(r.value, sizeof r.value, "%s", value);
	snprintf(r.role, sizeof r.role, "%s", role);
	struct error err;
	int64_t id;
	cr_assert_eq(sso_rule_add(s, &actor_cli, &r, &id, &err), 0, "%s", err.msg);
}

/* The grants for CLAIMS (JSON text) as "CODE=role CODE=role", in unit id order. */
static char *
grants_of(const char *claims_json)
{
	json_error_t je;
	json_t *claims = json_loads(claims_json, 0, &je);
	cr_assert(claims, "%s", je.text);
	struct sso_grant *g;
	size_t n;
	struct error err;
	cr_assert_eq(sso_rules_apply(s, &prov, claims, &g, &n, &err), 0, "%s", err.msg);
	json_decref(claims);
	char *out = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		const char *code = unit_by_id(&tree, g[i].unit_id)->code;
		char *next = xasprintf("%s%s%s=%s", out, i ? " " : "", code, g[i].role);
		free(out);
		out = next;
	}
	free(g);
	return out;
}

#define EXPECT_GRANTS(claims, want)                                                                                    \
	do {                                                                                                           \
		char *got = grants_of(claims);                                                                         \
		cr_expect_str_eq(got, want);                                                                           \
		free(got);                                                                                             \
	} while (0)

Test(sso_rules, claim_string_equal_to_the_value_matches)
{
	add_rule(SSO_RULE_CLAIM, "hd", "riverside.nhs.uk", "P1", "viewer", false);
	EXPECT_GRANTS("{\"hd\": \"riverside.nhs.uk\"}", "P1=viewer");
	EXPECT_GRANTS("{\"hd\": \"riverside.nhs.uk.evil\"}", "");
	EXPECT_GRANTS("{}", "");
}

Test(sso_rules, claim_array_containing_the_value_matches)
{
	add_rule(SSO_RULE_CLAIM, "roles", "caregrid.facilitator", "P2", "facilitator", false);
	EXPECT_GRANTS("{\"roles\": [\"other\", \"caregrid.facilitator\"]}", "P2=facilitator");
	EXPECT_GRANTS("{\"roles\": [\"other\"]}", "");
}

Test(sso_rules, cis2_org_and_role_code_match_the_unit_with_that_ods_code)
{
	add_rule(SSO_RULE_CIS2, "", "R8000", NULL, "facilitator", false);
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"A81001\", \"role_code\": \"S8000:G8000:R8000\"}]}",
		      "P1=facilitator");
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"A81002\", \"role_code\": \"R8000\"}]}",
		      "P2=facilitator");
	/* R800 is not R8000, nor is R80001 */
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"A81001\", \"role_code\": \"S8000:R80001\"}]}", "");
}

Test(sso_rules, cis2_activity_code_matches)
{
	add_rule(SSO_RULE_CIS2, "", "B0264", NULL, "viewer", false);
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"A81001\", \"role_code\": \"R8001\", "
		      "\"activity_codes\": [\"B0001\", \"B0264\"]}]}",
		      "P1=viewer");
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"A81001\", \"activity_codes\": [\"B0265\"]}]}", "");
}

Test(sso_rules, cis2_wrong_org_gives_nothing)
{
	add_rule(SSO_RULE_CIS2, "", "R8000", NULL, "facilitator", false);
	add_rule(SSO_RULE_CIS2, "", "R8000", "P1", "admin", false); /* only at P1's own ODS code */
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"Y99999\", \"role_code\": \"R8000\"}]}", "");
	EXPECT_GRANTS("{\"nhsid_nrbac_roles\": [{\"org_code\": \"A81002\", \"role_code\": \"R8000\"}]}",
		      "P2=facilitator");
}

Test(sso_rules, with_children_expands_below_the_unit)
{
	add_rule(SSO_RULE_CLAIM, "groups", "network-leads", "H", "viewer", true);
	EXPECT_GRANTS("{\"groups\": [\"network-leads\"]}", "H=viewer P1=viewer P2=viewer");
}

Test(sso_rules, strongest_role_per_unit_wins)
{
	add_rule(SSO_RULE_CLAIM, "groups", "all", "H", "viewer", true);
	add_rule(SSO_RULE_CLAIM, "roles", "lead", "P1", "admin", false);
	add_rule(SSO_RULE_CIS2, "", "R8000", NULL, "facilitator", false);
	EXPECT_GRANTS("{\"groups\": \"all\", \"roles\": [\"lead\"], \"nhsid_nrbac_roles\": "
		      "[{\"org_code\": \"A81001\", \"role_code\": \"R8000\"}, {\"org_code\": \"A81002\", "
		      "\"role_code\": \"R8000\"}]}",
		      "H=viewer P1=admin P2=facilitator");
}

Test(sso_rules, malformed_claims_are_ignored)
{
	add_rule(SSO_RULE_CLAIM, "roles", "lead", "P1", "admin", false);
	add_rule(SSO_RULE_CIS2, "", "R8000", NULL, "facilitator", false);
	EXPECT_GRANTS("{\"roles\": 7, \"nhsid_nrbac_roles\": \"A81001 R8000\"}", "");
	EXPECT_GRANTS("{\"roles\": {\"lead\": true}, \"nhsid_nrbac_roles\": [7, null, \"x\", "
		      "{\"org_code\": 5, \"role_code\": \"R8000\"}, {\"org_code\": \"A81001\", \"role_code\": 8000}, "
		      "{\"org_code\": \"A81001\", \"activity_codes\": \"R8000\"}]}",
		      "");
	EXPECT_GRANTS("[1, 2]", "");
	/* an array too long to look into */
	char *big = xstrdup("{\"roles\": [");
	for (int i = 0; i < 5000; i++) {
		char *next = xasprintf("%s\"r%d\", ", big, i);
		free(big);
		big = next;
	}
	char *whole = xasprintf("%s\"lead\"]}", big);
	EXPECT_GRANTS(whole, "");
	free(big);
	free(whole);
}

Test(sso_rules, never_gives_site_administrator)
{
	struct sso_rule r = {.provider_id = prov.id, .kind = SSO_RULE_CLAIM, .unit_id = unit_id("P1")};
	snprintf(r.claim, sizeof r.claim, "roles");
	snprintf(r.value, sizeof r.value, "x");
	snprintf(r.role, sizeof r.role, "site-admin");
	struct error err;
	int64_t id;
	cr_expect_eq(sso_rule_add(s, &actor_cli, &r, &id, &err), -1);
	cr_expect_str_eq(err.field, "role");
	/* and a rule that says so anyway gives nothing */
	struct sso_grant *g;
	size_t n;
	json_t *claims = json_pack("{s:[s]}", "roles", "x");
	sso_rules_eval(&r, 1, &tree, claims, &g, &n);
	cr_expect_eq(n, 0);
	free(g);
	json_decref(claims);
}

Test(sso_rules, a_cis2_rule_on_a_unit_needs_its_ods_code)
{
	struct sso_rule r = {.provider_id = prov.id, .kind = SSO_RULE_CIS2, .unit_id = unit_id("H")};
	snprintf(r.value, sizeof r.value, "R8000");
	snprintf(r.role, sizeof r.role, "viewer");
	struct error err;
	int64_t id;
	cr_expect_eq(sso_rule_add(s, &actor_cli, &r, &id, &err), -1);
	cr_expect_str_eq(err.field, "unit");
	snprintf(r.value, sizeof r.value, "X8000");
	r.unit_id = 0;
	cr_expect_eq(sso_rule_add(s, &actor_cli, &r, &id, &err), -1);
	cr_expect_str_eq(err.field, "value");
}

static void
expect_refused(struct sso_provider *p, const char *field)
{
	struct error err;
	cr_expect_eq(sso_provider_check(p, true, &err), -1, "%s should be refused", field);
	cr_expect_str_eq(err.field ? err.field : "", field);
}

Test(sso_rules, provider_checks_name_the_field)
{
	struct sso_provider p = prov;
	cr_expect_eq(sso_provider_check(&p, true, &(struct error){0}), 0);
	snprintf(p.name, sizeof p.name, "NHS Mail");
	expect_refused(&p, "name");
	p = prov;
	snprintf(p.issuer, sizeof p.issuer, "http://id.example.com");
	expect_refused(&p, "issuer");
	snprintf(p.issuer, sizeof p.issuer, "http://127.0.0.1:9000/op");
	cr_expect_eq(sso_provider_check(&p, true, &(struct error){0}), 0);
	p = prov;
	snprintf(p.scopes, sizeof p.scopes, "profile email");
	expect_refused(&p, "scopes");
	p = prov;
	snprintf(p.algs, sizeof p.algs, "RS256,none");
	expect_refused(&p, "algs");
	snprintf(p.algs, sizeof p.algs, "HS256");
	expect_refused(&p, "algs");
	p = prov;
	snprintf(p.secret_file, sizeof p.secret_file, "%s/missing", test_dir);
	expect_refused(&p, "secret_file");
	p = prov;
	snprintf(p.issuer, sizeof p.issuer, "https://login.microsoftonline.com/{tenantid}/v2.0");
	expect_refused(&p, "tenants");
}

Test(sso_rules, presets_fill_their_defaults)
{
	struct sso_provider p = {0};
	sso_preset_defaults(SSO_CIS2, &p);
	cr_expect_str_eq(p.scopes, "openid profile email nhsperson nationalrbacaccess selectedrole");
	cr_expect_str_eq(p.acr_min, "AAL3");
	cr_expect_str_eq(p.algs, "RS512");
	cr_expect(p.userinfo);
	cr_expect_eq(p.client_auth, SSO_PRIVATE_KEY_JWT);
	struct sso_provider g = {0};
	sso_preset_defaults(SSO_GOOGLE, &g);
	cr_expect_str_eq(g.issuer, "https://accounts.google.com");
	struct sso_provider e = {0};
	sso_preset_defaults(SSO_ENTRA, &e);
	cr_expect_str_eq(e.algs, "RS256");
	cr_expect_not_null(sso_preset_warning(&e));
	cr_expect_null(sso_preset_warning(&g));
}

Test(sso_rules, local_passwords_cannot_go_off_without_an_admin_password)
{
	struct error err;
	bool on = false;
	cr_expect_eq(sso_local_passwords(s, &on, &err), 0);
	cr_expect(on);
	cr_expect_eq(sso_local_passwords_set(s, &actor_cli, false, &err), -1);
	int64_t id;
	cr_assert_eq(user_add(s, &actor_cli, "boss@example.org", "Boss", "a long enough password", true, &id, &err),
		     0, "%s", err.msg);
	cr_expect_eq(sso_local_passwords_set(s, &actor_cli, false, &err), 0, "%s", err.msg);
	cr_expect_eq(sso_local_passwords(s, &on, &err), 0);
	cr_expect(!on);
}

static enum signin_result
sign_in(const char *email, const char *password)
{
	enum signin_result result;
	long wait;
	struct session sess;
	struct error err;
	cr_assert_eq(auth_signin(s, email, password, "192.0.2.1", 1000, &result, &wait, &sess, &err), 0, "%s",
		     err.msg);
	return result;
}

Test(sso_rules, passwords_off_let_only_site_administrators_in_and_say_nothing_of_accounts)
{
	struct error err;
	int64_t id;
	cr_assert_eq(user_add(s, &actor_cli, "boss@example.org", "Boss", "a long enough password", true, &id, &err), 0);
	cr_assert_eq(user_add(s, &actor_cli, "gp@example.org", "GP", "another long password", false, &id, &err), 0);
	cr_expect_eq(sign_in("gp@example.org", "another long password"), SIGNIN_OK);
	cr_assert_eq(sso_local_passwords_set(s, &actor_cli, false, &err), 0, "%s", err.msg);
	cr_expect_eq(sign_in("gp@example.org", "another long password"), SIGNIN_SSO_ONLY);
	cr_expect_eq(sign_in("gp@example.org", "a wrong password"), SIGNIN_SSO_ONLY);
	cr_expect_eq(sign_in("nobody@example.org", "a wrong password"), SIGNIN_SSO_ONLY);
	cr_expect_eq(sign_in("boss@example.org", "a long enough password"), SIGNIN_OK);
}

/* The page a test sign-in ends on: the claims partly masked, and the rules' grants in words. */
Test(sso_rules, test_result_page_masks_claims_and_says_what_rules_give)
{
	add_rule(SSO_RULE_CIS2, "", "R8000", NULL, "facilitator", false);
	struct request req = {.arena = arena_new(), .store = s, .tree = &tree};
	struct response res = {0};
	buf_init(&res.body, 1 << 20);
	json_t *claims = json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "sub", "910000000001", "name", "Jane Smith",
				   "nhsid_nrbac_roles", "org_code", "A81001", "role_code", "S8000:G8000:R8000");
	page_sso_test_result(&req, &res, &prov, claims);
	buf_add(&res.body, "", 1);
	const char *html = res.body.data;
	cr_expect(strstr(html, "facilitator on Riverside Surgery"), "no grant in words");
	cr_expect(strstr(html, "Ja… Sm…") && strstr(html, "91…") && strstr(html, "A81001"), "not masked");
	cr_expect(!strstr(html, "Jane") && !strstr(html, "910000000001"), "shown whole");
	json_decref(claims);
	buf_release(&res.body);
	arena_free(req.arena);
}
