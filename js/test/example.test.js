// examples/node/recommend.mjs prints the same response as the CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { REPO_DIR, cliRecommend, cliUnavailable, diffItemLists, makeSolution } from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;
const EXAMPLE = join(REPO_DIR, 'examples/node/recommend.mjs');

describe('examples/node/recommend.mjs', { skip }, () => {
  let fixture;
  before(() => {
    fixture = makeSolution({ seed: 5 });
  });
  after(() => fixture?.cleanup());

  it('prints the CLI answer for a user', () => {
    const out = execFileSync(process.execPath, [EXAMPLE, fixture.path, 'u3', '7'], { encoding: 'utf8' });
    const actual = JSON.parse(out);
    assert.equal(diffItemLists(cliRecommend(fixture.path, 'u3', 7), actual), null);
    assert.equal(actual.itemList.length, 7);
  });

  it('exits 1 with the error code and message for a bad request', () => {
    let failure;
    try {
      execFileSync(process.execPath, [EXAMPLE, fixture.path, 'u3', '501'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      failure = e;
    }
    assert.ok(failure, 'expected a non-zero exit');
    assert.equal(failure.status, 1);
    assert.match(failure.stderr, /InvalidInput \(10\).*numResults/);
  });
});
