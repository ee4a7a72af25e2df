// Runtime API in Node: loading, GetRecommendations requests and their errors, describe, dispose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { EdgerecError, Runtime, StatusCode, init } from 'edgerec'; // self-reference: "node" condition
import { assertEdgerecError } from '../test-support/assertions.js';
import { cliUnavailable, makeSolution } from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;

describe('Runtime', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    fixture = makeSolution();
    rt = await Runtime.load(fixture.bytes);
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  it('init is idempotent and concurrent calls share one load', async () => {
    await Promise.all([init(), init(), init({ wasmPath: '/nonexistent' })]);
    await init();
  });

  it('loads from Uint8Array, ArrayBuffer, Buffer and an offset view', async () => {
    const copy = new Uint8Array(fixture.bytes);
    const padded = new Uint8Array(copy.length + 13);
    padded.set(copy, 7);
    const inputs = [
      copy,
      copy.buffer.slice(0),
      Buffer.from(copy),
      padded.subarray(7, 7 + copy.length),
    ];
    for (const input of inputs) {
      const r = await Runtime.load(input);
      assert.equal(r.getRecommendations({ userId: 'u1', numResults: 3 }).itemList.length, 3);
      r.dispose();
    }
  });

  it('returns 25 items by default, in Personalize response shape', () => {
    const res = rt.getRecommendations({ userId: 'u1' });
    assert.deepEqual(Object.keys(res).sort(), ['itemList', 'recommendationId']);
    assert.equal(res.itemList.length, 25);
    for (const item of res.itemList) {
      assert.equal(typeof item.itemId, 'string');
      assert.equal(typeof item.score, 'number');
    }
    for (let i = 1; i < res.itemList.length; i++) {
      assert.ok(res.itemList[i - 1].score >= res.itemList[i].score, 'scores are sorted, best first');
    }
    assert.equal(typeof res.recommendationId, 'string');
  });

  it('honours numResults within [0, 500]', () => {
    assert.equal(rt.getRecommendations({ userId: 'u1', numResults: 0 }).itemList.length, 0);
    assert.equal(rt.getRecommendations({ userId: 'u1', numResults: 1 }).itemList.length, 1);
    assert.equal(rt.getRecommendations({ userId: 'u1', numResults: 10 }).itemList.length, 10);
    const all = rt.getRecommendations({ userId: 'u1', numResults: 500 }).itemList;
    assert.ok(all.length > 25 && all.length <= 60, `got ${all.length} items for 500 over a 60-item catalog`);
    assert.equal(new Set(all.map((i) => i.itemId)).size, all.length, 'no duplicates');
  });

  it('rejects numResults out of range or of the wrong type', async () => {
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', numResults: 501 }), 10, /numResults/);
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', numResults: -1 }), 10, /numResults/);
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', numResults: 2.5 }), 10, /numResults/);
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', numResults: '10' }), 10, /numResults/);
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', numResults: 1e300 }), 10, /numResults/);
    const e = await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', numResults: 501 }), 10);
    assert.equal(e.codeName, 'InvalidInput');
  });

  it('rejects unknown fields and wrongly typed ids, naming the field', async () => {
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', bogus: 1 }), 10, /bogus/);
    await assertEdgerecError(() => rt.getRecommendations({ userId: 5 }), 10, /userId/);
    await assertEdgerecError(() => rt.getRecommendations({ userId: 'x'.repeat(257) }), 10, /userId/);
  });

  it('quotes member names with control characters in messages, so a NUL cannot cut them short', async () => {
    const e = await assertEdgerecError(() => rt.getRecommendations({ userId: 'u1', '\u0000x': 1 }), 10);
    assert.match(e.message, /^unknown request field "\\x00x"; valid fields are /);
    await assertEdgerecError(() => rt.putEvents({ sessionId: 's', '\u0000x': 1 }), 10, /^PutEvents request: unknown member "\\x00x"/);
  });

  it('rejects requests that are not objects, in JS', async () => {
    for (const bad of [undefined, null, 'u1', 42, ['u1']]) {
      await assertEdgerecError(() => rt.getRecommendations(bad), 10, /request must be an object/);
    }
    await assertEdgerecError(() => rt.getRecommendations({ userId: 1n }), 10, /JSON/);
  });

  it('getPersonalizedRanking validates its request and refuses recipes that do not rank', async () => {
    await assertEdgerecError(() => rt.getPersonalizedRanking('u1'), StatusCode.INVALID_INPUT, /inputList/);
    await assertEdgerecError(() => rt.getPersonalizedRanking({ userId: 'u1' }), StatusCode.INVALID_INPUT, /inputList is required/);
    await assertEdgerecError(
      () => rt.getPersonalizedRanking({ userId: 'u1', inputList: ['a', 'a'] }),
      StatusCode.INVALID_INPUT,
      /twice/,
    );
    await assertEdgerecError(
      () => rt.getPersonalizedRanking({ userId: 'u1', inputList: ['a'] }),
      StatusCode.INVALID_INPUT,
      /popularity-count \(POPULAR_ITEMS\) does not serve GetPersonalizedRanking/,
    );
  });

  it('gives a fresh recommendationId on every call', () => {
    const ids = new Set();
    for (let i = 0; i < 20; i++) ids.add(rt.getRecommendations({ userId: 'u1', numResults: 1 }).recommendationId);
    assert.equal(ids.size, 20);
  });

  it('seeds recommendation ids per runtime (entropy), or not (entropy: null)', async () => {
    const a = await Runtime.load(fixture.bytes);
    const b = await Runtime.load(fixture.bytes);
    assert.notEqual(
      a.getRecommendations({ userId: 'u1' }).recommendationId,
      b.getRecommendations({ userId: 'u1' }).recommendationId,
    );
    const c = await Runtime.load(fixture.bytes, { entropy: null });
    const d = await Runtime.load(fixture.bytes, { entropy: null });
    assert.equal(
      c.getRecommendations({ userId: 'u1' }).recommendationId,
      d.getRecommendations({ userId: 'u1' }).recommendationId,
    );
    const e = await Runtime.load(fixture.bytes, { entropy: new Uint8Array([1, 2, 3]) });
    const f = await Runtime.load(fixture.bytes, { entropy: new Uint8Array([1, 2, 3]) });
    assert.equal(
      e.getRecommendations({ userId: 'u1' }).recommendationId,
      f.getRecommendations({ userId: 'u1' }).recommendationId,
    );
    for (const r of [a, b, c, d, e, f]) r.dispose();
    await assertEdgerecError(() => Runtime.load(fixture.bytes, { entropy: 'abc' }), 10, /entropy/);
  });

  it('describes the solution version', () => {
    const d = rt.describe();
    assert.equal(d.recipe, 'popularity-count');
    assert.equal(typeof d, 'object');
  });

  it('dispose is idempotent and later calls throw FailedPrecondition', async () => {
    const r = await Runtime.load(fixture.bytes);
    assert.equal(r.disposed, false);
    r.dispose();
    r.dispose();
    assert.equal(r.disposed, true);
    await assertEdgerecError(() => r.getRecommendations({ userId: 'u1' }), 70, /disposed/);
    await assertEdgerecError(() => r.describe(), 70, /disposed/);
    // Other runtimes are unaffected.
    assert.equal(rt.getRecommendations({ userId: 'u1', numResults: 2 }).itemList.length, 2);
  });

  it('supports `using` through Symbol.dispose where available', { skip: typeof Symbol.dispose !== 'symbol' }, async () => {
    const r = await Runtime.load(fixture.bytes);
    r[Symbol.dispose]();
    assert.equal(r.disposed, true);
  });

  it('cannot be constructed directly', async () => {
    await assertEdgerecError(() => new Runtime(), 70, /Runtime\.load/);
  });

  it('keeps working after wasm memory grows (views are re-read)', async () => {
    const before = rt.getRecommendations({ userId: 'u2', numResults: 10 }).itemList;
    // A 48 MiB input forces memory growth past the initial 16 MiB, then fails verification.
    const big = new Uint8Array(48 << 20);
    await assertEdgerecError(() => Runtime.load(big), 30);
    const r = await Runtime.load(fixture.bytes);
    assert.deepEqual(r.getRecommendations({ userId: 'u2', numResults: 10 }).itemList, before);
    assert.deepEqual(rt.getRecommendations({ userId: 'u2', numResults: 10 }).itemList, before);
    r.dispose();
  });

  it('survives many load/dispose cycles without leaking', async () => {
    for (let i = 0; i < 300; i++) {
      const r = await Runtime.load(fixture.bytes);
      r.getRecommendations({ userId: `u${i % 50}`, numResults: 5 });
      r.dispose();
    }
  });
});

