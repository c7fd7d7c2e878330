/*
 * queries.h - every SQL statement caregrid runs, by name. The text is in queries.c, written in the SQL
 * SQLite and PostgreSQL share, with $1, $2 ... placeholders; backends prepare each once per connection.
 */
#ifndef CAREGRID_QUERIES_H
#define CAREGRID_QUERIES_H

#include <stdbool.h>

enum query_id {
	Q_SCHEMA_VERSION,
	Q_SCHEMA_RECORD,
	Q_INSTRUMENT_PUT,
	Q_INSTRUMENT_EACH,
	/* units */
	Q_UNIT_TYPES,
	Q_UNIT_ID_BY_CODE,
	Q_UNIT_ADD,
	Q_UNIT_COUNT,
	Q_UNITS_ALL,
	Q_UNIT_RENAME,
	Q_UNIT_MOVE,
	Q_UNIT_ARCHIVE,
	Q_UNIT_SET_LIST_SIZE,
	/* people */
	Q_USER_ADD,
	Q_USER_BY_EMAIL,
	Q_USER_BY_ID,
	Q_USER_SET_PASSWORD,
	Q_USERS_ALL,
	Q_USER_COUNT,
	Q_ROLE_SET,
	Q_ROLE_DELETE,
	Q_ROLES_OF_USER,
	Q_ROLES_ALL,
	/* sessions and sign-in */
	Q_SESSION_ADD,
	Q_SESSION_GET,
	Q_SESSION_TOUCH,
	Q_SESSION_DELETE,
	Q_SESSIONS_DELETE_USER,
	Q_SESSIONS_PURGE,
	Q_PWTOKEN_ADD,
	Q_PWTOKEN_ADD_IF_ACCOUNT,
	Q_PWTOKEN_GET,
	Q_PWTOKEN_DELETE,
	Q_PWTOKENS_DELETE_USER,
	Q_THROTTLE_GET,
	Q_THROTTLE_PUT,
	Q_THROTTLE_CLEAR,
	Q_GUARD_SESSION, /* the write guard (store.h): the session still live and its person not disabled */
	Q_GUARD_ROLE,    /* ... and the role still held on the unit or above it */
	/* single sign-on: pending sign-ins, identities, provider-given roles, provider sessions (domain/sso.c) */
	Q_SSO_PENDING_ADD,
	Q_SSO_PENDING_TAKE,
	Q_SSO_PENDING_PURGE,
	Q_IDENTITY_GET,
	Q_IDENTITY_ADD,
	Q_IDENTITY_SEEN,
	Q_ROLES_OF_USER_SOURCED,
	Q_ROLE_SET_PROVIDER,
	Q_ROLE_DELETE_PROVIDER,
	Q_SESSION_SSO_SET,
	Q_SESSION_SSO_GET,
	Q_SSO_JTI_ADD,
	Q_SSO_JTI_PURGE,
	Q_SESSIONS_END_SSO_SID,
	Q_SESSIONS_END_SSO_SUBJECT,
	/* staff groups */
	Q_STAFF_GROUPS,
	Q_STAFF_GROUP_ADD,
	Q_STAFF_GROUP_DELETE,
	Q_STAFF_GROUP_MAX_POSITION,
	/* audit */
	Q_AUDIT_ADD,
	Q_AUDIT_LIST,
	/* the evidence page (domain/evidence.c) */
	Q_EVIDENCE_ADMINS,
	Q_EVIDENCE_ACCOUNTS,
	/* rounds */
	Q_SETTING_GET,
	Q_SETTING_PUT,
	/* the key file's one-time upgrade (store/keys.c) */
	Q_SETTING_SET,
	Q_SETTING_DELETE,
	Q_KEYS_COLLEAGUE_KEYS,
	Q_KEYS_COLLEAGUE_KEY_SET,
	Q_KEYS_OUTBOX_QUEUED,
	Q_KEYS_OUTBOX_BODY_SET,
	Q_KEYS_OUTBOX_PURGE,
	Q_KEYS_SHARED_TOKENS,
	Q_KEYS_SHARED_TOKEN_SET,
	Q_SUMS_UPGRADE_ROWS,
	Q_SUMS_UPGRADE_SET,
	Q_KEYS_INVITATION_REFS,
	Q_KEYS_INVITATION_REF_SET,
	Q_KEYS_FB_INVITATION_REFS,
	Q_KEYS_FB_INVITATION_REF_SET,
	Q_UNIT_MIN_GROUP_SET,
	Q_UNIT_MIN_GROUP_GET,
	Q_ROUND_ADD,
	Q_ROUND_GET,
	Q_ROUNDS_OF_UNIT,
	Q_ROUNDS_ALL,
	Q_ROUND_CLOSE,
	Q_ROUND_REOPEN,
	Q_ROUND_COUNT_ALL_ONCE,
	Q_ROUND_COUNT_PENDING,
	Q_ROUND_MIN_GROUP,
	Q_ROUND_EXPORTED,
	Q_ROUND_COUNTS,
	Q_INVITATION_ADD,
	Q_INVITATIONS_TO_REMIND,
	Q_INVITATION_ADDRESSES,
	Q_ROUNDS_TO_AUTO_REMIND,
	Q_ROUND_AUTO_REMINDED,
	Q_INVITATION_BY_HASH,
	/* rounds on a schedule */
	Q_SERIES_ADD,
	Q_SERIES_GET,
	Q_SERIES_EVERY,
	Q_SERIES_STOP,
	Q_SERIES_DUE,
	Q_SERIES_CLAIM,
	Q_ROUND_SERIES_SET,
	Q_ROUND_EMAILS,
	/* the daily digest */
	Q_DIGEST_ACTIONS,
	Q_DIGEST_GOALS,
	Q_DIGEST_CLAIM,
	Q_USER_DIGEST_SET,
	Q_USER_DIGEST_GET,
	Q_USER_LANGUAGE_SET,
	Q_ROUND_LANGUAGE_SET,
	Q_INVITATIONS_OF_ROUND,
	Q_INVITATION_REVOKE,
	Q_RESPONSE_BY_KEY,
	Q_RESPONSE_ADD,
	Q_RESPONSE_SET_GROUP,
	Q_RESPONSE_BUMP,
	Q_RESPONSE_SUBMIT,
	Q_RESPONSE_COUNTED,
	Q_ANSWER_PUT,
	Q_ANSWERS_OF_RESPONSE,
	Q_ENERGY_PUT,
	Q_ENERGY_OF_RESPONSE,
	Q_ROUND_ANSWERS,
	Q_ROUND_ENERGY,
	Q_CONSENSUS_PUT,
	Q_CONSENSUS_DELETE,
	Q_CONSENSUS_OF_ROUND,
	Q_EVIDENCE_ADD,
	Q_EVIDENCE_OF_ROUND,
	Q_EVIDENCE_GET,
	/* journey and region */
	Q_REGION_LATEST,
	Q_ROUND_ITEM_AGG,
	Q_ROUND_RESPONDENTS,
	Q_SUMMARY_PUT,
	Q_SUMMARY_DELETE,
	Q_UNIT_SHARE_SET,
	Q_UNITS_SHARING,
	Q_RESPONSE_IMPORT,
	Q_ROUND_RESPONSES_EXPORT,
	Q_ROUND_ENERGY_EXPORT,
	/* improvement */
	Q_ACTION_ADD,
	Q_ACTION_UPDATE,
	Q_ACTION_GET,
	Q_ACTIONS_OF_UNIT,
	Q_ACTION_ELEMENT_ADD,
	Q_ACTION_ELEMENTS_DELETE,
	Q_ACTION_ELEMENTS,
	Q_PDSA_ADD,
	Q_PDSA_NEXT_NUMBER,
	Q_PDSA_DO,
	Q_PDSA_STUDY,
	Q_PDSA_ACT,
	Q_PDSA_OF_ACTION,
	Q_MEASURE_ADD,
	Q_MEASURE_GET,
	Q_MEASURES_OF_UNIT,
	Q_MEASURE_ELEMENT_ADD,
	Q_MEASURE_ELEMENTS,
	Q_MEASURE_ACTION_ADD,
	Q_MEASURE_ACTIONS,
	Q_MEASURE_POINT_PUT,
	Q_MEASURE_POINTS,
	/* leaders */
	Q_FB_CYCLE_ADD,
	Q_FB_CYCLE_GET,
	Q_FB_CYCLES_OF_USER,
	Q_FB_CYCLE_CLOSE,
	Q_FB_CYCLES_SHARED_WITH,
	Q_FB_SHARE_ADD,
	Q_FB_SHARE_DELETE,
	Q_FB_SHARED_WITH,
	Q_FB_SHARES_OF_CYCLE,
	Q_FB_INVITE_ADD,
	Q_FB_TO_REMIND,
	Q_FB_INVITE_ADDRESSES,
	Q_FB_INVITE_BY_HASH,
	Q_FB_INVITES_OF_CYCLE,
	Q_FB_RESPONSE_BY_KEY,
	Q_FB_RESPONSE_ADD,
	Q_FB_RESPONSE_UPDATE,
	Q_FB_ANSWERS_DELETE,
	Q_FB_ANSWER_ADD,
	Q_FB_RESPONSES_OF_CYCLE,
	Q_FB_ANSWERS_OF_CYCLE,
	Q_PDP_GOAL_ADD,
	Q_PDP_GOAL_UPDATE,
	Q_PDP_GOALS_OF_USER,
	Q_PDP_GOAL_GET,
	Q_PDP_REVIEW_ADD,
	Q_PDP_REVIEWS_OF_USER,
	Q_PDP_SHARE_ADD,
	Q_PDP_SHARE_DELETE,
	Q_PDP_SHARED,
	Q_MAIL_QUEUE,
	Q_MAIL_QUEUE_IF_ACCOUNT,
	Q_MAIL_CLAIM,
	Q_MAIL_CLAIMED,
	Q_MAIL_SENT,
	Q_MAIL_RETRY,
	Q_MAIL_FAILED,
	Q_MAIL_FORGET_REMINDER,
	Q_MAIL_LIST,
	Q_MAIL_RETRY_NOW,
	Q_MAIL_FAILED_ABOUT,
	Q_ROUND_REMIND_CLAIM,
	Q_ROUND_REMINDED_AT,
	Q_FB_REMIND_CLAIM,
	Q_FB_REMINDED_AT,
	Q_FB_EMAILED_OF_CYCLE,
	Q_FB_EMAILED_SINCE,
	Q_PDP_COACHES,
	Q_PDP_COACHED,
	/* where a round's answers come from, and its shared link's headcount (domain/round_answers.h) */
	Q_ROUND_ANSWERS_CLAIM,
	Q_ROUND_ANSWERS_STATE,
	Q_RESPONSE_ROUND,
	Q_ROUND_SHARED_COUNT,
	Q_ROUND_HEADCOUNT_SET,
	/* a survey page's answers and energy levels in one statement each: $1 the response, $2 a JSON array */
	Q_ANSWERS_PUT_MANY,    /* [[item, score or null, comment or null], ...] */
	Q_ANSWERS_DELETE_MANY, /* [item, ...] */
	Q_ENERGY_PUT_MANY,     /* [[target, level], ...] */
	Q_ENERGY_DELETE_MANY,  /* [target, ...] */
	/* a whole response by its round ($1) and respondent key ($2), each statement needing no result of another,
	 * so that PostgreSQL takes them in one round trip (response_submit_whole) */
	Q_RESPONSE_UPSERT,
	Q_ROUND_SHARED_COUNT_NEW,
	Q_ANSWERS_CLEAR_BY_KEY,
	Q_ANSWERS_ADD_BY_KEY, /* $3 [[item, score or null, comment or null], ...] */
	Q_ENERGY_CLEAR_BY_KEY,
	Q_ENERGY_ADD_BY_KEY, /* $3 [[target, level], ...] */
	Q_RESPONSE_SUBMIT_BY_KEY,
	Q_RESPONSE_SUBMIT_WHOLE,
	/* single sign-on's configuration (domain/sso_config.c) */
	Q_SSO_PROVIDER_ADD,
	Q_SSO_PROVIDER_UPDATE,
	Q_SSO_PROVIDER_BY_NAME,
	Q_SSO_PROVIDER_BY_ID,
	Q_SSO_PROVIDERS_ALL,
	Q_SSO_RULE_ADD,
	Q_SSO_RULE_BY_ID,
	Q_SSO_RULE_DELETE,
	Q_SSO_RULES_OF_PROVIDER,
	Q_SSO_ADMIN_PASSWORDS,
	Q_UNIT_SET_ODS,
	/* retention (domain/retention.c): each kind's count (dry run) and its purge share one WHERE; $1 the cutoff day
	 * */
	Q_RET_ADDR_COUNT, /* $1 the cutoff of addresses, for rounds and 360 cycles alike */
	Q_RET_ADDR_CLEAR,
	Q_RET_FB_ADDR_COUNT,
	Q_RET_FB_ADDR_CLEAR,
	Q_RET_MAIL_COUNT,
	Q_RET_MAIL_DELETE,
	Q_RET_COMMENT_COUNT,
	Q_RET_COMMENT_CLEAR,
	Q_RET_NOTE_COUNT,
	Q_RET_NOTE_CLEAR,
	Q_RET_STRENGTH_COUNT,
	Q_RET_STRENGTH_CLEAR,
	Q_RET_SUGGESTION_COUNT,
	Q_RET_SUGGESTION_CLEAR,
	Q_RET_REVIEW_COUNT,
	Q_RET_REVIEW_DELETE,
	Q_RET_PLAN_SHARE_DELETE,
	Q_RET_PLAN_COUNT,
	Q_RET_PLAN_DELETE,
	Q_RET_AUDIT_COUNT,
	Q_RET_AUDIT_DELETE,
	Q_RET_RUN_ADD,
	Q_RET_RUN_LAST,
	Q_RET_RUN_SCHEDULED, /* a scheduled purge as of $1 or later has run */
	Q_USER_SIGNED_IN,    /* $1 the person, $2 the day */
	Q_RET_FB_DUE,        /* cycles closed on or before $1 with raw answers */
	Q_RET_FB_ANSWER_COUNT,
	Q_RET_FB_ANSWER_DELETE,
	Q_RET_FB_RESPONSE_EMPTY_DELETE,
	Q_FB_REPORT_KEEP,
	Q_FB_REPORT_KEPT_GET,
	/* change counters (store_exec bumps "units" after every query that changes the unit tree) */
	Q_UNITS_VERSION,
	Q_UNITS_VERSION_BUMP,
	Q_RESULTS_VERSION,
	Q_RESULTS_VERSION_BUMP,
	/* erasure of a person (domain/erasure.c): one statement per step, in the order they run */
	Q_ERASE_ADMINS_LEFT,
	Q_ERASE_FB_ANSWERS,
	Q_ERASE_FB_RESPONSES,
	Q_ERASE_FB_INVITATIONS,
	Q_ERASE_FB_SHARES,
	Q_ERASE_FB_OUTBOX,
	Q_ERASE_FB_CYCLES,
	Q_ERASE_PDP_REVIEWS,
	Q_ERASE_PDP_GOALS,
	Q_ERASE_PDP_SHARES,
	Q_ERASE_PDP_COACH_NAMED,
	Q_ERASE_IDENTITIES,
	Q_ERASE_THROTTLE,
	Q_ERASE_OUTBOX,
	Q_ERASE_ROLES,
	Q_ERASE_INVITED,
	Q_ERASE_FB_INVITED,
	Q_ERASE_AUDIT_ACTOR,
	Q_ERASE_AUDIT_TARGET,
	Q_ERASE_AUDIT_DETAIL_EMAIL,
	Q_ERASE_AUDIT_DETAIL_NAME,
	Q_ERASE_TOMBSTONE,
	/* subject access (domain/subject_access.c) */
	Q_SA_PROFILE,
	Q_SA_ROLES,
	Q_SA_SESSIONS,
	Q_SA_AUDIT,
	Q_SA_CONSENSUS,
	Q_SA_INVITATIONS,
	Q_COUNT
};

