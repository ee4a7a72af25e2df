// A resource's status: which statuses are final (nothing polls past them), and the badge that
// shows one.

import { h } from '/console/dom.js';

export const TERMINAL = /^(ACTIVE|CREATE FAILED|CREATE STOPPED|DELETE FAILED|COMPLETED|FAILED)$/;

export function badge(status) {
  const st = String(status ?? 'UNKNOWN');
  let kind = 'busy';
  if (/^(ACTIVE|COMPLETED)$/.test(st)) kind = 'ok';
  else if (/FAILED|STOPPED|NOT_CREATED/.test(st)) kind = st === 'NOT_CREATED' ? 'none' : 'bad';
  return h('span', { class: `badge ${kind}` }, st);
}
