// api.js paths that a healthy core never takes: a trapping wasm instance, a failing init, and
// CommonJS consumers. Uses a fake Emscripten module, so no solution file is needed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import { makeApi } from '../api.js';
import { EdgerecError } from '../errors.js';

/** A stand-in for the Emscripten module: a bump allocator and the C ABI's calling conventions. */
function fakeModule({ trapOn = null } = {}) {
  const M = { HEAPU8: new Uint8Array(1 << 16) };
  let next = 16;
  const put32 = (ptr, v) => new DataView(M.HEAPU8.buffer).setUint32(ptr, v, true);
  const putString = (s) => {
    const bytes = new TextEncoder().encode(`${s}\0`);
    const ptr = M._edgerec_alloc(bytes.length);
    M.HEAPU8.set(bytes, ptr);
    return ptr;
  };
  const fns = {
    edgerec_version_string: () => putString('0.0.0'),
    edgerec_status_name: () => putString('Fake'),
    edgerec_last_error_message: () => putString('fake failure'),
    edgerec_alloc: (n) => {
      const p = next;
      next += (n + 7) & ~7;
      return p;
    },
    edgerec_dealloc: () => {},
    edgerec_runtime_load: (ptr, len, out) => (put32(out, 4242), 0),
    edgerec_runtime_free: () => {},
    edgerec_runtime_add_entropy: () => 0,
    edgerec_runtime_set_recommendation_source: () => 0,
    edgerec_runtime_set_campaign_config: () => 0,
    edgerec_get_recommendations: (rt, req, len, outJson, outLen) => {
      const json = '{"itemList":[],"recommendationId":"fake"}';
      const ptr = putString(json);
      put32(outJson, ptr);
      put32(outLen, json.length);
      return 0;
    },
    edgerec_get_personalized_ranking: () => 10,
    edgerec_put_events: () => 10,
    edgerec_clear_session: () => 0,
    edgerec_runtime_describe: () => 30,
    edgerec_runtime_adopt_sessions: () => 0,
    edgerec_string_free: () => {},
  };
  // The event buffer's exports: present (Core checks each at init), refusing every call.
  for (const name of ['create', 'restore', 'free', 'put_events', 'seal', 'batch', 'acknowledge', 'set_aside',
    'clear_set_aside', 'stats', 'snapshot']) {
    fns[`edgerec_event_buffer_${name}`] = () => 70;
  }
  for (const [name, fn] of Object.entries(fns)) {
    M[`_${name}`] = (...args) => {
      if (name === trapOn) throw new WebAssembly.RuntimeError('unreachable executed');
      return fn(...args);
    };
  }
  return M;
}

describe('api.js with a fake core', () => {
  it('turns a trap into EdgerecError 90 and starts a fresh instance on the next load', async () => {
    let instances = 0;
    const { Runtime } = makeApi(
      async () => (++instances === 1 ? fakeModule({ trapOn: 'edgerec_get_recommendations' }) : fakeModule()),
      async () => null,
    );
    const rt = await Runtime.load(new Uint8Array(8));
    assert.throws(
      () => rt.getRecommendations({ userId: 'u1' }),
      (e) => e instanceof EdgerecError && e.code === 90 && /trapped in edgerec_get_recommendations/.test(e.message),
    );
    assert.throws(() => rt.describe(), (e) => e instanceof EdgerecError && e.code === 90 && /trapped earlier/.test(e.message));
    rt.dispose(); // never throws, even on a dead instance
    const fresh = await Runtime.load(new Uint8Array(8));
    assert.equal(instances, 2);
    assert.deepEqual(fresh.getRecommendations({ userId: 'u1' }), { itemList: [], recommendationId: 'fake' });
  });

  it('reports non-zero statuses with the core message and status name', async () => {
    const { Runtime } = makeApi(async () => fakeModule(), async () => null);
    const rt = await Runtime.load(new Uint8Array(8));
    assert.throws(() => rt.describe(), (e) => e.code === 30 && e.codeName === 'Fake' && e.message === 'fake failure');
  });

  it('a failed init rejects with EdgerecError and can be retried', async () => {
    let calls = 0;
    const { init } = makeApi(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        return fakeModule();
      },
      async () => null,
    );
    await assert.rejects(init(), (e) => e instanceof EdgerecError && e.code === 70 && /boom/.test(e.message));
    await init();
    await init();
    assert.equal(calls, 2);
  });

  it('refuses a module that lacks an export', async () => {
    const { init } = makeApi(async () => {
      const M = fakeModule();
      delete M._edgerec_runtime_describe;
      return M;
    }, async () => null);
    await assert.rejects(init(), (e) => e instanceof EdgerecError && e.code === 70 && /edgerec_runtime_describe/.test(e.message));
  });
});

describe('CommonJS consumers', () => {
  it("require('edgerec') works where Node supports require(esm)", { skip: !process.features.require_module }, () => {
    const m = createRequire(import.meta.url)('edgerec');
    assert.equal(typeof m.Runtime.load, 'function');
    assert.equal(typeof m.init, 'function');
  });
});
