// Edge-worker entry point ("workerd" and "worker" export conditions). Workers usually cannot
// compile wasm from bytes at run time; the platform hands the module over instead:
//
//   import { init, Runtime } from 'edgerec';
//   import wasmModule from 'edgerec/edgerec.wasm';   // a WebAssembly.Module (module binding)
//   await init({ wasmModule });
//
// wasmBinary and wasmUrl also work where the platform allows them; with no option at all the
// wasm is fetched relative to this module if that is an http(s) URL (a browser Web Worker).

import createEdgerecModule from './dist/edgerec.mjs';
import { makeApi } from './api.js';
import { browserPlatform } from './platform-browser.js';
import { EdgerecError, StatusCode } from './errors.js';
import { IndexedDBEventStore } from './event-store-indexeddb.js';
import { MemoryEventStore } from './event-store-memory.js';

const { init, Runtime, EventBuffer, EventTracker } = makeApi(createEdgerecModule, async (options) => {
  if (options.wasmModule) return options.wasmModule;
  if (options.wasmBinary) return options.wasmBinary;
  let url = options.wasmUrl;
  if (url === undefined) {
    const base = import.meta.url;
    if (typeof base !== 'string' || !/^https?:/.test(base)) {
      throw new EdgerecError(
        StatusCode.FAILED_PRECONDITION,
        "this environment needs the wasm passed in: import wasmModule from 'edgerec/edgerec.wasm' " +
          'and call init({ wasmModule }) (or Runtime.load(bytes, { wasmModule }))',
      );
    }
    url = new URL('./dist/edgerec.wasm', base);
  }
  try {
    return await fetch(url);
  } catch (e) {
    throw new EdgerecError(StatusCode.IO_ERROR, `could not fetch the edgerec wasm from ${url}: ${e.message}`, {
      cause: e,
    });
  }
}, { platform: browserPlatform });

export { init, Runtime, EventBuffer, EventTracker, MemoryEventStore, IndexedDBEventStore, EdgerecError, StatusCode };
