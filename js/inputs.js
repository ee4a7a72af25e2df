// Checking what callers hand the package, before anything reaches the wasm: bytes, option
// objects and request bodies, each refused with an InvalidInput EdgerecError that says what was
// expected and what came instead.

import { EdgerecError, StatusCode } from './errors.js';

/** Uint8Array view of `bytes` (Uint8Array or ArrayBuffer), or an InvalidInput EdgerecError. */
export function toBytes(bytes, what) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  // Other realms (a Buffer or ArrayBuffer from a vm context / iframe) fail instanceof.
  const tag = Object.prototype.toString.call(bytes);
  if (tag === '[object Uint8Array]' || tag === '[object ArrayBuffer]') {
    return tag === '[object ArrayBuffer]' ? new Uint8Array(bytes) : bytes;
  }
  throw new EdgerecError(
    StatusCode.INVALID_INPUT,
    `${what} must be a Uint8Array or an ArrayBuffer, got ${describeValue(bytes)}`,
  );
}

/** "null", "an array", "a Map", "string", ...: what a wrong value was, for messages. */
export function describeValue(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return typeof v;
}

export function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON text of a request object, or an InvalidInput EdgerecError. */
export function requestJson(request, example, replacer = undefined) {
  if (!isPlainObject(request)) {
    throw new EdgerecError(
      StatusCode.INVALID_INPUT,
      `request must be an object such as ${example}, got ${describeValue(request)}`,
    );
  }
  return jsonText(request, 'request', replacer);
}

/**
 * JSON.stringify(value, replacer), or an InvalidInput EdgerecError naming `what` when it cannot be
 * written: a cycle or a BigInt (TypeError), or nesting so deep that the stack overflows
 * (RangeError; the core's reader refuses far shallower nesting with its own message).
 */
export function jsonText(value, what, replacer = undefined) {
  try {
    return JSON.stringify(value, replacer);
  } catch (e) {
    if (e instanceof EdgerecError) throw e;  // the replacer's own, e.g. an invalid Date
    const why = e instanceof RangeError ? 'it is nested too deeply' : e.message;
    throw new EdgerecError(StatusCode.INVALID_INPUT, `${what} is not serializable to JSON: ${why}`, { cause: e });
  }
}

/**
 * JSON.stringify replacer for PutEvents bodies: a Date (as the AWS SDKs take sentAt) becomes
 * epoch seconds, the unit the core validates; an invalid Date is refused by name.
 */
export function datesAsEpochSeconds(key, value) {
  const original = this[key];
  if (Object.prototype.toString.call(original) !== '[object Date]') return value;
  const ms = original.getTime();
  if (!Number.isFinite(ms)) {
    throw new EdgerecError(StatusCode.INVALID_INPUT, `${key}: an invalid Date; pass a valid Date or epoch seconds`);
  }
  return ms / 1000;
}

/**
 * Checks the options every call to edgerec serve shares: a plain object, the named non-empty
 * strings (e.g. endpoint, clientKey), an http(s) endpoint, and an optional fetch function.
 * `invalid(message)` builds the caller's InvalidInput error (its name in front).
 */
export function checkServerOptions(options, names, invalid) {
  if (!isPlainObject(options)) {
    throw invalid(`options must be an object such as {${names.join(', ')}}, got ${describeValue(options)}`);
  }
  for (const name of names) {
    if (typeof options[name] !== 'string' || options[name].length === 0) {
      throw invalid(`${name} must be a non-empty string, got ${describeValue(options[name])}`);
    }
  }
  let protocol = null;
  try {
    protocol = new URL(options.endpoint).protocol;
  } catch {
    // not a URL: refused below
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw invalid(`endpoint must be an http(s) URL such as "https://recs.example.com", got ${JSON.stringify(options.endpoint)}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw invalid('fetch must be a function');
}

/** `path` (no leading slash) under an edgerec serve endpoint, which may or may not end in '/'. */
export function serverUrl(endpoint, path) {
  return new URL(path, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
}
