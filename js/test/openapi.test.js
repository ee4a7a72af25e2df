// docs/openapi.json against the server it documents, so the document cannot drift silently:
// - it is OpenAPI 3.0.x, every $ref resolves, every `required` names a property;
// - its paths and methods are exactly the routes `edgerec serve` has (ROUTES below, from
//   native/server/edgerec_server.cpp's route_of and route), and the test reads that source to
//   notice a route added, renamed or given another method;
// - against a real server, through the official AWS SDK clients: a real GetRecommendations (and
//   GetPersonalizedRanking) answer has exactly the members the response schema lists as required,
//   each item only documented members; errors, PutEvents, /healthz, /events/batch and the edge
//   bundle answer with a documented status code and shape.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-personalize-runtime';
import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events';

import { REPO_DIR, cliUnavailable, runCli } from '../test-support/cli.js';
import { makeHome, sdkConfig, startServer } from '../test-support/server.js';

const doc = JSON.parse(readFileSync(join(REPO_DIR, 'docs/openapi.json'), 'utf8'));
const serverSource = readFileSync(join(REPO_DIR, 'native/server/edgerec_server.cpp'), 'utf8');
const consoleSource = readFileSync(join(REPO_DIR, 'native/server/console/console_routes.cpp'), 'utf8');

// Every route of edgerec serve: route_of's label, the document's path, the methods it takes.
// (route_of in native/server/edgerec_server.cpp; the console's in console/console_routes.cpp;
// OPTIONS is the CORS preflight of the two browser routes.)
const ROUTES = [
  { label: 'recommendations', path: '/recommendations', methods: ['post'] },
  { label: 'personalize-ranking', path: '/personalize-ranking', methods: ['post'] },
  { label: 'events', path: '/events', methods: ['post'] },
  { label: 'items', path: '/items', methods: ['post'] },
  { label: 'users', path: '/users', methods: ['post'] },
  { label: 'events-batch', path: '/events/batch', methods: ['post', 'options'] },
  { label: 'edge-bundle', path: '/campaigns/{name}/edge-bundle', methods: ['get', 'options'] },
  { label: 'healthz', path: '/healthz', methods: ['get'] },
  { label: 'metrics', path: '/metrics', methods: ['get'] },
  { label: 'control', path: '/', methods: ['post'] },
  { label: 'console', path: '/console', methods: ['get'] },
  { label: 'console', path: '/console/{file}', methods: ['get'] },
  { label: 'console', path: '/console/session', methods: ['post', 'delete'] },
];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The object a local $ref ("#/components/...") names. */
function deref(ref) {
  assert.match(ref, /^#\//, `only local references: ${ref}`);
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    assert.ok(node !== undefined, `${ref} does not resolve`);
  }
  return node;
}
const resolved = (node) => (node && node.$ref ? resolved(deref(node.$ref)) : node);
const schema = (name) => doc.components.schemas[name];
const operation = (path, method) => doc.paths[path]?.[method];

/** The server's source from `signature` to `end` (a function's closing brace by default). */
function sourceOf(signature, end = '\n}\n') {
  const start = serverSource.indexOf(signature);
  assert.ok(start >= 0, `${signature} not found in edgerec_server.cpp`);
  return serverSource.slice(start, serverSource.indexOf(end, start));
}

