// Browser journey of single sign-on: a server of its own (a demo database set up with a CIS2-shaped provider
// from the command line) and the test OpenID Provider (tests/oidc/provider.mjs, which signs people in without
// a password); the sign-in page's "Sign in with ..." button, the round trip through the provider, landing
// signed in with the role a rule gives; the "no access yet" page of a person no rule matches; the refusal of
// a sign-in below the assurance asked for. Each page checked by axe at 390 and 1366 px.
import { spawn, execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
	});
}

// start(cmd, args, pattern): spawns CMD and resolves with { proc, match } once its output matches PATTERN.
function start(cmd, args, pattern, procs) {
	return new Promise((ok, fail) => {
		const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		procs.push(proc);
		let out = '';
		const timer = setTimeout(() => fail(new Error(`${cmd} did not start: ${out}`)), 60000);
		const onData = (d) => {
			out += d;
			const m = out.match(pattern);
			if (m) { clearTimeout(timer); ok({ proc, match: m[0] }); }
		};
		proc.stdout.on('data', onData);
		proc.stderr.on('data', onData);
		proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`${cmd} exited (${code}): ${out}`)); });
	});
}

function person(hint, sub, name, acr, org, role) {
	return [hint, { sub, acr, claims: { name, email: `${hint}@nhs.example`, email_verified: true, nhsid_useruid: sub,
		selected_roleid: `${sub}-1`, nhsid_nrbac_roles: [{ person_roleid: `${sub}-1`, org_code: org,
			role_name: '"Clinical":"Clinical Provision":"GP"', role_code: `S8000:G8000:${role}`,
			activity_codes: ['B0360'] }] } }];
}

export async function ssoJourney({ test, assert, browser, bin, tmp, accessible, only }) {
	if (only && !only.test('single sign-on')) return;
	const procs = [];
	try {
		const db = join(tmp, 'sso.db');
		execFileSync(bin, ['demo', '--db', db]);
		const port = await freePort();
		const base = `http://127.0.0.1:${port}`;
		const key = join(tmp, 'sso.jwk');
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		writeFileSync(key, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'browser', alg: 'RS512' }),
			{ mode: 0o600 });
		writeFileSync(join(tmp, 'sso-clients.json'), JSON.stringify([{
			client_id: 'caregrid', token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `${base}/auth/oidc/jwks`,
			id_token_signed_response_alg: 'RS512', grant_types: ['authorization_code'], response_types: ['code'],
			redirect_uris: [`${base}/auth/oidc/callback`],
			post_logout_redirect_uris: [`${base}/`, `${base}/signin`, `${base}/signedout`],
			backchannel_logout_uri: `${base}/auth/oidc/backchannel`, backchannel_logout_session_required: true,
		}]));
		writeFileSync(join(tmp, 'sso-accounts.json'), JSON.stringify({ default: 'alice', accounts: Object.fromEntries([
			person('alice', '900000000001', 'Alice Able', 'AAL3', 'A81001', 'R8000'),
			person('bob', '900000000002', 'Bob Bryant', 'AAL3', 'A81001', 'R0260'),
			person('dave', '900000000004', 'Dave Dunn', 'AAL1', 'A81001', 'R8000'),
		]) }));
		const op = await start('node', [resolve(here, '../oidc/provider.mjs'), '--clients', join(tmp, 'sso-clients.json'),
			'--accounts', join(tmp, 'sso-accounts.json')], /http:\/\/127\.0\.0\.1:[0-9]+/, procs);
		const issuer = op.match;
		const cli = (...args) => execFileSync(bin, [...args, '--db', db]);
		cli('sso', 'add', 'cis2', '--issuer', issuer, '--client-id', 'caregrid', '--private-key-file', key,
			'--preset', 'cis2', '--acr', 'AAL3', '--label', 'NHS Care Identity');
		cli('unit', 'ods-code', 'PCH-RIV', 'A81001');
		cli('sso', 'rule', 'add', 'cis2', '--cis2-role', 'R8000', '--role', 'facilitator');
		await start(bin, ['serve', '--db', db, '--port', String(port), '--base-url', base], /http:\/\/[0-9.]+:[0-9]+/, procs);

		await test('single sign-on: "Sign in with NHS Care Identity", through the provider, signed in as facilitator', async () => {
			const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
			const page = await ctx.newPage();
			await page.goto(`${base}/signin`);
			const offer = page.getByRole('link', { name: /Sign in with NHS Care Identity/ })
				.or(page.getByRole('button', { name: /Sign in with NHS Care Identity/ }));
			await offer.first().waitFor();
			const main = await page.textContent('main');
			assert(main.indexOf('Sign in with NHS Care Identity') < main.search(/Password/),
				'the provider\'s button is not above the password form');
			await accessible(page, 'sso-signin');
			await offer.first().click();
			await page.waitForURL((u) => u.href.startsWith(base) && !u.pathname.startsWith('/auth/oidc'));
			const me = await (await ctx.request.get(`${base}/api/me`)).json();
			assert(me.user.name === 'Alice Able', `signed in as ${me.user.name}`);
			assert(me.roles.some((r) => r.unit === 'PCH-RIV' && r.role === 'facilitator'),
				`not facilitator of Riverside: ${JSON.stringify(me.roles)}`);
			assert(!me.user.site_admin, 'a provider made a site administrator');
			const landed = await page.textContent('main');
			assert(landed.includes('Riverside Primary Care Home') && landed.includes('facilitator'),
				`the landing page does not show her unit and role: ${landed.slice(0, 300)}`);
			assert((await page.textContent('nav')).includes('Alice Able'), 'the menu does not name her');
			await accessible(page, 'sso-landed');
			await ctx.close();
		});

		await test('single sign-on: a person no rule matches is told no unit has given access yet', async () => {
			const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
			const page = await ctx.newPage();
			await page.goto(`${base}/auth/oidc/start?provider=cis2&login_hint=bob`);
			await page.waitForURL((u) => u.href.startsWith(base) && !u.pathname.startsWith('/auth/oidc/start'));
			const main = await page.textContent('main');
			for (const words of ['You are signed in, but no unit has given you access yet',
				'ask your practice or network administrator'])
				assert(main.includes(words), `the no-access page does not say "${words}": ${main.slice(0, 300)}`);
			await accessible(page, 'sso-no-access');
			await ctx.close();
		});

		await test('single sign-on: a sign-in below the assurance asked for is refused in a plain sentence', async () => {
			const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
			const page = await ctx.newPage();
			await page.goto(`${base}/auth/oidc/start?provider=cis2&login_hint=dave`);
			await page.waitForURL((u) => u.href.startsWith(base) && !u.pathname.startsWith('/auth/oidc/start'));
			const main = await page.textContent('main');
			for (const words of ['You are not signed in', 'stronger sign-in', 'Try again'])
				assert(main.includes(words), `the refusal does not say "${words}": ${main.slice(0, 300)}`);
			for (const code of ['acr', 'AAL1', 'authentication_assurance_level', 'nonce'])
				assert(!new RegExp(`\\b${code}\\b`).test(main), `the refusal shows "${code}": ${main.slice(0, 300)}`);
			assert((await ctx.request.get(`${base}/api/me`)).status() === 401, 'Dave was signed in');
			await accessible(page, 'sso-refused');
			await ctx.close();
		});
	} catch (e) {
		await test('single sign-on journey setup', () => { throw e; });
	} finally {
		for (const p of procs) p.kill('SIGTERM');
	}
}
