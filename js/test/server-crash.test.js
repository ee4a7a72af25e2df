// `edgerec serve` killed with SIGKILL at random moments, 100 rounds, while it takes PutEvents from
// several clients at once and, every other round, while a campaign swaps between two solution
// versions (UpdateCampaign). After each round: the next server starts on the same home (the
// group opens), the group's store passes PRAGMA integrity_check, and every event the server
// acknowledged is stored exactly once. At the end the campaign answers from one of its two
// versions: nothing half-written is served.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  DescribeCampaignCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  UpdateCampaignCommand,
} from '@aws-sdk/client-personalize';
import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events';
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';

import { cliUnavailable, runCli } from '../test-support/cli.js';
import { makeHome, startServer } from '../test-support/server.js';
import { random } from '../test-support/random.js';
import { sql, sqliteUnavailable, storedEventCounts } from '../test-support/store.js';

const skip = cliUnavailable() ?? sqliteUnavailable();
const ARN = 'arn:aws:personalize:us-east-1:000000000000';
const ROUNDS = 100;
const CLIENTS = 4;

describe('edgerec serve killed at random moments', { skip }, () => {
  let home;
  before(() => {
    home = makeHome();
    // A second user-personalization version for the campaign to swap to.
    runCli(['train', home.group, '--recipe', 'user-personalization', '--quiet', '--hp', 'hpo_trials=1', '--hp', 'factors=4']);
  });
  after(() => home?.cleanup());

  it(`${ROUNDS} rounds of SIGKILL during PutEvents and campaign swaps lose no acknowledged event`, { timeout: 300_000 }, async (t) => {
    const seed = Number(process.env.EDGEREC_CRASH_SEED ?? 20261203);
    const next = random(seed);
    const db = join(home.group, 'edgerec.db');
    const credentials = { accessKeyId: home.key.accessKeyId, secretAccessKey: home.key.secretAccessKey };
    const campaignArn = `${ARN}:campaign/shop-up`;
    let versions = null;
    let acknowledged = 0;
    let stamp = 1_700_000_000;
    let swaps = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const context = `seed ${seed}, round ${round}`;
      const server = await startServer(home.home, ['--quiet']);
      const config = { endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
      const events = new PersonalizeEventsClient(config);
      const control = new PersonalizeClient(config);
      if (versions === null) {
        versions = (await control.send(new ListSolutionVersionsCommand({})))
          .solutionVersions.map((v) => v.solutionVersionArn).filter((a) => a.includes('user-personalization'));
        assert.ok(versions.length >= 2, `two user-personalization versions: ${versions}`);
      }
      const acked = [];
      let running = true;
      let sent = 0;
      const client = async (c) => {
        while (running) {
          const batch = [];
          const size = 1 + (sent++ % 10);
          for (let e = 0; e < size; e++) {
            // A distinct time per event: the store takes an event identical to a stored one in
            // everything but its eventId (same session, second, item, ...) as a resend of it.
            stamp += 1;
            batch.push({ eventId: `r${round}-c${c}-${sent}-${e}`, eventType: 'click', sentAt: new Date(stamp * 1000),
              itemId: `i${(sent + e) % 60}` });
          }
          try {
            await events.send(new PutEventsCommand({ trackingId: home.trackingId, sessionId: `s${c}`, userId: `u${c}`, eventList: batch }));
            acked.push(...batch.map((b) => b.eventId));
          } catch {
            return;  // the server is gone: what it did not acknowledge may or may not be stored
          }
        }
      };
      const swapper = async () => {
        for (let s = 0; running; s++) {
          try {
            await control.send(new UpdateCampaignCommand({ campaignArn, solutionVersionArn: versions[s % 2] }));
            swaps += 1;
          } catch {
            return;
          }
        }
      };
      const work = [...Array(CLIENTS).keys()].map(client);
      if (round % 2 === 1) work.push(swapper());
      await sleep(20 + Math.floor(next() * 230));
      await server.kill('SIGKILL');
      running = false;
      await Promise.all(work);
      events.destroy();
      control.destroy();

      assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok', context);
      const stored = storedEventCounts(db, `r${round}-`);
      for (const id of acked) assert.equal(stored.get(id), 1, `${context}: acknowledged event ${id} stored once`);
      for (const [id, n] of stored) assert.equal(n, 1, `${context}: event ${id} stored ${n} times`);
      acknowledged += acked.length;
    }
    assert.ok(acknowledged > ROUNDS, `events were acknowledged along the way (${acknowledged})`);
    assert.ok(swaps > 0, 'campaign swaps happened along the way');
    t.diagnostic(`${acknowledged} events acknowledged and ${swaps} campaign swaps over ${ROUNDS} killed servers`);

    // The campaign after the last swap: one of its versions, and it answers.
    const server = await startServer(home.home, ['--quiet']);
    try {
      const config = { endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
      const { campaign } = await new PersonalizeClient(config).send(new DescribeCampaignCommand({ campaignArn }));
      assert.ok(versions.includes(campaign.solutionVersionArn), campaign.solutionVersionArn);
      const answer = await new PersonalizeRuntimeClient(config).send(new GetRecommendationsCommand({ campaignArn, userId: 'u3', numResults: 5 }));
      assert.equal(answer.itemList.length, 5);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
