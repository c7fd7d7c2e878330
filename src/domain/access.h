/*
 * access.h - who may see and do what. Roles are held per unit and inherited by the units below it:
 * admin (manages the unit, its people and roles) > facilitator (runs assessments, enters consensus, actions
 * and measures) > viewer (reads results). A site administrator is an admin of every unit. Someone with no
 * role on a unit or above it cannot see that the unit exists.
 */
#ifndef CAREGRID_ACCESS_H
#define CAREGRID_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "lib/error.h"

struct store;

enum role { ROLE_NONE = 0, ROLE_VIEWER = 1, ROLE_FACILITATOR = 2, ROLE_ADMIN = 3 };

const char *role_name(enum role r); /* "admin", "facilitator", "viewer", "none" */
/* The role in a person's words, to translate (N_): "administrator", "facilitator", "viewer". */
const char *role_words(enum role r);
/* ROLE_NONE when NAME is not a role. */
enum role role_parse(const char *name);

struct grant {
	int64_t unit_id;
	enum role role;
};

/* What one person holds: their grants and whether they are a site administrator. */
struct grants {
	struct grant *v; /* owned */
	size_t n, cap;
	bool site_admin;
};

int grants_load(struct store *s, const struct user *u, struct grants *out, struct error *err);
void grants_release(struct grants *g);

/* The role the person has on U: the highest of their roles on U and the units above it. */
enum role role_on(const struct grants *g, const struct unit *u);
/* True when the person may see U at all. */
bool can_see(const struct grants *g, const struct unit *u);

/*
 * Grants ROLE on UNIT to the person with EMAIL (replacing any role they had there), or revokes it when
 * ROLE is ROLE_NONE. Audited. The caller has checked that WHO may manage UNIT.
 */
int role_set(struct store *s, const struct actor *who, const struct unit *unit, const char *email, enum role role,
	     struct error *err);

/* Someone holding a role on a unit, for listing a unit's people. */
struct member {
	int64_t unit_id, user_id;
	enum role role;
	const char *email, *name; /* valid during the callback only */
	bool from_provider;       /* given by a provider's rules at sign-in (sso.h), not by hand */
};
typedef int (*member_fn)(void *ctx, const struct member *m);
int members_each(struct store *s, member_fn fn, void *ctx, struct error *err);

#endif
