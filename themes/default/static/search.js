// The search page's only script: shows the form, loads the Pagefind index built by yishi
// and lists matching records. Without JavaScript, or from file:// (where browsers refuse
// to load the index), the page keeps its links to every category and year.
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const out = document.getElementById('search-results');
const say = (text) => { out.replaceChildren(Object.assign(document.createElement('p'), { textContent: text })); };

let pagefind = null;
try {
  const bundle = new URL(form.dataset.bundle, document.baseURI).href;
  pagefind = await import(bundle + 'pagefind.js');
  await pagefind.init();
  // A large community's index comes in shards (see src/search.rs); merge the others.
  const shards = await fetch(bundle + 'yishi-shards.json').then((r) => (r.ok ? r.json() : []), () => []);
  for (const shard of shards) await pagefind.mergeIndex(bundle + shard, { baseUrl: '/' });
  form.hidden = false;
} catch (e) {
  say(form.dataset.unavailable);
}

async function run(q) {
  q = q.trim();
  if (!pagefind || !q) { out.replaceChildren(); return; }
  const search = await pagefind.search(q);
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  if (results.length === 0) { say(form.dataset.none.replace('{q}', q)); return; }
  const heading = document.createElement('h2');
  heading.textContent = form.dataset.count.replace('{n}', search.results.length).replace('{q}', q);
  const list = document.createElement('ol');
  list.className = 'search-results';
  for (const r of results) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    // Pagefind gives site-root paths ("/topics/x/index.html"); the site uses relative links.
    link.href = form.dataset.root + r.url.replace(/^\/+/, '');
    link.textContent = (r.meta && r.meta.title) || r.url;
    const excerpt = document.createElement('p');
    excerpt.innerHTML = r.excerpt; // Pagefind escapes the text and adds only <mark>
    item.append(link, excerpt);
    list.append(item);
  }
  out.replaceChildren(heading, list);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = input.value;
  history.replaceState(null, '', '?q=' + encodeURIComponent(q));
  run(q);
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) { input.value = initial; run(initial); }