describe('docs/openapi.json', () => {
  it('is an OpenAPI 3.0.x document whose references resolve', () => {
    assert.match(doc.openapi, /^3\.0\.\d+$/);
    assert.equal(typeof doc.info?.title, 'string');
    assert.equal(typeof doc.info?.version, 'string');
    const walk = (node, where) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      if (typeof node.$ref === 'string') deref(node.$ref);
      for (const [k, v] of Object.entries(node)) walk(v, `${where}.${k}`);
    };
    walk(doc, '$');
    for (const [name, s] of Object.entries(doc.components.schemas)) {
      for (const r of s.required ?? []) assert.ok(s.properties && r in s.properties, `${name}.required names ${r}, not a property`);
    }
    for (const name of Object.keys(doc.components.securitySchemes)) assert.ok(['sigv4', 'clientKey', 'clientKeyQuery', 'consoleBearer'].includes(name));
  });

  it('has exactly the paths and methods edgerec serve routes', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((k) => HTTP_METHODS.includes(k)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const routed = ROUTES.flatMap((r) => r.methods.map((m) => `${m.toUpperCase()} ${r.path}`)).sort();
    assert.deepEqual(documented, routed);
    for (const route of ROUTES) {
      for (const method of route.methods) {
        const op = operation(route.path, method);
        assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${route.path} has responses`);
        assert.ok(Array.isArray(op.security), `${method} ${route.path} says which credentials it takes`);
        for (const [code, response] of Object.entries(op.responses)) {
          const r = resolved(response);
          assert.equal(typeof r.description, 'string', `${method} ${route.path} ${code}`);
          if (Number(code) >= 400) {
            const body = r.content?.['application/json']?.schema;
            assert.ok(body, `${method} ${route.path} ${code} has a JSON error body`);
            assert.equal(body.$ref, '#/components/schemas/Error', `${method} ${route.path} ${code}`);
          }
        }
      }
    }
  });

  it('follows route_of and route in native/server/edgerec_server.cpp', () => {
    // route_of: each `if (p == "/x") return "label";`, and the edge bundle's prefix and suffix.
    const routeOf = sourceOf('std::string route_of(');
    const literal = [...routeOf.matchAll(/p == "([^"]*)"[^;]*?\) return "([a-z-]+)"/g)].map((m) => [m[1], m[2]]);
    assert.ok(literal.length >= 9, `route_of's routes read: ${JSON.stringify(literal)}`);
    for (const [path, label] of literal) {
      const route = ROUTES.find((r) => r.label === label);
      assert.ok(route, `route_of's route ${label} (${path}) is not in ROUTES: document it in docs/openapi.json`);
      if (label !== 'control') assert.equal(route.path, path, `route_of's ${label}`);
      else assert.equal(path, '/');
    }
    assert.match(routeOf, /"\/campaigns\/"/);
    assert.match(routeOf, /"\/edge-bundle"\) return "edge-bundle"/);
    assert.match(routeOf, /is_console_path\(p\)\) return "console"/);
    // Every label the server counts in /metrics is a route here ("other" is the 404 for the rest).
    const labels = [...sourceOf('const std::vector<std::string> kRoutes', ';').matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(labels)].sort(), [...new Set(ROUTES.map((r) => r.label))].sort());
    // route: the method each route takes (`route == "x"` ... `need("M")`).
    const routeBody = sourceOf('void EdgerecServer::route(');
    const needs = [...routeBody.matchAll(/route == "([a-z-]+)"(?:\s*\|\|\s*route == "([a-z-]+)")?\)\s*\{\s*if \(!?need\("([A-Z]+)"\)\)/g)];
    const seen = new Set();
    for (const m of needs) {
      for (const label of [m[1], m[2]].filter(Boolean)) {
        const route = ROUTES.find((r) => r.label === label);
        assert.ok(route.methods.includes(m[3].toLowerCase()), `${label} takes ${m[3]} in the server`);
        seen.add(label);
      }
    }
    for (const r of ROUTES.filter((x) => x.label !== 'console')) assert.ok(seen.has(r.label), `the method of ${r.label} was read from route()`);
    // The browser routes answer the CORS preflight.
    const browser = sourceOf('bool browser_route(', '\n');
    for (const label of [...browser.matchAll(/route == "([a-z-]+)"/g)].map((m) => m[1])) {
      assert.ok(ROUTES.find((r) => r.label === label).methods.includes('options'), `${label} answers OPTIONS`);
    }
    assert.match(consoleSource, /path == "\/console\/session"[\s\S]*"POST"[\s\S]*"DELETE"/);
  });
});

