// The JavaScript API over the wasm build of the C ABI (core/include/edgerec/edgerec.h), as each
// entry point (index.node.js, index.browser.js, index.worker.js) builds it: makeApi ties the
// pieces together, and each entry only says how to get the wasm (disk, fetch, or a
// WebAssembly.Module from the platform).
//
//   instantiate.js  init options; the Emscripten factory run so that every failure rejects
//   core-module.js  one wasm instance: raw calls, memory copies, status codes -> EdgerecError
//   runtime.js      the Runtime class: requests checked and serialised, Personalize's calls
//   event-buffer.js the EventBuffer class: a device's events until the server acknowledges them
//   event-tracker.js the EventTracker class: buffered, stored and uploaded PutEvents
//   batch-upload.js  one batch POSTed to edgerec serve, and the retry schedule
//   event-store-*.js where a tracker keeps its buffer (memory; IndexedDB; a file in Node)
//   inputs.js       checks of what callers pass in
//
// This file keeps the one piece of state: which instance is live (a trap retires it, and the
// next init starts a fresh one).

import { Core } from './core-module.js';
import { asInitError, checkInitOptions, instantiateModule } from './instantiate.js';
import { defineEventBuffer } from './event-buffer.js';
import { defineEventTracker } from './event-tracker.js';
import { defineRuntime } from './runtime.js';

export { checkInitOptions, instantiateFrom } from './instantiate.js';
export { toBytes } from './inputs.js';

/**
 * Builds {init, Runtime, EventBuffer, EventTracker} for one entry point.
 * @param {Function} createModule the Emscripten factory (dist/edgerec.mjs default export)
 * @param {(options: object) => Promise<any>} wasmSource resolves to a WebAssembly.Module, bytes
 *        or a fetch Response for the wasm, according to the entry's rules and `options`
 * @param {{randomBytes?: (n: number) => Uint8Array, platform?: object}} [hooks] platform:
 *        what the EventTracker and Runtime.fromCampaign need (default store, Web Locks, page
 *        lifecycle, timers; see platform-*.js)
 */
export function makeApi(createModule, wasmSource, hooks = {}) {
  let core = null; // the live Core, once init has finished
  let pending = null; // the init in progress

  const randomBytes =
    hooks.randomBytes ?? ((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)));

  /**
   * Loads the wasm once. Later calls (with any options) return at once; a failed init can be
   * retried, e.g. with a corrected wasmModule.
   */
  async function init(options) {
    const opts = checkInitOptions(options);
    if (core) return;
    if (!pending) {
      pending = (async () => {
        let M;
        try {
          M = await instantiateModule(createModule, () => wasmSource(opts));
        } catch (e) {
          throw asInitError(e);
        }
        core = new Core(M, () => {
          // A trap leaves the instance in an unknown state: the next init starts a fresh one.
          if (core && core.M === M) core = null;
        });
      })();
      pending.then(
        () => { pending = null; },
        () => { pending = null; },
      );
    }
    return pending;
  }

  const Runtime = defineRuntime(init, () => core, randomBytes, hooks.platform ?? {});
  const EventBuffer = defineEventBuffer(init, () => core);
  const EventTracker = defineEventTracker(EventBuffer, hooks.platform ?? {}, randomBytes);
  return { init, Runtime, EventBuffer, EventTracker };
}
