// The dataset groups (#/groups) and a group's page (#/groups/NAME): its datasets with schemas and
// minimum data for training, their import jobs (polled while one runs), a form to start an import
// and one to create a dataset.

import { h } from '/console/dom.js';
import { fmtInt, fmtTime, hashFor, humanize } from '/console/format.js';
import { ApiError, arnOf, edgerec, listAll, personalize } from '/console/api.js';
import { pageStart } from '/console/views.js';
import { notify } from '/console/frame.js';
import { badge, TERMINAL } from '/console/status.js';
import { locatedMessage } from '/console/errors.js';
import { details, section } from '/console/sections.js';
import { pagedTable } from '/console/tables.js';
import { field, form, input, select } from '/console/forms.js';
import { route } from '/console/console.js';

export async function groupsPage(view, main) {
  sessionStorage.removeItem('edgerec.console.group');
  pageStart(main, 'Dataset groups');
  const list = pagedTable({
    caption: 'The home\'s dataset groups',
    columns: [
      { title: 'Name', cell: (g) => h('a', { href: hashFor('groups', g.name) }, g.name) },
      { title: 'Status', cell: (g) => badge(g.status) },
      { title: 'Created', cell: (g) => fmtTime(g.creationDateTime) },
      { title: 'ARN', cell: (g) => h('code', {}, g.datasetGroupArn) },
    ],
    load: async (page) => {
      const r = await personalize('ListDatasetGroups', page);
      return { rows: r.datasetGroups ?? [], nextToken: r.nextToken };
    },
    empty: 'No dataset groups yet: create one below.',
  });
  section(main, 'Groups', async (body) => {
    await list.first();
    body.replaceChildren(list.el);
  });
  section(main, 'Create a dataset group', async (body) => {
    const name = input({ name: 'name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_-]{0,62}' });
    body.replaceChildren(form({
      label: 'Create a dataset group',
      submit: 'Create dataset group',
      onSubmit: async () => {
        await personalize('CreateDatasetGroup', { name: name.value.trim() });
        notify(`Created dataset group ${name.value.trim()}`);
        location.hash = hashFor('groups', name.value.trim());
      },
    }, field('Name', name, 'Letters, digits, - and _; the group is the directory HOME/NAME')));
  });
}

const DATASET_TYPES = [['interactions', 'Interactions'], ['items', 'Items'], ['users', 'Users']];

// Starting points for a new dataset's schema (Personalize's Avro JSON); the user edits them.
const SCHEMA_TEMPLATES = {
  Interactions: {
    type: 'record', name: 'Interactions', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
    fields: [{ name: 'USER_ID', type: 'string' }, { name: 'ITEM_ID', type: 'string' }, { name: 'TIMESTAMP', type: 'long' },
      { name: 'EVENT_TYPE', type: 'string' }, { name: 'EVENT_VALUE', type: ['null', 'float'] }],
  },
  Items: {
    type: 'record', name: 'Items', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
    fields: [{ name: 'ITEM_ID', type: 'string' }, { name: 'TITLE', type: ['null', 'string'], textual: true },
      { name: 'GENRES', type: ['null', 'string'], categorical: true }, { name: 'CREATION_TIMESTAMP', type: ['null', 'long'] }],
  },
  Users: {
    type: 'record', name: 'Users', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
    fields: [{ name: 'USER_ID', type: 'string' }, { name: 'AGE', type: ['null', 'int'] },
      { name: 'GENDER', type: ['null', 'string'], categorical: true }],
  },
};

/** A schema's columns: "NAME type" for each field, with its flags. */
function schemaColumns(schema) {
  const fields = schema?.fields ?? [];
  if (!fields.length) return '–';
  return h('ul', { class: 'columns' }, fields.map((f) => {
    const type = Array.isArray(f.type) ? f.type.filter((t) => t !== 'null').join('|') + (f.type.includes('null') ? '?' : '') : String(f.type);
    const flags = ['categorical', 'textual'].filter((k) => f[k]);
    return h('li', {}, h('code', {}, f.name), ' ', h('span', { class: 'muted' }, type + (flags.length ? ` (${flags.join(', ')})` : '')));
  }));
}

/** Personalize's minimum data for training, as DescribeDatasetGroupData reports it. */
function minimumData(m) {
  const required = m.required ?? {};
  const counts = Object.keys(m).filter((k) => !['required', 'meetsMinimum'].includes(k));
  return h('div', { class: `minimum ${m.meetsMinimum ? 'ok' : 'bad'}` },
    h('p', {}, h('strong', {}, m.meetsMinimum ? '✓ Meets the minimum data for training' : '✗ Below the minimum data for training')),
    h('ul', {}, counts.map((k) => h('li', {}, `${humanize(k)}: `, h('strong', {}, fmtInt(m[k])),
      required[k] !== undefined ? h('span', { class: 'muted' }, ` (${fmtInt(required[k])} required)`) : ''))));
}

