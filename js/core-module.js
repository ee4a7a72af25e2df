// One running instance of the wasm build of the C ABI (core/include/edgerec/edgerec.h): raw
// calls, copies in and out of its memory, and status codes turned into EdgerecErrors. Nothing
// here knows about requests or runtimes beyond the handles and JSON text it passes through.
//
// Memory rules: inputs are copied into wasm memory with edgerec_alloc and freed after the call;
// memory can grow during any call, which detaches old views, so HEAPU8 is re-read every time;
// strings the core returns are freed with edgerec_string_free.

import { EdgerecError, StatusCode } from './errors.js';

// Every export Core calls; checked once at init so a stale dist/ fails with a clear message.
const REQUIRED_EXPORTS = [
  'edgerec_version_string',
  'edgerec_status_name',
  'edgerec_last_error_message',
  'edgerec_runtime_load',
  'edgerec_runtime_free',
  'edgerec_runtime_add_entropy',
  'edgerec_runtime_set_recommendation_source',
  'edgerec_runtime_set_campaign_config',
  'edgerec_get_recommendations',
  'edgerec_get_personalized_ranking',
  'edgerec_put_events',
  'edgerec_clear_session',
  'edgerec_runtime_describe',
  'edgerec_runtime_adopt_sessions',
  'edgerec_event_buffer_create',
  'edgerec_event_buffer_restore',
  'edgerec_event_buffer_free',
  'edgerec_event_buffer_put_events',
  'edgerec_event_buffer_seal',
  'edgerec_event_buffer_batch',
  'edgerec_event_buffer_acknowledge',
  'edgerec_event_buffer_set_aside',
  'edgerec_event_buffer_clear_set_aside',
  'edgerec_event_buffer_stats',
  'edgerec_event_buffer_snapshot',
  'edgerec_string_free',
  'edgerec_alloc',
  'edgerec_dealloc',
];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** One instance of the wasm module: raw calls, memory copies and status checks. */
export class Core {
  constructor(M, onTrap) {
    for (const name of REQUIRED_EXPORTS) {
      if (typeof M[`_${name}`] !== 'function') {
        throw new EdgerecError(
          StatusCode.FAILED_PRECONDITION,
          `the edgerec wasm does not export ${name}: rebuild js/dist (scripts/test or cmake --build build/wasm)`,
        );
      }
    }
    this.M = M;
    this.onTrap = onTrap;
    this.trapped = null;
    // Two out-parameter words (a pointer and a size_t: 4 bytes each on wasm32), reused by every call.
    this.out = this.raw('edgerec_alloc', 8) >>> 0;
    if (!this.out) throw new EdgerecError(StatusCode.RESOURCE_EXHAUSTED, 'out of wasm memory');
  }

  /** Calls an export; a trap (abort, OOM, unreachable) becomes an Internal EdgerecError. */
  raw(name, ...args) {
    if (this.trapped) {
      throw new EdgerecError(
        StatusCode.INTERNAL,
        `the edgerec wasm instance trapped earlier and cannot be used (${this.trapped.message}); load the solution again`,
      );
    }
    try {
      return this.M[`_${name}`](...args);
    } catch (e) {
      this.trapped = e instanceof Error ? e : new Error(String(e));
      this.onTrap();
      throw new EdgerecError(StatusCode.INTERNAL, `the edgerec wasm trapped in ${name}: ${this.trapped.message}`, { cause: e });
    }
  }

  heap() {
    return this.M.HEAPU8; // re-read on every use: memory growth replaces the buffer
  }

  u32(ptr) {
    const h = this.heap();
    return new DataView(h.buffer, h.byteOffset).getUint32(ptr, true);
  }

  cstring(ptr) {
    ptr >>>= 0;
    if (!ptr) return '';
    const h = this.heap();
    let end = ptr;
    while (end < h.length && h[end] !== 0) end++;
    return decoder.decode(h.subarray(ptr, end));
  }

  /** Copies bytes into wasm memory; the caller frees the returned pointer with dealloc(). */
  copyIn(bytes) {
    const ptr = this.raw('edgerec_alloc', Math.max(bytes.length, 1)) >>> 0;
    if (!ptr) {
      throw new EdgerecError(StatusCode.RESOURCE_EXHAUSTED, `out of wasm memory copying ${bytes.length} bytes`);
    }
    this.heap().set(bytes, ptr);
    return ptr;
  }

  dealloc(ptr) {
    if (ptr && !this.trapped) this.raw('edgerec_dealloc', ptr);
  }

  check(status) {
    if (status === StatusCode.OK) return;
    const message = this.cstring(this.raw('edgerec_last_error_message'));
    const codeName = this.cstring(this.raw('edgerec_status_name', status));
    throw new EdgerecError(status, message, { codeName });
  }

  /** Calls fn(outPtrPtr, outLenPtr) and takes ownership of the returned string. */
  takeString(fn) {
    this.check(fn(this.out, this.out + 4));
    const ptr = this.u32(this.out);
    const len = this.u32(this.out + 4);
    try {
      return decoder.decode(this.heap().subarray(ptr, ptr + len));
    } finally {
      this.raw('edgerec_string_free', ptr);
    }
  }

