#!/usr/bin/env bash
# Replaces the vendored copy of the form editor (Sveltia CMS) in vendor/sveltia-cms/ with
# another version from the npm registry, and records the version and the checksums of the
# files yishi ships. The copy is compiled into yishi and written into admin/ of every site
# that turns the editor on; no CDN is ever used (mainland offices cannot rely on one).
# `cargo test` fails if a file no longer matches vendor/sveltia-cms/SHA256SUMS.
#
#   scripts/update-editor.sh 0.221.1
#
# After updating: run the tests (the generated config.yml is validated against the new
# version's own schema, and the TOML round trip uses the version's smol-toml), look at
# admin/ in a browser, and say in the commit message what changed upstream.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/update-editor.sh VERSION}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@sveltia/cms@$version" >/dev/null && tar xzf ./*.tgz)
dest=vendor/sveltia-cms
rm -rf "$dest"
mkdir -p "$dest/chunks"
cp "$work/package/dist/chunks/react-dom.js" "$dest/chunks/"
# The editor's web build fetches its fonts (icons included) from cdn.jsdelivr.net and its
# translations from unpkg.com. Neither can be relied on from a mainland office, so the copy
# is made to load both from admin/ itself: the fonts of the npm package's own build, the
# locales of the package. Each rewrite must match, or the update stops here.
mkdir -p "$dest/fonts" "$dest/locales"
node - "$work/package" "$dest" <<'JS'
const fs = require('fs');
const [pkg, dest] = process.argv.slice(2);
let js = fs.readFileSync(`${pkg}/dist/sveltia-cms.js`, 'utf8');
const fonts = /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(?::vf)?@[0-9.]+\/([a-z0-9-]+)\.woff2/g;
const assets = fs.readdirSync(`${pkg}/npm/assets`);
let n = 0;
js = js.replace(fonts, (_, family, variant) => {
  const file = assets.find(a => a.startsWith(`${family}-${variant}-`) && a.endsWith('.woff2'));
  if (!file) throw new Error(`no ${family}-${variant} font in the npm package`);
  fs.copyFileSync(`${pkg}/npm/assets/${file}`, `${dest}/fonts/${family}-${variant}.woff2`);
  n++;
  return `fonts/${family}-${variant}.woff2`;
});
if (n < 3) throw new Error(`expected 3 fonts from the CDN, found ${n}`);
const locales = /=`\$\{[A-Za-z$_]+\}@\$\{[A-Za-z$_]+\}\/locales`/;
if (!locales.test(js)) throw new Error('the locales address was not found');
js = js.replace(locales, '=`locales`');
fs.writeFileSync(`${dest}/sveltia-cms.js`, js);
for (const l of ['zh-CN', 'en-US']) fs.copyFileSync(`${pkg}/locales/${l}.json`, `${dest}/locales/${l}.json`);
for (const a of assets.filter(a => a.endsWith('.LICENSE.txt'))) fs.copyFileSync(`${pkg}/npm/assets/${a}`, `${dest}/fonts/${a}`);
JS
cp "$work/package/schema/sveltia-cms.json" "$dest/config.schema.json"
cp "$work/package/LICENSE.txt" "$dest/"
echo "$version" > "$dest/VERSION"
(cd "$dest" && sha256sum sveltia-cms.js chunks/react-dom.js config.schema.json fonts/*.woff2 locales/*.json > SHA256SUMS)
echo "vendored @sveltia/cms $version:"
cat "$dest/SHA256SUMS"
