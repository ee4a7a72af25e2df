// metadataColumns and campaign exploration across targets: the native CLI (--metadata-columns,
// --campaign-config) and the wasm core in Node return the same items, metadata and reasons, and
// the same errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { EdgerecError, Runtime, StatusCode } from 'edgerec';
import {
  cliFailure, cliRank, cliRecommend, cliUnavailable, diffItemLists, makeSolution,
} from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;

const UP_TRAINING = ['--hp', 'factors=8', '--hp', 'iterations=3', '--hp', 'hpo_trials=1', '--threads', '1'];
const ITEMS = ['GENRE', 'PRICE', 'CREATION_TIMESTAMP'];

/** Same ids and scores (diffItemLists), and the same metadata and reason per item. */
function assertSameList(expected, actual, key = 'itemList') {
  assert.equal(diffItemLists(expected, actual, key), null);
  for (const [i, item] of expected[key].entries()) {
    assert.deepEqual(actual[key][i].metadata, item.metadata, `${key}[${i}] metadata`);
    assert.deepEqual(actual[key][i].reason, item.reason, `${key}[${i}] reason`);
  }
}

/** Runs `call`, expecting an InvalidInput EdgerecError whose message the CLI printed as `stderr`. */
function assertSameError(call, stderr, command) {
  assert.throws(call, (e) => {
    assert.ok(e instanceof EdgerecError);
    assert.equal(e.code, StatusCode.INVALID_INPUT);
    assert.equal(stderr.trim(), `edgerec ${command}: InvalidInput: ${e.message}`);
    return true;
  });
}

