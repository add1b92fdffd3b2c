// An archive volume (yishi archive YEAR) as an archivist checks it: `sha256sum -c` passes;
// 目录.html prints on A4 with the header row on every page and each row whole on one page
// (its 档号 and its 题名 on the same page); every item's page prints on A4 with its title.
// Usage: node archive.mjs VOLUME_DIR   (exits 1 on any failure)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const volume = process.argv[2] && resolve(process.argv[2]);
if (!volume) { console.error('usage: node archive.mjs VOLUME_DIR'); process.exit(2); }
const work = mkdtempSync(join(tmpdir(), 'archive-'));
let failed = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failed++; };
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...opts });

let sums = 'ok';
try { run('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: volume }); } catch (e) { sums = String(e.stdout || e.message); }
check(sums === 'ok', `sha256sum -c SHA256SUMS (${sums.trim()})`);

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-pdf-header-footer',
  `--user-data-dir=${join(work, 'profile')}`];
function print(file) {
  const pdf = join(work, 'out.pdf');
  rmSync(pdf, { force: true });
  try { run('chromium', [...flags, `--print-to-pdf=${pdf}`, `file://${file}`], { stdio: 'ignore' }); } catch { /* judged by the PDF */ }
  const info = run('pdfinfo', [pdf]);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] || 0);
  const paper = /\((A\d)\)/.exec(info)?.[1] || 'unknown';
  const text = [];
  for (let p = 1; p <= pages; p++) text.push(run('pdftotext', ['-raw', '-f', String(p), '-l', String(p), pdf, '-']));
  return { pages, paper, text };
}
const squeeze = (s) => s.replace(/\s+/g, '');

// The catalogue: rows from 目录.csv (no field of the sample holds a comma or a quote).
const csv = readFileSync(join(volume, '目录.csv'), 'utf8');
check(csv.charCodeAt(0) === 0xfeff, '目录.csv starts with a byte-order mark');
const rows = csv.replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const catalogue = print(join(volume, '目录.html'));
check(catalogue.paper === 'A4', `目录.html on ${catalogue.paper}, ${catalogue.pages} page(s)`);
catalogue.text.forEach((t, i) => check(t.includes('件号') && t.includes('档号'), `目录 page ${i + 1} repeats the header row`));
const pages = catalogue.text.map(squeeze);
const split = rows.filter(([, ref, , title]) => {
  const page = pages.findIndex((t) => t.includes(ref));
  return page < 0 || !pages[page].includes(squeeze(title));
});
check(split.length === 0, `each of ${rows.length} rows whole on one page${split.length ? ': ' + split.map((r) => r[1]).join(' ') : ''}`);

// Every item's page.
const items = readdirSync(volume).filter((n) => /^\d{4}$/.test(n)).sort();
check(items.length === rows.length, `${items.length} item folders for ${rows.length} rows`);
for (const [i, n] of items.entries()) {
  const file = join(volume, n, 'index.html');
  const item = print(file);
  // Its heading: the record's title, or for a yearly evaluation the year page's.
  const heading = (/<h1[^>]*>([^<]*)</.exec(readFileSync(file, 'utf8'))?.[1] || '').trim();
  const shown = squeeze(item.text.join(''));
  check(item.paper === 'A4' && item.pages >= 1 && heading !== '' && shown.includes(squeeze(heading)),
    `${n}/index.html (${rows[i]?.[3]}) on ${item.paper}, ${item.pages} page(s), shows ${heading}`);
}
rmSync(work, { recursive: true, force: true });
console.log(`archive: ${failed} failed`);
process.exit(failed ? 1 : 0);
