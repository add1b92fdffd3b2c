// What a search costs a resident on a large site: for each query, in a fresh browser (nothing
// cached), the bytes the search fetched (meta, term files, filters, the docs of the first
// page; as served and as gzip would send them, which GitHub Pages, Netlify and Cloudflare do for
// JSON), and the time from opening search/index.html?q=… to the first
// result on screen. Prints a line per query and the medians. For docs/performance.md.
// With SLOW=1 the browser's network is a slow 4G phone's (150 ms latency, 1.6 Mbit/s down),
// served gzipped: what a resident waits.
// Usage: [SLOW=1] node search-bench.mjs SITE_DIR [RUNS] QUERY...
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, launch } from './serve.mjs';

const [dir, runsArg, ...queries] = process.argv.slice(2);
if (!dir || queries.length === 0) { console.error('usage: node search-bench.mjs SITE_DIR RUNS QUERY...'); process.exit(2); }
const runs = Number(runsArg) || 3;
const server = await serve(resolve(dir));
const browser = await launch();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const allBytes = [], allGz = [], allMs = [];
for (const q of queries) {
  const times = [];
  let bytes = 0, gz = 0, files = 0, results = '';
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    if (process.env.SLOW) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions',
        { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
    }
    const sizes = [];
    page.on('response', (r) => {
      if (!r.url().includes('/search/') || r.url().includes('/search/index.html')) return;
      sizes.push(r.body().then((body) => [body.length, gzipSync(body).length], () => [0, 0]));
    });
    const start = Date.now();
    await page.goto(`${server.origin}/search/index.html?q=${encodeURIComponent(q)}`);
    await page.waitForSelector('.search-results li, #search-results p', { timeout: 60000 });
    times.push(Date.now() - start);
    await page.waitForLoadState('networkidle');
    const got = await Promise.all(sizes);
    bytes = got.reduce((a, b) => a + b[0], 0); gz = got.reduce((a, b) => a + b[1], 0); files = got.length;
    results = (await page.textContent('#search-results h2, #search-results p')) || '';
    await context.close();
  }
  allBytes.push(bytes); allGz.push(gz); allMs.push(median(times));
  console.log(`${q}\t${(bytes / 1024).toFixed(1)} KiB (gzip ${(gz / 1024).toFixed(1)}) in ${files} files\t${median(times)} ms (median of ${runs})\t${results.slice(0, 40)}`);
}
console.log(`median over queries: ${(median(allBytes) / 1024).toFixed(1)} KiB (gzip ${(median(allGz) / 1024).toFixed(1)}), ${median(allMs)} ms to the first result`);
await browser.close();
server.close();
