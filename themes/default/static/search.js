// The search page's only script: shows the form, reads the index yishi built under
// search/ (see src/search.rs) and lists matching records. Without JavaScript, or from
// file:// (where browsers refuse to fetch the index), the page keeps its links to every
// category and year.
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const out = document.getElementById('search-results');
const base = new URL(form.dataset.bundle, document.baseURI).href;
const say = (text) => { out.replaceChildren(Object.assign(document.createElement('p'), { textContent: text })); };
const json = (path) => fetch(base + path).then((r) => { if (!r.ok) throw new Error(path); return r.json(); });
const cache = new Map();
const load = (path) => { if (!cache.has(path)) cache.set(path, json(path)); return cache.get(path); };

// The same rules as src/search.rs: full-width letters and digits as ASCII, lower case;
// pairs of adjacent CJK characters (a lone one by itself); runs of other letters and digits.
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
function terms(text) {
  const out = [];
  let word = '', prev = null, run = 0;
  const endRun = () => { if (prev !== null && run === 1) out.push(prev); prev = null; run = 0; };
  for (const raw of text) {
    const c = fold(raw);
    if (isCjk(c)) {
      if (word) { out.push(word); word = ''; }
      if (prev !== null) out.push(prev + c);
      prev = c; run++;
    } else {
      endRun();
      if (isWord(c)) word += c; else if (word) { out.push(word); word = ''; }
    }
  }
  endRun();
  if (word) out.push(word);
  return [...new Set(out)];
}
// FNV-1a of the term's UTF-8 bytes: which file holds it.
const encoder = new TextEncoder();
function hash(term) {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(term)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

// Records matching the query, best first. How much of the query a record holds comes first:
// one with every pair beats one with some, so words in another order still find it (电梯加装
// matches 加装电梯 by 电梯 and 加装); at least half the terms of a longer query must match.
// Then the BM25 weights made at build time. The term files are fetched in parallel.
async function find(meta, query) {
  const wanted = terms(query);
  if (wanted.length === 0) return [];
  const tables = await Promise.all(wanted.map((term) => load(`terms/${hash(term) & (meta.terms - 1)}.json`)));
  const scores = new Map();
  const hits = new Map();
  wanted.forEach((term, t) => {
    const table = tables[t];
    const postings = Object.hasOwn(table, term) ? table[term] : [];
    for (let i = 0, record = 0; i < postings.length; i += 2) {
      record += postings[i];
      scores.set(record, (scores.get(record) || 0) + postings[i + 1]);
      hits.set(record, (hits.get(record) || 0) + 1);
    }
  });
  const need = wanted.length <= 2 ? 1 : Math.ceil(wanted.length / 2);
  return [...scores]
    .filter(([record]) => hits.get(record) >= need)
    .sort((a, b) => hits.get(b[0]) - hits.get(a[0]) || b[1] - a[1] || a[0] - b[0])
    .map(([record]) => record);
}

// Up to 160 characters of the text around the first match, matches marked.
function excerpt(text, query) {
  // The record's parts (kind, place, summary, paragraphs) are lines: keep them apart.
  text = text.trim().replace(/\s*\n\s*/g, ' · ').replace(/\s+/g, ' ');
  const folded = [...text].map(fold).join('');
  const needles = query.split(/\s+/).map((w) => [...w].map(fold).join('')).filter(Boolean);
  const found = needles.map((n) => folded.indexOf(n)).filter((i) => i >= 0);
  const first = found.length ? Math.min(...found) : 0;
  const start = Math.max(0, first - 40);
  const end = Math.min(text.length, start + 160);
  const p = document.createElement('p');
  if (start > 0) p.append('…');
  let at = start;
  while (at < end) {
    let hit = -1, len = 0;
    for (const n of needles) {
      const i = folded.indexOf(n, at);
      if (i >= 0 && i < end && (hit < 0 || i < hit)) { hit = i; len = n.length; }
    }
    if (hit < 0) { p.append(text.slice(at, end)); break; }
    p.append(text.slice(at, hit));
    p.append(Object.assign(document.createElement('mark'), { textContent: text.slice(hit, hit + len) }));
    at = hit + len;
  }
  if (end < text.length) p.append('…');
  return p;
}

let meta = null;
try {
  meta = await load('meta.json');
  form.hidden = false;
} catch (e) {
  say(form.dataset.unavailable);
}

async function run(q) {
  q = q.trim();
  if (!meta || !q) { out.replaceChildren(); return; }
  const records = await find(meta, q);
  if (records.length === 0) { say(form.dataset.none.replace('{q}', q)); return; }
  const heading = document.createElement('h2');
  heading.textContent = form.dataset.count.replace('{n}', records.length).replace('{q}', q);
  const list = document.createElement('ol');
  list.className = 'search-results';
  for (const record of records.slice(0, 30)) {
    const docs = await load(`docs/${Math.floor(record / meta.chunk)}.json`);
    const [url, title, text] = docs[record % meta.chunk];
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = form.dataset.root + url;
    link.textContent = title;
    item.append(link, excerpt(text, q));
    list.append(item);
  }
  out.replaceChildren(heading, list);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = input.value;
  history.replaceState(null, '', '?q=' + encodeURIComponent(q));
  run(q).catch(() => say(form.dataset.unavailable));
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) { input.value = initial; run(initial).catch(() => say(form.dataset.unavailable)); }
