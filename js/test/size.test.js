// Download size of the core: dist/edgerec.wasm + dist/edgerec.mjs, gzipped (level 9, as a CDN
// or `gzip -9` would serve them), at most 150 KB together. Reported on every run so a change
// that grows it shows up in the test output before it reaches the budget. What keeps it there:
// core/CMakeLists.txt (cold sources at -Oz, the scoring kernels at -O3) and
// cmake/EdgerecDependencies.cmake (zstd's decompressor).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { gzipSync } from 'node:zlib';

import { JS_DIR } from '../test-support/cli.js';

const BUDGET = 150 * 1024;

it('wasm + glue stay within 150 KB gzipped', (t) => {
  const sizes = {};
  for (const file of ['edgerec.wasm', 'edgerec.mjs']) {
    const bytes = readFileSync(join(JS_DIR, 'dist', file));
    sizes[file] = { raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  }
  const total = sizes['edgerec.wasm'].gzipped + sizes['edgerec.mjs'].gzipped;
  const detail = Object.entries(sizes).map(([f, s]) => `${f} ${s.raw} raw / ${s.gzipped} gz`).join(', ');
  t.diagnostic(`wasm+glue gzipped: ${total} bytes (budget ${BUDGET}; ${detail})`);
  assert.ok(total <= BUDGET, `wasm+glue gzipped is ${total} bytes, over the budget of ${BUDGET} (${detail})`);
});

it('reports what the package\'s own modules add', (t) => {
  // Outside the budget (a bundler tree-shakes them), but visible: the EventTracker, its stores and
  // Runtime.fromCampaign are most of it.
  const pkg = JSON.parse(readFileSync(join(JS_DIR, 'package.json'), 'utf8'));
  const modules = pkg.files.filter((f) => f.endsWith('.js'));
  const bytes = Buffer.concat(modules.map((f) => readFileSync(join(JS_DIR, f))));
  const gz = gzipSync(bytes, { level: 9 }).length;
  t.diagnostic(`package modules: ${modules.length} files, ${bytes.length} raw / ${gz} gz (all entry points together)`);
  assert.ok(modules.includes('event-tracker.js'));
});
