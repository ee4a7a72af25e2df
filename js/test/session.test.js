// Live sessions: rt.putEvents(...) in Node (wasm) answers as the native CLI with --events for the
// same PutEvents bodies (same item ids in the same order, scores within 1e-5 relative: the
// fold-in's Cholesky solve may round differently natively and in wasm), on a full solution and on
// its edge bundle.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { EdgerecError, Runtime, StatusCode } from 'edgerec';
import { cliUnavailable, makeSolution, runCli } from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;

const bodies = [
  {
    trackingId: 'tracker', sessionId: 's1', userId: 'visitor',
    eventList: [
      { eventType: 'view', sentAt: 1700000000, itemId: 'i3' },
      { eventType: 'click', sentAt: 1700000010, itemId: 'i17', eventId: 'e2' },
      { eventType: 'click', sentAt: 1700000020, itemId: 'not-in-catalog' },
    ],
  },
  {
    sessionId: 's1', userId: 'visitor',
    eventList: [{ eventType: 'purchase', sentAt: 1700000030, itemId: 'i25', eventValue: 12.5 }],
  },
];

function sameList(expected, actual, key) {
  const a = expected[key];
  const b = actual[key];
  assert.deepEqual(b.map((x) => x.itemId), a.map((x) => x.itemId));
  for (let i = 0; i < a.length; i++) {
    if (a[i].score === undefined) {
      assert.equal(b[i].score, undefined);
      continue;
    }
    const tol = 1e-5 * Math.max(1e-3, Math.abs(a[i].score));
    assert.ok(Math.abs(a[i].score - b[i].score) <= tol, `${key}[${i}] ${a[i].itemId}: ${b[i].score} vs ${a[i].score}`);
  }
}

for (const edge of [false, true]) {
  describe(`sessions on ${edge ? 'an edge bundle' : 'a full solution'}: putEvents in Node == CLI --events`, { skip }, () => {
    let fixture;
    let path;
    let dir;
    let rt;
    before(async () => {
      fixture = makeSolution({
        users: 200, items: 80, interactions: 6000, seed: 4, recipe: 'user-personalization',
        trainArgs: ['--hp', 'factors=8', '--hp', 'iterations=5', '--hp', 'hpo_trials=1', '--threads', '2'],
      });
      dir = mkdtempSync(join(tmpdir(), 'edgerec-session-'));
      path = fixture.path;
      if (edge) {
        path = join(dir, 'edge.erec');
        runCli(['export-edge', fixture.path, '--output', path]);
      }
      writeFileSync(join(dir, 'events.json'), JSON.stringify(bodies));
      rt = await Runtime.load(new Uint8Array(readFileSync(path)), { entropy: null });
    });
    after(() => {
      rt?.dispose();
      fixture?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('popular items before any event, personalized after', () => {
      const popular = rt.getRecommendations({ userId: 'visitor', numResults: 20 });
      const popularCli = JSON.parse(runCli(['recommend', '--solution', path, '--user-id', 'visitor', '--num-results', '20']));
      sameList(popularCli, popular, 'itemList');

      assert.deepEqual(rt.putEvents(bodies[0]), { eventsAccepted: 3, eventsForModel: 2 });
      assert.deepEqual(rt.putEvents(bodies[1]), { eventsAccepted: 1, eventsForModel: 1 });
      const after = rt.getRecommendations({ userId: 'visitor', numResults: 20 });
      assert.notDeepEqual(after.itemList.map((x) => x.itemId), popular.itemList.map((x) => x.itemId));
      const cli = JSON.parse(runCli(['recommend', '--solution', path, '--user-id', 'visitor', '--num-results', '20',
        '--events', join(dir, 'events.json')]));
      sameList(cli, after, 'itemList');
    });

    it('ranks the same with --events, and filters see the session', () => {
      const inputList = ['i1', 'i3', 'i17', 'i25', 'i40', 'nope'];
      const ranked = rt.getPersonalizedRanking({ userId: 'visitor', inputList });
      const cli = JSON.parse(runCli(['rank', '--solution', path, '--user-id', 'visitor', '--input-list', inputList.join(','),
        '--events', join(dir, 'events.json')]));
      sameList(cli, ranked, 'personalizedRanking');
      const filtered = rt.getRecommendations({
        userId: 'visitor', numResults: 80,
        filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "purchase")',
      });
      const ids = filtered.itemList.map((x) => x.itemId);
      assert.ok(!ids.includes('i17') && !ids.includes('i25') && ids.includes('i3'));
    });

    it('clearSession forgets; bad events are EdgerecError naming the field', () => {
      assert.equal(rt.clearSession('visitor'), true);
      assert.equal(rt.clearSession('visitor'), false);
      assert.throws(
        () => rt.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: 1, itemId: '' }] }),
        (e) => e instanceof EdgerecError && e.code === StatusCode.INVALID_INPUT &&
          e.message.includes('eventList[0].itemId: must be 1 to 256 characters'),
      );
      assert.throws(() => rt.putEvents('nope'), (e) => e instanceof EdgerecError && e.code === StatusCode.INVALID_INPUT);
      // Milliseconds are refused as an import's TIMESTAMP is, in the same words (one rule, in the core).
      assert.throws(
        () => rt.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: 1700000000000, itemId: 'i1' }] }),
        (e) => e instanceof EdgerecError && e.code === StatusCode.INVALID_INPUT &&
          e.message === 'eventList[0].sentAt: got 1700000000000, which looks like milliseconds; sentAt must be epoch seconds',
      );
      // A Date is what the AWS SDKs take: converted to epoch seconds; an invalid one is named.
      assert.equal(rt.putEvents({ sessionId: 'dated', eventList: [{ eventType: 'click', sentAt: new Date(1700000000500), itemId: 'i1' }] })
        .eventsAccepted, 1);
      assert.throws(
        () => rt.putEvents({ sessionId: 's', eventList: [{ eventType: 'click', sentAt: new Date('nope'), itemId: 'i1' }] }),
        (e) => e instanceof EdgerecError && e.code === StatusCode.INVALID_INPUT && e.message.includes('sentAt: an invalid Date'),
      );
      assert.equal(rt.clearSession('dated'), true);
      assert.throws(() => rt.clearSession(1), (e) => e instanceof EdgerecError);
    });
  });
}
