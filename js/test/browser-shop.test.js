// examples/browser, the shop page, in headless Debian Chromium (playwright-core) against a real
// `edgerec serve` (test-support/server.js makeHome: campaigns "shop-up", user-personalization,
// and "shop-sims", similar-items; synthetic items with GENRE) and a static server for the page:
//
//   - first visit: the catalogue (make-catalog.mjs on the group's Items CSV) shows titles and
//     genres; "recommended for you" is the campaign's answer for a new visitor, as the same edge
//     bundle gives it in Node; the service worker reports the offline copy ready
//   - a click changes "recommended for you" before the click handler returns (the runtime's
//     live session; the same list Node gives after the same event) and shows "more like this";
//     the event reaches the server with the list's recommendationId and impression
//   - the search box: the titles containing the text, in GetPersonalizedRanking's order
//   - offline (context.setOffline): a reload renders from the service worker's cache and the
//     kept edge bundles, nothing reaches either server, the visitor's clicks are still applied;
//     a click offline waits in IndexedDB and is uploaded once the browser is back online
//   - all along, the page sends the server nothing but edge-bundle GETs and /events/batch POSTs
//     (and their CORS preflights): no /recommendations, no /personalize-ranking
//
// Screenshots at 1280x800 go to build/browser-shop-screenshots/ (EDGEREC_SHOP_SCREENSHOTS to
// change), each taken after what it should show was checked to be visible in the viewport, and
// checked to be a 1280x800 PNG of more than a blank page's bytes.
// Needs Chromium (CHROMIUM, default /usr/bin/chromium), playwright-core (npm ci) and sqlite3:
// skipped without them on a developer's machine, a failure under CI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { Runtime } from '../index.node.js';
import { CHROMIUM, loadPlaywrightChromium, playwrightUnavailable } from '../test-support/chromium.js';
import { IN_CI, REPO_DIR, cliUnavailable, runCli } from '../test-support/cli.js';
import { serveStatic } from '../test-support/runner.js';
import { makeHome, startServer } from '../test-support/server.js';
import { sql, sqliteUnavailable } from '../test-support/store.js';

