/*
 * query_names.c - each query's name as written in queries.h, for the log line of a statement that failed
 * (store_query_failed, called by the backends): "Q_ROUND_CLOSE" says which of the statements it was and
 * where to find its text.
 *
 * In the order of the enum. A query added at the end and not here fails the build (the assertion below);
 * one added in the middle and not here is logged by number ("query 57") until it is.
 */
#include "store/queries.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "store/store_int.h"

#define N(q) [q] = #q

static const char *const query_names[] = {
	N(Q_SCHEMA_VERSION),
	N(Q_SCHEMA_RECORD),
	N(Q_INSTRUMENT_PUT),
	N(Q_INSTRUMENT_EACH),
	N(Q_UNIT_TYPES),
	N(Q_UNIT_ID_BY_CODE),
	N(Q_UNIT_ADD),
	N(Q_UNIT_COUNT),
	N(Q_UNITS_ALL),
	N(Q_UNIT_RENAME),
	N(Q_UNIT_MOVE),
	N(Q_UNIT_ARCHIVE),
	N(Q_UNIT_SET_LIST_SIZE),
	N(Q_USER_ADD),
	N(Q_USER_BY_EMAIL),
	N(Q_USER_BY_ID),
	N(Q_USER_SET_PASSWORD),
	N(Q_USERS_ALL),
	N(Q_USER_COUNT),
	N(Q_ROLE_SET),
	N(Q_ROLE_DELETE),
	N(Q_ROLES_OF_USER),
	N(Q_ROLES_ALL),
	N(Q_SESSION_ADD),
	N(Q_SESSION_GET),
	N(Q_SESSION_TOUCH),
	N(Q_SESSION_DELETE),
	N(Q_SESSIONS_DELETE_USER),
	N(Q_SESSIONS_PURGE),
	N(Q_PWTOKEN_ADD),
	N(Q_PWTOKEN_ADD_IF_ACCOUNT),
	N(Q_PWTOKEN_GET),
	N(Q_PWTOKEN_DELETE),
	N(Q_PWTOKENS_DELETE_USER),
	N(Q_THROTTLE_GET),
	N(Q_THROTTLE_PUT),
	N(Q_THROTTLE_CLEAR),
	N(Q_GUARD_SESSION),
	N(Q_GUARD_ROLE),
	N(Q_STAFF_GROUPS),
	N(Q_STAFF_GROUP_ADD),
	N(Q_STAFF_GROUP_DELETE),
	N(Q_STAFF_GROUP_MAX_POSITION),
	N(Q_AUDIT_ADD),
	N(Q_AUDIT_LIST),
	N(Q_SETTING_GET),
	N(Q_SETTING_PUT),
	N(Q_SETTING_SET),
	N(Q_SETTING_DELETE),
	N(Q_KEYS_COLLEAGUE_KEYS),
	N(Q_KEYS_COLLEAGUE_KEY_SET),
	N(Q_KEYS_OUTBOX_QUEUED),
	N(Q_KEYS_OUTBOX_BODY_SET),
	N(Q_KEYS_OUTBOX_PURGE),
	N(Q_KEYS_SHARED_TOKENS),
	N(Q_KEYS_SHARED_TOKEN_SET),
	N(Q_SUMS_UPGRADE_ROWS),
	N(Q_SUMS_UPGRADE_SET),
	N(Q_KEYS_INVITATION_REFS),
	N(Q_KEYS_INVITATION_REF_SET),
	N(Q_KEYS_FB_INVITATION_REFS),
	N(Q_KEYS_FB_INVITATION_REF_SET),
	N(Q_UNIT_MIN_GROUP_SET),
	N(Q_UNIT_MIN_GROUP_GET),
	N(Q_ROUND_ADD),
	N(Q_ROUND_GET),
	N(Q_ROUNDS_OF_UNIT),
	N(Q_ROUNDS_ALL),
	N(Q_ROUND_CLOSE),
	N(Q_ROUND_REOPEN),
	N(Q_ROUND_COUNT_ALL_ONCE),
	N(Q_ROUND_COUNT_PENDING),
	N(Q_ROUND_MIN_GROUP),
	N(Q_ROUND_EXPORTED),
	N(Q_ROUND_COUNTS),
	N(Q_INVITATION_ADD),
	N(Q_INVITATIONS_TO_REMIND),
	N(Q_INVITATION_ADDRESSES),
	N(Q_ROUNDS_TO_AUTO_REMIND),
	N(Q_ROUND_AUTO_REMINDED),
	N(Q_INVITATION_BY_HASH),
	N(Q_SERIES_ADD),
	N(Q_SERIES_GET),
	N(Q_SERIES_EVERY),
	N(Q_SERIES_STOP),
	N(Q_SERIES_DUE),
	N(Q_SERIES_CLAIM),
	N(Q_ROUND_SERIES_SET),
	N(Q_ROUND_EMAILS),
	N(Q_DIGEST_ACTIONS),
	N(Q_DIGEST_GOALS),
	N(Q_DIGEST_CLAIM),
	N(Q_USER_DIGEST_SET),
	N(Q_USER_DIGEST_GET),
	N(Q_USER_LANGUAGE_SET),
	N(Q_ROUND_LANGUAGE_SET),
	N(Q_INVITATIONS_OF_ROUND),
	N(Q_INVITATION_REVOKE),
	N(Q_RESPONSE_BY_KEY),
	N(Q_RESPONSE_ADD),
	N(Q_RESPONSE_SET_GROUP),
	N(Q_RESPONSE_BUMP),
	N(Q_RESPONSE_SUBMIT),
	N(Q_RESPONSE_COUNTED),
	N(Q_ANSWER_PUT),
	N(Q_ANSWERS_OF_RESPONSE),
	N(Q_ENERGY_PUT),
	N(Q_ENERGY_OF_RESPONSE),
	N(Q_ROUND_ANSWERS),
	N(Q_ROUND_ENERGY),
	N(Q_CONSENSUS_PUT),
	N(Q_CONSENSUS_DELETE),
	N(Q_CONSENSUS_OF_ROUND),
	N(Q_EVIDENCE_ADD),
	N(Q_EVIDENCE_OF_ROUND),
	N(Q_EVIDENCE_GET),
	N(Q_REGION_LATEST),
	N(Q_ROUND_ITEM_AGG),
	N(Q_ROUND_RESPONDENTS),
	N(Q_SUMMARY_PUT),
	N(Q_SUMMARY_DELETE),
	N(Q_UNIT_SHARE_SET),
	N(Q_UNITS_SHARING),
	N(Q_RESPONSE_IMPORT),
	N(Q_ROUND_RESPONSES_EXPORT),
	N(Q_ROUND_ENERGY_EXPORT),
	N(Q_ACTION_ADD),
	N(Q_ACTION_UPDATE),
	N(Q_ACTION_GET),
	N(Q_ACTIONS_OF_UNIT),
	N(Q_ACTION_ELEMENT_ADD),
	N(Q_ACTION_ELEMENTS_DELETE),
	N(Q_ACTION_ELEMENTS),
	N(Q_PDSA_ADD),
	N(Q_PDSA_NEXT_NUMBER),
	N(Q_PDSA_DO),
	N(Q_PDSA_STUDY),
	N(Q_PDSA_ACT),
	N(Q_PDSA_OF_ACTION),
	N(Q_MEASURE_ADD),
	N(Q_MEASURE_GET),
	N(Q_MEASURES_OF_UNIT),
	N(Q_MEASURE_ELEMENT_ADD),
	N(Q_MEASURE_ELEMENTS),
	N(Q_MEASURE_ACTION_ADD),
	N(Q_MEASURE_ACTIONS),
	N(Q_MEASURE_POINT_PUT),
	N(Q_MEASURE_POINTS),
	N(Q_MEASURE_NOTE_ADD),
	N(Q_MEASURE_NOTES),
	N(Q_MEASURE_PDSA_MARKS),
	N(Q_MEASURE_DONE_ACTIONS),
	N(Q_UNIT_ROUND_CLOSES),
	N(Q_FB_CYCLE_ADD),
	N(Q_FB_CYCLE_GET),
	N(Q_FB_CYCLES_OF_USER),
	N(Q_FB_CYCLE_CLOSE),
	N(Q_FB_CYCLES_SHARED_WITH),
	N(Q_FB_SHARE_ADD),
	N(Q_FB_SHARE_DELETE),
	N(Q_FB_SHARED_WITH),
	N(Q_FB_SHARES_OF_CYCLE),
	N(Q_FB_INVITE_ADD),
	N(Q_FB_TO_REMIND),
	N(Q_FB_INVITE_ADDRESSES),
	N(Q_FB_INVITE_BY_HASH),
	N(Q_FB_INVITES_OF_CYCLE),
	N(Q_FB_RESPONSE_BY_KEY),
	N(Q_FB_RESPONSE_ADD),
	N(Q_FB_RESPONSE_UPDATE),
	N(Q_FB_ANSWERS_DELETE),
	N(Q_FB_ANSWER_ADD),
	N(Q_FB_RESPONSES_OF_CYCLE),
	N(Q_FB_ANSWERS_OF_CYCLE),
	N(Q_PDP_GOAL_ADD),
	N(Q_PDP_GOAL_UPDATE),
	N(Q_PDP_GOALS_OF_USER),
	N(Q_PDP_GOAL_GET),
	N(Q_PDP_REVIEW_ADD),
	N(Q_PDP_REVIEWS_OF_USER),
	N(Q_PDP_SHARE_ADD),
	N(Q_PDP_SHARE_DELETE),
	N(Q_PDP_SHARED),
	N(Q_MAIL_QUEUE),
	N(Q_MAIL_QUEUE_IF_ACCOUNT),
	N(Q_MAIL_CLAIM),
	N(Q_MAIL_CLAIMED),
	N(Q_MAIL_SENT),
	N(Q_MAIL_RETRY),
	N(Q_MAIL_FAILED),
	N(Q_MAIL_FORGET_REMINDER),
	N(Q_MAIL_LIST),
	N(Q_MAIL_RETRY_NOW),
	N(Q_MAIL_FAILED_ABOUT),
	N(Q_ROUND_REMIND_CLAIM),
	N(Q_ROUND_REMINDED_AT),
	N(Q_FB_REMIND_CLAIM),
	N(Q_FB_REMINDED_AT),
	N(Q_FB_EMAILED_OF_CYCLE),
	N(Q_FB_EMAILED_SINCE),
	N(Q_PDP_COACHES),
	N(Q_PDP_COACHED),
	N(Q_ROUND_ANSWERS_CLAIM),
	N(Q_ROUND_ANSWERS_STATE),
	N(Q_RESPONSE_ROUND),
	N(Q_ROUND_SHARED_COUNT),
	N(Q_ROUND_HEADCOUNT_SET),
	N(Q_ANSWERS_PUT_MANY),
	N(Q_ANSWERS_DELETE_MANY),
	N(Q_ENERGY_PUT_MANY),
	N(Q_ENERGY_DELETE_MANY),
	N(Q_RESPONSE_UPSERT),
	N(Q_ROUND_SHARED_COUNT_NEW),
	N(Q_ANSWERS_CLEAR_BY_KEY),
	N(Q_ANSWERS_ADD_BY_KEY),
	N(Q_ENERGY_CLEAR_BY_KEY),
	N(Q_ENERGY_ADD_BY_KEY),
	N(Q_RESPONSE_SUBMIT_BY_KEY),
	N(Q_RESPONSE_SUBMIT_WHOLE),
	N(Q_UNITS_VERSION),
	N(Q_UNITS_VERSION_BUMP),
	N(Q_RESULTS_VERSION),
	N(Q_RESULTS_VERSION_BUMP),
};

