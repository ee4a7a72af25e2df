// Assertions the Node tests share.
import assert from 'node:assert/strict';

import { EdgerecError } from 'edgerec';

/** Asserts that fn throws (or rejects with) an EdgerecError with `code` and a message matching re. */
export async function assertEdgerecError(fn, code, re) {
  let caught;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, 'expected an EdgerecError, nothing was thrown');
  assert.ok(caught instanceof EdgerecError, `expected an EdgerecError, got ${caught?.stack ?? caught}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'EdgerecError');
  assert.equal(caught.code, code, `code of "${caught.message}"`);
  assert.equal(typeof caught.codeName, 'string');
  assert.ok(caught.message.length > 0, 'message must not be empty');
  if (re) assert.match(caught.message, re);
  return caught;
}