extern const char *const query_sql[Q_COUNT];

/* The text to run on one backend: query_sql's, or PostgreSQL's own where the two dialects part (JSON). */
const char *query_text(enum query_id q, bool postgresql);

/* Q's name as the enum spells it ("Q_ROUND_CLOSE"), for the log; BUF holds "query N" for one without. */
const char *query_name(enum query_id q, char buf[static 16]);

/* True for the queries that change what the unit tree holds (unit.h): the servers' cached trees are reloaded
 * after them. tests/unit/test_store.c checks that every statement writing the unit table is among them. */
bool query_changes_unit_tree(enum query_id q);
/* Whether Q moves the 'results' counter (Q_RESULTS_VERSION): it may change what the regional grid shows. */
bool query_changes_results(enum query_id q);
/* Whether PostgreSQL sends Q's rows in binary form, read a row at a time (pg.c): for the grid's thousands of
 * packed sums, sent as they are stored instead of hex-escaped and unescaped, and never held whole. Such a query
 * reads only integer, text, float8 and bytea columns (what pg.c decodes from binary form), outside a
 * transaction (within one it is read whole, as every statement of the pipeline is). */
bool query_binary_rows(enum query_id q);
/* Whether Q is an INSERT INTO, UPDATE or DELETE FROM one of TABLES (NULL-terminated). */
bool query_writes_table(enum query_id q, const char *const *tables);

/* True for the queries that may write: every one that is not a plain SELECT (the write guard, store.h). */
bool query_writes(enum query_id q);

#endif
