// Soak: 10,000 events through EventTracker processes that are killed at random moments (SIGKILL,
// as a crash or a closed tab), while the network drops out and edgerec serve restarts. A killed
// process's unconfirmed request is offered again by the next one, as an app would after a crash.
// At the end the dataset group holds exactly 10,000 events: every one, none twice (the store
// counts one row per stored event; each event's content is unique).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';

import { JS_DIR, cliUnavailable, runCli } from '../test-support/cli.js';
import { startFaultProxy } from '../test-support/fault-proxy.js';
import { startServer } from '../test-support/server.js';
import { random } from '../test-support/random.js';

const skip = cliUnavailable() ?? false;
const TOTAL = 10_000;
const CHILD = join(JS_DIR, 'test-support/soak-child.mjs');

/** Runs one child; kills it after killAfterMs (null: lets it finish). Resolves {accepted, sent, finished}. */
function runChild(args, killAfterMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { cwd: JS_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let accepted = 0;
    let finished = false;
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, value] = line.split(' ');
      if (word === 'accepted') accepted = Number(value);
      if (word === 'done') finished = true;
    });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`soak child exited ${code}: ${stderr}`));
      else resolve({ accepted, finished });
    });
  });
}

describe('EventTracker soak', { skip }, () => {
  let home;
  let server;
  let proxy;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'edgerec-soak-'));
    runCli(['create-dataset-group', join(home, 'shop')]);
    server = await startServer(home);
    proxy = await startFaultProxy(server.endpoint);
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it(`stores each of ${TOTAL} accepted events once through kills, outages and server restarts`, { timeout: 240_000 }, async (t) => {
    const seed = Number(process.env.EDGEREC_SOAK_SEED ?? 20261202);
    const rand = random(seed);
    const group = join(home, 'shop');
    const { trackingId, clientKey } = JSON.parse(runCli(['list-event-trackers', group])).eventTrackers[0];
    const storePath = join(home, 'device', 'events.snapshot');
    let next = 0; // the first event whose putEvents has not resolved yet
    let offeredAgain = 0; // events of requests cut short by a kill, offered again by the next child
    const tally = { kills: 0, runs: 0, outages: 0, restarts: 0 };
    while (next < TOTAL) {
      const roll = rand();
      if (roll < 0.15) {
        proxy.down();
        tally.outages++;
      } else if (roll < 0.25) {
        await server.stop();
        server = await startServer(home);
        proxy.up(server.endpoint);
        tally.restarts++;
      } else if (roll < 0.6) {
        proxy.up();
      }
      const count = Math.min(TOTAL - next, 200 + Math.floor(rand() * 600));
      const kill = rand() < 0.6 ? Math.floor(rand() * 400) : null;
      const run = await runChild([storePath, proxy.endpoint, trackingId, clientKey, String(next), String(count)], kill);
      tally.runs++;
      if (!run.finished) tally.kills++;
      // A killed child may have stored the request it was in (never confirmed): the next child
      // offers it again, which must not store it twice.
      if (!run.finished) offeredAgain += Math.min(10, count - run.accepted);
      next += run.accepted;
    }
    proxy.up();
    const final = await runChild([storePath, proxy.endpoint, trackingId, clientKey, String(TOTAL), '0'], null);
    assert.equal(final.finished, true);
    const stored = JSON.parse(runCli(['describe', group])).datasets.interactions.streamedRows;
    t.diagnostic(`seed ${seed}: ${tally.runs} runs, ${tally.kills} killed, ${tally.outages} outages, ${tally.restarts} server restarts; ` +
      `up to ${offeredAgain} events offered again after a kill; ${stored} stored`);
    assert.ok(tally.kills >= 5 && tally.outages >= 2 && tally.restarts >= 2, JSON.stringify(tally));
    assert.equal(stored, TOTAL, stored < TOTAL ? `lost ${TOTAL - stored} accepted events` : `${stored - TOTAL} stored twice`);
  });
});