describe('docs/openapi.json against a real edgerec serve', { skip: cliUnavailable() ?? false }, () => {
  const ARN = 'arn:aws:personalize:us-east-1:000000000000';
  let home;
  let server;
  let runtime;
  let events;
  let work;
  const raw = []; // every answer the SDK clients got: {status, headers, body}

  // The SDK's own HTTP handler, with each answer's bytes kept before the SDK parses them.
  function capture(client) {
    const handler = client.config.requestHandler;
    const handle = handler.handle.bind(handler);
    handler.handle = async (request, options) => {
      const out = await handle(request, options);
      const chunks = [];
      for await (const chunk of out.response.body) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      raw.push({ status: out.response.statusCode, headers: out.response.headers, body: bytes.toString('utf8') });
      out.response.body = Readable.from([bytes]);
      return out;
    };
    return client;
  }

  /** The status is one the document lists for the operation; its response schema, resolved. */
  function documentedResponse(path, method, status) {
    const responses = operation(path, method).responses;
    assert.ok(String(status) in responses, `${method.toUpperCase()} ${path} answered ${status}, which the document does not list`);
    return resolved(responses[String(status)]);
  }

  /** `value` has exactly the schema's required members, and only members it documents. */
  function assertShape(value, schemaName, where, { exactlyRequired = false } = {}) {
    const s = schema(schemaName);
    const keys = Object.keys(value).sort();
    for (const key of keys) assert.ok(key in s.properties, `${where}: member ${key} is not in ${schemaName}`);
    for (const key of s.required ?? []) assert.ok(key in value, `${where}: required ${schemaName}.${key} is missing`);
    if (exactlyRequired) assert.deepEqual(keys, [...s.required].sort(), `${where}: members vs ${schemaName}.required`);
  }

  before(async () => {
    home = makeHome();
    work = mkdtempSync(join(tmpdir(), 'edgerec-openapi-'));
    server = await startServer(home.home, ['--quiet']);
    const config = sdkConfig(server.endpoint, home.key);
    runtime = capture(new PersonalizeRuntimeClient(config));
    events = capture(new PersonalizeEventsClient(config));
  });
  after(async () => {
    if (server) assert.equal(await server.stop(), 0);
    home?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('GetRecommendations: exactly the required members of GetRecommendationsResponse', async () => {
    raw.length = 0;
    const res = await runtime.send(new GetRecommendationsCommand({
      campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3', numResults: 5,
    }));
    assert.equal(res.itemList.length, 5);
    assert.equal(raw.length, 1);
    const r = documentedResponse('/recommendations', 'post', raw[0].status);
    assert.equal(r.content['application/json'].schema.$ref, '#/components/schemas/GetRecommendationsResponse');
    const body = JSON.parse(raw[0].body);
    assertShape(body, 'GetRecommendationsResponse', 'GetRecommendations', { exactlyRequired: true });
    for (const item of body.itemList) assertShape(item, 'PredictedItem', 'itemList[]');
  });

  it('GetRecommendations with a filter and metadataColumns: items have documented members only', async () => {
    raw.length = 0;
    await runtime.send(new GetRecommendationsCommand({
      campaignArn: `${ARN}:campaign/shop-sims`, itemId: 'i3', numResults: 10,
      filterArn: `${ARN}:filter/genre`, filterValues: { GENRE: '"genre_1","genre_2"' },
      metadataColumns: { ITEMS: ['GENRE', 'PRICE'] },
    }));
    const body = JSON.parse(raw[0].body);
    assertShape(body, 'GetRecommendationsResponse', 'GetRecommendations', { exactlyRequired: true });
    assert.ok(body.itemList.length > 0);
    for (const item of body.itemList) {
      assertShape(item, 'PredictedItem', 'itemList[]');
      assert.ok(item.metadata && typeof item.metadata.GENRE === 'string', JSON.stringify(item));
    }
  });

  it('GetPersonalizedRanking: exactly the required members of its response', async () => {
    raw.length = 0;
    await runtime.send(new GetPersonalizedRankingCommand({
      campaignArn: `${ARN}:campaign/shop-up`, userId: 'u3', inputList: ['i1', 'i2', 'nope'],
    }));
    documentedResponse('/personalize-ranking', 'post', raw[0].status);
    const body = JSON.parse(raw[0].body);
    assertShape(body, 'GetPersonalizedRankingResponse', 'GetPersonalizedRanking', { exactlyRequired: true });
    for (const item of body.personalizedRanking) assertShape(item, 'PredictedItem', 'personalizedRanking[]');
    assert.equal(body.personalizedRanking.at(-1).itemId, 'nope');
    assert.equal('score' in body.personalizedRanking.at(-1), false);
  });

  it('errors: a documented status, x-amzn-ErrorType and the Error schema', async () => {
    raw.length = 0;
    await assert.rejects(
      runtime.send(new GetRecommendationsCommand({ campaignArn: `${ARN}:campaign/nope`, userId: 'u3' })),
      ResourceNotFoundException,
    );
    const r = documentedResponse('/recommendations', 'post', raw[0].status);
    assert.equal(raw[0].status, 404);
    assert.match(r.description, /ResourceNotFoundException/);
    assert.equal(raw[0].headers['x-amzn-errortype'], 'ResourceNotFoundException');
    assertShape(JSON.parse(raw[0].body), 'Error', '404');
    // An unknown request member: 400 InvalidInputException (the schema's additionalProperties: false).
    assert.equal(schema('GetRecommendationsRequest').additionalProperties, false);
    const unsigned = await fetch(`${server.endpoint}/recommendations`, { method: 'POST', body: '{}' });
    documentedResponse('/recommendations', 'post', unsigned.status);
    assert.equal(unsigned.status, 403);
    assertShape(await unsigned.json(), 'Error', '403');
  });

  it('PutEvents: 200 with an empty body', async () => {
    raw.length = 0;
    await events.send(new PutEventsCommand({
      trackingId: home.trackingId, sessionId: 's-openapi', userId: 'u3',
      eventList: [{ eventType: 'click', sentAt: new Date(), itemId: 'i1' }],
    }));
    const r = documentedResponse('/events', 'post', raw[0].status);
    assert.equal(r.content, undefined, 'the document says the body is empty');
    assert.equal(raw[0].body, '');
  });

  it('GET /healthz: the Health schema', async () => {
    const res = await fetch(`${server.endpoint}/healthz`);
    documentedResponse('/healthz', 'get', res.status);
    assertShape(await res.json(), 'Health', '/healthz', { exactlyRequired: true });
  });

  it('POST /events/batch with a client key: the EventBatchResult schema, twice', async () => {
    const json = join(work, 'batch.json');
    const erev = join(work, 'batch.erev');
    writeFileSync(json, JSON.stringify({
      batchId: 'openapi-1', trackingId: home.trackingId, sessionId: 's-openapi', userId: 'u3',
      events: [{ eventType: 'click', sentAt: 1700000000, itemId: 'i2', eventId: 'openapi-e1' }],
    }));
    runCli(['encode-batch', '--json', json, '--output', erev]);
    const statuses = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.endpoint}/events/batch`, {
        method: 'POST', headers: { 'X-Edgerec-Client-Key': home.clientKey, 'Content-Type': 'application/octet-stream' },
        body: readFileSync(erev),
      });
      documentedResponse('/events/batch', 'post', res.status);
      const body = await res.json();
      assertShape(body, 'EventBatchResult', '/events/batch', { exactlyRequired: true });
      statuses.push(body.status);
    }
    assert.deepEqual(statuses, ['INGESTED', 'ALREADY_INGESTED']);
    for (const s of statuses) assert.ok(schema('EventBatchResult').properties.status.enum.includes(s));
  });

  it('GET /campaigns/{name}/edge-bundle: 200 with an ETag, then 304', async () => {
    const url = `${server.endpoint}/campaigns/shop-up/edge-bundle`;
    const first = await fetch(url, { headers: { 'X-Edgerec-Client-Key': home.clientKey } });
    const r = documentedResponse('/campaigns/{name}/edge-bundle', 'get', first.status);
    assert.equal(first.status, 200);
    assert.ok('application/octet-stream' in r.content);
    const etag = first.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{64}"$/);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { 'X-Edgerec-Client-Key': home.clientKey, 'If-None-Match': etag } });
    documentedResponse('/campaigns/{name}/edge-bundle', 'get', again.status);
    assert.equal(again.status, 304);
    const unknown = await fetch(`${server.endpoint}/campaigns/nope/edge-bundle`, { headers: { 'X-Edgerec-Client-Key': home.clientKey } });
    documentedResponse('/campaigns/{name}/edge-bundle', 'get', unknown.status);
    assert.equal(unknown.status, 404);
    assertShape(await unknown.json(), 'Error', 'edge bundle 404');
  });

  it('a path the server does not have: 404 UnknownOperationException, as the document says', async () => {
    const res = await fetch(`${server.endpoint}/nope`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    assert.match(doc.info.description, /404 UnknownOperationException/);
    const wrongMethod = await fetch(`${server.endpoint}/healthz`, { method: 'POST' });
    assert.equal(wrongMethod.status, 405);
    assert.match(doc.info.description, /405 MethodNotAllowedException/);
  });
});
