/* test_claims_mask.c - a test sign-in's claims as an administrator sees them (lib/claims_mask.h): names, emails,
 * ids and ODS codes partly hidden; what rules are written on shown whole; long and deep claims cut. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lib/claims_mask.h"

static char *
masked(const char *json)
{
	json_t *in = json_loads(json, JSON_DECODE_ANY, NULL);
	cr_assert(in, "bad test JSON");
	json_t *out = claims_masked(in);
	char *text = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
	json_decref(in);
	json_decref(out);
	return text;
}

#define EXPECT_MASKED(in, want)                                                                                        \
	do {                                                                                                           \
		char *got = masked(in);                                                                                \
		cr_expect_str_eq(got, want);                                                                           \
		free(got);                                                                                             \
	} while (0)

Test(claims_mask, hides_names_emails_ids_and_codes_in_part)
{
	EXPECT_MASKED("{\"name\": \"Jane Smith\", \"email\": \"jane.smith@nhs.net\", \"sub\": \"910000000001\", "
		      "\"tid\": \"9188040d\", \"nhsid_nrbac_roles\": [{\"org_code\": \"A81001\", \"person_roleid\": "
		      "\"555021935107\"}]}",
		      "{\"email\":\"ja…@nh…\",\"name\":\"Ja… Sm…\",\"nhsid_nrbac_roles\":[{\"org_code\":\"A81001\","
		      "\"person_roleid\":\"55…\"}],\"sub\":\"91…\",\"tid\":\"91…\"}");
}

Test(claims_mask, keeps_what_rules_are_written_on)
{
	EXPECT_MASKED("{\"roles\": [\"caregrid.admin\"], \"hd\": \"riverside.nhs.uk\", \"acr\": \"AAL3\", "
		      "\"exp\": 17, \"nhsid_nrbac_roles\": [{\"role_code\": \"S8000:G8000:R8000\", "
		      "\"activity_codes\": [\"B0264\"]}]}",
		      "{\"acr\":\"AAL3\",\"exp\":17,\"hd\":\"riverside.nhs.uk\",\"nhsid_nrbac_roles\":"
		      "[{\"activity_codes\":[\"B0264\"],\"role_code\":\"S8000:G8000:R8000\"}],"
		      "\"roles\":[\"caregrid.admin\"]}");
}

Test(claims_mask, cuts_long_arrays_and_deep_nesting)
{
	char big[8000] = "{\"groups\": [";
	for (int i = 0; i < 120; i++)
		strcat(big, i ? ",\"g\"" : "\"g\"");
	strcat(big, "]}");
	char *cut = masked(big);
	cr_expect(strstr(cut, "\"… 70 more\"") != NULL, "%s", cut);
	free(cut);
	EXPECT_MASKED("[[[[[[[[[[\"x\"]]]]]]]]]]", "[[[[[[[]]]]]]]");
	EXPECT_MASKED("{\"given_name\": \"Ñandú Ōtsuka\"}", "{\"given_name\":\"Ña… Ōt…\"}");
}
