// The page of browser-test/tracker.mjs: an EventTracker (IndexedDB, Web Locks, page lifecycle)
// on the endpoint, trackingId and clientKey of the query string, driven through window.edgerecTest.
import { EventTracker, Runtime } from '../index.browser.js';

const q = new URLSearchParams(location.search);
const out = document.getElementById('out');

window.edgerecTest = (async () => {
  const tracker = await EventTracker.create({
    endpoint: q.get('endpoint'),
    trackingId: q.get('trackingId'),
    clientKey: q.get('clientKey'),
    flushAt: Number(q.get('flushAt') ?? 20),
    flushIntervalMs: Number(q.get('flushIntervalMs') ?? 200),
    retryBaseDelayMs: 50,
    retryMaxDelayMs: 500,
  });
  out.textContent = 'READY';
  let next = 0;
  const tab = q.get('tab') ?? 'tab';
  return {
    /** Puts `n` clicks (ids unique per tab and page load) in requests of up to 10. */
    async put(n) {
      const stamp = Date.now();
      for (let done = 0; done < n; done += 10) {
        const k = Math.min(10, n - done);
        await tracker.putEvents({
          sessionId: `${tab}-session`,
          eventList: Array.from({ length: k }, () => ({
            eventType: 'click', sentAt: new Date(), itemId: `i${next++ % 60}`, properties: JSON.stringify({ tab, stamp, n: next }),
          })),
        });
      }
      return tracker.stats();
    },
    stats: () => tracker.stats(),
    /** Runtime.fromCampaign on `name` (Cache API): its ETag and a user's top items. */
    async campaign(name) {
      const rt = await Runtime.fromCampaign({ endpoint: q.get('endpoint'), campaign: name, clientKey: q.get('clientKey'), revalidateMs: 0 });
      try {
        return { etag: rt.edgeBundle.etag, top: rt.getRecommendations({ userId: 'u1', numResults: 5 }).itemList.map((x) => x.itemId) };
      } finally {
        rt.dispose();
      }
    },
    flush: () => tracker.flush(),
  };
})();
