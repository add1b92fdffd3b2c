// The search page in Debian's headless Chromium, over HTTP (as residents use it):
// searching the sample for 停车位 and 垃圾分类 must list the right topics; from file:// and
// without JavaScript the page must still offer browsing by category and year.
// Usage: node search.mjs SITE_DIR   (exits 1 on any failure)
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve, extname } from 'node:path';

const site = process.argv[2] && resolve(process.argv[2]);
if (!site) { console.error('usage: node search.mjs SITE_DIR'); process.exit(2); }
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json' };
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  try {
    const body = await readFile(join(site, path.endsWith('/') ? path + 'index.html' : path));
    res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failed = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failed++; };

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
