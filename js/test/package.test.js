// The package itself: exports map, the wasm build's exports against edgerec.h, types present.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { JS_DIR, REPO_DIR } from '../test-support/cli.js';

const pkg = JSON.parse(readFileSync(join(JS_DIR, 'package.json'), 'utf8'));

/**
 * The package's own modules that `entry` (a path relative to js/) imports, directly or not, with
 * itself: the relative specifiers of its static imports and re-exports, followed.
 */
function moduleGraph(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(JS_DIR, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)) {
      visit(posix.normalize(posix.join(posix.dirname(file), m[1])));
    }
  };
  visit(entry);
  return [...seen];
}

function abiFunctions() {
  const header = readFileSync(join(REPO_DIR, 'core/include/edgerec/edgerec.h'), 'utf8');
  // Same rule as wasm/CMakeLists.txt: "EDGEREC_API <lowercase return type> <name>(".
  return [...header.matchAll(/EDGEREC_API [a-z][^;(#]*?([a-z_0-9]+)\s*\(/g)].map((m) => m[1]);
}

describe('package', () => {
  it('resolves "edgerec" to the node entry under Node', async () => {
    const resolved = fileURLToPath(import.meta.resolve('edgerec'));
    assert.equal(resolved, join(JS_DIR, 'index.node.js'));
    assert.equal(fileURLToPath(import.meta.resolve('edgerec/edgerec.wasm')), join(JS_DIR, 'dist/edgerec.wasm'));
  });

  it('every file the exports map and "files" name exists', () => {
    const targets = new Set();
    const walk = (v) => (typeof v === 'string' ? targets.add(v) : Object.values(v).forEach(walk));
    walk(pkg.exports);
    for (const f of pkg.files) targets.add(`./${f}`);
    for (const t of targets) assert.ok(existsSync(join(JS_DIR, t)), `${t} is missing`);
  });

  it('every module an entry point loads is in "files", and the worker entry\'s are in the workerd config', () => {
    const entries = ['index.node.js', 'index.browser.js', 'index.worker.js'];
    const files = new Set(pkg.files);
    for (const entry of entries) {
      const graph = moduleGraph(entry);
      assert.ok(graph.includes('api.js') && graph.includes('errors.js'), `${entry}: ${graph.join(', ')}`);
      for (const f of graph) assert.ok(files.has(f), `${f} (loaded by ${entry}) is not in package.json "files"`);
    }
    const config = readFileSync(join(JS_DIR, 'worker-test/config.capnp'), 'utf8');
    for (const f of moduleGraph('index.worker.js')) {
      assert.ok(config.includes(`(name = "edgerec/${f}", esModule = embed "../${f}")`),
        `${f} (loaded by index.worker.js) is not embedded in worker-test/config.capnp`);
    }
  });

  it('every entry point exports the same API, and its platform\'s durable event store', async () => {
    const names = (m) => Object.keys(m).sort();
    const node = await import('../index.node.js');
    // The browser and worker entries load in Node too (nothing runs until init).
    const browser = await import('../index.browser.js');
    const worker = await import('../index.worker.js');
    const common = ['EdgerecError', 'EventBuffer', 'EventTracker', 'MemoryEventStore', 'Runtime', 'StatusCode', 'init'];
    assert.deepEqual(names(node), [...common, 'FileEventStore'].sort());
    assert.deepEqual(names(browser), [...common, 'IndexedDBEventStore'].sort());
    assert.deepEqual(names(worker), names(browser));
  });

  it('the wasm exports every EDGEREC_API function of edgerec.h', async () => {
    const fns = abiFunctions();
    assert.ok(fns.length >= 10, `found ${fns.length} functions`);
    const { default: create } = await import('../dist/edgerec.mjs');
    const M = await create({ wasmBinary: readFileSync(join(JS_DIR, 'dist/edgerec.wasm')) });
    for (const f of fns) assert.equal(typeof M[`_${f}`], 'function', `_${f} is not exported`);
    assert.ok(M.HEAPU8 instanceof Uint8Array);
  });

  it('index.d.ts declares the public API', () => {
    const dts = readFileSync(join(JS_DIR, 'index.d.ts'), 'utf8');
    for (const name of ['class Runtime', 'class EventBuffer', 'class EventTracker', 'interface EventStore', 'class FileEventStore',
      'class IndexedDBEventStore', 'class MemoryEventStore', 'fromCampaign', 'class EdgerecError', 'function init', 'getRecommendations', 'dispose']) {
      assert.ok(dts.includes(name), `index.d.ts lacks ${name}`);
    }
  });

  it('the worker entry asks for a wasmModule when it cannot fetch', async () => {
    const { init, EdgerecError } = await import('../index.worker.js');
    await assert.rejects(init(), (e) => e instanceof EdgerecError && e.code === 70 && /wasmModule/.test(e.message));
  });

  it('init rejects a wasmModule that is not a WebAssembly.Module', async () => {
    const { init, EdgerecError } = await import('../index.worker.js');
    await assert.rejects(init({ wasmModule: {} }), (e) => e instanceof EdgerecError && e.code === 10);
  });

  it('the worker entry initializes from a WebAssembly.Module', async () => {
    const { init, Runtime, EdgerecError } = await import('../index.worker.js');
    const wasmModule = new WebAssembly.Module(readFileSync(join(JS_DIR, 'dist/edgerec.wasm')));
    await init({ wasmModule });
    await assert.rejects(Runtime.load(new Uint8Array(10)), (e) => e instanceof EdgerecError && e.code === 30);
  });
});

describe('golden comparison helper', () => {
  it('flags order, id, length and score differences', async () => {
    const { diffItemLists } = await import('../test-support/cli.js');
    const a = { itemList: [{ itemId: 'a', score: 1 }, { itemId: 'b', score: 0.5 }] };
    assert.equal(diffItemLists(a, structuredClone(a)), null);
    assert.equal(diffItemLists(a, { itemList: [{ itemId: 'a', score: 1 + 5e-7 }, { itemId: 'b', score: 0.5 }] }), null);
    assert.match(diffItemLists(a, { itemList: [a.itemList[1], a.itemList[0]] }), /rank 0/);
    assert.match(diffItemLists(a, { itemList: [a.itemList[0]] }), /length/);
    assert.match(diffItemLists(a, { itemList: [{ itemId: 'a', score: 1.00001 }, a.itemList[1]] }), /score/);
    assert.match(diffItemLists(a, { itemList: [{ itemId: 'a', score: NaN }, a.itemList[1]] }), /score/);
  });
});
