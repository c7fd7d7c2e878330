// Browser tests for two WCAG points of issue 24, called from run.mjs with its helpers: the charts' words survive
// the text spacing of WCAG 2.2's 1.4.12 (no SVG label clipped), and the printed reports fit an A4 page (no column
// cut, no screen cue printed, a PDF of the expected pages).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// WCAG 2.2 1.4.12's spacing, as a reader's stylesheet sets it (the bookmarklet the W3C's own tests use).
export const spacing = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;

// The SVG words on the page that lie outside what shows of them: beyond their svg's box when the svg clips
// (overflow hidden, the browser's default), else beyond the page's sides; and words of one chart drawn over
// another's. Each as "text: why".
export async function clippedLabels(page) {
	return page.evaluate(() => {
		const found = [];
		const pageWidth = document.documentElement.scrollWidth;
		// What can be brought into view beside an svg that does not clip: its scrolling box's whole width (its
		// left edge at scroll 0), the box itself when that clips, else the page.
		const reach = (svg) => {
			for (let a = svg.parentElement; a && a !== document.body; a = a.parentElement) {
				const o = getComputedStyle(a).overflowX, r = a.getBoundingClientRect();
				if (o === 'auto' || o === 'scroll') return [r.left + a.clientLeft - a.scrollLeft, r.left + a.clientLeft - a.scrollLeft + a.scrollWidth];
				if (o !== 'visible') return [r.left, r.right];
			}
			return [-window.scrollX, pageWidth - window.scrollX];
		};
		for (const svg of document.querySelectorAll('svg')) {
			const box = svg.getBoundingClientRect();
			if (box.width === 0 || svg.closest('[hidden], details:not([open])')) continue;
			const clips = getComputedStyle(svg).overflow !== 'visible';
			const rects = [];
			for (const t of svg.querySelectorAll('text')) {
				const r = t.getBoundingClientRect();
				if (r.width === 0 || !t.textContent.trim()) continue;
				const name = `"${t.textContent.trim().slice(0, 30)}" in svg.${svg.getAttribute('class') || '?'}`;
				const [left, right] = clips ? [box.left, box.right] : reach(svg);
				if (r.left < left - 0.5 || r.right > right + 0.5 || (clips && (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)))
					found.push(`${name}: [${r.left.toFixed(0)}, ${r.right.toFixed(0)}] outside [${left.toFixed(0)}, ${right.toFixed(0)}]`);
				for (const [other, o] of rects) // a label over another: 2 px of slack for the glyphs' side bearings
					if (r.left < o.right - 2 && o.left < r.right - 2 && r.top < o.bottom - 2 && o.top < r.bottom - 2)
						found.push(`${name} overlaps "${other}"`);
				rects.push([t.textContent.trim().slice(0, 30), r]);
			}
		}
		return found;
	});
}

// The screen cues displayed on the page: scroll hints, skip links, language links, buttons, copy controls.
async function screenCues(page) {
	return page.evaluate(() => [...document.querySelectorAll('.scroll-cue, a.skip, nav.langs, button, .copy, nav.site, details > summary')]
		.filter((e) => { const r = e.getBoundingClientRect(); return e.checkVisibility() && r.width > 1 && r.height > 1 && r.right > 0; })
		.map((e) => `${e.tagName.toLowerCase()}.${e.className || ''} "${e.textContent.trim().slice(0, 30)}"`));
}

// The words in SELECTOR's elements that a narrow column breaks across lines ("Acti|ons"); a hyphen or dash may end one.
async function brokenWords(page, selector) {
	return page.evaluate((selector) => {
		const broken = [];
		for (const cell of document.querySelectorAll(selector)) {
			const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
			for (let node = walk.nextNode(); node; node = walk.nextNode())
				for (const m of node.data.matchAll(/[^\s\u2010-\u2013-]+/g)) {
					const range = document.createRange();
					range.setStart(node, m.index);
					range.setEnd(node, m.index + m[0].length);
					if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(m[0]);
				}
		}
		return [...new Set(broken)].slice(0, 8);
	}, selector);
}

