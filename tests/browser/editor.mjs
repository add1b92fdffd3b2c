// The form editor in a real browser (issue 26): admin/ of the built sample, Sveltia CMS's
// test backend (it keeps the repository in the browser's origin-private file system, seeded
// here with the sample's files). Through the forms, as staff would: a new meeting — kind
// from the list, start date and time, attendance, a member absent, two resolutions (one by
// roll call), an objection — and a progress update with a photo on a topic. The saved files
// are read back out of the browser into a copy of the repository, for `yishi check` and
// `yishi build` (scripts/browser-tests.sh), and the outcome worked out by hand is checked
// there.
//
// Usage: node editor.mjs SITE_DIR REPO_DIR COPY_DIR [SCREENSHOT_DIR]  (the new meeting's path goes to COPY_DIR.meeting)
import { readFileSync, writeFileSync, readdirSync, statSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { serve, launch } from './serve.mjs';

const [site, repo, copy, shots] = process.argv.slice(2);
if (!copy) { console.error('usage: node editor.mjs SITE_DIR REPO_DIR COPY_DIR [SCREENSHOT_DIR]'); process.exit(2); }
const check = (ok, what) => { if (!ok) { console.error(`editor: FAILED: ${what}`); process.exit(1); } };

// The sample's configuration, with the test backend instead of GitHub.
const config = join(site, 'admin/config.yml');
writeFileSync(config, readFileSync(config, 'utf8').replace(/"backend": \{[^}]*\}/s, '"backend": { "name": "test-repo" }'));
const seed = {};
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(md|toml)$/.test(n)) seed[relative(repo, p)] = readFileSync(p, 'utf8');
  }
};
walk(join(repo, 'content'));
seed['site.toml'] = readFileSync(join(repo, 'site.toml'), 'utf8');

const { origin, close } = await serve(site);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
await page.goto(`${origin}/admin/index.html`);
await page.evaluate(async (seed) => {
  const top = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test', { create: true });
  for (const [path, text] of Object.entries(seed)) {
    const parts = path.split('/');
    let dir = top;
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
    const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await w.write(text);
    await w.close();
  }
}, seed);
await page.reload();
await page.getByText('使用测试仓库').click();
await page.getByText('9 号楼加装电梯费用分摊民主议事会').first().waitFor();
const body = (await page.textContent('body')).replace(/\s+/g, ' ');
check(/会议记录 28/.test(body) && /议题 18/.test(body), `the collections list the sample's records in Chinese: ${body.slice(0, 300)}`);
// Yearly and project evaluations share a folder: each collection shows its own kind.
check(/年度评议 2/.test(body) && /项目评议 1/.test(body), `the two kinds of evaluation apart: ${body.slice(0, 300)}`);
check(await page.locator('a.yishi-problems').isVisible(), "the editor's home links to the problems page");
if (shots) await page.screenshot({ path: join(shots, 'editor-list-1280.png') });

// The form renders its fields as they scroll into view: scroll until the one wanted is there.
const field = (path) => page.locator(`section[data-key-path="${path}"]`).first();
const reveal = async (path) => {
  for (let i = 0; i < 80 && !(await field(path).count()); i++) {
    await page.mouse.move(640, 500);
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(50);
  }
  await field(path).scrollIntoViewIfNeeded();
  return field(path);
};
const input = async (path) => (await reveal(path)).locator('input, textarea').first();
const text = async (path, value) => (await input(path)).fill(value);
const choose = async (path, option) => {
  await (await reveal(path)).locator('[role=combobox]').first().click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
};
const add = async (path) => (await reveal(path)).getByRole('button', { name: /添加/ }).last().click();

