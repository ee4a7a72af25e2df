// The rest of Personalize's management API on a real `edgerec serve`, through the official AWS SDK
// v3 client: a training worker that crashes (the server goes on, the version fails with the
// signal), StopSolutionVersionCreation, quotas (LimitExceededException), operations edgerec does
// not support, data deletion jobs, deleting what is and is not in use, event trackers,
// UpdateCampaign, DescribeRecipe, and `edgerec api` answering from the same store.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  CreateBatchInferenceJobCommand,
  CreateBatchSegmentJobCommand,
  CreateRecommenderCommand,
  CreateCampaignCommand,
  CreateDataDeletionJobCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DeleteDatasetCommand,
  DescribeBatchInferenceJobCommand,
  DescribeBatchSegmentJobCommand,
  DeleteEventTrackerCommand,
  DeleteSchemaCommand,
  DescribeCampaignCommand,
  DescribeDataDeletionJobCommand,
  DescribeDatasetImportJobCommand,
  DescribeEventTrackerCommand,
  DescribeRecipeCommand,
  DescribeSolutionVersionCommand,
  ListBatchInferenceJobsCommand,
  ListBatchSegmentJobsCommand,
  ListEventTrackersCommand,
  LimitExceededException,
  PersonalizeClient,
  PersonalizeServiceException,
  ResourceInUseException,
  ResourceNotFoundException,
  StopSolutionVersionCreationCommand,
  UpdateCampaignCommand,
} from '@aws-sdk/client-personalize';

import { cliUnavailable, runCli } from '../test-support/cli.js';
import { startServer } from '../test-support/server.js';

