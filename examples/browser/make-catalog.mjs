#!/usr/bin/env node
// The shop page's catalogue from Amazon Personalize's Items CSV:
//
//   node examples/browser/make-catalog.mjs ITEMS.csv > catalog.json
//
// writes [{"itemId": "...", "title": "...", "genres": ["...", ...]}, ...], one entry per ITEM_ID
// in file order (a repeated ITEM_ID keeps its first row). Columns, by name, any case:
//   ITEM_ID  required
//   TITLE    the title (MovieLens via scripts/movielens-to-personalize has it); without the column
//            (the synthetic data of `edgerec synth --items-output`) a title is made up from the
//            item id (a hash of the id picks two words; a title already taken gets " 2", " 3"),
//            so the page has something to show and to search
//   GENRES or GENRE  categorical values separated by '|', as Personalize reads them; none: []
// The CSV is RFC 4180 (quoted fields, "" inside quotes, CRLF or LF, a leading BOM). Node only,
// no packages.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The rows of CSV `text`, each an array of fields. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('the CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

const ADJECTIVES = ['Silent', 'Crimson', 'Golden', 'Hidden', 'Electric', 'Frozen', 'Wandering', 'Last',
  'Midnight', 'Paper', 'Velvet', 'Broken', 'Northern', 'Lucky', 'Secret', 'Distant'];
const NOUNS = ['Harbor', 'Orchard', 'Signal', 'Garden', 'Voyage', 'Lantern', 'Circuit', 'Meadow',
  'Kingdom', 'River', 'Compass', 'Mirror', 'Island', 'Engine', 'Canyon', 'Letter'];

/** A made-up title for `itemId` (FNV-1a of the id picks the words): the same id, the same title. */
export function madeUpTitle(itemId) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(itemId)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `The ${ADJECTIVES[h & 15]} ${NOUNS[(h >>> 4) & 15]}`;
}

/** The catalogue of an Items CSV's text. */
export function catalogFromCsv(text) {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('the CSV is empty');
  const column = (...names) => header.findIndex((h) => names.includes(h.trim().toUpperCase()));
  const id = column('ITEM_ID');
  if (id < 0) throw new Error(`no ITEM_ID column (columns: ${header.join(', ')})`);
  const title = column('TITLE');
  const genres = column('GENRES', 'GENRE');
  const seen = new Set();
  const madeUp = new Map(); // made-up title -> how many items have it so far
  const items = [];
  for (const row of rows) {
    const itemId = row[id]?.trim();
    if (!itemId || seen.has(itemId)) continue;
    seen.add(itemId);
    let name = title >= 0 ? row[title]?.trim() : '';
    if (!name) {
      name = madeUpTitle(itemId);
      const n = (madeUp.get(name) ?? 0) + 1;
      madeUp.set(name, n);
      if (n > 1) name += ` ${n}`; // "The Silent Compass 2": a sequel, not a twin
    }
    items.push({
      itemId,
      title: name,
      genres: genres >= 0 ? (row[genres] ?? '').split('|').map((g) => g.trim()).filter(Boolean) : [],
    });
  }
  return items;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) { // run, not imported
  if (process.argv.length !== 3) {
    console.error('usage: node examples/browser/make-catalog.mjs ITEMS.csv > catalog.json');
    process.exit(2);
  }
  try {
    const items = catalogFromCsv(readFileSync(process.argv[2], 'utf8'));
    process.stdout.write(`[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]\n`);
    console.error(`make-catalog: ${items.length} items`);
  } catch (e) {
    console.error(`make-catalog: ${process.argv[2]}: ${e.message}`);
    process.exit(1);
  }
}
