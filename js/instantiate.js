// Getting a running wasm instance: the init options every entry point shares, and the
// Emscripten factory run with our own instantiateWasm, so every entry point loads the wasm the
// same way (a WebAssembly.Module, bytes, or a fetch Response) and every failure rejects.

import { EdgerecError, StatusCode } from './errors.js';
import { describeValue, isPlainObject, toBytes } from './inputs.js';

/**
 * Instantiates the wasm from one of: a WebAssembly.Module, bytes, or a fetch Response.
 * Returns {instance, module}.
 */
export async function instantiateFrom(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return { instance: await WebAssembly.instantiate(source, imports), module: source };
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) {
      throw new EdgerecError(
        StatusCode.IO_ERROR,
        `could not fetch the edgerec wasm from ${source.url || 'its URL'}: HTTP ${source.status}`,
      );
    }
    const type = source.headers.get('content-type') ?? '';
    if (typeof WebAssembly.instantiateStreaming === 'function' && type.startsWith('application/wasm')) {
      return WebAssembly.instantiateStreaming(source, imports);
    }
    return WebAssembly.instantiate(await source.arrayBuffer(), imports);
  }
  return WebAssembly.instantiate(toBytes(source, 'wasmBinary'), imports);
}

/** Checks the wasm-source options shared by every entry point; returns the ones given. */
export function checkInitOptions(options) {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) {
    throw new EdgerecError(StatusCode.INVALID_INPUT, `init options must be an object, got ${describeValue(options)}`);
  }
  const { wasmModule, wasmBinary } = options;
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
    throw new EdgerecError(
      StatusCode.INVALID_INPUT,
      `wasmModule must be a WebAssembly.Module, got ${describeValue(wasmModule)}`,
    );
  }
  if (wasmBinary !== undefined) toBytes(wasmBinary, 'wasmBinary');
  return options;
}

/**
 * Runs the Emscripten factory with our own instantiateWasm, so every entry point loads the wasm
 * the same way and failures reject (the 3.1.6 glue does not reject on instantiate errors).
 * @param {Function} createModule the Emscripten factory (dist/edgerec.mjs default export)
 * @param {() => Promise<any>} getSource resolves to what instantiateFrom takes
 * @returns {Promise<object>} the Emscripten module (exports as M._name, memory as M.HEAPU8)
 */
export async function instantiateModule(createModule, getSource) {
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  const ready = createModule({
    // Never let the glue derive URLs from import.meta.url (undefined in some workers).
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      Promise.resolve()
        .then(getSource)
        .then((source) => instantiateFrom(source, imports))
        .then(({ instance, module }) => receive(instance, module))
        .catch((e) => fail(asInitError(e)));
      return {}; // exports arrive asynchronously through receive()
    },
    onAbort(what) {
      fail(new EdgerecError(StatusCode.INTERNAL, `the edgerec wasm aborted during init: ${what}`));
    },
  });
  return Promise.race([ready, failed]);
}

/** Any failure to bring the wasm up, as an EdgerecError (FailedPrecondition unless it is one). */
export function asInitError(e) {
  if (e instanceof EdgerecError) return e;
  return new EdgerecError(
    StatusCode.FAILED_PRECONDITION,
    `could not instantiate the edgerec wasm: ${e?.message ?? e}`,
    { cause: e },
  );
}
