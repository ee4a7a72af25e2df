// Browser entry point ("browser" and "default" export conditions): fetches dist/edgerec.wasm
// relative to this module, or from init({wasmUrl}), or uses init({wasmBinary | wasmModule}).
//
//   import { Runtime } from 'edgerec';
//   const bytes = await (await fetch('/models/popularity.erec')).arrayBuffer();
//   const rt = await Runtime.load(bytes);

import createEdgerecModule from './dist/edgerec.mjs';
import { makeApi } from './api.js';
import { EdgerecError, StatusCode } from './errors.js';

const { init, Runtime, EventBuffer } = makeApi(createEdgerecModule, async (options) => {
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
});

export { init, Runtime, EventBuffer, EdgerecError, StatusCode };
