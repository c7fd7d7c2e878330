/*
 * handlers.h - the page and API handlers the route table names, one file per page or resource.
 */
#ifndef CAREGRID_HANDLERS_H
#define CAREGRID_HANDLERS_H

#include "domain/instrument.h"
#include "web/http.h"

/* page_home.c, page_instrument.c, api_instruments.c, static.c */
void page_home(struct request *req, struct response *res);
void page_mail(struct request *req, struct response *res);
/* page_sso_admin.c: single sign-on's providers and rules, for site administrators */
void page_sso_admin(struct request *req, struct response *res);
void page_sso_new(struct request *req, struct response *res);
void page_sso_create(struct request *req, struct response *res);
void page_sso_local_passwords(struct request *req, struct response *res);
void page_sso_provider(struct request *req, struct response *res);
void page_sso_update(struct request *req, struct response *res);
void page_sso_rule_add(struct request *req, struct response *res);
void page_sso_rule_delete(struct request *req, struct response *res);
void page_unit_ods_code(struct request *req, struct response *res);
void page_retention(struct request *req, struct response *res);
void page_retention_post(struct request *req, struct response *res);
void page_disclosure(struct request *req, struct response *res);
void page_disclosure_post(struct request *req, struct response *res);
void page_password_forgot(struct request *req, struct response *res);
void page_password_forgot_post(struct request *req, struct response *res);
void page_accessibility(struct request *req, struct response *res);
void page_instrument(struct request *req, struct response *res);
void api_instruments_list(struct request *req, struct response *res);
void api_instruments_get(struct request *req, struct response *res);
void static_file(struct request *req, struct response *res);

/* page_people.c */
void page_people(struct request *req, struct response *res);
void page_person(struct request *req, struct response *res);
void page_person_data(struct request *req, struct response *res);
void page_person_erase(struct request *req, struct response *res);
void page_person_erase_post(struct request *req, struct response *res);
void page_my_data(struct request *req, struct response *res);

/* page_auth.c */
void page_signin(struct request *req, struct response *res);
void page_signin_post(struct request *req, struct response *res);
void page_signout(struct request *req, struct response *res);
void page_signout_everywhere(struct request *req, struct response *res);
void page_account(struct request *req, struct response *res);
void page_account_language(struct request *req, struct response *res);
void page_account_digest(struct request *req, struct response *res);
void page_account_password(struct request *req, struct response *res);
void page_password_link(struct request *req, struct response *res);
void page_password_link_post(struct request *req, struct response *res);
void api_session_create(struct request *req, struct response *res);
void api_session_delete(struct request *req, struct response *res);
void api_me(struct request *req, struct response *res);

/* page_sso.c: single sign-on (domain/sso.h) */
struct sso_result;
void page_oidc_start(struct request *req, struct response *res);
void page_oidc_callback(struct request *req, struct response *res);
void page_oidc_jwks(struct request *req, struct response *res);
void page_oidc_backchannel(struct request *req, struct response *res);
void page_no_access(struct request *req, struct response *res);
/* The sign-in page's "Sign in with ..." buttons (each enabled provider; NEXT passed on as the return path)
 * and, when passwords are off for all but site administrators, the note saying so. */
void page_signin_choices(struct buf *b, struct request *req, const char *next);
/* A test sign-in's claims (partly masked) and what the rules would give. */

/* page_units.c: each serves both the HTML form and the JSON API */
void page_units(struct request *req, struct response *res);
void page_units_create(struct request *req, struct response *res);
void page_units_import(struct request *req, struct response *res);
void page_unit(struct request *req, struct response *res);
void page_unit_rename(struct request *req, struct response *res);
void page_unit_move(struct request *req, struct response *res);
void page_unit_archive(struct request *req, struct response *res);
void page_unit_list_size(struct request *req, struct response *res);
/* page_unit_people.c: a unit's people and its region's staff groups */
void page_unit_roles(struct request *req, struct response *res);
void page_unit_roles_list(struct request *req, struct response *res);
void page_unit_roles_revoke(struct request *req, struct response *res);
void page_unit_staff_groups(struct request *req, struct response *res);
void page_unit_staff_groups_list(struct request *req, struct response *res);
void page_unit_staff_groups_remove(struct request *req, struct response *res);
void page_unit_min_group_size(struct request *req, struct response *res);

/* page_rounds.c (a unit's rounds, opening one, import, export), page_round.c (one round and its settings),
 * page_invitations.c (links, QR, mail), page_consensus.c (consensus, evidence), page_results.c (results, report) */
