// examples/edge-worker in real workerd against a real `edgerec serve`: the worker answers
// GET /recommendations?userId=&recent= from the campaign's edge bundle exactly as the same bundle
// does in Node, cold-starts as the server does, names the campaign in its recommendationIds, and
// refuses bad requests with Personalize's error shape. Needs workerd (npm) and the CLI: skipped without them, a failure under CI.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';
import { Runtime } from 'edgerec';

import { IN_CI, REPO_DIR, cliUnavailable } from '../test-support/cli.js';
import { makeHome, sdkConfig, startServer } from '../test-support/server.js';
import { WORKERD, startWorkerd } from '../test-support/workerd.js';

const EXAMPLE = join(REPO_DIR, 'examples/edge-worker');

function whySkip() {
  const why = cliUnavailable() ?? (!existsSync(WORKERD) ? `workerd not found at ${WORKERD} (npm ci in js/)` : null);
  if (why && IN_CI) throw new Error(why);
  return why ?? false;
}

describe('examples/edge-worker in workerd', { skip: whySkip(), timeout: 120_000 }, () => {
  let home;
  let server;
  let worker;
  let personalize;
  before(async () => {
    home = makeHome();
    server = await startServer(home.home, ['--quiet']);
    worker = await startWorkerd(join(EXAMPLE, 'config.capnp'), {
      cwd: EXAMPLE,
      env: { EDGEREC_ENDPOINT: server.endpoint, EDGEREC_CAMPAIGN: 'shop-up', EDGEREC_CLIENT_KEY: home.clientKey },
    });
    personalize = new PersonalizeRuntimeClient(sdkConfig(server.endpoint, home.key));
  });
  after(async () => {
    worker?.workerd.kill();
    personalize?.destroy();
    await server?.stop();
    home?.cleanup();
  });

  const atEdge = async (query) => {
    const res = await fetch(`${worker.base}/recommendations?${query}`, { signal: AbortSignal.timeout(30_000) });
    return { status: res.status, type: res.headers.get('x-amzn-ErrorType'), body: await res.json() };
  };

  it('personalizes from the visitor\'s recent items as the same bundle does in Node, and cold-starts as the server', async () => {
    // The same core on the same bundle in Node: the worker must answer exactly so.
    const node = await Runtime.fromCampaign({ endpoint: server.endpoint, campaign: 'shop-up', clientKey: home.clientKey, revalidateMs: 0 });
    for (const recent of [['i3', 'i7', 'i11'], ['i40'], ['i2', 'i9']]) {
      const userId = `visitor-${recent.join('-')}`;
      const edge = await atEdge(`userId=${userId}&numResults=10&recent=${recent.join(',')}`);
      assert.equal(edge.status, 200, JSON.stringify(edge.body) + worker.workerd.output.slice(-2000));
      node.putEvents({
        sessionId: userId, userId,
        eventList: recent.map((itemId, i) => ({ eventType: 'click', sentAt: Math.floor(Date.now() / 1000) - recent.length + i, itemId })),
      });
      const local = node.getRecommendations({ userId, numResults: 10 });
      assert.deepEqual(edge.body.itemList.map((x) => x.itemId), local.itemList.map((x) => x.itemId), userId);
      assert.equal(edge.body.itemList.length, 10);
    }
    node.dispose();
    // No recent items: the campaign's cold start, as the server answers a user it has never seen.
    const cold = await atEdge('userId=nobody-yet&numResults=5');
    const served = await personalize.send(new GetRecommendationsCommand({
      campaignArn: 'arn:aws:personalize:us-east-1:000000000000:campaign/shop-up', userId: 'nobody-yet', numResults: 5,
    }));
    assert.deepEqual(cold.body.itemList.map((x) => x.itemId), served.itemList.map((x) => x.itemId));
    // Its recommendationIds name the campaign, as the server's do (online metrics).
    assert.equal(cold.body.recommendationId.slice(0, 13), served.recommendationId.slice(0, 13));
  });

  it('refuses bad requests with the error named, as Personalize does', async () => {
    const missing = await atEdge('numResults=3');
    assert.equal(missing.status, 400);
    assert.equal(missing.type, 'InvalidInputException');
    assert.match(missing.body.message, /userId/);
    const tooMany = await atEdge('userId=u1&numResults=501');
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.message, /numResults/);
    const other = await fetch(`${worker.base}/elsewhere`);
    assert.equal(other.status, 404);
  });
});
