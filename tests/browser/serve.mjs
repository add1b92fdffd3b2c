// What the search checks share: the built site served over HTTP (search needs fetch, which
// browsers refuse from file://), and Debian's headless Chromium.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

// Serves `site` on a free port of 127.0.0.1: { origin, close }. Text is sent gzipped to a
// browser that asks for it, as GitHub Pages, Netlify and Cloudflare send it.
export async function serve(site) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      let body = await readFile(join(site, path.endsWith('/') ? path + 'index.html' : path));
      const type = types[extname(path)] || 'application/octet-stream';
      const headers = { 'content-type': type };
      if (/gzip/.test(req.headers['accept-encoding'] || '') && !type.startsWith('image/png')) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// The result links of a search, in order, once the results (or the "none" line) are shown.
export async function results(page, origin, q) {
  await page.goto(`${origin}/search/index.html?q=${encodeURIComponent(q)}`);
  await page.waitForSelector('.search-results a, #search-results p', { timeout: 15000 });
  return page.$$eval('.search-results > li > a', (as) => as.map((a) => new URL(a.href).pathname.slice(1)));
}
