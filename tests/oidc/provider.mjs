// tests/oidc/provider.mjs - a real OpenID Provider (panva's oidc-provider, a certified implementation) that the
// single sign-on tests start on a loopback port, shaped like NHS CIS2: its scopes (nhsperson,
// nationalrbacaccess, selectedrole), the nhsid_nrbac_roles claim, selected_roleid, nhsid_useruid, an assurance
// level (acr and authentication_assurance_level), PKCE (S256) required, response_type code only, back-channel
// and RP-initiated logout on.
//
//   node tests/oidc/provider.mjs --clients CLIENTS.json --accounts ACCOUNTS.json [--port N] [--id-token-claims]
//
// The first line on standard output is the issuer (http://127.0.0.1:PORT): a test reads it instead of guessing
// a port or waiting a guessed time. Nothing else goes to standard output.
//
// CLIENTS.json: an array of client metadata as oidc-provider takes it (client_id, client_secret or jwks /
// jwks_uri, token_endpoint_auth_method, redirect_uris, post_logout_redirect_uris, backchannel_logout_uri...).
// ACCOUNTS.json, read afresh at every sign-in and every claims request, so that a test changes a person's
// claims (and so their roles) between two sign-ins by editing it:
//   { "default": "alice",
//     "accounts": { "alice": { "sub": "555000000001", "acr": "AAL3", "claims": { "name": ..., ... } } } }
// The account key is what a login_hint names; without a hint (or with an unknown one) "default" signs in.
// "acr" (default AAL3) is the assurance the sign-in claims: a test sets "AAL1" to see a relying party refuse it;
// authentication_assurance_level follows it ("3" for AAL3) unless the claims give one.
//
// Nobody types a password: GET /interaction/:uid signs in the account the login_hint names and grants every
// scope and claim asked for, so that curl with a cookie jar, or a browser, follows the redirects end to end.
// Every authorization asks for a new sign-in (no provider session is reused), so a test signs in as another
// person with the same cookie jar.
//
// Test routes (loopback only, this is a test provider):
//   POST /test/logout?sub=SUB  ends every provider session of SUB and sends each client of those sessions that
//                              has a backchannel_logout_uri a logout token; answers JSON {"sent": N, "failed":
//                              [...], "tokens": [the logout tokens sent]} with 200 when every client accepted
//                              it, 502 when one did not.
//   GET  /test/sessions?sub=SUB  how many provider sessions SUB has ({"sessions": N}).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider, { interactionPolicy } from 'oidc-provider';

function usage(msg) {
	process.stderr.write(`provider.mjs: ${msg}\nusage: node provider.mjs --clients FILE --accounts FILE [--port N]` +
		' [--id-token-claims]\n');
	process.exit(2);
}

const opts = { port: 0, idTokenClaims: false };
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	if (a === '--clients') opts.clients = process.argv[++i];
	else if (a === '--accounts') opts.accounts = process.argv[++i];
	else if (a === '--port') opts.port = Number(process.argv[++i]);
	else if (a === '--id-token-claims') opts.idTokenClaims = true;
	else usage(`unknown argument ${a}`);
}
if (!opts.clients || !opts.accounts) usage('--clients and --accounts are required');

let clients;
try {
	clients = JSON.parse(readFileSync(opts.clients, 'utf8'));
} catch (e) {
	usage(`cannot read the clients file ${opts.clients}: ${e.message}`);
}

// The accounts file, read afresh each time (a test edits it between sign-ins).
function accounts() {
	return JSON.parse(readFileSync(opts.accounts, 'utf8'));
}
function accountBySub(sub) {
	const all = accounts();
	return Object.values(all.accounts || {}).find((a) => a.sub === sub);
}
function accountByHint(hint) {
	const all = accounts();
	const list = all.accounts || {};
	return list[hint] || list[all.default] || Object.values(list)[0];
}
function assuranceLevel(acr) {
	const m = /^AAL([0-9])/.exec(acr || '');
	return m ? m[1] : undefined;
}

