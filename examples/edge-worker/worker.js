// An edge worker that answers `GET /recommendations?userId=U[&numResults=N][&recent=I1,I2,...]`
// on its own, from a campaign's edge bundle: the same compact solution version `edgerec serve`
// serves, loaded into the edgerec wasm core inside the worker. The bundle is the item side of the
// model only (no user can be identified from it), so a visitor is personalized from the items
// they just looked at: `recent` (e.g. kept by the page in a cookie) goes into the visitor's live
// session and is folded in on the spot; without it the answer is the campaign's cold start.
//
// The bundle is fetched once per isolate (with the event tracker's publishable client key) and
// revalidated in the background at most once a minute, so a campaign moved to a new solution
// version reaches the edge without a redeploy.
//
// Configuration, as wrangler [vars] (wrangler.toml) or workerd bindings (config.capnp):
//   EDGEREC_ENDPOINT     edgerec serve's URL, e.g. https://recs.example.com
//   EDGEREC_CAMPAIGN     the campaign's name
//   EDGEREC_CLIENT_KEY   an event tracker's client key (edgerec list-event-trackers GROUP)
import { EdgerecError, Runtime } from 'edgerec';
import wasmModule from 'edgerec/edgerec.wasm'; // a WebAssembly.Module: workers cannot compile bytes

const REVALIDATE_MS = 60_000;

let opening = null; // the isolate's Runtime, once (a promise: concurrent first requests share it)
let checkedAt = 0;

function campaignRuntime(env) {
  opening ??= Runtime.fromCampaign({
    endpoint: env.EDGEREC_ENDPOINT,
    campaign: env.EDGEREC_CAMPAIGN,
    clientKey: env.EDGEREC_CLIENT_KEY,
    revalidateMs: 0, // no timers in a worker: revalidated from requests below
    wasmModule,
  }).catch((e) => {
    opening = null; // the next request tries again
    throw e;
  });
  return opening;
}

function error(status, type, message) {
  return Response.json({ message }, { status, headers: { 'x-amzn-ErrorType': type } });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/recommendations') return error(404, 'UnknownOperationException', 'GET /recommendations?userId=U');
    if (request.method !== 'GET') return error(405, 'MethodNotAllowedException', '/recommendations takes GET');
    const userId = url.searchParams.get('userId');
    if (!userId) return error(400, 'InvalidInputException', 'userId is required: /recommendations?userId=U');
    const numResults = url.searchParams.has('numResults') ? Number(url.searchParams.get('numResults')) : undefined;
    const recent = (url.searchParams.get('recent') ?? '').split(',').filter((id) => id !== '');
    try {
      const runtime = await campaignRuntime(env);
      if (recent.length > 0) {
        // The session is the visitor's own: these events replace what an earlier request put.
        runtime.clearSession(userId);
        const sentAt = Math.floor(Date.now() / 1000);
        runtime.putEvents({
          sessionId: userId, userId,
          eventList: recent.map((itemId, i) => ({ eventType: 'click', sentAt: sentAt - recent.length + i, itemId })),
        });
      }
      if (Date.now() - checkedAt > REVALIDATE_MS) {
        checkedAt = Date.now();
        ctx.waitUntil(runtime.refresh().catch(() => {})); // offline: keep serving the bundle we have
      }
      const answer = runtime.getRecommendations(numResults === undefined ? { userId } : { userId, numResults });
      return Response.json(answer, { headers: { 'Cache-Control': 'private, no-store' } });
    } catch (e) {
      // The core's errors name the field (InvalidInput 10: "numResults: ..."); the rest is ours.
      if (e instanceof EdgerecError && e.code === 10) return error(400, 'InvalidInputException', e.message);
      return error(503, 'ServiceUnavailableException', String(e?.message ?? e));
    }
  },
};
