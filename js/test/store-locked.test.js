// A dataset group's store locked by another process (issue 18, faults): a sqlite3 shell holds an
// exclusive transaction on HOME/shop/edgerec.db while the server takes PutEvents and the CLI
// writes. A short lock only delays writers: nothing is refused, the CLI says it is waiting,
// reads go on. A lock held past the 10 s wait makes PutEvents answer 503 (retryable, nothing
// acknowledged) and the CLI fail naming the cause; once it is released everything goes through,
// PRAGMA integrity_check is ok, and every acknowledged event is stored exactly once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events';
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';

import { cliAsync as cli, cliUnavailable } from '../test-support/cli.js';
import { makeHome, startServer } from '../test-support/server.js';
import { sql, sqliteUnavailable, storedEventCounts } from '../test-support/store.js';

const ARN = 'arn:aws:personalize:us-east-1:000000000000';
const skip = cliUnavailable() ?? sqliteUnavailable();

/** Another process holding an exclusive transaction on `db` for `seconds`; resolves once it holds it. */
function holdLock(db, seconds) {
  return new Promise((resolve, reject) => {
    const shell = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
    const released = new Promise((done) => shell.on('close', (code) => done(code)));
    createInterface({ input: shell.stdout }).on('line', (line) => {
      if (line === 'locked') resolve({ released });
    });
    shell.on('error', reject);
    shell.stdin.end(`BEGIN EXCLUSIVE;\nSELECT 'locked';\n.shell sleep ${seconds}\nCOMMIT;\n`);
  });
}

describe("a dataset group's store locked by another process", { skip }, () => {
  let home;
  let db;
  let server;
  let events;
  let runtime;
  let stamp = 1_760_000_000;

  before(async () => {
    home = makeHome();
    db = join(home.group, 'edgerec.db');
    server = await startServer(home.home, ['--quiet']);
    const config = {
      endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: home.key.accessKeyId, secretAccessKey: home.key.secretAccessKey },
    };
    events = new PersonalizeEventsClient(config);
    runtime = new PersonalizeRuntimeClient(config);
  });
  after(async () => {
    await server?.stop();
    home?.cleanup();
  });

  const putEvents = (id) => {
    stamp += 1;
    return events.send(new PutEventsCommand({
      trackingId: home.trackingId, sessionId: 'lock', userId: 'u5',
      eventList: [{ eventId: id, eventType: 'click', sentAt: new Date(stamp * 1000), itemId: `i${stamp % 60}` }],
    }));
  };
  const storedOnce = (prefix) => storedEventCounts(db, prefix);

  it('a 3 s lock delays writers but refuses nothing; the CLI says it is waiting; reads go on', { timeout: 60_000 }, async () => {
    const request = join(home.home, 'cli-events.json');
    writeFileSync(request, JSON.stringify({ trackingId: home.trackingId, sessionId: 'lock-cli', userId: 'u6',
      eventList: [{ eventId: 'short-cli-1', eventType: 'click', sentAt: 1_760_500_000, itemId: 'i3' }] }));
    const lock = await holdLock(db, 3);
    const locked = Date.now();
    const writer = cli(['put-events', home.group, '--json', request]);
    const ids = [...Array(8).keys()].map((n) => `short-${n}`);
    const puts = Promise.all(ids.map((id) => putEvents(id)));
    const rec = await runtime.send(new GetRecommendationsCommand({ campaignArn: `${ARN}:campaign/shop-up`, userId: 'u1', numResults: 5 }));
    assert.equal(rec.itemList.length, 5, 'reads are answered while another process holds the write lock');
    assert.ok(Date.now() - locked < 2500, 'a read did not wait for the lock');
    await puts;  // every PutEvents is acknowledged, after the lock
    assert.equal(await lock.released, 0);
    const w = await writer;
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /waiting for another writer of .*edgerec\.db/);
    const stored = storedOnce('short-');
    for (const id of [...ids, 'short-cli-1']) assert.equal(stored.get(id), 1, `${id} stored once`);
    assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
  });

  it('a lock held past the 10 s wait: PutEvents gets 503 and the CLI fails naming it; all goes through after', { timeout: 90_000 }, async () => {
    const request = join(home.home, 'cli-events-long.json');
    writeFileSync(request, JSON.stringify({ trackingId: home.trackingId, sessionId: 'lock-cli', userId: 'u6',
      eventList: [{ eventId: 'long-cli-1', eventType: 'click', sentAt: 1_760_600_000, itemId: 'i4' }] }));
    const lock = await holdLock(db, 13);
    const writer = cli(['put-events', home.group, '--json', request]);
    const refused = await putEvents('long-0').then(() => null, (e) => e);
    assert.ok(refused, 'PutEvents was not acknowledged while the store stayed locked');
    assert.equal(refused.$metadata?.httpStatusCode, 503, `${refused.name}: ${refused.message}`);
    assert.equal(refused.name, 'ServiceUnavailableException');
    assert.match(refused.message, /locked/);
    const w = await writer;
    assert.notEqual(w.code, 0);
    assert.match(w.stderr, /another process kept it locked for 10 s/);
    assert.equal(await lock.released, 0);
    await putEvents('long-0');  // the client's retry, once the lock is gone
    assert.equal((await cli(['put-events', home.group, '--json', request])).code, 0);
    const stored = storedOnce('long-');
    assert.deepEqual([...stored.entries()].sort(), [['long-0', 1], ['long-cli-1', 1]]);
    assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
  });
});