describe('argument checks (no solution needed)', () => {
  it('rejects bytes that are not a Uint8Array or ArrayBuffer with code 10', async () => {
    for (const bad of [undefined, null, 'abc', 42, [1, 2, 3], { length: 3 }, new Uint16Array(4)]) {
      await assertEdgerecError(() => Runtime.load(bad), 10, /Uint8Array or an ArrayBuffer/);
    }
  });

  it('rejects bad options', async () => {
    await assertEdgerecError(() => Runtime.load(new Uint8Array(64), 'x'), 10, /options/);
    await assertEdgerecError(() => init('x'), 10, /options/);
  });

  it('rejects a campaignConfig that JSON cannot write with an EdgerecError, not a RangeError', async () => {
    const deep = {};
    let at = deep;
    for (let i = 0; i < 10_000; i++) at = at.itemExplorationConfig = {};
    await assertEdgerecError(() => Runtime.load(new Uint8Array(64), { campaignConfig: deep }), 10,
      /^campaignConfig is not serializable to JSON: it is nested too deeply$/);
    const cyclic = {};
    cyclic.itemExplorationConfig = cyclic;
    await assertEdgerecError(() => Runtime.load(new Uint8Array(64), { campaignConfig: cyclic }), 10,
      /^campaignConfig is not serializable to JSON: Converting circular structure/);
  });

  it('exports the status codes', () => {
    assert.equal(StatusCode.INVALID_INPUT, 10);
    assert.equal(StatusCode.CORRUPT_DATA, 30);
    const e = new EdgerecError(30, 'boom');
    assert.equal(e.codeName, 'CorruptData');
  });
});
