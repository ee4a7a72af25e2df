// Edge-worker test: the package's worker entry in real workerd (npm "workerd") gives the native
// CLI's answers.
//
//   node worker-test/run.mjs         (CTest: js.workerd; env EDGEREC_CLI)
//
// Starts `workerd serve worker-test/config.capnp` on a free loopback port, POSTs a generated
// solution to worker.js, compares with the CLI, and always kills workerd. Exit 0 pass, 1 fail,
// 77 (CTest: skipped) when workerd or the CLI is missing outside CI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { IN_CI, JS_DIR, cliRecommend, cliUnavailable, diffItemLists, makeSolution } from '../test-support/cli.js';

const WORKERD = join(JS_DIR, 'node_modules/.bin/workerd');
const CONFIG = join(JS_DIR, 'worker-test/config.capnp');
const CASES = [
  ['u1', null],
  ['u5', 10],
  ['u123', 1],
  ['u250', 200],
  ['nobody', 3],
];

function skipOrFail(why) {
  if (IN_CI) {
    console.error(`FAIL: ${why}`);
    process.exit(1);
  }
  console.log(`SKIP: ${why}`);
  process.exit(77);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts workerd; resolves {child, base, logs} once it answers HTTP, or rejects. */
async function startWorkerd() {
  const port = await freePort();
  const child = spawn(WORKERD, ['serve', CONFIG, '--socket-addr', `http=127.0.0.1:${port}`], {
    cwd: JS_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so the kill below takes everything with it
  });
  const logs = [];
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      await fetch(`${base}/`, { signal: AbortSignal.timeout(2000) });
      return { child, base, logs };
    } catch {
      await sleep(100);
    }
  }
  stop(child);
  throw new Error(`workerd did not start (${JSON.stringify(exited)}): ${logs.join('').slice(-3000)}`);
}

function stop(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function main() {
  if (!existsSync(WORKERD)) skipOrFail(`workerd not found at ${WORKERD} (run scripts/setup: npm ci in js/)`);
  const missing = cliUnavailable();
  if (missing) skipOrFail(missing);

  const fixture = makeSolution({ users: 300, items: 150, interactions: 12000, seed: 9 });
  let passed = 0;
  let failed = 0;
  const check = (name, ok, detail = '') => {
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'ok' : 'not ok'} - ${name}${ok || !detail ? '' : `: ${detail}`}`);
  };

  let server = null;
  try {
    server = await startWorkerd();
    const version = await new Promise((resolve) => {
      const v = spawn(WORKERD, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let s = '';
      v.stdout.on('data', (d) => (s += d));
      v.on('close', () => resolve(s.trim()));
    });
    console.log(`# ${version}`);
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
  } catch (e) {
    check('workerd run', false, `${e.stack}\n${server?.logs.join('') ?? ''}`);
  } finally {
    if (server) stop(server.child);
    fixture.cleanup();
  }
  console.log(`workerd: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
