// Runtime.fromCampaign: a Runtime on a campaign's edge bundle (`GET /campaigns/NAME/edge-bundle`
// on edgerec serve), kept in a cache with its ETag so the next start works offline, and
// revalidated with If-None-Match at the caller's interval. When the campaign points at a new
// solution version, the Runtime switches to it in place and keeps the visitor's live session
// (the core's adopt_sessions), so a page holding the Runtime never sees the switch.
//
// The cache holds one blob per bundle URL, in a small container: "ERBC", the ETag's length (u32
// little-endian), the ETag, then the bundle. Any store with load()/save(bytes) can hold it.

import { EdgerecError, StatusCode } from './errors.js';
import { checkServerOptions, serverUrl } from './inputs.js';
import { MemoryEventStore, isEventStore } from './event-store-memory.js';

const MAGIC = [0x45, 0x52, 0x42, 0x43]; // "ERBC"
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function pack(etag, bytes) {
  const tag = encoder.encode(etag);
  const out = new Uint8Array(8 + tag.length + bytes.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, tag.length, true);
  out.set(tag, 8);
  out.set(bytes, 8 + tag.length);
  return out;
}

function unpack(blob) {
  if (!blob || blob.length < 8 || MAGIC.some((b, i) => blob[i] !== b)) return null;
  const n = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(4, true);
  if (8 + n > blob.length) return null;
  return { etag: decoder.decode(blob.subarray(8, 8 + n)), bytes: blob.subarray(8 + n) };
}

/** A bundle cache in the Cache API (browsers, secure contexts), one entry per bundle URL. */
class CacheApiBundleStore {
  constructor(url) {
    this.url = url;
  }

  async load() {
    const cache = await caches.open('edgerec-edge-bundles');
    const hit = await cache.match(this.url);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  }

  async save(blob) {
    const cache = await caches.open('edgerec-edge-bundles');
    await cache.put(this.url, new Response(blob, { headers: { 'Content-Type': 'application/octet-stream' } }));
  }
}

function defaultCache(url) {
  const cacheApi = typeof caches !== 'undefined' && typeof caches.open === 'function' && typeof indexedDB !== 'undefined';
  return cacheApi ? new CacheApiBundleStore(url) : new MemoryEventStore();
}

function invalid(message) {
  return new EdgerecError(StatusCode.INVALID_INPUT, `Runtime.fromCampaign: ${message}`);
}

function checkOptions(options) {
  checkServerOptions(options, ['endpoint', 'campaign', 'clientKey'], invalid);
  const url = serverUrl(options.endpoint, `campaigns/${encodeURIComponent(options.campaign)}/edge-bundle`);
  const revalidateMs = options.revalidateMs ?? 5 * 60_000;
  if (!Number.isInteger(revalidateMs) || revalidateMs < 0) throw invalid(`revalidateMs must be an integer >= 0, got ${revalidateMs}`);
  if (options.cache !== undefined && !isEventStore(options.cache)) throw invalid('cache must have load() and save(bytes) methods');
  if (options.onUpdate !== undefined && typeof options.onUpdate !== 'function') throw invalid('onUpdate must be a function');
  return { url, revalidateMs };
}

/** GET the bundle; {notModified} on 304, {bytes, etag} on 200, else an IoError/NotFound. */
async function fetchBundle(fetchFn, url, clientKey, etag) {
  const headers = { 'X-Edgerec-Client-Key': clientKey };
  if (etag) headers['If-None-Match'] = etag;
  let response;
  try {
    response = await fetchFn(url, { headers });
  } catch (e) {
    throw new EdgerecError(StatusCode.IO_ERROR, `could not fetch the edge bundle ${url}: ${e?.message ?? e}`, { cause: e });
  }
  if (response.status === 304) return { notModified: true };
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let message = text.slice(0, 200);
    try {
      message = JSON.parse(text).message ?? message;
    } catch {
      // not JSON
    }
    const code = response.status === 404 ? StatusCode.NOT_FOUND : StatusCode.IO_ERROR;
    throw new EdgerecError(code, `edge bundle ${url}: HTTP ${response.status}: ${message}`);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), etag: response.headers.get('ETag') ?? '' };
}

