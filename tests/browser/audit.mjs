// Audits every page of a built site in Debian's headless Chromium:
//  - axe-core (WCAG 2.0/2.1/2.2 A and AA, best practice): no serious or critical violation;
//  - no <script> element (every page works without JavaScript), but for the search page's
//    one module script (search.mjs checks that page without JavaScript);
//  - no horizontal page scroll at 320 CSS px, with the text size doubled;
//  - body text at least 18 px, no text under 16 px.
// Usage: node audit.mjs SITE_DIR   (prints one line per page type, exits 1 on any failure)
import { chromium } from 'playwright-core';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const site = process.argv[2] && (await import('node:path')).resolve(process.argv[2]);
if (!site) { console.error('usage: node audit.mjs SITE_DIR'); process.exit(2); }

function pages(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pages(path));
    // The form editor's page is upstream's interface (Sveltia CMS), loaded from its own
    // script; its problems page is ours and is audited.
    else if (name.endsWith('.html') && !path.endsWith('/admin/index.html')) out.push(path);
  }
  return out;
}

function pageType(rel) {
  const parts = rel.split('/');
  if (parts.length === 1) return rel;
  if (parts[0] === 'topics' && (parts[1] === 'status' || parts[1] === 'category')) return `topics/${parts[1]}/…`;
  if (parts[0] === 'board' && parts.length > 2) return parts[2] === 'a3' ? 'board sheet (A3)' : 'board sheet (A4)';
  if (parts.length > 2) return `${parts[0]}/<id>`;
  return rel;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const byType = new Map();
let failures = 0;

for (const file of pages(site)) {
  const rel = relative(site, file);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('file://' + file);
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(' ') }));
  });
  const scripts = await page.evaluate(() => document.querySelectorAll('script').length - 1); // minus axe's own
  const fonts = await page.evaluate(() => {
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    let smallest = Infinity, where = '';
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('svg')) continue;
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < smallest) { smallest = size; where = el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''); }
    }
    return { body, smallest, where };
  });
  await page.setViewportSize({ width: 320, height: 700 });
  const overflow = await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
    const w = document.documentElement.scrollWidth;
    document.documentElement.style.fontSize = '';
    return w;
  });
  const serious = result.filter(v => v.impact === 'serious' || v.impact === 'critical');
  const type = pageType(rel);
  const entry = byType.get(type) || { pages: 0, serious: 0, other: 0, minFont: Infinity, body: 0, maxWidth: 0 };
  entry.pages += 1;
  entry.serious += serious.length;
  entry.other += result.length - serious.length;
  entry.minFont = Math.min(entry.minFont, fonts.smallest);
  entry.body = fonts.body;
  entry.maxWidth = Math.max(entry.maxWidth, overflow);
  byType.set(type, entry);
  const problems = [];
  if (serious.length) problems.push('axe: ' + serious.map(v => `${v.id} (${v.impact}, ${v.nodes}× e.g. ${v.target})`).join('; '));
  const allowed = rel === 'search/index.html' ? 1 : 0;
  if (scripts > allowed) problems.push(`${scripts} <script> elements`);
  if (overflow > 320) problems.push(`scrolls sideways at 320 px with doubled text (${overflow} px wide)`);
  const isSheet = rel.startsWith('board/') && rel.split('/').length > 2;
  // 404.html links its stylesheet under base_url (a server shows it at any depth), so from
  // file:// it has no styles: its fonts are not judged here.
  const styled = rel !== '404.html';
  if (styled && !isSheet && fonts.body < 18) problems.push(`body text ${fonts.body} px`);
  if (styled && fonts.smallest < 16) problems.push(`text of ${fonts.smallest} px in ${fonts.where}`);
  if (problems.length) { failures += 1; console.log(`FAIL ${rel}: ${problems.join(' | ')}`); }
}
await browser.close();

console.log('page type | pages | serious+critical | other axe findings | body px | smallest px | widest at 320 px, 2× text');
for (const [type, e] of [...byType.entries()].sort()) {
  console.log(`${type} | ${e.pages} | ${e.serious} | ${e.other} | ${e.body} | ${e.minFont} | ${e.maxWidth}`);
}
const total = [...byType.values()].reduce((n, e) => n + e.pages, 0);
console.log(`${total - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
