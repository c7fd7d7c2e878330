// Browser journey of the annotated SPC chart (issue 27's SPC core), called from run.mjs with its helpers: a
// facilitator adds a measure tied to the demo's frailty huddle, pastes 24 weeks with new limits from week 13 (first
// without a reason: refused, the paste kept; then with one), adds a note, and reads the chart's marks and the
// numbered legend under it, on a phone and a desktop (axe-core), in Welsh and Spanish, with WCAG text spacing
// (no label clipped) and on paper.
import { join } from 'node:path';
import { clippedLabels, spacing } from './spacing-print.mjs';

// 24 Mondays from 8 June 2026 (to 16 November): 5,7,6,8 three times, then 20,22,21,23 three times with new
// limits from the 13th (31 August); REASON on that row ('' for none).
function weeks(reason) {
	const rows = ['date,value,rebase,note'];
	for (let i = 0; i < 24; i++) {
		const day = new Date(Date.UTC(2026, 5, 8 + 7 * i)).toISOString().slice(0, 10);
		const v = i < 12 ? [5, 7, 6, 8][i % 4] : [20, 22, 21, 23][i % 4];
		rows.push(i === 12 ? `${day},${v},1,${reason}` : `${day},${v},,`);
	}
	return rows.join('\n');
}

export async function annotatedChart({ test, assert, browser, server, shots, variant, accessible }) {
	async function signedIn(ctx) {
		const page = await ctx.newPage();
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill('facilitator@example.org');
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		return page;
	}
	let measureUrl = null;
	const reason = 'New booking system from this week';

	await test('24 weeks pasted with new limits and their reason: the annotated chart and its numbered legend', async () => {
		const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		const page = await signedIn(ctx);
		await page.goto(server.url + '/units/PCH-RIV/actions');
		const action = await page.getByRole('link', { name: 'Frailty huddle across the three practices' }).first().getAttribute('href');
		const actionNumber = action.match(/actions\/(\d+)/)[1];
		await page.goto(server.url + '/units/PCH-RIV/measures');
		await page.locator('input[name=name]').fill('Frail patients with a shared plan');
		await page.locator('textarea[name=definition]').fill('Frail patients discussed at the huddle with a shared plan within a week, per week');
		await page.locator('select[name=direction]').selectOption('up');
		await page.locator('input[name=target]').fill('15');
		await page.locator('input[name=actions]').fill(actionNumber);
		await page.getByRole('button', { name: 'Add measure' }).click();
		await page.locator('h1', { hasText: 'Frail patients with a shared plan' }).waitFor();
		measureUrl = page.url().split('?')[0];

		const paste = page.locator('textarea[name=csv]');
		await paste.fill(weeks(''));
		await paste.locator('xpath=ancestor::form').getByRole('button').click();
		await page.locator('textarea[name=csv][aria-invalid=true], .error-summary, [role=alert]').first().waitFor();
		assert((await page.textContent('main')).includes('new limits need their reason'), 'a rebase without a reason is not refused in words');
		assert(await page.locator('textarea[name=csv]').inputValue() === weeks(''), 'the refused paste is not kept in its box');
		await page.locator('textarea[name=csv]').fill(weeks(reason));
		await page.locator('textarea[name=csv]').locator('xpath=ancestor::form').getByRole('button').click();
		await page.locator('.flash', { hasText: 'Imported 24 points' }).waitFor();
		await page.locator('input[name=period]').last().fill('2026-07-13');
		await page.locator('textarea[name=text]').fill('Two nurses on leave');
		await page.getByRole('button', { name: 'Add note' }).click();
		await page.locator('.flash', { hasText: 'Note added to the chart' }).waitFor();

		const legend = await page.locator('ol#chart-legend').textContent();
		for (const words of [`New limits from here: ${reason}`, 'Note: Two nurses on leave',
			'PDSA cycle 1 of “Frailty huddle across the three practices”: adapt and test again',
			'PDSA cycle 2 of “Frailty huddle across the three practices” planned, still running',
			'Survey round closed: Autumn 2026: mapping the journey', 'Target: 15'])
			assert(legend.includes(words), `the legend does not say "${words}": ${legend.slice(0, 400)}`);
		const items = await page.locator('ol#chart-legend li').count();
		const marks = await page.locator('svg.spc g.mark').count();
		assert(marks === items - 1, `${marks} marks on the chart for ${items} legend entries (the target's number is on its line)`);
		const numbers = await page.locator('svg.spc text.mark-n').allTextContents();
		const values = await page.locator('ol#chart-legend li').evaluateAll((ls) => ls.map((l) => l.getAttribute('value')));
		assert(numbers.join() === values.join(), `the chart's numbers ${numbers} are not the legend's ${values}`);
		assert(await page.locator('svg.spc').getAttribute('aria-describedby') === 'chart-legend', 'the chart does not point to its legend');
		assert((await page.textContent('main')).includes('first 12 points after each start of new limits'), 'the frozen baseline is not explained');
		await accessible(page, 'measure-annotated');
		await ctx.close();
	});

	await test('the annotated chart in Welsh and Spanish, with WCAG text spacing, and printed', async () => {
		assert(measureUrl, 'no measure from the journey above');
		for (const [locale, words] of [['cy-GB', "Terfynau newydd o'r fan hon"], ['es-ES', 'Límites nuevos desde aquí']]) {
			const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale });
			const page = await signedIn(ctx);
			await page.goto(measureUrl);
			assert((await page.locator('ol#chart-legend').textContent()).includes(words), `${locale}: the legend does not say "${words}"`);
			await accessible(page, `measure-annotated-${locale}`);
			await ctx.close();
		}
		const found = [];
		for (const width of [390, 1366]) {
			const ctx = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
			const page = await signedIn(ctx);
			await page.goto(measureUrl);
			await page.addStyleTag({ content: spacing });
			found.push(...(await clippedLabels(page)).map((f) => `${width}px: ${f}`));
			await page.screenshot({ path: join(shots, `${variant}-spacing-measure-annotated-${width}.png`), fullPage: true });
			await ctx.close();
		}
		const ctx = await browser.newContext({ viewport: { width: 794, height: 1123 } });
		const page = await signedIn(ctx);
		await page.goto(measureUrl);
		await page.emulateMedia({ media: 'print' });
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		if (wide > 794) found.push(`printed: ${wide}px wide on a 794-px page`);
		if (!(await page.locator('ol#chart-legend').isVisible())) found.push('printed: no legend');
		await page.screenshot({ path: join(shots, `${variant}-print-measure-annotated.png`), fullPage: true });
		await ctx.close();
		assert(found.length === 0, found.slice(0, 12).join('\n'));
	});
}