void write_unit_rounds(struct buf *b, struct request *req);
void page_unit_rounds(struct request *req, struct response *res);
void page_unit_rounds_list(struct request *req, struct response *res);
void page_round(struct request *req, struct response *res);
void page_round_close(struct request *req, struct response *res);
void page_round_reopen(struct request *req, struct response *res);
void page_round_language(struct request *req, struct response *res);
void page_round_headcount(struct request *req, struct response *res);
void page_round_repeat(struct request *req, struct response *res);
void page_round_qr(struct request *req, struct response *res);
void page_round_remind(struct request *req, struct response *res);
void page_round_invitations(struct request *req, struct response *res);
void page_round_invitation_revoke(struct request *req, struct response *res);
void page_round_consensus(struct request *req, struct response *res);
void page_round_consensus_post(struct request *req, struct response *res);
void page_round_evidence(struct request *req, struct response *res);
void page_round_evidence_get(struct request *req, struct response *res);
void page_round_results(struct request *req, struct response *res);
void page_round_report(struct request *req, struct response *res);
void page_round_import(struct request *req, struct response *res);
void page_unit_export(struct request *req, struct response *res);
/* api_improvement.c */
void api_unit_import(struct request *req, struct response *res);
void page_journey_report(struct request *req, struct response *res);

/* page_journey.c */
void page_journey(struct request *req, struct response *res);
void page_region(struct request *req, struct response *res);
void page_unit_share(struct request *req, struct response *res);

/* page_improve.c: actions and PDSA cycles */
void page_actions(struct request *req, struct response *res);
void page_actions_create(struct request *req, struct response *res);
void page_action(struct request *req, struct response *res);
void page_action_update(struct request *req, struct response *res);
void page_action_pdsa(struct request *req, struct response *res);
/* page_aims.c, page_aim.c: aims and their driver diagrams */
void page_aims(struct request *req, struct response *res);
void page_aims_create(struct request *req, struct response *res);
void page_aim(struct request *req, struct response *res);
void page_aim_update(struct request *req, struct response *res);
void page_aim_drivers(struct request *req, struct response *res);
void page_aim_ideas(struct request *req, struct response *res);
void page_aim_idea_change(struct request *req, struct response *res);
void page_aim_idea_pdsa(struct request *req, struct response *res);
void page_aim_measures(struct request *req, struct response *res);
void page_aim_csv(struct request *req, struct response *res);
/* page_aim_edit.c: changing and deleting drivers and ideas, an idea's PDSA cycles planned and recorded on it */
void page_aim_driver_change(struct request *req, struct response *res);
void page_aim_driver_delete(struct request *req, struct response *res);
void page_aim_idea_delete(struct request *req, struct response *res);
void page_aim_idea_cycle(struct request *req, struct response *res);
/* page_measures.c */
void page_measures(struct request *req, struct response *res);
void page_measures_create(struct request *req, struct response *res);
void page_population(struct request *req, struct response *res);
void page_population_measure(struct request *req, struct response *res);
void page_measure(struct request *req, struct response *res);
void page_measure_points(struct request *req, struct response *res);
/* page_measure_notes.c */
void page_measure_notes(struct request *req, struct response *res);
/* page_evaluation.c */
void page_evaluation(struct request *req, struct response *res);
void page_element(struct request *req, struct response *res);
/* page_measure_summary.c */
void page_measure_summary(struct request *req, struct response *res);

/* page_survey.c: the anonymous survey behind an invitation link */
void page_survey(struct request *req, struct response *res);
void page_survey_start(struct request *req, struct response *res);
void page_survey_page(struct request *req, struct response *res);
void page_survey_save(struct request *req, struct response *res);
void page_survey_review(struct request *req, struct response *res);
void page_survey_submit(struct request *req, struct response *res);
void page_survey_new(struct request *req, struct response *res);
void page_survey_continue(struct request *req, struct response *res);
void page_survey_thanks(struct request *req, struct response *res);
/* api_survey.c: the same survey taking a whole response as JSON */
void api_survey_submit(struct request *req, struct response *res);

/* page_leaders.c: 360 feedback, the colleague's form, development plans, coaching */
void page_feedback_list(struct request *req, struct response *res);
void page_feedback_create(struct request *req, struct response *res);
void page_feedback_cycle(struct request *req, struct response *res);
void page_feedback_self(struct request *req, struct response *res);
void page_feedback_invite(struct request *req, struct response *res);
void page_feedback_share(struct request *req, struct response *res);
void page_feedback_close(struct request *req, struct response *res);
void page_feedback_remind(struct request *req, struct response *res);
void page_feedback_report(struct request *req, struct response *res);
void page_feedback_form(struct request *req, struct response *res);
void page_feedback_form_post(struct request *req, struct response *res);
void page_plan(struct request *req, struct response *res);
void page_plan_add(struct request *req, struct response *res);
void page_plan_update(struct request *req, struct response *res);
void page_plan_review(struct request *req, struct response *res);
void page_plan_share(struct request *req, struct response *res);
void page_coaching(struct request *req, struct response *res);
void page_coaching_plan(struct request *req, struct response *res);

/* page_audit.c */
void page_audit(struct request *req, struct response *res);
/* page_evidence.c */
void page_evidence(struct request *req, struct response *res);

/* The instrument named by the request's first path parameter and its ?version= argument, or NULL after
 * a 404 or 400 reply has been written. (api_instruments.c) */
const struct instrument *instrument_from_request(struct request *req, struct response *res);

#endif
