/*
 * cmd_user.c - caregrid user add|reset|list|erase|export: the operator's side of accounts (erase and export in
 * cmd_user_data.c). The first site
 * administrator is made here; passwords come from the terminal or standard input, never from a flag.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/auth.h"
#include "domain/account.h"
#include "store/store.h"

static int
user_add_cmd(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {
		{"admin", no_argument, NULL, 'a'},
		{"name", required_argument, NULL, 'n'},
		{"link", no_argument, NULL, 'l'},
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	bool admin = false, link = false;
	const char *name = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': admin = true; break;
		case 'n': name = optarg; break;
		case 'l': link = true; break;
		case 'd': db = optarg; break;
		default: return bad_option("user", argc, argv, opt);
		}
	}
	if (argc - optind != 1)
		return usage_error("user", "add needs exactly one EMAIL");
	const char *email = argv[optind];
	if (check_text_arg("user", "--name", name, 200) || check_text_arg("user", "EMAIL", email, 254))
		return EXIT_USAGE;
	char password[1100] = "";
	if (!link && read_password("user", password, sizeof password) < 0)
		return EXIT_FAILED;
	struct store *s = open_store("user", db);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	int64_t id;
	int rc = EXIT_FAILED;
	if (user_add(s, &actor_cli, email, name ? name : email, link ? NULL : password, admin, &id, &err) < 0) {
		fprintf(stderr, "caregrid: user: %s\n", err.msg);
		goto out;
	}
	printf("added %s%s\n", email, admin ? " as a site administrator" : "");
	if (link) {
		struct user u;
		char token[TOKEN_CHARS];
		if (user_by_id(s, id, &u, &err) <= 0 || password_link_create(s, &u, token, &err) < 0) {
			fprintf(stderr, "caregrid: user: %s\n", err.msg);
			goto out;
		}
		printf("password link (valid 7 days): /password/%s\n", token);
	}
	rc = EXIT_OK;
out:
	memset(password, 0, sizeof password);
	store_close(s);
	return rc;
}

static int
user_reset_cmd(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {
		{"link", no_argument, NULL, 'l'},
		{"mail", required_argument, NULL, 'm'},
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	bool link = false;
	const char *mail_base = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (opt == 'l')
			link = true;
		else if (opt == 'm')
			mail_base = optarg, link = true;
		else if (opt == 'd')
			db = optarg;
		else
			return bad_option("user", argc, argv, opt);
	}
	if (mail_base && strncmp(mail_base, "http://", 7) != 0 && strncmp(mail_base, "https://", 8) != 0)
		return usage_error("user", "--mail needs the address people open caregrid at (https://...), not \"%s\"",
				   mail_base);
	char base[400];
	if (mail_base) {
		/* The address without its trailing slashes: links are BASE/password/TOKEN. */
		size_t n = strlen(mail_base);
		while (n && mail_base[n - 1] == '/')
			n--;
		snprintf(base, sizeof base, "%.*s", (int)n, mail_base);
		mail_base = base;
	}
	if (argc - optind != 1)
		return usage_error("user", "reset needs exactly one EMAIL");
	struct store *s = open_store("user", db);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	struct user u;
	int rc = EXIT_FAILED;
	char password[1100] = "";
	int found = user_by_email(s, argv[optind], &u, &err);
	if (found <= 0) {
		fprintf(stderr, "caregrid: user: %s\n", found < 0 ? err.msg : "no account with that email");
		goto out;
	}
	if (link) {
		/* With --mail, the link goes into the outbox in the same transaction, for the running server to send;
		 * it is never printed. */
		char token[TOKEN_CHARS] = "";
		if ((mail_base ? password_reset_send(s, &actor_cli, &u, mail_base, &err)
			       : password_reset_link(s, &actor_cli, &u, token, &err)) < 0) {
			fprintf(stderr, "caregrid: user: %s\n", err.msg);
			goto out;
		}
		if (mail_base)
			printf("%s: old password cleared, signed out everywhere; a link to set a new one is queued to "
			       "be mailed "
			       "(valid 7 days; caregrid mail list shows it go)\n",
			       u.email);
		else
			printf("%s: old password cleared, signed out everywhere; password link (valid 7 days): "
			       "/password/%s\n",
			       u.email, token);
	} else {
		if (read_password("user", password, sizeof password) < 0)
			goto out;
		if (user_set_password(s, &actor_cli, &u, password, &err) < 0) {
			fprintf(stderr, "caregrid: user: %s\n", err.msg);
			goto out;
		}
		printf("%s: password set, sign-in lock cleared, signed out everywhere\n", u.email);
	}
	rc = EXIT_OK;
out:
	memset(password, 0, sizeof password);
	store_close(s);
	return rc;
}

static int
print_user(void *ctx, const struct user *u)
{
	(void)ctx;
	printf("%-32s %-5s %-11s %s\n", u->email, u->is_admin ? "admin" : "", u->has_password ? "" : "no password",
	       u->name);
	return 0;
}

static int
user_list_cmd(int argc, char **argv, const char *db)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (opt != 'd')
			return bad_option("user", argc, argv, opt);
		db = optarg;
	}
	if (optind < argc)
		return usage_error("user", "list takes no arguments");
	struct store *s = open_store("user", db);
	if (!s)
		return EXIT_FAILED;
	struct error err;
	int rc = users_each(s, print_user, NULL, &err);
	if (rc < 0)
		fprintf(stderr, "caregrid: user: %s\n", err.msg);
	store_close(s);
	return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

int
cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("user", "needs a subcommand: add, reset, list, erase or export");
	opterr = 0;
	optind = 0;
	const char *sub = argv[1];
	const char *db = default_db();
	if (strcmp(sub, "add") == 0)
		return user_add_cmd(argc - 1, argv + 1, db);
	if (strcmp(sub, "reset") == 0)
		return user_reset_cmd(argc - 1, argv + 1, db);
	if (strcmp(sub, "list") == 0)
		return user_list_cmd(argc - 1, argv + 1, db);
	if (strcmp(sub, "erase") == 0)
		return user_erase_cmd(argc - 1, argv + 1, db);
	if (strcmp(sub, "export") == 0)
		return user_export_cmd(argc - 1, argv + 1, db);
	return usage_error("user", "unknown subcommand \"%s\": use add, reset, list, erase or export", sub);
}
