// The EventTracker: Personalize's PutEvents on a device, offline first. Events are validated by
// the core (the server's rules), buffered in the core's EventBuffer, saved to a store before
// putEvents resolves, fed to a live Runtime at once, and uploaded in batches to edgerec serve's
// `POST /events/batch`, retried until the server acknowledges each batch id.
//
//   putEvents ─> EventBuffer (core) ─> store.save(snapshot) ─> resolves
//                      │
//   upload pass:  seal ─> save ─> POST ─> acknowledge ─> save     (one tab of an origin at a time)
//                           └─ 408/429/5xx/offline: backoff with full jitter, >= Retry-After
//                           └─ other 4xx: set aside, reported in stats(), never retried
//
// Exactly once: each event carries an eventId (generated when absent) and each batch a unique id;
// the server applies a batch id once and stores an eventId once, so a batch sent again (after a
// timeout, a reload, a keepalive send as the page hid) changes nothing.
//
// The platform (entry point) provides what differs: the default store, Web Locks, page
// lifecycle events, timers' unref.

import { retryDelayMs, uploadBatch, uploadBatchAsPageHides, KEEPALIVE_QUOTA_BYTES } from './batch-upload.js';
import { EdgerecError, StatusCode } from './errors.js';
import { checkServerOptions, describeValue, isPlainObject } from './inputs.js';
import { isEventStore } from './event-store-memory.js';

const constructing = Symbol('constructing');

const DEFAULTS = {
  flushAt: 20,
  flushIntervalMs: 10_000,
  maxBatchEvents: 500,
  maxBatchBytes: 1 << 20,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 5 * 60_000,
  compression: 'gzip',
};

// The keepalive quota, less room for the request line and headers.
const PAGE_HIDE_BATCH_BYTES = KEEPALIVE_QUOTA_BYTES - 4 * 1024;

function invalid(message) {
  return new EdgerecError(StatusCode.INVALID_INPUT, `EventTracker.create: ${message}`);
}

function checkCount(options, name, { min = 0 } = {}) {
  const v = options[name];
  if (v === undefined) return DEFAULTS[name];
  if (!Number.isInteger(v) || v < min) throw invalid(`${name} must be an integer >= ${min}, got ${describeValue(v) === 'number' ? v : describeValue(v)}`);
  return v;
}

function checkOptions(options) {
  checkServerOptions(options, ['endpoint', 'trackingId', 'clientKey'], invalid);
  if (options.store !== undefined && !isEventStore(options.store)) {
    throw invalid('store must have load() and save(bytes) methods (see MemoryEventStore)');
  }
  if (options.runtime !== undefined && options.runtime !== null && typeof options.runtime?.putEvents !== 'function') {
    throw invalid(`runtime must be a Runtime, got ${describeValue(options.runtime)}`);
  }
  if (options.compression !== undefined && options.compression !== 'gzip' && options.compression !== 'none') {
    throw invalid(`compression must be "gzip" or "none", got ${JSON.stringify(options.compression)}`);
  }
  const settings = {
    flushAt: checkCount(options, 'flushAt', { min: 1 }),
    flushIntervalMs: checkCount(options, 'flushIntervalMs'),
    maxBatchEvents: checkCount(options, 'maxBatchEvents', { min: 1 }),
    maxBatchBytes: checkCount(options, 'maxBatchBytes', { min: 1024 }),
    retryBaseDelayMs: checkCount(options, 'retryBaseDelayMs', { min: 1 }),
    retryMaxDelayMs: checkCount(options, 'retryMaxDelayMs', { min: 1 }),
    compression: options.compression ?? DEFAULTS.compression,
  };
  const bounds = {};
  for (const name of ['maxBufferedEvents', 'maxBufferedBytes']) {
    if (options[name] !== undefined) bounds[name] = options[name]; // the core checks them
  }
  return { settings, bounds };
}

/** PutEvents' request with an eventId on every event (a UUID where the caller gave none). */
function withEventIds(request, randomUUID) {
  if (!isPlainObject(request) || !Array.isArray(request.eventList)) return request; // the core says what is wrong
  let copied = null;
  request.eventList.forEach((event, i) => {
    if (isPlainObject(event) && event.eventId === undefined) {
      copied ??= request.eventList.slice();
      copied[i] = { ...event, eventId: randomUUID() };
    }
  });
  return copied ? { ...request, eventList: copied } : request;
}