/** One dataset of DescribeDatasetGroupData, rendered from whatever members it has. */
function datasetCard(type, d) {
  const known = new Set(['rows', 'status', 'schema', 'minimumData', 'name', 'schemaName']);
  const facts = [['Status', badge(d.status)], ['Rows', h('span', { class: 'rows' }, fmtInt(d.rows))]];
  if (d.name) facts.push(['Dataset', d.name]);
  if (d.schemaName) facts.push(['Schema', d.schemaName]);
  for (const [k, v] of Object.entries(d)) {
    if (known.has(k) || (v !== null && typeof v === 'object')) continue;
    facts.push([humanize(k), /At$/.test(k) ? fmtTime(v) : typeof v === 'number' ? fmtInt(v) : String(v)]);
  }
  const extra = Object.entries(d).filter(([k, v]) => !known.has(k) && v !== null && typeof v === 'object');
  return h('article', { class: `dataset ${d.status === 'ACTIVE' ? '' : 'absent'}`, 'aria-label': `${type} dataset` },
    h('h3', {}, humanize(type)),
    details(facts),
    d.schema ? h('div', {}, h('h4', {}, 'Columns'), schemaColumns(d.schema)) : '',
    d.minimumData ? minimumData(d.minimumData) : '',
    extra.map(([k, v]) => h('details', {}, h('summary', {}, humanize(k)), h('pre', {}, JSON.stringify(v, null, 2)))));
}