// CIS2's scopes and the claims each gives. With the default (conformIdTokenClaims) the ID token carries sub,
// acr, sid and authentication_assurance_level, and the rest comes from UserInfo, as CIS2 does; --id-token-claims
// puts every claim in the ID token too (as Entra and Google do).
const claims = {
	acr: null,
	auth_time: null,
	sid: null,
	iss: null,
	openid: ['sub', 'acr', 'authentication_assurance_level'],
	profile: ['name', 'given_name', 'family_name'],
	email: ['email', 'email_verified'],
	nhsperson: ['nhsid_useruid', 'name', 'given_name', 'family_name', 'uid', 'idassurancelevel'],
	nationalrbacaccess: ['nhsid_nrbac_roles'],
	selectedrole: ['selected_roleid'],
	roles: ['roles'],
	groups: ['groups'],
	hd: ['hd'],
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rsa-1', use: 'sig' };

// A new sign-in at every authorization: the login prompt is asked for until this authorization has one.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check('fresh', 'a new sign-in for every authorization',
	(ctx) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT
		: interactionPolicy.Check.REQUEST_PROMPT)));

const server = createServer();
server.listen(opts.port, '127.0.0.1', () => {
	const issuer = `http://127.0.0.1:${server.address().port}`;
	const provider = new Provider(issuer, {
		clients,
		jwks: { keys: [jwk] },
		claims,
		scopes: ['openid', 'offline_access', ...Object.keys(claims).filter((s) => Array.isArray(claims[s]) && s !== 'openid')],
		acrValues: ['AAL1', 'AAL2', 'AAL3'],
		conformIdTokenClaims: !opts.idTokenClaims,
		responseTypes: ['code'],
		pkce: { required: () => true },
		clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
		enabledJWA: {
			clientAuthSigningAlgValues: ['RS256', 'RS512', 'PS256', 'ES256'],
			idTokenSigningAlgValues: ['RS256', 'RS512', 'PS256', 'HS256'],
			userinfoSigningAlgValues: ['RS256', 'RS512', 'PS256'],
		},
		features: {
			devInteractions: { enabled: false },
			backchannelLogout: { enabled: true },
			rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
			userinfo: { enabled: true },
		},
		interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}`, policy },
		cookies: { keys: ['caregrid-test-provider'] },
		// The relying party listens on loopback, which the provider's guard against server-side request forgery
		// refuses; and an ASan build on a loaded machine may take longer than its 2.5 s to answer.
		fetch(url, options) {
			delete options.dispatcher;
			options.signal = AbortSignal.timeout(60000);
			return globalThis.fetch(url, options);
		},
		async findAccount(ctx, sub) {
			const a = accountBySub(sub);
			if (!a) return undefined;
			return {
				accountId: sub,
				async claims() {
					const now = accountBySub(sub) || a;
					const aal = assuranceLevel(now.acr || 'AAL3');
					return { authentication_assurance_level: aal, ...(now.claims || {}), sub };
				},
			};
		},
		ttl: {
			AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600,
			Grant: 3600, RefreshToken: 3600,
		},
		renderError(ctx, out) {
			ctx.type = 'html';
			ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Provider error</title>
</head><body><main><h1>Provider error</h1><p id="error">${esc(out.error)}: ${esc(out.error_description)}</p></main>
</body></html>`;
		},
	});
	provider.proxy = false;

	// Which provider sessions each subject has, for /test/logout.
	const sessions = new Map();
	provider.on('authorization.success', (ctx) => {
		const s = ctx.oidc.session;
		if (!s?.accountId) return;
		if (!sessions.has(s.accountId)) sessions.set(s.accountId, new Set());
		sessions.get(s.accountId).add(s.uid);
	});
	provider.on('backchannel.error', (ctx, err, client) => {
		process.stderr.write(`back-channel logout to ${client.clientId} failed: ${err.message}\n`);
	});
	provider.on('server_error', (ctx, err) => process.stderr.write(`server error: ${err.stack}\n`));

	provider.use(async (ctx, next) => {
		const m = /^\/interaction\/([^/]+)$/.exec(ctx.path);
		if (m && ctx.method === 'GET') return interaction(provider, ctx);
		if (ctx.path === '/test/logout' && ctx.method === 'POST') return testLogout(provider, sessions, ctx);
		if (ctx.path === '/test/sessions' && ctx.method === 'GET') {
			ctx.body = { sessions: (await liveSessions(provider, sessions, ctx.query.sub)).length };
			return undefined;
		}
		return next();
	});
	server.on('request', provider.callback());
	process.stdout.write(`${issuer}\n`);
});

