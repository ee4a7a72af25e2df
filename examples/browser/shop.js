// The shop page (see README.md): a catalogue with titles and genres, "recommended for you", "more
// like this" and a search box feeding a personalized ranking, all computed in the page by the
// edgerec wasm core on two campaigns' edge bundles (Runtime.fromCampaign, kept in the Cache API).
// A click goes into the runtime's live session (the lists change at once, no server round trip)
// and to the EventTracker, which keeps it in IndexedDB and uploads batches to edgerec serve.
// sw.js keeps the page's files for offline visits.
import { EdgerecError, EventTracker, Runtime } from 'edgerec';

import { renderDetail, renderList, setText } from './ui.js';

const RECOMMENDED = 12; // "recommended for you"
const SIMILAR = 8; // "more like this"
const SEARCH_SHOWN = 24; // ranked search results shown
const MAX_RANKED = 500; // GetPersonalizedRanking's inputList limit
const MAX_IMPRESSION = 25; // an event's impression limit (edgerec/limits.h)
const CATALOG_PAGE = 48; // catalogue cards per "Show more"
const HISTORY_KEPT = 50; // clicks kept on the device to rebuild the session after a reload

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** globalThis[storage][key], set to make() the first time (or just make() where storage is not allowed). */
function kept(storage, key, make) {
  try {
    let value = globalThis[storage].getItem(key);
    if (!value) {
      value = make();
      globalThis[storage].setItem(key, value);
    }
    return value;
  } catch {
    return make();
  }
}

const config = {
  endpoint: params.get('endpoint'),
  campaign: params.get('campaign'),
  simsCampaign: params.get('simsCampaign'),
  clientKey: params.get('clientKey'),
  trackingId: params.get('trackingId'),
  catalog: params.get('catalog'),
  // A visitor the model has never seen gets popular items, and personalized ones from the first click.
  userId: params.get('userId') || kept('localStorage', 'edgerec-shop.visitorId', () => `visitor-${randomHex(6)}`),
  sessionId: kept('sessionStorage', 'edgerec-shop.sessionId', () => `session-${randomHex(8)}`),
  eventType: /^[\w.:-]{1,256}$/.test(params.get('eventType') ?? '') ? params.get('eventType') : 'click',
};
// "Recommended for you" leaves out what the visitor clicked (the session's events: an Interactions
// filter sees them on the device too). Search and "more like this" keep them.
const NOT_CLICKED = `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("${config.eventType}")`;

const state = {
  catalog: [], // [{itemId, title, genres, known: true}]
  byId: new Map(),
  up: null, // Runtime on `campaign` (user-personalization)
  sims: null, // Runtime on `simsCampaign` (similar-items), or null
  tracker: null,
  focus: null, // the item clicked last: the detail panel and "more like this"
  query: '',
  catalogShown: CATALOG_PAGE,
  history: [],
};

const lookup = (itemId) => state.byId.get(itemId) ?? { itemId, title: itemId, genres: [], known: false };

