// Sending one sealed event batch to `POST /events/batch` on edgerec serve, and what the answer
// means for the tracker: acknowledged, try again later (and when), or refused for good. The retry
// schedule lives here too: exponential backoff with full jitter, never sooner than Retry-After.
//
// Nothing here holds state; the EventTracker (event-tracker.js) decides what to send and when.

import { serverUrl } from './inputs.js';

/** Statuses worth sending the same batch again for: the request timed out or the server is busy. */
function retryable(status) {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Milliseconds a Retry-After header asks for (delay-seconds or an HTTP-date, RFC 9110 10.2.3), or
 * null when absent or unreadable.
 */
export function retryAfterMs(header, now = Date.now()) {
  if (header === null || header === undefined) return null;
  const text = String(header).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * The wait before retry number `attempt` (1 = the first retry): full jitter, i.e. uniform in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))), so many devices coming back online at once
 * do not retry in step. A Retry-After from the server is a floor.
 */
export function retryDelayMs(attempt, { baseDelayMs, maxDelayMs }, retryAfter = null, random = Math.random) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, Math.min(attempt - 1, 40)));
  const jittered = Math.floor(random() * ceiling);
  return retryAfter === null ? jittered : Math.max(retryAfter, jittered);
}

/** Gzips bytes with CompressionStream (browsers, Node 18+, workerd), or returns null without it. */
async function gzip(bytes) {
  if (typeof CompressionStream !== 'function') return null;
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The server's AWS-style error body ({"__type", "message"}) as one line, or the raw text. */
function errorText(status, text) {
  try {
    const body = JSON.parse(text);
    const type = String(body.__type ?? body.code ?? '').split('#').pop();
    if (body.message) return `HTTP ${status}${type ? ` ${type}` : ''}: ${body.message}`;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

/**
 * POSTs one .erev batch.
 * @param {{endpoint: string, clientKey: string, fetch: typeof fetch, compression: 'gzip'|'none'}} target
 * @param {Uint8Array} bytes
 * @param {{keepalive?: boolean}} [how] keepalive: the page is going away; a request the browser
 *        sends without a CORS preflight (the client key in the query, no custom headers) and
 *        lets outlive the page
 * @returns {Promise<{outcome: 'acknowledged', status: string}
 *   | {outcome: 'retry', message: string, retryAfterMs: number|null}
 *   | {outcome: 'refused', message: string}>}
 */
export async function uploadBatch(target, bytes, how = {}) {
  const url = serverUrl(target.endpoint, 'events/batch');
  const init = { method: 'POST', body: bytes, headers: {} };
  if (how.keepalive) {
    url.searchParams.set('clientKey', target.clientKey);
    init.keepalive = true;
  } else {
    init.headers['X-Edgerec-Client-Key'] = target.clientKey;
    init.headers['Content-Type'] = 'application/octet-stream';
    if (target.compression === 'gzip') {
      const zipped = await gzip(bytes);
      if (zipped) {
        init.body = zipped;
        init.headers['Content-Encoding'] = 'gzip';
      }
    }
  }
  let response;
  try {
    response = await target.fetch(url, init);
  } catch (e) {
    return { outcome: 'retry', message: `network error: ${e?.message ?? e}`, retryAfterMs: null };
  }
  let text = '';
  try {
    text = await response.text();
  } catch (e) {
    return { outcome: 'retry', message: `HTTP ${response.status}, body lost: ${e?.message ?? e}`, retryAfterMs: null };
  }
  if (response.ok) {
    try {
      const body = JSON.parse(text);
      if (body.status === 'INGESTED' || body.status === 'ALREADY_INGESTED') return { outcome: 'acknowledged', status: body.status };
    } catch {
      // fall through: a 2xx that is not the server's acknowledgement (a captive portal, a proxy)
    }
    return { outcome: 'retry', message: `HTTP ${response.status} without an acknowledgement: ${text.slice(0, 200)}`, retryAfterMs: null };
  }
  const message = errorText(response.status, text);
  if (retryable(response.status)) {
    return { outcome: 'retry', message, retryAfterMs: retryAfterMs(response.headers.get('Retry-After')) };
  }
  return { outcome: 'refused', message };
}

/** Bytes a page may hand to keepalive fetches (or beacons) in all as it goes away (Fetch spec). */
export const KEEPALIVE_QUOTA_BYTES = 64 * 1024;

/**
 * Sends bytes as the page goes away: fetch keepalive where the browser has it (its answer is
 * handled if the page lives to see it, e.g. a tab only hidden), else navigator.sendBeacon.
 * @returns {Promise<object>|null} the upload's outcome, or null when the bytes went to a beacon
 *          (which never answers) or could not be sent
 */
export function uploadBatchAsPageHides(target, bytes) {
  const hasKeepalive = typeof Request === 'function' && 'keepalive' in Request.prototype;
  if (hasKeepalive) return uploadBatch(target, bytes, { keepalive: true });
  if (typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
    const url = serverUrl(target.endpoint, 'events/batch');
    url.searchParams.set('clientKey', target.clientKey);
    navigator.sendBeacon(url, bytes);
  }
  return null;
}
