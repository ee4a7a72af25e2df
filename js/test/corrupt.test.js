// Untrusted solution bytes: every damaged input is an EdgerecError (CorruptData or
// UnsupportedVersion), never a crash, an abort or a hang; the instance stays usable afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { EdgerecError, Runtime } from 'edgerec';
import { cliUnavailable, makeSolution } from '../test-support/cli.js';

const skip = cliUnavailable() ?? false;
const ACCEPTED = new Set([30, 40]); // CorruptData, UnsupportedVersion

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

async function loadOutcome(bytes) {
  try {
    const rt = await Runtime.load(bytes);
    rt.dispose();
    return 'loaded';
  } catch (e) {
    assert.ok(e instanceof EdgerecError, `not an EdgerecError: ${e?.stack ?? e}`);
    assert.ok(ACCEPTED.has(e.code), `code ${e.code} (${e.codeName}): ${e.message}`);
    assert.ok(e.message.length > 0);
    return e.code;
  }
}

describe('corrupt solution bytes', { skip }, () => {
  let fixture;
  let good;
  before(async () => {
    fixture = makeSolution({ users: 60, items: 30, interactions: 1500, seed: 3 });
    good = fixture.bytes;
  });
  after(() => fixture?.cleanup());

  it('empty input is CorruptData', async () => {
    assert.equal(await loadOutcome(new Uint8Array(0)), 30);
    assert.equal(await loadOutcome(new ArrayBuffer(0)), 30);
  });

  it('every truncation is rejected', async () => {
    for (let n = 0; n < good.length; n++) {
      const outcome = await loadOutcome(good.slice(0, n));
      assert.notEqual(outcome, 'loaded', `truncated to ${n} of ${good.length} bytes was accepted`);
    }
  });

  it('every single flipped byte is rejected', async () => {
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i] ^= 0xff;
      const outcome = await loadOutcome(bad);
      assert.notEqual(outcome, 'loaded', `byte ${i} of ${good.length} flipped was accepted`);
    }
  });

  it('a newer major format version is UnsupportedVersion', async () => {
    // Header layout: core/include/edgerec/container.h (u16 major at 8, CRC-32 of [0,40) at 40).
    const bad = good.slice();
    const view = new DataView(bad.buffer);
    view.setUint16(8, view.getUint16(8, true) + 1, true);
    view.setUint32(40, crc32(bad.subarray(0, 40)), true);
    assert.equal(await loadOutcome(bad), 40);
  });

  it('random garbage and appended bytes are rejected', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let k = 0; k < 50; k++) {
      const junk = Uint8Array.from({ length: 16 + k * 37 }, rand);
      assert.notEqual(await loadOutcome(junk), 'loaded');
    }
    const longer = new Uint8Array(good.length + 5);
    longer.set(good);
    assert.notEqual(await loadOutcome(longer), 'loaded', 'trailing bytes were accepted');
  });

  it('the instance still serves after all of that', async () => {
    const rt = await Runtime.load(good);
    assert.equal(rt.getRecommendations({ userId: 'u1', numResults: 5 }).itemList.length, 5);
    rt.dispose();
  });
});
