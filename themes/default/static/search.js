// The search page's only script: shows the form, reads the index yishi built under
// search/ (see src/site/search.rs) and lists matching records, best first, a page at a time,
// with filters by kind, category and year. Without JavaScript, or from file:// (where
// browsers refuse to fetch the index), the page keeps its links to every category and year.
// Written for the browsers residents' phones have, WeChat's and QQ's among them: ES2019
// (no top-level await, no ?? or ?., no Object.hasOwn or replaceChildren; tests/browser/
// search.mjs parses it so).
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const out = document.getElementById('search-results');
const say = form.dataset; // the page's words, in the site's language
const base = new URL(say.bundle, document.baseURI).href;
const PAGE = 10; // results shown at a time; "more" shows the next ones
const LITTLE = 3; // with fewer exact results, a query of 3+ characters is tried with one wrong
const WINDOW = 90; // characters of an excerpt

const json = (path) => fetch(base + path).then((r) => { if (!r.ok) throw new Error(path); return r.json(); });
const cache = new Map();
const load = (path) => { if (!cache.has(path)) cache.set(path, json(path)); return cache.get(path); };
const el = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};
const show = (...nodes) => { out.textContent = ''; out.append(...nodes); };
const paragraph = (text) => show(el('p', { textContent: text }));

// The same rules as src/site/search.rs: full-width letters and digits as ASCII, lower case;
// pairs of adjacent CJK characters (a lone one by itself); runs of other letters and digits.
// Spaces and punctuation only separate, so "3 号楼" and "3号楼" are the same terms.
const isCjk = (c) => {
  const n = c.codePointAt(0);
  return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff)
    || (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x3ffff);
};
const fold = (c) => {
  const n = c.codePointAt(0);
  if (n >= 0xff01 && n <= 0xff5e) c = String.fromCodePoint(n - 0xfee0);
  const l = c.toLowerCase();
  return [...l].length === 1 ? l : c;
};
const isWord = (c) => /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u.test(c);
// The query's terms, and its runs of CJK characters (a typo is looked for inside them).
function split(text) {
  const terms = [], runs = [];
  let word = '', run = [];
  const endRun = () => { if (run.length === 1) terms.push(run[0]); if (run.length) runs.push(run); run = []; };
  for (const raw of text) {
    const c = fold(raw);
    if (isCjk(c)) {
      if (word) { terms.push(word); word = ''; }
      if (run.length) terms.push(run[run.length - 1] + c);
      run.push(c);
    } else {
      endRun();
      if (isWord(c)) word += c; else if (word) { terms.push(word); word = ''; }
    }
  }
  endRun();
  if (word) terms.push(word);
  return { terms: [...new Set(terms)], runs };
}
// FNV-1a of the term's UTF-8 bytes: which file holds it.
const encoder = new TextEncoder();
function hash(term) {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(term)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}
// Each term's postings as a Map from record to weight; all files fetched in parallel.
async function postings(meta, terms) {
  const tables = await Promise.all(terms.map((t) => load(`terms/${hash(t) & (meta.terms - 1)}.json`)));
  return terms.map((t, i) => {
    const list = Object.prototype.hasOwnProperty.call(tables[i], t) ? tables[i][t] : [];
    const map = new Map();
    for (let j = 0, record = 0; j < list.length; j += 2) { record += list[j]; map.set(record, list[j + 1]); }
    return map;
  });
}
// Text without spaces, folded, with where each character was: "3 号楼" reads as "3号楼".
function normal(chars) {
  const text = [], at = [];
  chars.forEach((c, i) => { if (!/\s/u.test(c)) { text.push(fold(c)); at.push(i); } });
  return { text, at };
}
const squeeze = (s) => normal([...s]).text.join('');

// Records for the query, best first, in three tiers: those holding every term of the query;
// when they are few, those holding it with one character wrong in a run of 3 or more (电梯
// → 电悌 is not tried: one of two characters is too little to go on); and when those two
// tiers fill less than a page, those holding at least half of the terms (words in another
// order: 电梯加装 finds 加装电梯 by 电梯 and 加装, while 梯加 is nowhere).
// Inside a tier, more terms matched first, then the BM25 weights made at build time (title
// words count three times). A typo's candidates are read (their docs) and kept only if the
// text holds the query with one character changed, which gives the word to suggest — or the
// query itself once read across two fields (a title's end and the category after it), which
// puts them in the first tier.
async function find(meta, query) {
  const { terms, runs } = split(query);
  if (terms.length === 0) return null;
  const lists = await postings(meta, terms);
  const score = new Map(), hits = new Map();
  lists.forEach((list) => {
    for (const [record, weight] of list) {
      score.set(record, (score.get(record) || 0) + weight);
      hits.set(record, (hits.get(record) || 0) + 1);
    }
  });
  const byScore = (a, b) => hits.get(b) - hits.get(a) || score.get(b) - score.get(a) || a - b;
  const exact = [...hits.keys()].filter((r) => hits.get(r) === terms.length).sort(byScore);
  const need = terms.length <= 2 ? 1 : Math.ceil(terms.length / 2);
  let fuzzy = [], suggestion = null;
  if (exact.length < LITTLE) {
    const near = await typos(meta, query, terms, lists, runs, new Set(exact));
    // Those holding the query itself once read across their fields join the first tier.
    exact.push(...near.joined);
    ({ fuzzy, suggestion } = near);
  }
  const taken = new Set([...exact, ...fuzzy]);
  const partial = taken.size >= PAGE ? []
    : [...hits.keys()].filter((r) => !taken.has(r) && hits.get(r) >= need).sort(byScore);
  return { records: [...exact, ...fuzzy, ...partial], exact: exact.length, fuzzy: fuzzy.length, suggestion };
}

