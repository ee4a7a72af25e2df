// The EventTracker in Node against a real `edgerec serve` (behind a loopback proxy that can fail
// requests): events reach the dataset group once each, through outages, 503/429 with Retry-After,
// a refused batch, a process restart from the file store, and past the buffer's bound.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { EventBuffer, EventTracker, FileEventStore, MemoryEventStore, Runtime, StatusCode } from 'edgerec';
import { assertEdgerecError } from '../test-support/assertions.js';
import { cliUnavailable, runCli } from '../test-support/cli.js';
import { startFaultProxy } from '../test-support/fault-proxy.js';
import { makeHome, startServer } from '../test-support/server.js';

const skip = cliUnavailable() ?? false;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let nextEvent = 0;
/** A PutEvents body of `n` distinct clicks (ids never repeat within a run). */
function clicks(n, extra = {}) {
  return {
    sessionId: 'visitor-1',
    ...extra,
    eventList: Array.from({ length: n }, () => {
      const k = nextEvent++;
      return { eventType: 'click', sentAt: new Date((1700000000 + k) * 1000), itemId: `i${k % 60}` };
    }),
  };
}

async function waitFor(what, predicate, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('EventTracker against edgerec serve', { skip }, () => {
  let home;
  let server;
  let proxy;
  let dir;
  const stored = () => JSON.parse(runCli(['describe', home.group])).datasets.interactions.streamedRows;
  const ingestedBatches = () => JSON.parse(runCli(['describe', home.group])).ingestedBatches;
  const options = (extra = {}) => ({
    endpoint: proxy.endpoint, trackingId: home.trackingId, clientKey: home.clientKey,
    retryBaseDelayMs: 20, retryMaxDelayMs: 200, flushIntervalMs: 50, ...extra,
  });

  before(async () => {
    home = makeHome();
    server = await startServer(home.home);
    proxy = await startFaultProxy(server.endpoint);
    dir = mkdtempSync(join(tmpdir(), 'edgerec-tracker-'));
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
    home?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads what it buffered, each event once, and says so in stats()', async () => {
    const before = stored();
    const tracker = await EventTracker.create(options({ storePath: join(dir, 'once.snapshot') }));
    assert.deepEqual(await tracker.putEvents(clicks(10)), { eventsAccepted: 10 });
    assert.deepEqual(await tracker.putEvents(clicks(5, { userId: 'u1' })), { eventsAccepted: 5 });
    assert.equal(tracker.stats().buffered, 15);
    const result = await tracker.flush();
    assert.deepEqual(result, { uploaded: 15, buffered: 0, error: null });
    const stats = tracker.stats();
    assert.equal(stats.uploaded, 15);
    assert.equal(stats.buffered, 0);
    assert.equal(stats.retries, 0);
    assert.equal(stats.lastError, null);
    assert.equal(stored() - before, 15);
    await tracker.close();
    assert.equal(tracker.closed, true);
    await assertEdgerecError(() => tracker.putEvents(clicks(1)), StatusCode.FAILED_PRECONDITION, /closed/);
  });

  it('uploads on its own once flushAt events are buffered', async () => {
    const before = stored();
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore(), flushAt: 8, flushIntervalMs: 60_000 }));
    await tracker.putEvents(clicks(4));
    await tracker.putEvents(clicks(4));
    await waitFor('the automatic upload', () => tracker.stats().uploaded === 8);
    assert.equal(stored() - before, 8);
    await tracker.close();
  });

  it('validates with the server rules: a bad event refuses the whole request', async () => {
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore() }));
    await assertEdgerecError(
      () => tracker.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: 1700000000, itemId: 'a' },
        { eventType: 'click', sentAt: 1700000000, itemId: '' }] }),
      StatusCode.INVALID_INPUT, /eventList\[1\]\.itemId: must be 1 to 256 characters, got 0/);
    await assertEdgerecError(() => tracker.putEvents({ sessionId: 's', eventList: [] }), StatusCode.INVALID_INPUT, /eventList/);
    await assertEdgerecError(() => tracker.putEvents('nope'), StatusCode.INVALID_INPUT, /request must be an object/);
    assert.equal(tracker.stats().buffered, 0);
    await tracker.close();
    await assertEdgerecError(() => EventTracker.create({ endpoint: 'ftp://x', trackingId: 't', clientKey: 'k' }),
      StatusCode.INVALID_INPUT, /endpoint must be an http\(s\) URL/);
    await assertEdgerecError(() => EventTracker.create({ ...options(), clientKey: '' }), StatusCode.INVALID_INPUT, /clientKey/);
    await assertEdgerecError(() => EventTracker.create({ ...options(), flushAt: 0 }), StatusCode.INVALID_INPUT, /flushAt/);
    await assertEdgerecError(() => EventTracker.create({ ...options(), store: {} }), StatusCode.INVALID_INPUT, /store/);
  });

  it('keeps events through an outage and uploads them once when the server is back', async () => {
    const before = stored();
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore() }));
    proxy.down();
    await tracker.putEvents(clicks(7));
    const failed = await tracker.flush();
    assert.equal(failed.uploaded, 0);
    assert.equal(failed.buffered, 7);
    assert.match(failed.error, /network error/);
    assert.match(tracker.stats().lastError.message, /network error/);
    assert.ok(tracker.stats().retries >= 1);
    await sleep(300); // several retries, all failing
    proxy.up();
    await waitFor('the retry after the outage', () => tracker.stats().buffered === 0);
    assert.equal(stored() - before, 7);
    await tracker.close();
  });

  it('waits out 503 and 429 with Retry-After, and sends the same batch again', async () => {
    const before = stored();
    const batchesBefore = ingestedBatches();
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore(), flushIntervalMs: 0 }));
    await tracker.putEvents(clicks(3));
    proxy.failNext(1, 503, { 'Retry-After': '1' });
    proxy.failNext(1, 429, { 'Retry-After': '1' });
    const started = Date.now();
    const first = await tracker.flush();
    assert.match(first.error, /HTTP 503/);
    await waitFor('the upload after two Retry-Afters', () => tracker.stats().buffered === 0, 10_000);
    const waited = Date.now() - started;
    assert.ok(waited >= 1900, `Retry-After: 1 twice, yet done after ${waited} ms`);
    assert.equal(tracker.stats().retries, 2);
    assert.equal(stored() - before, 3);
    assert.equal(ingestedBatches() - batchesBefore, 1, 'one batch id, sent three times');
    await tracker.close();
  });

  it('sets a refused batch aside and reports it, without retrying it', async () => {
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore(), trackingId: 'not-this-servers' }));
    await tracker.putEvents(clicks(2));
    const posts = proxy.counts.get('/events/batch') ?? 0;
    const result = await tracker.flush();
    assert.equal(result.error, null);
    const stats = tracker.stats();
    assert.equal(stats.buffered, 0);
    assert.equal(stats.setAside.length, 1);
    assert.equal(stats.setAside[0].events, 2);
    assert.match(stats.setAside[0].reason, /HTTP 40[34]/);
    assert.match(stats.lastError.message, /refused/);
    await sleep(200);
    assert.equal(proxy.counts.get('/events/batch') - posts, 1, 'a refused batch is sent once');
    assert.equal(await tracker.clearSetAside(), 2);
    assert.deepEqual(tracker.stats().setAside, []);
    await tracker.close();
  });

  it('resolves putEvents once the events are in the file, and a restarted process uploads them', async () => {
    const before = stored();
    const storePath = join(dir, 'restart.snapshot');
    proxy.down();
    const first = await EventTracker.create(options({ storePath }));
    await first.putEvents(clicks(6));
    await first.putEvents(clicks(4));
    // Durable already: the file restores to a buffer holding all ten.
    const kept = await EventBuffer.restore(await new PeekedFile(storePath).load());
    assert.equal(kept.stats().pendingEvents, 10);
    kept.dispose();
    await first.flush(); // fails: offline; one batch is now sealed and in flight
    await assertEdgerecError(() => FileEventStore.open(storePath), StatusCode.FAILED_PRECONDITION, /in use by process/);
    await first.close({ flush: false });
    assert.ok(existsSync(storePath));

    proxy.up();
    const second = await EventTracker.create(options({ storePath }));
    assert.equal(second.stats().buffered, 10);
    await waitFor('the restored events to upload', () => second.stats().buffered === 0);
    assert.equal(stored() - before, 10);
    await second.close();
  });

  it('starts empty from a damaged store, and says so', async () => {
    const store = new MemoryEventStore();
    await store.save(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    const tracker = await EventTracker.create(options({ store }));
    assert.equal(tracker.stats().buffered, 0);
    assert.match(tracker.stats().lastError.message, /stored event buffer was damaged/);
    await tracker.close({ flush: false });
  });

  it('drops the oldest events past maxBufferedEvents, and counts them', async () => {
    proxy.down();
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore(), maxBufferedEvents: 5, flushIntervalMs: 0 }));
    await tracker.putEvents(clicks(4));
    await tracker.putEvents(clicks(4));
    const stats = tracker.stats();
    assert.equal(stats.buffered, 5);
    assert.equal(stats.dropped, 3);
    proxy.up();
    await tracker.close({ flush: false });
  });

  it('hands each event to the runtime at once', async () => {
    const response = await fetch(`${server.endpoint}/campaigns/shop-up/edge-bundle`, { headers: { 'X-Edgerec-Client-Key': home.clientKey } });
    assert.equal(response.status, 200);
    const runtime = await Runtime.load(new Uint8Array(await response.arrayBuffer()));
    const tracker = await EventTracker.create(options({ store: new MemoryEventStore(), runtime }));
    const cold = runtime.getRecommendations({ userId: 'visitor-new', numResults: 5 }).itemList.map((x) => x.itemId);
    await tracker.putEvents({ sessionId: 'sess-rt', userId: 'visitor-new', eventList: [
      { eventType: 'click', sentAt: 1700000500, itemId: 'i3' }, { eventType: 'click', sentAt: 1700000501, itemId: 'i7' }] });
    const warm = runtime.getRecommendations({ userId: 'visitor-new', numResults: 5 }).itemList.map((x) => x.itemId);
    assert.notDeepEqual(warm, cold);
    await tracker.close();
    runtime.dispose();
  });
});

/** Reads a FileEventStore's file without taking its lock (the test peeks at a live store). */
class PeekedFile {
  constructor(path) {
    this.path = path;
  }

  async load() {
    const { readFile } = await import('node:fs/promises');
    return new Uint8Array(await readFile(this.path));
  }
}

describe('retry schedule', async () => {
  const { retryAfterMs, retryDelayMs } = await import('../batch-upload.js');
  it('backs off exponentially with full jitter, under its ceiling', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(retryDelayMs(1, policy, null, () => 0.999), 99);
    assert.equal(retryDelayMs(3, policy, null, () => 0.999), 399);
    assert.equal(retryDelayMs(30, policy, null, () => 0.999), 999);
    assert.equal(retryDelayMs(3, policy, null, () => 0), 0);
  });
  it('never retries sooner than Retry-After, in seconds or as an HTTP date', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(retryDelayMs(1, policy, 5000, () => 0.5), 5000);
    assert.equal(retryAfterMs('7'), 7000);
    const now = Date.parse('2026-12-02T10:00:00Z');
    assert.equal(retryAfterMs('Wed, 02 Dec 2026 10:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Wed, 02 Dec 2026 09:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon'), null);
    assert.equal(retryAfterMs(null), null);
  });
});
