// Every kind of writer on one dataset group at once: two CLI imports into two datasets
// (Interactions, a large incremental one; Items), `edgerec serve` taking PutEvents from several
// clients, and CLI writers (`edgerec put-events`, `create-filter`) in a loop. Nothing may fail
// because another writer holds the store: every import ends ACTIVE, every PutEvents (server and
// CLI) is acknowledged, the store passes PRAGMA integrity_check, and the rows add up.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events';

import { cliAsync as cli, cliUnavailable, runCli } from '../test-support/cli.js';
import { makeHome, startServer } from '../test-support/server.js';
import { sql, sqliteUnavailable } from '../test-support/store.js';

const skip = cliUnavailable() ?? sqliteUnavailable();

/** JSON.parse that says what it was given when that is not JSON. */
function parsed(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: not JSON (${e.message}): ${JSON.stringify(text)}`);
  }
}

describe('all writers of a dataset group at once', { skip }, () => {
  let home;
  before(() => { home = makeHome(); });
  after(() => home?.cleanup());

  it('two imports, the server\'s PutEvents and CLI writers: none refused, nothing lost', { timeout: 120_000 }, async () => {
    const bigCsv = join(home.home, 'more-interactions.csv');
    const itemsCsv = join(home.home, 'items-again.csv');
    runCli(['synth', '--users', '2000', '--items', '60', '--interactions', '600000', '--seed', '9', '--output', bigCsv,
      '--items-output', itemsCsv]);
    const before = parsed(runCli(['describe', home.group]), 'describe before').datasets;
    const server = await startServer(home.home);
    const events = new PersonalizeEventsClient({
      endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: home.key.accessKeyId, secretAccessKey: home.key.secretAccessKey },
    });
    let importing = true;
    let stamp = 1_600_000_000;
    let serverEvents = 0;
    const putter = async (c) => {
      // Each event distinct (its own second): the store takes identical ones as resends.
      while (importing) {
        stamp += 1;
        try {
          await events.send(new PutEventsCommand({ trackingId: home.trackingId, sessionId: `w${c}`, userId: `writer${c}`,
            eventList: [{ eventType: 'click', sentAt: new Date(stamp * 1000), itemId: `i${stamp % 60}` }] }),
          { abortSignal: AbortSignal.timeout(15_000) });  // an unanswered request fails the test, not hangs it
        } catch (e) {
          const refused = server.logs.filter((l) => l.includes('"route":"events"') && !l.includes('"status":200'));
          throw new Error(`PutEvents refused (${e.name}: ${e.message}); the server logged: ${refused.join('\n')}`);
        }
        serverEvents += 1;
      }
    };
    let cliEvents = 0;
    let filters = 0;
    const cliWriter = async () => {
      while (importing) {
        stamp += 1;
        const body = JSON.stringify({ trackingId: home.trackingId, sessionId: 'cli', userId: 'cli-writer',
          eventList: [{ eventType: 'click', sentAt: stamp, itemId: `i${stamp % 60}` }] });
        const put = await cli(['put-events', home.group, '--json', '-'], body);
        assert.equal(put.code, 0, put.stderr);
        cliEvents += 1;
        const filter = await cli(['create-filter', home.group, '--name', `f${filters % 8}`, '--expression',
          'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")']);
        // A name already taken is the only refusal allowed (the loop reuses eight names).
        assert.ok(filter.code === 0 || /already exists/.test(filter.stderr), filter.stderr);
        filters += 1;
      }
    };
    const imports = Promise.all([
      cli(['import', home.group, '--dataset', 'interactions', '--csv', bigCsv, '--mode', 'incremental']),
      cli(['import', home.group, '--dataset', 'items', '--csv', itemsCsv]),
    ]).finally(() => { importing = false; });
    const work = [putter(0), putter(1), putter(2), cliWriter()];
    const [interactions, items] = await imports;
    await Promise.all(work);
    assert.equal(await server.stop(), 0);

    assert.equal(interactions.code, 0, interactions.stderr);
    assert.equal(items.code, 0, items.stderr);
    assert.equal(parsed(interactions.stdout, `the interactions import (${interactions.stderr})`).status, 'ACTIVE');
    assert.equal(parsed(items.stdout, `the items import (${items.stderr})`).status, 'ACTIVE');
    assert.ok(serverEvents > 0 && cliEvents > 0, `writes happened during the imports (${serverEvents}, ${cliEvents})`);
    const db = join(home.group, 'edgerec.db');
    assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
    const afterwards = parsed(runCli(['describe', home.group]), 'describe after').datasets;
    assert.equal(afterwards.interactions.streamedRows, before.interactions.streamedRows + serverEvents + cliEvents);
    assert.equal(Number(sql(db, "SELECT count(*) FROM interactions_put WHERE user_idx IN (SELECT user_idx FROM user_ids WHERE user_id LIKE 'writer%' OR user_id = 'cli-writer')")),
      serverEvents + cliEvents);
  });
});
