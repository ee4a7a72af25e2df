// The official AWS SDK for JavaScript v3 Personalize client (the management API: AWS JSON 1.1,
// `X-Amz-Target: AmazonPersonalize.<Operation>`, SigV4) against a real `edgerec serve` whose home
// holds nothing but an access key: the whole Personalize workflow through the API (dataset group,
// schemas, datasets, import jobs from a `--bucket`, a solution and its version, metrics, a
// campaign, a filter), then GetRecommendations through the Runtime client; the List operations
// and their paging; the typed errors; a training that fails; a restart during training; and the
// CLI and the API sharing one store.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateFilterCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DeleteDatasetGroupCommand,
  DeleteSolutionCommand,
  DescribeCampaignCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeFilterCommand,
  DescribeSchemaCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  GetSolutionMetricsCommand,
  InvalidInputException,
  InvalidNextTokenException,
  ListCampaignsCommand,
  ListDatasetGroupsCommand,
  ListDatasetImportJobsCommand,
  ListDatasetsCommand,
  ListFiltersCommand,
  ListRecipesCommand,
  ListSolutionsCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  ResourceAlreadyExistsException,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateSolutionCommand,
  paginateListDatasetGroups,
} from '@aws-sdk/client-personalize';
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';

import { cliUnavailable, runCli } from '../test-support/cli.js';
import { startServer } from '../test-support/server.js';

const skip = cliUnavailable() ?? false;
const ARN = 'arn:aws:personalize:us-east-1:000000000000';
const RECIPE = 'arn:aws:personalize:::recipe/aws-user-personalization';
const ROLE = 'arn:aws:iam::000000000000:role/edgerec-unused';
const TRAINING = ['CREATE PENDING', 'CREATE IN_PROGRESS', 'ACTIVE'];
const IMPORTING = ['CREATE PENDING', 'CREATE IN_PROGRESS', 'ACTIVE'];

// Personalize's schemas for the columns `edgerec synth` writes: interactions
// USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE (EVENT_VALUE empty for view and click), items
// ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP.
const INTERACTIONS_SCHEMA = JSON.stringify({
  type: 'record', name: 'Interactions', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
  fields: [{ name: 'USER_ID', type: 'string' }, { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' }, { name: 'EVENT_TYPE', type: 'string' },
    { name: 'EVENT_VALUE', type: ['null', 'float'] }],
});
const ITEMS_SCHEMA = JSON.stringify({
  type: 'record', name: 'Items', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
  fields: [{ name: 'ITEM_ID', type: 'string' }, { name: 'GENRE', type: 'string', categorical: true },
    { name: 'CATEGORY', type: 'string', categorical: true }, { name: 'PRICE', type: 'float' },
    { name: 'CREATION_TIMESTAMP', type: 'long' }],
});

/**
 * A fresh server home holding only an access key, and beside it (outside the home) a bucket
 * directory with synthetic interactions.csv and items.csv, and tiny.csv (1,000 interactions, as
 * an import job must carry, of only 5 users: below the 25 users training needs).
 */
function makeControlHome() {
  const home = mkdtempSync(join(tmpdir(), 'edgerec-control-test-'));
  const bucket = `${home}-bucket`;
  mkdirSync(bucket);
  const interactionsCsv = join(bucket, 'interactions.csv');
  const itemsCsv = join(bucket, 'items.csv');
  runCli(['synth', '--users', '150', '--items', '60', '--interactions', '5000', '--seed', '4',
    '--output', interactionsCsv, '--items-output', itemsCsv]);
  const lines = readFileSync(interactionsCsv, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE');
  assert.equal(readFileSync(itemsCsv, 'utf8').split('\n')[0], 'ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP');
  const tiny = [lines[0]];
  for (let i = 0; i < 1000; i++) tiny.push(`u${i % 5},i${i % 200},${1700000000 + i},click,`);
  writeFileSync(join(bucket, 'tiny.csv'), `${tiny.join('\n')}\n`);
  const key = JSON.parse(runCli(['create-access-key', '--home', home, '--description', 'control-plane tests']));
  const rows = lines.slice(1).map((line) => {
    const [userId, itemId, timestamp, eventType] = line.split(',');
    return { userId, itemId, timestamp: Number(timestamp), eventType };
  });
  return {
    home, bucket, key, rows,
    serveArgs: ['--quiet', '--bucket', `data=${bucket}`, '--max-jobs', '1'],
    cleanup: () => {
      rmSync(home, { recursive: true, force: true });
      rmSync(bucket, { recursive: true, force: true });
    },
  };
}

function clientsFor(server, key) {
  const config = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    maxAttempts: 1,
  };
  return { personalize: new PersonalizeClient(config), runtime: new PersonalizeRuntimeClient(config) };
}

const TERMINAL = ['ACTIVE', 'CREATE FAILED', 'CREATE STOPPED'];

/**
 * Describes `what` every 200 ms until its status is one of `until`; fails on another terminal
 * status (with its failureReason), on a status outside `allowed`, or after `timeoutMs`.
 * @returns {Promise<{resource: object, seen: string[]}>} the last description and the statuses seen
 */
async function waitForStatus(what, describeFn, { until = ['ACTIVE'], allowed, timeoutMs = 30_000 } = {}) {
  const seen = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const resource = await describeFn();
    const { status } = resource;
    if (seen.at(-1) !== status) seen.push(status);
    if (allowed) {
      assert.ok(allowed.includes(status), `${what}: status ${status} (seen ${seen.join(' > ')}), expected one of ${allowed.join(', ')}`);
    }
    if (until.includes(status)) return { resource, seen };
    if (TERMINAL.includes(status)) {
      assert.fail(`${what} ended ${status} (seen ${seen.join(' > ')}): ${resource.failureReason ?? 'no failureReason'}`);
    }
    if (Date.now() > deadline) assert.fail(`${what}: still ${status} after ${timeoutMs} ms (seen ${seen.join(' > ')})`);
    await sleep(200);
  }
}