function esc(s) {
	return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// GET /interaction/:uid: signs in the account the login_hint names (or the default) with its acr, and grants
// every scope and claim the client asked for, in one step.
async function interaction(provider, ctx) {
	const details = await provider.interactionDetails(ctx.req, ctx.res);
	const { params, prompt } = details;
	const account = accountByHint(params.login_hint);
	if (!account) {
		ctx.status = 500;
		ctx.body = 'no account in the accounts file';
		return;
	}
	const accountId = details.session?.accountId && prompt.name !== 'login' ? details.session.accountId : account.sub;
	const grant = new provider.Grant({ accountId, clientId: params.client_id });
	grant.addOIDCScope(params.scope);
	if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
	const result = {
		login: { accountId, acr: account.acr || 'AAL3', amr: ['pwd'] },
		consent: { grantId: await grant.save() },
	};
	const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
	ctx.status = 303;
	ctx.redirect(to);
}

async function liveSessions(provider, sessions, sub) {
	const live = [];
	for (const uid of sessions.get(sub) || []) {
		const s = await provider.Session.findByUid(uid);
		if (s) live.push(s);
		else sessions.get(sub).delete(uid);
	}
	return live;
}

// POST /test/logout?sub=SUB: what a provider does when a person signs out elsewhere (or an administrator ends
// their sessions): every client of their sessions hears it on its back-channel. The logout token is made as
// oidc-provider's own back-channel logout makes it (Client#backchannelLogout), and also returned, so that a
// test can send the very same token again and see it refused.
async function testLogout(provider, sessions, ctx) {
	const sub = ctx.query.sub;
	const tokens = [];
	const failed = [];
	for (const s of await liveSessions(provider, sessions, sub)) {
		for (const clientId of Object.keys(s.authorizations || {})) {
			const client = await provider.Client.find(clientId);
			if (!client?.backchannelLogoutUri) continue;
			try {
				const jwt = await logoutToken(provider, client, sub, s.sidFor(clientId));
				const r = await globalThis.fetch(client.backchannelLogoutUri, {
					method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(60000),
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ logout_token: jwt }),
				});
				if (r.status !== 200 && r.status !== 204) throw new Error(`answered ${r.status}`);
				tokens.push(jwt);
			} catch (e) {
				failed.push(`${clientId}: ${e.message}`);
			}
		}
		await s.destroy();
	}
	sessions.delete(sub);
	ctx.status = failed.length ? 502 : 200;
	ctx.body = { sent: tokens.length, failed, tokens };
}

async function logoutToken(provider, client, sub, sid) {
	const token = new provider.IdToken({ sub }, { client, ctx: undefined });
	token.mask = { sub: null };
	token.set('events', { 'http://schemas.openid.net/event/backchannel-logout': {} });
	token.set('jti', randomUUID());
	if (client.backchannelLogoutSessionRequired) token.set('sid', sid);
	return token.issue({ use: 'logout' });
}

// The RP-initiated logout's confirmation: a form that a browser submits by itself (a test with curl posts it).
async function logoutSource(ctx, form) {
	ctx.type = 'html';
	ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign out of the test provider</title>
</head><body><main><h1>Sign out of the test provider</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<script>document.forms[0].insertAdjacentHTML('beforeend', '<input type="hidden" name="logout" value="yes">');
document.forms[0].submit();</script></main></body></html>`;
}

async function postLogoutSuccessSource(ctx) {
	ctx.type = 'html';
	ctx.body = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>' +
		'<body><main><h1>Signed out of the test provider</h1></main></body></html>';
}
