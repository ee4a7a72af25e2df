// What the standalone test runners share (js/browser-test/run.mjs, js/worker-test/run.mjs,
// tests/report/run.mjs): CTest's skip convention, a pass/fail tally printed as TAP-like lines,
// child processes in their own process group (a browser or workerd leaves helpers behind
// otherwise), a free loopback port, and a static file server for pages under test.
// (Kept outside js/test/: node --test runs every file under a directory named "test".)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

import { IN_CI } from './cli.js';

/** The exit code CTest reads as "skipped" (SKIP_RETURN_CODE in tests/js.cmake, tests/CMakeLists.txt). */
export const SKIPPED = 77;

/**
 * Ends the run because something it needs is missing: a skip (exit 77) on a developer's
 * machine, a failure (exit 1) under CI, where a missing tool must never pass unnoticed.
 */
export function skipOrFail(why) {
  if (IN_CI) {
    console.error(`FAIL: ${why}`);
    process.exit(1);
  }
  console.log(`SKIP: ${why}`);
  process.exit(SKIPPED);
}

/**
 * Counts checks, printing "ok - name" or "not ok - name: detail" for each; finish() prints
 * "<label>: N passed, M failed" and exits 0 if none failed, else 1.
 */
export function tally(label) {
  let passed = 0;
  let failed = 0;
  return {
    check(name, ok, detail = '') {
      if (ok) passed++;
      else failed++;
      console.log(`${ok ? 'ok' : 'not ok'} - ${name}${ok || !detail ? '' : `: ${detail}`}`);
    },
    finish() {
      console.log(`${label}: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}

/**
 * Starts `command args` as the leader of a new process group, collecting its output; `env` adds
 * to the environment.
 * @returns {{child: import('node:child_process').ChildProcess, stdout: string, stderr: string,
 *   output: string, exit: {code: number|null, signal: string|null}|null,
 *   closed: Promise<{code: number|null, signal: string|null}>, kill: () => void}}
 *   stdout / stderr / output (both, interleaved) grow as the process writes; exit is set once it
 *   has exited; closed settles when its streams are closed (rejects if it could not start);
 *   kill() SIGKILLs the whole group and never throws.
 */
export function spawnGroup(command, args, { cwd, env } = {}) {
  const child = spawn(command, args, { cwd, env: env ? { ...process.env, ...env } : undefined, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const proc = {
    child,
    stdout: '',
    stderr: '',
    output: '',
    exit: null,
    closed: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    }),
    kill() {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone (or never started)
      }
    },
  };
  proc.closed.catch(() => {}); // a caller that never waits must not see an unhandled rejection
  child.stdout.on('data', (d) => {
    proc.stdout += d;
    proc.output += d;
  });
  child.stderr.on('data', (d) => {
    proc.stderr += d;
    proc.output += d;
  });
  child.on('exit', (code, signal) => (proc.exit = { code, signal }));
  return proc;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a server that cannot take port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm', // instantiateStreaming insists on it
  '.erec': 'application/octet-stream',
};

/**
 * A static HTTP server on a loopback port (`port`, default a free one; scripts/serve-static.mjs
 * uses it with a fixed one): the files of `root`'s subdirectories `dirs`
 * (a directory serves its index.html; nothing under node_modules), and `routes`, extra paths
 * answered with fixed bytes ({'/solution.erec': bytes}, typed by their extension).
 * @returns {Promise<import('node:http').Server>} listening; its address().port is the port
 */
export function serveStatic({ root, dirs, routes = {}, port = 0 }) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (Object.hasOwn(routes, path)) {
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' });
      return res.end(routes[path]);
    }
    const rel = normalize(path).replace(/^[/\\]+/, '');
    let file = join(root, rel);
    const allowed = dirs.some((d) => rel === d || rel.startsWith(d + sep)) && !rel.includes('node_modules');
    if (allowed && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!allowed || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