function describeError(e) {
  return e instanceof EdgerecError ? `${e.codeName} (${e.code}): ${e.message}` : (e?.message ?? String(e));
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

// ---- The visitor's clicks, kept on the device ----------------------------------------------
// The edge bundle holds the model's item side only; the session lives in the runtime's memory.
// So the newest clicks are kept in localStorage and put into the runtime again after a reload
// (not into the tracker: they were sent already), with their times to the millisecond: the
// model weighs a session's events by their order and the time between them.

const historyKey = () => `edgerec-shop.history:${config.endpoint}:${config.campaign}:${config.userId}`;

function loadHistory() {
  try {
    const list = JSON.parse(localStorage.getItem(historyKey()) ?? '[]');
    return Array.isArray(list) ? list.filter((h) => typeof h?.itemId === 'string' && Number.isFinite(h.sentAt)) : [];
  } catch {
    return [];
  }
}

function remember(event) {
  state.history.push({ itemId: event.itemId, eventType: event.eventType, sentAt: event.sentAt.getTime() / 1000 });
  state.history = state.history.slice(-HISTORY_KEPT);
  try {
    localStorage.setItem(historyKey(), JSON.stringify(state.history));
  } catch {
    // storage full or not allowed: the session still holds the click until the page goes
  }
}

function replayHistory() {
  for (let i = 0; i < state.history.length; i += 10) { // PutEvents takes 1 to 10 events
    const eventList = state.history.slice(i, i + 10).map(({ itemId, eventType, sentAt }) => ({ itemId, eventType, sentAt }));
    try {
      state.up.putEvents({ sessionId: config.sessionId, userId: config.userId, eventList });
    } catch (e) {
      console.warn(`edgerec shop: a kept click was refused: ${describeError(e)}`);
    }
  }
  state.focus = state.history.at(-1)?.itemId ?? null;
}

// ---- The lists -------------------------------------------------------------------------------

function showRecommended() {
  const res = state.up.getRecommendations({ userId: config.userId, numResults: RECOMMENDED, filterExpression: NOT_CLICKED });
  renderList($('recommended'), res.itemList, lookup, res.recommendationId);
  const n = state.history.length;
  const clicks = n === 1 ? 'your click' : `your ${n === HISTORY_KEPT ? 'latest ' : ''}${n} clicks`;
  setText('recommended-hint', n === 0
    ? 'Popular with everyone so far. Click anything and this list becomes yours, computed in this page.'
    : `From ${clicks}, computed in this page: no request to the server.`);
}

function showDetail() {
  if (!state.focus) {
    $('detail').hidden = true;
    return;
  }
  $('detail').hidden = false;
  const item = lookup(state.focus);
  renderDetail($('detail-item'), item);
  if (!state.sims) {
    setText('detail-title', 'More like this (no simsCampaign given)');
    $('similar').replaceChildren();
    return;
  }
  setText('detail-title', `More like ${item.title}`);
  const res = state.sims.getRecommendations({ itemId: item.itemId, numResults: SIMILAR });
  renderList($('similar'), res.itemList, lookup, res.recommendationId);
}

function showSearch() {
  const q = state.query.trim().toLowerCase();
  $('results').hidden = q === '';
  if (q === '') return;
  const matches = state.catalog.filter((item) => item.title.toLowerCase().includes(q));
  setText('results-title', `Search: “${state.query.trim()}”`);
  if (matches.length === 0) {
    setText('results-hint', 'No title contains that.');
    renderList($('ranked'), [], lookup);
    return;
  }
  const inputList = matches.slice(0, MAX_RANKED).map((item) => item.itemId);
  let res;
  try {
    // GetPersonalizedRanking: the matches in the order this visitor is most likely to click.
    res = state.up.getPersonalizedRanking({ userId: config.userId, inputList });
  } catch (e) {
    setText('results-hint', `${matches.length} titles match, in catalogue order (the campaign cannot rank: ${describeError(e)})`);
    renderList($('ranked'), inputList.slice(0, SEARCH_SHOWN).map((itemId) => ({ itemId })), lookup);
    return;
  }
  const shown = res.personalizedRanking.slice(0, SEARCH_SHOWN);
  let hint = `${matches.length} title${matches.length === 1 ? '' : 's'} match, ranked for you`;
  if (matches.length > MAX_RANKED) hint += ` (the first ${MAX_RANKED})`;
  if (res.personalizedRanking.length > shown.length) hint += `, the top ${shown.length} shown`;
  setText('results-hint', `${hint}.`);
  renderList($('ranked'), shown, lookup, res.recommendationId);
}

function showCatalog() {
  const shown = state.catalog.slice(0, state.catalogShown);
  renderList($('catalog'), shown, lookup, null, { flash: false });
  setText('catalog-title', `Catalogue (${state.catalog.length} titles)`);
  $('catalog-more').hidden = shown.length >= state.catalog.length;
}

/** Scrolls `section` to the top (below the sticky header) unless it starts in view already. */
function reveal(section) {
  const top = section.getBoundingClientRect().top;
  if (top < document.querySelector('header').getBoundingClientRect().bottom || top > innerHeight / 2) {
    section.scrollIntoView({ block: 'start' });
  }
}

function showAll() {
  showDetail();
  showRecommended();
  showSearch();
}

// ---- A click ---------------------------------------------------------------------------------

/**
 * The visitor clicked `itemId` in list `ol`: the event goes into the runtime's session (the lists
 * are recomputed before this returns) and to the tracker, with the list's recommendationId and
 * impression when the list is a response (not the catalogue).
 */
function clicked(ol, itemId) {
  const event = { eventType: config.eventType, sentAt: new Date(), itemId };
  if (ol.dataset.recommendationId) {
    event.recommendationId = ol.dataset.recommendationId;
    event.impression = [...ol.querySelectorAll('button.card')].map((b) => b.dataset.itemId).slice(0, MAX_IMPRESSION);
  }
  const body = { sessionId: config.sessionId, userId: config.userId, eventList: [event] };
  try {
    state.up.putEvents(body); // the session: the next request reflects the click
  } catch (e) {
    notice(`The click was refused: ${describeError(e)}`);
    return;
  }
  remember(event);
  state.focus = itemId;
  showAll();
  reveal($('detail'));
  // (EventTracker.create({runtime}) would also put the events into the runtime; the page does it
  // itself above, so the lists are recomputed before the tracker has stored the event.)
  state.tracker?.putEvents(body).then(showEvents, (e) => {
    notice(`The click could not be kept for upload: ${describeError(e)}`);
    showEvents();
  });
}

// ---- Status ----------------------------------------------------------------------------------

function showNetwork() {
  document.body.dataset.online = String(navigator.onLine);
  setText('status-network', navigator.onLine ? 'online' : 'offline');
}

function showModels() {
  const bundles = [state.up, state.sims].filter(Boolean).map((rt) => rt.edgeBundle);
  const confirmed = bundles.every((b) => b.checkedAt);
  setText('status-models', `models: ${bundles.map((b) => b.campaign).join(' + ')} on this device${confirmed ? '' : ' (kept copy)'}`);
  $('status-models').title = bundles.map((b) => `${b.campaign}: ETag ${b.etag}, checked ${b.checkedAt?.toLocaleTimeString() ?? 'not yet'}${b.error ? `, last check failed: ${b.error}` : ''}`).join('\n');
}

function showEvents() {
  if (!state.tracker) {
    setText('status-events', 'events: this device only (no trackingId)');
    return;
  }
  const s = state.tracker.stats();
  document.body.dataset.eventsBuffered = String(s.buffered);
  document.body.dataset.eventsSent = String(s.acknowledged);
  setText('status-events', `events: ${s.buffered} waiting, ${s.acknowledged} sent`);
  $('status-events').title = s.lastError ? `last error: ${s.lastError.message} (${s.lastError.at})` : '';
}

/** Registers sw.js and has it keep what this page loaded, for the next visit offline. */
async function keepForOffline() {
  if (!('serviceWorker' in navigator)) {
    setText('status-offline', 'offline copy: not available here');
    return;
  }
  try {
    await navigator.serviceWorker.register('./sw.js');
    const registration = await navigator.serviceWorker.ready;
    const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]
      .filter((u) => new URL(u).origin === location.origin);
    const { missing } = await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(e.data);
      registration.active.postMessage({ type: 'keep', urls }, [channel.port2]);
    });
    if (missing.length > 0) throw new Error(`not kept: ${missing.join(', ')}`);
    document.body.dataset.offlineReady = 'true';
    setText('status-offline', 'offline copy: ready');
  } catch (e) {
    setText('status-offline', 'offline copy: failed');
    $('status-offline').title = e.message;
  }
}

