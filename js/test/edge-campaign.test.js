// Runtime.fromCampaign in Node against a real `edgerec serve`: the edge bundle is fetched once,
// kept with its ETag, revalidated with If-None-Match (304), used offline from the kept copy, and
// switched in place when the campaign moves to another solution version, keeping the session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';
import { MemoryEventStore, Runtime, StatusCode } from 'edgerec';
import { assertEdgerecError } from '../test-support/assertions.js';
import { cliUnavailable, runCli } from '../test-support/cli.js';
import { startFaultProxy } from '../test-support/fault-proxy.js';
import { makeHome, sdkConfig, startServer } from '../test-support/server.js';

const skip = cliUnavailable() ?? false;
const top = (rt, userId) => rt.getRecommendations({ userId, numResults: 5 }).itemList.map((x) => x.itemId);

describe('Runtime.fromCampaign against edgerec serve', { skip }, () => {
  let home;
  let server;
  let proxy;
  before(async () => {
    home = makeHome();
    server = await startServer(home.home);
    proxy = await startFaultProxy(server.endpoint);
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
    home?.cleanup();
  });
  const options = (extra = {}) => ({ endpoint: proxy.endpoint, campaign: 'shop-up', clientKey: home.clientKey, revalidateMs: 0, ...extra });
  const bundleGets = () => proxy.answers.filter((a) => a.path === '/campaigns/shop-up/edge-bundle');

  it('keeps the bundle with its ETag, revalidates with 304, and starts offline from the kept copy', async () => {
    const cache = new MemoryEventStore();
    const first = await Runtime.fromCampaign(options({ cache }));
    const etag = first.edgeBundle.etag;
    assert.match(etag, /^"/);
    assert.equal(first.describe().recipe, 'user-personalization');
    const answersBefore = bundleGets().length;
    assert.deepEqual(await first.refresh(), { updated: false, etag });
    assert.equal(bundleGets().at(-1).status, 304);
    assert.equal(bundleGets().length, answersBefore + 1);

    proxy.down();
    const offline = await Runtime.fromCampaign(options({ cache }));
    assert.equal(offline.edgeBundle.etag, etag);
    assert.deepEqual(top(offline, 'u1'), top(first, 'u1'));
    await assert.rejects(offline.refresh(), (e) => e.code === StatusCode.IO_ERROR);
    assert.match(offline.edgeBundle.error, /could not fetch the edge bundle/);
    proxy.up();
    first.dispose();
    offline.dispose();
    // Nothing kept and no server: a clear error.
    proxy.down();
    await assertEdgerecError(() => Runtime.fromCampaign(options({ cache: new MemoryEventStore() })), StatusCode.IO_ERROR,
      /could not fetch the edge bundle/);
    proxy.up();
    await assertEdgerecError(() => Runtime.fromCampaign(options({ campaign: 'no-such' })), StatusCode.NOT_FOUND, /no-such/);
    await assertEdgerecError(() => Runtime.fromCampaign({ endpoint: proxy.endpoint, campaign: 'shop-up' }), StatusCode.INVALID_INPUT, /clientKey/);
  });

  it('names the campaign in its recommendationIds as the server does, so device clicks are attributed to it', async () => {
    const device = await Runtime.fromCampaign(options());
    const server_ = new PersonalizeRuntimeClient(sdkConfig(server.endpoint, home.key));
    const served = await server_.send(new GetRecommendationsCommand({
      campaignArn: 'arn:aws:personalize:us-east-1:000000000000:campaign/shop-up', userId: 'u1', numResults: 3,
    }));
    const tag = served.recommendationId.slice(0, 13); // "RID-" + the campaign's 8 hex digits + "-"
    assert.match(tag, /^RID-[0-9a-f]{8}-$/);
    const first = device.getRecommendations({ userId: 'u1', numResults: 3 }).recommendationId;
    const second = device.getRecommendations({ userId: 'u2', numResults: 3 }).recommendationId;
    assert.equal(first.slice(0, 13), tag);
    assert.equal(second.slice(0, 13), tag);
    assert.notEqual(first, second);
    // Another name, another tag; and only a name is taken.
    const elsewhere = await Runtime.fromCampaign(options({ recommendationSource: 'other-campaign' }));
    assert.notEqual(elsewhere.getRecommendations({ userId: 'u1' }).recommendationId.slice(0, 13), tag);
    await assertEdgerecError(() => Runtime.fromCampaign(options({ recommendationSource: 7 })), StatusCode.INVALID_INPUT,
      /recommendationSource/);
    device.dispose();
    elsewhere.dispose();
    server_.destroy();
  });

  it('switches to the campaign\'s new solution version in place, keeping the visitor\'s session', async () => {
    const updates = [];
    const runtime = await Runtime.fromCampaign(options({ onUpdate: (u) => updates.push(u) }));
    const etag = runtime.edgeBundle.etag;
    const now = Math.floor(Date.now() / 1000);
    runtime.putEvents({ sessionId: 'visit-9', userId: 'visitor-9', eventList: [
      { eventType: 'click', sentAt: now, itemId: 'i11' }, { eventType: 'click', sentAt: now + 1, itemId: 'i12' }] });

    runCli(['train', home.group, '--recipe', 'user-personalization', '--quiet', '--hp', 'hpo_trials=1', '--hp', 'factors=4']);
    runCli(['update-campaign', home.group, '--name', 'shop-up', '--solution-version', 'latest']);
    let result;
    const deadline = Date.now() + 15_000;
    do {
      result = await runtime.refresh();
      if (!result.updated) await new Promise((r) => setTimeout(r, 100));
    } while (!result.updated && Date.now() < deadline);
    assert.equal(result.updated, true, 'the runtime saw the campaign change');
    assert.notEqual(result.etag, etag);
    assert.equal(updates.length, 1);
    assert.equal(updates[0].sessionsCarried, 1);
    assert.equal(runtime.disposed, false);

    // The same session on a fresh copy of the new version: the switched runtime answers alike.
    const fresh = await Runtime.fromCampaign(options());
    assert.equal(fresh.edgeBundle.etag, result.etag);
    assert.notDeepEqual(top(runtime, 'visitor-9'), top(fresh, 'visitor-9'));
    fresh.putEvents({ sessionId: 'visit-9', userId: 'visitor-9', eventList: [
      { eventType: 'click', sentAt: now, itemId: 'i11' }, { eventType: 'click', sentAt: now + 1, itemId: 'i12' }] });
    assert.deepEqual(top(runtime, 'visitor-9'), top(fresh, 'visitor-9'));
    runtime.dispose();
    fresh.dispose();
    assert.equal(runtime.disposed, true);
  });
});
