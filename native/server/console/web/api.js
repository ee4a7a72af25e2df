// The session (a bearer token in sessionStorage) and the calls to the server: Personalize's
// control plane, edgerec's own operations and the Runtime, all POSTs with the token. A call the
// server refuses for the token signs the user out (page-sign-in.js). Also the ARN of a route's
// name, from the ARN prefix the answers carry.

import { signedOut } from '/console/page-sign-in.js';

const SESSION_KEY = 'edgerec.console.session';
export const ARN_PREFIX_KEY = 'edgerec.console.arnPrefix';

export const session = {
  get() {
    try {
      const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY));
      if (!stored || !stored.token) return null;
      // An expired session would be refused anyway; asking for a sign-in first saves a round trip.
      if (stored.expiresAt && stored.expiresAt * 1000 <= Date.now()) return null;
      return stored;
    } catch {
      return null;
    }
  },
  set(value) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
};

export class ApiError extends Error {
  constructor(status, type, message, { signedOut = false } = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.signedOut = signedOut;
  }
}

/** The error type of an AWS JSON answer: the header (without a ":URL" suffix) or the body's __type. */
export function errorTypeOf(response, data) {
  const raw = response.headers.get('x-amzn-ErrorType') || data.__type || '';
  return String(raw).split(':')[0].split('#').pop();
}

export async function readJson(response) {
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

/** A signed-in call: POST path with the session's bearer token. */
async function call(path, headers, body) {
  const current = session.get();
  if (!current) {
    signedOut('Sign in to continue.');
    throw new ApiError(403, 'ExpiredTokenException', 'not signed in', { signedOut: true });
  }
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${current.token}` },
      body: JSON.stringify(body ?? {}),
    });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', `the server did not answer (${e.message})`);
  }
  const data = await readJson(response);
  if (response.ok) return data;
  const type = errorTypeOf(response, data);
  const message = data.message ?? data.Message ?? `HTTP ${response.status}`;
  if (response.status === 403 && (type === 'ExpiredTokenException' || type === 'UnrecognizedClientException')) {
    session.clear();
    signedOut(type === 'ExpiredTokenException' ? 'Your session has expired: sign in again.' : 'Sign in again.');
    throw new ApiError(response.status, type, message, { signedOut: true });
  }
  throw new ApiError(response.status, type, message);
}

const JSON_11 = 'application/x-amz-json-1.1';

/** Personalize's control plane, as the SDKs call it. */
export async function personalize(operation, body = {}) {
  const data = await call('/', { 'Content-Type': JSON_11, 'X-Amz-Target': `AmazonPersonalize.${operation}` }, body);
  learnArnPrefix(data);
  return data;
}

/** edgerec's own operations (same protocol, Edgerec.OP). */
export const edgerec = (operation, body = {}) =>
  call('/', { 'Content-Type': JSON_11, 'X-Amz-Target': `Edgerec.${operation}` }, body);

/** The Runtime (POST /recommendations, /personalize-ranking). */
export const runtime = (path, body) => call(path, { 'Content-Type': 'application/json' }, body);

/** Every page of a List operation, up to `limit` rows (for small lists: filters, solutions). */
export async function listAll(operation, body, key, limit = 1000) {
  const rows = [];
  let nextToken;
  do {
    const page = await personalize(operation, { ...body, maxResults: 100, ...(nextToken ? { nextToken } : {}) });
    rows.push(...(page[key] ?? []));
    nextToken = page.nextToken;
  } while (nextToken && rows.length < limit);
  return rows;
}

// Routes carry names (#/groups/shop); the API wants ARNs. Every ARN a response carries has the
// home's "arn:aws:personalize:REGION:ACCOUNT:" prefix, which is remembered for the session.
function learnArnPrefix(data) {
  if (sessionStorage.getItem(ARN_PREFIX_KEY)) return;
  const text = JSON.stringify(data);
  const m = /"(arn:aws[a-z-]*:personalize:[a-z0-9-]+:\d{12}:)[a-z-]+\//.exec(text);
  if (m) sessionStorage.setItem(ARN_PREFIX_KEY, m[1]);
}

export async function arnOf(kind, name) {
  if (!sessionStorage.getItem(ARN_PREFIX_KEY)) await personalize('ListDatasetGroups', { maxResults: 1 });
  const prefix = sessionStorage.getItem(ARN_PREFIX_KEY);
  if (!prefix) throw new ApiError(404, 'ResourceNotFoundException', 'the home has no dataset groups yet');
  return `${prefix}${kind}/${name}`;
}
