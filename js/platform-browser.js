// What the EventTracker and Runtime.fromCampaign need from a browser (a page or a Web Worker):
// IndexedDB for the buffer, Web Locks so one tab of the origin uploads at a time, timers, and the
// page lifecycle: pagehide or visibilitychange to hidden sends what is held with keepalive;
// `online` retries at once.
//
// In an edge worker (no IndexedDB) the buffer lives in memory and there are no timers that
// outlive a request: uploads run when the worker calls ctx.waitUntil(tracker.flush()).

import { IndexedDBEventStore } from './event-store-indexeddb.js';
import { MemoryEventStore } from './event-store-memory.js';

const hasIndexedDB = () => typeof indexedDB !== 'undefined';

export const browserPlatform = {
  openStore: async ({ trackingId }) => (hasIndexedDB() ? IndexedDBEventStore.open({ scope: trackingId }) : new MemoryEventStore()),
  locks: () => (typeof navigator !== 'undefined' && navigator.locks) || null,
  get timers() {
    return hasIndexedDB();
  },
  watchLifecycle({ hide, online }) {
    if (typeof addEventListener !== 'function') return () => {};
    const onVisibility = () => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') hide();
    };
    addEventListener('pagehide', hide);
    addEventListener('online', online);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
    return () => {
      removeEventListener('pagehide', hide);
      removeEventListener('online', online);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
    };
  },
};