async function typos(meta, query, terms, lists, runs, exact) {
  const found = new Map(); // record → the pattern it was found by
  for (const run of runs.filter((r) => r.length >= 3)) {
    const singles = await postings(meta, run);
    for (let i = 0; i < run.length; i++) {
      const touching = new Set([i > 0 ? run[i - 1] + run[i] : null, i + 1 < run.length ? run[i] + run[i + 1] : null]);
      const required = terms.map((t, k) => (touching.has(t) ? null : lists[k])).filter(Boolean)
        .concat(singles.filter((_, j) => j !== i));
      required.sort((a, b) => a.size - b.size);
      for (const record of required[0].keys()) {
        if (exact.has(record) || found.has(record)) continue;
        if (required.every((m) => m.has(record))) found.set(record, { run, i });
      }
    }
  }
  // Read the best candidates and keep those whose text holds the run with one character
  // changed (after the query's other terms, the characters around it could be anywhere).
  const weight = (r) => terms.reduce((s, _, k) => s + (lists[k].get(r) || 0), 0);
  const candidates = [...found.keys()].sort((a, b) => weight(b) - weight(a) || a - b).slice(0, 3 * PAGE);
  const fuzzy = [], joined = [];
  let suggestion = null;
  const docs = await Promise.all(candidates.map((r) => doc(meta, r)));
  candidates.forEach((record, k) => {
    const { run, i } = found.get(record);
    const pattern = new RegExp(run.map((c, j) => (j === i ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join(''), 'u');
    const m = squeeze(docs[k].title + '\n' + docs[k].text).match(pattern);
    if (!m) return;
    if (m[0] === run.join('')) { joined.push(record); return; }
    fuzzy.push(record);
    if (suggestion === null) suggestion = squeeze(query).replace(run.join(''), m[0]);
  });
  return { fuzzy, joined, suggestion };
}

// What a result shows: address, title and text, from the file of its chunk.
async function doc(meta, record) {
  const docs = await load(`docs/${Math.floor(record / meta.chunk)}.json`);
  const [url, title, text, sections = []] = docs[record % meta.chunk];
  return { url, title, text, sections };
}

// Each record's kind, category and year, from the runs and codes of filters.json.
const CODES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function facets(f, count) {
  const expand = (runs) => {
    const out = new Uint16Array(count);
    for (let j = 0, at = 0; j < runs.length; j += 2) { out.fill(runs[j], at, at + runs[j + 1]); at += runs[j + 1]; }
    return out;
  };
  const category = new Uint16Array(count);
  [...f.category].forEach((c, j) => { category[f.category_from + j] = Math.max(0, CODES.indexOf(c)); });
  return { kinds: f.kinds, kind: expand(f.kind), category, year: expand(f.year), categories: f.categories, years: f.years };
}

// The excerpt: the window of the text with the most different query words, those marked.
// Words are found in the text read without spaces, so "3号楼" marks "3 号楼". Then the parts
// of the page (headings of its body) holding the most different query words, up to 3, as
// links to them (Pagefind's sub-results): [excerpt, list or null].
function excerpt({ url, text, sections }, query, suggestion) {
  const chars = [...text.trim().replace(/\s*\n\s*/g, ' · ')];
  const { text: norm, at } = normal(chars);
  const { terms } = split(query);
  const needles = [squeeze(query), suggestion && squeeze(suggestion)]
    .concat(terms.filter((t) => [...t].length >= 2 || (terms.length === 1 && isCjk(t))))
    .filter(Boolean).map((n) => [...n]);
  const marked = new Uint8Array(norm.length);
  const hits = []; // [position, needle]
  needles.forEach((needle, k) => {
    for (let i = 0; i + needle.length <= norm.length; i++) {
      if (needle.every((c, j) => norm[i + j] === c)) {
        hits.push([i, k]);
        marked.fill(1, i, i + needle.length);
      }
    }
  });
  // The window starting near the hit that has the most different needles after it.
  let best = 0, bestCount = 0;
  for (const [i] of hits) {
    const end = at[i] + WINDOW;
    const count = new Set(hits.filter(([j]) => at[j] >= at[i] && at[j] < end).map(([, k]) => k)).size;
    if (count > bestCount) { best = at[i]; bestCount = count; }
  }
  // Start at the beginning of its phrase when that is near (after a · 。，；：).
  let start = Math.max(0, best - 20);
  for (let i = best - 1; i >= Math.max(0, best - 20); i--) {
    if (/[·。，；：！？,.;:!?]/u.test(chars[i])) { start = i + 1; break; }
  }
  while (start < best && /\s/u.test(chars[start])) start++;
  const end = Math.min(chars.length, start + WINDOW);
  const isMarked = new Uint8Array(chars.length);
  at.forEach((i, j) => { if (marked[j]) isMarked[i] = 1; });
  // A space between two marked characters is marked too.
  for (let i = 1; i + 1 < chars.length; i++) {
    if (!isMarked[i] && /\s/u.test(chars[i]) && isMarked[i - 1]) {
      let j = i; while (j < chars.length && /\s/u.test(chars[j])) j++;
      if (isMarked[j]) isMarked.fill(1, i, j);
    }
  }
  const p = el('p');
  if (start > 0) p.append('…');
  for (let i = start; i < end;) {
    let j = i;
    while (j < end && isMarked[j] === isMarked[i]) j++;
    const piece = chars.slice(i, j).join('');
    p.append(isMarked[i] ? el('mark', { textContent: piece }) : piece);
    i = j;
  }
  if (end < chars.length) p.append('…');
  return [p, parts(chars, hits.map(([i, k]) => [at[i], k]), sections, url)];
}

// Where each heading stands in the text (its own line, read as " · heading · "), and the
// headings whose parts hold the most different needles, as links.
function parts(chars, hits, sections, url) {
  if (!sections.length || !hits.length) return null;
  const line = chars.join('');
  const starts = [];
  let from = 0;
  for (const [heading, id] of sections) {
    const marked = ` · ${heading} · `;
    let at = line.startsWith(heading + ' · ') && from === 0 ? 0 : line.indexOf(marked, from);
    if (at < 0 && line.endsWith(' · ' + heading)) at = line.length - heading.length - 3;
    if (at < 0) continue;
    from = at + 1;
    starts.push([[...line.slice(0, at)].length, heading, id]);
  }
  const found = new Map(); // section → needles found under it
  for (const [position, needle] of hits) {
    const section = starts.filter(([s]) => s <= position).pop();
    if (!section) continue;
    if (!found.has(section)) found.set(section, new Set());
    found.get(section).add(needle);
  }
  if (found.size === 0) return null;
  const best = [...found].sort((a, b) => b[1].size - a[1].size || a[0][0] - b[0][0]).slice(0, 3);
  const list = el('ul');
  for (const [[, heading, id]] of best) {
    list.append(el('li', {}, el('a', { href: say.root + url + '#' + encodeURIComponent(id), textContent: heading })));
  }
  return el('div', { className: 'search-parts' }, say.sections + say.colon, list);
}

// The index's shape: written on the page by the build (so the first search fetches its term
// files at once), else from meta.json (a theme's own search.html may not carry it).
let meta = null;
const shape = say.terms ? Promise.resolve({ terms: +say.terms, chunk: +say.chunk, records: +say.records })
  : load('meta.json');
const ready = (location.protocol === 'file:' ? Promise.reject(new Error('file://')) : shape)
  .then((m) => { meta = m; form.hidden = false; }, () => paragraph(say.unavailable));

const kinds = say.kinds.split('|');
const params = () => new URLSearchParams(location.search);

let latest = 0; // a search started later wins over one still fetching
async function run(q) {
  q = q.trim();
  const mine = ++latest;
  if (!meta || !q) { show(); return; }
  const [found, f] = await Promise.all([find(meta, q), load('filters.json').catch(() => null)]);
  if (mine !== latest) return;
  if (!found || found.records.length === 0) { paragraph(say.none.replace('{q}', q)); return; }
  const facet = f && facets(f, meta.records);
  const chosen = { kind: params().get('kind'), category: params().get('category'), year: params().get('year') };
  const value = {
    kind: (r) => facet.kinds[facet.kind[r]],
    category: (r) => (facet.category[r] ? facet.categories[facet.category[r] - 1] : null),
    year: (r) => (facet.year[r] ? String(facet.years[facet.year[r] - 1]) : null),
  };
  const keep = (r, except) => !facet || Object.keys(chosen).every((k) => k === except || !chosen[k] || value[k](r) === chosen[k]);
  const records = found.records.filter((r) => keep(r));

  const heading = el('h2', { textContent: say.count.replace('{n}', records.length).replace('{q}', q) });
  const parts = [heading];
  if (found.exact === 0 && found.fuzzy > 0) {
    parts.push(el('p', { textContent: say.fuzzy.replace('{q}', q) }));
    if (found.suggestion) {
      const link = el('a', { href: '?q=' + encodeURIComponent(found.suggestion), textContent: found.suggestion });
      parts.push(el('p', {}, say.suggest, link));
    }
  }
  if (facet) parts.push(filters(found.records, facet, value, keep, chosen, q));
  const list = el('ol', { className: 'search-results' });
  const more = el('button', { type: 'button', className: 'search-more' });
  parts.push(list, more);
  let shown = 0;
  const where = (r) => facet ? [kinds[facet.kind[r]], value.category(r), value.year(r) && say.year.replace('{y}', value.year(r))]
    .filter(Boolean).join(' · ') : '';
  // The next page: its docs fetched in parallel; a page's results with the whole query as
  // written (in the title, else the text) come first among those of their tier.
  async function next() {
    const page = records.slice(shown, shown + PAGE);
    const docs = await Promise.all(page.map((r) => doc(meta, r)));
    const phrase = squeeze(q);
    const tier = page.map((r) => { const i = found.records.indexOf(r); return i < found.exact ? 0 : i < found.exact + found.fuzzy ? 1 : 2; });
    const bonus = docs.map((d) => (squeeze(d.title).includes(phrase) ? 2 : squeeze(d.text).includes(phrase) ? 1 : 0));
    const order = page.map((r, k) => k).sort((a, b) => tier[a] - tier[b] || bonus[b] - bonus[a] || a - b);
    let first = null;
    for (const k of order) {
      const { url, title } = docs[k];
      const link = el('a', { href: say.root + url, textContent: title });
      if (first === null) first = link;
      const item = el('li', {}, link);
      const w = where(page[k]);
      if (w) item.append(el('p', { className: 'search-where', textContent: w }));
      const [shownText, sub] = excerpt(docs[k], q, found.suggestion);
      item.append(shownText);
      if (sub) item.append(sub);
      list.append(item);
    }
    shown += page.length;
    const left = records.length - shown;
    more.hidden = left <= 0;
    more.textContent = say.more.replace('{n}', left);
    return first;
  }
  more.addEventListener('click', () => { next().then((first) => first && first.focus()); });
  await next();
  if (mine === latest) show(...parts);
}

// The filters: one list each for kind, category and year, with how many results each
// choice leaves (the other filters applied); a list with one choice is not shown.
function filters(records, facet, value, keep, chosen, q) {
  const box = el('div', { className: 'search-filters' }, el('h3', { textContent: say.filters }));
  const labels = { kind: say.filterKind, category: say.filterCategory, year: say.filterYear };
  const names = { kind: (v) => kinds[facet.kinds.indexOf(v)], category: (v) => v, year: (v) => say.year.replace('{y}', v) };
  for (const key of ['kind', 'category', 'year']) {
    const counts = new Map();
    for (const r of records) {
      const v = value[key](r);
      if (v !== null && keep(r, key)) counts.set(v, (counts.get(v) || 0) + 1);
    }
    // A choice in the address that nothing has (a link from an older site) stays, at 0, so
    // choosing 全部 undoes it.
    if (chosen[key] && !counts.has(chosen[key])) counts.set(chosen[key], 0);
    if (counts.size < 2 && !chosen[key]) continue;
    const order = key === 'year' ? [...counts.keys()].sort().reverse() : key === 'kind'
      ? facet.kinds.filter((k) => counts.has(k)) : [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a));
    const select = el('select', { id: `search-${key}`, name: key });
    select.append(el('option', { value: '', textContent: say.all }));
    for (const v of order) {
      select.append(el('option', { value: v, textContent: `${names[key](v)}${say.lparen}${counts.get(v)}${say.rparen}`, selected: chosen[key] === v }));
    }
    select.addEventListener('change', () => {
      const p = params();
      p.set('q', q);
      if (select.value) p.set(key, select.value); else p.delete(key);
      history.replaceState(null, '', '?' + p);
      run(q).catch(() => paragraph(say.unavailable));
    });
    box.append(el('label', { htmlFor: select.id }, labels[key], select));
  }
  return box;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = input.value;
  history.replaceState(null, '', '?q=' + encodeURIComponent(q));
  run(q).catch(() => paragraph(say.unavailable));
});
ready.then(() => {
  const initial = params().get('q');
  if (meta && initial) { input.value = initial; run(initial).catch(() => paragraph(say.unavailable)); }
});