export async function groupPage(view, main, group) {
  pageStart(main, `Dataset group ${group}`, { group, crumbs: [['Dataset groups', '#/groups'], [group]] });
  const groupArn = await arnOf('dataset-group', group);
  const { datasetGroup } = await personalize('DescribeDatasetGroup', { datasetGroupArn: groupArn });
  if (!view.alive) return;
  main.append(details([['Status', badge(datasetGroup.status)], ['Created', fmtTime(datasetGroup.creationDateTime)],
    ['ARN', h('code', {}, datasetGroup.datasetGroupArn)]]));

  let datasets = [];
  // Imports change the datasets' row counts: after one is started, the datasets are read again
  // once no job on the shown pages runs. Each render of the jobs replaces the previous one's poll.
  let importsRender = 0;
  let importStarted = false;
  const datasetsSection = section(main, 'Datasets', async (body) => {
    const [data, listed] = await Promise.all([
      edgerec('DescribeDatasetGroupData', { datasetGroupArn: groupArn }),
      listAll('ListDatasets', { datasetGroupArn: groupArn }, 'datasets'),
    ]);
    datasets = listed;
    body.replaceChildren(h('div', { class: 'datasets' },
      Object.entries(data.datasets ?? {}).map(([type, d]) => datasetCard(type, d))));
  }, { id: 'datasets' });

  const imports = section(main, 'Import jobs', async (body) => {
    await datasetsSection.done;
    body.replaceChildren();
    if (!datasets.length) {
      body.append(h('p', { class: 'empty' }, 'No datasets yet: create one below, then import its CSV.'));
      return;
    }
    const tables = [];
    for (const d of datasets) {
      const list = pagedTable({
        caption: `${d.datasetType} (${d.name})`,
        pageSize: 10,
        columns: [
          { title: 'Job', cell: (j) => j.jobName },
          { title: 'Status', cell: (j) => badge(j.status) },
          { title: 'Mode', cell: (j) => j.importMode ?? 'FULL' },
          { title: 'Started', cell: (j) => fmtTime(j.creationDateTime) },
          { title: 'Finished', cell: (j) => (TERMINAL.test(j.status) ? fmtTime(j.lastUpdatedDateTime) : '–') },
          { title: 'Errors', cell: (j) => (j.failureReason ? h('div', { class: 'error-text' }, locatedMessage(j.failureReason)) : '') },
        ],
        load: async (page) => {
          const r = await personalize('ListDatasetImportJobs', { datasetArn: d.datasetArn, ...page });
          return { rows: r.datasetImportJobs ?? [], nextToken: r.nextToken };
        },
        empty: 'No imports yet.',
      });
      await list.first();
      tables.push(list);
      body.append(list.el);
    }
    // While a job runs, read its page again each second.
    const render = ++importsRender;
    const running = () => tables.some((t) => t.rows().some((j) => !TERMINAL.test(j.status)));
    const settled = () => {
      if (importStarted) datasetsSection.reload();
      importStarted = false;
    };
    if (!running()) return settled();
    view.poll(async () => {
      if (render !== importsRender) return false;
      for (const t of tables) await t.reload();
      if (running()) return true;
      importStarted = true;
      settled();
      return false;
    }, 1000);
  }, { id: 'imports' });

  section(main, 'Start an import', async (body) => {
    await datasetsSection.done;
    if (!datasets.length) {
      body.replaceChildren(h('p', { class: 'empty' }, 'Create a dataset first.'));
      return;
    }
    const dataset = select(datasets.map((d) => [d.datasetArn, `${d.datasetType} (${d.name})`]), { name: 'dataset' });
    const jobName = input({ name: 'jobName' });
    const location = input({ name: 'dataLocation', placeholder: 's3://BUCKET/path/file.csv', class: 'wide' });
    const mode = select([['FULL', 'FULL: replace the dataset'], ['INCREMENTAL', 'INCREMENTAL: add to it']], { name: 'importMode' });
    // Job names are unique in the home: the milliseconds keep two imports of one second apart,
    // and the group's part is cut so that the name stays within Personalize's 63 characters.
    const suggestName = () => {
      const d = datasets.find((x) => x.datasetArn === dataset.value);
      jobName.value = `${group.slice(0, 32)}-${(d?.datasetType ?? 'data').toLowerCase()}-${Date.now()}`;
    };
    suggestName();
    dataset.addEventListener('change', suggestName);
    body.replaceChildren(form({
      label: 'Start an import',
      submit: 'Start import',
      onSubmit: async () => {
        await personalize('CreateDatasetImportJob', {
          jobName: jobName.value.trim(), datasetArn: dataset.value, importMode: mode.value,
          dataSource: { dataLocation: location.value.trim() },
        });
        notify(`Started import ${jobName.value.trim()}`);
        suggestName();
        importStarted = true;
        imports.reload();
      },
    },
    field('Dataset', dataset),
    field('Data location', location, 'One CSV file in a bucket the server maps (edgerec serve --bucket NAME=DIR), or file:///PATH inside one'),
    field('Job name', jobName),
    field('Import mode', mode)));
  }, { id: 'start-import' });

  section(main, 'Create a dataset', async (body) => {
    await datasetsSection.done;
    const have = new Set(datasets.map((d) => d.datasetType.toLowerCase()));
    const missing = DATASET_TYPES.filter(([t]) => !have.has(t));
    if (!missing.length) {
      body.replaceChildren(h('p', { class: 'empty' }, 'The group has all three datasets.'));
      return;
    }
    const schemas = await listAll('ListSchemas', {}, 'schemas', 300);
    const type = select(missing.map(([, label]) => [label, label]), { name: 'datasetType' });
    const schemaChoice = select([['', 'A new schema (below)'], ...schemas.map((sc) => [sc.schemaArn, sc.name])], { name: 'schema' });
    const schemaName = input({ name: 'schemaName' });
    const datasetName = input({ name: 'datasetName' });
    const schemaText = h('textarea', { name: 'schemaJson', rows: 10, class: 'code', spellcheck: 'false' });
    const newSchemaFields = h('div', {}, field('Schema name', schemaName), field('Schema (Avro JSON)', schemaText,
      'Personalize\'s schema for the type: USER_ID, ITEM_ID and TIMESTAMP for interactions; ITEM_ID or USER_ID and metadata columns'));
    const fillDefaults = () => {
      datasetName.value = `${group}-${type.value.toLowerCase()}`;
      schemaName.value = `${group}-${type.value.toLowerCase()}-schema`;
      schemaText.value = JSON.stringify(SCHEMA_TEMPLATES[type.value], null, 2);
    };
    fillDefaults();
    type.addEventListener('change', fillDefaults);
    schemaChoice.addEventListener('change', () => (newSchemaFields.hidden = schemaChoice.value !== ''));
    body.replaceChildren(form({
      label: 'Create a dataset',
      submit: 'Create dataset',
      onSubmit: async () => {
        let schemaArn = schemaChoice.value;
        if (!schemaArn) {
          let parsed;
          try {
            parsed = JSON.parse(schemaText.value);
          } catch (e) {
            throw new ApiError(400, 'InvalidInputException', `the schema is not JSON: ${e.message}`);
          }
          ({ schemaArn } = await personalize('CreateSchema', { name: schemaName.value.trim(), schema: JSON.stringify(parsed) }));
        }
        await personalize('CreateDataset', { name: datasetName.value.trim(), datasetGroupArn: groupArn, datasetType: type.value, schemaArn });
        notify(`Created the ${type.value} dataset`);
        route();
      },
    },
    field('Dataset type', type), field('Dataset name', datasetName), field('Schema', schemaChoice), newSchemaFields));
  }, { id: 'create-dataset' });
}
