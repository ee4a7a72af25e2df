// One table of status codes: core/include/edgerec/edgerec.h (the C ABI) is the source. The core's
// StatusCode (status.h) is tied to it by static_asserts in c_api.cpp; this test ties the rest to
// it: the numbers and names in status.h, js/errors.js, index.d.ts, and the names the wasm's
// edgerec_status_name() returns.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import createModule from '../dist/edgerec.mjs';
import { StatusCode, statusName } from '../errors.js';

const ROOT = new URL('../../', import.meta.url);
const text = (path) => readFile(new URL(path, ROOT), 'utf8');

/** [[CONSTANT, number]] from `#define EDGEREC_CONSTANT number` in edgerec.h. */
async function abiCodes() {
  const header = await text('core/include/edgerec/edgerec.h');
  return [...header.matchAll(/^#define EDGEREC_([A-Z_]+) (\d+)\b/gm)].map(([, name, n]) => [name, Number(n)]);
}

/** INVALID_INPUT -> InvalidInput (status.h's kInvalidInput, without the k). */
const camel = (constant) =>
  constant.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase()).replace(/^Ok$/, 'OK');

describe('status codes', () => {
  it('edgerec.h lists every code once', async () => {
    const codes = await abiCodes();
    assert.ok(codes.length >= 9, `found ${codes.length} EDGEREC_ codes`);
    assert.equal(new Set(codes.map(([, n]) => n)).size, codes.length);
  });

  it('status.h has the same numbers under the same names', async () => {
    const header = await text('core/include/edgerec/status.h');
    const cpp = Object.fromEntries([...header.matchAll(/^\s+k([A-Za-z]+) = (\d+),/gm)].map(([, n, v]) => [n, Number(v)]));
    const expected = Object.fromEntries((await abiCodes()).map(([c, n]) => [camel(c).replace(/^OK$/, 'Ok'), n]));
    assert.deepEqual(cpp, expected);
  });

  it('js/errors.js has the same numbers and names', async () => {
    assert.deepEqual(Object.entries(StatusCode), await abiCodes());
    for (const [constant, code] of await abiCodes()) assert.equal(statusName(code), camel(constant));
    assert.equal(statusName(12345), 'Unknown');
  });

  it('index.d.ts declares the same StatusCode', async () => {
    const types = await text('js/index.d.ts');
    const block = types.match(/export declare const StatusCode: Readonly<\{([^}]*)\}>/);
    assert.ok(block, 'StatusCode declaration in index.d.ts');
    const declared = [...block[1].matchAll(/([A-Z_]+): (\d+);/g)].map(([, c, n]) => [c, Number(n)]);
    assert.deepEqual(declared, await abiCodes());
    const names = types.match(/export type StatusCodeName =([^;]*);/);
    assert.ok(names, 'StatusCodeName in index.d.ts');
    const declaredNames = [...names[1].matchAll(/'([A-Za-z]+)'/g)].map(([, n]) => n);
    assert.deepEqual(declaredNames, [...(await abiCodes()).map(([c]) => camel(c)), 'Unknown']);
  });

  it('the wasm core names each code as errors.js does', async () => {
    const M = await createModule({ wasmBinary: await readFile(new URL('../dist/edgerec.wasm', import.meta.url)) });
    const cstring = (ptr) => {
      let end = ptr;
      while (M.HEAPU8[end] !== 0) end += 1;
      return new TextDecoder().decode(M.HEAPU8.subarray(ptr, end));
    };
    for (const [, code] of await abiCodes()) assert.equal(cstring(M._edgerec_status_name(code)), statusName(code));
  });
});
