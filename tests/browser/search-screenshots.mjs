// Screenshots of the search page on a phone (390 px), for docs/screenshots/: words in another
// order, one wrong character, and a name with many results and the filters.
// Usage: node search-screenshots.mjs SITE_DIR OUT_DIR
import { resolve, join } from 'node:path';
import { serve, launch, results } from './serve.mjs';

const [site, dir] = process.argv.slice(2).map((p) => p && resolve(p));
if (!site || !dir) { console.error('usage: node search-screenshots.mjs SITE_DIR OUT_DIR'); process.exit(2); }
const server = await serve(site);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 390, height: 1300 } });
for (const [q, name] of [['电梯加装', 'search-reordered-390'], ['加装电悌', 'search-typo-390'], ['李冬浩', 'search-filters-390']]) {
  await results(page, server.origin, q);
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
await browser.close();
server.close();
