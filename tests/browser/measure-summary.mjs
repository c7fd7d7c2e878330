// Browser journey for the measure summary (issue 27, picture 5): a facilitator adds a measure to two practices
// of Riverside, pastes their data, follows the measures page's link to the home's summary and reads it on a phone
// and a desktop (axe-core), in Welsh too; every icon says its words; printed on A4 (portrait and landscape) it
// keeps to the page's width and a sensible number of pages. Called from run.mjs with its helpers.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Twenty weekly points from 5 January 2026, a fall of JUMP from the ninth, as a spreadsheet's two columns.
function weeks(base, jump) {
	const rows = ['Week\tDNA %'];
	for (let i = 0; i < 20; i++) {
		const d = new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10);
		rows.push(`${d}\t${(base + [0, 0.4, -0.3, 0.2][i % 4] + (i >= 8 ? jump : 0)).toFixed(1)}`);
	}
	return rows.join('\n');
}

export async function measureSummaryJourney({ test, assert, browser, server, shots, variant, accessible }) {
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
	// A measure "Did not attend" on UNIT with twenty weeks pasted, as a facilitator adds it on the page.
	async function measureWithData(page, unit, base, jump) {
		await page.goto(server.url + `/units/${unit}/measures`);
		await page.getByLabel('Name').fill('Did not attend');
		await page.getByLabel('Definition: what is counted, how, from where').fill('Share of booked appointments missed');
		await page.getByLabel('Quadruple aim').selectOption('cost');
		await page.getByLabel('Better when').selectOption('down');
		await page.getByLabel('Unit of measure').fill('%');
		await page.getByLabel('Target (optional)').fill('5');
		await page.getByRole('button', { name: 'Add measure' }).click();
		await page.waitForURL(/\/measures\/\d+/);
		await page.locator('#paste').fill(weeks(base, jump));
		await page.getByRole('button', { name: 'Import points' }).click();
		await page.getByText('Imported 20 points.').waitFor();
	}

	await test('the measure summary of a home: its practices\' measures with icons in words, small multiples, Welsh, print', async () => {
		const [ctx, page] = await signedIn('facilitator@example.org', 1366);
		await measureWithData(page, 'P-MILL', 8, -3);
		await measureWithData(page, 'P-BRK', 6, 2);
		await page.goto(server.url + '/units/PCH-RIV/measures');
		await page.getByRole('link', { name: 'Measure summary' }).click();
		await page.waitForURL('**/units/PCH-RIV/measures/summary');
		const main = page.locator('main');
		for (const words of [/Measure summary of Riverside (Primary Care Home|and Meadows PCH)/, 'Mill Lane Surgery', 'Brook House Medical Centre',
			'Did not attend', 'Special cause improvement (lower)', 'Special cause concern (higher)', 'No target to assure',
			'Small multiples', 'Latest value', 'Assurance'])
			assert(await main.getByText(words, { exact: false }).count() > 0, `the page does not say "${words}"`);
		// Every icon has its words (never colour alone), and every tiny chart its text alternative.
		const bare = await page.evaluate(() => [...document.querySelectorAll('main .icon')].filter((e) => !e.textContent.trim()).length);
		assert(bare === 0, `${bare} icons without words`);
		const charts = page.locator('ul.multiples svg.spark-spc');
		assert(await charts.count() >= 6, `${await charts.count()} small charts`);
		const label = await charts.first().getAttribute('aria-label');
		assert(/: (chart of \d+ points, the latest .+ on .+; .+|no data yet)$/.test(label), `a small chart is labelled "${label}"`);
		const mill = page.locator('ul.multiples li', { hasText: 'Mill Lane Surgery' }).first();
		assert(/Special cause improvement \(lower\)/.test(await mill.textContent()), 'Mill\'s small multiple does not say improvement');
		await accessible(page, 'measure-summary');
		// On a phone the table scrolls in its own box, its measure column held; the page itself does not.
		await page.setViewportSize({ width: 390, height: 844 });
		const box = await page.evaluate(() => { const b = document.querySelector('.summary-box'); return [b.scrollWidth, b.clientWidth]; });
		assert(box[0] > box[1], `the table does not scroll in its box on a phone (${box})`);
		const sticky = await page.evaluate(() => getComputedStyle(document.querySelector('table.measure-summary tbody th[scope=row]')).position);
		assert(sticky === 'sticky', `the measure column is ${sticky} on a phone`);
		await page.screenshot({ path: join(shots, `${variant}-measure-summary-phone.png`), fullPage: true });
		// On paper: the page's A4 landscape, and A4 portrait.
		await page.setViewportSize({ width: 1366, height: 900 });
		await page.emulateMedia({ media: 'print' });
		const found = [];
		for (const [name, options] of [['css', { format: 'A4', preferCSSPageSize: true }], ['portrait', { format: 'A4' }]]) {
			const pdf = join(shots, `${variant}-measure-summary-${name}.pdf`);
			await page.pdf({ path: pdf, printBackground: true, ...options });
			const pages = Number((execFileSync('pdfinfo', [pdf]).toString().match(/^Pages:\s+(\d+)/m) ?? [])[1]);
			if (!(pages >= 1 && pages <= 4)) found.push(`${name}: ${pages} pages`);
			if (name === 'css')
				execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(shots, `${variant}-measure-summary-page`)]);
		}
		const cues = await page.evaluate(() => [...document.querySelectorAll('.no-print, .scroll-cue')].filter((e) => e.checkVisibility()).length);
		if (cues) found.push(`${cues} screen cues printed`);
		await page.emulateMedia({ media: 'screen' });
		assert(found.length === 0, found.join('\n'));
		await page.goto(server.url + '/units/PCH-RIV/measures/summary?lang=cy');
		assert(/^Crynodeb mesurau Riverside (Primary Care Home|and Meadows PCH)$/.test(await page.locator('h1').textContent()), 'the Welsh page has another title'); // an earlier journey renames the home
		assert(await main.getByText('Lluosrifau bach').count() > 0, 'the Welsh page does not name the small multiples');
		await accessible(page, 'measure-summary-cy');
		await page.goto(server.url + '/units/PCH-RIV/measures/summary?lang=es');
		assert(await main.getByText(/Resumen de medidas de Riverside (Primary Care Home|and Meadows PCH)/).count() > 0, 'the Spanish page has another title');
		await accessible(page, 'measure-summary-es');
		await ctx.close();
	});
}