describe('metadataColumns: native CLI == wasm in Node', { skip }, () => {
  let popular;
  let up;
  let rtPopular;
  let rtUp;
  before(async () => {
    popular = makeSolution({ users: 200, items: 100, interactions: 6000, seed: 31, withItems: true });
    up = makeSolution({
      users: 200, items: 100, interactions: 6000, seed: 31, withItems: true, recipe: 'user-personalization',
      trainArgs: UP_TRAINING,
    });
    rtPopular = await Runtime.load(popular.bytes, { entropy: null });
    rtUp = await Runtime.load(up.bytes, { entropy: null });
  });
  after(() => {
    rtPopular?.dispose();
    rtUp?.dispose();
    popular?.cleanup();
    up?.cleanup();
  });

  it('getRecommendations returns every requested column, as strings', () => {
    const request = { numResults: 50, metadataColumns: { ITEMS } };
    const expected = cliRecommend(popular.path, undefined, 50, { metadataColumns: { ITEMS } });
    const actual = rtPopular.getRecommendations(request);
    assert.equal(actual.itemList.length, 50);
    assertSameList(expected, actual);
    for (const item of actual.itemList) {
      assert.deepEqual(Object.keys(item.metadata), ITEMS);
      for (const value of Object.values(item.metadata)) assert.equal(typeof value, 'string');
      assert.match(item.metadata.PRICE, /^\d+\.\d+$/);
      assert.match(item.metadata.GENRE, /^genre_\d+$/);
    }
    // Without metadataColumns there is no metadata.
    assert.equal(rtPopular.getRecommendations({ numResults: 3 }).itemList[0].metadata, undefined);
  });

  it('user-personalization: recommendations and rankings with metadata', () => {
    for (const userId of ['u1', 'u7', 'nobody']) {
      assertSameList(cliRecommend(up.path, userId, 20, { metadataColumns: { ITEMS: ['GENRE'] } }),
        rtUp.getRecommendations({ userId, numResults: 20, metadataColumns: { ITEMS: ['GENRE'] } }));
    }
    const inputList = ['i3', 'i9', 'unknown-item', 'i42'];
    const expected = cliRank(up.path, 'u2', inputList, { metadataColumns: { ITEMS: ['PRICE', 'GENRE'] } });
    const actual = rtUp.getPersonalizedRanking({ userId: 'u2', inputList, metadataColumns: { ITEMS: ['PRICE', 'GENRE'] } });
    assertSameList(expected, actual, 'personalizedRanking');
    const unknown = actual.personalizedRanking.find((r) => r.itemId === 'unknown-item');
    assert.equal(unknown.metadata, undefined);
    assert.equal(unknown.score, undefined);
  });

  it('errors are the same InvalidInput messages as the CLI prints', () => {
    const cases = [
      { numResults: 51, metadataColumns: { ITEMS: ['GENRE'] } },
      { numResults: 5, metadataColumns: { ITEMS: ['GENRE', 'COLOUR'] } },
      { numResults: 5, metadataColumns: { ITEMS: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'] } },
    ];
    for (const request of cases) {
      const stderr = cliFailure(['recommend', '--solution', popular.path, '--num-results', `${request.numResults}`,
        '--metadata-columns', request.metadataColumns.ITEMS.join(',')]);
      assertSameError(() => rtPopular.getRecommendations(request), stderr, 'recommend');
    }
    assert.throws(() => rtPopular.getRecommendations({ metadataColumns: { ITEMS: ['COLOUR'] } }),
      /unknown column ITEMS\.COLOUR; the solution's item columns are CREATION_TIMESTAMP, GENRE, CATEGORY, PRICE/);
    const inputList = Array.from({ length: 51 }, (_, i) => `i${i}`);
    const stderr = cliFailure(['rank', '--solution', up.path, '--user-id', 'u1', '--input-list', inputList.join(','),
      '--metadata-columns', 'GENRE']);
    assertSameError(() => rtUp.getPersonalizedRanking({ userId: 'u1', inputList, metadataColumns: { ITEMS: ['GENRE'] } }),
      stderr, 'rank');
  });
});

describe('campaign exploration: native CLI == wasm in Node', { skip }, () => {
  let up;
  let plain;
  const runtimes = [];
  const explore = { itemExplorationConfig: { explorationWeight: '0.3', explorationItemAgeCutOff: '30' } };
  before(async () => {
    up = makeSolution({
      users: 200, items: 150, interactions: 6000, seed: 9, withItems: true, recipe: 'user-personalization',
      trainArgs: UP_TRAINING,
    });
    plain = await Runtime.load(up.bytes, { entropy: null });
  });
  after(() => {
    plain?.dispose();
    for (const rt of runtimes) rt.dispose();
    up?.cleanup();
  });

  async function load(campaignConfig) {
    const rt = await Runtime.load(up.bytes, { entropy: null, campaignConfig });
    runtimes.push(rt);
    return rt;
  }

  it('explorationWeight 0 gives exactly the results of no config', async () => {
    const zero = await load({ itemExplorationConfig: { explorationWeight: 0, explorationItemAgeCutOff: 30 } });
    for (const userId of ['u1', 'u5', 'nobody']) {
      assert.deepEqual(zero.getRecommendations({ userId, numResults: 25 }).itemList,
        plain.getRecommendations({ userId, numResults: 25 }).itemList);
    }
  });

  it('explorationWeight 0.3: the same explored lists as the CLI, marked Exploration', async () => {
    const rt = await load(explore);
    const end = plain.describe().trainingData.maxTimestamp;
    const metadataColumns = { ITEMS: ['CREATION_TIMESTAMP'] };
    let explored = 0;
    for (const userId of ['u1', 'u2', 'u9', 'nobody']) {
      const expected = cliRecommend(up.path, userId, 20, { campaignConfig: explore, metadataColumns });
      const actual = rt.getRecommendations({ userId, numResults: 20, metadataColumns });
      assertSameList(expected, actual);
      for (const [i, item] of actual.itemList.entries()) {
        if (!item.reason) continue;
        assert.deepEqual(item.reason, ['Exploration']);
        assert.ok([3, 6, 9, 13, 16, 19].includes(i), `exploration at position ${i}`);
        // New items: created within the 30-day cut-off of the training data's newest interaction.
        assert.ok(Number(item.metadata.CREATION_TIMESTAMP) >= end - 30 * 86400, item.itemId);
        explored++;
      }
      // Deterministic.
      assert.deepEqual(rt.getRecommendations({ userId, numResults: 20, metadataColumns }).itemList, actual.itemList);
    }
    assert.ok(explored > 0, 'some items explored');
  });

  it('exploration respects filters, as the CLI does', async () => {
    const rt = await load(explore);
    const filter = { filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ("genre_1", "genre_2")' };
    const expected = cliRecommend(up.path, 'u3', 15, { ...filter, campaignConfig: explore });
    const actual = rt.getRecommendations({ userId: 'u3', numResults: 15, ...filter, metadataColumns: { ITEMS: ['GENRE'] } });
    assert.equal(diffItemLists(expected, actual), null);
    for (const item of actual.itemList) assert.ok(['genre_1', 'genre_2'].includes(item.metadata.GENRE));
  });

  it('bad campaign configs are refused at load, with the CLI\'s messages', async () => {
    const configs = [
      { itemExplorationConfig: { explorationWeight: '1.5' } },
      { itemExplorationConfig: { explorationItemAgeCutOff: '0' } },
      { itemExplorationConfig: { explorationWeight: 'lots' } },
      { rankingInfluence: { POPULARITY: 0.5 } },
    ];
    for (const campaignConfig of configs) {
      const stderr = cliFailure(['recommend', '--solution', up.path, '--user-id', 'u1',
        '--campaign-config', JSON.stringify(campaignConfig)]);
      await assert.rejects(Runtime.load(up.bytes, { campaignConfig }), (e) => {
        assert.ok(e instanceof EdgerecError);
        assert.equal(e.code, StatusCode.INVALID_INPUT);
        assert.equal(stderr.trim(), `edgerec recommend: InvalidInput: ${e.message}`);
        return true;
      });
    }
    await assert.rejects(Runtime.load(up.bytes, { campaignConfig: 'explore' }),
      (e) => e instanceof EdgerecError && e.code === StatusCode.INVALID_INPUT && /campaignConfig must be an object/.test(e.message));
  });
});
