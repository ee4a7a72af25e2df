// Tables: one over rows at hand, and one over a List operation read a page at a time
// (maxResults and nextToken), so a list of 100 versions costs one page of rows.

import { h, uid } from '/console/dom.js';
import { fmtInt } from '/console/format.js';
import { errorBox } from '/console/errors.js';

/** A table: columns [{title, cell(row) -> node|text, num}] over rows. */
export function table({ caption, columns, rows, empty = 'None yet.', className = '' }) {
  const thead = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : '' }, c.title))));
  const tbody = h('tbody');
  fillRows(tbody, columns, rows, empty);
  return h('table', { class: className }, caption ? h('caption', {}, caption) : '', thead, tbody);
}

function fillRows(tbody, columns, rows, empty) {
  if (!rows.length) {
    tbody.replaceChildren(h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty)));
    return;
  }
  tbody.replaceChildren(...rows.map((r) => h('tr', {}, columns.map((c) => h(c.header ? 'th' : 'td',
    { class: c.num ? 'num' : '', scope: c.header ? 'row' : false }, c.cell(r))))));
}

/**
 * A table over a List operation, one page at a time: load({maxResults, nextToken}) resolves
 * {rows, nextToken}. Previous/Next walk the pages (the tokens seen are kept, as the API only
 * goes forward). reload() reads the current page again (polling), keeping focus where it was.
 */
export function pagedTable({ caption, columns, load, pageSize = 25, empty, label }) {
  const tbody = h('tbody');
  const thead = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : '' }, c.title))));
  const tableEl = h('table', {}, caption ? h('caption', {}, caption) : '', thead, tbody);
  const prev = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Next page');
  const info = h('span', { class: 'page-info', 'aria-live': 'polite' });
  const sizeId = uid('page-size');
  const size = h('select', { id: sizeId }, [10, 25, 50, 100].map((n) => h('option', { value: n, selected: n === pageSize }, n)));
  const error = h('div');
  const tokens = [undefined];
  let page = 0;
  let rows = [];
  const pager = h('div', { class: 'pager', role: 'group', 'aria-label': `${label ?? caption ?? 'List'} pages` },
    prev, next, info, h('label', { for: sizeId }, 'Rows per page'), size);

  async function show(index) {
    const focusedRow = [...tbody.rows].findIndex((r) => r.contains(document.activeElement));
    const focusedAt = focusedRow >= 0
      ? [...tbody.rows[focusedRow].querySelectorAll('a, button, input, select')].indexOf(document.activeElement) : -1;
    const answer = await load({ maxResults: Number(size.value), nextToken: tokens[index] });
    error.replaceChildren();
    page = index;
    rows = answer.rows;
    tokens[index + 1] = answer.nextToken;
    tokens.length = index + 2;
    fillRows(tbody, columns, rows, empty ?? 'None yet.');
    const first = index * Number(size.value) + 1;
    info.textContent = rows.length ? `Page ${index + 1}: rows ${fmtInt(first)}–${fmtInt(first + rows.length - 1)}${answer.nextToken ? '' : ' (last page)'}` : '';
    prev.disabled = index === 0;
    next.disabled = !answer.nextToken;
    pager.hidden = index === 0 && !answer.nextToken && Number(size.value) === pageSize;
    if (focusedRow >= 0 && focusedAt >= 0) tbody.rows[focusedRow]?.querySelectorAll('a, button, input, select')[focusedAt]?.focus();
  }
  const guarded = (index) => show(index).catch((e) => {
    if (!e.signedOut) error.replaceChildren(errorBox(e));
  });
  prev.addEventListener('click', () => guarded(page - 1));
  next.addEventListener('click', () => guarded(page + 1));
  size.addEventListener('change', () => {
    tokens.length = 1;
    guarded(0);
  });
  return {
    el: h('div', { class: 'paged' }, tableEl, pager, error),
    first: () => show(0),
    reload: () => show(page),
    restart: () => {
      tokens.length = 1;
      return show(0);
    },
    rows: () => rows,
  };
}
