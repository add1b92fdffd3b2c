// The relevance set: searches residents would type on the sample community, each with the
// pages they expect near the top, run in headless Chromium against the built site. A query
// passes when one of its pages is among the first `top` results (3 unless said). Prints
// each query's rank, then the score: queries passed, and the mean reciprocal rank (1 when
// every expected page is first; a query whose pages are not in the first 10 counts 0).
// Usage: node relevance.mjs SITE_DIR   (exits 1 unless every query passes)
import { resolve } from 'node:path';
import { serve, launch, results } from './serve.mjs';

const site = process.argv[2] && resolve(process.argv[2]);
if (!site) { console.error('usage: node relevance.mjs SITE_DIR'); process.exit(2); }
const topic = (id) => `topics/${id}/index.html`;
const meeting = (id) => `meetings/${id}/index.html`;

// [query, pages expected near the top, how near (default 3), why]
const set = [
  // Titles as written.
  // 停车位: the topic, or the meeting whose title holds the very word (the topic's title
  // says 停车难 … 车位).
  ['停车位', [topic('2024-03-parking'), meeting('2024-04-18-parking-vote')], 1],
  ['垃圾分类', [topic('2024-11-waste-sorting')], 1],
  ['暖房子', [topic('2024-05-warm-house')], 1],
  ['声控灯', [topic('2024-09-stairwell-lights')], 1],
  ['石桌石凳', [topic('2024-06-stone-tables')], 1],
  ['广场舞', [topic('2025-03-square-dance-noise'), meeting('2025-04-25-square-dance')], 1],
  ['养犬公约', [topic('2025-02-dog-rules')], 3],
  ['商业广告', [topic('2025-09-wall-ads')], 1],
  ['助餐点', [topic('2025-10-canteen')], 1],
  ['物业服务费', [topic('2025-06-property-fee')], 1],
  // Words of the body, not the title.
  ['取暖', [topic('2024-05-warm-house')]],
  ['纳凉', [topic('2024-06-stone-tables')]],
  ['积水', [topic('2025-05-sewage'), topic('2024-08-road-repair')]],
  ['充电', [topic('2025-11-bike-shed')]],
  ['除雪', [meeting('2025-12-23-snow-talk')], 1],
  ['占道', [topic('2024-03-parking')]],
  // Words in another order, or shortened, as people say them.
  ['电梯加装', [topic('2025-04-elevator')]],
  ['居民公约修订', [topic('2025-07-resident-compact'), meeting('2025-09-19-resident-compact')]],
  ['低保', [topic('2024-10-dibao-hearing'), meeting('2024-11-05-dibao-hearing')]],
  ['物业费', [topic('2025-06-property-fee')]],
  ['电动车充电', [topic('2025-11-bike-shed')]],
  ['春节联欢', [topic('2024-12-festival'), meeting('2024-12-20-festival')]],
  ['噪音扰民', [topic('2025-03-square-dance-noise')]],
  ['路面破损修复', [topic('2024-08-road-repair'), meeting('2024-09-20-road-repair')]],
  // One character, found in a body (遛狗).
  ['狗', [topic('2025-02-dog-rules'), meeting('2025-04-11-dog-rules')]],
  // People: a council member, a recorder, someone often absent.
  ['吴桂芳', ['council/index.html', meeting('2024-06-28-council-regular')]],
  ['赵德明', ['council/index.html']],
  ['张秀兰', [meeting('2024-09-20-road-repair'), meeting('2024-09-26-lights-talk'), meeting('2025-04-25-square-dance'),
    meeting('2024-12-20-festival'), meeting('2025-06-20-leak-mediation'), meeting('2025-12-23-snow-talk'), 'council/index.html',
    'grids/index.html']],
  // A 网格员 and a grid, as a resident looking for their contact types them (14.2).
  ['陈晓燕', ['grids/index.html'], 1],
  ['第二网格', ['grids/index.html'], 1],
  // Numbers written with or without a space, and full width.
  ['9号楼电梯', [meeting('2025-05-16-elevator-hearing'), meeting('2025-05-30-elevator-decision'), topic('2025-04-elevator')]],
  ['８号楼漏水', [meeting('2025-06-20-leak-mediation'), topic('2025-06-neighbour-leak')]],
  // One wrong character.
  ['加装电悌', [topic('2025-04-elevator')]],
  ['垃圾分裂', [topic('2024-11-waste-sorting')]],
  ['广场午', [topic('2025-03-square-dance-noise'), meeting('2025-04-25-square-dance')]],
  // Pages other than topics and meetings.
  ['议事规则', ['rules/index.html']],
  ['满意度', ['years/2025/index.html', 'years/2024/index.html', meeting('2025-12-20-annual-review'),
    meeting('2024-12-27-annual-review'), 'rules/index.html']],
];

const server = await serve(site);
const browser = await launch();
const page = await browser.newPage();
let passed = 0, reciprocal = 0;
for (const [q, want, top = 3] of set) {
  const found = await results(page, server.origin, q);
  const rank = found.findIndex((url) => want.includes(url)) + 1;
  const ok = rank > 0 && rank <= top;
  if (ok) passed++;
  if (rank > 0 && rank <= 10) reciprocal += 1 / rank;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${q}: ${rank ? `rank ${rank}` : 'not found'} (top ${top}; first: ${found[0] || '-'})`);
}
console.log(`relevance: ${passed}/${set.length} queries passed, mean reciprocal rank ${(reciprocal / set.length).toFixed(3)}`);
await browser.close();
server.close();
process.exit(passed === set.length ? 0 : 1);
