// Filters across targets: the same filterExpression / filterValues give the same items from the
// native CLI (--filter, --filter-values) and from the wasm core in Node, and the same errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { EdgerecError, Runtime, StatusCode } from 'edgerec';
import {
  cliFailure, cliRank, cliRecommend, cliUnavailable, diffItemLists, makeSolution,
} from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;

/** Loads a solution trained with the synthetic Items metadata; returns {fixture, rt}. */
async function load(options) {
  const fixture = makeSolution({ withItems: true, ...options });
  return { fixture, rt: await Runtime.load(fixture.bytes, { entropy: null }) };
}

describe('filters: popularity-count, native CLI == wasm in Node', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    ({ fixture, rt } = await load({ users: 300, items: 120, interactions: 9000, seed: 21 }));
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  const cases = [
    { filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ("genre_2")' },
    {
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) AND Items.PRICE < $MAX OR Items.PRICE >= 150',
      filterValues: { GENRE: '"genre_1","genre_4"', MAX: '"30"' },
    },
    { filterExpression: 'EXCLUDE ItemID WHERE Items.CATEGORY NOT IN ("category_3_0", "category_3_1")' },
    {
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ($G) | EXCLUDE ItemID WHERE Items.PRICE > $P',
      filterValues: { G: '"genre_0","genre_5"' }, // $P missing: its EXCLUDE expression is skipped
    },
    { filterExpression: 'INCLUDE ItemID WHERE Items.CREATION_TIMESTAMP > 1690000000 AND Items.PRICE <= 20' },
    { filterExpression: 'INCLUDE ItemID WHERE Items.PRICE > 100000' }, // nothing passes
  ];
  for (const [n, filter] of cases.entries()) {
    it(`filter ${n}: ${filter.filterExpression}`, () => {
      const expected = cliRecommend(fixture.path, 'u1', 40, filter);
      const actual = rt.getRecommendations({ userId: 'u1', numResults: 40, ...filter });
      assert.equal(diffItemLists(expected, actual), null);
    });
  }

  it('a filter changes the list: only genre_2 items, fewer than asked for', () => {
    const all = rt.getRecommendations({ numResults: 500 }).itemList.length;
    const some = rt.getRecommendations({ numResults: 500, ...cases[0] }).itemList.length;
    assert.ok(some > 0 && some < all, `${some} of ${all}`);
  });

  it('errors are the same InvalidInput messages as the CLI prints', () => {
    const requests = [
      { filterExpression: 'INCLUDE ItemID WHERE Items.GENRE LIKE ("x")' },
      { filterExpression: 'INCLUDE ItemID WHERE Items.COLOUR IN ("red")' },
      { filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)' },
      { filterExpression: 'INCLUDE ItemID WHERE Items.PRICE < $P', filterValues: { P: '"cheap"' } },
      { filterExpression: 'EXCLUDE ItemID WHERE Items.GENRE NOT IN ($G)', filterValues: { G: '"a"' } },
    ];
    for (const request of requests) {
      const stderr = cliFailure(['recommend', '--solution', fixture.path, '--filter', request.filterExpression,
        ...(request.filterValues ? ['--filter-values', JSON.stringify(request.filterValues)] : [])]);
      assert.throws(() => rt.getRecommendations(request), (e) => {
        assert.ok(e instanceof EdgerecError);
        assert.equal(e.code, StatusCode.INVALID_INPUT);
        assert.equal(stderr.trim(), `edgerec recommend: InvalidInput: ${e.message}`);
        assert.match(e.message, /^(filter|request field filterValues)/);
        return true;
      });
    }
  });
});

describe('filters: user-personalization (interactions, ranking), native CLI == wasm in Node', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    ({ fixture, rt } = await load({
      users: 300, items: 100, interactions: 12000, seed: 9, recipe: 'user-personalization',
      trainArgs: ['--hp', 'factors=8', '--hp', 'iterations=3', '--threads', '2'],
    }));
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  const filters = [
    { filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")' },
    { filterExpression: 'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("VIEW", "click")' },
    {
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($TYPES) | INCLUDE ItemID WHERE Items.PRICE < 50',
      filterValues: { TYPES: '"purchase"' },
    },
  ];
  for (const userId of ['u1', 'u77', 'someone-new']) {
    for (const [n, filter] of filters.entries()) {
      it(`recommend userId=${userId} filter ${n}`, () => {
        const expected = cliRecommend(fixture.path, userId, 30, filter);
        const actual = rt.getRecommendations({ userId, numResults: 30, ...filter });
        assert.equal(diffItemLists(expected, actual), null);
      });
    }
  }

  it('rank: filtered-out items leave the ranking; unknown ones stay last', () => {
    const inputList = ['i5', 'i1', 'unknown-item', 'i50', 'i17', 'i3', 'i60'];
    const filter = { filterExpression: 'INCLUDE ItemID WHERE Items.PRICE < $P', filterValues: { P: '"40"' } };
    for (const userId of ['u1', 'u150', 'someone-new']) {
      const expected = cliRank(fixture.path, userId, inputList, filter);
      const actual = rt.getPersonalizedRanking({ userId, inputList, ...filter });
      assert.equal(diffItemLists(expected, actual, 'personalizedRanking'), null);
      assert.equal(actual.personalizedRanking.at(-1).itemId, 'unknown-item');
    }
  });
});

describe('filters: similar-items with CurrentItem, native CLI == wasm in Node', { skip }, () => {
  let fixture;
  let rt;
  before(async () => {
    ({ fixture, rt } = await load({ users: 300, items: 120, interactions: 12000, seed: 4, recipe: 'similar-items' }));
  });
  after(() => {
    rt?.dispose();
    fixture?.cleanup();
  });

  const filters = [
    { filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN CurrentItem.GENRE' },
    { filterExpression: 'INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.GENRE NOT IN ("genre_0")' },
  ];
  for (const itemId of ['i0', 'i7', 'not-an-item']) {
    for (const [n, filter] of filters.entries()) {
      it(`related items for itemId=${itemId} filter ${n}`, () => {
        const expected = cliRecommend(fixture.path, undefined, 30, { itemId, ...filter });
        const actual = rt.getRecommendations({ itemId, numResults: 30, ...filter });
        assert.equal(diffItemLists(expected, actual), null);
      });
    }
  }
});
