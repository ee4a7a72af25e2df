// The EventTracker's store interface, and the store that keeps a snapshot in memory only.
//
// A store keeps the latest snapshot of a tracker's EventBuffer (opaque bytes, CRC-checked by the
// core) where it survives what the platform can survive:
//
//   load()          the last snapshot saved, or null for none
//   save(bytes)     replaces it; resolves once the bytes would survive a crash or a reload
//   orphans()?      buffers left by other instances that are gone (closed tabs), each
//                   {load(), save(bytes), remove(), release()}: the tracker uploads their events
//                   and removes them
//   close()?        releases what the store holds (locks, handles)
//
// IndexedDBEventStore (browsers) and FileEventStore (Node) are the durable ones; this one suits
// tests and edge workers, whose isolates keep nothing anyway (a worker that must keep events
// passes a store of its own, e.g. over a Durable Object's storage).

export class MemoryEventStore {
  #snapshot = null;

  async load() {
    return this.#snapshot === null ? null : this.#snapshot.slice();
  }

  async save(snapshot) {
    this.#snapshot = snapshot.slice();
  }
}

/** Whether `store` has the two methods every store needs. */
export function isEventStore(store) {
  return typeof store === 'object' && store !== null && typeof store.load === 'function' && typeof store.save === 'function';
}
