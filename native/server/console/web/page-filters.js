// Filters (#/groups/NAME/filters): the group's filters, and a form whose expression is checked
// as it is typed, the caret under the error's position. Also the parameters an expression takes
// ("try it" asks for their values).

import { h } from '/console/dom.js';
import { fmtTime, hashFor } from '/console/format.js';
import { arnOf, edgerec, listAll, personalize } from '/console/api.js';
import { pageStart } from '/console/views.js';
import { notify } from '/console/frame.js';
import { badge } from '/console/status.js';
import { errorBox } from '/console/errors.js';
import { section } from '/console/sections.js';
import { table } from '/console/tables.js';
import { field, form, input } from '/console/forms.js';

/** The filter parameters an expression takes ($GENRE -> GENRE), in order of appearance. */
export function filterParameters(expression) {
  return [...new Set([...String(expression).matchAll(/\$([A-Za-z0-9_]+)/g)].map((m) => m[1]))];
}

/** The place of a filter error under the expression: the expression and a caret at `position`. */
function caretLine(expression, position) {
  if (position === undefined || position === null || position < 0) return null;
  // Show the line that holds the position (expressions may span lines).
  const before = expression.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = expression.indexOf('\n', position) === -1 ? expression.length : expression.indexOf('\n', position);
  const line = expression.slice(lineStart, lineEnd);
  const column = position - lineStart;
  return h('pre', { class: 'caret', 'aria-hidden': 'true' }, line, '\n', ' '.repeat(column), '^');
}

/**
 * The 0-based position a CreateFilter error names: the filter checker's messages say
 * "filter: position N: ..." with N counted from 1.
 */
function positionIn(message) {
  const m = /position (\d+)/.exec(String(message));
  return m ? Number(m[1]) - 1 : undefined;
}

export async function filtersPage(view, main, group) {
  pageStart(main, `Filters of ${group}`, { group, crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Filters']] });
  const groupArn = await arnOf('dataset-group', group);
  const list = section(main, 'Filters', async (body) => {
    const filters = await listAll('ListFilters', { datasetGroupArn: groupArn }, 'Filters', 100);
    // The list has no expressions; a group has at most 10 filters, each described.
    const described = await Promise.all(filters.map((f) => personalize('DescribeFilter', { filterArn: f.filterArn }).then((r) => r.filter)));
    body.replaceChildren(table({
      caption: 'At most 10 per dataset group',
      columns: [
        { title: 'Name', header: true, cell: (f) => f.name },
        { title: 'Expression', cell: (f) => h('code', { class: 'expression' }, f.filterExpression) },
        { title: 'Parameters', cell: (f) => filterParameters(f.filterExpression).map((p) => `$${p}`).join(', ') || '–' },
        { title: 'Status', cell: (f) => badge(f.status) },
        { title: 'Created', cell: (f) => fmtTime(f.creationDateTime) },
        { title: 'Actions', cell: (f) => deleteButton(`filter ${f.name}`, async () => {
          await personalize('DeleteFilter', { filterArn: f.filterArn });
          notify(`Deleted filter ${f.name}`);
          list.reload();
        }) },
      ],
      rows: described,
      empty: 'No filters yet.',
    }));
  }, { id: 'filters' });

  section(main, 'Create a filter', async (body) => {
    const name = input({ name: 'filterName' });
    const expression = h('textarea', { name: 'filterExpression', id: 'filter-expression', rows: 2, class: 'code expression-input', spellcheck: 'false',
      placeholder: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")' });
    const check = h('div', { class: 'expression-check', id: 'filter-expression-check', 'aria-live': 'polite' });
    expression.setAttribute('aria-describedby', check.id);
    let timer = null;
    let asked = 0;
    const validate = async () => {
      const text = expression.value;
      const n = ++asked;
      if (!text.trim()) {
        check.replaceChildren();
        expression.removeAttribute('aria-invalid');
        return;
      }
      try {
        const r = await edgerec('ValidateFilterExpression', { filterExpression: text });
        if (n !== asked) return; // the user typed on: this answer is stale
        showCheck(r.valid, r.message, r.position, text);
      } catch (e) {
        if (n === asked && !e.signedOut) check.replaceChildren(errorBox(e));
      }
    };
    const showCheck = (valid, message, position, text) => {
      expression.setAttribute('aria-invalid', valid ? 'false' : 'true');
      check.className = `expression-check ${valid ? 'valid' : 'invalid'}`;
      check.replaceChildren(valid ? h('span', {}, '✓ The expression is valid.')
        : h('div', {}, h('span', { class: 'message' }, message), caretLine(text, position)));
    };
    // Checked as the user types, a quarter second after the last key.
    expression.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(validate, 250);
    });
    const submitExpression = (e) => {
      // Enter submits the form, as in a one-line field; Shift+Enter breaks the line.
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        e.target.form.requestSubmit();
      }
    };
    expression.addEventListener('keydown', submitExpression);
    body.replaceChildren(form({
      label: 'Create a filter',
      submit: 'Create filter',
      onSubmit: async () => {
        clearTimeout(timer);
        try {
          await personalize('CreateFilter', { name: name.value.trim(), datasetGroupArn: groupArn, filterExpression: expression.value });
        } catch (e) {
          const p = positionIn(e.message);
          if (p !== undefined) showCheck(false, e.message, p, expression.value);
          throw e;
        }
        notify(`Created filter ${name.value.trim()}`);
        name.value = '';
        expression.value = '';
        check.replaceChildren();
        list.reload();
      },
    },
    field('Name', name),
    h('div', { class: 'field' }, h('label', { for: expression.id }, 'Expression'), expression, check,
      h('small', { class: 'hint' }, 'Personalize\'s filter language: INCLUDE|EXCLUDE ItemID WHERE Items.FIELD IN ($PARAM) ... Checked as you type.'))));
  }, { id: 'create-filter' });
}

/** A delete button that asks once more in place (no dialog). */
function deleteButton(what, onDelete) {
  const holder = h('span', { class: 'delete' });
  const ask = h('button', { type: 'button', class: 'danger secondary' }, 'Delete');
  ask.setAttribute('aria-label', `Delete ${what}`);
  ask.addEventListener('click', () => {
    const yes = h('button', { type: 'button', class: 'danger' }, `Delete ${what}`);
    const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await onDelete();
      } catch (e) {
        if (!e.signedOut) holder.replaceChildren(errorBox(e));
      }
    });
    no.addEventListener('click', () => {
      holder.replaceChildren(ask);
      ask.focus();
    });
    holder.replaceChildren(yes, ' ', no);
    no.focus();
  });
  holder.append(ask);
  return holder;
}