  /**
   * Copies `bytes` (a Uint8Array, or a string as UTF-8) into wasm memory, returns fn(ptr, length)
   * and frees the copy, whatever fn does.
   */
  withCopy(bytes, fn) {
    const view = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
    const ptr = this.copyIn(view);
    try {
      return fn(ptr, view.length);
    } finally {
      this.dealloc(ptr);
    }
  }

  loadRuntime(bytes) {
    return this.withCopy(bytes, (ptr, len) => {
      this.check(this.raw('edgerec_runtime_load', ptr, len, this.out));
      return this.u32(this.out);
    });
  }

  addEntropy(handle, bytes) {
    this.withCopy(bytes, (ptr, len) => this.check(this.raw('edgerec_runtime_add_entropy', handle, ptr, len)));
  }

  setRecommendationSource(handle, source) {
    this.withCopy(source, (ptr, len) => this.check(this.raw('edgerec_runtime_set_recommendation_source', handle, ptr, len)));
  }

  setCampaignConfig(handle, json) {
    this.withCopy(json, (ptr, len) => this.check(this.raw('edgerec_runtime_set_campaign_config', handle, ptr, len)));
  }

  /** Calls a JSON-in, JSON-out export such as edgerec_get_recommendations. */
  call(name, handle, json) {
    return this.withCopy(json, (ptr, len) =>
      this.takeString((outJson, outLen) => this.raw(name, handle, ptr, len, outJson, outLen)),
    );
  }

  clearSession(handle, key) {
    return this.withCopy(key, (ptr, len) => {
      this.check(this.raw('edgerec_clear_session', handle, ptr, len, this.out));
      return this.u32(this.out) !== 0;
    });
  }

  /** Moves `previous`'s live sessions into `handle`'s runtime; returns how many. */
  adoptSessions(handle, previous) {
    this.check(this.raw('edgerec_runtime_adopt_sessions', handle, previous, this.out));
    return this.u32(this.out);
  }

  describe(handle) {
    return this.takeString((outJson, outLen) => this.raw('edgerec_runtime_describe', handle, outJson, outLen));
  }

  /** Calls fn(outPtrPtr, outLenPtr) and takes ownership of the returned bytes (null when none). */
  takeBytes(fn) {
    this.check(fn(this.out, this.out + 4));
    const ptr = this.u32(this.out);
    const len = this.u32(this.out + 4);
    if (!ptr) return null;
    try {
      return this.heap().slice(ptr, ptr + len);
    } finally {
      this.raw('edgerec_dealloc', ptr);
    }
  }

  // ---- the event buffer (edgerec.h, "Event buffer") ----

  createEventBuffer(optionsJson) {
    return this.withCopy(optionsJson, (ptr, len) => {
      this.check(this.raw('edgerec_event_buffer_create', ptr, len, this.out));
      return this.u32(this.out);
    });
  }

  restoreEventBuffer(snapshot, optionsJson) {
    return this.withCopy(snapshot, (sptr, slen) =>
      this.withCopy(optionsJson, (optr, olen) => {
        this.check(this.raw('edgerec_event_buffer_restore', sptr, slen, optr, olen, this.out));
        return this.u32(this.out);
      }),
    );
  }

  /** A buffer call with one text argument and a bytes result (seal, batch). */
  bufferBytes(name, handle, text) {
    return this.withCopy(text, (ptr, len) =>
      this.takeBytes((outPtr, outLen) => this.raw(name, handle, ptr, len, outPtr, outLen)),
    );
  }

  bufferAcknowledge(handle, batchId) {
    this.withCopy(batchId, (ptr, len) => this.check(this.raw('edgerec_event_buffer_acknowledge', handle, ptr, len)));
  }

  bufferSetAside(handle, batchId, reason) {
    this.withCopy(batchId, (ptr, len) =>
      this.withCopy(reason, (rptr, rlen) =>
        this.check(this.raw('edgerec_event_buffer_set_aside', handle, ptr, len, rptr, rlen)),
      ),
    );
  }

  bufferClearSetAside(handle) {
    this.check(this.raw('edgerec_event_buffer_clear_set_aside', handle, this.out));
    return this.u32(this.out);
  }

  bufferStats(handle) {
    return this.takeString((outJson, outLen) => this.raw('edgerec_event_buffer_stats', handle, outJson, outLen));
  }

  bufferSnapshot(handle) {
    return this.takeBytes((outPtr, outLen) => this.raw('edgerec_event_buffer_snapshot', handle, outPtr, outLen));
  }

  freeEventBuffer(handle) {
    if (this.trapped) return;
    try {
      this.raw('edgerec_event_buffer_free', handle);
    } catch {
      // freeing must never throw (it also runs from the FinalizationRegistry)
    }
  }

  freeRuntime(handle) {
    if (this.trapped) return; // the instance is dead; its memory goes with it
    try {
      this.raw('edgerec_runtime_free', handle);
    } catch {
      // freeing must never throw (it also runs from the FinalizationRegistry)
    }
  }
}