// A new meeting.
await page.goto(`${origin}/admin/index.html#/collections/meetings/new`);
await field('title').waitFor();
await text('title', '关于东区停车位规划的民主议事会');
await choose('kind', '民主议事会');
await (await input('start')).fill('2025-12-19T19:00');
await text('place', '社区协商议事室');
await text('expected', '9');
await text('present', '8');
await text('published', '2025-12-22');
await add('absent');
await text('absent.0', '赵德明（外出）');
await add('resolutions');
await text('resolutions.0.text', '同意在东区增设 20 个停车位');
await text('resolutions.0.method', '举手表决');
await text('resolutions.0.yes', '6');
await text('resolutions.0.no', '1');
await text('resolutions.0.abstain', '1');
await add('resolutions');
await text('resolutions.1.text', '停车位按先登记先分配');
await text('resolutions.1.method', '投票表决');
// An optional table is added with its checkbox.
await (await reveal('resolutions.1.votes')).getByRole('checkbox').first().click();
for (const name of ['王建国', '李冬浩', '陈美华']) {
  await (await reveal('resolutions.1.votes.yes')).locator('[role=combobox]').first().click();
  await page.getByRole('option', { name, exact: true }).first().click();
}
await add('objections');
await text('objections.0.received', '2025-12-23');
await text('objections.0.summary', '希望给老年住户保留近楼门的车位');
await text('objections.0.resolution', '2');
if (shots) {
  await page.setViewportSize({ width: 390, height: 844 });
  await field('resolutions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'editor-meeting-390.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await field('title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'editor-meeting-1280.png') });
}
await page.getByRole('button', { name: '保存', exact: true }).click();
await page.waitForTimeout(1500);

// A progress update with a photo on the elevator topic.
await page.goto(`${origin}/admin/index.html#/collections/topics/entries/2025-04-elevator`);
await field('title').waitFor();
await add('actions.0.updates');
// The sample's consent-signing action has two updates; the new one is the third.
const u = 'actions.0.updates.2';
await text(`${u}.date`, '2025-12-24');
await text(`${u}.progress`, '80');
await text(`${u}.note`, '18 户中 16 户签字');
const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
await (await reveal(`${u}.photos`)).locator('input[type=file]').first()
  .setInputFiles({ name: 'consent-1224.png', mimeType: 'image/png', buffer: photo });
await page.waitForTimeout(800);
if (shots) {
  await page.setViewportSize({ width: 390, height: 844 });
  await (await reveal(`${u}.note`)).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'editor-progress-390.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
}
await page.getByRole('button', { name: '保存', exact: true }).click();
await page.waitForTimeout(1500);

// What the editor saved, read out of the browser into a copy of the repository.
const saved = await page.evaluate(async () => {
  const out = {};
  const walk = async (dir, prefix) => {
    for await (const [name, h] of dir.entries()) {
      if (h.kind === 'directory') await walk(h, `${prefix}${name}/`);
      else out[prefix + name] = Array.from(new Uint8Array(await (await h.getFile()).arrayBuffer()));
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test'), '');
  return out;
});
// Only the community's own files: its settings, records, static files and themes.
for (const part of ['site.toml', 'content', 'static', 'themes']) {
  if (existsSync(join(repo, part))) cpSync(join(repo, part), join(copy, part), { recursive: true });
}
let written = 0;
for (const [path, bytes] of Object.entries(saved)) {
  mkdirSync(dirname(join(copy, path)), { recursive: true });
  writeFileSync(join(copy, path), Buffer.from(bytes));
  written++;
}
const meeting = Object.keys(saved).find((p) => p.startsWith('content/meetings/') && !seed[p]);
check(meeting, 'the new meeting was saved');
check(/^content\/meetings\/2025-12-19-r[0-9a-f]{8}\.md$/.test(meeting), `a valid id, the meeting's date first, however Chinese the title: ${meeting}`);
const topic = Buffer.from(saved['content/topics/2025-04-elevator.md']).toString();
check(/attachments\/consent-1224\.png/.test(topic), `the photo is linked by its path under content/: ${topic}`);
check(saved['content/attachments/consent-1224.png'], 'the photo is in content/attachments/');
check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
writeFileSync(`${copy}.meeting`, meeting);
console.log(`editor: ${written} files read back out of the browser; new meeting ${meeting}`);
await browser.close();
close();
