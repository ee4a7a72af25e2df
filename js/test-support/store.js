// Test helpers that read a dataset group's store (GROUP/edgerec.db) with the sqlite3 shell, as
// an operator would: integrity checks and what the event store holds. Kept outside js/test/.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Why the store cannot be read here (no sqlite3 shell), or false. */
export function sqliteUnavailable() {
  return spawnSync('sqlite3', ['-version']).status === 0 ? false : 'sqlite3 is not installed';
}

/** The output of `query` on the database at `db`, trimmed; fails the test if sqlite3 does. */
export function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** How many times each streamed event whose eventId starts with `prefix` is stored. */
export function storedEventCounts(db, prefix) {
  return new Map(sql(db, `SELECT event_id, count(*) FROM interactions_put WHERE event_id LIKE '${prefix}%' GROUP BY event_id`)
    .split('\n').filter(Boolean).map((line) => line.split('|')).map(([id, n]) => [id, Number(n)]));
}
