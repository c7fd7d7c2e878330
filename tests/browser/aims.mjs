// Browser journey for aims and driver diagrams (issue 27): from a results priority a facilitator sets an aim,
// adds two primary and three secondary drivers and two change ideas, and sees the driver diagram (SVG, with a
// dashed weak link and each idea's PDSA count and status) and its outline in words, at 390 and 1366 px with
// axe-core; on a phone the outline shows instead of the picture; a refused form comes back as typed; the diagram
// is printable; the PICK chart places each idea in its quadrant with a list numbered the same, two PDSA cycles
// added to an idea draw its ramp with the cycles in words, and their words keep inside with WCAG text spacing.
// A network's aim adopted by a practice shows the spread matrix (the practice's status for each idea, since when) in en
// and es. On the aim's page a facilitator plans a PDSA cycle on a change idea, records its stages on the idea's ramp,
// changes an idea and a driver and deletes them (each asked first), with axe at 390 and 1366 px.
// Called from run.mjs with its helpers.
import { join } from 'node:path';

export async function aimsJourney({ test, assert, browser, server, shots, variant, accessible }) {
	await test('from a priority to a driver diagram: an aim, its drivers and change ideas, drawn and in words', async () => {
		const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true }); // for the text-spacing style below
		const fac = await ctx.newPage();
		await fac.goto(server.url + '/signin');
		await fac.locator('input[name=email]').fill('facilitator@example.org');
		await fac.locator('input[type=password]').fill('caregrid-demo');
		await fac.locator('main form button[type=submit]').last().click();
		await fac.waitForURL('**/units');
		await fac.goto(server.url + '/units/PCH-RIV/rounds/3/results');
		await fac.locator('#priorities + p + ol a', { hasText: 'set an aim' }).first().click();
		await fac.waitForURL('**/aims?*#new-aim');
		assert(await fac.getByText(/Started from .*, a priority of the round's results\./).count() === 1, 'the priority is not named');
		await fac.getByLabel('The aim').fill('Reduce A&E attendances of people over 75 from 40 to 30 a month by March');
		await fac.getByLabel('Its outcome measure').selectOption({ label: 'A&E attendances of people over 75' });
		await fac.getByLabel('Target').fill('30');
		await fac.getByLabel('By').fill('2027-03-31');
		await fac.getByRole('button', { name: 'Set the aim' }).click();
		await fac.waitForURL(/\/aims\/\d+\?msg=Aim/);
		assert(await fac.getByText('no balancing measure', { exact: false }).count() === 1, 'no gentle warning');

		async function addDriver(level, text, primaries = [], strength = 'strong') {
			await fac.locator('#add-driver select[name=level]').selectOption(level);
			await fac.locator('#add-driver input[name=text]').fill(text);
			for (const p of primaries)
				await fac.locator('#add-driver fieldset').getByLabel(p).check();
			await fac.locator('#add-driver select[name=strength]').selectOption(strength);
			await fac.getByRole('button', { name: 'Add driver' }).click();
			await fac.locator('ul.outline').getByText(text, { exact: false }).first().waitFor();
		}
		await addDriver('primary', 'Frail people known before a crisis');
		await addDriver('primary', 'Care at home when things go wrong');
		// A secondary with no primary chosen is refused, and comes back as typed.
		await fac.locator('#add-driver select[name=level]').selectOption('secondary');
		await fac.locator('#add-driver input[name=text]').fill('A frailty register shared by the practices');
		await fac.getByRole('button', { name: 'Add driver' }).click();
		await fac.locator('.error-summary').waitFor();
		assert(await fac.locator('.error-summary').count() === 1, 'no error summary');
		assert(await fac.locator('#add-driver input[name=text]').inputValue() === 'A frailty register shared by the practices',
			'the refused form lost what was typed');
		await accessible(fac, 'aim-refused');
		await addDriver('secondary', 'A frailty register shared by the practices',
			['Frail people known before a crisis', 'Care at home when things go wrong']);
		await addDriver('secondary', 'Rapid response nursing', ['Care at home when things go wrong'], 'weak');
		await addDriver('secondary', 'Huddle across the practices', ['Frail people known before a crisis']);

		async function addIdea(text, drivers, pick) {
			await fac.locator('#add-idea input[name=text]').fill(text);
			for (const d of drivers)
				await fac.locator('#add-idea fieldset').getByLabel(d).check();
			await fac.locator('#add-idea select[name=pick]').selectOption(pick);
			await fac.getByRole('button', { name: 'Add change idea' }).click();
			await fac.locator('ul.outline').getByText(`Change idea: ${text}`, { exact: false }).first().waitFor();
		}
		await addIdea('Ring everyone on the register after a fall', ['A frailty register shared by the practices', 'Rapid response nursing'], 'implement');
		await addIdea('Weekly huddle with community nurses', ['Huddle across the practices'], 'possible');

		const svg = fac.locator('svg.driver');
		for (const words of ['Aim', 'Primary drivers', 'Secondary drivers', 'Change ideas', 'PDSA 0 · idea'])
			assert(await svg.locator('text', { hasText: words }).count() > 0, `the diagram does not say "${words}"`);
		assert(await svg.locator('path.link.weak').count() === 1, 'the weak link is not dashed');
		assert(await svg.locator('path.link').count() === 2 + 4 + 3, 'links missing');
		const outline = fac.locator('ul.outline');
		for (const words of ['Aim: Reduce A&E attendances', 'Primary driver: Frail people known before a crisis',
			'Secondary driver (weak link): Rapid response nursing',
			'Change idea: Ring everyone on the register after a fall (idea; PICK: implement; PDSA cycles: 0)'])
			assert(await outline.getByText(words, { exact: false }).count() > 0, `the outline does not say "${words}"`);
		// The PICK chart: each idea a numbered disc in its quadrant, and the list numbered the same.
		const pick = fac.locator('svg.pick');
		for (const words of ['Implement', 'Challenge', 'Possible', 'Kill', 'easy, big payoff', 'Effort: easy on the left'])
			assert(await pick.locator('text', { hasText: words }).count() > 0, `the PICK chart does not say "${words}"`);
		assert(await pick.locator('g.quadrant.implement g.idea[data-idea="1"]').count() === 1, 'idea 1 is not in Implement');
		assert(await pick.locator('g.quadrant.possible g.idea[data-idea="2"]').count() === 1, 'idea 2 is not in Possible');
		assert(await fac.locator('#pick-list li').count() === 2, 'the PICK list does not number both ideas');
		assert(await fac.locator('#pick-list li[value="2"]').getByText('Weekly huddle with community nurses: possible, idea').count() === 1,
			'the PICK list does not say idea 2 in words');
		// Two cycles of the frailty huddle's action on the huddle idea's ramp, through the idea's form.
		for (const cycle of ['1', '2']) {
			const form = fac.locator('details.action', { hasText: 'Weekly huddle with community nurses' });
			await form.locator('summary').click();
			await form.locator('input[name=action]').fill('3');
			await form.locator('input[name=cycle]').fill(cycle);
			await form.getByRole('button', { name: 'Add the cycle to the ramp' }).click();
			await fac.locator(`svg.ramp g.step[data-step="${cycle}"]`).waitFor();
		}
		const ramp = fac.locator('section.ramp', { hasText: 'Weekly huddle with community nurses' });
		assert(await ramp.locator('svg.ramp g.step').count() === 2, 'the ramp does not draw a step a cycle');
		for (const words of ['Cycle 1', 'Cycle 2'])
			assert(await ramp.locator('svg text', { hasText: words }).count() === 1, `the ramp does not say "${words}"`);
		for (const words of ['Prediction:', 'Act: adapt', 'Act: still running'])
			assert(await ramp.locator('ol.ramp-list').getByText(words, { exact: false }).count() > 0, `the ramp's list does not say "${words}"`);
		await fac.locator('.pick-figure').screenshot({ path: join(shots, `${variant}-aim-pick.png`) });
		await ramp.screenshot({ path: join(shots, `${variant}-aim-ramp.png`) });
		await accessible(fac, 'aim');
		// WCAG 2.2 1.4.12's text spacing: every word of a box stays inside its box.
		await fac.addStyleTag({ content: '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }' });
		const spilled = await fac.evaluate(() => [...document.querySelectorAll('svg.driver g.node')].flatMap((g) => {
			const box = g.querySelector('rect').getBoundingClientRect();
			return [...g.querySelectorAll('text')].filter((t) => {
				const r = t.getBoundingClientRect();
				return r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
			}).map((t) => t.textContent.slice(0, 30));
		}));
		assert(spilled.length === 0, `words outside their box with text spacing: ${spilled.join(', ')}`);
		// The PICK chart's words stay inside their quadrant, and a ramp's inside its picture, spaced as well.
		const spilledPick = await fac.evaluate(() => [...document.querySelectorAll('svg.pick g.quadrant, svg.ramp')].flatMap((g) => {
			const box = (g.querySelector('rect') || g).getBoundingClientRect();
			return [...g.querySelectorAll('text')].filter((t) => {
				const r = t.getBoundingClientRect();
				return r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5 || r.top < box.top - 0.5;
			}).map((t) => t.textContent.slice(0, 30));
		}));
		assert(spilledPick.length === 0, `PICK or ramp words outside their place with text spacing: ${spilledPick.join(', ')}`);
		await fac.locator('.pick-figure').screenshot({ path: join(shots, `${variant}-aim-pick-spacing.png`) });
		await fac.locator('.driver-box').screenshot({ path: join(shots, `${variant}-aim-diagram-spacing.png`) });
		await fac.reload();
		await fac.setViewportSize({ width: 390, height: 900 });
		assert(!(await svg.isVisible()), 'the diagram shows on a phone');
		assert(await outline.isVisible(), 'the outline does not show on a phone');
		assert(await fac.locator('#pick-list').isVisible() && await fac.locator('ol.ramp-list').first().isVisible(),
			'the PICK and ramp lists do not show on a phone');
		await fac.screenshot({ path: join(shots, `${variant}-aim-phone.png`), fullPage: true });
		await fac.setViewportSize({ width: 1366, height: 900 });
		await fac.locator('.driver-box').screenshot({ path: join(shots, `${variant}-aim-diagram.png`) });
		await fac.emulateMedia({ media: 'print' });
		assert(await svg.isVisible(), 'the diagram does not print');
		assert(!(await fac.locator('#add-driver').isVisible()), 'the forms print');
		assert(await pick.isVisible() && await fac.locator('svg.ramp').first().isVisible(), 'the PICK chart or a ramp does not print');
		await fac.emulateMedia({ media: 'screen' });
		await fac.goto(server.url + '/units/PCH-RIV/aims?lang=cy');
		assert(await fac.getByRole('heading', { name: 'Nod newydd' }).count() === 1, 'the list is not in Welsh');
		await accessible(fac, 'aims-cy');
		await ctx.close();
	});

	await test("a network's aim adopted by a practice: the spread matrix shows the practice's status for each idea", async () => {
		async function signIn(email) {
			const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
			const page = await ctx.newPage();
			await page.goto(server.url + '/signin');
			await page.locator('input[name=email]').fill(email);
			await page.locator('input[type=password]').fill('caregrid-demo');
			await page.locator('main form button[type=submit]').last().click();
			await page.waitForURL('**/units');
			return [ctx, page];
		}
		async function growAim(page, ideas) {
			await page.locator('#add-driver select[name=level]').selectOption('primary');
			await page.locator('#add-driver input[name=text]').fill('Falls seen coming');
			await page.getByRole('button', { name: 'Add driver' }).click();
			await page.locator('ul.outline').getByText('Falls seen coming', { exact: false }).first().waitFor();
			for (const [text, place] of ideas) {
				await page.locator('#add-idea input[name=text]').fill(text);
				await page.locator('#add-idea fieldset').getByLabel('Falls seen coming').check();
				await page.locator('#add-idea select[name=pick]').selectOption(place);
				await page.getByRole('button', { name: 'Add change idea' }).click();
				await page.locator('ul.outline').getByText(`Change idea: ${text}`, { exact: false }).first().waitFor();
			}
		}
		const statement = 'Fewer falls at home across North Downs by 2028';
		const [actx, admin] = await signIn('admin@example.org');
		await admin.goto(server.url + '/units/WSX-N/aims');
		await admin.getByLabel('The aim').fill(statement);
		await admin.getByRole('button', { name: 'Set the aim' }).click();
		await admin.waitForURL(/\/aims\/\d+\?msg=Aim/);
		const networkAim = admin.url().replace(/\?.*/, '');
		await growAim(admin, [['Falls check at every home visit', 'implement'], ['Home hazard survey', 'challenge']]);
		const [fctx, fac] = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/units/PCH-RIV/aims');
		await fac.getByLabel('Adopt an aim of your network or region', { exact: false }).selectOption({ label: statement });
		await fac.getByRole('button', { name: 'Set the aim' }).click();
		await fac.waitForURL(/\/aims\/\d+\?msg=Aim/);
		await growAim(fac, [['Falls check at every home visit', 'implement']]);
		const form = fac.locator('details.action', { hasText: 'Falls check at every home visit' });
		await form.locator('summary').click();
		await form.locator('select[name=status]').selectOption('adopted');
		await form.getByRole('button', { name: 'Save' }).click();
		await fac.locator('#pick-list').getByText('Falls check at every home visit: implement, adopted').waitFor();
		await admin.goto(networkAim);
		const table = admin.locator('table.spread');
		assert(await table.locator('thead th', { hasText: /Riverside (Primary Care Home|and Meadows PCH)/ }).count() === 1, 'no column for the adopting practice'); // an earlier journey renames the home
		const row = (idea) => table.locator('tbody tr', { has: admin.locator('th', { hasText: idea }) });
		const cell = await row('Falls check at every home visit').locator('td').innerText();
		assert(/^adopted since \d{1,2} [A-Z][a-z]+ \d{4}\b/.test(cell), `the practice's status and its day are not shown: ${cell}`);
		assert((await row('Home hazard survey').locator('td').innerText()) === 'not taken up', 'an idea not taken up does not say so');
		assert(await admin.getByText('exactly the same words', { exact: false }).count() === 1, 'the matching rule is not said');
		await accessible(admin, 'aim-spread');
		await admin.locator('div:has(> table.spread)').screenshot({ path: join(shots, `${variant}-aim-spread.png`) });
		await admin.setViewportSize({ width: 390, height: 900 });
		await admin.locator('div:has(> table.spread)').screenshot({ path: join(shots, `${variant}-aim-spread-phone.png`) });
		await admin.setViewportSize({ width: 1366, height: 900 });
		await admin.goto(networkAim + '?lang=es');
		assert(await admin.getByRole('heading', { name: 'Matriz de difusión' }).count() === 1, 'the spread matrix is not in Spanish');
		const celda = await table.locator('tbody td').first().innerText();
		assert(/desde el \d{1,2} de [a-z]+ de \d{4}/.test(celda) && !/\d{4}-\d\d-\d\d/.test(celda), `the day is not in Spanish words: ${celda}`);
		await accessible(admin, 'aim-spread-es');
		await actx.close();
		await fctx.close();
	});

	await test("on the aim's page: a PDSA cycle planned on a change idea and its stages recorded, a driver and an idea changed and deleted (asked first)", async () => {
		const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		const fac = await ctx.newPage();
		await fac.goto(server.url + '/signin');
		await fac.locator('input[name=email]').fill('facilitator@example.org');
		await fac.locator('input[type=password]').fill('caregrid-demo');
		await fac.locator('main form button[type=submit]').last().click();
		await fac.waitForURL('**/units');
		await fac.goto(server.url + '/units/PCH-RIV/aims');
		await fac.getByLabel('The aim').fill('Fewer missed appointments, from 8% to 5% by March');
		await fac.getByRole('button', { name: 'Set the aim' }).click();
		await fac.waitForURL(/\/aims\/\d+\?msg=Aim/);
		const aim = fac.url().replace(/\?.*/, '');
		for (const [level, text, primaries] of [['primary', 'People remember', []], ['primary', 'People can come', []],
			['secondary', 'Reminders', ['People remember']]]) {
			await fac.locator('#add-driver select[name=level]').selectOption(level);
			await fac.locator('#add-driver input[name=text]').fill(text);
			for (const p of primaries)
				await fac.locator('#add-driver fieldset').getByLabel(p).check();
			await fac.getByRole('button', { name: 'Add driver' }).click();
			await fac.locator('ul.outline').getByText(text, { exact: false }).first().waitFor();
		}
		const idea = 'Text a reminder two days before';
		await fac.locator('#add-idea input[name=text]').fill(idea);
		await fac.locator('#add-idea fieldset').getByLabel('Reminders').check();
		await fac.getByRole('button', { name: 'Add change idea' }).click();
		await fac.locator('ul.outline').getByText(`Change idea: ${idea}`, { exact: false }).first().waitFor();
		const ideaBox = (text) => fac.locator('details.action', { has: fac.locator('summary', { hasText: `Change, test or delete "${text}"` }) });
		async function openIdea(text) {
			const box = ideaBox(text);
			await box.locator('summary').click();
			return box;
		}

		// A cycle planned on the idea itself: a refused form comes back as typed, then the cycle is step 1.
		let box = await openIdea(idea);
		let form = box.locator('form.new-cycle');
		assert(await form.getByRole('group', { name: 'Plan a PDSA cycle on this idea' }).count() === 1, 'no cycle form on the idea');
		assert(await form.getByLabel('Under the action').locator('option').first().innerText() === "the idea's own (made with its first cycle)",
			"the idea's own action is not offered first");
		await form.getByLabel('What we predict').fill('Eight of ten come');
		await form.getByLabel('Plan: what we try').evaluate((t) => t.removeAttribute('required'));
		await form.getByRole('button', { name: 'Plan the cycle' }).click();
		await fac.locator('.error-summary').waitFor();
		assert(await fac.locator('.error-summary').getByText('a PDSA cycle starts with a plan', { exact: false }).count() > 0, 'the refusal does not say why');
		form = ideaBox(idea).locator('form.new-cycle');
		assert(await form.getByLabel('What we predict').inputValue() === 'Eight of ten come', 'the refused cycle form lost what was typed');
		await accessible(fac, 'aim-cycle-refused');
		await form.getByLabel('Plan: what we try').fill('Text ten people on Monday');
		await form.getByRole('button', { name: 'Plan the cycle' }).click();
		await fac.waitForURL(/\?msg=Cycle/);
		const ramp = fac.locator('section.ramp', { hasText: idea });
		await ramp.locator('svg.ramp g.step[data-step="1"]').waitFor();
		assert(await ramp.locator('ol.ramp-list').getByText('Plan: Text ten people on Monday', { exact: false }).count() === 1, 'the ramp does not say the plan');
		assert(await ramp.locator('ol.ramp-list').getByText('Act: still running', { exact: false }).count() === 1, 'the cycle is not running');

		// Its stages, recorded on the ramp: do, study, then act (adapt). The idea's status stays a person's choice.
		const stage = ramp.getByRole('group', { name: 'Step 1: record its next stage' });
		for (const [label, text, button, next] of [['Do: what happened', 'Sent ten texts', 'Record do', stage.getByLabel('Study: the result against the prediction')],
			['Study: the result against the prediction', 'Nine came', 'Record study', stage.getByLabel('Why')],
			['Why', 'Two days is too early', 'Record act', ramp.locator('ol.ramp-list').getByText('Act: adapt', { exact: false })]]) {
			if (button === 'Record act')
				await stage.locator('select[name=act]').selectOption('adapt');
			await stage.getByLabel(label).fill(text);
			await stage.getByRole('button', { name: button }).click();
			await next.waitFor();
		}
		assert(await ramp.getByRole('group', { name: 'Step 1: record its next stage' }).count() === 0, 'a decided cycle still offers a stage');
		assert(await fac.locator('#pick-list').getByText(`${idea}: possible, idea`).count() === 1, "the idea's status changed by itself");
		box = await openIdea(idea);
		await box.locator('form.new-cycle').getByLabel('Plan: what we try').fill('Text three days before');
		await box.locator('form.new-cycle').getByRole('button', { name: 'Plan the cycle' }).click();
		await ramp.locator('svg.ramp g.step[data-step="2"]').waitFor();
		await ramp.screenshot({ path: join(shots, `${variant}-aim-ramp-stages.png`) });
		await accessible(fac, 'aim-cycle');

		// The forms in Welsh and Spanish.
		for (const [lang, words] of [['cy', 'Cynllunio cylch PDSA ar y syniad hwn'], ['es', 'Planificar un ciclo PDSA sobre esta idea']]) {
			await fac.goto(`${aim}?lang=${lang}`);
			assert(await fac.getByText(words).count() === 1, `the cycle form is not in ${lang}`);
		}
		await fac.goto(`${aim}?lang=en`);

		// The idea's words changed, and a driver's.
		box = await openIdea(idea);
		await box.getByRole('textbox', { name: 'The change idea' }).fill('Text a reminder three days before');
		await box.getByRole('button', { name: 'Save' }).click();
		await fac.locator('ul.outline').getByText('Change idea: Text a reminder three days before', { exact: false }).waitFor();
		const driverBox = fac.locator('#change-drivers details', { has: fac.locator('summary', { hasText: 'Change or delete "People can come"' }) });
		await driverBox.locator('summary').click();
		await driverBox.getByRole('textbox', { name: 'The driver' }).fill('People can get here');
		await driverBox.getByRole('button', { name: 'Save' }).click();
		await fac.locator('ul.outline').getByText('Primary driver: People can get here', { exact: false }).waitFor();

		// Deleting asks first, naming what goes and what stays.
		const gone = fac.locator('#change-drivers details', { has: fac.locator('summary', { hasText: 'Change or delete "People can get here"' }) });
		await gone.locator('summary').click();
		await gone.getByRole('button', { name: 'Delete the driver' }).click();
		await fac.getByRole('heading', { name: 'Delete this driver?' }).waitFor();
		assert(await fac.getByText('"People can get here" goes from the driver diagram', { exact: false }).count() === 1, 'the question does not name the driver');
		await accessible(fac, 'aim-driver-delete');
		await fac.getByRole('button', { name: 'Delete the driver' }).click();
		await fac.waitForURL(/\?msg=Driver/);
		assert(await fac.locator('ul.outline').getByText('People can get here', { exact: false }).count() === 0, 'the driver is still there');
		box = await openIdea('Text a reminder three days before');
		await box.getByRole('button', { name: 'Delete the change idea' }).click();
		await fac.getByRole('heading', { name: 'Delete this change idea?' }).waitFor();
		assert(await fac.getByText('Its PDSA cycles stay on their actions', { exact: false }).count() === 1, 'the question does not say the cycles stay');
		await fac.getByRole('link', { name: 'Cancel' }).click();
		await fac.locator('ul.outline').getByText('Change idea: Text a reminder three days before', { exact: false }).waitFor();
		box = await openIdea('Text a reminder three days before');
		await box.getByRole('button', { name: 'Delete the change idea' }).click();
		await fac.getByRole('button', { name: 'Delete the change idea' }).click();
		await fac.waitForURL(/\?msg=Change/);
		assert(await fac.locator('ul.outline').getByText('Text a reminder three days before', { exact: false }).count() === 0, 'the idea is still there');
		await accessible(fac, 'aim-edited');
		await ctx.close();
	});
}
