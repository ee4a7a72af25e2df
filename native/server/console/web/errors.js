// How an error is shown: an alert box with the error's type, and its message with any place it
// names (an import's FILE:LINE:COLUMN, a filter's "position N") set apart.

import { h } from '/console/dom.js';
import { ApiError } from '/console/api.js';

/**
 * A message, with any "FILE:LINE:COLUMN" (an import's failureReason) and "position N" (a filter
 * error) set apart, so the place is the first thing read.
 */
export function locatedMessage(text) {
  const out = h('span', { class: 'message' });
  const pattern = /((?:[^\s:]+):(\d+):(\d+))|(position \d+)/g;
  let last = 0;
  for (const m of String(text).matchAll(pattern)) {
    out.append(String(text).slice(last, m.index));
    out.append(h('code', { class: 'where' }, m[0]));
    last = m.index + m[0].length;
  }
  out.append(String(text).slice(last));
  return out;
}

export function errorBox(e) {
  const type = e instanceof ApiError && e.type ? e.type : 'Error';
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, `${type}: `), locatedMessage(e.message));
}
