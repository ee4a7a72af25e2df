// Forms and their controls: a form whose submit shows its error above the button, labelled
// fields, text inputs and selects.

import { h, uid } from '/console/dom.js';
import { errorBox } from '/console/errors.js';

/**
 * A form: fields are nodes from field(); onSubmit(form) runs on submit (Enter in a field, or the
 * button), with the button disabled meanwhile and any error shown above it.
 */
export function form({ label, submit, onSubmit, className = '' }, ...fields) {
  const error = h('div', { class: 'form-error' });
  const button = h('button', { type: 'submit' }, submit);
  const el = h('form', { class: `form ${className}`, 'aria-label': label, novalidate: true }, fields, error, h('div', { class: 'actions' }, button));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    button.disabled = true;
    try {
      await onSubmit(el);
    } catch (e) {
      if (!e.signedOut) error.replaceChildren(errorBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

/** A labelled control: field('Name', h('input', {...}), 'hint'). The control gets an id if it has none. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid('f');
  let hintEl = null;
  if (hint) {
    hintEl = h('small', { class: 'hint', id: `${control.id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintEl);
}

export function input(props = {}) {
  return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...props });
}

export function select(options, props = {}) {
  return h('select', props, options.map(([value, text]) => h('option', { value }, text)));
}
