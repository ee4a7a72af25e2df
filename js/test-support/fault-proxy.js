// A loopback HTTP proxy in front of a real `edgerec serve`, for the tracker tests: it forwards
// every request as it is, except when a test asks it to fail some (an HTTP status with headers,
// or a dropped connection, as a network outage looks) or to point at another server (a restart on
// a new port). It counts what passed through, by path.

import { createServer, request as httpRequest } from 'node:http';

/**
 * @param {string} target the server's endpoint, e.g. http://127.0.0.1:PORT
 * @returns {Promise<{endpoint: string, target: string, failNext: Function, down: Function,
 *   up: Function, counts: Map<string, number>, maxInFlight: Map<string, number>, answers: object[],
 *   close: () => Promise<void>}>}
 */
export async function startFaultProxy(target) {
  const faults = []; // {status, headers, body} or {drop: true}, consumed one per request
  let offline = false;
  const counts = new Map();
  const answers = []; // {path, status}
  const inFlight = new Map(); // path -> requests being answered now
  const maxInFlight = new Map(); // path -> the most ever at once
  const proxy = {
    target,
    counts,
    answers,
    maxInFlight,
    /** The next `n` requests get `status` (with `headers`), or are dropped when status is 'drop'. */
    failNext(n, status, headers = {}) {
      for (let i = 0; i < n; i++) faults.push(status === 'drop' ? { drop: true } : { status, headers });
    },
    /** Every request is dropped until up(). */
    down() {
      offline = true;
    },
    /** Requests pass again, to `newTarget` if given (the server restarted elsewhere). */
    up(newTarget) {
      offline = false;
      if (newTarget) proxy.target = newTarget;
    },
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (req.method !== 'OPTIONS') {
      inFlight.set(path, (inFlight.get(path) ?? 0) + 1);
      maxInFlight.set(path, Math.max(maxInFlight.get(path) ?? 0, inFlight.get(path)));
      res.on('close', () => inFlight.set(path, inFlight.get(path) - 1));
    }
    const fault = offline ? { drop: true } : faults.shift();
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault) {
      req.resume();
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ __type: 'ThrottlingException', message: `fault proxy: ${fault.status}` }));
      answers.push({ path, status: fault.status });
      return;
    }
    const upstream = httpRequest(new URL(req.url, proxy.target), { method: req.method, headers: req.headers }, (up) => {
      answers.push({ path, status: up.statusCode });
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy()); // the server is down: so is the connection
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
  return proxy;
}
