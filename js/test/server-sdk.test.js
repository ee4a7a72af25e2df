// The official AWS SDK for JavaScript v3 clients against a real `edgerec serve`, with only the
// endpoint, region and credentials set: Personalize Runtime (GetRecommendations for users and
// related items, with a named filter and its values, metadataColumns; GetPersonalizedRanking) and
// Personalize Events (PutEvents, PutItems, PutUsers), and the typed errors the SDKs raise.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  InvalidInputException,
  PersonalizeRuntimeClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-personalize-runtime';
import {
  InvalidInputException as EventsInvalidInputException,
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
  ResourceNotFoundException as EventsResourceNotFoundException,
} from '@aws-sdk/client-personalize-events';

import { cliUnavailable, runCli } from '../test-support/cli.js';
import { makeHome, sdkConfig, startServer } from '../test-support/server.js';

const skip = cliUnavailable() ?? false;
const ARN = 'arn:aws:personalize:us-east-1:000000000000';

describe('edgerec serve with the AWS SDK v3 clients', { skip }, () => {
  let home;
  let server;
  let runtime;
  let events;
  before(async () => {
    home = makeHome();
    server = await startServer(home.home, ['--quiet']);
    const config = sdkConfig(server.endpoint, home.key);
    runtime = new PersonalizeRuntimeClient(config);
    events = new PersonalizeEventsClient(config);
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
    home?.cleanup();
  });

  it('GetRecommendations for a user, as the CLI answers it', async () => {
    const res = await runtime.send(new GetRecommendationsCommand({
      campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3', numResults: 7,
    }));
    assert.equal(res.itemList.length, 7);
    assert.match(res.recommendationId, /^RID-/);
    for (const item of res.itemList) assert.ok(item.itemId && typeof item.score === 'number');
    const solution = JSON.parse(runCli(['describe', home.group])).solutionVersions
      .find((v) => v.recipe === 'user-personalization').path;
    const cli = JSON.parse(runCli(['recommend', '--solution', solution, '--user-id', 'u3', '--num-results', '7']));
    assert.deepEqual(res.itemList.map((x) => x.itemId), cli.itemList.map((x) => x.itemId));
  });

  it('related items, a named filter with values, and metadataColumns', async () => {
    const res = await runtime.send(new GetRecommendationsCommand({
      campaignArn: `${ARN}:campaign/shop-sims`, itemId: 'i3', numResults: 10,
      filterArn: `${ARN}:filter/genre`, filterValues: { GENRE: '"genre_1","genre_2"' },
      metadataColumns: { ITEMS: ['GENRE', 'PRICE'] },
    }));
    assert.ok(res.itemList.length > 0);
    for (const item of res.itemList) {
      assert.ok(['genre_1', 'genre_2'].includes(item.metadata.GENRE), JSON.stringify(item));
      assert.ok(item.metadata.PRICE !== undefined);
    }
  });

  it('GetPersonalizedRanking: known items by score, unknown ones last', async () => {
    const res = await runtime.send(new GetPersonalizedRankingCommand({
      campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3', inputList: ['i1', 'i2', 'nope', 'i3'],
    }));
    assert.equal(res.personalizedRanking.length, 4);
    assert.equal(res.personalizedRanking.at(-1).itemId, 'nope');
    assert.equal(res.personalizedRanking.at(-1).score, undefined);
  });

  it('raises the SDK\'s typed exceptions', async () => {
    await assert.rejects(
      runtime.send(new GetRecommendationsCommand({ campaignArn: `${ARN}:campaign/none`, userId: 'u3' })),
      (e) => e instanceof ResourceNotFoundException && e.$metadata.httpStatusCode === 404 && /campaign none/.test(e.message),
    );
    await assert.rejects(
      runtime.send(new GetRecommendationsCommand({ campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3', numResults: 501 })),
      (e) => e instanceof InvalidInputException && /numResults/.test(e.message),
    );
    await assert.rejects(
      runtime.send(new GetRecommendationsCommand({
        campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3', filterArn: `${ARN}:filter/none`,
      })),
      (e) => e instanceof ResourceNotFoundException,
    );
    const stranger = new PersonalizeRuntimeClient({
      endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: home.key.accessKeyId, secretAccessKey: 'x'.repeat(40) },
    });
    await assert.rejects(
      stranger.send(new GetRecommendationsCommand({ campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3' })),
      (e) => e.name === 'InvalidSignatureException' && e.$metadata.httpStatusCode === 403,
    );
  });

  it('PutEvents is stored and changes the user\'s next recommendations', async () => {
    const ask = () => runtime.send(new GetRecommendationsCommand({
      campaignArn: `${ARN}:campaign/shop-up`, userId: 'brand-new', numResults: 10,
    }));
    const popular = (await ask()).itemList.map((x) => x.itemId);
    await events.send(new PutEventsCommand({
      trackingId: home.trackingId, sessionId: 'sess-1', userId: 'brand-new',
      eventList: [{ eventType: 'click', sentAt: new Date(1700000000000), itemId: 'i42' },
        { eventType: 'purchase', sentAt: new Date(1700000005000), itemId: 'i17', eventValue: 12.5 }],
    }));
    const personal = (await ask()).itemList.map((x) => x.itemId);
    assert.notDeepEqual(personal, popular);
    // Stored before PutEvents answered.
    assert.equal(JSON.parse(runCli(['describe', home.group])).datasets.interactions.streamedRows, 2);
    await assert.rejects(
      events.send(new PutEventsCommand({ trackingId: 'nope', sessionId: 's', eventList: [{ eventType: 'x', sentAt: new Date() }] })),
      (e) => e instanceof EventsResourceNotFoundException,
    );
    await assert.rejects(
      events.send(new PutEventsCommand({ trackingId: home.trackingId, sessionId: 's', eventList: [] })),
      (e) => e instanceof EventsInvalidInputException && /eventList/.test(e.message),
    );
  });

  it('PutItems and PutUsers', async () => {
    await events.send(new PutItemsCommand({
      datasetArn: `${ARN}:dataset/shop/ITEMS`,
      items: [{ itemId: 'new-item', properties: JSON.stringify({ genre: 'genre_9', price: 3.5, creationTimestamp: 1700000000 }) }],
    }));
    await events.send(new PutUsersCommand({
      datasetArn: `${ARN}:dataset/shop/USERS`, users: [{ userId: 'u3', properties: JSON.stringify({ tier: 'gold' }) }],
    }));
    const described = JSON.parse(runCli(['describe', home.group]));
    assert.equal(described.datasets.users.rows, 1);
    await assert.rejects(
      events.send(new PutItemsCommand({ datasetArn: `${ARN}:dataset/shop/ITEMS`, items: [{ itemId: 'x', properties: '{"colour":"red"}' }] })),
      (e) => e instanceof EventsInvalidInputException && /colour/.test(e.message),
    );
    await assert.rejects(
      events.send(new PutItemsCommand({ datasetArn: `${ARN}:dataset/nowhere/ITEMS`, items: [{ itemId: 'x' }] })),
      (e) => e instanceof EventsResourceNotFoundException,
    );
  });
});
