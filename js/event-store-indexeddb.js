// IndexedDBEventStore: an EventTracker's snapshot in the browser's IndexedDB, where it survives a
// reload and a browser restart.
//
// Every tab of an origin may run a tracker for the same trackingId, and each has a buffer of its
// own, so each keeps its snapshot in a slot of its own: record `SCOPE\0SLOT` of object store
// "buffers" in database "edgerec-events". A tab holds its slot's Web Lock for as long as it lives;
// the browser releases it when the tab closes or crashes. open() takes over a slot whose lock is
// free (the one a reloaded page left), else starts a new one; orphans() hands the other free
// slots (tabs closed since) to the tracker, which uploads their events and removes them. Two tabs
// never hold one slot, so no batch is ever uploaded by two tabs.
//
// Without Web Locks (very old browsers) there is one shared slot and no coordination.

import { EdgerecError, StatusCode } from './errors.js';

const DATABASE = 'edgerec-events';
const STORE = 'buffers';

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(name) {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

/** Runs `body(objectStore)` in one transaction; resolves when the transaction has committed. */
function transact(db, mode, body) {
  return new Promise((resolve, reject) => {
    // 'strict': committed to disk before oncomplete, so a snapshot survives an OS crash too.
    const tx = db.transaction(STORE, mode, { durability: 'strict' });
    let result;
    Promise.resolve(body(tx.objectStore(STORE))).then((r) => {
      result = r;
    }, reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/**
 * Holds Web Lock `name` if it is free: resolves to a function that releases it, or null when
 * another tab holds it.
 */
function tryHold(name) {
  return new Promise((resolve, reject) => {
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        return new Promise((release) => resolve(() => release()));
      })
      .catch(reject);
  });
}

// getRandomValues, unlike crypto.randomUUID, works outside secure contexts too.
function randomId() {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, '0')).join('');
}

function ioError(what, e) {
  return new EdgerecError(StatusCode.IO_ERROR, `IndexedDB ${what}: ${e?.message ?? e}`, { cause: e });
}

/** One slot: load/save/remove of its record. */
class Slot {
  constructor(db, key, release) {
    this.db = db;
    this.key = key;
    this.releaseLock = release;
  }

  async load() {
    try {
      const value = await transact(this.db, 'readonly', (s) => request(s.get(this.key)));
      return value?.snapshot instanceof Uint8Array ? value.snapshot : null;
    } catch (e) {
      throw ioError(`could not read the event buffer ${this.key}`, e);
    }
  }

  async save(snapshot) {
    try {
      await transact(this.db, 'readwrite', (s) => s.put({ snapshot, savedAt: Date.now() }, this.key));
    } catch (e) {
      throw ioError(`could not save the event buffer ${this.key}`, e);
    }
  }

  async remove() {
    try {
      await transact(this.db, 'readwrite', (s) => s.delete(this.key));
    } catch (e) {
      throw ioError(`could not remove the event buffer ${this.key}`, e);
    }
  }

  release() {
    this.releaseLock?.();
    this.releaseLock = null;
  }
}

export class IndexedDBEventStore {
  #db;
  #scope;
  #slot;

  constructor(db, scope, slot) {
    this.#db = db;
    this.#scope = scope;
    this.#slot = slot;
  }

  /**
   * Opens the store of `scope` (the tracker's trackingId) and claims a slot for this tab.
   * @param {{scope: string, databaseName?: string}} options
   */
  static async open({ scope, databaseName = DATABASE }) {
    if (typeof indexedDB === 'undefined') {
      throw new EdgerecError(StatusCode.FAILED_PRECONDITION, 'IndexedDB is not available here: pass EventTracker.create a store');
    }
    let db;
    try {
      db = await openDatabase(databaseName);
    } catch (e) {
      throw ioError(`could not open database ${databaseName}`, e);
    }
    const store = new IndexedDBEventStore(db, scope, null);
    if (typeof navigator === 'undefined' || !navigator.locks) {
      store.#slot = new Slot(db, `${scope}\u0000shared`, null);
      return store;
    }
    for (const key of await store.#slotKeys()) {
      const release = await tryHold(`${databaseName}:${key}`);
      if (release) {
        store.#slot = new Slot(db, key, release);
        return store;
      }
    }
    const key = `${scope}\u0000${randomId()}`;
    store.#slot = new Slot(db, key, await tryHold(`${databaseName}:${key}`));
    return store;
  }

  /** This tab's slot key (for diagnostics). */
  get slot() {
    return this.#slot.key;
  }

  load() {
    return this.#slot.load();
  }

  save(snapshot) {
    return this.#slot.save(snapshot);
  }

  /** The slots of this scope whose tabs are gone, each locked until its release(). */
  async orphans() {
    if (typeof navigator === 'undefined' || !navigator.locks) return [];
    const found = [];
    for (const key of await this.#slotKeys()) {
      if (key === this.#slot.key) continue;
      const release = await tryHold(`${this.#db.name}:${key}`);
      if (release) found.push(new Slot(this.#db, key, release));
    }
    return found;
  }

  async close() {
    this.#slot.release();
    this.#db.close();
  }

  async #slotKeys() {
    const range = IDBKeyRange.bound(`${this.#scope}\u0000`, `${this.#scope}\u0001`, false, true);
    try {
      return await transact(this.#db, 'readonly', (s) => request(s.getAllKeys(range)));
    } catch (e) {
      throw ioError('could not list the event buffers', e);
    }
  }
}
