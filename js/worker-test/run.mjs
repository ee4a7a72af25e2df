// Edge-worker test: the package's worker entry in real workerd (npm "workerd") gives the native
// CLI's answers.
//
//   node worker-test/run.mjs         (CTest: js.workerd; env EDGEREC_CLI)
//
// Starts `workerd serve worker-test/config.capnp` on a free loopback port, POSTs a generated
// solution to worker.js, compares with the CLI, and always kills workerd. Exit 0 pass, 1 fail,
// 77 (CTest: skipped) when workerd or the CLI is missing outside CI.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { JS_DIR, cliRecommend, cliUnavailable, diffItemLists, makeSolution, runCli } from '../test-support/cli.js';
import { startServer } from '../test-support/server.js';
import { skipOrFail, spawnGroup, tally } from '../test-support/runner.js';
import { WORKERD, startWorkerd } from '../test-support/workerd.js';

const CONFIG = join(JS_DIR, 'worker-test/config.capnp');
const CASES = [
  ['u1', null],
  ['u5', 10],
  ['u123', 1],
  ['u250', 200],
  ['nobody', 3],
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (!existsSync(WORKERD)) skipOrFail(`workerd not found at ${WORKERD} (run scripts/setup: npm ci in js/)`);
  const missing = cliUnavailable();
  if (missing) skipOrFail(missing);

  const fixture = makeSolution({ users: 300, items: 150, interactions: 12000, seed: 9 });
  const { check, finish } = tally('workerd');

  let server = null;
  try {
    server = await startWorkerd(CONFIG);
    const version = spawnGroup(WORKERD, ['--version']);
    await version.closed;
    console.log(`# ${version.stdout.trim()}`);
    const url = `${server.base}/recommend?cases=${encodeURIComponent(JSON.stringify(CASES))}`;
    const res = await fetch(url, { method: 'POST', body: fixture.bytes, signal: AbortSignal.timeout(30_000) });
    const body = await res.json();
    if (res.status !== 200) {
      check('worker answers 200', false, `${res.status}: ${JSON.stringify(body)}`);
    } else {
      CASES.forEach(([userId, n], i) => {
        const diff = diffItemLists(cliRecommend(fixture.path, userId, n ?? undefined), body.results[i]);
        check(`golden userId=${userId} numResults=${n ?? 'default'} == CLI`, diff === null, diff);
      });
      const c = body.checks;
      check('numResults 501 -> EdgerecError 10', c.numResults501.isEdgerecError && c.numResults501.code === 10,
        JSON.stringify(c.numResults501));
      check('truncated bytes -> EdgerecError 30', c.truncated.isEdgerecError && c.truncated.code === 30,
        JSON.stringify(c.truncated));
      check('recommendationIds differ between calls', c.distinctIds === true);
    }

    // The EventTracker in the worker, uploading to a real edgerec serve under ctx.waitUntil.
    const home = mkdtempSync(join(tmpdir(), 'edgerec-worker-home-'));
    const group = join(home, 'shop');
    runCli(['create-dataset-group', group]);
    const { trackingId, clientKey } = JSON.parse(runCli(['list-event-trackers', group])).eventTrackers[0];
    const serve = await startServer(home);
    try {
      const body = { endpoint: serve.endpoint, trackingId, clientKey, sessionId: 'edge-visitor', count: 35 };
      const tracked = await fetch(`${server.base}/track`, { method: 'POST', body: JSON.stringify(body) });
      const accepted = await tracked.json();
      check('worker EventTracker buffers 35 events', tracked.status === 200 && accepted.buffered === 35, JSON.stringify(accepted));
      const streamed = () => JSON.parse(runCli(['describe', group])).datasets.interactions.streamedRows;
      const deadline = Date.now() + 15_000;
      while (streamed() < 35 && Date.now() < deadline) await sleep(100);
      const stats = await (await fetch(`${server.base}/track/stats`)).json();
      check('worker EventTracker uploads them under ctx.waitUntil, each once', streamed() === 35 && stats.uploaded === 35,
        `stored ${streamed()}, stats ${JSON.stringify(stats)}`);
    } finally {
      await serve.stop();
      rmSync(home, { recursive: true, force: true });
    }
  } catch (e) {
    check('workerd run', false, `${e.stack}\n${server?.workerd.output ?? ''}`);
  } finally {
    if (server) server.workerd.kill();
    fixture.cleanup();
  }
  finish();
}

await main();