const SHOTS = process.env.EDGEREC_SHOP_SCREENSHOTS || join(REPO_DIR, 'build/browser-shop-screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const RECOMMENDED = 12; // the page's list lengths (examples/browser/shop.js)
const CATALOG_PAGE = 48;
const NOT_CLICKED = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")'; // its filter

const chromium = await loadPlaywrightChromium();

function whySkip() {
  const why = cliUnavailable() // throws under CI
    ?? playwrightUnavailable(chromium)
    ?? sqliteUnavailable();
  if (why && IN_CI) throw new Error(`browser-shop: ${why}`);
  return why || false;
}
const skip = whySkip();

/** A PNG's width and height from its IHDR chunk, or null if the bytes are no PNG. */
function pngSize(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function waitFor(what, predicate, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

describe('examples/browser: the shop page in headless Chromium', { skip, timeout: 120_000 }, () => {
  let home;
  let server;
  let pages; // the static server
  let origin;
  let tracker;
  let catalog;
  let browser;
  let context;
  let page;
  let url;
  let visitor;
  let nodeUp; // the same edge bundle in Node, for the expected answers
  const staticRequests = [];
  const endpointRequests = []; // what the browser (page and service worker) sent edgerec serve
  const pageErrors = [];
  const shots = [];
  const clicks = []; // the items clicked so far
  let firstClick; // {rid, impression} of the first click, to find at the server
  let simsClick; // and of the click on "more like this"
  let db;

  before(async () => {
    const started = Date.now();
    home = makeHome();
    db = join(home.group, 'edgerec.db');
    pages = await serveStatic({
      root: REPO_DIR,
      dirs: ['js', 'examples'],
      routes: {
        '/shop-data/catalog.json': execFileSync(process.execPath,
          [join(REPO_DIR, 'examples/browser/make-catalog.mjs'), join(home.home, 'items.csv')], { stdio: ['ignore', 'pipe', 'pipe'] }),
      },
    });
    pages.on('request', (req) => staticRequests.push(req.url));
    origin = `http://127.0.0.1:${pages.address().port}`;
    catalog = JSON.parse(await (await fetch(`${origin}/shop-data/catalog.json`)).text());
    staticRequests.length = 0;
    // The page's tracker: a browser's origin must be allowed (CORS, and the client key).
    tracker = JSON.parse(runCli(['create-event-tracker', home.group, '--name', 'shop-page', '--allowed-origin', origin]));
    server = await startServer(home.home); // not --quiet: its request log is checked
    url = `${origin}/examples/browser/?${new URLSearchParams({
      endpoint: server.endpoint, campaign: 'shop-up', simsCampaign: 'shop-sims', clientKey: tracker.clientKey,
      trackingId: tracker.trackingId, catalog: '/shop-data/catalog.json',
    })}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'allow', reducedMotion: 'reduce' });
    context.on('request', (r) => {
      if (r.url().startsWith(server.endpoint)) endpointRequests.push({ method: r.method(), path: new URL(r.url()).pathname });
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
    console.log(`# ${browser.version()}; shop at ${origin}, edgerec serve at ${server.endpoint}; setup ${Date.now() - started} ms`);
  });

  after(async () => {
    nodeUp?.dispose();
    await browser?.close();
    await server?.stop();
    pages?.close();
    home?.cleanup();
    if (shots.length) console.log(`# screenshots in ${SHOTS}: ${shots.join(', ')}`);
  });

  const ids = (list) => page.locator(`#${list} button.card`).evaluateAll((bs) => bs.map((b) => b.dataset.itemId));
  const ridOf = (list) => page.locator(`#${list}`).getAttribute('data-recommendation-id');
  const title = (itemId) => catalog.find((c) => c.itemId === itemId)?.title;

  /**
   * The page's session in Node's runtime: the clicks the page keeps in localStorage (with their
   * times: the model weighs the time between a session's events), put into a fresh session.
   * @returns {Promise<string[]>} the items, oldest first
   */
  async function replayInNode() {
    const key = `edgerec-shop.history:${server.endpoint}:shop-up:${visitor}`;
    const history = await page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '[]'), key);
    nodeUp.clearSession(visitor);
    for (const { itemId, eventType, sentAt } of history) {
      nodeUp.putEvents({ sessionId: 'node', userId: visitor, eventList: [{ itemId, eventType, sentAt }] });
    }
    return history.map((h) => h.itemId);
  }

  /** Waits for the page to start (or fail); returns the time it took. */
  async function ready() {
    const t0 = Date.now();
    await page.waitForFunction(() => ['ready', 'error', 'setup'].includes(document.body.dataset.state));
    const state = await page.evaluate(() => document.body.dataset.state);
    assert.equal(state, 'ready', `the page says: ${await page.textContent('#notice')}`);
    return Date.now() - t0;
  }

  /**
   * The rows the server stored for the clicks sent with `recommendationId`: [known item ("1"),
   * impression (as stored, '|'-joined; sqlite3 separates columns with '|' too, hence the tabs), session].
   */
  const storedWith = (recommendationId) => sql(db,
    `SELECT (item_idx IS NOT NULL) || char(9) || impression || char(9) || session_id FROM interactions_put
     WHERE recommendation_id = '${recommendationId}'`)
    .split('\n').filter(Boolean).map((line) => line.split('\t'));

  /** The server's request log: {method, path, status} of each request. */
  const serverRequests = () => server.logs.flatMap((line) => {
    try {
      const r = JSON.parse(line);
      return r.path ? [{ method: r.method, path: r.path, status: r.status }] : [];
    } catch {
      return [];
    }
  });

  function assertOnlyBundlesAndEvents() {
    const allowed = (r) => r.method === 'OPTIONS'
      || (r.method === 'GET' && /^\/campaigns\/shop-(up|sims)\/edge-bundle$/.test(r.path))
      || (r.method === 'POST' && r.path === '/events/batch');
    for (const [who, requests] of [['the browser', endpointRequests], ['the server log', serverRequests()]]) {
      const other = requests.filter((r) => !allowed(r));
      assert.deepEqual(other, [], `${who}: requests to edgerec serve other than edge bundles and event batches`);
    }
    assert.equal(serverRequests().filter((r) => r.path === '/recommendations' || r.path === '/personalize-ranking').length, 0);
  }

  /**
   * A 1280x800 screenshot named `name`, after each of `expected` (locators) was found visible and
   * inside the viewport, and not under the sticky header (unless it is in the header).
   */
  async function shot(name, expected) {
    for (const l of expected) await l.waitFor({ state: 'visible' });
    await sleep(100);
    const header = await page.locator('header').boundingBox();
    for (const l of expected) {
      const box = await l.boundingBox();
      const top = (await l.evaluate((e) => Boolean(e.closest('header')))) ? 0 : header.y + header.height;
      assert.ok(box && box.y >= top && box.y < VIEWPORT.height && box.x >= 0 && box.x < VIEWPORT.width,
        `${name}: ${l} is not in the 1280x800 viewport below the header (${JSON.stringify(box)}, header ${JSON.stringify(header)})`);
    }
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    const bytes = readFileSync(path);
    assert.deepEqual(pngSize(bytes), VIEWPORT, `${path} is not a 1280x800 PNG`);
    // A blank 1280x800 page compresses to a few kilobytes; one with cards and text to tens.
    assert.ok(statSync(path).size > 25_000, `${path} is only ${statSync(path).size} bytes`);
    shots.push(`${name}.png`);
  }

  it('shows the catalogue with titles and genres, and recommendations from the edge bundle', async () => {
    await page.goto(url);
    const ms = await ready();
    visitor = await page.evaluate(() => localStorage.getItem('edgerec-shop.visitorId'));
    assert.match(visitor ?? '', /^visitor-[0-9a-f]{12}$/, 'a stable random visitor id in localStorage');
    console.log(`# first visit: ready in ${ms} ms as ${visitor}`);

    // The catalogue: a page of cards, each with its title and genres, then all of it.
    const cards = page.locator('#catalog button.card');
    assert.equal(await cards.count(), CATALOG_PAGE);
    const shown = await cards.evaluateAll((bs) => bs.map((b) => ({
      itemId: b.dataset.itemId, title: b.querySelector('.title').textContent,
      genres: [...b.querySelectorAll('.genres li')].map((li) => li.textContent),
    })));
    assert.deepEqual(shown, catalog.slice(0, CATALOG_PAGE).map(({ itemId, title: t, genres }) => ({ itemId, title: t, genres })));
    assert.ok(shown.every((c) => c.title.length > 3 && /^genre_\d+$/.test(c.genres[0])), 'titles and genres shown');

    // "Recommended for you": the campaign's cold start, exactly as the same bundle gives it in Node.
    const recommended = await ids('recommended');
    assert.equal(recommended.length, RECOMMENDED);
    assert.match(await ridOf('recommended'), /^RID-[0-9a-f]{8}-/, 'the campaign\'s recommendationId');
    nodeUp = await Runtime.fromCampaign({ endpoint: server.endpoint, campaign: 'shop-up', clientKey: tracker.clientKey, revalidateMs: 0 });
    const expected = nodeUp.getRecommendations({ userId: visitor, numResults: RECOMMENDED, filterExpression: NOT_CLICKED }).itemList
      .map((x) => x.itemId);
    assert.deepEqual(recommended, expected, 'the page recommends what the edge bundle does in Node');
    assert.equal(await page.locator('#detail').isVisible(), false, 'no "more like this" before a click');

    await page.waitForFunction(() => document.body.dataset.offlineReady === 'true', null, { timeout: 10_000 })
      .catch(async () => assert.fail(`the offline copy: ${await page.textContent('#status-offline')} ${await page.getAttribute('#status-offline', 'title')}`));
    await shot('01-first-visit', [page.locator('#recommended button.card').first(), page.locator('#catalog button.card').first(),
      page.getByText('offline copy: ready')]);

    await page.click('#catalog-more');
    assert.equal(await cards.count(), catalog.length, '"Show more" shows the rest of the catalogue');
    assertOnlyBundlesAndEvents();
  });

  it('updates "recommended for you" at once on a click, with no request to the server, and shows "more like this"', async () => {
    const before = await ids('recommended');
    const rid = await ridOf('recommended');
    const requestsBefore = endpointRequests.length;
    // The click and a look at the list in one task: the list changed before the handler returned.
    const { clicked, after } = await page.evaluate(() => {
      const button = document.querySelector('#recommended button.card');
      button.click();
      return { clicked: button.dataset.itemId, after: [...document.querySelectorAll('#recommended button.card')].map((b) => b.dataset.itemId) };
    });
    assert.notDeepEqual(after, before, 'the list changed at once');
    assert.equal(after.length, RECOMMENDED);
    assert.ok(!after.includes(clicked), 'the clicked item is not recommended again');
    assert.equal(endpointRequests.slice(requestsBefore).filter((r) => r.path !== '/events/batch').length, 0, 'no request for the new list');

    // The same event in Node's runtime on the same bundle gives the same list.
    assert.deepEqual(await replayInNode(), [clicked]);
    assert.deepEqual(after, nodeUp.getRecommendations({ userId: visitor, numResults: RECOMMENDED, filterExpression: NOT_CLICKED })
      .itemList.map((x) => x.itemId));

    // "More like this" for the clicked item, from the similar-items bundle.
    assert.equal(await page.textContent('#detail-item-title'), title(clicked));
    assert.equal(await page.textContent('#detail-title'), `More like ${title(clicked)}`);
    const similar = await ids('similar');
    assert.ok(similar.length >= 4 && !similar.includes(clicked), `more like this: ${similar}`);
    assert.match(await ridOf('similar'), /^RID-[0-9a-f]{8}-/);
    assert.match(await page.textContent('#recommended-hint'), /From your click/);
    await shot('02-after-click', [page.locator('#detail-item-title'), page.locator('#similar button.card').first(),
      page.locator('#recommended button.card').first()]);

    // A real mouse click on "more like this": the lists change again.
    const next = similar[0];
    simsClick = { rid: await ridOf('similar'), impression: similar };
    await page.click(`#similar button.card[data-item-id="${next}"]`);
    await page.waitForFunction((t) => document.getElementById('detail-item-title').textContent === t, title(next));
    assert.notDeepEqual(await ids('recommended'), after);
    clicks.push(clicked, next);
    firstClick = { rid, impression: before };
    assertOnlyBundlesAndEvents();
  });

  it('sends the clicks to the server with the recommendationId and impression of their list', async () => {
    for (const [which, { rid, impression }] of [['recommended for you', firstClick], ['more like this', simsClick]]) {
      const rows = await waitFor(`the click on ${which} at the server`, () => {
        const r = storedWith(rid);
        return r.length > 0 ? r : null;
      });
      assert.equal(rows.length, 1, 'stored once');
      const [known, storedImpression, session] = rows[0];
      assert.equal(known, '1', 'an item the group knows');
      assert.deepEqual(storedImpression.split('|'), impression, `${which}: the impression is the list as it was shown`);
      assert.match(session, /^session-[0-9a-f]{16}$/);
    }
    const streamed = JSON.parse(runCli(['describe', home.group])).datasets.interactions.streamedRows;
    assert.ok(streamed >= 2, `streamedRows ${streamed}`);
    // (The server logs a request once it has answered it: after the commit the row came from.)
    await waitFor('the batch in the server log', () => serverRequests().some((r) => r.method === 'POST' && r.path === '/events/batch'
      && r.status === 200), 5_000);
    await page.waitForFunction(() => document.body.dataset.eventsBuffered === '0');
    assertOnlyBundlesAndEvents();
  });

  it('ranks the titles matching the search box for the visitor', async () => {
    // A word in several titles (make-catalog.mjs made them up from two word lists).
    const words = new Map();
    for (const c of catalog) for (const w of c.title.split(' ').slice(1)) words.set(w, (words.get(w) ?? 0) + 1);
    const [word] = [...words].filter(([, n]) => n >= 3 && n <= 12).sort((a, b) => b[1] - a[1])[0];
    const query = word.toLowerCase(); // a substring of the titles, in another case
    const matches = catalog.filter((c) => c.title.toLowerCase().includes(query)).map((c) => c.itemId);
    assert.ok(matches.length >= 3 && matches.length <= 24, `"${query}": ${matches.length} matches`);
    await page.fill('#search', query);
    await page.locator('#results').waitFor({ state: 'visible' });
    const ranked = await ids('ranked');
    assert.deepEqual([...ranked].sort(), [...matches].sort(), `the titles containing "${query}"`);
    const scores = await page.locator('#ranked button.card').evaluateAll((bs) => bs.map((b) => Number(b.dataset.score)));
    assert.ok(scores.every((s, i) => i === 0 || s <= scores[i - 1]), `in score order: ${scores}`);
    // GetPersonalizedRanking's order for this visitor after the same two clicks, in Node.
    assert.deepEqual(await replayInNode(), clicks);
    const expected = nodeUp.getPersonalizedRanking({ userId: visitor, inputList: matches }).personalizedRanking.map((x) => x.itemId);
    assert.deepEqual(ranked, expected, 'the ranking Node gives');
    assert.match(await page.textContent('#results-hint'), new RegExp(`^${matches.length} titles match, ranked for you`));
    const rid = await ridOf('ranked');
    assert.match(rid, /^RID-[0-9a-f]{8}-/);
    await shot('03-search', [page.locator('#search'), page.locator('#results-title'), page.locator('#ranked button.card').first()]);

    // A click on a search result carries the ranking's recommendationId.
    const clicked = ranked[1];
    await page.click(`#ranked button.card[data-item-id="${clicked}"]`);
    await page.waitForFunction((t) => document.getElementById('detail-item-title').textContent === t, title(clicked));
    const rows = await waitFor('the search click at the server', () => {
      const r = storedWith(rid);
      return r.length > 0 ? r : null;
    });
    assert.deepEqual(rows[0][1].split('|'), ranked, 'the impression: the ranked results');
    await page.fill('#search', '');
    await page.locator('#results').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.body.dataset.eventsBuffered === '0');
    assertOnlyBundlesAndEvents();
  });

  it('works offline after the first visit: a reload renders, clicks wait in IndexedDB and upload once online', async () => {
    const before = await ids('recommended');
    const focus = await page.textContent('#detail-item-title');
    const staticBefore = staticRequests.length;
    const endpointBefore = endpointRequests.length;
    const logBefore = serverRequests().length;
    await context.setOffline(true);
    await page.reload();
    const ms = await ready();
    console.log(`# offline reload: ready in ${ms} ms`);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    assert.equal(staticRequests.length, staticBefore, `the static server was asked for ${staticRequests.slice(staticBefore)}`);
    // Chromium's offline emulation blocks the requests but not their CORS preflights.
    assert.deepEqual(serverRequests().slice(logBefore).filter((r) => r.method !== 'OPTIONS'), [], 'nothing reached edgerec serve');
    assert.equal(await page.locator('#catalog button.card').count(), CATALOG_PAGE);
    // The visitor's clicks, kept on the device, are in the new runtime's session: the same lists.
    assert.deepEqual(await ids('recommended'), before, 'the same recommendations as before the reload');
    assert.equal(await page.textContent('#detail-item-title'), focus);
    assert.ok((await ids('similar')).length >= 4);
    assert.match(await page.textContent('#status-models'), /shop-up \+ shop-sims on this device \(kept copy\)/);

    // A click offline: the lists change at once, the event waits.
    const rid = await ridOf('recommended');
    const clicked = before[2];
    await page.click(`#recommended button.card[data-item-id="${clicked}"]`);
    await page.waitForFunction((t) => document.getElementById('detail-item-title').textContent === t, title(clicked));
    assert.notDeepEqual(await ids('recommended'), before);
    await page.waitForFunction(() => Number(document.body.dataset.eventsBuffered) >= 1);
    // Past the tracker's 2 s flush interval its upload fails (the status shows the last error).
    await page.waitForFunction(() => /last error/.test(document.getElementById('status-events').title), null, { timeout: 8_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.eventsBuffered), '1', 'the click waits');
    assert.deepEqual(storedWith(rid), []);
    await shot('04-offline', [page.getByText('offline', { exact: true }), page.locator('#detail-item-title'),
      page.getByText('events: 1 waiting')]);

    await context.setOffline(false);
    const t0 = Date.now();
    await page.waitForFunction(() => document.body.dataset.eventsBuffered === '0', null, { timeout: 15_000 });
    const rows = await waitFor('the offline click at the server', () => {
      const r = storedWith(rid);
      return r.length > 0 ? r : null;
    });
    console.log(`# back online: uploaded in ${Date.now() - t0} ms`);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0][1].split('|'), before);
    assert.ok(endpointRequests.length > endpointBefore);
    assertOnlyBundlesAndEvents();
    assert.deepEqual(pageErrors, []);
  });

  it('says which parameters it needs, and why it cannot start', async () => {
    const other = await context.newPage();
    try {
      await other.goto(`${origin}/examples/browser/?campaign=shop-up`);
      await other.waitForFunction(() => document.body.dataset.state === 'setup');
      assert.equal(await other.textContent('#setup-missing'), 'Missing: endpoint, clientKey, catalog.');
      const bad = new URL(url);
      bad.searchParams.set('campaign', 'no-such-campaign');
      await other.goto(bad.href);
      await other.waitForFunction(() => document.body.dataset.state === 'error');
      assert.match(await other.textContent('#notice'), /^NotFound \(20\): .*no-such-campaign.*HTTP 404/);
    } finally {
      await other.close();
    }
  });
});
