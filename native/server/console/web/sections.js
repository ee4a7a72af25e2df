// The blocks a page is made of: card sections that load their own content (an error shows in
// the section), and definition lists of facts.

import { h, uid } from '/console/dom.js';
import { errorBox } from '/console/errors.js';

/** A section with a heading; `fill(body)` loads its content, an error shows in it. */
export function section(parent, title, fill, { id } = {}) {
  const headingId = uid('h');
  const body = h('div', { class: 'section-body' }, h('p', { class: 'loading' }, 'Loading…'));
  const el = h('section', { class: 'card', id, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), body);
  parent.append(el);
  const load = async () => {
    try {
      await fill(body);
    } catch (e) {
      if (!e.signedOut) body.replaceChildren(errorBox(e));
    }
  };
  const done = load();
  return { el, body, done, reload: load };
}

/** A definition list of [label, value] pairs (value: text or a node). */
export function details(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '–')]));
}
