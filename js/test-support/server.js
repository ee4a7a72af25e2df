// Test helpers around `edgerec serve`: a server home built with the CLI, and a real server
// started on a free port and stopped (SIGTERM) by the test. Kept outside js/test/ (node --test
// runs every file there).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { CLI, runCli } from './cli.js';

const ITEMS_SCHEMA = JSON.stringify({
  type: 'record', name: 'Items', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
  fields: [{ name: 'ITEM_ID', type: 'string' }, { name: 'GENRE', type: 'string', categorical: true },
    { name: 'CATEGORY', type: ['null', 'string'], categorical: true }, { name: 'PRICE', type: 'float' },
    { name: 'CREATION_TIMESTAMP', type: 'long' }],
});
const USERS_SCHEMA = JSON.stringify({
  type: 'record', name: 'Users', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
  fields: [{ name: 'USER_ID', type: 'string' }, { name: 'TIER', type: ['null', 'string'], categorical: true }],
});

/**
 * HOME/shop: synthetic interactions and items, a user-personalization campaign "shop-up", a
 * similar-items campaign "shop-sims", a filter "genre" (INCLUDE ... IN ($GENRE)), a Users dataset,
 * and an access key. The home is a new directory under `parent` (default: the temp directory).
 * @returns {{home: string, group: string, key: {accessKeyId: string, secretAccessKey: string},
 *            trackingId: string, clientKey: string, cleanup: () => void}}
 */
export function makeHome({ parent = tmpdir() } = {}) {
  const home = mkdtempSync(join(parent, 'edgerec-serve-test-'));
  const group = join(home, 'shop');
  const csv = join(home, 'interactions.csv');
  const items = join(home, 'items.csv');
  runCli(['synth', '--users', '150', '--items', '60', '--interactions', '5000', '--seed', '4', '--output', csv,
    '--items-output', items]);
  runCli(['create-dataset-group', group]);
  runCli(['import', group, '--dataset', 'interactions', '--csv', csv]);
  writeFileSync(join(home, 'items.json'), ITEMS_SCHEMA);
  writeFileSync(join(home, 'users.json'), USERS_SCHEMA);
  runCli(['import', group, '--dataset', 'items', '--csv', items, '--schema', join(home, 'items.json')]);
  runCli(['create-dataset', group, '--type', 'users', '--schema', join(home, 'users.json')]);
  runCli(['train', group, '--recipe', 'user-personalization', '--quiet', '--hp', 'hpo_trials=1', '--hp', 'factors=8']);
  runCli(['create-campaign', group, '--name', 'shop-up', '--solution-version', 'latest']);
  runCli(['train', group, '--recipe', 'similar-items', '--quiet']);
  runCli(['create-campaign', group, '--name', 'shop-sims', '--solution-version', 'latest']);
  runCli(['create-filter', group, '--name', 'genre', '--expression', 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)']);
  const key = JSON.parse(runCli(['create-access-key', '--home', home, '--description', 'js tests']));
  const trackers = JSON.parse(runCli(['list-event-trackers', group])).eventTrackers;
  return {
    home, group, key, trackingId: trackers[0].trackingId, clientKey: trackers[0].clientKey,
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * What the official SDK clients need to call a test server: endpoint, region, the home's key,
 * and one attempt (a test wants the first answer, not a retried one).
 * @param {string} endpoint
 * @param {{accessKeyId: string, secretAccessKey: string}} key
 */
export function sdkConfig(endpoint, key) {
  return {
    endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  };
}

/**
 * Starts `edgerec serve --home HOME --port 0` and resolves when it is listening.
 * @returns {Promise<{endpoint: string, port: number, logs: string[], stop: () => Promise<number>,
 *                    kill: (signal: string) => Promise<void>}>} kill: the signal, resolved once it exited
 */
export function startServer(home, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, ['serve', '--home', home, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const logs = [];
    createInterface({ input: child.stderr }).on('line', (l) => logs.push(l));
    let ready = false;
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`edgerec serve exited ${code}: ${logs.join('\n')}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      ready = true;
      const { port } = JSON.parse(line);
      resolve({
        port,
        endpoint: `http://127.0.0.1:${port}`,
        logs,
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done(child.exitCode);
          child.once('exit', (code) => done(code));
          child.kill('SIGTERM');
        }),
        kill: (signal) => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill(signal);
        }),
      });
    });
  });
}
