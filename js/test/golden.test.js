// Cross-target golden check: one .erec gives the same ranked items from the native CLI and from
// the wasm core in Node (ids in order; scores within 1e-6). The browser and workerd tests check
// the same against the CLI (browser-test/, worker-test/).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Runtime } from 'edgerec';
import { cliRecommend, cliUnavailable, diffItemLists, makeSolution } from '../test-support/cli.js';

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