/** A random (version 4) UUID from `randomBytes`; crypto.randomUUID needs a secure context. */
function uuidFrom(randomBytes) {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The EventTracker class of one entry point.
 * @param {Function} EventBuffer the entry's EventBuffer class
 * @param {{openStore: (o: {trackingId: string, storePath?: string}) => Promise<object>,
 *          locks?: () => LockManager|null, timers?: boolean, unref?: (timer: any) => void,
 *          watchLifecycle?: (on: {hide: () => void, online: () => void}) => () => void}} platform
 *        timers: false where timers do not outlive a request (edge workers)
 * @param {(n: number) => Uint8Array} randomBytes the entropy for event and batch ids
 */
export function defineEventTracker(EventBuffer, platform, randomBytes) {
  const randomUUID = () => uuidFrom(randomBytes);

  class EventTracker {
    #buffer;
    #store;
    #settings;
    #target; // {endpoint, clientKey, fetch, compression}
    #trackingId;
    #runtime;
    #closed = false;
    #saving = Promise.resolve(); // the save in progress (never rejects)
    #saveQueued = null; // the next save, shared by everyone who asked for it since
    #pass = null; // the upload pass in progress
    #timer = null;
    #timerDue = Infinity;
    #attempt = 0; // failed passes in a row
    #notBefore = 0; // no pass before this time (backoff)
    #retryAfter = null; // the last Retry-After, in ms, for the next backoff
    #uploaded = 0;
    #retries = 0;
    #lastError = null;
    #stopLifecycle = null;

    constructor(token, fields) {
      if (token !== constructing) {
        throw new EdgerecError(StatusCode.FAILED_PRECONDITION, 'use `await EventTracker.create(options)` to create an EventTracker');
      }
      this.#buffer = fields.buffer;
      this.#store = fields.store;
      this.#settings = fields.settings;
      this.#target = fields.target;
      this.#trackingId = fields.trackingId;
      this.#runtime = fields.runtime;
    }

    /**
     * A tracker for one event tracker of edgerec serve, with the buffer its store kept.
     * @param {object} options see index.d.ts (EventTrackerOptions)
     */
    static async create(options) {
      const { settings, bounds } = checkOptions(options);
      const store = options.store ?? (await platform.openStore({ trackingId: options.trackingId, storePath: options.storePath }));
      let buffer;
      let damaged = null;
      try {
        const kept = await store.load();
        try {
          buffer = kept ? await EventBuffer.restore(kept, bounds) : await EventBuffer.create(bounds);
        } catch (e) {
          // A damaged store must not stop the tracker for good: start empty, and say so.
          if (e?.code !== StatusCode.CORRUPT_DATA) throw e;
          damaged = { message: `the stored event buffer was damaged and is discarded: ${e.message}`, at: new Date().toISOString() };
          buffer = await EventBuffer.create(bounds);
        }
      } catch (e) {
        await store.close?.();
        throw e;
      }
      const tracker = new EventTracker(constructing, {
        buffer,
        store,
        settings,
        trackingId: options.trackingId,
        runtime: options.runtime ?? null,
        target: {
          endpoint: options.endpoint,
          clientKey: options.clientKey,
          fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
          compression: settings.compression,
        },
      });
      tracker.#lastError = damaged;
      tracker.#stopLifecycle =
        platform.watchLifecycle?.({ hide: () => tracker.#sendAsPageHides(), online: () => tracker.#comeOnline() }) ?? null;
      const held = buffer.stats();
      if (held.pendingEvents + held.inFlightEvents > 0) tracker.#schedule(0);
      return tracker;
    }

    /** The Runtime that gets every accepted event in its live session (or null). */
    get runtime() {
      return this.#runtime;
    }

    set runtime(runtime) {
      if (runtime !== null && typeof runtime?.putEvents !== 'function') {
        throw new EdgerecError(StatusCode.INVALID_INPUT, `EventTracker.runtime must be a Runtime or null, got ${describeValue(runtime)}`);
      }
      this.#runtime = runtime;
    }

    /**
     * Personalize's PutEvents: {sessionId, userId?, eventList: 1-10 × {eventType, sentAt (epoch
     * seconds or a Date), itemId?, eventValue?, eventId?, properties?, impression?,
     * recommendationId?}} (trackingId: this tracker's). All events or none; resolves once they are
     * saved in the store.
     * @returns {Promise<{eventsAccepted: number}>}
     */
    async putEvents(request) {
      this.#live('putEvents');
      const body = withEventIds(request, randomUUID);
      const tracked = isPlainObject(body) && body.trackingId === undefined ? { ...body, trackingId: this.#trackingId } : body;
      const result = this.#buffer.putEvents(tracked); // throws InvalidInput naming the field
      if (this.#runtime) {
        try {
          this.#runtime.putEvents(tracked);
        } catch (e) {
          // The events are buffered: failing here would make the caller send them twice.
          this.#noteError(`runtime.putEvents: ${e.message}`);
        }
      }
      await this.#persist();
      const pending = this.#buffer.stats().pendingEvents;
      this.#schedule(pending >= this.#settings.flushAt ? 0 : this.#settings.flushIntervalMs);
      return { eventsAccepted: result.eventsAccepted };
    }

    /**
     * Uploads what is buffered now, once (no waiting out a backoff): resolves with what it
     * uploaded and what is left. A failure is in `error` and stats().lastError, and the tracker
     * retries it on its schedule. In an edge worker: ctx.waitUntil(tracker.flush()).
     * @returns {Promise<{uploaded: number, buffered: number, error: string|null}>}
     */
    flush() {
      this.#live('flush');
      return this.#runPass();
    }

    /**
     * @returns {{buffered: number, pending: number, inFlight: number, uploaded: number,
     *   dropped: number, retries: number, setAside: {batchId: string, events: number, reason: string}[],
     *   lastError: {message: string, at: string}|null, accepted: number}}
     */
    stats() {
      this.#live('stats');
      const s = this.#buffer.stats();
      return {
        buffered: s.pendingEvents + s.inFlightEvents,
        pending: s.pendingEvents,
        inFlight: s.inFlightEvents,
        uploaded: this.#uploaded,
        acknowledged: s.acknowledged,
        accepted: s.accepted,
        dropped: s.dropped,
        retries: this.#retries,
        setAside: s.setAside,
        lastError: this.#lastError,
      };
    }

    /** Forgets the set-aside (refused) batches; returns how many events they held. */
    async clearSetAside() {
      this.#live('clearSetAside');
      const n = this.#buffer.clearSetAside();
      await this.#persist();
      return n;
    }

    /**
     * Stops the tracker: one last upload pass (unless {flush: false}), a last save, and the store
     * and buffer released. What is not uploaded stays in the store for the next tracker.
     */
    async close({ flush = true } = {}) {
      if (this.#closed) return;
      if (flush) await this.#runPass();
      this.#closed = true;
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#stopLifecycle?.();
      await this.#pass;
      await this.#persist(true);
      this.#buffer.dispose();
      await this.#store.close?.();
    }

    get closed() {
      return this.#closed;
    }

    #live(what) {
      if (this.#closed) throw new EdgerecError(StatusCode.FAILED_PRECONDITION, `EventTracker.${what}: the tracker was closed`);
    }

    // Saves a snapshot taken after every change made so far. Callers that arrive while a save is
    // running share the next one, so a burst of putEvents costs two writes, not one each.
    #persist(force = false) {
      if (this.#closed && !force) return Promise.resolve();
      if (!this.#saveQueued) {
        this.#saveQueued = this.#saving.then(async () => {
          this.#saveQueued = null;
          const done = this.#store.save(this.#buffer.snapshot());
          this.#saving = done.catch(() => {});
          try {
            await done;
          } catch (e) {
            this.#noteError(e.message);
            throw e;
          }
        });
      }
      return this.#saveQueued;
    }

    #schedule(delayMs) {
      if (this.#closed) return;
      const due = Math.max(Date.now() + delayMs, this.#notBefore);
      if (this.#timer !== null && this.#timerDue <= due) return;
      if (delayMs > 0 && this.#settings.flushIntervalMs === 0 && this.#attempt === 0) return; // flush() only
      this.#startTimer(due);
    }

    // Edge workers have no timers that outlive a request (platform.timers false): there the
    // caller uploads with ctx.waitUntil(tracker.flush()), and a failed pass is retried by the next.
    #startTimer(due) {
      if (platform.timers === false) return;
      clearTimeout(this.#timer);
      this.#timerDue = due;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#timerDue = Infinity;
        this.#runPass();
      }, Math.max(0, due - Date.now()));
      platform.unref?.(this.#timer);
    }

    // The browser is back online: retry now rather than at the end of the backoff.
    #comeOnline() {
      if (this.#closed) return;
      this.#notBefore = 0;
      const held = this.#buffer.stats();
      if (held.pendingEvents + held.inFlightEvents > 0) this.#startTimer(Date.now());
    }

    // One upload pass at a time in this tab, and (with Web Locks) one tab of the origin at a time.
    #runPass() {
      if (!this.#pass) {
        const locks = platform.locks?.();
        const run = () => this.#uploadAll();
        const pass = locks ? locks.request(`edgerec-upload:${this.#trackingId}`, run) : run();
        this.#pass = pass.finally(() => {
          this.#pass = null;
        });
      }
      return this.#pass;
    }

    async #uploadAll() {
      const before = this.#uploaded;
      let error = null;
      try {
        error = await this.#uploadBuffer(this.#buffer, () => this.#persist(true));
        if (!error && this.#store.orphans) error = await this.#uploadOrphans();
      } catch (e) {
        error = e.message; // a store failure; the buffer still holds everything
        this.#noteError(e.message);
      }
      if (error) {
        this.#attempt += 1;
        this.#retries += 1;
      } else {
        this.#attempt = 0;
        this.#notBefore = 0;
      }
      const held = this.#closed ? { pendingEvents: 0, inFlightEvents: 0 } : this.#buffer.stats();
      const buffered = held.pendingEvents + held.inFlightEvents;
      if (error && !this.#closed) {
        const delay = retryDelayMs(this.#attempt, { baseDelayMs: this.#settings.retryBaseDelayMs, maxDelayMs: this.#settings.retryMaxDelayMs },
          this.#retryAfter);
        this.#notBefore = Date.now() + delay;
        this.#startTimer(this.#notBefore);
      } else if (buffered > 0) {
        this.#schedule(held.pendingEvents >= this.#settings.flushAt ? 0 : this.#settings.flushIntervalMs);
      }
      return { uploaded: this.#uploaded - before, buffered, error };
    }


    // Uploads every batch of `buffer`: in-flight ones first (sent before a reload or a failure),
    // then newly sealed ones. Returns null when all went, or the error that stopped the pass.
    async #uploadBuffer(buffer, persist) {
      this.#retryAfter = null;
      for (;;) {
        let batchId;
        let bytes;
        const inFlight = buffer.stats().inFlight;
        if (inFlight.length > 0) {
          ({ batchId } = inFlight[0]);
          bytes = buffer.batch(batchId);
        } else {
          batchId = randomUUID();
          bytes = buffer.seal({ batchId, trackingId: this.#trackingId, maxEvents: this.#settings.maxBatchEvents,
            maxBytes: this.#settings.maxBatchBytes });
          if (bytes === null) return null;
          await persist(); // the batch id is kept: a resend after a crash is recognised
        }
        const answer = await uploadBatch(this.#target, bytes);
        if (buffer.disposed) return null;
        if (!buffer.stats().inFlight.some((b) => b.batchId === batchId)) continue; // acknowledged meanwhile (page hide)
        if (answer.outcome === 'acknowledged') {
          this.#acknowledge(buffer, batchId);
          await persist();
        } else if (answer.outcome === 'refused') {
          buffer.setAside(batchId, answer.message);
          this.#noteError(`batch ${batchId} refused: ${answer.message}`);
          await persist();
        } else {
          this.#retryAfter = answer.retryAfterMs;
          this.#noteError(answer.message);
          return answer.message;
        }
      }
    }

    // The server has `batchId`: its events leave `buffer` and count as uploaded. False when it
    // was no longer in flight (another send of it was acknowledged first).
    #acknowledge(buffer, batchId) {
      const batch = buffer.stats().inFlight.find((b) => b.batchId === batchId);
      if (!batch) return false;
      buffer.acknowledge(batchId);
      this.#uploaded += batch.events;
      return true;
    }

    #noteError(message) {
      this.#lastError = { message, at: new Date().toISOString() };
    }

    // Buffers other tabs left behind (IndexedDBEventStore): uploaded, then removed.
    async #uploadOrphans() {
      for (const slot of await this.#store.orphans()) {
        try {
          const kept = await slot.load();
          if (!kept) {
            await slot.remove();
            continue;
          }
          const orphan = await EventBuffer.restore(kept);
          try {
            const error = await this.#uploadBuffer(orphan, () => slot.save(orphan.snapshot()));
            if (error) return error;
            const left = orphan.stats();
            if (left.setAsideEvents === 0) await slot.remove();
          } finally {
            orphan.dispose();
          }
        } finally {
          slot.release();
        }
      }
      return null;
    }

    // The page is being hidden or unloaded: send what fits in the keepalive quota now. What was
    // sealed stays in flight and in the store, so if this send is lost the next page sends it.
    #sendAsPageHides() {
      if (this.#closed) return;
      let budget = PAGE_HIDE_BATCH_BYTES;
      const batches = [];
      for (const { batchId } of this.#buffer.stats().inFlight) {
        const bytes = this.#buffer.batch(batchId);
        if (bytes.length > budget) break;
        budget -= bytes.length;
        batches.push([batchId, bytes]);
      }
      if (budget > 1024 && this.#buffer.stats().pendingEvents > 0) {
        const batchId = randomUUID();
        const bytes = this.#buffer.seal({ batchId, trackingId: this.#trackingId, maxEvents: this.#settings.maxBatchEvents,
          maxBytes: budget });
        if (bytes) {
          batches.push([batchId, bytes]);
          this.#persist().catch(() => {});
        }
      }
      for (const [batchId, bytes] of batches) {
        const sent = uploadBatchAsPageHides(this.#target, bytes);
        sent?.then((answer) => {
          if (answer.outcome !== 'acknowledged' || this.#closed) return;
          if (this.#acknowledge(this.#buffer, batchId)) this.#persist().catch(() => {});
        });
      }
    }
  }

  return EventTracker;
}
