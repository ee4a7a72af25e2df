// The EventBuffer class: the core's buffer of a device's accepted events (edgerec/event_buffer.h)
// through the C ABI. It validates with the server's rules, seals the oldest events into upload
// batches (.erev, what `POST /events/batch` reads), keeps each until the server acknowledges its
// id, and snapshots everything for storage. Uploading, retrying and storing the snapshot are the
// caller's (the EventTracker's) business.

import { EdgerecError, StatusCode } from './errors.js';
import { datesAsEpochSeconds, describeValue, isPlainObject, jsonText, requestJson, toBytes } from './inputs.js';

const finalizer =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ owner, handle }) => owner.freeEventBuffer(handle))
    : null;

const constructing = Symbol('constructing');

// {maxBufferedEvents?, maxBufferedBytes?} as the core's options JSON ('' for the defaults).
function optionsJson(options, what) {
  if (options === undefined || options === null) return '';
  if (!isPlainObject(options)) {
    throw new EdgerecError(StatusCode.INVALID_INPUT, `${what} options must be an object, got ${describeValue(options)}`);
  }
  return jsonText(options, `${what} options`);
}

function batchIdText(batchId, what) {
  if (typeof batchId !== 'string') {
    throw new EdgerecError(StatusCode.INVALID_INPUT, `${what}: batchId must be a string, got ${describeValue(batchId)}`);
  }
  return batchId;
}

/**
 * The EventBuffer class of one entry point.
 * @param {(options: object) => Promise<void>} init brings the wasm up (once; see api.js)
 * @param {() => import('./core-module.js').Core|null} liveCore the live instance
 */
export function defineEventBuffer(init, liveCore) {
  async function core(options) {
    await init(options ?? {});
    const owner = liveCore();
    if (!owner) throw new EdgerecError(StatusCode.INTERNAL, 'the edgerec wasm instance is not available');
    return owner;
  }

  /** A device's accepted events until the server acknowledges them. */
  class EventBuffer {
    #core;
    #handle; // 0 once disposed

    constructor(token, owner, handle) {
      if (token !== constructing) {
        throw new EdgerecError(StatusCode.FAILED_PRECONDITION, 'use `await EventBuffer.create()` to create an EventBuffer');
      }
      this.#core = owner;
      this.#handle = handle;
      finalizer?.register(this, { owner, handle }, this);
    }

    /**
     * An empty buffer.
     * @param {{maxBufferedEvents?: number, maxBufferedBytes?: number}} [options] the bounds (10,000
     *        events, 8 MiB of PutEvents JSON); past them the oldest events are dropped and counted
     */
    static async create(options) {
      const json = optionsJson(options, 'EventBuffer.create');
      const owner = await core();
      return new EventBuffer(constructing, owner, owner.createEventBuffer(json));
    }

    /**
     * A buffer read back from snapshot() bytes; CorruptData (30) if they are damaged.
     * @param {Uint8Array|ArrayBuffer} snapshot
     * @param {{maxBufferedEvents?: number, maxBufferedBytes?: number}} [options]
     */
    static async restore(snapshot, options) {
      const bytes = toBytes(snapshot, 'EventBuffer snapshot');
      const json = optionsJson(options, 'EventBuffer.restore');
      const owner = await core();
      return new EventBuffer(constructing, owner, owner.restoreEventBuffer(bytes, json));
    }

    /**
     * Takes Personalize's PutEvents body ({trackingId?, sessionId, userId?, eventList: 1-10 events,
     * sentAt in epoch seconds or a Date}), checked with the server's rules: all its events or none.
     * @returns {{eventsAccepted: number}}
     */
    putEvents(request) {
      const handle = this.#live('putEvents');
      const json = requestJson(request, '{sessionId: "s1", eventList: [{eventType: "click", sentAt: 1700000000, itemId: "i1"}]}',
        datesAsEpochSeconds);
      return JSON.parse(this.#core.call('edgerec_event_buffer_put_events', handle, json));
    }

    /**
     * Seals the oldest pending events into one upload batch under `batchId` (unique; e.g.
     * crypto.randomUUID()). The batch stays in flight until acknowledge(batchId).
     * @param {{batchId: string, trackingId: string, createdAt?: number, maxEvents?: number, maxBytes?: number}} request
     * @returns {Uint8Array|null} the .erev bytes to POST, or null when nothing is pending
     */
    seal(request) {
      const handle = this.#live('seal');
      const json = requestJson(request, '{batchId: "b-1", trackingId: "..."}');
      return this.#core.bufferBytes('edgerec_event_buffer_seal', handle, json);
    }

    /** The bytes of an in-flight batch, to upload it again (NotFound if not in flight). */
    batch(batchId) {
      const handle = this.#live('batch');
      return this.#core.bufferBytes('edgerec_event_buffer_batch', handle, batchIdText(batchId, 'EventBuffer.batch'));
    }

    /** The server acknowledged `batchId`: its events leave the buffer (NotFound if not in flight). */
    acknowledge(batchId) {
      this.#core.bufferAcknowledge(this.#live('acknowledge'), batchIdText(batchId, 'EventBuffer.acknowledge'));
    }

    /** The server refused `batchId`: kept with `reason` for stats(), never uploaded again. */
    setAside(batchId, reason) {
      const handle = this.#live('setAside');
      if (typeof reason !== 'string') {
        throw new EdgerecError(StatusCode.INVALID_INPUT, `EventBuffer.setAside: reason must be a string, got ${describeValue(reason)}`);
      }
      this.#core.bufferSetAside(handle, batchIdText(batchId, 'EventBuffer.setAside'), reason);
    }

    /** Forgets the set-aside batches; returns how many events they held. */
    clearSetAside() {
      return this.#core.bufferClearSetAside(this.#live('clearSetAside'));
    }

    /**
     * @returns {{pendingEvents: number, inFlightEvents: number, setAsideEvents: number,
     *   bufferedBytes: number, accepted: number, acknowledged: number, dropped: number,
     *   inFlight: {batchId: string, events: number}[], setAside: {batchId: string, events: number, reason: string}[]}}
     */
    stats() {
      return JSON.parse(this.#core.bufferStats(this.#live('stats')));
    }

    /** Everything the buffer holds, for EventBuffer.restore after a reload or restart. */
    snapshot() {
      return this.#core.bufferSnapshot(this.#live('snapshot'));
    }

    /** Frees the wasm memory of this buffer. Idempotent; any later call throws EdgerecError. */
    dispose() {
      if (!this.#handle) return;
      const handle = this.#handle;
      this.#handle = 0;
      finalizer?.unregister(this);
      this.#core.freeEventBuffer(handle);
    }

    get disposed() {
      return this.#handle === 0;
    }

    #live(what) {
      if (!this.#handle) {
        throw new EdgerecError(StatusCode.FAILED_PRECONDITION, `EventBuffer.${what}: the buffer was disposed`);
      }
      return this.#handle;
    }
  }

  if (typeof Symbol.dispose === 'symbol') {
    Object.defineProperty(EventBuffer.prototype, Symbol.dispose, {
      value: EventBuffer.prototype.dispose,
      configurable: true,
      writable: true,
    });
  }

  return EventBuffer;
}
