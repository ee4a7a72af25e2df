// Browser entry point ("browser" and "default" export conditions): fetches dist/edgerec.wasm
// relative to this module, or from init({wasmUrl}), or uses init({wasmBinary | wasmModule}).
//
//   import { Runtime } from 'edgerec';
//   const bytes = await (await fetch('/models/popularity.erec')).arrayBuffer();
//   const rt = await Runtime.load(bytes);

import createEdgerecModule from './dist/edgerec.mjs';
import { makeApi } from './api.js';
import { browserPlatform } from './platform-browser.js';
import { EdgerecError, StatusCode } from './errors.js';
import { IndexedDBEventStore } from './event-store-indexeddb.js';
import { MemoryEventStore } from './event-store-memory.js';

const { init, Runtime, EventBuffer, EventTracker } = makeApi(createEdgerecModule, async (options) => {
  if (options.wasmModule) return options.wasmModule;
  if (options.wasmBinary) return options.wasmBinary;
  const url = options.wasmUrl ?? new URL('./dist/edgerec.wasm', import.meta.url);
  try {
    return await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new EdgerecError(StatusCode.IO_ERROR, `could not fetch the edgerec wasm from ${url}: ${e.message}`, {
      cause: e,
    });
  }
}, { platform: browserPlatform });

export { init, Runtime, EventBuffer, EventTracker, MemoryEventStore, IndexedDBEventStore, EdgerecError, StatusCode };