export async function spacingAndPrint({ test, assert, browser, server, shots, variant, accessible }) {
	// signedIn(context, email): a page of CONTEXT signed in as EMAIL.
	async function signedIn(ctx, email) {
		const page = await ctx.newPage();
		await page.goto(server.url + '/signin');
		await page.locator('input[name=email]').fill(email);
		await page.locator('input[type=password]').fill('caregrid-demo');
		await page.locator('main form button[type=submit]').last().click();
		await page.waitForURL('**/units');
		return page;
	}
	// The facilitator's own 360 report in the demo (its address holds the cycle's number).
	async function report360(page) {
		await page.goto(server.url + '/me/feedback');
		await page.getByRole('link', { name: '360 feedback, autumn 2026', exact: true }).click();
		await page.getByRole('link', { name: 'See the report' }).click();
		await page.locator('svg.gap').first().waitFor();
		return page.url();
	}

	await test('with WCAG text spacing no chart label is clipped: radar, heat map, SPC, regional grid, 360 gaps, journey', async () => {
		// The reader's stylesheet is theirs, not the page's: the CSP that keeps out injected styles is set aside.
		for (const width of [390, 1366]) {
			const ctx = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
			const page = await signedIn(ctx, 'facilitator@example.org');
			await page.goto(server.url + '/units/PCH-RIV/measures');
			const measure = await page.locator('main ul.measures a[href*="/measures/"]').first().getAttribute('href');
			const pages = [['results', '/units/PCH-RIV/rounds/3/results', 'svg.radar, svg.heatmap'],
				['spc', measure, 'svg.spc'], ['region', '/units/PCH-RIV/region?instrument=pch-development-grid', 'table.region'],
				['journey', '/units/PCH-RIV/journey?instrument=pch-development-grid', 'table.journey'],
				['journey-report', '/units/PCH-RIV/journey/report?instrument=pch-development-grid', 'svg'],
				['360-report', await report360(page), 'svg.gap']];
			const found = [];
			for (const [name, path, what] of pages) {
				await page.goto(path.startsWith('http') ? path : server.url + path);
				assert(await page.locator(what).count() > 0, `${name}: no ${what}`);
				await page.addStyleTag({ content: spacing });
				const spaced = await page.evaluate(() => getComputedStyle(document.querySelector('main')).letterSpacing);
				assert(spaced !== 'normal' && spaced !== '0px', `${name}: the spacing was not applied (${spaced})`);
				found.push(...(await clippedLabels(page)).map((f) => `${width}px ${name}: ${f}`));
				await page.screenshot({ path: join(shots, `${variant}-spacing-${name}-${width}.png`), fullPage: true });
			}
			await ctx.close();
			assert(found.length === 0, found.slice(0, 12).join('\n') + (found.length > 12 ? `\n(${found.length} in all)` : ''));
		}
	});

	await test('the evaluation page counts its actions in words as the language writes numbers', async () => {
		const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		const page = await signedIn(ctx, 'facilitator@example.org');
		await page.goto(server.url + '/units/PCH-RIV/evaluation');
		const counts = await page.locator('h2:text("Actions") + p').textContent();
		assert(/^\d[\d,]* planned · \d[\d,]* doing · \d[\d,]* done · \d[\d,]* dropped/.test(counts), `the counts read "${counts}"`);
		await accessible(page, 'evaluation-counts');
		await ctx.close();
	});

	await test('printed on A4 the journey, round and 360 reports fit the page, the Actions column whole, no screen cue', async () => {
		const ctx = await browser.newContext({ viewport: { width: 794, height: 1123 } });
		const page = await signedIn(ctx, 'facilitator@example.org');
		const reports = [['journey-report', server.url + '/units/PCH-RIV/journey/report?instrument=team-health-pulse'],
			['journey-report-grid', server.url + '/units/PCH-RIV/journey/report?instrument=pch-development-grid'],
			['round-report', server.url + '/units/PCH-RIV/rounds/3/report'], ['360-report', await report360(page)]];
		const found = [];
		for (const [name, url] of reports) {
			await page.emulateMedia({ media: 'screen' });
			await page.goto(url);
			await page.emulateMedia({ media: 'print' });
			const wide = await page.evaluate(() => document.documentElement.scrollWidth);
			if (wide > 794) found.push(`${name}: ${wide}px wide on a 794-px page`);
			for (const cue of await screenCues(page)) found.push(`${name}: a screen cue printed: ${cue}`);
			if (name.startsWith('journey')) {
				const actions = page.locator('table.journey th', { hasText: /^Actions$/ });
				assert(await actions.count() > 0, `${name}: no Actions column`);
				const r = await actions.first().boundingBox();
				if (!r || r.x + r.width > 794 || r.x < 0) found.push(`${name}: the Actions column lies at ${r && r.x}..${r && r.x + r.width}`);
				const cells = await page.evaluate(() => [...document.querySelectorAll('table.journey td:last-child')]
					.filter((td) => td.getBoundingClientRect().right > 794).length);
				if (cells) found.push(`${name}: ${cells} Actions cells past the page's edge`);
			}
			for (const word of await brokenWords(page, 'table th, table td'))
				found.push(`${name}: "${word}" is broken across lines`);
			await page.screenshot({ path: join(shots, `${variant}-print-${name}.png`), fullPage: true });
		}
		assert(found.length === 0, found.join('\n'));
		// Chromium's own print to PDF of the pulse's journey report: A4, the page's print stylesheet.
		await page.goto(reports[0][1]);
		await page.emulateMedia({ media: 'print' });
		const pdf = join(shots, `${variant}-journey-report.pdf`);
		await page.pdf({ path: pdf, format: 'A4', printBackground: true });
		const info = execFileSync('pdfinfo', [pdf]).toString();
		const count = Number((info.match(/^Pages:\s+(\d+)/m) ?? [])[1]);
		const rounds = await page.locator('section.report-page').count();
		assert(count > 0 && count >= rounds, `the journey report printed ${count} pages for ${rounds} report pages`);
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, join(shots, `${variant}-journey-report-page`)]);
		assert(readdirSync(shots).some((f) => f.startsWith(`${variant}-journey-report-page`)), 'the PDF did not render');
		await page.emulateMedia({ media: 'screen' });
		await accessible(page, 'journey-report-print');
		await ctx.close();
	});
}
