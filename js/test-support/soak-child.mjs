// One "page load" of the tracker soak test (test/event-tracker-soak.test.js): a process with an
// EventTracker on a FileEventStore that puts events FIRST..FIRST+COUNT-1 in requests of 1-10,
// printing "accepted N" after each putEvents resolves, then flushes and closes. The test kills it
// (SIGKILL) at random moments, as a crash or a closed tab would.
//
//   node soak-child.mjs STORE_PATH ENDPOINT TRACKING_ID CLIENT_KEY FIRST COUNT
import { EventTracker } from 'edgerec';

const [storePath, endpoint, trackingId, clientKey, firstText, countText] = process.argv.slice(2);
const first = Number(firstText);
const count = Number(countText);
const tracker = await EventTracker.create({
  endpoint, trackingId, clientKey, storePath, flushAt: 50, flushIntervalMs: 20, retryBaseDelayMs: 10, retryMaxDelayMs: 200,
  maxBufferedEvents: 20_000,
});
let k = first;
while (k < first + count) {
  const n = Math.min(1 + ((k * 7) % 10), first + count - k);
  await tracker.putEvents({
    sessionId: `soak-${k % 13}`,
    eventList: Array.from({ length: n }, (_, i) => ({
      eventType: 'click', sentAt: 1700000000 + k + i, itemId: `i${(k + i) % 60}`, properties: JSON.stringify({ n: k + i }),
    })),
  });
  k += n;
  process.stdout.write(`accepted ${k - first}\n`);
}
const result = await tracker.flush();
process.stdout.write(`flushed ${JSON.stringify(result)}\n`);
await tracker.close({ flush: false });
process.stdout.write(`done ${JSON.stringify(tracker.closed)}\n`);
