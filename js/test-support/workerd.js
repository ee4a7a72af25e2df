// Real workerd (npm "workerd") for the edge-worker tests (worker-test/run.mjs,
// test/edge-worker-example.test.js): `workerd serve CONFIG` on a free loopback port, its whole
// process group killed by the caller.
import { join } from 'node:path';

import { JS_DIR } from './cli.js';
import { freePort, spawnGroup } from './runner.js';

export const WORKERD = join(JS_DIR, 'node_modules/.bin/workerd');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts workerd on `config` (socket "http" on a free port); resolves {workerd, base} once it
 * answers HTTP, or rejects with its output. `env`: variables for fromEnvironment bindings.
 */
export async function startWorkerd(config, { cwd = JS_DIR, env } = {}) {
  const port = await freePort();
  // Its own process group, so kill() takes everything it started with it.
  const workerd = spawnGroup(WORKERD, ['serve', config, '--socket-addr', `http=127.0.0.1:${port}`], { cwd, env });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (workerd.exit) break;
    try {
      await fetch(`${base}/`, { signal: AbortSignal.timeout(2000) });
      return { workerd, base };
    } catch {
      await sleep(100);
    }
  }
  workerd.kill();
  throw new Error(`workerd did not start (${JSON.stringify(workerd.exit)}): ${workerd.output.slice(-3000)}`);
}