/**
 * Opens a Runtime on a campaign's edge bundle (see the file comment).
 * @param {Function} Runtime the entry's Runtime class
 * @param {object} options {endpoint, campaign, clientKey, revalidateMs?, cache?, fetch?, onUpdate?,
 *        and Runtime.load's options}
 * @param {{takeOver: symbol, onDispose: symbol}} hooks the Runtime's private hooks
 * @param {{timers?: boolean, unref?: (t: any) => void}} platform
 */
export async function openCampaignRuntime(Runtime, options, hooks, platform) {
  const { url, revalidateMs } = checkOptions(options);
  const { campaign, clientKey, onUpdate } = options;
  const loadOptions = { ...options }; // what is left is Runtime.load's
  for (const own of ['endpoint', 'campaign', 'clientKey', 'revalidateMs', 'cache', 'fetch', 'onUpdate']) delete loadOptions[own];
  // The device's recommendationIds name the campaign as the server's do: clicks on what the
  // device recommended count in the campaign's online metrics once its events are uploaded.
  loadOptions.recommendationSource ??= campaign;
  const fetchFn = options.fetch ?? ((u, init) => globalThis.fetch(u, init));
  const cache = options.cache ?? defaultCache(url.href);

  let kept = null;
  try {
    kept = unpack(await cache.load());
  } catch {
    kept = null; // an unreadable cache is a cold start, not a failure
  }
  let runtime = null;
  let etag = '';
  let fromCache = false;
  if (kept) {
    try {
      runtime = await Runtime.load(kept.bytes, loadOptions);
      etag = kept.etag;
      fromCache = true;
    } catch {
      runtime = null; // damaged or from an older format: fetch a fresh one
    }
  }
  if (!runtime) {
    const fresh = await fetchBundle(fetchFn, url, clientKey, null);
    runtime = await Runtime.load(fresh.bytes, loadOptions);
    etag = fresh.etag;
    await cache.save(pack(etag, fresh.bytes)).catch(() => {});
  }

  const state = { etag, checkedAt: fromCache ? null : new Date(), error: null, timer: null, checking: null };

  async function revalidate() {
    if (runtime.disposed) return { updated: false, etag: state.etag };
    try {
      const answer = await fetchBundle(fetchFn, url, clientKey, state.etag);
      state.checkedAt = new Date();
      state.error = null;
      if (answer.notModified || answer.etag === state.etag || runtime.disposed) return { updated: false, etag: state.etag };
      const next = await Runtime.load(answer.bytes, loadOptions);
      if (runtime.disposed) {
        next.dispose();
        return { updated: false, etag: state.etag };
      }
      const carried = runtime[hooks.takeOver](next);
      state.etag = answer.etag;
      await cache.save(pack(answer.etag, answer.bytes)).catch(() => {});
      onUpdate?.({ etag: answer.etag, sessionsCarried: carried });
      return { updated: true, etag: answer.etag };
    } catch (e) {
      state.error = e.message;
      throw e;
    }
  }

  const check = () => {
    state.checking ??= revalidate().finally(() => {
      state.checking = null;
    });
    return state.checking;
  };

  const arm = () => {
    if (revalidateMs === 0 || platform.timers === false || runtime.disposed) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      check().catch(() => {}).finally(arm);
    }, revalidateMs);
    platform.unref?.(state.timer);
  };

  runtime[hooks.onDispose](() => clearTimeout(state.timer));
  Object.defineProperty(runtime, 'refresh', {
    value: () => check(),
    enumerable: false,
  });
  Object.defineProperty(runtime, 'edgeBundle', {
    get: () => ({ campaign, url: url.href, etag: state.etag, checkedAt: state.checkedAt, error: state.error }),
    enumerable: false,
  });
  if (fromCache) check().catch(() => {}); // started offline from the kept copy: is it still current?
  arm();
  return runtime;
}
