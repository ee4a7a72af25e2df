// The "try it" panel of a campaign's page: recommendations for a user, related items or a
// ranking from the Runtime, with a filter and its values, shown with the items' metadata.

import { h, uid } from '/console/dom.js';
import { fmtInt, fmtTime, humanize } from '/console/format.js';
import { edgerec, listAll, personalize, runtime } from '/console/api.js';
import { table } from '/console/tables.js';
import { field, form, input, select } from '/console/forms.js';
import { filterParameters } from '/console/page-filters.js';

/**
 * A filter value as Personalize's filterValues want it: each string in double quotes, several
 * separated by commas. What the user typed already quoted is kept; bare numbers stay bare.
 */
function filterValue(text) {
  const t = text.trim();
  if (t.includes('"')) return t;
  return t.split(',').map((x) => x.trim()).filter(Boolean).map((x) => (/^-?\d+(\.\d+)?$/.test(x) ? x : JSON.stringify(x))).join(',');
}

/** The metadata columns to show: a title-like one, a genre-like one, and the rest. */
function pickColumns(items) {
  const keys = [...new Set(items.flatMap((i) => Object.keys(i.metadata ?? {})))];
  const title = keys.find((k) => /^(TITLE|NAME|ITEM_NAME|PRODUCT_NAME)$/i.test(k)) ?? keys.find((k) => /TITLE|NAME/i.test(k));
  const genres = keys.find((k) => /^GENRES?$/i.test(k)) ?? keys.find((k) => /GENRE|CATEGOR/i.test(k));
  return { title, genres, rest: keys.filter((k) => k !== title && k !== genres) };
}

/** Item metadata for ids, 100 per Edgerec.DescribeItems call. */
async function describeItems(datasetGroupArn, itemIds) {
  const chunks = [];
  for (let i = 0; i < itemIds.length; i += 100) chunks.push(itemIds.slice(i, i + 100));
  const answers = await Promise.all(chunks.map((c) => edgerec('DescribeItems', { datasetGroupArn, itemIds: c })));
  const byId = new Map();
  for (const a of answers) for (const item of a.items ?? []) byId.set(item.itemId, item.metadata);
  return byId;
}

