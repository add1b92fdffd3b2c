// The form editor's round trip: every record of a community read and written again by the
// editor's own TOML code (smol-toml, the library and version the vendored Sveltia CMS
// bundles), as the editor does when staff open a record and save it: comments dropped, keys
// reordered, numbers and dates as the library writes them. The rewritten copy must check
// clean and give the same open data (scripts/browser-tests.sh compares them).
//
// Usage: node roundtrip.mjs SOURCE_DIR COPY_DIR
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'smol-toml';

const [source, copy] = process.argv.slice(2);
if (!source || !copy) { console.error('usage: node roundtrip.mjs SOURCE_DIR COPY_DIR'); process.exit(2); }
// Only the community's own files: its settings, records, static files and themes.
for (const part of ['site.toml', 'content', 'static', 'themes']) {
  if (existsSync(join(source, part))) cpSync(join(source, part), join(copy, part), { recursive: true });
}

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else out.push(path);
  }
  return out;
}

let rewritten = 0;
const targets = [join(copy, 'site.toml'), ...files(join(copy, 'content'))];
for (const path of targets) {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.toml')) {
    writeFileSync(path, stringify(parse(text)) + '\n');
    rewritten++;
  } else if (path.endsWith('.md')) {
    // +++ front matter +++ body, as the editor's toml-frontmatter format splits it.
    const m = text.match(/^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+\r?\n?([\s\S]*)$/);
    if (!m) continue;
    const front = stringify(parse(m[1]));
    writeFileSync(path, `+++\n${front}\n+++\n${m[2]}`);
    rewritten++;
  }
}
console.log(`roundtrip: ${rewritten} files of ${relative(process.cwd(), source) || '.'} rewritten by smol-toml`);
