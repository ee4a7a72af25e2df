// Node entry point ("node" export condition): reads dist/edgerec.wasm from disk.
//
//   import { Runtime } from 'edgerec';
//   const rt = await Runtime.load(await readFile('popularity.erec'));
//   rt.getRecommendations({ userId: 'u1', numResults: 10 });

import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import createEdgerecModule from './dist/edgerec.mjs';
import { makeApi } from './api.js';
import { nodePlatform } from './platform-node.js';
import { EdgerecError, StatusCode } from './errors.js';
import { FileEventStore } from './event-store-file.js';
import { MemoryEventStore } from './event-store-memory.js';

const { init, Runtime, EventBuffer, EventTracker } = makeApi(
  createEdgerecModule,
  async (options) => {
    if (options.wasmModule) return options.wasmModule;
    if (options.wasmBinary) return options.wasmBinary;
    const path = options.wasmPath ?? new URL('./dist/edgerec.wasm', import.meta.url);
    try {
      return await readFile(path);
    } catch (e) {
      throw new EdgerecError(StatusCode.IO_ERROR, `could not read the edgerec wasm at ${path}: ${e.message}`, {
        cause: e,
      });
    }
  },
  // Node 18 has no global crypto; webcrypto is the same API.
  { randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)), platform: nodePlatform },
);

export { init, Runtime, EventBuffer, EventTracker, MemoryEventStore, FileEventStore, EdgerecError, StatusCode };
