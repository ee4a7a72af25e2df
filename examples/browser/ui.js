// The shop's DOM: item cards and lists. No framework: each render replaces a list's children.
// Every card is a <button data-item-id>; its list (<ol data-list>) carries the recommendationId
// of the response it shows, which a click sends back with the event.

/** A stable number for a string (FNV-1a): "genre_1" and "genre_2" land far apart. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Up to two initials of a title, skipping "The", "A", "An". */
function initials(title) {
  const words = title.replace(/\(.*?\)/g, '').split(/[\s,:-]+/).filter((w) => w && !/^(the|a|an)$/i.test(w));
  return (words.slice(0, 2).map((w) => [...w][0]).join('') || '?').toUpperCase();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'style') node.style.cssText = v;
    else if (k.startsWith('data')) node.dataset[k.slice(4, 5).toLowerCase() + k.slice(5)] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/**
 * The cover: a block with the title's initials (the catalogue has no images), its colour from the
 * item's first genre, shaded by the item.
 */
export function cover(item, size = '') {
  const h = hash(item.genres[0] ?? item.itemId) % 360;
  const h2 = (h + 20 + (hash(item.itemId) % 50)) % 360;
  return el('div', { class: `cover ${size}`, 'aria-hidden': 'true', style: `--h: ${h}; --h2: ${h2}` }, initials(item.title));
}

export function genreChips(item) {
  if (item.genres.length === 0) return null;
  return el('ul', { class: 'genres' }, ...item.genres.slice(0, 3).map((g) => el('li', {}, g)));
}

/**
 * One card. `entry`: {score?, reason?} from a response, shown as a small badge.
 * @param {{itemId: string, title: string, genres: string[], known: boolean}} item
 */
export function card(item, entry = {}) {
  const badge = entry.reason?.includes('Popular item') ? 'popular'
    : entry.reason?.includes('Exploration') ? 'new'
      : !item.known ? 'not in the catalogue' : null;
  return el('li', {},
    el('button', { class: 'card', type: 'button', dataItemId: item.itemId, dataScore: entry.score ?? null,
      title: `${item.title} (${item.itemId})` },
    cover(item),
    el('span', { class: 'title' }, item.title),
    genreChips(item),
    badge ? el('span', { class: 'badge' }, badge) : null));
}

/**
 * Replaces the cards of list `ol` with `entries` ({itemId, score?, reason?}, looked up with
 * `lookup`), and records `recommendationId` on it. `flash`: a short highlight tells the eye the
 * list just changed.
 */
export function renderList(ol, entries, lookup, recommendationId = null, { flash = true } = {}) {
  ol.replaceChildren(...entries.map((entry) => card(lookup(entry.itemId), entry)));
  if (recommendationId) ol.dataset.recommendationId = recommendationId;
  else delete ol.dataset.recommendationId;
  if (flash) {
    ol.classList.remove('updated');
    void ol.offsetWidth; // restarts the animation
    ol.classList.add('updated');
  }
}

/** The item shown in the detail panel (the one clicked last). */
export function renderDetail(container, item) {
  container.replaceChildren(
    cover(item, 'large'),
    el('div', {},
      el('p', { class: 'eyebrow' }, 'You looked at'),
      el('h1', { id: 'detail-item-title' }, item.title),
      genreChips(item),
      el('p', { class: 'item-id' }, `item ${item.itemId}`)));
}

export function setText(id, text) {
  document.getElementById(id).textContent = text;
}