/** A Date the SDK parsed from the wire (epoch seconds in JSON 1.1), and a recent one. */
function assertRecentDate(value, what) {
  assert.ok(value instanceof Date && !Number.isNaN(value.getTime()), `${what}: ${value}`);
  assert.ok(Math.abs(Date.now() - value.getTime()) < 86_400_000, `${what}: ${value.toISOString()} is not today`);
}

const describeGroup = (client, datasetGroupArn) => async () =>
  (await client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup;
const describeDataset = (client, datasetArn) => async () =>
  (await client.send(new DescribeDatasetCommand({ datasetArn }))).dataset;
const describeImportJob = (client, datasetImportJobArn) => async () =>
  (await client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob;
const describeSolution = (client, solutionArn) => async () =>
  (await client.send(new DescribeSolutionCommand({ solutionArn }))).solution;
const describeVersion = (client, solutionVersionArn) => async () =>
  (await client.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion;
const describeCampaign = (client, campaignArn) => async () =>
  (await client.send(new DescribeCampaignCommand({ campaignArn }))).campaign;
const describeFilter = (client, filterArn) => async () =>
  (await client.send(new DescribeFilterCommand({ filterArn }))).filter;

/**
 * A dataset group NAME (waited to ACTIVE) with an Interactions dataset (default schema, created
 * once per home as SCHEMA) imported from `dataLocation` (waited to ACTIVE).
 */
async function interactionsGroup(client, name, dataLocation, schemaArn) {
  const { datasetGroupArn } = await client.send(new CreateDatasetGroupCommand({ name }));
  await waitForStatus(`dataset group ${name}`, describeGroup(client, datasetGroupArn));
  const { datasetArn } = await client.send(new CreateDatasetCommand({
    name: `${name}-interactions`, datasetGroupArn, datasetType: 'Interactions', schemaArn,
  }));
  await waitForStatus(`dataset ${datasetArn}`, describeDataset(client, datasetArn));
  const { datasetImportJobArn } = await client.send(new CreateDatasetImportJobCommand({
    jobName: `${name}-interactions-1`, datasetArn, dataSource: { dataLocation }, roleArn: ROLE, importMode: 'FULL',
  }));
  await waitForStatus(`import job ${datasetImportJobArn}`, describeImportJob(client, datasetImportJobArn), { allowed: IMPORTING });
  return { datasetGroupArn, datasetArn, datasetImportJobArn };
}

/** Every page of a List operation (following nextToken), as one array of `key`'s members. */
async function listAll(client, Command, input, key) {
  const all = [];
  let nextToken;
  for (let page = 0; page < 50; page++) {
    const res = await client.send(new Command({ ...input, nextToken }));
    all.push(...(res[key] ?? []));
    nextToken = res.nextToken;
    if (!nextToken) return all;
  }
  throw new Error(`${Command.name}: more than 50 pages`);
}

describe('the Personalize management API on edgerec serve, with the AWS SDK v3 client', { skip, timeout: 120_000 }, () => {
  let env;
  let server;
  let personalize;
  let runtime;
  const groupArn = `${ARN}:dataset-group/shop`;
  const state = {};

  before(async () => {
    env = makeControlHome();
    server = await startServer(env.home, env.serveArgs);
    ({ personalize, runtime } = clientsFor(server, env.key));
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
    env?.cleanup();
  });

  it('CreateDatasetGroup, then DescribeDatasetGroup until ACTIVE', async () => {
    const res = await personalize.send(new CreateDatasetGroupCommand({ name: 'shop' }));
    assert.equal(res.datasetGroupArn, groupArn);
    const { resource } = await waitForStatus('dataset group shop', describeGroup(personalize, groupArn),
      { allowed: ['CREATE PENDING', 'CREATE IN_PROGRESS', 'ACTIVE'] });
    assert.equal(resource.name, 'shop');
    assert.equal(resource.datasetGroupArn, groupArn);
    assertRecentDate(resource.creationDateTime, 'datasetGroup.creationDateTime');
    assertRecentDate(resource.lastUpdatedDateTime, 'datasetGroup.lastUpdatedDateTime');
  });

  it('CreateSchema and CreateDataset for Interactions and Items', async () => {
    const interactions = await personalize.send(new CreateSchemaCommand({ name: 'shop-interactions', schema: INTERACTIONS_SCHEMA }));
    const items = await personalize.send(new CreateSchemaCommand({ name: 'shop-items', schema: ITEMS_SCHEMA }));
    assert.match(interactions.schemaArn, /^arn:aws:personalize:us-east-1:000000000000:schema\/shop-interactions$/);
    assert.match(items.schemaArn, /^arn:aws:personalize:us-east-1:000000000000:schema\/shop-items$/);
    const described = (await personalize.send(new DescribeSchemaCommand({ schemaArn: items.schemaArn }))).schema;
    assert.equal(described.name, 'shop-items');
    assert.deepEqual(JSON.parse(described.schema), JSON.parse(ITEMS_SCHEMA));
    state.interactionsSchemaArn = interactions.schemaArn;

    const ds = await personalize.send(new CreateDatasetCommand({
      name: 'shop-interactions', datasetGroupArn: groupArn, datasetType: 'Interactions', schemaArn: interactions.schemaArn,
    }));
    assert.equal(ds.datasetArn, `${ARN}:dataset/shop/INTERACTIONS`);
    const di = await personalize.send(new CreateDatasetCommand({
      name: 'shop-items', datasetGroupArn: groupArn, datasetType: 'Items', schemaArn: items.schemaArn,
    }));
    assert.equal(di.datasetArn, `${ARN}:dataset/shop/ITEMS`);
    for (const datasetArn of [ds.datasetArn, di.datasetArn]) {
      const { resource } = await waitForStatus(`dataset ${datasetArn}`, describeDataset(personalize, datasetArn));
      assert.equal(resource.datasetGroupArn, groupArn);
      assertRecentDate(resource.creationDateTime, 'dataset.creationDateTime');
    }
    const dataset = await describeDataset(personalize, di.datasetArn)();
    assert.equal(dataset.schemaArn, items.schemaArn);
    assert.equal(dataset.datasetType.toUpperCase(), 'ITEMS');
    state.interactionsArn = ds.datasetArn;
    state.itemsArn = di.datasetArn;
  });

  it('CreateDatasetImportJob from s3://data/ (the --bucket) for both datasets', async () => {
    for (const [datasetArn, file, jobName] of [
      [state.interactionsArn, 'interactions.csv', 'shop-interactions-1'],
      [state.itemsArn, 'items.csv', 'shop-items-1'],
    ]) {
      const { datasetImportJobArn } = await personalize.send(new CreateDatasetImportJobCommand({
        jobName, datasetArn, dataSource: { dataLocation: `s3://data/${file}` }, roleArn: ROLE, importMode: 'FULL',
      }));
      assert.match(datasetImportJobArn, new RegExp(`^${ARN}:dataset-import-job/${jobName}$`));
      const { resource } = await waitForStatus(`import job ${jobName}`, describeImportJob(personalize, datasetImportJobArn),
        { allowed: IMPORTING });
      assert.equal(resource.jobName, jobName);
      assert.equal(resource.datasetArn, datasetArn);
      assert.equal(resource.dataSource.dataLocation, `s3://data/${file}`);
      assert.equal(resource.importMode, 'FULL');
      assertRecentDate(resource.creationDateTime, 'datasetImportJob.creationDateTime');
      state[`${file}Job`] = datasetImportJobArn;
    }
  });

  it('CreateSolution and CreateSolutionVersion train to ACTIVE', async () => {
    const { solutionArn } = await personalize.send(new CreateSolutionCommand({
      name: 'shop-up', datasetGroupArn: groupArn, recipeArn: RECIPE, performAutoTraining: false,
      solutionConfig: { algorithmHyperParameters: { hpo_trials: '1', factors: '8' } },
    }));
    assert.equal(solutionArn, `${ARN}:solution/shop-up`);
    const solution = (await waitForStatus('solution shop-up', describeSolution(personalize, solutionArn))).resource;
    assert.equal(solution.recipeArn, RECIPE);
    assert.equal(solution.datasetGroupArn, groupArn);
    assert.deepEqual(solution.solutionConfig.algorithmHyperParameters, { hpo_trials: '1', factors: '8' });

    const { solutionVersionArn } = await personalize.send(new CreateSolutionVersionCommand({ solutionArn }));
    assert.match(solutionVersionArn, new RegExp(`^${ARN}:solution/shop-up/[A-Za-z0-9_-]+$`));
    const { resource, seen } = await waitForStatus('solution version', describeVersion(personalize, solutionVersionArn),
      { allowed: TRAINING, timeoutMs: 45_000 });
    assert.ok(seen.every((s) => TRAINING.includes(s)), seen.join(' > '));
    assert.equal(resource.solutionVersionArn, solutionVersionArn);
    assert.equal(resource.solutionArn, solutionArn);
    assert.equal(resource.recipeArn, RECIPE);
    assert.equal(resource.datasetGroupArn, groupArn);
    assert.equal(resource.trainingMode, 'FULL');
    assertRecentDate(resource.creationDateTime, 'solutionVersion.creationDateTime');
    const [listed] = (await personalize.send(new ListSolutionVersionsCommand({ solutionArn }))).solutionVersions;
    assert.equal(listed.trainingType, 'MANUAL');
    Object.assign(state, { solutionArn, solutionVersionArn });
  });

  it('UpdateSolution turns automatic training on with a schedule, and off again', async () => {
    const { solutionArn } = state;
    assert.equal((await describeSolution(personalize, solutionArn)()).performAutoTraining, false);
    await personalize.send(new UpdateSolutionCommand({
      solutionArn, performAutoTraining: true,
      solutionUpdateConfig: { autoTrainingConfig: { schedulingExpression: 'rate(3 days)' } },
    }));
    const on = await describeSolution(personalize, solutionArn)();
    assert.equal(on.performAutoTraining, true);
    assert.equal(on.solutionConfig.autoTrainingConfig.schedulingExpression, 'rate(3 days)');
    assert.deepEqual(on.solutionConfig.algorithmHyperParameters, { hpo_trials: '1', factors: '8' }, 'the rest is kept');
    assert.equal(on.latestSolutionUpdate.status, 'ACTIVE');
    assert.equal(on.latestSolutionUpdate.performAutoTraining, true);
    assert.equal(on.latestSolutionUpdate.solutionUpdateConfig.autoTrainingConfig.schedulingExpression, 'rate(3 days)');
    assertRecentDate(on.latestSolutionUpdate.creationDateTime, 'latestSolutionUpdate.creationDateTime');
    await assert.rejects(personalize.send(new UpdateSolutionCommand({
      solutionArn, solutionUpdateConfig: { autoTrainingConfig: { schedulingExpression: 'rate(1 hour)' } },
    })), (e) => e instanceof InvalidInputException && /rate\(1 hour\)/.test(e.message));
    await personalize.send(new UpdateSolutionCommand({ solutionArn, performAutoTraining: false }));
    const off = await describeSolution(personalize, solutionArn)();
    assert.equal(off.performAutoTraining, false);
    assert.equal(off.solutionConfig.autoTrainingConfig.schedulingExpression, 'rate(3 days)', 'the schedule is kept');
  });

  it('GetSolutionMetrics: Personalize\'s offline metrics', async () => {
    const res = await personalize.send(new GetSolutionMetricsCommand({ solutionVersionArn: state.solutionVersionArn }));
    assert.equal(res.solutionVersionArn, state.solutionVersionArn);
    for (const name of ['normalized_discounted_cumulative_gain_at_10', 'precision_at_5', 'coverage', 'mean_reciprocal_rank_at_25']) {
      const value = res.metrics[name];
      assert.ok(typeof value === 'number' && value >= 0 && value <= 1, `${name}: ${value}`);
    }
    for (const [name, value] of Object.entries(res.metrics)) assert.ok(Number.isFinite(value), `${name}: ${value}`);
  });

  it('CreateCampaign deploys the version', async () => {
    const { campaignArn } = await personalize.send(new CreateCampaignCommand({
      name: 'shop-campaign', solutionVersionArn: state.solutionVersionArn, minProvisionedTPS: 1,
    }));
    assert.equal(campaignArn, `${ARN}:campaign/shop-campaign`);
    const { resource } = await waitForStatus('campaign', describeCampaign(personalize, campaignArn));
    assert.equal(resource.name, 'shop-campaign');
    assert.equal(resource.solutionVersionArn, state.solutionVersionArn);
    assert.equal(resource.minProvisionedTPS, 1);
    assertRecentDate(resource.creationDateTime, 'campaign.creationDateTime');
    state.campaignArn = campaignArn;
  });

  it('CreateFilter on the interactions\' event types', async () => {
    const filterExpression = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")';
    const { filterArn } = await personalize.send(new CreateFilterCommand({
      name: 'no-clicked', datasetGroupArn: groupArn, filterExpression,
    }));
    assert.equal(filterArn, `${ARN}:filter/no-clicked`);
    const { resource } = await waitForStatus('filter', describeFilter(personalize, filterArn));
    assert.equal(resource.filterExpression, filterExpression);
    assert.equal(resource.datasetGroupArn, groupArn);
    state.filterArn = filterArn;
  });

  it('GetRecommendations from the API-made campaign, plain and with the filter', async () => {
    // The user with the most clicks, so the filter has something to exclude.
    const clicks = new Map();
    for (const row of env.rows) {
      if (row.eventType !== 'click') continue;
      if (!clicks.has(row.userId)) clicks.set(row.userId, []);
      clicks.get(row.userId).push(row);
    }
    const [userId, userClicks] = [...clicks].sort((a, b) => b[1].length - a[1].length)[0];
    // Personalize's window: the 100 most recent interactions per event type.
    const clicked = new Set(userClicks.sort((a, b) => b.timestamp - a.timestamp).slice(0, 100).map((r) => r.itemId));

    const plain = await runtime.send(new GetRecommendationsCommand({ campaignArn: state.campaignArn, userId, numResults: 5 }));
    assert.equal(plain.itemList.length, 5);
    for (const item of plain.itemList) assert.ok(item.itemId && typeof item.score === 'number', JSON.stringify(item));

    const filtered = await runtime.send(new GetRecommendationsCommand({
      campaignArn: state.campaignArn, userId, numResults: 5, filterArn: state.filterArn,
    }));
    assert.equal(filtered.itemList.length, 5);
    for (const item of filtered.itemList) assert.ok(!clicked.has(item.itemId), `${userId} clicked ${item.itemId}`);
  });

  it('the List operations list what was created', async () => {
    const groups = (await personalize.send(new ListDatasetGroupsCommand({}))).datasetGroups;
    const shop = groups.find((g) => g.datasetGroupArn === groupArn);
    assert.ok(shop, JSON.stringify(groups));
    assert.equal(shop.name, 'shop');
    assert.equal(shop.status, 'ACTIVE');
    assertRecentDate(shop.creationDateTime, 'DatasetGroupSummary.creationDateTime');

    const datasets = (await personalize.send(new ListDatasetsCommand({ datasetGroupArn: groupArn }))).datasets;
    assert.deepEqual(datasets.map((d) => d.datasetArn).sort(), [state.interactionsArn, state.itemsArn].sort());
    for (const d of datasets) assert.equal(d.status, 'ACTIVE');

    const solutions = (await personalize.send(new ListSolutionsCommand({ datasetGroupArn: groupArn }))).solutions;
    assert.deepEqual(solutions.map((s) => [s.name, s.solutionArn, s.status]), [['shop-up', state.solutionArn, 'ACTIVE']]);

    const versions = (await personalize.send(new ListSolutionVersionsCommand({ solutionArn: state.solutionArn }))).solutionVersions;
    assert.deepEqual(versions.map((v) => [v.solutionVersionArn, v.status]), [[state.solutionVersionArn, 'ACTIVE']]);

    const campaigns = (await personalize.send(new ListCampaignsCommand({ solutionArn: state.solutionArn }))).campaigns;
    assert.deepEqual(campaigns.map((c) => [c.name, c.campaignArn, c.status]), [['shop-campaign', state.campaignArn, 'ACTIVE']]);
    const allCampaigns = (await personalize.send(new ListCampaignsCommand({}))).campaigns;
    assert.ok(allCampaigns.some((c) => c.campaignArn === state.campaignArn));

    // ListFilters answers under "Filters" (capital F), as Personalize does.
    const filters = (await personalize.send(new ListFiltersCommand({ datasetGroupArn: groupArn }))).Filters;
    assert.ok(filters.some((f) => f.filterArn === state.filterArn && f.name === 'no-clicked' && f.status === 'ACTIVE'),
      JSON.stringify(filters));

    const recipes = await listAll(personalize, ListRecipesCommand, {}, 'recipes');
    assert.ok(recipes.some((r) => r.recipeArn === RECIPE && r.name === 'aws-user-personalization'), JSON.stringify(recipes));

    const jobs = (await personalize.send(new ListDatasetImportJobsCommand({ datasetArn: state.interactionsArn }))).datasetImportJobs;
    assert.deepEqual(jobs.map((j) => [j.jobName, j.datasetImportJobArn, j.status]),
      [['shop-interactions-1', state['interactions.csvJob'], 'ACTIVE']]);
  });

  it('ListDatasetGroups pages with maxResults and nextToken', async () => {
    for (const name of ['page-1', 'page-2', 'page-3']) {
      const { datasetGroupArn } = await personalize.send(new CreateDatasetGroupCommand({ name }));
      assert.equal(datasetGroupArn, `${ARN}:dataset-group/${name}`);
    }
    const first = await personalize.send(new ListDatasetGroupsCommand({ maxResults: 2 }));
    assert.equal(first.datasetGroups.length, 2);
    assert.ok(first.nextToken, 'a nextToken after a full first page');
    const names = first.datasetGroups.map((g) => g.name);
    let { nextToken } = first;
    for (let page = 0; nextToken && page < 10; page++) {
      const res = await personalize.send(new ListDatasetGroupsCommand({ maxResults: 2, nextToken }));
      assert.ok(res.datasetGroups.length <= 2);
      names.push(...res.datasetGroups.map((g) => g.name));
      ({ nextToken } = res);
    }
    assert.ok(!nextToken, `still a nextToken after 10 pages: ${nextToken}`);
    assert.equal(new Set(names).size, names.length, `duplicates: ${names}`);
    assert.deepEqual([...names].sort(), ['page-1', 'page-2', 'page-3', 'shop']);

    // The SDK's own paginator agrees.
    const paged = [];
    for await (const page of paginateListDatasetGroups({ client: personalize, pageSize: 2 }, {})) {
      paged.push(...page.datasetGroups.map((g) => g.name));
    }
    assert.deepEqual(paged, names);
  });

  it('raises the SDK\'s typed exceptions', async () => {
    const send = (command) => personalize.send(command);
    const is = (Type, pattern) => (e) => {
      assert.ok(e instanceof Type, `expected ${Type.name}, got ${e.name}: ${e.message}`);
      // A 4xx: Personalize's API reference says 400 for every error, the SDK's model has httpError
      // 404/403/409 on some; the SDK maps the error by its type, not the status.
      assert.ok(e.$metadata.httpStatusCode >= 400 && e.$metadata.httpStatusCode < 500, `${e.$metadata.httpStatusCode}`);
      if (pattern) assert.match(e.message, pattern);
      return true;
    };

    await assert.rejects(send(new DescribeDatasetGroupCommand({ datasetGroupArn: `${ARN}:dataset-group/nope` })),
      is(ResourceNotFoundException, /nope/));
    await assert.rejects(send(new DescribeSolutionVersionCommand({ solutionVersionArn: `${state.solutionArn}/nope` })),
      is(ResourceNotFoundException));
    await assert.rejects(send(new CreateDatasetGroupCommand({ name: 'shop' })), is(ResourceAlreadyExistsException));

    // A campaign uses the solution; the group has datasets (and a solution, a filter...).
    await assert.rejects(send(new DeleteSolutionCommand({ solutionArn: state.solutionArn })), is(ResourceInUseException));
    await assert.rejects(send(new DeleteDatasetGroupCommand({ datasetGroupArn: groupArn })), is(ResourceInUseException));

    await assert.rejects(send(new CreateSolutionCommand({
      name: 'shop-bad-hp', datasetGroupArn: groupArn, recipeArn: RECIPE,
      solutionConfig: { algorithmHyperParameters: { no_such_hyperparameter: '3' } },
    })), is(InvalidInputException, /no_such_hyperparameter/));
    await assert.rejects(send(new CreateSolutionCommand({ name: 'bad name!', datasetGroupArn: groupArn, recipeArn: RECIPE })),
      is(InvalidInputException, /name/));

    for (const [i, dataLocation] of ['s3://nobucket/x.csv', 'file:///etc/passwd'].entries()) {
      await assert.rejects(send(new CreateDatasetImportJobCommand({
        jobName: `bad-location-${i}`, datasetArn: state.interactionsArn, dataSource: { dataLocation },
        roleArn: ROLE, importMode: 'FULL',
      })), is(InvalidInputException), dataLocation);
    }
    const jobs = (await send(new ListDatasetImportJobsCommand({ datasetArn: state.interactionsArn }))).datasetImportJobs;
    assert.equal(jobs.length, 1, 'a refused import job is not recorded');

    for (const maxResults of [0, 200]) {
      await assert.rejects(send(new ListDatasetGroupsCommand({ maxResults })), is(InvalidInputException, /maxResults/));
    }
    await assert.rejects(send(new ListDatasetGroupsCommand({ nextToken: 'not-a-token' })), is(InvalidNextTokenException));
  });

  it('the CLI and the API share the store', async () => {
    const described = JSON.parse(runCli(['describe', join(env.home, 'shop')]));
    const jobs = described.importJobs.map((j) => [j.jobName, j.datasetType, j.status]);
    assert.deepEqual(jobs.sort(), [['shop-interactions-1', 'interactions', 'ACTIVE'], ['shop-items-1', 'items', 'ACTIVE']]);
    const versionId = state.solutionVersionArn.split('/').at(-1);
    const version = described.solutionVersions.find((v) => v.solutionVersionId === versionId);
    assert.ok(version, JSON.stringify(described.solutionVersions));
    assert.equal(version.status, 'ACTIVE');
    assert.equal(version.recipe, 'user-personalization');
    assert.equal(described.datasets.interactions.rows, env.rows.length);

    runCli(['create-filter', join(env.home, 'shop'), '--name', 'cli-filter', '--expression',
      'INCLUDE ItemID WHERE Items.GENRE IN ("genre_1")']);
    const filters = (await personalize.send(new ListFiltersCommand({ datasetGroupArn: groupArn }))).Filters;
    const cli = filters.find((f) => f.name === 'cli-filter');
    assert.ok(cli, JSON.stringify(filters));
    assert.equal(cli.filterArn, `${ARN}:filter/cli-filter`);
    assert.equal(cli.datasetGroupArn, groupArn);
  });
});

describe('Personalize management API: failed and interrupted training', { skip, timeout: 120_000 }, () => {
  let env;
  let server;
  let personalize;
  let schemaArn;

  before(async () => {
    env = makeControlHome();
    server = await startServer(env.home, env.serveArgs);
    ({ personalize } = clientsFor(server, env.key));
    ({ schemaArn } = await personalize.send(new CreateSchemaCommand({ name: 'interactions', schema: INTERACTIONS_SCHEMA })));
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
    env?.cleanup();
  });

  it('a solution version on too little data ends CREATE FAILED with a failureReason', async () => {
    // file:// inside a bucket's directory is a data location too.
    const { datasetGroupArn } = await interactionsGroup(personalize, 'tiny', `file://${join(env.bucket, 'tiny.csv')}`, schemaArn);
    const { solutionArn } = await personalize.send(new CreateSolutionCommand({
      name: 'tiny-up', datasetGroupArn, recipeArn: RECIPE, performAutoTraining: false,
      solutionConfig: { algorithmHyperParameters: { hpo_trials: '1', factors: '8' } },
    }));
    await waitForStatus('solution tiny-up', describeSolution(personalize, solutionArn));
    const { solutionVersionArn } = await personalize.send(new CreateSolutionVersionCommand({ solutionArn }));
    const { resource } = await waitForStatus('solution version on tiny', describeVersion(personalize, solutionVersionArn),
      { until: ['CREATE FAILED'], allowed: ['CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE FAILED'] });
    assert.equal(typeof resource.failureReason, 'string');
    assert.match(resource.failureReason, /not enough|minimum/i);
    const [summary] = (await personalize.send(new ListSolutionVersionsCommand({ solutionArn }))).solutionVersions;
    assert.equal(summary.status, 'CREATE FAILED');
    assert.equal(summary.failureReason, resource.failureReason);
    await assert.rejects(personalize.send(new GetSolutionMetricsCommand({ solutionVersionArn })),
      (e) => e instanceof ResourceNotFoundException || e instanceof ResourceInUseException || e instanceof InvalidInputException);
  });

  it('a restart fails the solution version it interrupted, runs the queued ones and keeps everything else', async () => {
    const { datasetGroupArn, datasetArn, datasetImportJobArn } =
      await interactionsGroup(personalize, 'big', 's3://data/interactions.csv', schemaArn);
    // Personalize trains one version of a solution at a time: three solutions, one version each.
    // With --max-jobs 1 the first trains and the others wait: at least one is unfinished at the stop.
    const solutions = [];
    const versions = [];
    for (let i = 0; i < 3; i++) {
      const { solutionArn } = await personalize.send(new CreateSolutionCommand({
        name: `big-up-${i}`, datasetGroupArn, recipeArn: RECIPE, performAutoTraining: false,
        solutionConfig: { algorithmHyperParameters: { hpo_trials: '1', factors: '8' } },
      }));
      solutions.push(solutionArn);
      versions.push((await personalize.send(new CreateSolutionVersionCommand({ solutionArn }))).solutionVersionArn);
    }
    await assert.rejects(personalize.send(new CreateSolutionVersionCommand({ solutionArn: solutions[2] })),
      (e) => e instanceof ResourceInUseException);
    assert.equal(new Set(versions).size, 3);
    // --max-jobs 1: never two trainings at once.
    const training = (await Promise.all(versions.map((arn) => describeVersion(personalize, arn)())))
      .filter((v) => v.status === 'CREATE IN_PROGRESS');
    assert.ok(training.length <= 1, `${training.length} versions train at once`);
    assert.equal(await server.stop(), 0);
    server = undefined;

    server = await startServer(env.home, env.serveArgs);
    ({ personalize } = clientsFor(server, env.key));
    // The version training at the stop is failed; the ones queued behind it were never started,
    // and the restarted server trains them (Personalize loses no queued work).
    const settled = [];
    for (const arn of versions) {
      const { resource } = await waitForStatus(`version ${arn} after the restart`, describeVersion(personalize, arn),
        { until: ['ACTIVE', 'CREATE FAILED'], allowed: [...TRAINING, 'CREATE FAILED'], timeoutMs: 60_000 });
      settled.push(resource);
    }
    const failed = settled.filter((v) => v.status === 'CREATE FAILED');
    assert.ok(failed.length <= 1, `--max-jobs 1 interrupts one training at most: ${settled.map((v) => v.status).join(', ')}`);
    for (const v of failed) assert.match(v.failureReason ?? '', /restart|interrupt/i, v.solutionVersionArn);

    // Everything else is still there.
    assert.equal((await describeGroup(personalize, datasetGroupArn)()).status, 'ACTIVE');
    assert.equal((await describeGroup(personalize, `${ARN}:dataset-group/tiny`)()).status, 'ACTIVE');
    const datasets = (await personalize.send(new ListDatasetsCommand({ datasetGroupArn }))).datasets;
    assert.deepEqual(datasets.map((d) => [d.datasetArn, d.status]), [[datasetArn, 'ACTIVE']]);
    assert.equal((await describeImportJob(personalize, datasetImportJobArn)()).status, 'ACTIVE');
    for (const [i, solutionArn] of solutions.entries()) {
      assert.equal((await describeSolution(personalize, solutionArn)()).status, 'ACTIVE');
      const listed = (await personalize.send(new ListSolutionVersionsCommand({ solutionArn }))).solutionVersions;
      assert.deepEqual(listed.map((v) => v.solutionVersionArn), [versions[i]]);
    }
    const solutionArn = solutions[2];

    // And the restarted server trains again.
    const { solutionVersionArn } = await personalize.send(new CreateSolutionVersionCommand({ solutionArn }));
    await waitForStatus('solution version after the restart', describeVersion(personalize, solutionVersionArn),
      { allowed: TRAINING, timeoutMs: 45_000 });
  });
});