// ---- Start -----------------------------------------------------------------------------------

async function loadCatalog(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`catalog ${url}: HTTP ${res.status}`);
  const items = await res.json();
  if (!Array.isArray(items)) throw new Error(`catalog ${url}: not a JSON array of {itemId, title, genres}`);
  const catalog = [];
  for (const item of items) {
    if (typeof item?.itemId !== 'string' || state.byId.has(item.itemId)) continue;
    const entry = {
      itemId: item.itemId,
      title: typeof item.title === 'string' && item.title ? item.title : item.itemId,
      genres: Array.isArray(item.genres) ? item.genres.filter((g) => typeof g === 'string') : [],
      known: true,
    };
    state.byId.set(entry.itemId, entry);
    catalog.push(entry);
  }
  return catalog;
}

async function start() {
  showNetwork();
  addEventListener('online', showNetwork);
  addEventListener('offline', showNetwork);
  const missing = ['endpoint', 'campaign', 'clientKey', 'catalog'].filter((k) => !config[k]);
  if (missing.length > 0) {
    $('setup').hidden = false;
    setText('setup-missing', `Missing: ${missing.join(', ')}.`);
    document.body.dataset.state = 'setup';
    return;
  }
  setText('visitor', `You are ${config.userId}.`);
  const open = (campaign) => Runtime.fromCampaign({
    endpoint: config.endpoint, campaign, clientKey: config.clientKey,
    onUpdate: () => { // the campaign moved to a new solution version; the session came along
      showAll();
      showModels();
    },
  });
  // Without "more like this" the shop still works; without its catalogue or main campaign it cannot.
  const sims = config.simsCampaign ? open(config.simsCampaign).catch((e) => {
    notice(`No "more like this": ${describeError(e)}`);
    return null;
  }) : null;
  [state.catalog, state.up, state.sims] = await Promise.all([loadCatalog(config.catalog), open(config.campaign), sims]);
  if (config.trackingId) {
    try {
      state.tracker = await EventTracker.create({
        endpoint: config.endpoint, trackingId: config.trackingId, clientKey: config.clientKey,
        flushIntervalMs: 2_000, // a demo: see the events arrive; the default is 10 s
        retryMaxDelayMs: 30_000,
      });
    } catch (e) {
      notice(`Clicks stay on this device: the event tracker could not start: ${describeError(e)}`);
    }
  }
  state.history = loadHistory();
  replayHistory();

  document.querySelector('main').addEventListener('click', (e) => {
    const button = e.target.closest('button.card');
    const ol = button?.closest('ol[data-list]');
    if (ol) clicked(ol, button.dataset.itemId);
  });
  $('search').disabled = false;
  $('search').addEventListener('input', () => {
    state.query = $('search').value;
    showSearch();
    if (state.query.trim()) reveal($('results'));
  });
  $('catalog-more').addEventListener('click', () => {
    state.catalogShown += CATALOG_PAGE;
    showCatalog();
  });

  showCatalog();
  showAll();
  showModels();
  showEvents();
  setInterval(() => {
    showModels();
    showEvents();
  }, 1_000);
  document.body.dataset.state = 'ready';
  keepForOffline();
}

start().catch((e) => {
  document.body.dataset.state = 'error';
  notice(e?.code === 60 && !navigator.onLine
    ? `Offline, and this device has no copy of the models yet: ${describeError(e)}`
    : describeError(e));
  setText('status-models', 'models: not loaded');
});
