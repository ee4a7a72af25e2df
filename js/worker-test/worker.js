// An edge worker serving GetRecommendations with the edgerec package's worker entry, run in real
// workerd by run.mjs. POST the .erec bytes to /recommend?cases=[[userId, numResults|null], ...];
// the response is {results, checks} (or {error, code} with status 500).
import { EdgerecError, Runtime, init } from 'edgerec/index.worker.js';
import wasmModule from 'edgerec/edgerec.wasm'; // a WebAssembly.Module
import { makeErrorOf } from 'test-support/error-of.js';

const errorOf = makeErrorOf(EdgerecError);

export default {
  async fetch(request) {
    const url = new URL(request.url);
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
