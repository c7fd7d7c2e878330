// Browser journey "from priorities to proof" (issue 27), one facilitator's way from a results priority to the
// proof: an aim with its outcome measure, two primary and three secondary drivers (one secondary serving both
// primaries, one weak link), two change ideas, three PDSA cycles on one idea (adapt, adapt, adopt) on its ramp,
// a balancing measure (the gentle warning goes), 24 weeks pasted with new limits from week 13 and their reason
// (without one: refused, the paste kept), a note on a period, then the annotated chart, the driver diagram and
// the measure summary: the words seen at each step (no raw id, ISO date or escaped markup), axe-core at 390 and
// 1366 px on every page reached, the same pages in Welsh and Spanish, and printed. It uses round 2 of Riverside
// (no other journey starts from it) and names of its own, and reads the home under either name (an earlier
// journey renames it). Called from run.mjs with its helpers; every test's name starts "journey-to-proof".
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const home = /Riverside (Primary Care Home|and Meadows PCH)/;
const statement = 'Raise protected learning from 18 to 30 hours a week across the home by March 2027';
const outcome = 'Hours of protected learning a week';
const balancing = 'Clinic sessions cancelled for learning';
const primaries = ['Time set aside for learning', 'Skills the home needs, known and shared'];
const secondaries = [ // [text, the primaries it serves, link]
	['A protected afternoon each month', primaries, 'strong'],
	['Locum and bank cover for learning sessions', [primaries[0]], 'weak'],
	['A skills map of every practice', [primaries[1]], 'strong'],
];
const tested = 'Close the practices for one afternoon a month';
const other = 'Share one training calendar across the home';
// Cycles planned on the idea itself are kept under the idea's own action, named after it.
const actionTitle = `Testing the change idea: ${tested}`;
const reason = 'Protected learning began this week';
const note = 'School holidays: fewer sessions';
// The three cycles of the tested idea, each decided within the chart's weeks.
const cycles = [
	{ plan: 'Close Mill Lane for one afternoon', prediction: 'Twenty staff attend', did: 'Fourteen came',
		study: 'Fewer than predicted: reception was short', act: 'adapt', why: 'Cover reception from the hub',
		on: ['2026-08-31', '2026-09-03', '2026-09-07', '2026-09-10'] },
	{ plan: 'Close Mill Lane and Brook House', prediction: 'Thirty staff attend', did: 'Twenty-six came',
		study: 'Close to the prediction', act: 'adapt', why: 'Add Orchard',
		on: ['2026-09-14', '2026-09-17', '2026-09-21', '2026-09-24'] },
	{ plan: 'Close all three practices', prediction: 'Forty staff attend', did: 'Forty-two came',
		study: 'Better than predicted', act: 'adopt', why: 'Every month from now on',
		on: ['2026-09-28', '2026-10-01', '2026-10-05', '2026-10-08'] },
];

// 24 Mondays from 1 June 2026 (to 9 November) as CSV: 18, 20, 17, 19 three times, then 25, 27, 26, 28 three
// times with new limits from the 13th (24 August), REASON on that row ('' for none).
function weeks(why) {
	const rows = ['date,value,rebase,note'];
	for (let i = 0; i < 24; i++) {
		const day = new Date(Date.UTC(2026, 5, 1 + 7 * i)).toISOString().slice(0, 10);
		const v = i < 12 ? [18, 20, 17, 19][i % 4] : [25, 27, 26, 28][i % 4];
		rows.push(i === 12 ? `${day},${v},1,${why}` : `${day},${v},,`);
	}
	return rows.join('\n');
}

