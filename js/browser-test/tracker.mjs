// Browser test of the EventTracker: headless Debian Chromium (driven with playwright-core) against
// a real `edgerec serve`, behind a loopback proxy that counts what reaches it.
//
//   node browser-test/tracker.mjs     (CTest: js.browser-tracker; env CHROMIUM, EDGEREC_CLI)
//
//   1. events survive a reload
//   2. offline (the server stopped), events, a reload, the server back on another port: every
//      event is stored once
//   3. a tab closed right after its events were accepted still delivers them (keepalive)
//   4. two tabs of one origin: one upload at a time (Web Locks), no batch uploaded twice
//   5. a browser restart keeps what was buffered (IndexedDB), uploaded once online
//   6. Runtime.fromCampaign keeps the edge bundle (Cache API) and starts from it offline
// Exit 0 when all pass, 1 on failure, 77 (CTest: skipped) when Chromium or the CLI is missing
// outside CI.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CHROMIUM } from '../test-support/chromium.js';
import { REPO_DIR, cliUnavailable, runCli } from '../test-support/cli.js';
import { startFaultProxy } from '../test-support/fault-proxy.js';
import { serveStatic, skipOrFail, tally } from '../test-support/runner.js';
import { makeHome, startServer } from '../test-support/server.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, predicate, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function main() {
  if (!existsSync(CHROMIUM)) skipOrFail(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const missing = cliUnavailable();
  if (missing) skipOrFail(missing);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    skipOrFail('playwright-core is not installed (scripts/setup: npm ci in js/)');
  }

  const { check, finish } = tally('browser-tracker');
  const pages = await serveStatic({ root: REPO_DIR, dirs: ['js'] });
  const origin = `http://127.0.0.1:${pages.address().port}`;
  const home = makeHome();
  const tracker = JSON.parse(runCli(['create-event-tracker', home.group, '--name', 'web', '--allowed-origin', origin]));
  let server = await startServer(home.home);
  const proxy = await startFaultProxy(server.endpoint);
  const profile = mkdtempSync(join(tmpdir(), 'edgerec-tracker-profile-'));
  const launch = () => chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  let context = await launch();

  const describe = () => JSON.parse(runCli(['describe', home.group]));
  const stored = () => describe().datasets.interactions.streamedRows;
  const batchPosts = () => proxy.answers.filter((a) => a.path === '/events/batch' && a.status === 200).length;
  const url = (extra = {}) => {
    const q = new URLSearchParams({ endpoint: proxy.endpoint, trackingId: tracker.trackingId, clientKey: tracker.clientKey, ...extra });
    return `${origin}/js/browser-test/tracker.html?${q}`;
  };
  const open = async (extra, page = null) => {
    const p = page ?? (await context.newPage());
    p.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
    await p.goto(url(extra));
    await p.waitForFunction(() => document.getElementById('out').textContent !== 'PENDING');
    const text = await p.textContent('#out');
    if (text !== 'READY') throw new Error(`the tracker page says ${text}`);
    return p;
  };
  const call = (page, what, arg) => page.evaluate(async ([w, a]) => (await window.edgerecTest)[w](a), [what, arg]);

  try {
    console.log(`# ${await context.browser()?.version() ?? 'chromium'}; pages at ${origin}, edgerec serve behind ${proxy.endpoint}`);

    // 1 + 2: offline (server stopped), events, reload, server back on a new port.
    {
      const before = stored();
      await server.stop();
      const page = await open({ tab: 'reload' });
      const put = await call(page, 'put', 25);
      check('putEvents resolves offline, all 25 buffered', put.buffered === 25, JSON.stringify(put));
      await sleep(500); // some failing retries
      const failing = await call(page, 'stats');
      check('uploads fail while the server is stopped, and are retried', failing.retries >= 1 && failing.lastError !== null,
        JSON.stringify(failing));
      await page.reload();
      await page.waitForFunction(() => document.getElementById('out').textContent === 'READY');
      const reloaded = await call(page, 'stats');
      check('events survive a reload (IndexedDB)', reloaded.buffered === 25, JSON.stringify(reloaded));
      server = await startServer(home.home);
      proxy.up(server.endpoint);
      const done = await waitFor('the upload after the server came back', async () => {
        const s = await call(page, 'stats');
        return s.buffered === 0 ? s : null;
      });
      check('back online, everything is uploaded', done.buffered === 0 && done.setAside.length === 0, JSON.stringify(done));
      check('the group holds each of the 25 events once', stored() - before === 25, `stored ${stored() - before}`);
      await page.close();
    }

    // 3: a tab closed right after its events were accepted.
    {
      const before = stored();
      const page = await open({ tab: 'closing', flushAt: '1000', flushIntervalMs: '600000' });
      const put = await call(page, 'put', 7);
      check('7 events buffered, none uploaded yet', put.buffered === 7 && put.uploaded === 0, JSON.stringify(put));
      await page.close({ runBeforeUnload: true });
      const got = await waitFor('the closed tab\'s events', () => (stored() - before >= 7 ? stored() - before : null), 10_000)
        .catch(() => stored() - before);
      check('a tab closed right after putEvents still delivers its events (keepalive)', got === 7, `stored ${got}`);
      // Its keepalive's answer died with it: its events are still in its IndexedDB slot (in the
      // sealed batch, or still pending if the page went before that save). The next tab uploads
      // the orphaned slot: the batch id, or else each eventId, is applied once.
      const posts = batchPosts();
      const next = await open({ tab: 'after-close' });
      await waitFor('the orphaned slot to be uploaded', async () => (await call(next, 'flush')) && batchPosts() > posts);
      check('the closed tab\'s events, sent again by the next tab, are not stored twice', stored() - before === 7,
        `stored ${stored() - before}`);
      await next.close();
    }

    // 4: two tabs at once.
    {
      const before = stored();
      const postsBefore = batchPosts();
      const batchesBefore = describe().ingestedBatches;
      proxy.maxInFlight.set('/events/batch', 0);
      const [a, b] = await Promise.all([open({ tab: 'left', flushAt: '5' }), open({ tab: 'right', flushAt: '5' })]);
      await Promise.all([call(a, 'put', 60), call(b, 'put', 60)]);
      await waitFor('both tabs to upload', async () => (await call(a, 'stats')).buffered === 0 && (await call(b, 'stats')).buffered === 0);
      const posts = batchPosts() - postsBefore;
      const batches = describe().ingestedBatches - batchesBefore;
      check('two tabs: the group holds each of their 120 events once', stored() - before === 120, `stored ${stored() - before}`);
      check('two tabs: no batch uploaded twice', posts === batches, `${posts} acknowledged POSTs, ${batches} batches ingested`);
      check('two tabs: one upload at a time (Web Locks)', proxy.maxInFlight.get('/events/batch') === 1,
        `at most ${proxy.maxInFlight.get('/events/batch')} at once`);
      await a.close();
      await b.close();
    }

    // 5: a browser restart while offline.
    {
      const before = stored();
      proxy.down();
      const page = await open({ tab: 'restart' });
      await call(page, 'put', 12);
      await context.close();
      context = await launch();
      const again = await open({ tab: 'restart' });
      const restored = await call(again, 'stats');
      check('events survive a browser restart (IndexedDB)', restored.buffered === 12, JSON.stringify(restored));
      proxy.up();
      await waitFor('the upload after the restart', async () => (await call(again, 'stats')).buffered === 0);
      check('after the restart, each of the 12 events is stored once', stored() - before === 12, `stored ${stored() - before}`);

      // 6: the campaign's edge bundle, online, then offline from the Cache API after a reload.
      const online = await call(again, 'campaign', 'shop-up');
      proxy.down();
      await again.reload();
      await again.waitForFunction(() => document.getElementById('out').textContent === 'READY');
      const offline = await call(again, 'campaign', 'shop-up').catch((e) => ({ error: e.message }));
      proxy.up();
      check('Runtime.fromCampaign starts offline from the kept bundle (Cache API)',
        online.etag.length > 2 && offline.etag === online.etag && JSON.stringify(offline.top) === JSON.stringify(online.top),
        `online ${JSON.stringify(online)}, offline ${JSON.stringify(offline)}`);
    }
  } catch (e) {
    check('the browser tracker run completes', false, e.stack ?? String(e));
  } finally {
    await context.close().catch(() => {});
    await proxy.close();
    await server.stop();
    pages.close();
    home.cleanup();
    rmSync(profile, { recursive: true, force: true });
  }
  finish();
}

await main();
