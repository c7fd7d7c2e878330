// Browser tests: start the real server (the binary given as the first argument) on a temporary demo
// database, open its pages in Debian's headless Chromium through playwright-core, check what a person
// would see on a desktop and on a 360-px phone, and save screenshots to tests/browser/screenshots/.
// Ends with "N passed, N failed".
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { spacingAndPrint } from './spacing-print.mjs';
import { ssoJourney } from './sso.mjs';
import { ssoAdmin } from './sso-admin.mjs';
import { evidenceJourney } from './evidence.mjs';
import { annotatedChart } from './annotations.mjs';
import { measureSummaryJourney } from './measure-summary.mjs';
import { aimsJourney } from './aims.mjs';
import { populationJourney } from './population.mjs';
import { journeyToProof } from './journey-to-proof.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(process.argv[2] ?? 'build/caregrid');
const variant = basename(dirname(bin)); // rel or asan: keeps the two runs' screenshots apart
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'caregrid-browser-'));

let passed = 0, failed = 0;
// BROWSER_ONLY=REGEX runs only the tests whose names match (while working on a few).
const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY) : null;
async function test(name, fn) {
	if (only && !only.test(name)) return;
	try {
		await fn();
		passed++;
		console.log(`ok   ${name}`);
	} catch (e) {
		failed++;
		console.log(`FAIL ${name}\n     ${String(e.message ?? e).split('\n').join('\n     ')}`);
	}
}
function assert(cond, message) { if (!cond) throw new Error(message); }
// subjectOf(file): the Subject of a message the SMTP sink stored, its RFC 2047 encoded words decoded (a long or
// non-ASCII subject is sent encoded, so the raw header may not have the words).
function subjectOf(file) {
	const lines = readFileSync(file, 'utf8').split(/\r?\n/);
	const at = lines.findIndex((l) => /^Subject:/i.test(l));
	if (at < 0) return '';
	let raw = lines[at].replace(/^Subject:\s*/i, '');
	for (let i = at + 1; i < lines.length && /^[ \t]/.test(lines[i]); i++) raw += lines[i];
	return raw.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) =>
		enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}
// waitFor(what, seconds, check): asks check() every 50 ms until it is true, for at most SECONDS (far beyond
// what a loaded machine takes), then fails saying WHAT it waited for. No test waits a guessed time.
async function waitFor(what, seconds, check) {
	for (const end = Date.now() + seconds * 1000; !(await check());) {
		if (Date.now() > end) throw new Error(`gave up after ${seconds} s waiting for ${what}`);
		await new Promise((ok) => setTimeout(ok, 50));
	}
}