/** The "try it" panel: recommendations, related items or a ranking, with a filter, shown with metadata. */
export async function tryItPanel(body, { campaignArn, groupArn, recipe, onAnswer }) {
  const filters = await listAll('ListFilters', { datasetGroupArn: groupArn }, 'Filters', 100);
  const modes = [['user', 'Recommendations for a user'], ['item', 'Related items for an item'], ['rank', 'Rank a list for a user']];
  const defaultMode = /similar|sims/.test(recipe) ? 'item' : /ranking/.test(recipe) ? 'rank' : 'user';
  const modeName = uid('mode');
  const radios = modes.map(([value, label]) => {
    const r = h('input', { type: 'radio', name: modeName, value, id: uid('mode'), checked: value === defaultMode });
    return h('span', { class: 'radio' }, r, h('label', { for: r.id }, label));
  });
  const userId = input({ name: 'userId', id: 'try-user-id' });
  const itemId = input({ name: 'itemId', id: 'try-item-id' });
  const inputList = h('textarea', { name: 'inputList', id: 'try-input-list', rows: 3, class: 'code', spellcheck: 'false' });
  const numResults = input({ name: 'numResults', id: 'try-num-results', type: 'number', min: 1, max: 500, value: '10' });
  const filter = select([['', 'No filter'], ...filters.map((f) => [f.filterArn, f.name])], { name: 'filter', id: 'try-filter' });
  const valuesBox = h('div', { class: 'filter-values' });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const userField = field('User ID', userId);
  const itemField = field('Item ID', itemId);
  const listField = field('Items to rank', inputList, 'Item ids separated by commas, spaces or new lines (at most 500)');
  listField.classList.add('span');
  const countField = field('Number of results', numResults);
  let valueInputs = [];

  const mode = () => radios.map((r) => r.querySelector('input')).find((r) => r.checked)?.value ?? 'user';
  const showFields = () => {
    const m = mode();
    userField.hidden = m === 'item';
    itemField.hidden = m !== 'item';
    listField.hidden = m !== 'rank';
    countField.hidden = m === 'rank';
  };
  radios.forEach((r) => r.querySelector('input').addEventListener('change', showFields));
  showFields();

  // A filter's parameters get one field each; its expression is shown so the values make sense.
  filter.addEventListener('change', async () => {
    valueInputs = [];
    valuesBox.replaceChildren();
    if (!filter.value) return;
    const { filter: f } = await personalize('DescribeFilter', { filterArn: filter.value });
    const params = filterParameters(f.filterExpression);
    valuesBox.append(h('p', { class: 'muted' }, h('code', {}, f.filterExpression)));
    for (const p of params) {
      const box = input({ name: `filter-${p}`, 'data-parameter': p });
      valueInputs.push(box);
      valuesBox.append(field(`Value of $${p}`, box, 'e.g. Comedy, or several: Comedy, Drama (quoted for you)'));
    }
  });

  const panel = form({
    label: 'Try the campaign',
    submit: 'Get results',
    className: 'try-it',
    onSubmit: async () => {
      const m = mode();
      const request = { campaignArn };
      if (m === 'item') request.itemId = itemId.value.trim();
      else request.userId = userId.value.trim();
      if (m === 'rank') request.inputList = inputList.value.split(/[\s,]+/).filter(Boolean);
      else request.numResults = Number(numResults.value) || 10;
      if (filter.value) {
        request.filterArn = filter.value;
        const values = Object.fromEntries(valueInputs.filter((b) => b.value.trim()).map((b) => [b.dataset.parameter, filterValue(b.value)]));
        if (Object.keys(values).length) request.filterValues = values;
      }
      results.replaceChildren(h('p', { class: 'loading' }, 'Asking the campaign…'));
      const started = performance.now();
      let answer;
      try {
        answer = m === 'rank' ? await runtime('/personalize-ranking', request) : await runtime('/recommendations', request);
      } finally {
        onAnswer?.();
      }
      const ms = performance.now() - started;
      const list = answer.itemList ?? answer.personalizedRanking ?? [];
      const metadata = list.length ? await describeItems(groupArn, list.map((i) => i.itemId)) : new Map();
      showResults(results, list, metadata, { ms, recommendationId: answer.recommendationId });
    },
  },
  h('fieldset', { class: 'modes' }, h('legend', {}, 'Ask for'), radios),
  userField, itemField, listField, countField,
  field('Filter', filter), valuesBox);
  body.replaceChildren(panel, results);
}

function showResults(holder, list, metadata, { ms, recommendationId }) {
  const items = list.map((x) => ({ ...x, metadata: metadata.get(x.itemId) ?? null }));
  const cols = pickColumns(items);
  const missing = items.filter((i) => i.metadata === null).length;
  const columns = [
    { title: '#', num: true, cell: (x) => String(items.indexOf(x) + 1) },
    { title: 'Item ID', cell: (x) => h('code', {}, x.itemId) },
  ];
  if (cols.title) columns.push({ title: humanize(cols.title), cell: (x) => h('span', { class: 'item-title' }, x.metadata?.[cols.title] ?? '–') });
  if (cols.genres) {
    columns.push({
      title: humanize(cols.genres),
      cell: (x) => h('span', { class: 'tags' }, String(x.metadata?.[cols.genres] ?? '').split('|').filter(Boolean).map((g) => h('span', { class: 'tag' }, g))),
    });
  }
  if (cols.rest.length) {
    // Personalize's CREATION_TIMESTAMP (and any *_TIMESTAMP field) is epoch seconds: shown as a date.
    const shown = (k, v) => (/TIMESTAMP$/.test(k) && /^\d+$/.test(v) ? fmtTime(Number(v)).slice(0, 10) : v);
    columns.push({ title: 'Other metadata', cell: (x) => cols.rest.filter((k) => x.metadata?.[k] !== undefined).map((k) => `${k}: ${shown(k, x.metadata[k])}`).join(' · ') });
  }
  columns.push({ title: 'Score', num: true, cell: (x) => (x.score === undefined ? '–' : x.score.toFixed(4)) });
  holder.replaceChildren(
    h('p', { class: 'muted' }, `${fmtInt(items.length)} items in ${ms.toFixed(0)} ms`,
      recommendationId ? [' · recommendationId ', h('code', {}, recommendationId)] : '',
      missing && missing < items.length ? ` · ${missing} without Items metadata` : '',
      !cols.title && !cols.genres ? ' · the group\'s Items dataset has no metadata for these' : ''),
    table({ caption: 'Results', className: 'results-table', columns, rows: items, empty: 'No items.' }));
}