const skip = cliUnavailable() ?? false;
const ARN = 'arn:aws:personalize:us-east-1:000000000000';
const RECIPE = 'arn:aws:personalize:::recipe/aws-user-personalization';
const SCHEMA = JSON.stringify({
  type: 'record', name: 'Interactions', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
  fields: [{ name: 'USER_ID', type: 'string' }, { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' }, { name: 'EVENT_TYPE', type: 'string' },
    { name: 'EVENT_VALUE', type: ['null', 'float'] }],
});

async function until(what, fn, done, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

describe('more of the Personalize management API on edgerec serve', { skip, timeout: 180_000 }, () => {
  let home;
  let bucket;
  let server;
  let client;
  let groupArn;
  let schemaArn;
  let datasetArn;
  const version = (arn) => async () =>
    (await client.send(new DescribeSolutionVersionCommand({ solutionVersionArn: arn }))).solutionVersion;
  // The pid of the worker the server started for solution version ARN (its log line).
  const workerOf = (arn) => until(`the worker for ${arn}`, async () => {
    const id = arn.split('/').pop();
    const line = server.logs.find((l) => l.includes(`solution-version job ${id}`) && l.includes('(worker '));
    return line ? Number(/\(worker (\d+)/.exec(line)[1]) : 0;
  }, (pid) => pid > 0, 10_000);
  // A solution whose versions train for many seconds (the recipe's own search on 20,000 events).
  const slowSolution = async (name) => (await client.send(new CreateSolutionCommand({
    name, datasetGroupArn: groupArn, recipeArn: RECIPE, performHPO: true,
  }))).solutionArn;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'edgerec-control-more-'));
    bucket = `${home}-bucket`;
    mkdirSync(bucket);
    runCli(['synth', '--users', '1000', '--items', '300', '--interactions', '20000', '--seed', '5',
      '--output', join(bucket, 'interactions.csv')]);
    writeFileSync(join(bucket, 'forget.csv'), 'USER_ID\nu1\nu2\nnobody\n');
    const key = JSON.parse(runCli(['create-access-key', '--home', home]));
    server = await startServer(home, ['--quiet', '--bucket', `data=${bucket}`, '--max-jobs', '2']);
    client = new PersonalizeClient({
      endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    });
    ({ datasetGroupArn: groupArn } = await client.send(new CreateDatasetGroupCommand({ name: 'more' })));
    ({ schemaArn } = await client.send(new CreateSchemaCommand({ name: 'more-interactions', schema: SCHEMA })));
    ({ datasetArn } = await client.send(new CreateDatasetCommand({
      name: 'more-interactions', datasetGroupArn: groupArn, datasetType: 'INTERACTIONS', schemaArn,
    })));
    const { datasetImportJobArn } = await client.send(new CreateDatasetImportJobCommand({
      jobName: 'more-import', datasetArn, dataSource: { dataLocation: 's3://data/interactions.csv' },
    }));
    await until('the import', async () => (await client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn })))
      .datasetImportJob.status, (s) => s === 'ACTIVE' || s === 'CREATE FAILED');
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
    rmSync(home, { recursive: true, force: true });
    rmSync(bucket, { recursive: true, force: true });
  });

  it('a training worker that crashes fails its version with the signal; the server goes on', async () => {
    const solutionArn = await slowSolution('crashing');
    const { solutionVersionArn } = await client.send(new CreateSolutionVersionCommand({ solutionArn }));
    process.kill(await workerOf(solutionVersionArn), 'SIGKILL');
    const failed = await until('the crashed version', version(solutionVersionArn), (v) => v.status === 'CREATE FAILED');
    assert.match(failed.failureReason, /killed by signal 9/);
    // The server still answers, and trains the next version of the solution.
    const next = (await client.send(new CreateSolutionVersionCommand({ solutionArn }))).solutionVersionArn;
    assert.ok(['CREATE PENDING', 'CREATE IN_PROGRESS'].includes((await version(next)()).status));
    await client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn: next }));
  });

  it('StopSolutionVersionCreation stops a training version: CREATE STOPPING, then CREATE STOPPED', async () => {
    const solutionArn = await slowSolution('stopped');
    const { solutionVersionArn } = await client.send(new CreateSolutionVersionCommand({ solutionArn }));
    await workerOf(solutionVersionArn);
    await until('training', version(solutionVersionArn), (v) => v.status === 'CREATE IN_PROGRESS');
    // The worker's progress shows in Describe (edgerec's own field, which the SDK's parser drops).
    const progress = await until('a progress line', () => JSON.parse(runCli(['api', '--home', home,
      'DescribeSolutionVersion', JSON.stringify({ solutionVersionArn })])).solutionVersion,
    (v) => typeof v.edgerecProgress === 'string', 30_000);
    assert.match(progress.edgerecProgress, /\d+\/\d+/);
    await client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn }));
    assert.ok(['CREATE STOPPING', 'CREATE STOPPED'].includes((await version(solutionVersionArn)()).status));
    await until('the stopped version', version(solutionVersionArn), (v) => v.status === 'CREATE STOPPED');
    // Stopped by the signal, not by training to its end (a worker that inherited the server's
    // blocked SIGTERM once did).
    const id = solutionVersionArn.split('/').pop();
    const finished = await until('the worker\'s end', async () => server.logs.find((l) => l.includes(`job ${id}`) &&
      l.includes('finished')), (line) => Boolean(line), 10_000);
    assert.match(finished, /signal 15/);
    // A stopped version cannot be stopped again, nor deployed.
    await assert.rejects(client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn })),
      (e) => e.name === 'InvalidInputException');
    await assert.rejects(client.send(new CreateCampaignCommand({ name: 'never', solutionVersionArn })),
      (e) => e instanceof ResourceInUseException);
  });

  it('quotas answer LimitExceededException: 10 filters per dataset group', async () => {
    for (let i = 0; i < 10; i++) {
      await client.send(new CreateFilterCommand({
        name: `quota-${i}`, datasetGroupArn: groupArn, filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
      }));
    }
    await assert.rejects(client.send(new CreateFilterCommand({
      name: 'quota-10', datasetGroupArn: groupArn, filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
    })), (e) => e instanceof LimitExceededException && /quota/.test(e.message));
  });

  it('a call without a valid signature is refused before any operation runs', async () => {
    const unsigned = await fetch(`${server.endpoint}/`, {
      method: 'POST', body: JSON.stringify({ name: 'unsigned' }),
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonPersonalize.CreateDatasetGroup' },
    });
    assert.equal(unsigned.status, 403);
    const wrongKey = new PersonalizeClient({
      endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'EDGEUNKNOWNKEY', secretAccessKey: 'x' },
    });
    await assert.rejects(wrongKey.send(new CreateDatasetGroupCommand({ name: 'unsigned' })), (e) => e.$metadata.httpStatusCode === 403);
    const names = JSON.parse(runCli(['api', '--home', home, 'ListDatasetGroups'])).datasetGroups.map((g) => g.name);
    assert.ok(!names.includes('unsigned'), names.join(', '));
  });

  it('an operation edgerec does not support is refused by name', async () => {
    await assert.rejects(client.send(new CreateRecommenderCommand({
      name: 'r', datasetGroupArn: groupArn, recipeArn: 'arn:aws:personalize:::recipe/aws-ecomm-popular-items-by-views',
    })), (e) => e instanceof PersonalizeServiceException && e.name === 'UnsupportedOperationException' &&
      /CreateRecommender/.test(e.message) && e.$metadata.httpStatusCode === 400);
  });

  it('a batch inference job answers every line of its input into the destination folder', async () => {
    const { solutionArn } = await client.send(new CreateSolutionCommand({
      name: 'batched', datasetGroupArn: groupArn, recipeArn: RECIPE,
      solutionConfig: { algorithmHyperParameters: { hpo_trials: '1', factors: '8' } },
    }));
    const solutionVersionArn = (await client.send(new CreateSolutionVersionCommand({ solutionArn }))).solutionVersionArn;
    await until('the version', version(solutionVersionArn), (v) => v.status === 'ACTIVE');
    const users = Array.from({ length: 300 }, (_, i) => `u${i}`);
    writeFileSync(join(bucket, 'users.jsonl'), `${users.map((u) => JSON.stringify({ userId: u })).join('\n')}\n{"userId":7}\n`);
    const { batchInferenceJobArn } = await client.send(new CreateBatchInferenceJobCommand({
      jobName: 'nightly', solutionVersionArn, numResults: 5, roleArn: 'r',
      jobInput: { s3DataSource: { path: 's3://data/users.jsonl' } },
      jobOutput: { s3DataDestination: { path: 's3://data/batch-out/' } },
    }));
    assert.equal(batchInferenceJobArn, `${ARN}:batch-inference-job/nightly`);
    const job = await until('the batch job', async () => (await client.send(new DescribeBatchInferenceJobCommand({
      batchInferenceJobArn }))).batchInferenceJob, (j) => j.status === 'ACTIVE' || j.status === 'CREATE FAILED');
    assert.equal(job.status, 'ACTIVE', job.failureReason);
    assert.equal(job.numResults, 5);
    assert.equal(job.jobOutput.s3DataDestination.path, 's3://data/batch-out/');
    const lines = readFileSync(join(bucket, 'batch-out', 'users.jsonl.out'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, 300).map((l) => l.input.userId), users);
    for (const l of lines.slice(0, 300)) {
      assert.equal(l.error, null);
      assert.equal(l.output.recommendedItems.length, 5);
      assert.equal(l.output.scores.length, 5);
    }
    assert.match(lines[300].error, /line 301/);
    const listed = (await client.send(new ListBatchInferenceJobsCommand({ solutionVersionArn }))).batchInferenceJobs;
    assert.deepEqual(listed.map((j) => [j.jobName, j.status]), [['nightly', 'ACTIVE']]);
    // A batch segment job on the same version: the users most likely to want each item.
    writeFileSync(join(bucket, 'items.jsonl'), '{"itemId":"i1"}\n{"itemId":"i2"}\n{"itemId":"no-such-item"}\n');
    const { batchSegmentJobArn } = await client.send(new CreateBatchSegmentJobCommand({
      jobName: 'audiences', solutionVersionArn, numResults: 20, roleArn: 'r',
      jobInput: { s3DataSource: { path: 's3://data/items.jsonl' } },
      jobOutput: { s3DataDestination: { path: 's3://data/segments/' } },
    }));
    assert.equal(batchSegmentJobArn, `${ARN}:batch-segment-job/audiences`);
    const segmentJob = await until('the segment job', async () => (await client.send(new DescribeBatchSegmentJobCommand({
      batchSegmentJobArn }))).batchSegmentJob, (j) => j.status === 'ACTIVE' || j.status === 'CREATE FAILED');
    assert.equal(segmentJob.status, 'ACTIVE', segmentJob.failureReason);
    assert.equal(segmentJob.numResults, 20);
    const segments = readFileSync(join(bucket, 'segments', 'items.jsonl.out'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(segments.map((l) => l.input.itemId), ['i1', 'i2', 'no-such-item']);
    for (const l of segments.slice(0, 2)) {
      assert.equal(l.output.usersList.length, 20);
      assert.equal(new Set(l.output.usersList).size, 20);
    }
    assert.notDeepEqual(segments[0].output.usersList, segments[1].output.usersList);
    assert.match(segments[2].error, /no-such-item/);
    assert.deepEqual((await client.send(new ListBatchSegmentJobsCommand({ solutionVersionArn }))).batchSegmentJobs
      .map((j) => j.jobName), ['audiences']);
    // The output folder must be inside a bucket too.
    await assert.rejects(client.send(new CreateBatchInferenceJobCommand({
      jobName: 'escape', solutionVersionArn, roleArn: 'r', jobInput: { s3DataSource: { path: 's3://data/users.jsonl' } },
      jobOutput: { s3DataDestination: { path: 's3://data/../../tmp/' } },
    })), (e) => e.name === 'InvalidInputException' && /outside/.test(e.message));
  });

  it('a data deletion job deletes the users its CSV lists', async () => {
    const { dataDeletionJobArn } = await client.send(new CreateDataDeletionJobCommand({
      jobName: 'forget-some', datasetGroupArn: groupArn, dataSource: { dataLocation: 's3://data/forget.csv' }, roleArn: 'r',
    }));
    assert.equal(dataDeletionJobArn, `${ARN}:data-deletion-job/forget-some`);
    const job = await until('the deletion job', async () => (await client.send(new DescribeDataDeletionJobCommand({
      dataDeletionJobArn }))).dataDeletionJob, (j) => j.status === 'COMPLETED' || j.status === 'FAILED');
    assert.equal(job.status, 'COMPLETED', job.failureReason);
    assert.equal(job.numDeleted, 2);  // u1 and u2; "nobody" was never seen
    assert.equal(job.dataSource.dataLocation, 's3://data/forget.csv');
  });

  it('event trackers: create, describe, list, delete', async () => {
    const { eventTrackerArn, trackingId } = await client.send(new CreateEventTrackerCommand({ name: 'web', datasetGroupArn: groupArn }));
    assert.match(eventTrackerArn, /:event-tracker\/[0-9a-f]{8}$/);
    const { eventTracker } = await client.send(new DescribeEventTrackerCommand({ eventTrackerArn }));
    assert.equal(eventTracker.trackingId, trackingId);
    assert.equal(eventTracker.datasetGroupArn, groupArn);
    const listed = (await client.send(new ListEventTrackersCommand({ datasetGroupArn: groupArn }))).eventTrackers;
    assert.deepEqual(listed.map((t) => t.name).sort(), ['default', 'web']);
    await client.send(new DeleteEventTrackerCommand({ eventTrackerArn }));
    await assert.rejects(client.send(new DescribeEventTrackerCommand({ eventTrackerArn })), (e) => e instanceof ResourceNotFoundException);
  });

  it('UpdateCampaign moves a campaign to another version; DescribeRecipe; edgerec api lists the same', async () => {
    const { solutionArn } = await client.send(new CreateSolutionCommand({
      name: 'quick', datasetGroupArn: groupArn, recipeArn: 'arn:aws:personalize:::recipe/aws-popularity-count',
    }));
    const train = async () => {
      const arn = (await client.send(new CreateSolutionVersionCommand({ solutionArn }))).solutionVersionArn;
      await until('a quick version', version(arn), (v) => v.status === 'ACTIVE' || v.status === 'CREATE FAILED');
      return arn;
    };
    const first = await train();
    const second = await train();
    const { campaignArn } = await client.send(new CreateCampaignCommand({ name: 'quick-campaign', solutionVersionArn: first }));
    await client.send(new UpdateCampaignCommand({ campaignArn, solutionVersionArn: second, minProvisionedTPS: 3 }));
    const { campaign } = await client.send(new DescribeCampaignCommand({ campaignArn }));
    assert.equal(campaign.solutionVersionArn, second);
    assert.equal(campaign.minProvisionedTPS, 3);
    const { recipe } = await client.send(new DescribeRecipeCommand({ recipeArn: 'arn:aws:personalize:::recipe/aws-popularity-count' }));
    assert.equal(recipe.name, 'aws-popularity-count');
    assert.equal(recipe.recipeType, 'USER_PERSONALIZATION');
    const campaigns = JSON.parse(runCli(['api', '--home', home, 'ListCampaigns', JSON.stringify({ solutionArn })])).campaigns;
    assert.deepEqual(campaigns.map((c) => c.campaignArn), [campaignArn]);
  });

  it('syncWithLatestSolutionVersion follows the campaign\'s own solution, not the group\'s newest version', async () => {
    const quick = async (name, recipe) => (await client.send(new CreateSolutionCommand({
      name, datasetGroupArn: groupArn, recipeArn: `arn:aws:personalize:::recipe/${recipe}`,
    }))).solutionArn;
    const trained = async (solutionArn) => {
      const arn = (await client.send(new CreateSolutionVersionCommand({ solutionArn }))).solutionVersionArn;
      const v = await until('a quick version', version(arn), (x) => x.status === 'ACTIVE' || x.status === 'CREATE FAILED');
      assert.equal(v.status, 'ACTIVE', v.failureReason);
      return arn;
    };
    const popular = await quick('synced-popular', 'aws-popularity-count');
    const trending = await quick('synced-trending', 'aws-trending-now');
    const first = await trained(popular);
    const { campaignArn } = await client.send(new CreateCampaignCommand({
      name: 'synced', solutionVersionArn: first, campaignConfig: { syncWithLatestSolutionVersion: true },
    }));
    const serving = async () => (await client.send(new DescribeCampaignCommand({ campaignArn }))).campaign.solutionVersionArn;
    await trained(trending);  // another solution's newer version: the campaign stays
    await sleep(2500);         // past a refresh of the server (--refresh-seconds 2)
    assert.equal(await serving(), first);
    const second = await trained(popular);
    await until('the campaign to follow its solution', serving, (arn) => arn === second, 10_000);
  });

  it('deletes refuse what is in use and take what is not', async () => {
    await assert.rejects(client.send(new DeleteSchemaCommand({ schemaArn })), (e) => e instanceof ResourceInUseException);
    // A dataset whose group trains is in use: a version of the slow solution is training.
    const solutionArn = await slowSolution('busy');
    const { solutionVersionArn } = await client.send(new CreateSolutionVersionCommand({ solutionArn }));
    await assert.rejects(client.send(new DeleteDatasetCommand({ datasetArn })), (e) => e instanceof ResourceInUseException);
    await client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn }));
    await until('the stop', version(solutionVersionArn), (v) => v.status === 'CREATE STOPPED');
    await client.send(new DeleteDatasetCommand({ datasetArn }));
    await client.send(new DeleteSchemaCommand({ schemaArn }));
    await assert.rejects(client.send(new DeleteDatasetCommand({ datasetArn })), (e) => e instanceof ResourceNotFoundException);
  });
});
