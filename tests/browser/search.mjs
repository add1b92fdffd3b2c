// The search page in Debian's headless Chromium, over HTTP (as residents use it):
// searching the sample for 停车位 and 垃圾分类 must list the right topics; from file:// and
// without JavaScript the page must still offer browsing by category and year.
// Usage: node search.mjs SITE_DIR   (exits 1 on any failure)
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { parse } from 'acorn';
import { serve, launch, results } from './serve.mjs';

const site = process.argv[2] && resolve(process.argv[2]);
if (!site) { console.error('usage: node search.mjs SITE_DIR'); process.exit(2); }
const server = await serve(site);
const origin = server.origin;
const browser = await launch();
let failed = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failed++; };

// The script runs in the browsers residents' phones have (WeChat's and QQ's among them):
// ES2019 syntax, and none of the newer functions it once used.
const source = await readFile(join(site, 'static/search.js'), 'utf8');
let syntax = 'ok';
try { parse(source, { ecmaVersion: 2019, sourceType: 'module' }); } catch (e) { syntax = e.message; }
check(syntax === 'ok', `search.js is ES2019 (${syntax})`);
const newer = source.replace(/\/\/.*$/gm, '').match(/Object\.hasOwn\b|\.replaceChildren\b|\.at\(|structuredClone|\.findLast\b|\.replaceAll\b/g) || [];
check(newer.length === 0, `search.js calls nothing newer (${newer.join(', ')})`);

const cases = [
  ['停车位', 'topics/2024-03-parking/index.html'],
  ['垃圾分类', 'topics/2024-11-waste-sorting/index.html'],
  // Words in another order than written (加装电梯, 修订《居民公约》) and a person's name.
  ['电梯加装', 'topics/2025-04-elevator/index.html'],
  ['居民公约修订', 'topics/2025-07-resident-compact/index.html'],
  ['吴桂芳', 'council/index.html'],
];
const page = await browser.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
for (const [q, want] of cases) {
  await page.goto(`${origin}/search/index.html?q=${encodeURIComponent(q)}`);
  await page.waitForSelector('.search-results a, #search-results p', { timeout: 15000 });
  const hrefs = await page.$$eval('.search-results a', (as) => as.map((a) => a.href));
  check(hrefs.some((h) => h.endsWith(want)), `search "${q}" finds ${want} (${hrefs.length} results)`);
  check(hrefs.every((h) => h.startsWith(origin + '/')), `search "${q}" links stay on the site`);
}
// The best result for 停车位 is a parking record, and its excerpt marks the words.
await page.goto(`${origin}/search/index.html?q=${encodeURIComponent('停车位')}`);
await page.waitForSelector('.search-results a', { timeout: 15000 });
const first = await page.$eval('.search-results a', (a) => a.textContent);
check(first.includes('停车'), `the first result for 停车位 is about parking (${first})`);
check((await page.$$('.search-results mark')).length > 0, 'excerpts mark the words searched for');
// Something no record holds says so.
await page.goto(`${origin}/search/index.html?q=${encodeURIComponent('麒麟火锅')}`);
await page.waitForSelector('#search-results p', { timeout: 15000 });
check((await page.$$('.search-results a')).length === 0
  && (await page.textContent('#search-results')).includes('麒麟火锅'), 'a search that finds nothing says so');
// Typing into the form works as well as the address.
await page.goto(`${origin}/search/index.html`);
await page.waitForSelector('#search-form:not([hidden])', { timeout: 15000 });
await page.fill('#search-q', '满意度');
await page.click('#search-form button');
await page.waitForSelector('.search-results a, #search-results p', { timeout: 15000 });
check((await page.$$('.search-results a')).length > 0, 'typing 满意度 and pressing 搜索 lists results');
// Sub-results: the parts of a page holding the words link to their headings, which exist.
await results(page, origin, '停车位');
const partLinks = await page.$$eval('.search-parts a', (as) => as.map((a) => a.href));
check(partLinks.length > 0 && partLinks.every((h) => h.includes('#')), `停车位: ${partLinks.length} links to parts of pages`);
await page.goto(partLinks[0]);
check(await page.evaluate(() => document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null),
  `the first part link lands on its heading (${decodeURIComponent(partLinks[0].split('#')[1] || '')})`);
// 3号楼 marks "3 号楼" as written, space and all.
await results(page, origin, '3号楼');
const marks = await page.$$eval('.search-results mark', (ms) => ms.map((m) => m.textContent));
check(marks.includes('3 号楼'), `3号楼 marks "3 号楼" (${marks.slice(0, 5).join(', ')})`);
// A word 600 characters into a record gets its excerpt and mark (园林, late in the parking topic).
await results(page, origin, '园林');
const late = await page.$$eval('.search-results > li', (lis) => lis.map((li) => li.querySelector('mark')?.textContent));
check(late.length > 0 && late.every((m) => m === '园林'), `园林: every result marks it (${late.join(', ')})`);
// One wrong character: said so, with the word the records hold to search for instead.
const fuzzy = await results(page, origin, '加装电悌');
const said = await page.textContent('#search-results');
check(said.includes('相差一个字') && (await page.$$eval('#search-results > p a', (as) => as.map((a) => a.textContent))).includes('加装电梯'),
  `加装电悌: one character off, suggests 加装电梯 (${fuzzy.length} results)`);
// A query across two fields (the title's end, then the category) is no typo: first tier.
const across = await results(page, origin, '费用分摊矛盾纠纷');
check(across[0] === 'topics/2025-04-elevator/index.html' && !(await page.textContent('#search-results')).includes('相差一个字'),
  `费用分摊矛盾纠纷: the elevator topic first, not called a typo (${across[0]})`);
// More results: 10 at a time, the button says how many are left and shows them.
const many = await results(page, origin, '李冬浩');
const total = Number((await page.textContent('#search-results h2')).match(/\d+/)[0]);
const button = await page.$('.search-more');
check(many.length === 10 && total > 10 && (await button.textContent()).includes(String(total - 10)),
  `李冬浩: 10 of ${total} shown, the button says ${await button.textContent()}`);
await button.click();
await page.waitForFunction((n) => document.querySelectorAll('.search-results > li').length > n, 10);
const after = await page.$$eval('.search-results > li > a', (as) => as.length);
check(after === Math.min(20, total), `more: ${after} shown after one press`);
check(await page.evaluate(() => document.activeElement === document.querySelectorAll('.search-results > li > a')[10]),
  'more: focus moves to the first new result');
// Filters: by kind, and by category; counts in each choice; kept in the address.
await page.selectOption('#search-kind', 'meeting');
await page.waitForFunction(() => location.search.includes('kind=meeting'));
await page.waitForSelector('.search-results > li > a');
const meetingsOnly = await page.$$eval('.search-results > li > a', (as) => as.map((a) => new URL(a.href).pathname));
const counted = Number((await page.textContent('#search-results h2')).match(/\d+/)[0]);
check(meetingsOnly.length > 0 && meetingsOnly.every((p) => p.startsWith('/meetings/')) && counted < total,
  `kind=meeting: only meetings (${counted} of ${total})`);
await page.goto(`${origin}/search/index.html?q=${encodeURIComponent('楼')}&category=${encodeURIComponent('矛盾纠纷')}`);
await page.waitForSelector('.search-results > li > a');
const wheres = await page.$$eval('.search-where', (ps) => ps.map((p) => p.textContent));
check(wheres.length > 0 && wheres.every((w) => w.includes('矛盾纠纷')), `category=矛盾纠纷: only that category (${wheres.length})`);
const options = await page.$$eval('#search-category option', (os) => os.map((o) => o.textContent));
check(options.some((o) => /矛盾纠纷（\d+）/.test(o)), `category choices carry counts (${options.join(' ')})`);
// Results with their filters, "more" button and suggestion pass axe as every page does.
for (const q of ['李冬浩', '加装电悌']) {
  await results(page, origin, q);
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const serious = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id));
  check(serious.length === 0, `axe on the results for ${q}: no serious violation (${serious.join(', ')})`);
}
// A filter in the address that nothing has: 0 found, and 全部 undoes it.
await page.goto(`${origin}/search/index.html?q=${encodeURIComponent('停车位')}&year=1999`);
await page.waitForSelector('#search-year');
const zero = await page.textContent('#search-results h2');
await page.selectOption('#search-year', '');
await page.waitForSelector('.search-results > li > a');
check(/\b0\b/.test(zero) && !(await page.evaluate(() => location.search.includes('year='))), `year=1999: ${zero}, then 全部 shows them again`);
check(errors.length === 0, `no script errors (${errors.join('; ')})`);

// From file:// browsers load neither module scripts nor the index: the browse links remain.
await page.goto('file://' + join(site, 'search/index.html'));
await page.waitForTimeout(1000);
check(await page.isHidden('#search-form'), 'file://: the form stays hidden');
check((await page.$$('section a')).length >= 5, 'file://: category and year links remain');

// Without JavaScript: no form, every category and year to browse.
const nojs = await browser.newContext({ javaScriptEnabled: false });
const plain = await nojs.newPage();
await plain.goto(`${origin}/search/index.html`);
check(await plain.isHidden('#search-form'), 'no JavaScript: the form is hidden');
const links = await plain.$$eval('section a', (as) => as.map((a) => a.getAttribute('href')));
check(links.some((h) => h.includes('topics/category/')) && links.some((h) => h.includes('years/')),
  `no JavaScript: browse by category and year (${links.length} links)`);

await browser.close();
server.close();
process.exit(failed ? 1 : 0);