_Static_assert(sizeof query_names / sizeof query_names[0] == Q_COUNT, "every query needs its name here");

const char *
query_name(enum query_id q, char buf[static 16])
{
	if ((unsigned)q < Q_COUNT && query_names[q])
		return query_names[q];
	snprintf(buf, 16, "query %d", (int)q);
	return buf;
}

/* Every failure a backend reports passes here with its query: the detail and the query's name go to the log
 * line (the web layer logs ours; a clash the reader is told of in fixed words is logged here). */
int
store_query_failed(struct error *err, enum query_id q)
{
	if (err) {
		char buf[16];
		size_t n = strnlen(err->msg, sizeof err->msg - 1);
		snprintf(err->msg + n, sizeof err->msg - n, " (in %s)", query_name(q, buf));
		if (!error_is_ours(err))
			fprintf(stderr, "caregrid: store: %s\n", err->msg);
	}
	return -1;
}

int
store_reword(struct error *err)
{
	if (!err)
		return -1;
	switch (err->kind) {
	case ERROR_CONFLICT:
		return error_reword(err, N_("this clashes with what is saved already: "
					    "reload the page to see it, then try again"));
	case ERROR_UNAVAILABLE:
		return error_reword(err, N_("the database is busy or out of reach: try again in a moment"));
	default:
		return error_reword(err, N_("the database could not do this"));
	}
}