// runCyclesOnIdea: the PDSA cycles CYCLES testing the change idea IDEA of the aim at AIM, each planned on the
// idea itself (the aim page's "Plan a PDSA cycle on this idea": the idea's own action, made with its first
// cycle) and then done, studied and decided on the idea's ramp, with the days typed. Returns the action's page.
export async function runCyclesOnIdea(page, server, { aim, idea, cycles: list }) {
	await page.goto(aim);
	const box = page.locator('details.action', { has: page.locator('summary', { hasText: `Change, test or delete "${idea}"` }) });
	const ramp = page.locator('section.ramp', { has: page.locator('h3', { hasText: idea }) });
	for (const [i, c] of list.entries()) {
		await box.locator('summary').click();
		const form = box.locator('form.new-cycle');
		await form.getByLabel('Plan: what we try').fill(c.plan);
		await form.getByLabel('What we predict').fill(c.prediction);
		await form.getByLabel('On', { exact: true }).fill(c.on[0]);
		await form.getByRole('button', { name: 'Plan the cycle' }).click();
		await ramp.locator(`svg.ramp g.step[data-step="${i + 1}"]`).waitFor();
		const stage = ramp.getByRole('group', { name: `Step ${i + 1}: record its next stage` });
		for (const [stageName, text, on] of [['do', c.did, c.on[1]], ['study', c.study, c.on[2]], ['act', c.why, c.on[3]]]) {
			if (stageName === 'act')
				await stage.locator('select[name=act]').selectOption(c.act);
			await stage.locator('textarea[name=text]').fill(text);
			await stage.locator('input[name=on]').fill(on);
			await stage.getByRole('button', { name: `Record ${stageName}` }).click();
			await page.waitForURL(/\?msg=/);
		}
		await ramp.getByRole('group', { name: `Step ${i + 1}: record its next stage` }).waitFor({ state: 'detached' });
	}
	const href = await page.locator('a', { hasText: `Testing the change idea: ${idea}` }).first().getAttribute('href').catch(() => null);
	return href;
}

