// Cross-target golden check: one .erec gives the same ranked items from the native CLI and from
// the wasm core in Node (ids in order; scores within 1e-6, and for user-personalization the very
// same floats). The browser and workerd tests check
// the same against the CLI (browser-test/, worker-test/).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Runtime } from 'edgerec';
import { cliRank, cliRecommend, cliUnavailable, diffItemLists, makeSolution } from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;
const USERS = ['u1', 'u2', 'u17', 'u499', 'not-a-known-user'];
const NUM_RESULTS = [undefined, 1, 10, 200, 500];

describe('golden: native CLI == wasm in Node', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    fixture = makeSolution({ users: 500, items: 200, interactions: 20000, seed: 7 });
    rt = await Runtime.load(fixture.bytes);
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  for (const userId of USERS) {
    for (const numResults of NUM_RESULTS) {
      it(`userId=${userId} numResults=${numResults ?? 'default'}`, () => {
        const expected = cliRecommend(fixture.path, userId, numResults);
        const request = numResults === undefined ? { userId } : { userId, numResults };
        const actual = rt.getRecommendations(request);
        assert.equal(diffItemLists(expected, actual), null);
        assert.equal(actual.itemList.length, Math.min(numResults ?? 25, 200));
        assert.equal(typeof expected.recommendationId, 'string');
      });
    }
  }
});

describe('golden: user-personalization, native CLI == wasm in Node', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    fixture = makeSolution({
      users: 400, items: 150, interactions: 16000, seed: 3, recipe: 'user-personalization',
      trainArgs: ['--hp', 'factors=16', '--hp', 'iterations=5', '--threads', '2'],
    });
    rt = await Runtime.load(fixture.bytes);
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  for (const userId of ['u1', 'u42', 'u399', 'someone-new']) {
    for (const numResults of [undefined, 100]) {
      it(`recommend userId=${userId} numResults=${numResults ?? 'default'}`, () => {
        const expected = cliRecommend(fixture.path, userId, numResults);
        const actual = rt.getRecommendations(numResults === undefined ? { userId } : { userId, numResults });
        assert.equal(diffItemLists(expected, actual), null);
      });
    }
  }

  it('scores are the same floats natively and in wasm, not just close (kernels, softmax, JSON text)', () => {
    for (const userId of ['u1', 'u42', 'u399']) {
      const expected = cliRecommend(fixture.path, userId, 100);
      const actual = rt.getRecommendations({ userId, numResults: 100 });
      assert.deepEqual(actual.itemList.map((i) => i.score), expected.itemList.map((i) => i.score));
    }
  });

  it('rank: known items by score, unknown ones last without a score', () => {
    const inputList = ['i5', 'i1', 'unknown-item', 'i99', 'i17', 'i3'];
    for (const userId of ['u1', 'u250', 'someone-new']) {
      const expected = cliRank(fixture.path, userId, inputList);
      const actual = rt.getPersonalizedRanking({ userId, inputList });
      assert.equal(diffItemLists(expected, actual, 'personalizedRanking'), null);
      assert.equal(actual.personalizedRanking.at(-1).itemId, 'unknown-item');
    }
  });
});

describe('golden: similar-items, native CLI == wasm in Node', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    fixture = makeSolution({ users: 300, items: 120, interactions: 12000, seed: 4, recipe: 'similar-items' });
    rt = await Runtime.load(fixture.bytes);
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  for (const itemId of ['i0', 'i7', 'i119', 'not-an-item']) {
    it(`related items for itemId=${itemId}`, () => {
      const expected = cliRecommend(fixture.path, undefined, 30, { itemId });
      const actual = rt.getRecommendations({ itemId, numResults: 30 });
      assert.equal(diffItemLists(expected, actual), null);
      assert.equal(actual.itemList.length, 30);
    });
  }
});
