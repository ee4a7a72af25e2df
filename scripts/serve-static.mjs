#!/usr/bin/env node
// A static server for the browser example (scripts/demo starts it): the repository's examples/,
// js/ (the package's modules and dist/edgerec.wasm, never node_modules) and build/demo/ on
// 127.0.0.1, with the MIME types module scripts, service workers and WebAssembly need.
//
//   node scripts/serve-static.mjs [--port 8000]
//
// then open http://127.0.0.1:8000/examples/browser/?... (examples/browser/README.md).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { serveStatic } from '../js/test-support/runner.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--port');
const port = at > 0 ? Number(process.argv[at + 1]) : 8000;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve-static: --port must be 0-65535, got ${process.argv[at + 1]}`);
  process.exit(2);
}
try {
  const server = await serveStatic({ root, dirs: ['examples', 'js', 'build/demo'], port });
  console.log(JSON.stringify({ listening: `http://127.0.0.1:${server.address().port}`, root }));
} catch (e) {
  console.error(`serve-static: cannot listen on 127.0.0.1:${port}: ${e.message}`);
  process.exit(1);
}
