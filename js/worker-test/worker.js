// An edge worker serving GetRecommendations with the edgerec package's worker entry, run in real
// workerd by run.mjs. POST the .erec bytes to /recommend?cases=[[userId, numResults|null], ...];
// the response is {results, checks} (or {error, code} with status 500).
// POST /track {endpoint, trackingId, clientKey, sessionId, count} puts `count` events into the
// isolate's EventTracker and uploads them under ctx.waitUntil; GET /track/stats reads its stats.
import { EdgerecError, EventTracker, Runtime, init } from 'edgerec/index.worker.js';
import wasmModule from 'edgerec/edgerec.wasm'; // a WebAssembly.Module
import { makeErrorOf } from 'test-support/error-of.js';

const errorOf = makeErrorOf(EdgerecError);

let tracker = null; // one per isolate, as a worker would keep it

async function track(request, ctx) {
  const { endpoint, trackingId, clientKey, sessionId, count } = await request.json();
  await init({ wasmModule });
  tracker ??= await EventTracker.create({ endpoint, trackingId, clientKey, flushAt: 1000 });
  for (let done = 0; done < count; done += 10) {
    const n = Math.min(10, count - done);
    await tracker.putEvents({
      sessionId,
      eventList: Array.from({ length: n }, (_, i) => ({ eventType: 'click', sentAt: new Date(), itemId: `i${done + i}` })),
    });
  }
  const accepted = tracker.stats();
  ctx.waitUntil(tracker.flush()); // the upload outlives the response
  return Response.json(accepted);
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/track' && request.method === 'POST') {
      try {
        return await track(request, ctx);
      } catch (e) {
        return Response.json({ error: String(e?.stack ?? e), code: e?.code ?? null }, { status: 500 });
      }
    }
    if (url.pathname === '/track/stats') return Response.json(tracker ? tracker.stats() : null);
    if (request.method !== 'POST' || url.pathname !== '/recommend') {
      return new Response('POST /recommend?cases=...', { status: 404 });
    }
    try {
      await init({ wasmModule });
      const bytes = new Uint8Array(await request.arrayBuffer());
      const rt = await Runtime.load(bytes);
      const cases = JSON.parse(url.searchParams.get('cases') ?? '[]');
      const results = cases.map(([userId, numResults]) =>
        rt.getRecommendations(numResults === null ? { userId } : { userId, numResults }),
      );
      const checks = {
        numResults501: await errorOf(() => rt.getRecommendations({ userId: 'u1', numResults: 501 })),
        truncated: await errorOf(() => Runtime.load(bytes.slice(0, bytes.length >> 1))),
        distinctIds:
          rt.getRecommendations({ userId: 'u1' }).recommendationId !==
          rt.getRecommendations({ userId: 'u1' }).recommendationId,
      };
      rt.dispose();
      return Response.json({ results, checks });
    } catch (e) {
      return Response.json({ error: String(e?.stack ?? e), code: e?.code ?? null }, { status: 500 });
    }
  },
};
