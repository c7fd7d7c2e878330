// Browser tests of single sign-on's administration (issue 25), called from run.mjs with its helpers: a site
// administrator finds /admin/sso, adds a CIS2 provider from its preset (a refused form comes back filled in),
// writes a rule and sees it in words, sees Entra's group overage warning, and turns passwords off and on again
// through the confirmation. Each page checked by axe at 390 and 1366 px.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function ssoAdmin({ test, assert, server, accessible, signIn, tmp }) {
	const secret = join(tmp, 'cis2-key.jwk');
	writeFileSync(secret, '{"kty": "RSA"}\n');

	await test('a site administrator adds a CIS2 provider and a rule on /admin/sso', async () => {
		const page = await signIn('admin@example.org');
		await page.locator('nav.site a[href="/admin/sso"]').click();
		await page.waitForURL(/\/admin\/sso(\?|$)/);
		assert((await page.textContent('main h1')) === 'Single sign-on', 'no Single sign-on heading');
		const main = await page.textContent('main');
		assert(main.includes('No provider yet: everyone signs in with a password.'), 'the empty list is not explained');
		assert(main.includes('Everyone may sign in with a password.'), 'the passwords state is not said');
		await accessible(page, 'sso-admin');

		await page.getByLabel('Kind of provider').selectOption('cis2');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.waitForURL('**/admin/sso/new?preset=cis2');
		assert((await page.getByLabel('Scopes').inputValue()).includes('nationalrbacaccess'), 'the CIS2 scopes are not filled in');
		assert((await page.getByLabel('Least assurance level').inputValue()) === 'AAL3', 'AAL3 is not filled in');
		await page.getByLabel('Short name').fill('cis2');
		await page.getByLabel('Issuer').fill('http://cis2.example.nhs.uk');
		await page.getByLabel('Client id').fill('caregrid-client');
		await page.getByLabel('File holding the secret or private key').fill(secret);
		await accessible(page, 'sso-new-cis2');
		await page.getByRole('button', { name: 'Add the provider' }).click();
		await page.locator('.error-summary').waitFor();
		assert((await page.textContent('.error-summary')).includes('the issuer must be an https:// address'), 'the refusal does not say why');
		assert((await page.getByLabel('Client id').inputValue()) === 'caregrid-client', 'the refused form lost what was typed');
		assert((await page.getByLabel('Issuer').getAttribute('aria-invalid')) === 'true', 'the issuer is not marked');
		await accessible(page, 'sso-new-refused');
		await page.getByLabel('Issuer').fill('https://cis2.example.nhs.uk');
		await page.getByRole('button', { name: 'Add the provider' }).click();
		await page.waitForURL(/\/admin\/sso(\?|$)/);
		assert((await page.textContent('main')).includes('Provider added: add its rules, then test it.'), 'no word that it was added');

		await page.getByRole('link', { name: 'NHS Care Identity' }).click();
		await page.getByRole('link', { name: 'Test sign-in' }).waitFor();
		assert((await page.getByRole('link', { name: 'Test sign-in' }).getAttribute('href')) === '/auth/oidc/start?provider=cis2&test=1', 'the test link is wrong');
		assert((await page.textContent('main')).includes('No rules yet'), 'an empty rule list is not explained');
		await page.getByText('Add a rule').click();
		await page.getByLabel('Kind').selectOption('cis2');
		await page.getByLabel('Value').fill('R8000');
		await page.getByLabel('Role').selectOption('facilitator');
		await page.getByRole('button', { name: 'Add the rule' }).click();
		await page.locator('.flash').first().waitFor();
		const words = await page.textContent('main');
		assert(words.includes("When a CIS2 role has role code R8000: facilitator on the unit with the entry's ODS code"), `the rule is not in words: ${words.slice(0, 400)}`);
		await accessible(page, 'sso-provider');
		await page.close();
	});

	await test('the Entra preset warns of group overage', async () => {
		const page = await signIn('admin@example.org');
		await page.goto(server.url + '/admin/sso/new?preset=entra');
		assert((await page.textContent('main')).includes('more than 200 groups'), 'no group overage warning');
		assert(await page.getByLabel('Tenants allowed').isVisible(), 'no tenants field for Entra');
		await accessible(page, 'sso-new-entra');
		await page.close();
	});

	await test('passwords are turned off only after a confirmation, and back on', async () => {
		const page = await signIn('admin@example.org');
		await page.goto(server.url + '/admin/sso');
		await page.getByRole('button', { name: 'Turn passwords off for everyone but site administrators' }).click();
		await page.getByRole('heading', { name: 'Turn passwords off?' }).waitFor();
		await accessible(page, 'sso-passwords-confirm');
		await page.getByRole('button', { name: 'Turn passwords off' }).click();
		await page.waitForURL(/\/admin\/sso(\?|$)/);
		assert((await page.textContent('main')).includes('Passwords are off for everyone but site administrators.'), 'no word that passwords are off');
		await page.getByRole('button', { name: 'Turn passwords back on' }).click();
		await page.waitForURL(/\/admin\/sso(\?|$)/);
		assert((await page.textContent('main')).includes('Everyone may sign in with a password again.'), 'no word that passwords are on');
		await page.close();
	});
}
