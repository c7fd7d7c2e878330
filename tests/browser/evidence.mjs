// Browser journey for the evidence page (issue 26): a site administrator reads /admin/evidence after an encrypted
// backup and a verified restore, in words and dates in words, accessible at 390 and 1366 px, and prints it on at
// most two A4 pages; anyone else is refused. Called from run.mjs with its helpers.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export async function evidenceJourney({ test, assert, browser, server, shots, variant, accessible, bin, db, tmp }) {
	async function signedIn(email, width) {
		const ctx = await browser.newContext({ viewport: { width, height: 900 } });
		const page = await ctx.newPage();
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill(email);
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		return [ctx, page];
	}

	await test('the evidence page shows a site administrator the last backup and verified restore, and prints on two A4 pages', async () => {
		// A backup and its verification, as the operator makes them, while the server runs.
		const key = join(tmp, 'evidence-backup.key'), dir = join(tmp, 'evidence-backups');
		mkdirSync(dir, { recursive: true });
		execFileSync(bin, ['backup', '--new-key', key]);
		execFileSync(bin, ['backup', '--encrypt', '--key-file', key, '--db', db, '--as-of', '2026-12-07T02:15:00Z', dir]);
		execFileSync(bin, ['restore', '--verify', join(dir, 'caregrid-20261207T021500Z.cgbk'), '--key-file', key, '--db', db,
			'--as-of', '2026-12-07T02:30:00Z']);
		const [ctx, page] = await signedIn('admin@example.org', 1366);
		await page.goto(server.url + '/admin/evidence');
		const main = page.locator('main');
		for (const words of ['Evidence for data protection', 'This installation', 'Site administrators', 'Backups and keys',
			'Record of processing', 'Lawful basis (UK GDPR Article 6)', 'Accounts with a password of their own'])
			assert(await main.getByText(words, { exact: false }).count() > 0, `the page does not say "${words}"`);
		const backup = await page.locator('dt:text-is("Last backup") + dd').textContent();
		assert(/^7 December 2026 at 02:15 UTC: caregrid-20261207T021500Z\.cgbk, [\d,]+ KB, [\d,]+ rows in \d+ tables$/.test(backup),
			`the last backup reads "${backup}"`);
		const verified = await page.locator('dt:text-is("Last verified restore") + dd').textContent();
		assert(verified.startsWith('7 December 2026 at 02:30 UTC: caregrid-20261207T021500Z.cgbk'), `the verified restore reads "${verified}"`);
		assert(await page.locator('dt:text-is("Backup key file") + dd').textContent() === key, 'the backup key file is not named');
		await accessible(page, 'evidence');
		// On paper: A4 both ways round (the browser's A4, and the page's own print stylesheet), at most two pages.
		await page.emulateMedia({ media: 'print' });
		const found = [];
		for (const [name, options] of [['a4', { format: 'A4' }], ['css', { format: 'A4', preferCSSPageSize: true }]]) {
			const pdf = join(shots, `${variant}-evidence-${name}.pdf`);
			await page.pdf({ path: pdf, printBackground: true, ...options });
			const pages = Number((execFileSync('pdfinfo', [pdf]).toString().match(/^Pages:\s+(\d+)/m) ?? [])[1]);
			if (!(pages >= 1 && pages <= 2)) found.push(`${name}: ${pages} pages`);
		}
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		if (wide > 1366) found.push(`printed ${wide}px wide`);
		await page.screenshot({ path: join(shots, `${variant}-evidence-print.png`), fullPage: true });
		await page.emulateMedia({ media: 'screen' });
		assert(found.length === 0, found.join('\n'));
		await page.goto(server.url + '/admin/evidence?lang=cy');
		assert(await page.locator('h1').textContent() === 'Tystiolaeth ar gyfer diogelu data', 'the Welsh page has another title');
		assert(/7 Rhagfyr 2026/.test(await page.locator('main').textContent()), 'the Welsh page does not give the date in Welsh words');
		await accessible(page, 'evidence-cy');
		await ctx.close();
	});

	await test('the evidence page is refused to a facilitator', async () => {
		const [ctx, page] = await signedIn('facilitator@example.org', 390);
		const reply = await page.goto(server.url + '/admin/evidence');
		assert(reply.status() === 403, `a facilitator got ${reply.status()}`);
		await ctx.close();
	});
}
