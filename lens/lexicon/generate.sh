#!/usr/bin/env bash
# Regenerates the lexicon files in this folder from their licensed sources
# (see SOURCES.md). Needs node and npm (for @faker-js/faker) and Debian's
# wamerican package (for /usr/share/dict/words). The output is committed, so
# neither is needed to build or test Faces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @faker-js/faker@10.6.0 >/dev/null
mkdir -p node_modules/@faker-js/faker
tar xzf faker-js-faker-10.6.0.tgz -C node_modules/@faker-js/faker --strip-components=1
cat >extract.mjs <<'JS'
import { allLocales } from '@faker-js/faker';
const latin = /^[A-Z][a-z'-]+$/;
const names = new Set(), surnames = new Set(), titles = new Set();
// First names of the English-speaking locales and of the most common
// Latin-script European ones, so names of customers abroad are known too.
for (const loc of ['en', 'en_US', 'en_GB', 'en_AU', 'en_CA', 'en_IE', 'en_IN', 'en_ZA', 'en_NG',
  'de', 'fr', 'es', 'it', 'nl', 'pt_BR', 'pt_PT', 'sv', 'nb_NO', 'da', 'fi', 'pl', 'tr']) {
  const fn = allLocales[loc]?.person?.first_name;
  if (!fn) continue;
  for (const list of Array.isArray(fn) ? [fn] : Object.values(fn)) {
    for (const n of list) if (latin.test(n)) names.add(n);
  }
}
for (const loc of ['en', 'en_US', 'en_GB', 'en_AU', 'en_IE', 'de', 'fr', 'es', 'it', 'nl']) {
  const ln = allLocales[loc]?.person?.last_name;
  if (!ln) continue;
  for (const list of Array.isArray(ln) ? [ln] : Object.values(ln)) {
    for (const n of list) if (latin.test(n)) surnames.add(n);
  }
}
for (const w of allLocales.en.person.job_type) titles.add(w.toLowerCase());
// Given names that are also the name of a country, a US state or a
// continent ("Asia", "Georgia", "North America"): a place unless a surname
// follows.
const places = new Set();
const loc = allLocales.en.location;
for (const list of [loc.country, loc.state, loc.continent]) {
  for (let p of list) {
    p = p.replace(/^(North|South|East|West) /, '');
    if (latin.test(p) && names.has(p)) places.add(p.toLowerCase());
  }
}
// So are given names that are also a language or a people ("German"):
// "Support answers in English and German" names no one.
for (const p of ['English', 'German', 'French', 'Spanish', 'Portuguese', 'Dutch',
  'Italian', 'Polish', 'Swedish', 'Danish', 'Norwegian', 'Finnish', 'Greek',
  'Turkish', 'Russian', 'Chinese', 'Japanese', 'Korean', 'Hindi', 'Arabic',
  'Hebrew', 'Brazilian', 'Mexican', 'Canadian', 'American', 'British', 'Irish',
  'Indian', 'African', 'European', 'Asian', 'Nordic', 'Swiss', 'Latin']) {
  if (names.has(p)) places.add(p.toLowerCase());
}
const out = (f, s) => import('fs').then(fs => fs.writeFileSync(f, [...s].sort().join('\n') + '\n'));
await out('first_names.txt', names);
await out('last_names.txt', surnames);
await out('job_types.txt', titles);
await out('place_names.txt', places);
JS
node extract.mjs
# A first name that is also an ordinary lower-case English word ("Frank",
# "Bill", "Will", "Grant") is ambiguous at the start of a sentence.
grep -E '^[a-z]+$' /usr/share/dict/words | sort -u >words.txt
tr 'A-Z' 'a-z' <first_names.txt | sort -u | comm -12 - words.txt >name_words.txt
cp first_names.txt last_names.txt job_types.txt name_words.txt place_names.txt "$here/"
wc -l "$here"/*.txt