export async function journeyToProof({ test, assert, browser, server, shots, variant, accessible }) {
	let aim = null, chart = null;
	async function signedIn(width) {
		const ctx = await browser.newContext({ viewport: { width, height: 900 } });
		const page = await ctx.newPage();
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill('facilitator@example.org');
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		return [ctx, page];
	}
	// What a person reads on PAGE has no ISO date and no raw id where words belong (accessible() looks for
	// markup shown as text and internal codes). Forms are left out: their hints show how to type a date.
	async function plainWords(page, where) {
		const text = await page.evaluate(() => {
			const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
			const seen = [];
			for (let n; (n = walk.nextNode());)
				if (!n.parentElement.closest('form, script, style') && n.parentElement.checkVisibility())
					seen.push(n.textContent);
			return seen.join(' ');
		});
		const iso = text.match(/\b\d{4}-\d{2}-\d{2}\b/);
		assert(!iso, `${where}: an ISO date is shown: "${iso && iso[0]}"`);
		const id = text.match(/\b(id|measure|action|driver|idea) ?#?\d+\b|\b\w+_id\b/i);
		assert(!id, `${where}: a raw id is shown: "${id && id[0]}"`);
	}
	async function addMeasure(page, name, definition, direction, target) {
		await page.goto(server.url + '/units/PCH-RIV/measures');
		await page.getByLabel('Name').fill(name);
		await page.getByLabel('Definition: what is counted, how, from where').fill(definition);
		await page.getByLabel('Quadruple aim').selectOption('staff_wellbeing');
		await page.getByLabel('Better when').selectOption(direction);
		await page.getByLabel('Unit of measure').fill(direction === 'up' ? 'hours' : 'sessions');
		if (target)
			await page.getByLabel('Target (optional)').fill(target);
		await page.getByRole('button', { name: 'Add measure' }).click();
		await page.locator('h1', { hasText: name }).waitFor();
		return page.url().replace(/[?#].*/, '');
	}

	await test('journey-to-proof: from a priority of the results to an aim, its drivers, ideas and a ramp of three cycles', async () => {
		const [ctx, page] = await signedIn(1366);
		chart = await addMeasure(page, outcome, 'Hours of protected learning time taken by staff of the home, per week',
			'up', '30');
		await page.goto(server.url + '/units/PCH-RIV/rounds/2/results');
		const priority = page.locator('#priorities + p + ol li').first();
		const element = (await priority.locator('strong').textContent()).trim();
		await priority.getByRole('link', { name: `set an aim for ${element}` }).click();
		await page.waitForURL('**/aims?*#new-aim');
		assert(await page.getByText(new RegExp(`^Started from ${element.replace('.', '\\.')} .*, a priority of the round's results\\.$`)).count() === 1,
			`the priority ${element} is not named`);
		await accessible(page, 'proof-new-aim');
		await page.getByLabel('The aim', { exact: true }).fill(statement);
		await page.getByLabel('Its outcome measure').selectOption({ label: outcome });
		await page.getByLabel('Target', { exact: true }).fill('30');
		await page.getByLabel('By', { exact: true }).fill('2027-03-31'); // not "Adopt an aim… by"
		await page.getByRole('button', { name: 'Set the aim' }).click();
		await page.waitForURL(/\/aims\/\d+\?msg=Aim/);
		aim = page.url().replace(/[?#].*/, '');
		assert(await page.locator('h1').textContent() === statement, 'the aim page is not titled with the aim');
		for (const words of ['Active · by 31 March 2027', 'Outcome measure: its chart, target 30', `Started from ${element} `,
			'This aim has an outcome measure and no balancing measure'])
			assert(await page.locator('main').getByText(words, { exact: false }).count() > 0, `the aim page does not say "${words}"`);

		for (const text of primaries) {
			await page.locator('#add-driver select[name=level]').selectOption('primary');
			await page.locator('#add-driver input[name=text]').fill(text);
			await page.getByRole('button', { name: 'Add driver' }).click();
			await page.locator('ul.outline').getByText(`Primary driver: ${text}`).first().waitFor();
		}
		for (const [text, serves, strength] of secondaries) {
			await page.locator('#add-driver select[name=level]').selectOption('secondary');
			await page.locator('#add-driver input[name=text]').fill(text);
			for (const p of serves)
				await page.locator('#add-driver fieldset').getByLabel(p).check();
			await page.locator('#add-driver select[name=strength]').selectOption(strength);
			await page.getByRole('button', { name: 'Add driver' }).click();
			await page.locator('ul.outline').getByText(text, { exact: false }).first().waitFor();
		}
		for (const [text, drivers, pick] of [[tested, [secondaries[0][0], secondaries[1][0]], 'implement'],
			[other, [secondaries[2][0]], 'possible']]) {
			await page.locator('#add-idea input[name=text]').fill(text);
			for (const d of drivers)
				await page.locator('#add-idea fieldset').getByLabel(d).check();
			await page.locator('#add-idea select[name=pick]').selectOption(pick);
			await page.getByRole('button', { name: 'Add change idea' }).click();
			await page.locator('ul.outline').getByText(`Change idea: ${text}`, { exact: false }).first().waitFor();
		}
		const svg = page.locator('svg.driver');
		assert(await svg.locator('path.link').count() === 2 + 4 + 3, `${await svg.locator('path.link').count()} links, not 9`);
		assert(await svg.locator('path.link.weak').count() === 1, 'the weak link is not dashed');
		await accessible(page, 'proof-aim-grown');

		await runCyclesOnIdea(page, server, { aim, idea: tested, cycles });
		const ramp = page.locator('section.ramp', { hasText: tested });
		assert(await ramp.locator('svg.ramp g.step').count() === 3, 'the ramp does not draw three steps');
		for (const words of ['Cycle 1', 'Cycle 2', 'Cycle 3'])
			assert(await ramp.locator('svg text', { hasText: words }).count() === 1, `the ramp does not say "${words}"`);
		for (const words of ['Prediction: Twenty staff attend', 'Act: adapt', 'Act: adopt'])
			assert(await ramp.locator('ol.ramp-list').getByText(words, { exact: false }).count() > 0, `the ramp's list does not say "${words}"`);
		// The team adopts the idea after its third cycle.
		const form = page.locator('details.action', { has: page.locator('summary', { hasText: `Change, test or delete "${tested}"` }) });
		await form.locator('summary').click();
		await form.locator('select[name=status]').selectOption('adopted');
		await form.getByRole('button', { name: 'Save' }).click();
		await page.locator('#pick-list').getByText(`${tested}: implement, adopted`).waitFor();

		// A balancing measure: the gentle warning goes.
		const balancingUrl = await addMeasure(page, balancing, 'Clinic sessions cancelled so that staff could learn, per week', 'down');
		assert(balancingUrl !== chart, 'the balancing measure is the outcome measure');
		await page.goto(aim);
		await page.locator('#link-measure select[name=driver]').selectOption({ label: primaries[0] });
		await page.locator('#link-measure select[name=measure]').selectOption({ label: balancing });
		await page.locator('#link-measure select[name=kind]').selectOption('balancing');
		await page.getByRole('button', { name: 'Link measure' }).click();
		await page.locator('.flash').first().waitFor();
		assert(await page.getByText('no balancing measure', { exact: false }).count() === 0, 'the gentle warning stays');
		await plainWords(page, 'aim');
		await ctx.close();
	});

	await test('journey-to-proof: 24 weeks with new limits and their reason, a note, and the annotated chart', async () => {
		assert(chart, 'no outcome measure from the journey above');
		const [ctx, page] = await signedIn(390);
		await page.goto(chart);
		const paste = page.locator('#paste');
		await paste.fill(weeks(''));
		await page.getByRole('button', { name: 'Import points' }).click();
		await page.locator('.error-summary, [role=alert]').first().waitFor();
		assert((await page.textContent('main')).includes('new limits need their reason'), 'new limits without a reason are not refused in words');
		assert(await page.locator('#paste').inputValue() === weeks(''), 'the refused paste is not kept as typed');
		await accessible(page, 'proof-paste-refused');
		await page.locator('#paste').fill(weeks(reason));
		await page.getByRole('button', { name: 'Import points' }).click();
		await page.locator('.flash', { hasText: 'Imported 24 points' }).waitFor();
		await page.locator('form[action$="/notes"] input[name=period]').fill('2026-07-13');
		await page.locator('form[action$="/notes"] textarea[name=text]').fill(note);
		await page.getByRole('button', { name: 'Add note' }).click();
		await page.locator('.flash', { hasText: 'Note added to the chart' }).waitFor();
		await page.goto(chart);

		const legend = page.locator('ol#chart-legend');
		const said = await legend.innerText();
		for (const words of [`New limits from here: ${reason}`, `Note: ${note}`,
			`PDSA cycle 1 of “${actionTitle}”: adapt and test again`, `PDSA cycle 2 of “${actionTitle}”: adapt and test again`,
			`PDSA cycle 3 of “${actionTitle}”: adopt`, 'Target: 30'])
			assert(said.includes(words), `the legend does not say "${words}": ${said.slice(0, 500)}`);
		const svg = page.locator('svg.spc').first();
		const marks = svg.locator('g.mark');
		assert(await marks.count() === await legend.locator('li').count() - 1, 'a mark on the chart for each entry but the target');
		const numbers = await svg.locator('text.mark-n').allTextContents();
		const values = await legend.locator('li').evaluateAll((ls) => ls.map((l) => l.getAttribute('value')));
		assert(numbers.join() === values.join(), `the chart's numbers ${numbers} are not the legend's ${values}`);
		// The act glyphs: a turning arrow for each adapt, a tick for the adopt.
		assert(await marks.locator('path[stroke="#8a4b00"]').count() === 2, 'not two adapt glyphs');
		assert(await marks.locator('path[stroke="#1a6b35"]').count() === 1, 'not one adopt glyph');
		assert(await svg.getAttribute('aria-describedby') === 'chart-legend', 'the chart does not point to its legend');
		// Every number under the chart inside the drawing: the last weeks' marks are not cut off at its edge.
		const cut = await svg.evaluate((s) => [...s.querySelectorAll('text.mark-n')].filter((t) => {
			const b = t.getBBox();
			return b.x < 0 || b.x + b.width > s.viewBox.baseVal.width;
		}).map((t) => t.textContent));
		assert(cut.length === 0, `mark numbers cut off at the chart's edge: ${cut.join(', ')}`);
		await plainWords(page, 'chart');
		await accessible(page, 'proof-chart');
		await page.locator('.chart-box').first().screenshot({ path: join(shots, `${variant}-proof-chart-390.png`) });
		await page.setViewportSize({ width: 1366, height: 900 });
		await page.locator('.chart-box').first().screenshot({ path: join(shots, `${variant}-proof-chart-1366.png`) });
		await legend.screenshot({ path: join(shots, `${variant}-proof-legend-1366.png`) });
		await ctx.close();
	});

	await test('journey-to-proof: the driver diagram with the adopted idea, and the measure summary', async () => {
		assert(aim, 'no aim from the journey above');
		const [ctx, page] = await signedIn(1366);
		await page.goto(aim);
		const svg = page.locator('svg.driver');
		for (const words of ['Aim', 'Primary drivers', 'Secondary drivers', 'Change ideas', 'PDSA 3 · adopted', 'PDSA 0 · idea'])
			assert(await svg.locator('text', { hasText: words }).count() > 0, `the diagram does not say "${words}"`);
		const outline = page.locator('ul.outline');
		for (const words of [`Aim: ${statement}`, `Primary driver: ${primaries[0]}`, `Secondary driver (weak link): ${secondaries[1][0]}`,
			`Change idea: ${tested} (adopted; PICK: implement; PDSA cycles: 3)`])
			assert(await outline.getByText(words, { exact: false }).count() > 0, `the outline does not say "${words}"`);
		// The secondary serving both primaries stands under each of them in the outline.
		assert(await outline.getByText(`Secondary driver (strong link): ${secondaries[0][0]}`).count() === 2,
			'the secondary serving both primaries is not under each');
		await plainWords(page, 'diagram');
		await accessible(page, 'proof-diagram');
		await page.locator('.driver-box').screenshot({ path: join(shots, `${variant}-proof-diagram-1366.png`) });
		await page.setViewportSize({ width: 390, height: 900 });
		assert(await outline.isVisible(), 'the outline does not show on a phone');
		await page.screenshot({ path: join(shots, `${variant}-proof-diagram-390.png`), fullPage: true });
		await outline.screenshot({ path: join(shots, `${variant}-proof-outline-390.png`) });
		await page.locator('section.ramp', { hasText: tested }).screenshot({ path: join(shots, `${variant}-proof-ramp-390.png`) });
		await page.setViewportSize({ width: 1366, height: 900 });

		// The unit's aims list it, in words; the measures page leads to the summary.
		await page.goto(server.url + '/units/PCH-RIV/aims');
		const card = page.locator('li.card', { has: page.getByRole('link', { name: statement }) });
		assert(/active · by 31 March 2027/i.test(await card.innerText()), `the aims list says "${await card.innerText()}"`);
		// Under the aims, the measure summary's table of the measures they use, each with its kind.
		const aimsMain = page.locator('main');
		assert(await aimsMain.getByRole('heading', { name: 'The measures of these aims' }).count() === 1,
			'the aims list has no table of its measures');
		const aimRow = aimsMain.locator('table.measure-summary tr', { hasText: outcome });
		assert(await aimRow.count() === 1, 'the aims list\'s table has no row of the outcome measure');
		const aimRowText = await aimRow.innerText();
		for (const words of ['outcome', '28 hours', '9 Nov 2026', '30 hours', 'Common cause variation', 'May meet or miss the target', '24'])
			assert(aimRowText.includes(words), `the aims list's row of the outcome measure does not say "${words}": "${aimRowText}"`);
		const balancingRow = await aimsMain.locator('table.measure-summary tr', { hasText: balancing }).innerText();
		assert(balancingRow.includes('balancing'), `the balancing measure's row does not say its kind: "${balancingRow}"`);
		const whole = aimsMain.getByRole('link', { name: "The unit's whole measure summary" });
		assert((await whole.getAttribute('href')).endsWith('/units/PCH-RIV/measures/summary'), 'no link to the whole summary');
		await plainWords(page, 'aims');
		await accessible(page, 'proof-aims');
		await aimsMain.locator('section', { has: page.locator('#aims-measures-h') })
			.screenshot({ path: join(shots, `${variant}-proof-aims-summary-1366.png`) });
		await page.setViewportSize({ width: 390, height: 900 });
		assert((await aimRow.innerText()).includes('outcome'), 'on a phone the row does not say its kind');
		await page.screenshot({ path: join(shots, `${variant}-proof-aims-390.png`), fullPage: true });
		await page.setViewportSize({ width: 1366, height: 900 });
		await page.goto(server.url + '/units/PCH-RIV/measures');
		await page.getByRole('link', { name: 'Measure summary' }).click();
		await page.waitForURL('**/units/PCH-RIV/measures/summary');
		const main = page.locator('main');
		assert(home.test(await page.locator('h1').textContent()), 'the summary is not of the home');
		const row = main.locator('table.measure-summary tr', { hasText: outcome });
		assert(await row.count() > 0, 'the summary has no row of the outcome measure');
		for (const words of ['28 hours', '9 Nov 2026', '30 hours', 'Common cause variation', 'May meet or miss the target', '24'])
			assert((await row.first().innerText()).includes(words), `the outcome measure's row does not say "${words}"`);
		assert(await main.getByText(balancing).count() > 0, 'the summary does not list the balancing measure');
		await plainWords(page, 'summary');
		await accessible(page, 'proof-summary');
		await ctx.close();
	});

	await test('journey-to-proof: the chart, the diagram and the summary in Welsh and Spanish', async () => {
		assert(aim && chart, 'no aim or chart from the journey above');
		const [ctx, page] = await signedIn(1366);
		const english = [/New limits from here/, /adapt and test again/, /: adopt\b/, /\bNote:/, /Survey round closed/, /\bTarget:/];
		for (const [lang, legendWords, heading, diagramWords, summary] of [
			['cy', "Terfynau newydd o'r fan hon", 'Diagram sbardunau', 'Sbardunau sylfaenol', /^Crynodeb mesurau /],
			['es', 'Límites nuevos desde aquí', 'Diagrama de impulsores', 'Impulsores primarios', /^Resumen de medidas de /]]) {
			await page.goto(`${chart}?lang=${lang}`);
			const legend = await page.locator('ol#chart-legend').innerText();
			assert(legend.includes(`${legendWords}: ${reason}`), `${lang}: the legend does not say "${legendWords}"`);
			const left = english.filter((w) => w.test(legend));
			assert(left.length === 0, `${lang}: English left in the legend: ${left.join(', ')}`);
			await plainWords(page, `chart ${lang}`);
			await accessible(page, `proof-chart-${lang}`);
			await page.goto(`${aim}?lang=${lang}`);
			assert(await page.getByRole('heading', { name: heading }).count() === 1, `${lang}: the diagram's heading is not "${heading}"`);
			assert(await page.locator('svg.driver text', { hasText: diagramWords }).count() > 0, `${lang}: the diagram does not say "${diagramWords}"`);
			await plainWords(page, `diagram ${lang}`);
			await accessible(page, `proof-diagram-${lang}`);
			await page.goto(`${server.url}/units/PCH-RIV/measures/summary?lang=${lang}`);
			assert(summary.test(await page.locator('h1').textContent()), `${lang}: the summary has another title`);
			await accessible(page, `proof-summary-${lang}`);
			await page.goto(`${server.url}/units/PCH-RIV/aims?lang=${lang}`);
			const table = await page.locator('table.measure-summary').innerText();
			for (const w of [/\bMeasure\b/, /Latest value/, /\boutcome\b/, /\bbalancing\b/])
				assert(!w.test(table), `${lang}: English left in the aims list's table: ${w}`);
			await plainWords(page, `aims ${lang}`);
			await accessible(page, `proof-aims-${lang}`);
		}
		await ctx.close();
	});

	await test('journey-to-proof: printed, the diagram and the chart fit the page and the legend prints', async () => {
		assert(aim && chart, 'no aim or chart from the journey above');
		const [ctx, page] = await signedIn(1366);
		const found = [];
		for (const [name, url, figure] of [['diagram', aim, 'svg.driver'], ['chart', chart, 'svg.spc']]) {
			await page.goto(url);
			await page.emulateMedia({ media: 'print' });
			await page.setViewportSize({ width: 718, height: 1000 }); // A4's printable width at 96 dpi
			if (!(await page.locator(figure).first().isVisible()))
				found.push(`${name}: the picture does not print`);
			const box = await page.locator(figure).first().boundingBox();
			if (box && box.x + box.width > 718.5)
				found.push(`${name}: the picture runs to ${Math.round(box.x + box.width)}px on a 718-px page`);
			const wide = await page.evaluate(() => document.documentElement.scrollWidth);
			if (wide > 718)
				found.push(`${name}: the page is ${wide}px wide on a 718-px page`);
			if (name === 'chart' && !(await page.locator('ol#chart-legend').isVisible()))
				found.push('chart: the legend does not print');
			if (name === 'diagram' && !(await page.locator('ul.outline').isVisible()))
				found.push('diagram: the outline does not print');
			const pdf = join(shots, `${variant}-proof-${name}.pdf`);
			await page.pdf({ path: pdf, format: 'A4', printBackground: true });
			const paper = execFileSync('pdftotext', [pdf, '-']).toString();
			for (const words of name === 'chart' ? [`New limits from here: ${reason}`, `PDSA cycle 3 of “${actionTitle}”: adopt`]
				: ['Primary drivers', 'PDSA 3 · adopted', `Change idea: ${tested}`])
				if (!paper.includes(words))
					found.push(`${name}: the paper does not say "${words}"`);
			await page.screenshot({ path: join(shots, `${variant}-proof-print-${name}.png`), fullPage: true });
			await page.emulateMedia({ media: 'screen' });
			await page.setViewportSize({ width: 1366, height: 900 });
		}
		await ctx.close();
		assert(found.length === 0, found.join('\n'));
	});
}
