// The EventBuffer in Node (wasm): the server's rules on the way in, batches the native server
// ingests once each (also after a restart from a snapshot), bounds that count what they drop,
// and errors as EdgerecErrors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { EdgerecError, EventBuffer, StatusCode } from 'edgerec';
import { assertEdgerecError } from '../test-support/assertions.js';
import { cliUnavailable, runCli } from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;

const events = (first, n, extra = {}) => ({
  sessionId: 'device-session',
  ...extra,
  eventList: Array.from({ length: n }, (_, i) => ({
    eventId: `e${first + i}`, eventType: 'click', sentAt: new Date((1700000000 + first + i) * 1000), itemId: `i${first + i}`,
  })),
});

describe('EventBuffer', () => {
  it('takes events with the server rules, all of a request or none', async () => {
    const buffer = await EventBuffer.create();
    assert.deepEqual(buffer.putEvents(events(0, 3)), { eventsAccepted: 3 });
    await assertEdgerecError(
      () => buffer.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: 1700000000, itemId: '' }] }),
      StatusCode.INVALID_INPUT, /eventList\[0\]\.itemId: must be 1 to 256 characters, got 0/);
    await assertEdgerecError(() => buffer.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: 1700000000000 }] }),
      StatusCode.INVALID_INPUT, /sentAt/);
    const stats = buffer.stats();
    assert.equal(stats.pendingEvents, 3);
    assert.equal(stats.accepted, 3);
    buffer.dispose();
    assert.throws(() => buffer.stats(), (e) => e instanceof EdgerecError && e.code === StatusCode.FAILED_PRECONDITION);
  });

  it('keeps a batch until it is acknowledged, and across a snapshot', async () => {
    const buffer = await EventBuffer.create();
    buffer.putEvents(events(0, 5));
    const first = buffer.seal({ batchId: 'b-1', trackingId: 't', maxEvents: 3 });
    assert.ok(first instanceof Uint8Array);
    assert.equal(String.fromCharCode(...first.subarray(1, 5)), 'EREV');
    assert.deepEqual(buffer.batch('b-1'), first);
    const restored = await EventBuffer.restore(buffer.snapshot());
    assert.deepEqual(restored.stats().inFlight, [{ batchId: 'b-1', events: 3 }]);
    assert.deepEqual(restored.batch('b-1'), first);
    restored.acknowledge('b-1');
    await assertEdgerecError(() => restored.acknowledge('b-1'), StatusCode.NOT_FOUND, /no batch in flight/);
    const second = restored.seal({ batchId: 'b-2', trackingId: 't' });
    assert.ok(second.length > 0);
    assert.equal(restored.seal({ batchId: 'b-3', trackingId: 't' }), null);
    restored.setAside('b-2', '400 InvalidInputException');
    assert.deepEqual(restored.stats().setAside, [{ batchId: 'b-2', events: 2, reason: '400 InvalidInputException' }]);
    assert.equal(restored.clearSetAside(), 2);
    const damaged = buffer.snapshot();
    damaged[damaged.length - 10] ^= 0xff;
    await assertEdgerecError(() => EventBuffer.restore(damaged), StatusCode.CORRUPT_DATA);
    await assertEdgerecError(() => EventBuffer.create({ maxBufferedEvents: 0 }), StatusCode.INVALID_INPUT, /maxBufferedEvents/);
  });

  it('drops the oldest events past its bound, and counts them', async () => {
    const buffer = await EventBuffer.create({ maxBufferedEvents: 4 });
    buffer.putEvents(events(0, 3));
    buffer.putEvents(events(3, 3));
    const stats = buffer.stats();
    assert.equal(stats.pendingEvents, 4);
    assert.equal(stats.dropped, 2);
  });

  describe('against the server side (edgerec ingest-batch)', { skip }, () => {
    let dir;
    let group;
    let tracking;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'edgerec-buffer-'));
      group = join(dir, 'shop');
      runCli(['create-dataset-group', group]);
      tracking = JSON.parse(runCli(['list-event-trackers', group])).eventTrackers[0].trackingId;
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('stores what the wasm seals once per batch id, across a sign-in', async () => {
      const buffer = await EventBuffer.create();
      buffer.putEvents(events(0, 2));
      buffer.putEvents(events(2, 2, { userId: 'u42' }));
      const bytes = buffer.seal({ batchId: 'wasm-1', trackingId: tracking, createdAt: 1700000100 });
      writeFileSync(join(dir, 'b.erev'), bytes);
      const once = JSON.parse(runCli(['ingest-batch', group, join(dir, 'b.erev')]));
      assert.equal(once.status, 'INGESTED');
      assert.equal(once.eventsStored, 4);
      // The answer was lost: the same bytes again change nothing.
      const again = JSON.parse(runCli(['ingest-batch', group, join(dir, 'b.erev')]));
      assert.equal(again.status, 'ALREADY_INGESTED');
      buffer.acknowledge('wasm-1');
      assert.equal(buffer.stats().acknowledged, 4);
    });
  });
});
