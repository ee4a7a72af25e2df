// DOM building: h() for HTML elements, s() for SVG ones, $() and uid(). Every view is built with
// these, setting text as text nodes (never innerHTML), since names, ids and item metadata are
// user data and the page's CSP allows no inline script.

// Properties set as DOM properties rather than attributes (their attribute is only the default).
const DOM_PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'required', 'readOnly']);

/** An element: h('button', {type: 'button', onclick: fn}, 'text', child, [more]). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

/** An SVG element (charts): attributes only. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (DOM_PROPERTIES.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** Appends children: nodes, strings and numbers (as text), arrays of them; null/false skipped. */
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

let uniqueCounter = 0;
/** An id for a label/input pair that is unique on the page. */
export const uid = (stem) => `${stem}-${++uniqueCounter}`;
