// Browser journey for the population page (issue 28): counts seeded into the aggregate tables as an import leaves
// them, read by a facilitator at 390 and 1366 px in words (segments, care-model groups, movement, "*" for a hidden
// count), accessible, then one click makes frailty an SPC measure. Called from run.mjs with its helpers.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function seed(db) {
	const rows = [['P-MILL', 5, 40, 22, 300, 1200], ['P-BRK', 12, 3, 18, 250, 900], ['P-ORCH', 9, 33, 2, 180, 700]];
	const segs = ['end_of_life', 'frailty', 'complex', 'ltc', 'well'];
	let sql = "INSERT INTO population_import (id, imported_at, source, inputs, codelists, codelists_hash, as_of) VALUES " +
		"(901, '2026-03-02T00:00:00Z', 'csv', 'patients 00', 'frailty 1', '00', '2025-12-01 2026-03-01');";
	for (const [date, shift] of [['2025-12-01', 0], ['2026-03-01', 2]])
		for (const [code, ...n] of rows)
			n.forEach((c, k) => {
				sql += `INSERT INTO population_count (unit_id, as_of, segment, count, import_id) SELECT id, '${date}', ` +
					`'${segs[k]}', ${c + shift * (k % 2)}, 901 FROM unit WHERE code = '${code}';`;
			});
	sql += "INSERT INTO population_movement (unit_id, from_date, to_date, from_segment, to_segment, count, import_id) " +
		"SELECT id, '2025-12-01', '2026-03-01', 'registered', 'well', 40, 901 FROM unit WHERE code = 'P-MILL';";
	execFileSync('sqlite3', [db, sql]);
}

export async function populationJourney({ test, assert, browser, server, shots, variant, accessible, db }) {
	seed(db);
	for (const width of [390, 1366]) {
		await test(`the population page reads in words at ${width} px, hides small counts, and makes a measure`, async () => {
			const ctx = await browser.newContext({ viewport: { width, height: 900 } });
			const page = await ctx.newPage();
			await page.goto(server.url + '/signin');
			await page.locator('input[name=email]').fill('facilitator@example.org');
			await page.locator('input[type=password]').fill('caregrid-demo');
			await page.locator('main form button[type=submit]').last().click();
			await page.waitForURL('**/units');
			await page.goto(server.url + '/units/PCH-RIV/population');
			const main = page.locator('main');
			for (const words of ['Population of', 'Frailty and end of life', 'Complex and long-term conditions',
				'Routine care and access', 'Movement between two dates', 'Newly registered', 'Each segment over time',
				'All practices'])
				assert(await main.getByText(words, { exact: false }).count() > 0, `the page does not say "${words}"`);
			const cells = await page.locator('td.num').allTextContents();
			assert(cells.includes('*'), 'no hidden count is shown as *');
			const bad = cells.map((c) => c.replace(/,/g, '')).filter((c) => c !== '*' && (Number(c) % 5 !== 0 || (Number(c) >= 1 && Number(c) <= 7)));
			assert(bad.length === 0, `raw or small counts shown: ${bad.join(' ')}`);
			await accessible(page, `population-${width}`);
			await page.screenshot({ path: join(shots, `${variant}-population-${width}.png`), fullPage: true });
			await page.getByRole('button', { name: 'Make “Frailty” a measure' }).click();
			await page.waitForURL('**/measures/*');
			assert(await page.locator('h1').textContent().then((t) => t.includes('Population: Frailty')), 'the measure page is not the new measure');
			await ctx.close();
		});
	}
}