// axe-core, evaluated in the page (the CSP forbids injected script tags, not the test's own evaluation).
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const wcag22aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// accessible PAGE NAME: the page as it is, checked by axe-core (WCAG 2.2 AA) on a 390-px phone and a 1366-px
// desktop, with a screenshot of each; throws with every violation named.
async function accessible(page, name) {
	const found = [];
	const original = page.viewportSize();
	for (const [width, label] of [[390, 'phone'], [1366, 'desktop']]) {
		await page.setViewportSize({ width, height: 900 });
		await page.evaluate(axeSource);
		const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), wcag22aa);
		for (const v of result.violations)
			found.push(`${width}px ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
		// What a person reads never shows markup as text or an internal code where words belong.
		const text = await page.evaluate(() => document.body.innerText);
		const markup = text.match(/<\/?(br|em|strong|span|a|p|b|i|ul|li|div)\b[^>]*>|&(lt|gt|amp|quot);/);
		if (markup)
			found.push(`${width}px: markup shown as text: "${markup[0]}"`);
		const code = text.match(/\b(special_cause\w*|common_cause|improvement_(high|low)|concern_(high|low)|survey_consensus|role\.(grant|revoke)|unit\.(create|rename|move)|round\.(create|close))\b/);
		if (code)
			found.push(`${width}px: an internal code shown: "${code[0]}"`);
		if (width === 390) {
			const small = await page.evaluate(() => [...document.querySelectorAll('svg text')]
				.map((t) => [t.textContent.slice(0, 20), t.getBoundingClientRect().height]).filter(([, h]) => h > 0 && h < 11.5));
			if (small.length)
				found.push(`390px: chart text under 12 px: ${small.slice(0, 3).map(([t, h]) => `"${t}" ${h.toFixed(1)}px`).join(', ')}`);
		}
		const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
		if (scroll > width)
			found.push(`${width}px: the page is ${scroll}px wide and scrolls sideways`);
		await page.screenshot({ path: join(shots, `${variant}-${name}-${label}.png`), fullPage: true });
	}
	await page.setViewportSize(original);
	assert(found.length === 0, `${name}: ${found.join("\n")}`);
}
// signIn EMAIL: a new phone-sized page, signed in as EMAIL (every demo person has the same password).
async function signIn(email) {
	const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await page.goto(server.url + '/signin');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('caregrid-demo');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/units');
	return page;
}

function startServer(db) {
	return new Promise((resolveUrl, reject) => {
		const proc = spawn(bin, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60000);
		const onData = (d) => {
			out += d;
			const m = out.match(/http:\/\/[0-9.]+:[0-9]+/);
			if (m) { clearTimeout(timer); resolveUrl({ proc, url: m[0] }); }
		};
		proc.stdout.on('data', onData);
		proc.stderr.on('data', onData);
		proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)); });
	});
}

const gridCodes = [];
for (const [d, n] of [[1, 5], [2, 4], [3, 4], [4, 6], [5, 5], [6, 5]])
	for (let i = 1; i <= n; i++) gridCodes.push(`${d}.${i}`);

let server, browser, surveyLink;
try {
	const db = join(tmp, 'browser.db');
	const demoOut = execFileSync(bin, ['demo', '--db', db]).toString();
	surveyLink = demoOut.match(/\/s\/[A-Za-z0-9_-]+/)[0];
	server = await startServer(db);
	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
	});

	const problems = [];
	const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	desktop.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
	desktop.on('pageerror', (e) => problems.push(String(e)));

	await test('home page lists the built-in instruments', async () => {
		await desktop.goto(server.url + '/');
		const titles = await desktop.locator('ul.cards h2').allTextContents();
		assert(titles.length === 6, `found ${titles.length} cards: ${titles.join(' | ')}`);
		assert(titles[0] === 'Primary Care Home Development Grid', `first card is ${titles[0]}`);
		await desktop.screenshot({ path: join(shots, `${variant}-home-desktop.png`), fullPage: true });
		await accessible(desktop, 'home');
	});

	await test('clicking the grid opens it with all 29 element codes in order', async () => {
		await desktop.getByRole('link', { name: 'Primary Care Home Development Grid' }).click();
		await desktop.waitForURL('**/instruments/pch-development-grid');
		const codes = await desktop.locator('.grid .item-code').allTextContents();
		assert(JSON.stringify(codes) === JSON.stringify(gridCodes), `codes: ${codes.join(' ')}`);
		for (const code of gridCodes)
			assert(await desktop.locator(`#item-${code.replace('.', '\\.')}`).isVisible(), `${code} not visible`);
		await accessible(desktop, 'instrument');
	});

	await test('on a desktop the six domains stand side by side', async () => {
		const boxes = await desktop.locator('.grid section').evaluateAll((els) =>
			els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y }; }));
		assert(boxes.length === 6, `${boxes.length} domains`);
		assert(new Set(boxes.map((b) => Math.round(b.y))).size === 1, 'domains are not on one row');
		await desktop.screenshot({ path: join(shots, `${variant}-grid-desktop.png`), fullPage: true });
	});

	await test('the scale shows each level with its meaning', async () => {
		const rows = await desktop.locator('table.scale tbody tr').allTextContents();
		assert(rows.length === 6, `${rows.length} rows`); // five levels and "don't know"
		assert(rows[4].includes('Embedded') && rows[4].includes('Routine, evaluated'), rows[4]);
	});

	await test('no console errors or CSP violations', async () => {
		assert(problems.length === 0, problems.join('\n'));
	});

	const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	await test('on a 360-px phone the grid fits the screen, one domain under another', async () => {
		await phone.goto(server.url + '/instruments/pch-development-grid');
		const width = await phone.evaluate(() => document.documentElement.scrollWidth);
		assert(width <= 360, `page is ${width}px wide: it scrolls sideways`);
		const xs = await phone.locator('.grid section').evaluateAll((els) =>
			els.map((e) => Math.round(e.getBoundingClientRect().x)));
		assert(new Set(xs).size === 1, `domains are not stacked: x = ${xs.join(',')}`);
		const codes = await phone.locator('.grid .item-code').allTextContents();
		assert(codes.length === 29, `${codes.length} codes`);
		await phone.screenshot({ path: join(shots, `${variant}-grid-phone.png`), fullPage: true });
		await phone.screenshot({ path: join(shots, `${variant}-grid-phone-top.png`) });
	});

	await test('text stays readable on a phone (at least 14 px)', async () => {
		const size = await phone.locator('.grid li').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
		assert(size >= 14, `item text is ${size}px`);
	});

	await test('the keyboard meets a skip link first, then the links, with a visible focus', async () => {
		await phone.goto(server.url + '/');
		await phone.keyboard.press('Tab');
		let focused = await phone.evaluate(() => document.activeElement?.textContent);
		assert(focused === 'Skip to the content', `first Tab focused "${focused}"`);
		assert(await phone.getByRole('link', { name: 'Skip to the content' }).isVisible(), 'the skip link stays hidden when focused');
		await phone.keyboard.press('Enter');
		focused = await phone.evaluate(() => document.activeElement?.id);
		assert(focused === 'main', `the skip link led to "${focused}"`);
		await phone.goto(server.url + '/');
		await phone.keyboard.press('Tab');
		await phone.keyboard.press('Tab');
		focused = await phone.evaluate(() => document.activeElement?.textContent);
		assert(focused === 'caregrid', `second Tab focused "${focused}"`);
		const outline = await phone.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		assert(outline !== 'none', 'focus is invisible');
	});

	await test('an unknown page shows a readable 404', async () => {
		const resp = await phone.goto(server.url + '/instruments/nope');
		assert(resp.status() === 404, `status ${resp.status()}`);
		assert(await phone.getByRole('heading', { name: 'Not found' }).isVisible(), 'no heading');
		assert(await phone.getByRole('link', { name: 'Go to the home page' }).isVisible(), 'no way back');
		await accessible(phone, 'not-found');
	});

	// Signing in and managing a unit, as the demo's site administrator, on a phone.
	const admin = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	admin.on('pageerror', (e) => problems.push(String(e)));
	await test('a person signs in with the form and lands on their units', async () => {
		await admin.goto(server.url + '/units');
		await admin.waitForURL('**/signin?next=/units');
		await accessible(admin, 'signin');
		await admin.getByRole('link', { name: 'Forgotten your password?' }).click();
		assert((await admin.textContent('main')).includes('Ask an administrator'), 'without mail, the page does not say what to do');
		await accessible(admin, 'password-forgot');
		await admin.goBack();
		await admin.getByLabel('Email').fill('admin@example.org');
		await admin.getByLabel('Password').fill('caregrid-demo');
		await admin.getByRole('button', { name: 'Sign in' }).click();
		await admin.waitForURL('**/units');
		assert(await admin.getByRole('link', { name: 'Riverside Primary Care Home' }).isVisible(), 'no Riverside');
		assert(await admin.getByText('population 55840: outside 30000–50000').isVisible(), 'Harbour is not flagged');
		const width = await admin.evaluate(() => document.documentElement.scrollWidth);
		assert(width <= 360, `the units page is ${width}px wide on a phone`);
		await admin.screenshot({ path: join(shots, `${variant}-units-phone.png`), fullPage: true });
		await accessible(admin, 'units');
		await admin.goto(server.url + '/units/PCH-RIV');
		await accessible(admin, 'unit-admin');
		await admin.goto(server.url + '/account');
		await accessible(admin, 'account');
		const digest = admin.getByLabel('Email me a daily digest');
		assert(await digest.isChecked(), 'the daily digest is not on by default');
		await digest.uncheck();
		await admin.getByRole('button', { name: 'Save', exact: true }).click();
		assert((await admin.locator('.flash').textContent()).includes('no daily digest'), 'turning the digest off said nothing');
		assert(!(await admin.getByLabel('Email me a daily digest').isChecked()), 'the digest is still on');
		await admin.getByLabel('Email me a daily digest').check();
		await admin.getByRole('button', { name: 'Save', exact: true }).click();
		assert(await admin.getByLabel('Email me a daily digest').isChecked(), 'the digest could not be turned on again');
		await admin.goto(server.url + '/mail');
		assert((await admin.textContent('main')).includes('does not send mail'), 'the outbox page does not say mail is off');
		await accessible(admin, 'mail');
		await admin.goto(server.url + '/units');
	});

	await test('a two-line action refused for its due date comes back whole, the summary leads to the date, then it is accepted', async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/units/PCH-RIV/actions#new-action');
		const two = 'We try a daily huddle at 9\nand review it "weekly" <here>';
		await fac.getByLabel('Title').fill('Daily huddle, two lines');
		await fac.getByLabel('What and why').fill(two);
		// A browser without a date picker shows the date as text, and people type what they write.
		await fac.getByLabel('Due').evaluate((e) => { e.type = 'text'; });
		await fac.getByLabel('Due').fill('31/01/2027');
		await fac.getByRole('button', { name: 'Add action' }).click();
		await fac.locator('.error-summary').waitFor();
		assert((await fac.title()).startsWith('Error: '), `the title does not say Error: ${await fac.title()}`);
		assert(await fac.getByLabel('What and why').inputValue() === two, 'the two-line description was lost');
		assert(await fac.getByLabel('Title').inputValue() === 'Daily huddle, two lines', 'the title was lost');
		const due = fac.locator('input[name="due_on"]');
		assert(await due.getAttribute('aria-invalid') === 'true', 'the due date is not marked');
		assert(await fac.evaluate(() => document.activeElement?.classList.contains('error-summary')), 'focus is not on the summary');
		await fac.locator('.error-summary a').click();
		assert(await due.evaluate((e) => e === document.activeElement), "the summary's link does not focus the due date");
		assert(await fac.getByRole('button', { name: 'Sign out' }).count() > 0, 'no longer signed in');
		await accessible(fac, 'action-refused');
		await due.fill('2027-01-31');
		await fac.getByRole('button', { name: 'Add action' }).click();
		await fac.waitForURL('**/actions/*');
		const main = await fac.textContent('main');
		assert(main.includes('Daily huddle, two lines') && main.includes('and review it "weekly" <here>'), 'the accepted action lost its words');
		assert(await fac.getByRole('button', { name: 'Sign out' }).count() > 0, 'no longer signed in after the action');
		await fac.close();
	});

	await test('a wrong password gets a message that does not say which part was wrong', async () => {
		const other = await browser.newPage();
		await other.goto(server.url + '/signin');
		await other.getByLabel('Email').fill('admin@example.org');
		await other.getByLabel('Password').fill('not the password');
		await other.getByRole('button', { name: 'Sign in' }).click();
		const alert = await other.getByRole('alert').textContent();
		assert(alert.includes('do not match an account'), alert);
		await other.close();
	});

	await test('an admin renames a unit and gives someone a role, with the forms', async () => {
		await admin.getByRole('link', { name: 'Riverside Primary Care Home' }).click();
		await admin.waitForURL('**/units/PCH-RIV');
		assert((await admin.textContent('main')).includes('Registered population: 35,760'), 'population missing');
		await admin.locator('summary', { hasText: 'Rename' }).click();
		await admin.getByLabel('New name').fill('Riverside and Meadows PCH');
		await admin.getByRole('button', { name: 'Rename' }).click();
		await admin.waitForURL('**/units/PCH-RIV?msg=*');
		assert(await admin.getByRole('heading', { name: 'Riverside and Meadows PCH' }).isVisible(), 'not renamed');
		assert((await admin.getByRole('status').textContent()).includes('Renamed'), 'no confirmation');
		await admin.getByLabel('Email', { exact: true }).fill('nurse.lead@example.org');
		await admin.getByLabel('Name (kept only for a person new to caregrid)').fill('Nia Nurse');
		await admin.getByLabel('Role').selectOption('facilitator');
		await admin.getByRole('button', { name: 'Give role' }).click();
		const setLink = await admin.getByLabel('the link for Nia Nurse to set a password').inputValue();
		assert(setLink.startsWith(server.url + '/password/'), `the set-password link is not whole: ${setLink}`);
		assert(await admin.getByRole('button', { name: /^Copy/ }).isVisible(), 'no Copy button beside the link');
		await accessible(admin, 'new-person-link');
		await admin.goto(server.url + '/units/PCH-RIV');
		assert((await admin.textContent('table.people')).includes('nurse.lead@example.org'), 'not listed');
		const width = await admin.evaluate(() => document.documentElement.scrollWidth);
		assert(width <= 360, `the unit page is ${width}px wide on a phone`);
		await admin.screenshot({ path: join(shots, `${variant}-unit-phone.png`), fullPage: true });
	});

	await test('an admin adds a unit and a bad one is refused with the reason', async () => {
		await admin.goto(server.url + '/units');
		await admin.getByLabel('Within').selectOption('PCH-RIV');
		await admin.locator('select[name=type]').selectOption('practice');
		await admin.getByLabel('Code (letters, digits, . _ -)').fill('P-MEAD');
		await admin.getByLabel('Name', { exact: true }).fill('Meadows Surgery');
		await admin.getByLabel('Registered list size (practices)').fill('6200');
		await admin.getByLabel('Counted on').fill('2026-11-01');
		await admin.getByRole('button', { name: 'Add unit' }).click();
		await admin.waitForURL('**/units/P-MEAD?msg=*');
		assert(await admin.getByRole('heading', { name: 'Meadows Surgery' }).isVisible(), 'not created');
		await admin.goto(server.url + '/units');
		await admin.getByLabel('Within').selectOption('PCH-RIV');
		await admin.locator('select[name=type]').selectOption('locality');
		await admin.getByLabel('Code (letters, digits, . _ -)').fill('L-BAD');
		await admin.getByLabel('Name', { exact: true }).fill('Upside down');
		await admin.getByRole('button', { name: 'Add unit' }).click();
		const alert = await admin.getByRole('alert').textContent();
		assert(alert.includes('cannot sit under'), alert);
	});

	await test('signing out ends the session', async () => {
		await admin.getByRole('button', { name: 'Sign out' }).click();
		await admin.waitForURL('**/signin?msg=*');
		await admin.goto(server.url + '/units');
		assert(admin.url().includes('/signin'), 'still signed in');
		assert(problems.length === 0, problems.join('\n'));
	});

	// The anonymous survey on a phone, from the demo's shared link, then its results.
	const respondent = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	respondent.on('pageerror', (e) => problems.push(String(e)));
	await test('a staff member fills the survey on a phone, one domain per page', async () => {
		await respondent.goto(server.url + surveyLink);
		assert((await respondent.textContent('main')).includes('Your answers are anonymous'), 'no anonymity statement');
		await respondent.getByText('Pharmacist', { exact: true }).click();
		await respondent.getByRole('button', { name: 'Start' }).click();
		for (let page = 1; page <= 6; page++) {
			await respondent.waitForURL(`**${surveyLink}/${page}`);
			const progress = await respondent.textContent('.progress');
			assert(progress.includes(`Page ${page} of 6`), progress);
			// The tab and a screen reader's first words name the step, the domain and the survey.
			const title = await respondent.title();
			const domain = (await respondent.textContent('h1')).trim();
			assert(title.startsWith(`Page ${page} of 6: ${domain} — `) && title.length > `Page ${page} of 6: ${domain} — `.length,
				`survey page ${page} is titled "${title}"`);
			const width = await respondent.evaluate(() => document.documentElement.scrollWidth);
			assert(width <= 360, `survey page ${page} is ${width}px wide`);
			const items = await respondent.locator('fieldset.item:not(.energy)').count();
			for (let i = 0; i < items; i++) {
				const choices = respondent.locator('fieldset.item:not(.energy)').nth(i).locator('.choices label');
				await choices.nth((i + page) % 5).click();
			}
			if (page === 2) {
				await respondent.locator('summary', { hasText: 'Add a comment' }).first().click();
				await respondent.getByLabel('Comment on 2.1 (optional, anonymous)').fill('We need the list sizes first.');
			}
			await respondent.locator('fieldset.energy label', { hasText: 'High' }).click();
			if (page === 1) {
				await respondent.screenshot({ path: join(shots, `${variant}-survey-phone.png`) });
				// A screen reader names each question by its words, not its code.
				const group = respondent.getByRole('group', { name: /1\.1 All GP practice partners are committed/ });
				assert(await group.count() === 1, 'the first question is not named by its words');
				const bar = await respondent.evaluate(() => { const p = document.querySelector('progress'); return [p.value, p.max]; });
				assert(bar[0] === 1 && bar[1] === 6, `the progress bar draws ${bar[0]} of ${bar[1]}`);
				const header = await respondent.textContent('header');
				for (const word of ['Instruments', 'Sign in'])
					assert(!header.includes(word), `a respondent is offered "${word}"`);
				assert(!(await respondent.textContent('footer')).includes('JSON API'), 'a respondent is offered the JSON API');
				await accessible(respondent, 'survey-page');
				// Enter on a chosen rating saves and goes on: it must never press Back.
				await respondent.locator('fieldset.item:not(.energy) input[type=radio]').first().press('Enter');
				continue;
			}
			await respondent.getByRole('button', { name: 'Save and continue' }).click();
		}
		await respondent.waitForURL(`**${surveyLink}/review`);
		const review = await respondent.textContent('main');
		assert(review.includes('You answered 29 of 29 elements'), 'not all answered');
		for (const words of ['All GP practice partners are committed', 'Energy to work on Engagement now: High',
			'Your comment: We need the list sizes first.'])
			assert(review.includes(words), `the review does not show "${words}"`);
		await accessible(respondent, 'survey-review');
		assert((await respondent.title()).startsWith('Check your answers — '), await respondent.title());
		await respondent.getByRole('button', { name: 'Submit my answers' }).click();
		// Post/Redirect/Get: the thank-you page has an address of its own.
		await respondent.waitForURL(`**${surveyLink}/thanks`);
		assert(await respondent.getByRole('heading', { name: 'Thank you' }).isVisible(), 'no thank-you page');
	});

	await test('Back after submitting never sends again, and the history holds nothing of the person who answered', async () => {
		let dialogs = 0;
		const count = () => { dialogs++; };
		respondent.on('dialog', count);
		const posts = [];
		const seen = (r) => { if (r.method() === 'POST') posts.push(r.url()); };
		respondent.on('request', seen);
		// Back through the whole history, to its first entry: each page the first person saw, asked again, holds
		// nothing of theirs (the review and the pages send to the start page, whose form the browser may not refill).
		for (let step = 0; step < 12; step++) {
			assert(await respondent.locator('input[type=radio]:checked').count() === 0,
				`Back step ${step} shows a chosen answer or staff group at ${respondent.url()}`);
			assert(!(await respondent.textContent('body')).includes('We need the list sizes first.'), `a comment shows at step ${step}`);
			if (respondent.url() === server.url + surveyLink)
				assert(await respondent.locator('form[action$="/start"][autocomplete=off]').count() === 1, 'the start form lets the browser refill it');
			if (await respondent.goBack() === null || !respondent.url().includes(surveyLink))
				break;
		}
		assert(dialogs === 0, 'Back asked to send a form again');
		assert(posts.length === 0, `Back sent ${posts.join(', ')}`);
		respondent.off('dialog', count);
		respondent.off('request', seen);
		await respondent.goto(server.url + surveyLink + '/thanks');
	});

	await test('on a shared tablet the thank-you page says the device forgot the answers and offers the next person', async () => {
		const text = await respondent.textContent('main');
		assert(text.includes('This device has already forgotten them'), text);
		await accessible(respondent, 'survey-thanks');
		await respondent.getByRole('link', { name: 'Next person' }).click();
		await respondent.waitForURL(`**${surveyLink}`);
		const main = await respondent.textContent('main');
		assert(!main.includes('answered already'), 'the next person is told someone answered');
		assert(await respondent.locator('input[type=radio]:checked').count() === 0, "the first person's staff group shows");
		await respondent.goto(server.url + surveyLink + '/1');
		assert(respondent.url().endsWith(surveyLink), 'a page of the submitted answers opened again');
		assert(await respondent.locator('input[type=radio]:checked').count() === 0, 'answers of the first person show');
	});

	await test('a submission with nothing answered is not sent, and says why', async () => {
		const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		const page = await ctx.newPage();
		await page.goto(server.url + surveyLink);
		await page.getByText('Nurse', { exact: true }).click();
		await page.getByRole('button', { name: 'Start' }).click();
		await page.waitForURL(`**${surveyLink}/1`);
		// The fields a form of this response carries, for sending it as a browser would without the button.
		const fields = await page.evaluate(() => ({ rev: document.querySelector('[name=rev]').value,
			form: document.querySelector('[name=form]').value }));
		await page.goto(server.url + surveyLink + '/review');
		const text = await page.textContent('main');
		assert(text.includes('You have not answered any element yet'), text);
		assert(await page.getByRole('button', { name: 'Submit my answers' }).count() === 0, 'a button sends nothing');
		const status = await page.evaluate(async ([url, f]) =>
			(await fetch(url, { method: 'POST', body: new URLSearchParams(f) })).status, [server.url + surveyLink + '/submit', fields]);
		assert(status === 422, `an empty submission answered ${status}`);
		await ctx.close();
	});

	await test('someone who walks away unfinished: the next person starts afresh without seeing it', async () => {
		await respondent.getByText('Nurse', { exact: true }).click();
		await respondent.getByRole('button', { name: 'Start' }).click();
		await respondent.waitForURL(`**${surveyLink}/1`);
		await respondent.locator('fieldset.item:not(.energy)').first().locator('.choices label').first().click();
		await respondent.getByRole('button', { name: 'Save and continue' }).click();
		await respondent.waitForURL(`**${surveyLink}/2`);
		await respondent.goto(server.url + surveyLink);
		assert(await respondent.getByRole('heading', { name: 'Someone started answering on this device' }).isVisible(), 'no choice offered');
		assert(await respondent.locator('input[type=radio]').count() === 0, 'the unfinished response shows its staff group');
		await accessible(respondent, 'survey-unfinished');
		// Its answers are shown to nobody until the person holding the device chooses.
		await respondent.goto(server.url + surveyLink + '/review');
		assert(respondent.url().endsWith(surveyLink), `the unsent review opened at ${respondent.url()}`);
		await respondent.getByRole('button', { name: 'Continue my answers' }).click();
		await respondent.waitForURL(`**${surveyLink}/1`);
		assert(await respondent.locator('input[type=radio]:checked').count() === 1, 'Continue did not open the answers');
		await respondent.goto(server.url + surveyLink);
		await respondent.getByRole('button', { name: 'Start a new response' }).click();
		await respondent.waitForURL(`**${surveyLink}`);
		assert(!(await respondent.textContent('main')).includes('Someone started'), 'still offered');
		assert(await respondent.locator('input[type=radio]:checked').count() === 0, 'a staff group is chosen already');
	});

	await test('the results page shows the heat map, radar and priorities, also on a phone', async () => {
		const lead = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await lead.goto(server.url + '/signin');
		await lead.getByLabel('Email').fill('admin@example.org');
		await lead.getByLabel('Password').fill('caregrid-demo');
		await lead.getByRole('button', { name: 'Sign in' }).click();
		await lead.waitForURL('**/units');
		await lead.goto(server.url + '/units/PCH-RIV/rounds/1/results');
		assert(await lead.locator('svg.heatmap').isVisible(), 'no heat map');
		assert(await lead.locator('svg.radar').isVisible(), 'no radar');
		const cells = await lead.locator('svg.heatmap .hm-code').allTextContents();
		assert(cells.length === 29, `${cells.length} cells`);
		assert((await lead.textContent('main')).includes('Priority = (1 - maturity) x energy'), 'no priority rule');
		await lead.screenshot({ path: join(shots, `${variant}-results-desktop.png`), fullPage: true });
		await lead.goto(server.url + '/units/PCH-HAR');
		await lead.getByRole('link', { name: 'Harbour PCH: where are we now?' }).click();
		await lead.getByRole('link', { name: 'See the results' }).click();
		// One answer of an open round waits for four more: nobody is counted yet, nor shown to have answered.
		const answered = await lead.locator('.stats .stat').first().textContent();
		assert(answered.trim() === '0', `${answered} people counted before the minimum had answered`);
		// An open round's figures move only in steps of the minimum, and its results page says so.
		assert((await lead.textContent('#steps')).includes('Updated when 5 more have answered'), 'no word of when it is updated');
		await accessible(lead, 'results-open-in-steps');
		await lead.screenshot({ path: join(shots, `${variant}-results-open-in-steps.png`), fullPage: true });
		await lead.close();
	});

	await test("the facilitator's hour: a priority becomes an action with an owner and a date, then a PDSA cycle", async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.setViewportSize({ width: 1366, height: 900 });
		await fac.goto(server.url + '/units/PCH-RIV/rounds/3/results');
		const create = fac.locator('#priorities + p + ol a', { hasText: 'create an action' }).first();
		await create.click();
		await fac.waitForURL('**/actions?*#new-action');
		const title = await fac.getByLabel('Title').inputValue();
		assert(/^Work on \d\.\d: \S/.test(title), `the action's title lacks the element's words: "${title}"`);
		assert((await fac.getByLabel('Grid elements it serves (e.g. 6.1, positive-practices S.4)').inputValue()).startsWith('pch-development-grid '),
			'the element is not filled in');
		await fac.getByLabel("Owner: a person of the unit (choose from the list) or anyone's name").fill('facilitator@example.org');
		await fac.getByLabel('Due').fill('2027-03-31');
		await fac.getByRole('button', { name: 'Add action' }).click();
		await fac.waitForURL('**/actions/*');
		const action = await fac.textContent('main');
		assert(action.includes('Farah Facilitator') && action.includes('due 31 March 2027'), action);
		assert(action.includes('Serves:') && action.includes('(Primary Care Home Development Grid)'), 'Serves is not in words');
		await fac.getByLabel('Plan: what we try').fill('A shared list of the patients we all see');
		await fac.getByLabel('What we predict').fill('Fewer duplicate visits');
		await fac.getByLabel('What we will measure').fill('Duplicate visits a week');
		await fac.getByRole('button', { name: 'Plan cycle' }).click();
		await fac.waitForURL('**/actions/*');
		const plan = await fac.locator('.pdsa').first().innerText();
		assert(plan.includes('We predict: Fewer duplicate visits'), plan);
		await accessible(fac, 'action-pdsa');
		await fac.goto(server.url + '/units/PCH-RIV/evaluation');
		await accessible(fac, 'evaluation');
		await fac.close();
		const admin = await signIn('admin@example.org');
		await admin.goto(server.url + '/audit');
		const audit = await admin.textContent('main');
		assert(audit.includes('Action added') && audit.includes('PDSA cycle planned'), 'the audit log is not in words');
		await accessible(admin, 'audit');
		await admin.close();
	});

	await test('on a phone the results, the journey and the regional grid keep their first column in view and say they scroll', async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/units/PCH-RIV/rounds/3/results');
		assert(await fac.getByText('Scroll sideways to see every domain').isVisible(), 'no cue that the heat map scrolls');
		const small = await fac.evaluate(() => [...document.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0 && h < 11.5).length);
		assert(small === 0, `${small} chart labels under 12 px on a phone`);
		await accessible(fac, 'results');
		await fac.goto(server.url + '/units/PCH-RIV/journey?instrument=pch-development-grid');
		assert(await fac.getByText('Scroll sideways to see every round').isVisible(), 'no cue that the journey scrolls');
		const sticky = await fac.evaluate(() => getComputedStyle(document.querySelector('table.journey tbody tr > :first-child')).position);
		assert(sticky === 'sticky', `the journey's first column is ${sticky}`);
		await accessible(fac, 'journey');
		// From her own Primary Care Home, the regional grid has it as a row: closed rounds only.
		await fac.goto(server.url + '/units/PCH-RIV/region?instrument=pch-development-grid');
		const grid = await fac.textContent('table.region');
		assert(grid.includes('Riverside'), 'her own Primary Care Home is not a row');
		assert((await fac.textContent('main')).includes('latest closed round'), 'the grid does not say which round it shows');
		await fac.locator('.scroll').evaluate((el) => { el.scrollLeft = 400; });
		const left = await fac.locator('table.region tbody tr > :first-child').first().evaluate((td) => td.getBoundingClientRect().left);
		assert(left >= 0 && left < 40, `the unit column scrolled away (left ${left})`);
		await accessible(fac, 'region');
		await fac.close();
	});

	await test('the consensus session saves a domain at a time, with a key to the survey bars', async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/units/PCH-RIV/rounds/3/consensus');
		assert(await fac.locator('form button[type=submit]', { hasText: /^Save / }).count() === 6, 'not one Save per domain');
		assert((await fac.locator('.legend').first().textContent()).includes('0 Not started'), 'the bars have no key');
		const domain = fac.locator('#domain-2');
		await domain.locator('select[name="level_2.1"]').selectOption('1');
		await domain.getByLabel('Note and evidence').first().fill('Agreed after the list-size review');
		await domain.getByRole('button', { name: 'Save Population Health' }).click();
		await fac.waitForURL('**#domain-2');
		assert((await fac.locator('.flash').textContent()).includes('Saved Population Health'), 'no word of saving');
		assert(await fac.locator('select[name="level_2.1"]').inputValue() === '1', 'the level was not kept');
		await accessible(fac, 'consensus');
		await fac.close();
	});

	await test('the facilitator opens a round (the form keeps what was typed), hands out the shared link whole with a QR code, closes it and reopens it', async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/units/PCH-RIV');
		await fac.getByText('Open a new round').click();
		await fac.getByLabel('Title').fill('Spring 2027: mapping the journey');
		await fac.locator('select[name=mode]').selectOption('survey_consensus');
		await fac.getByLabel('Repeats').selectOption('monthly');
		await fac.getByLabel('How many people is this round for?').fill('12');
		await fac.getByLabel('Opens on').fill('2026-12-01');
		await fac.getByLabel('Closes on').fill('2026-11-01');
		await fac.getByRole('button', { name: 'Open round' }).click();
		assert((await fac.getByRole('alert').textContent()).includes('before it opens'), 'no reason for the refusal');
		assert(await fac.getByLabel('Title').inputValue() === 'Spring 2027: mapping the journey', 'the title was lost');
		assert(await fac.locator('select[name=mode]').inputValue() === 'survey_consensus', 'the mode was lost');
		assert(await fac.getByLabel('Repeats').inputValue() === 'monthly', 'the schedule was lost');
		assert(await fac.getByLabel('How many people is this round for?').inputValue() === '12', 'the headcount was lost');
		await accessible(fac, 'round-form-refused');
		await fac.getByLabel('Closes on').fill('2099-12-31');
		await fac.getByRole('button', { name: 'Open round' }).click();
		await fac.getByRole('heading', { name: 'Spring 2027: mapping the journey' }).waitFor();
		const round = fac.url().split('?')[0];
		const schedule = await fac.locator('section[aria-labelledby=schedule]').textContent();
		assert(schedule.includes('Repeats every month. The next round opens by itself on 1 January 2027'), `the schedule is not in words: ${schedule}`);
		await accessible(fac, 'round-schedule');
		await fac.locator('section[aria-labelledby=schedule]').getByLabel('Repeats').selectOption('never');
		await fac.getByRole('button', { name: 'Save the schedule' }).click();
		assert((await fac.locator('.flash').textContent()).includes('no longer repeats'), 'stopping the schedule said nothing');
		assert((await fac.locator('section[aria-labelledby=schedule]').textContent()).includes('This round does not repeat'), 'still repeating');
		await fac.getByLabel('and one shared link for a staff meeting').check();
		await fac.getByRole('button', { name: 'Make links' }).click();
		await fac.goto(round);
		const shared = await fac.getByLabel('the shared link').inputValue();
		assert(shared.startsWith(server.url + '/s/'), `the shared link is not whole: ${shared}`);
		const warning = await fac.locator('#shared-warning').textContent();
		assert(warning.includes('can answer more than once') && warning.includes('Personal links are safer for small teams'),
			`the round page does not warn about the shared link: ${warning}`);
		assert((await fac.locator('#shared-link').textContent()).includes('This round is for 12 people'), 'the headcount is not said');
		await accessible(fac, 'round-shared-link');
		await fac.getByRole('link', { name: 'QR code to show or print' }).click();
		assert(await fac.locator('svg.qr path').count() === 1, 'no QR code');
		assert((await fac.textContent('main')).includes(shared), 'the QR page does not show the link');
		assert((await fac.textContent('main')).includes('can answer more than once'), 'the QR page does not warn');
		await accessible(fac, 'round-qr');
		await fac.goto(round);
		await fac.getByRole('button', { name: 'Close the round now' }).click();
		assert((await fac.textContent('main')).includes('Close the round now?'), 'closing did not ask first');
		await accessible(fac, 'round-close-confirm');
		await fac.getByRole('link', { name: 'Cancel' }).click();
		assert(await fac.getByRole('button', { name: 'Close the round now' }).isVisible(), 'cancelled, yet closed');
		await fac.getByRole('button', { name: 'Close the round now' }).click();
		await fac.getByRole('button', { name: 'Close the round' }).click();
		assert((await fac.locator('.flash').textContent()).includes('You can reopen it until 31 December 2099'), 'no word of undoing');
		assert(await fac.locator('#shared-link').count() === 0, 'a closed round still offers its shared link');
		assert(await fac.getByLabel('the shared link').count() === 0, 'a closed round still hands out its shared link');
		assert((await fac.textContent('main')).includes('takes no answers while the round is closed'), 'the link is not said to rest');
		await accessible(fac, 'round-closed');
		await fac.getByRole('button', { name: 'Reopen the round' }).click();
		assert((await fac.locator('.flash').textContent()).includes('Round reopened'), 'not reopened');
		assert(await fac.locator('#shared-link').count() === 1, 'reopened, the round does not offer its shared link again');
		await fac.close();
	});

	await test('a round for one person: after one answer through its shared link, the next is told the round is full and whom to ask', async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/units/PCH-RIV');
		await fac.getByText('Open a new round').click();
		await fac.getByLabel('Title').fill('Huddle of one');
		await fac.getByLabel('How many people is this round for?').fill('1');
		await fac.getByLabel('Closes on').fill('2099-12-31');
		await fac.getByRole('button', { name: 'Open round' }).click();
		await fac.getByRole('heading', { name: 'Huddle of one' }).waitFor();
		const round = fac.url().split('?')[0];
		await fac.getByLabel('and one shared link for a staff meeting').check();
		await fac.getByRole('button', { name: 'Make links' }).click();
		await fac.goto(round);
		const shared = await fac.getByLabel('the shared link').inputValue();
		await fac.close();
		const sent = await fetch(shared.replace('/s/', '/api/s/'), { method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ staff_group: 'gp', answers: { '1.1': 2 } }) });
		assert(sent.status === 201, `the one answer was not taken: ${sent.status}`);
		const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		const page = await ctx.newPage();
		const reply = await page.goto(shared);
		assert(reply.status() === 409, `the full round answered ${reply.status()}`);
		const main = await page.textContent('main');
		assert(main.includes('This round is full') && main.includes('It was for 1 person') && main.includes('facilitator of Riverside'),
			`the full page does not say so: ${main}`);
		assert(await page.locator('input[type=radio]').count() === 0, 'the full round still offers the form');
		await accessible(page, 'survey-full');
		await ctx.close();
	});

	await test('the accessibility statement is one link away on every page', async () => {
		const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
		await page.goto(server.url + '/');
		await page.getByRole('link', { name: 'Accessibility' }).click();
		const text = await page.textContent('main');
		for (const words of ['WCAG', 'Reporting a problem', 'Equality and Human Rights Commission'])
			assert(text.includes(words), `the statement lacks "${words}"`);
		await accessible(page, 'accessibility-statement');
		await page.close();
	});

	await test('a round of one person shows its count only, on every page a facilitator reaches', async () => {
		const lead = await signIn('admin@example.org');
		await lead.goto(server.url + '/units/PCH-HAR');
		await lead.getByRole('link', { name: 'Harbour PCH: where are we now?' }).click();
		await lead.getByRole('link', { name: 'See the results' }).click();
		const notice = await lead.locator('#withheld').textContent();
		assert(notice.includes('Results show once 5 people have answered'), notice);
		assert(await lead.locator('svg.heatmap').count() === 0, 'a heat map of one person');
		assert(!(await lead.textContent('main')).includes('We need the list sizes first'), "the one person's comment shows");
		await accessible(lead, 'results-withheld');
		await lead.goto(server.url + '/units/PCH-HAR/rounds/10/report');
		const report = await lead.textContent('main');
		assert(report.includes('Results show once 5 people have answered'), 'the report does not say why it is empty');
		assert(await lead.locator('svg.heatmap').count() === 0, 'the report draws a heat map of one person');
		await accessible(lead, 'report-withheld');
		await lead.goto(server.url + '/units/PCH-HAR/rounds/10/consensus');
		const consensus = await lead.textContent('main');
		assert(consensus.includes('Survey: Results show once 5 people have answered'), consensus.slice(0, 300));
		assert(await lead.locator('svg.dist').count() === 0, 'the consensus page draws one person\'s answers');
		await accessible(lead, 'consensus-withheld');
		await lead.goto(server.url + '/units/PCH-HAR/journey?instrument=pch-development-grid');
		const journey = await lead.textContent('main');
		assert(journey.includes('No round on this instrument has results to show yet'), journey);
		assert(!journey.includes('Harbour PCH: where are we now?'), 'the journey names a round nobody is counted in yet');
		await accessible(lead, 'journey-withheld');
		await lead.goto(server.url + '/units/WSX-S/region?instrument=pch-development-grid');
		// The grid compares closed rounds only: an open round of one is not there at all.
		const grid = await lead.locator('table.region').count() ? await lead.textContent('table.region') : '';
		assert(!grid.includes('Harbour'), 'the open round of one is a row of the regional grid');
		await accessible(lead, 'region-withheld');
		await lead.close();
	});

	await test('the round page never says which personal links answered, nor how many', async () => {
		const lead = await signIn('admin@example.org');
		await lead.goto(server.url + '/units/PCH-HAR');
		await lead.getByRole('link', { name: 'Harbour PCH: where are we now?' }).click();
		const round = lead.url();
		await lead.getByLabel('Personal links: one line per person (a name or an email, to tell the links apart)').fill('Alice Adams\nBob Brown');
		await lead.getByRole('button', { name: 'Make links' }).click();
		assert(await lead.getByRole('heading', { name: 'New invitation links' }).isVisible(), 'no links page');
		await lead.goto(round);
		const text = await lead.textContent('main');
		assert(text.includes('Which links have answered, or how many, is never shown'), text);
		assert(!text.includes('personal links answered'), `the round page counts answered links: ${text}`);
		const alice = await lead.locator('tr', { hasText: 'Alice Adams' }).textContent();
		assert(!alice.includes('answered'), `the row says whether Alice answered: ${alice}`);
		await accessible(lead, 'round-links');
		await lead.close();
		const phoneLead = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
		await phoneLead.goto(server.url + '/signin');
		await phoneLead.getByLabel('Email').fill('facilitator@example.org');
		await phoneLead.getByLabel('Password').fill('caregrid-demo');
		await phoneLead.getByRole('button', { name: 'Sign in' }).click();
		await phoneLead.waitForURL('**/units');
		await phoneLead.goto(server.url + '/units/PCH-RIV/rounds/1/results');
		const width = await phoneLead.evaluate(() => document.documentElement.scrollWidth);
		assert(width <= 360, `the results page is ${width}px wide on a phone`);
		await phoneLead.screenshot({ path: join(shots, `${variant}-results-phone.png`) });
		await phoneLead.close();
	});

	await test('a reminder asks first, is confirmed in words, never a count, goes once a day, and the outbox leaves reminders out', async () => {
		// A second server on the same database that sends mail, to a real SMTP server (tests/e2e/smtp-sink).
		const maildir = join(tmp, 'maildir');
		mkdirSync(maildir, { recursive: true });
		const sink = spawn('/usr/bin/python3', [join(here, '..', 'e2e', 'smtp-sink'), maildir], { stdio: ['ignore', 'pipe', 'inherit'] });
		let mailer;
		try {
			const smtpPort = await new Promise((ok, fail) => {
				let out = '';
				sink.stdout.on('data', (d) => { out += d; const m = out.match(/^(\d+)\n/); if (m) ok(m[1]); });
				sink.on('exit', (code) => fail(new Error(`the SMTP sink exited (${code})`)));
			});
			const port = await new Promise((ok) => { const l = createServer().listen(0, '127.0.0.1', () => { const p = l.address().port; l.close(() => ok(p)); }); });
			mailer = spawn(bin, ['serve', '--db', join(tmp, 'browser.db'), '--port', String(port), '--base-url', `http://127.0.0.1:${port}`,
				'--smtp', `smtp://127.0.0.1:${smtpPort}`, '--mail-from', 'caregrid@example.org', '--digest-hour', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
			const url = await new Promise((ok, fail) => {
				let out = '';
				const onData = (d) => { out += d; const m = out.match(/http:\/\/[0-9.]+:[0-9]+/); if (m) ok(m[0]); };
				mailer.stdout.on('data', onData);
				mailer.stderr.on('data', onData);
				mailer.on('exit', (code) => fail(new Error(`the mail server exited (${code}): ${out}`)));
			});
			const lead = await browser.newPage({ viewport: { width: 1366, height: 900 } });
			await lead.goto(url + '/signin');
			await lead.getByLabel('Email').fill('admin@example.org');
			await lead.getByLabel('Password').fill('caregrid-demo');
			await lead.getByRole('button', { name: 'Sign in' }).click();
			await lead.waitForURL('**/units');
			await lead.goto(url + '/units/PCH-HAR');
			await lead.getByRole('link', { name: 'Harbour PCH: where are we now?' }).click();
			// An Outlook paste, with a line that is no address and a repeat: a preview first, nothing sent.
			const box = 'Email addresses: each gets a personal link of its own, by mail';
			const outlook = '"Smith, Ann" <ann@example.org>; Bob Jones <bob@example.org>; ANN@example.org; not an address';
			await lead.getByLabel(box).fill(outlook);
			await lead.getByRole('button', { name: 'Check the addresses' }).click();
			const preview = await lead.textContent('#emails-message');
			assert(preview.includes('2 new addresses, 1 duplicate, 1 not an address'), preview);
			assert((await lead.getByLabel(box).inputValue()) === outlook, 'the preview box lost what was pasted');
			assert((await lead.getByLabel(box).getAttribute('aria-invalid')) === 'true', 'the box is not marked invalid');
			assert((await lead.textContent('#emails-problems')).includes('not an address'), 'the bad line is not named');
			await accessible(lead, 'invitations-preview');
			// A refusal (more than the box takes) keeps every line typed, the message beside the box.
			// (set at once: typing 10,001 lines would take the test's whole time)
			await lead.locator('#emails').evaluate((el, v) => { el.value = v; },
				Array.from({ length: 10001 }, (_, i) => `p${i}@example.org`).join('\n'));
			await lead.getByRole('button', { name: 'Check again' }).click();
			assert((await lead.title()).startsWith('Error:'), `the refusal's title: ${await lead.title()}`);
			assert((await lead.getByLabel(box).inputValue()).endsWith('p10000@example.org'), 'the refused box lost its text');
			const gap = await lead.evaluate(() => document.querySelector('#emails').getBoundingClientRect().top
				- document.querySelector('#emails-message').getBoundingClientRect().bottom);
			assert(gap < 120, `the message sits ${gap}px above the box`);
			await lead.getByLabel(box).fill(outlook);
			await lead.getByRole('button', { name: 'Check again' }).click();
			await lead.getByRole('button', { name: 'Send to 2 addresses' }).click();
			assert((await lead.textContent('#emails-message')).includes('Invitations sent to 2 addresses.'), 'no word of the sending');
			assert((await lead.getByLabel(box).inputValue()) === 'not an address', 'the bad line is not left in the box');
			await accessible(lead, 'invitations-sent');
			await lead.getByRole('link', { name: 'Back without sending' }).click();
			// Reminders ask first, then go; a second the same day is refused, saying when the next can go.
			await lead.getByRole('button', { name: 'Remind those who have not answered' }).click();
			await lead.getByRole('heading', { name: 'Send reminders now?' }).waitFor();
			const ask = await lead.textContent('main');
			assert(ask.includes('gets their own link again') && ask.includes('at most once a day'), ask);
			await accessible(lead, 'remind-confirm');
			await lead.getByRole('button', { name: 'Send reminders' }).click();
			const flash = await lead.locator('.flash').first().textContent();
			assert(flash.includes('Reminders went to everyone invited by email who has not answered'), flash);
			assert(!/[0-9]/.test(flash), `the confirmation has a number in it: ${flash}`);
			const reminded = await lead.textContent('main');
			assert(!reminded.includes('personal links answered'), 'the round page counts answered links');
			assert(/Last reminded today at [0-9]{2}:[0-9]{2}\./.test(reminded), 'the round page does not say when reminders last went');
			await accessible(lead, 'round-reminded');
			await lead.getByRole('button', { name: 'Remind those who have not answered' }).click();
			await lead.getByRole('heading', { name: 'Send reminders now?' }).waitFor();
			assert((await lead.textContent('main')).includes('Last reminded today at'), 'the question does not say when reminders last went');
			await lead.getByRole('button', { name: 'Send reminders' }).click();
			const refused = await lead.textContent('main');
			assert(/Reminders already went today at [0-9]{2}:[0-9]{2}\. They go at most once a day: the next can go tomorrow at [0-9]{2}:[0-9]{2}\./.test(refused),
				`the second reminder is not refused in words: ${refused.slice(0, 300)}`);
			await accessible(lead, 'remind-refused');
			// Both reminders reach the mail server (outside caregrid); caregrid's own outbox lists neither.
			await waitFor('both reminders at the mail server', 60, () => readdirSync(maildir)
				.filter((f) => f.endsWith('.eml') && subjectOf(join(maildir, f)).startsWith('Reminder: ')).length >= 2);
			await lead.goto(url + '/mail');
			const outbox = await lead.textContent('main');
			assert(outbox.includes('This caregrid sends mail.'), 'the outbox page does not say mail is on');
			assert(outbox.includes('are not listed, nor counted'), 'the outbox page does not say why reminders are not listed');
			assert(!outbox.includes('Reminder:'), 'a reminder is listed in the outbox');
			await accessible(lead, 'mail-sending');
			await lead.close();
		} finally {
			if (mailer) mailer.kill('SIGTERM');
			sink.kill('SIGTERM');
		}
	});

	await test('the round report prints to PDF, one topic per page, and renders with pdftoppm', async () => {
		const printer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await printer.goto(server.url + '/signin');
		await printer.getByLabel('Email').fill('admin@example.org');
		await printer.getByLabel('Password').fill('caregrid-demo');
		await printer.getByRole('button', { name: 'Sign in' }).click();
		await printer.waitForURL('**/units');
		await printer.goto(server.url + '/units/PCH-RIV/rounds/3/report');
		await printer.emulateMedia({ media: 'print' });
		const pdf = join(shots, `${variant}-round-report.pdf`);
		// Chromium's own print to PDF (the same as --print-to-pdf), with the page's print stylesheet.
		await printer.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
		await printer.close();
		execFileSync('pdftoppm', ['-png', '-r', '40', pdf, join(shots, `${variant}-report-page`)]);
		const pages = readdirSync(shots).filter((f) => f.startsWith(`${variant}-report-page`) && f.endsWith('.png'));
		assert(pages.length >= 7, `${pages.length} pages: a title page and one per topic expected`);
	});

	await test('a measure shows as an SPC chart with its icons, also on a phone', async () => {
		const lead = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
		await lead.goto(server.url + '/signin');
		await lead.getByLabel('Email').fill('facilitator@example.org');
		await lead.getByLabel('Password').fill('caregrid-demo');
		await lead.getByRole('button', { name: 'Sign in' }).click();
		await lead.waitForURL('**/units');
		await lead.goto(server.url + '/units/PCH-RIV/evaluation');
		const categories = await lead.locator('h3').allTextContents();
		for (const c of ['Population health', 'Patient experience', 'Cost per capita', 'Staff wellbeing'])
			assert(categories.includes(c), `no ${c}`);
		await lead.getByRole('link', { name: 'A&E attendances of people over 75' }).first().click();
		const points = await lead.locator('svg.spc circle.pt').count();
		assert(points === 13, `${points} points drawn`);
		assert(await lead.locator('.icon.var').isVisible(), 'no variation icon');
		const width = await lead.evaluate(() => document.documentElement.scrollWidth);
		assert(width <= 360, `the measure page is ${width}px wide on a phone`);
		await lead.screenshot({ path: join(shots, `${variant}-measure-phone.png`), fullPage: true });
		// Chart text stays readable on a phone; the value axis is at round steps; every date fits.
		const sizes = await lead.evaluate(() => [...document.querySelectorAll('svg.spc text')].map((t) => t.getBoundingClientRect().height));
		assert(sizes.every((h) => h >= 11.5), `chart text down to ${Math.min(...sizes).toFixed(1)} px`);
		const ticks = (await lead.locator('svg.spc text[text-anchor=end]').allTextContents()).filter((t) => /^-?[0-9.]+$/.test(t)).map(Number);
		const steps = new Set(ticks.slice(1).map((v, i) => (v - ticks[i]).toFixed(6)));
		assert(ticks.length >= 3 && steps.size === 1, `value axis ticks ${ticks}`);
		assert([1, 2, 2.5, 5].some((m) => Math.abs(Math.abs(Number([...steps][0])) / 10 ** Math.floor(Math.log10(Math.abs(Number([...steps][0])))) - m) < 1e-6),
			`ticks ${ticks} are not 1, 2, 2.5 or 5 apart`);
		const inside = await lead.evaluate(() => {
			const svg = document.querySelector('svg.spc').getBoundingClientRect();
			return [...document.querySelectorAll('svg.spc text')].every((t) => { const r = t.getBoundingClientRect(); return r.left >= svg.left - 1 && r.right <= svg.right + 1; });
		});
		assert(inside, 'a date label is cut off at the edge of the chart');
		// A point's details by keyboard or touch: each point is a link to its row of the table.
		assert(await lead.locator('svg.spc a').count() === 13, 'the points are not reachable');
		await lead.locator('svg.spc a').last().dispatchEvent('click');
		await lead.waitForURL('**#point-13');
		const row = await lead.locator('tr:target').textContent();
		assert(row.includes('Special cause') || row.includes('Common cause'), `the point's row: ${row}`);
		await accessible(lead, 'measure');
		await lead.close();
	});

	await test('colleagues answer a 360 on their phones; the leader sees no count until she closes it, then the report', async () => {
		const lead = await signIn('facilitator@example.org');
		await lead.getByRole('link', { name: 'My 360' }).click();
		await lead.getByLabel('Instrument').selectOption('relational-leadership');
		await lead.getByLabel('Title').fill('360 feedback, winter 2026');
		await lead.getByRole('button', { name: 'Start' }).click();
		await lead.getByRole('heading', { name: '360 feedback, winter 2026' }).waitFor();
		for (const code of ['RL1', 'RL2', 'RL3', 'RL4'])
			await lead.locator(`input[name="score_${code}"][value="4"]`).check();
		await lead.getByRole('button', { name: 'Save my ratings' }).click();
		await lead.getByLabel('Label (optional)').fill('practice team');
		await lead.getByLabel('How many links').fill('3');
		await lead.getByRole('button', { name: 'Make links' }).click();
		await lead.getByRole('heading', { name: 'New links for colleagues' }).waitFor();
		assert(!lead.url().includes('/f/'), 'a link is in the address');
		const links = await lead.locator('.copy input').evaluateAll((inputs) => inputs.map((i) => i.value));
		assert(links.length === 3 && links.every((l) => l.startsWith(server.url + '/f/')), `links: ${links}`);
		await accessible(lead, '360-new-links');

		const words = ['Makes the huddle worth going to', 'Always has time for a question', 'Brings the partners together'];
		for (let i = 0; i < 3; i++) {
			const colleague = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
			await colleague.goto(links[i]);
			assert((await colleague.locator('h1').textContent()).includes('Farah Facilitator'), 'the form does not name the leader');
			await colleague.getByLabel(['Direct report', 'Peer', 'Team member'][i]).check();
			for (const code of ['RL1', 'RL2', 'RL3', 'RL4'])
				await colleague.locator(`input[name="score_${code}"][value="${i + 1}"]`).check();
			await colleague.getByLabel('What do they do well?').fill(words[i]);
			if (i === 0)
				await accessible(colleague, '360-form');
			await colleague.getByRole('button', { name: 'Send feedback' }).click();
			await colleague.getByRole('heading', { name: 'Thank you' }).waitFor();
			await colleague.close();
		}

		await lead.getByRole('link', { name: 'Back to 360 feedback, winter 2026' }).click();
		const cycle = await lead.textContent('main');
		assert(cycle.includes('3 links made.') && !cycle.includes('colleagues have answered'), cycle);
		assert(!cycle.includes('not yet'), 'a link is shown as not answered');
		await accessible(lead, '360-cycle');
		await lead.getByRole('link', { name: 'See the report' }).click();
		const open = await lead.textContent('main');
		assert(open.includes('show once the cycle is closed'), open);
		assert(!open.includes(words[0]), "a colleague's words show while the cycle is open");
		await lead.goBack();
		await lead.getByRole('button', { name: 'Close and see the report' }).click();
		// Closing cannot be undone, so it asks first.
		assert((await lead.textContent('main')).includes('this cannot be undone'), 'closing the cycle did not ask first');
		await accessible(lead, '360-close-confirm');
		await lead.getByRole('button', { name: 'Close and see the report' }).click();
		// "Close and see the report" lands on the report itself.
		await lead.locator('svg.gap').first().waitFor();
		assert(/\/me\/feedback\/[0-9]+\/report(\?|$)/.test(lead.url()), `closing landed on ${lead.url()}`);
		const rows = await lead.locator('svg.gap circle').count();
		assert(rows === 8, `${rows} circles in the gap chart (self and others for 4 competencies expected)`);
		assert(await lead.getByText('blind spot').first().isVisible(), 'no blind spot named');
		const strengths = await lead.locator('h3:text("Strengths") + ul li').allTextContents();
		assert(JSON.stringify(strengths) === JSON.stringify([...words].sort()), `strengths not sorted: ${strengths}`);
		await accessible(lead, '360-report');
		await lead.close();
	});

	await test("the demo's 360 report shows, with the change since the earlier cycle", async () => {
		const lead = await signIn('facilitator@example.org');
		await lead.getByRole('link', { name: 'My 360' }).click();
		await lead.getByRole('link', { name: '360 feedback, autumn 2026', exact: true }).click();
		await lead.getByRole('link', { name: 'See the report' }).click();
		assert((await lead.locator('p.note').first().textContent()).includes('9 colleagues answered'), 'not counted');
		assert(await lead.getByText('Change since').isVisible(), 'no change since the previous cycle');
		await lead.close();
	});

	await test('the leader sees whom she shared with and stops with one button; her coach finds what was shared', async () => {
		const lead = await signIn('facilitator@example.org');
		await lead.getByRole('link', { name: 'My 360' }).click();
		await lead.getByRole('link', { name: '360 feedback, autumn 2026', exact: true }).click();
		const share = await lead.locator('section', { hasText: 'Share the results' }).textContent();
		assert(share.includes('Chris Coach') && share.includes('coach@example.org'), `not said whom it is shared with: ${share}`);
		await accessible(lead, '360-shared-with');
		await lead.close();

		const coach = await signIn('coach@example.org');
		const home = await coach.textContent('main');
		assert(home.includes('Shared with you') && home.includes('360 reports'), `the coach lands on nothing: ${home}`);
		assert(await coach.locator('nav.site a[href="/audit"]').count() === 0, 'the coach, an administrator of nothing, is offered the audit log');
		await accessible(coach, 'coach-home');
		await coach.getByRole('link', { name: '360 reports' }).click();
		await coach.getByRole('link', { name: '360 feedback, autumn 2026', exact: true }).click();
		await coach.waitForURL('**/report');
		const report = await coach.textContent('main');
		assert(report.includes("Farah Facilitator's own rating") && !report.includes('your own rating'), 'the report speaks to the coach as its owner');
		// Every link the coach is offered leads somewhere she may go.
		const links = await coach.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		for (const href of links) {
			const status = await coach.evaluate(async (u) => (await fetch(u)).status, href);
			assert(status === 200, `${href} answers ${status}`);
		}
		await accessible(coach, 'coach-report');
		await coach.goto(server.url + '/units');
		await coach.locator('main').getByRole('link', { name: 'Coaching' }).click();
		assert((await coach.textContent('main')).includes('Farah Facilitator'), 'the shared plan is not listed');
		await coach.close();

		const again = await signIn('facilitator@example.org');
		await again.goto(server.url + '/me/feedback');
		await again.getByRole('link', { name: '360 feedback, autumn 2026', exact: true }).click();
		await again.getByRole('button', { name: 'Stop sharing with Chris Coach' }).click();
		assert((await again.textContent('main')).includes('Shared with nobody'), 'still shared');
		await again.close();
	});

	await test("an administrator is refused someone's 360 report", async () => {
		const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await admin.goto(server.url + '/signin');
		await admin.getByLabel('Email').fill('admin@example.org');
		await admin.getByLabel('Password').fill('caregrid-demo');
		await admin.getByRole('button', { name: 'Sign in' }).click();
		await admin.waitForURL('**/units');
		const reply = await admin.goto(server.url + '/me/feedback/2/report');
		assert(reply.status() === 404, `status ${reply.status()}`);
		assert(!(await admin.content()).includes('blind spot'), 'the report leaked');
		await admin.close();
	});
	// The answers of the demo's open Harbour round, as its API counts them.
	async function harbourResponses() {
		const admin = await signIn('admin@example.org');
		await admin.goto(server.url + '/api/units/PCH-HAR/rounds');
		const rounds = JSON.parse(await admin.textContent('body')).rounds;
		// The responses submitted in the round, read from the database: its counted answers move only in steps of
		// 5 (tests/e2e/differencing), and no page counts the others (they would tell a watcher when someone answered).
		const id = rounds.find((r) => r.status === 'open').id;
		await admin.close();
		return Number(execFileSync('sqlite3', [join(tmp, 'browser.db'), `SELECT count(*) FROM response WHERE round_id = ${Number(id)} AND submitted = 1`]).toString().trim());
	}

	// answerSurvey PAGE WORDS NAME: the whole survey on a phone in another language (WORDS: what each step reads).
	async function answerSurvey(page, words, name) {
		assert((await page.textContent('main')).includes(words.anonymous), `${name}: no anonymity statement in the language`);
		await accessible(page, `${name}-start`);
		await page.getByText(words.pharmacist, { exact: true }).click();
		await page.getByRole('button', { name: words.start }).click();
		for (let n = 1; n <= 6; n++) {
			await page.waitForURL(`**${surveyLink}/${n}`);
			const progress = await page.textContent('.progress');
			assert(progress.includes(words.page(n)), `${name}: the progress reads "${progress}"`);
			const items = await page.locator('fieldset.item:not(.energy)').count();
			for (let i = 0; i < items; i++)
				await page.locator('fieldset.item:not(.energy)').nth(i).locator('.choices label').nth((i + n) % 5).click();
			await page.locator('fieldset.energy label', { hasText: words.high }).click();
			if (n === 1) {
				const group = page.getByRole('group', { name: words.firstQuestion });
				assert(await group.count() === 1, `${name}: the first question is not named by its words in the language`);
				await accessible(page, `${name}-page`);
			}
			await page.getByRole('button', { name: words.save }).click();
		}
		await page.waitForURL(`**${surveyLink}/review`);
		assert((await page.textContent('main')).includes(words.answered), `${name}: the review does not count the answers in words`);
		await accessible(page, `${name}-review`);
		await page.getByRole('button', { name: words.submit }).click();
		await page.getByRole('heading', { name: words.thanks }).waitFor();
		await accessible(page, `${name}-thanks`);
	}

	await test('a staff member answers in Welsh as her browser asks, another switches to Spanish on the page; the answers land as in English', async () => {
		const before = await harbourResponses();
		const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
		const welsh = await (await browser.newContext({ ...phone, locale: 'cy-GB' })).newPage();
		await welsh.goto(server.url + surveyLink);
		assert(await welsh.getAttribute('html', 'lang') === 'cy', 'the page does not say it is in Welsh');
		assert(await welsh.locator('nav.langs [aria-current]').textContent() === 'Cymraeg', 'the switcher does not show Welsh as chosen');
		await answerSurvey(welsh, {
			anonymous: 'Mae eich atebion yn ddienw', pharmacist: 'Fferyllydd', start: 'Dechrau', page: (n) => `Tudalen ${n} o 6`,
			high: 'Uchel', firstQuestion: /1\.1 Mae holl bartneriaid y practis meddyg teulu/, save: 'Cadw a pharhau',
			answered: 'Fe wnaethoch ateb 29 o 29 elfen', submit: 'Cyflwyno fy atebion', thanks: 'Diolch',
		}, 'survey-welsh');
		const spanish = await (await browser.newContext({ ...phone, locale: 'en-GB' })).newPage();
		await spanish.goto(server.url + surveyLink);
		assert(await spanish.getAttribute('html', 'lang') === 'en', 'an English browser is not answered in English');
		await spanish.getByRole('link', { name: 'Español' }).click();
		assert(await spanish.getAttribute('html', 'lang') === 'es', 'the switcher did not turn the page Spanish');
		await answerSurvey(spanish, {
			anonymous: 'Sus respuestas son anónimas', pharmacist: 'Farmacia', start: 'Empezar', page: (n) => `Página ${n} de 6`,
			high: 'Alta', firstQuestion: /1\.1 Todos los socios de la consulta de medicina de familia/, save: 'Guardar y continuar',
			answered: 'Respondió 29 de 29 elementos', submit: 'Enviar mis respuestas', thanks: 'Gracias',
		}, 'survey-spanish');
		assert(await harbourResponses() === before + 2, 'two answers in other languages did not land in the round');
	});

	/* Words of caregrid's own pages that should never be left in English on a Spanish page (the demo's data,
	 * written in English, uses none of them). Returns the page's main text. */
	const ENGLISH_UI = /\b(Remove|Withdraw|Status|Owner|Survey:|None\.|Report:|started|overdue|Copy|Schedule|Evidence|Measures|Suggestions|Resources|Period|Value|Rules|answers so far)\b/;
	async function speaksSpanish(page, what, words) {
		const text = await page.textContent('main');
		assert(text.includes(words), `${what} does not say "${words}": ${text.slice(0, 200)}`);
		const english = text.match(ENGLISH_UI);
		assert(!english, `${what} still says "${english?.[0]}" in English`);
		return text;
	}

	await test('a facilitator chooses Spanish for her account: every page she reaches speaks it, numbers with a decimal comma', async () => {
		const fac = await signIn('facilitator@example.org');
		await fac.goto(server.url + '/account');
		await fac.getByLabel('The language of your pages and mail').selectOption('es');
		await fac.getByRole('button', { name: 'Save the language' }).click();
		assert((await fac.locator('.flash').textContent()).includes('caregrid le hablará en Español'), 'the choice was not confirmed in Spanish');
		assert(await fac.getAttribute('html', 'lang') === 'es', 'the account page is not Spanish');
		await accessible(fac, 'account-spanish');
		await fac.goto(server.url + '/units/PCH-RIV');
		assert((await fac.textContent('main')).includes('Rondas de evaluación'), 'the unit page is not Spanish');
		await accessible(fac, 'unit-spanish');
		await fac.getByRole('link', { name: 'Autumn 2026: mapping the journey' }).click();
		const roundUrl = fac.url();
		const round = await speaksSpanish(fac, 'the round page', 'Ver los resultados');
		assert(round.includes('Ver los resultados') && /de octubre de 2026/.test(round), `the round page is not Spanish, its days not in words: ${round.slice(0, 200)}`);
		await accessible(fac, 'round-spanish');
		await fac.getByRole('link', { name: 'Ver los resultados' }).click();
		const results = await fac.textContent('main');
		assert(results.includes('Prioridades: ir donde está la energía'), 'the results page is not Spanish');
		assert(/\b\d,\d\b/.test(results) && !/media \d\.\d/.test(results), 'the results do not write numbers with a decimal comma');
		assert(results.includes('Salud de la población') && !results.includes('Population Health'), 'the instrument is not in Spanish');
		await accessible(fac, 'results-spanish');
		await fac.goto(roundUrl + '/report');
		await speaksSpanish(fac, 'the printable report', 'Un informe de la autoevaluación');
		await accessible(fac, 'report-spanish');
		await fac.goto(server.url + '/units/PCH-RIV/journey?instrument=pch-development-grid');
		await speaksSpanish(fac, 'the journey', 'El recorrido de');
		await accessible(fac, 'journey-spanish');
		await fac.goto(server.url + '/units/PCH-RIV/journey/report?instrument=team-health-pulse');
		await speaksSpanish(fac, 'the journey report', 'Lo que nos mueve');
		await accessible(fac, 'journey-report-spanish');
		await fac.goto(server.url + '/units/PCH-RIV/elements/pch-development-grid/6.2');
		await speaksSpanish(fac, 'an element', 'Evidencias');
		await accessible(fac, 'element-spanish');
		await fac.goto(server.url + '/units/PCH-RIV/region?instrument=pch-development-grid&peers=1');
		await speaksSpanish(fac, 'the regional grid', 'mil pacientes');
		await accessible(fac, 'region-spanish');
		await fac.goto(server.url + '/units/PCH-RIV/actions');
		await speaksSpanish(fac, 'the action board', 'Acciones de');
		await accessible(fac, 'actions-spanish');
		await fac.getByRole('link', { name: 'Frailty huddle across the three practices' }).first().click();
		await speaksSpanish(fac, 'an action', 'Ciclos PDSA');
		await accessible(fac, 'action-spanish');
		await fac.goto(server.url + '/units/PCH-RIV/measures');
		await fac.getByRole('link', { name: 'Patients who would recommend their practice' }).first().click();
		const measure = await speaksSpanish(fac, 'a measure', 'Periodo');
		assert(/\d,\d/.test(measure), 'the measure\'s values have no decimal comma');
		await accessible(fac, 'measure-spanish');
		await fac.goto(server.url + '/me/feedback');
		await speaksSpanish(fac, 'her 360 feedback', 'empezado el');
		await accessible(fac, 'feedback-spanish');
		await fac.goto(server.url + '/account');
		await fac.getByLabel('El idioma de sus páginas y su correo').selectOption('');
		await fac.getByRole('button', { name: 'Guardar el idioma' }).click();
		assert(await fac.getAttribute('html', 'lang') === 'en', 'back to the browser\'s language, the page is not English');
		await fac.close();
	});

	// englishPhrases LANG: each phrase of two words or more from the English texts LANG's catalogue translates
	// differently (markup and conversions split a text into phrases), less those its own texts also hold (names).
	function englishPhrases(lang) {
		const po = readFileSync(join(here, '..', '..', 'po', `${lang}.po`), 'utf8');
		const unq = (block) => [...block.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('').replace(/\\n/g, ' ').replace(/\\"/g, '"');
		const entries = [...po.matchAll(/^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr(?:\[0\])? ((?:".*"\n)+)/gm)]
			.map((m) => [unq(m[1]), unq(m[2])]).filter(([id, str]) => id && str && id !== str);
		const all = entries.map(([, str]) => str).join('\n');
		const phrases = new Set();
		for (const [id] of entries)
			for (const part of id.split(/<[^>]*>|%[-+ #0-9.]*(?:l|ll|z|j)?[a-zA-Z]|\{[a-z]+\}|[()·:;"“”—–→▲▼]/))
				for (const phrase of [part.trim().replace(/[.,!?]+$/, '')])
					if (/^[A-Za-z'’-]+(?: [A-Za-z'’-]+)+$/.test(phrase) && phrase.length >= 8 && !all.includes(phrase))
						phrases.add(phrase);
		return [...phrases];
	}
	// Every main page a facilitator reaches, in Welsh and Spanish (and English for the width), on a 320-px phone:
	// nothing scrolls sideways, and no English phrase that has a translation is left in the page.
	for (const [locale, lang] of [['en-GB', 'en'], ['cy-GB', 'cy'], ['es-ES', 'es']])
		await test(`at 320 px in ${lang} no page scrolls sideways${lang === 'en' ? '' : ' and none holds English that has a translation'}`, async () => {
			const phrases = lang === 'en' ? [] : englishPhrases(lang);
			const ctx = await browser.newContext({ viewport: { width: 320, height: 700 }, isMobile: true, hasTouch: true, locale });
			const page = await ctx.newPage();
			await page.goto(server.url + '/signin');
			await page.locator('input[name=email]').fill('facilitator@example.org');
			await page.locator('input[type=password]').fill('caregrid-demo');
			await page.locator('main form button[type=submit]').last().click();
			await page.waitForURL('**/units');
			const found = [], seen = new Set();
			const queue = ['/me/feedback', '/units/PCH-RIV/rounds/3', '/units/PCH-HAR/rounds/10/report', '/units/PCH-RIV/measures', surveyLink, '/units'];
			while (queue.length && seen.size < 40) {
				const path = queue.shift();
				if (seen.has(path)) continue;
				seen.add(path);
				const r = await page.goto(server.url + path);
				if (r.status() !== 200 || !(r.headers()['content-type'] ?? '').includes('text/html')) continue;
				const width = await page.evaluate(() => document.documentElement.scrollWidth);
				if (width > 320) found.push(`${path}: ${width} px wide`);
				// The page's own words: not the people's (a bilingual round's English, typed names and titles).
				const text = await page.evaluate((l) => { const body = document.body.cloneNode(true); for (const e of body.querySelectorAll(`[lang]:not([lang="${l}"]), textarea, input, script, blockquote, .said`)) e.remove(); return body.innerText.replace(/\s+/g, ' '); }, lang);
				const english = phrases.filter((p) => new RegExp(`(^|[^A-Za-z])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`).test(text));
				if (english.length) found.push(`${path}: English "${english.slice(0, 3).join('", "')}"`);
				for (const href of await page.locator('main a[href^="/"]:not([download]), nav a[href^="/"]:not([download])').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('#')[0])))
					if (!/signout|lang=|\.csv|export|download|\/api\/|evidence|\.json|format=/.test(href) && !seen.has(href)) queue.push(href);
			}
			await ctx.close();
			assert(seen.size >= 20, `only ${seen.size} pages reached`);
			assert(found.length === 0, found.join('\n'));
		});

	await test('a Spanish decimal "4,1" is taken by the measure form as 4.1, and shown back as 4,1', async () => {
		const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'es-ES' });
		const page = await ctx.newPage();
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill('facilitator@example.org');
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		await page.goto(server.url + '/units/PCH-RIV/measures');
		await page.locator('main ul.measures a[href*="/measures/"]').first().click();
		await page.locator('input[name=period]').first().fill('2031-03-01'); /* the point's form, above the note's */
		await page.locator('input[name=value]').fill('4,1');
		await page.locator('input[name=value]').press('Enter');
		await page.locator('.flash').first().waitFor();
		const row = await page.locator('tr', { hasText: '1 mar 2031' }).textContent();
		assert(row.includes('4,1'), `the point is not shown as 4,1: ${row}`);
		await ctx.close();
	});

	await test('a newcomer on the home page is told what caregrid is for and where to start, with the demo\'s people', async () => {
		const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
		await page.goto(server.url + '/');
		const main = await page.textContent('main');
		for (const words of ['Where to start', 'Sign in if your unit uses caregrid', 'Open the link you were sent', 'This is the demo database', 'coach@example.org', 'caregrid-demo'])
			assert(main.includes(words), `the home page does not say "${words}"`);
		assert(main.indexOf('Where to start') < main.indexOf('Instruments'), 'where to start comes after the instruments');
		await page.getByRole('link', { name: 'Sign in', exact: true }).first().waitFor();
		await accessible(page, 'home-newcomer');
		await page.close();
	});

	await test('an action owned by someone with no account: a plain name, chosen beside the unit\'s people', async () => {
		const page = await signIn('facilitator@example.org');
		await page.goto(server.url + '/units/PCH-RIV/actions');
		const offered = await page.locator('datalist#unit-people option').evaluateAll((os) => os.map((o) => o.value));
		assert(offered.includes('facilitator@example.org'), `the unit's people are not offered: ${offered}`);
		await page.locator('input[name=title]').fill('Tidy the huddle board');
		await page.locator('textarea[name=description]').fill('Two lines:\nwhat and why');
		await page.locator('input[name=owner]').fill('Nia from reception');
		await page.getByRole('button', { name: 'Add action' }).click();
		await page.locator('h1', { hasText: 'Tidy the huddle board' }).waitFor();
		assert((await page.textContent('main p.lead')).includes('Nia from reception'), 'the action page does not name its owner');
		await accessible(page, 'action-plain-owner');
		await page.goto(server.url + '/units/PCH-RIV/actions');
		const card = await page.locator('li.card', { hasText: 'Tidy the huddle board' }).textContent();
		assert(card.includes('Nia from reception'), `the board does not name the owner: ${card}`);
		await page.locator('input[name=title]').fill('Call the pharmacy');
		await page.locator('input[name=owner]').fill('nobody@example.org');
		await page.getByRole('button', { name: 'Add action' }).click();
		await page.locator('[aria-invalid=true][name=owner]').waitFor();
		assert(await page.locator('input[name=title]').inputValue() === 'Call the pharmacy', 'the refused form lost its title');
		assert((await page.textContent('main')).includes('without an address'), 'the refusal does not say a name may be given');
		await accessible(page, 'action-owner-refused');
		await page.close();
	});

	await test('a measure paste with a "Week,DNA %" header in Spanish decimals is taken; a bad one keeps the text', async () => {
		const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'es-ES' });
		const page = await ctx.newPage();
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill('facilitator@example.org');
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		await page.goto(server.url + '/units/PCH-RIV/measures');
		await page.locator('main ul.measures a[href*="/measures/"]').first().click();
		const measure = page.url();
		const label = await page.locator('label[for=paste]').textContent() + await page.locator('#paste-hint').textContent();
		assert(label.includes('2026-W10') && label.includes('cabecera'), `the label does not say what a paste may be: ${label}`);
		await page.locator('textarea[name=csv]').fill('Week,DNA %\n2032-W10;4,1\n2032-W11;3,9 %');
		await page.locator('textarea[name=csv]').locator('xpath=ancestor::form').getByRole('button').click();
		await page.locator('.flash').first().waitFor();
		const row = await page.locator('tr', { hasText: '1 mar 2032' }).textContent();
		assert(row.includes('4,1'), `the week of 1 March 2032 is not shown as 4,1: ${row}`);
		assert((await page.locator('tr', { hasText: '8 mar 2032' }).textContent()).includes('3,9'), 'the second week is not 3,9');
		const bad = 'Semana;DNA %\n2032-W12;mucho\nluego;5,5';
		await page.locator('textarea[name=csv]').fill(bad);
		await page.locator('textarea[name=csv]').locator('xpath=ancestor::form').getByRole('button').click();
		await page.locator('textarea[name=csv][aria-invalid=true], .error-summary, [role=alert]').first().waitFor();
		assert(await page.locator('textarea[name=csv]').inputValue() === bad, 'the refused paste is not kept in its box');
		const said = await page.textContent('main');
		assert(said.includes('fila 2') && said.includes('fila 3'), `not every row's problem is named: ${said.slice(0, 300)}`);
		assert(page.url().startsWith(measure.split('?')[0].replace(/\/$/, '')), 'the refusal left the measure page');
		await accessible(page, 'measure-paste-refused-es');
		await ctx.close();
	});

	await test('the coach lands on "Shared with you", with Coaching in the menu', async () => {
		const coach = await signIn('coach@example.org');
		assert((await coach.textContent('main h1')) === 'Shared with you', `the coach lands on ${await coach.textContent('main h1')}`);
		assert(!(await coach.textContent('main')).includes('You hold no role yet'), 'the coach is told only that she holds no role');
		await coach.locator('nav.site a[href="/me/coaching"]').waitFor();
		await accessible(coach, 'coach-landing');
		await coach.locator('nav.site a[href="/me/coaching"]').click();
		assert((await coach.textContent('main')).includes('Farah Facilitator'), 'Coaching does not list the shared plan');
		await coach.close();
	});

	await test('the radar scales to its box and keeps its words in forced colours', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill('facilitator@example.org');
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		await page.goto(server.url + '/units/PCH-RIV/rounds/1/results');
		const radar = page.locator('svg.radar').first();
		assert(await radar.getAttribute('width') === null, 'the radar has a fixed width');
		const wide = (await radar.boundingBox()).width;
		await page.emulateMedia({ forcedColors: 'active' });
		const label = await radar.locator('text.rd-label').first().evaluate((t) => getComputedStyle(t).fill);
		const canvas = await page.evaluate(() => { const d = document.createElement('div'); d.style.color = 'CanvasText'; document.body.append(d); const c = getComputedStyle(d).color; d.remove(); return c; });
		assert(label === canvas, `radar labels are ${label}, not the system's text colour ${canvas}`);
		await page.screenshot({ path: join(shots, `${variant}-radar-forced-colours.png`) });
		await page.emulateMedia({ forcedColors: 'none' });
		await page.setViewportSize({ width: 800, height: 900 });
		assert((await radar.boundingBox()).width < wide, 'the radar does not follow its box');
		await page.close();
	});

	// Single sign-on through a real OpenID Provider, with a server of its own (sso.mjs).
	await ssoJourney({ test, assert, browser, bin, tmp, accessible, only });
	await test('a site administrator sets how long personal data is kept (a refusal keeps what was typed); a closed round says when its data goes', async () => {
		const admin = await signIn('admin@example.org');
		await admin.goto(server.url + '/admin/retention');
		assert((await admin.textContent('main h1')) === 'Retention', `the page is ${await admin.textContent('main h1')}`);
		assert((await admin.textContent('main')).includes('it never changes a figure'), 'the page does not say figures stay');
		await accessible(admin, 'retention');
		// The field's own bounds stop this in the browser; the server refuses it too (a browser that does not check).
		await admin.getByLabel('Addresses, in days').fill('0');
		await admin.locator('main form.panel').evaluate((f) => { f.noValidate = true; });
		await admin.getByRole('button', { name: 'Save', exact: true }).click();
		assert((await admin.textContent('main')).includes('give a whole number of days from 1 to 3650'), 'the refusal does not give the bounds');
		assert((await admin.getByLabel('Addresses, in days').inputValue()) === '0', 'the refused form lost what was typed');
		assert((await admin.getByLabel('Addresses, in days').getAttribute('aria-invalid')) === 'true', 'the field is not marked');
		await accessible(admin, 'retention-refused');
		await admin.getByLabel('Addresses, in days').fill('45');
		await admin.getByRole('button', { name: 'Save', exact: true }).click();
		await admin.waitForURL('**/admin/retention**');
		assert((await admin.textContent('main')).includes('Retention saved.'), 'no word that it was saved');
		assert((await admin.getByLabel('Addresses, in days').inputValue()) === '45', 'the page does not show the new time');
		// Riverside's first round closed on 31 October 2025: its addresses went 45 days later, its comments go 24 months on.
		await admin.goto(server.url + '/units/PCH-RIV/rounds/1');
		const words = (iso, days) => new Date(Date.parse(iso) + days * 86400000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
		const said = await admin.textContent('main p.retention');
		assert(said.includes(`Addresses were deleted on ${words('2025-10-31', 45)}; comments`) && said.includes('31 October 2027'),
			`the closed round says "${said}"`);
		await accessible(admin, 'round-closed-retention');
		await admin.close();
	});

	await test('"Download my data" on the account page gives a ZIP of one\'s own data', async () => {
		const viewer = await signIn('viewer@example.org');
		await viewer.goto(server.url + '/account');
		const main = await viewer.textContent('main');
		assert(main.includes('Your data') && main.includes('README saying what is in it'), 'the account page does not offer the data');
		await accessible(viewer, 'account-data');
		const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.getByRole('link', { name: 'Download my data' }).click()]);
		assert(/^caregrid-data-[0-9]+\.zip$/.test(download.suggestedFilename()), `the download is named ${download.suggestedFilename()}`);
		await viewer.close();
	});

	await test('a site administrator erases a person: what goes, what cannot be found, the address typed again', async () => {
		execFileSync(bin, ['user', 'add', '--link', '--name', 'Ellis Erasable', 'ellis@example.org', '--db', db]);
		const admin = await signIn('admin@example.org');
		await admin.locator('nav.site a[href="/admin/people"]').click();
		await accessible(admin, 'people');
		await admin.getByRole('link', { name: 'Ellis Erasable' }).click();
		await accessible(admin, 'person');
		assert((await admin.textContent('main h1')) === 'Ellis Erasable', 'the person\'s page is not hers');
		assert((await admin.textContent('main')).includes('Download their data'), 'no download for her');
		await admin.getByRole('link', { name: 'Erase this person' }).click();
		const asks = await admin.textContent('main');
		for (const words of ['Erase Ellis Erasable?', 'This cannot be undone', 'What will be deleted', 'their development plan',
			'What cannot be found', 'cannot be found to be erased', 'Type their email address, ellis@example.org, to confirm'])
			assert(asks.includes(words), `the confirmation does not say "${words}"`);
		await accessible(admin, 'erase-confirm');
		await admin.getByLabel('Type their email address').fill('someone@example.org');
		await admin.getByRole('button', { name: 'Erase this person' }).click();
		assert((await admin.title()).startsWith('Error:'), 'a wrong address is not refused');
		assert(await admin.getByLabel('Type their email address').inputValue() === 'someone@example.org', 'what was typed is lost');
		assert((await admin.textContent('main')).includes('type the person\'s email address exactly'), 'the refusal does not say why');
		await accessible(admin, 'erase-refused');
		await admin.getByLabel('Type their email address').fill('ellis@example.org');
		await admin.getByRole('button', { name: 'Erase this person' }).click();
		await admin.waitForURL('**/admin/people/*');
		const done = await admin.textContent('main');
		assert(/Erased\. The account is now former user #[0-9]+\./.test(done) && done.includes('has been erased'), 'the erasure is not confirmed');
		assert(!done.includes('ellis@example.org') && !done.includes('Ellis Erasable'), 'her address or name still shows');
		await accessible(admin, 'erase-done');
		await admin.close();
	});
	// The annotated SPC chart: rebases with reasons, notes, PDSA marks and the numbered legend (annotations.mjs).
	await annotatedChart({ test, assert, browser, server, shots, variant, accessible });

	// WCAG text spacing on the charts, and the reports on paper (spacing-print.mjs).
	await spacingAndPrint({ test, assert, browser, server, shots, variant, accessible });

	// Single sign-on's administration (sso-admin.mjs).
	await ssoAdmin({ test, assert, server, accessible, signIn, tmp });
	// The evidence page for site administrators, on screen and on paper (evidence.mjs).
	await evidenceJourney({ test, assert, browser, server, shots, variant, accessible, bin, db, tmp });
	// The measure summary of a home and its practices (measure-summary.mjs).
	await measureSummaryJourney({ test, assert, browser, server, shots, variant, accessible });
	// Aims and their driver diagrams (aims.mjs).
	await aimsJourney({ test, assert, browser, server, shots, variant, accessible });
	// The population page (population.mjs).
	await populationJourney({ test, assert, browser, server, shots, variant, accessible, db });
	// From a results priority to the proof: aim, drivers, ideas, a PDSA ramp, the annotated chart (journey-to-proof.mjs).
	await journeyToProof({ test, assert, browser, server, shots, variant, accessible });

} catch (e) {
	failed++;
	console.log(`FAIL browser test setup\n     ${e.message ?? e}`);
} finally {
	if (browser) await browser.close();
	if (server) server.proc.kill('SIGTERM');
	rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
