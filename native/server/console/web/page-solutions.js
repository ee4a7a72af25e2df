// Solutions and versions: a group's solutions (#/groups/NAME/solutions), a solution with its
// versions, training progress and report (#/solutions/NAME), a version (.../versions/ID), and
// two versions side by side (.../compare/A/B).

import { h, uid } from '/console/dom.js';
import { fmtNumber, fmtTime, hashFor, nameOf } from '/console/format.js';
import { ApiError, arnOf, edgerec, personalize } from '/console/api.js';
import { pageStart } from '/console/views.js';
import { notify } from '/console/frame.js';
import { badge, TERMINAL } from '/console/status.js';
import { errorBox } from '/console/errors.js';
import { details, section } from '/console/sections.js';
import { pagedTable, table } from '/console/tables.js';
import { field, form, input, select } from '/console/forms.js';
import { campaignForm } from '/console/page-campaigns.js';

export async function solutionsPage(view, main, group) {
  pageStart(main, `Solutions of ${group}`, { group, crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Solutions']] });
  const groupArn = await arnOf('dataset-group', group);
  const list = pagedTable({
    caption: 'Solutions',
    columns: [
      { title: 'Name', cell: (x) => h('a', { href: hashFor('solutions', x.name) }, x.name) },
      { title: 'Recipe', cell: (x) => nameOf(x.recipeArn) },
      { title: 'Status', cell: (x) => badge(x.status) },
      { title: 'Created', cell: (x) => fmtTime(x.creationDateTime) },
    ],
    load: async (page) => {
      const r = await personalize('ListSolutions', { datasetGroupArn: groupArn, ...page });
      return { rows: r.solutions ?? [], nextToken: r.nextToken };
    },
    empty: 'No solutions yet: create one below.',
  });
  section(main, 'Solutions', async (body) => {
    await list.first();
    body.replaceChildren(list.el);
  });
  section(main, 'Create a solution', async (body) => {
    const { recipes } = await personalize('ListRecipes', {});
    const name = input({ name: 'name' });
    const recipe = select((recipes ?? []).map((r) => [r.recipeArn, r.name]), { name: 'recipeArn' });
    const hp = h('textarea', { name: 'hyperparameters', rows: 4, class: 'code', placeholder: 'factors=32\niterations=10', spellcheck: 'false' });
    const hpo = h('input', { type: 'checkbox', name: 'performHPO' });
    const autoTraining = h('input', { type: 'checkbox', name: 'performAutoTraining', checked: true });
    const days = h('input', { type: 'number', name: 'autoTrainingDays', min: 1, max: 30, value: 7 });
    const eventType = input({ name: 'eventType', placeholder: 'all event types' });
    body.replaceChildren(form({
      label: 'Create a solution',
      submit: 'Create solution',
      onSubmit: async () => {
        const algorithmHyperParameters = parseKeyValues(hp.value);
        const solutionConfig = {
          ...(Object.keys(algorithmHyperParameters).length ? { algorithmHyperParameters } : {}),
          ...(autoTraining.checked ? { autoTrainingConfig: { schedulingExpression: `rate(${days.value} days)` } } : {}),
        };
        const request = {
          name: name.value.trim(), datasetGroupArn: groupArn, recipeArn: recipe.value, performHPO: hpo.checked,
          performAutoTraining: autoTraining.checked,
          ...(eventType.value.trim() ? { eventType: eventType.value.trim() } : {}),
          ...(Object.keys(solutionConfig).length ? { solutionConfig } : {}),
        };
        await personalize('CreateSolution', request);
        notify(`Created solution ${request.name}`);
        location.hash = hashFor('solutions', request.name);
      },
    },
    field('Name', name),
    field('Recipe', recipe),
    field('Hyperparameters', hp, 'One KEY=VALUE per line; an unknown key is refused with the recipe\'s list'),
    h('div', { class: 'field checkbox' }, hpo, h('label', { for: hpo.id || (hpo.id = uid('hpo')) }, 'Search hyperparameters (performHPO)')),
    h('div', { class: 'field checkbox' }, autoTraining,
      h('label', { for: autoTraining.id || (autoTraining.id = uid('auto')) }, 'Train a new version automatically (performAutoTraining), the first an hour from now')),
    field('Every N days', days, 'The schedule: rate(N days), 1 to 30; edgerec serve trains the due versions'),
    field('Event type', eventType)));
  });
}

/** "a=1\nb=2" (or "a=1, b=2") -> {a: "1", b: "2"}: Personalize's hyperparameters are strings. */
function parseKeyValues(text) {
  const out = {};
  for (const part of text.split(/[\n,]/)) {
    const t = part.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new ApiError(400, 'InvalidInputException', `hyperparameter "${t}": write KEY=VALUE`);
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return out;
}

/** The progress of a training version: edgerecProgress's "12/30" as a <progress>, and its text. */
function progressOf(version) {
  const text = version.edgerecProgress ?? '';
  const m = /(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)/.exec(text);
  const pct = /(\d+(?:\.\d+)?)\s*%/.exec(text);
  const bar = m ? h('progress', { max: m[2], value: m[1] }) : pct ? h('progress', { max: 100, value: pct[1] }) : h('progress', {});
  bar.setAttribute('aria-label', 'Training progress');
  return h('span', { class: 'progress' }, bar, ' ', text || (version.status === 'CREATE PENDING' ? 'waiting for a worker' : 'starting'));
}

function statusWithProgress(version) {
  if (TERMINAL.test(version.status)) return badge(version.status);
  return h('span', {}, badge(version.status), ' ', progressOf(version));
}

/** Every metric of GetSolutionMetrics, Personalize's first, then edgerec's. */
function metricsTable(metrics, caption = 'Offline metrics') {
  const rows = Object.entries(metrics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return table({
    caption,
    className: 'metrics',
    columns: [{ title: 'Metric', header: true, cell: ([k]) => h('code', {}, k) }, { title: 'Value', num: true, cell: ([, v]) => fmtNumber(v) }],
    rows,
    empty: 'No metrics.',
  });
}

function hyperparameters(config) {
  const hp = config?.algorithmHyperParameters ?? {};
  const entries = Object.entries(hp);
  // The schedule has its own row (Automatic training).
  const rest = Object.fromEntries(Object.entries(config ?? {}).filter(([k]) => k !== 'algorithmHyperParameters' && k !== 'autoTrainingConfig'));
  return h('div', {},
    entries.length ? h('ul', { class: 'columns' }, entries.map(([k, v]) => h('li', {}, h('code', {}, `${k}=${v}`)))) : 'recipe defaults',
    Object.keys(rest).length ? h('pre', { class: 'small' }, JSON.stringify(rest, null, 2)) : '');
}

export async function solutionPage(view, main, name) {
  const solutionArn = await arnOf('solution', name);
  const { solution } = await personalize('DescribeSolution', { solutionArn });
  if (!view.alive) return;
  const group = nameOf(solution.datasetGroupArn);
  pageStart(main, `Solution ${name}`, {
    group, crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Solutions', `${hashFor('groups', group)}/solutions`], [name]],
  });
  const scheduleOf = (on, config) => (on ? `on, ${config?.autoTrainingConfig?.schedulingExpression ?? 'rate(7 days)'}` : 'off');
  const scheduleText = h('span', {}, scheduleOf(solution.performAutoTraining, solution.solutionConfig));
  main.append(details([
    ['Recipe', h('code', {}, nameOf(solution.recipeArn))],
    ['Status', badge(solution.status)],
    ['Hyperparameters', hyperparameters(solution.solutionConfig)],
    ['HPO', solution.performHPO ? 'yes' : 'no'],
    ['Automatic training', scheduleText],
    solution.eventType ? ['Event type', solution.eventType] : null,
    ['Created', fmtTime(solution.creationDateTime)],
  ]));

  const chosen = new Set(); // version ARNs ticked for comparison
  const compareButton = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Compare selected versions');
  const chosenInfo = h('span', { class: 'muted', 'aria-live': 'polite' }, 'Tick two versions to compare them.');
  const updateCompare = () => {
    compareButton.disabled = chosen.size !== 2;
    chosenInfo.textContent = chosen.size === 2 ? 'Two versions selected.' : `Tick two versions to compare them (${chosen.size} selected).`;
  };
  compareButton.addEventListener('click', () => {
    const [a, b] = [...chosen];
    location.hash = `${hashFor('solutions', name)}/compare/${encodeURIComponent(nameOf(a))}/${encodeURIComponent(nameOf(b))}`;
  });

  const progress = new Map(); // version ARN -> its DescribeSolutionVersion while it trains
  const versions = pagedTable({
    caption: 'Versions, newest first',
    label: 'Versions',
    columns: [
      {
        title: 'Compare',
        cell: (v) => {
          const box = h('input', { type: 'checkbox', checked: chosen.has(v.solutionVersionArn), 'aria-label': `Compare ${nameOf(v.solutionVersionArn)}` });
          box.addEventListener('change', () => {
            if (box.checked) chosen.add(v.solutionVersionArn);
            else chosen.delete(v.solutionVersionArn);
            updateCompare();
          });
          return box;
        },
      },
      { title: 'Version', cell: (v) => h('a', { href: `${hashFor('solutions', name)}/versions/${encodeURIComponent(nameOf(v.solutionVersionArn))}` }, nameOf(v.solutionVersionArn)) },
      { title: 'Status', cell: (v) => statusWithProgress(progress.get(v.solutionVersionArn) ?? v) },
      { title: 'Training mode', cell: (v) => `${v.trainingMode ?? 'FULL'}${v.trainingType === 'AUTOMATIC' ? ', automatic' : ''}` },
      { title: 'Created', cell: (v) => fmtTime(v.creationDateTime) },
      { title: 'Updated', cell: (v) => fmtTime(v.lastUpdatedDateTime) },
      { title: 'Failure', cell: (v) => (v.failureReason ? h('span', { class: 'error-text' }, v.failureReason) : '') },
    ],
    load: async (page) => {
      const r = await personalize('ListSolutionVersions', { solutionArn, ...page });
      const rows = r.solutionVersions ?? [];
      // The list has no progress; the few versions that train are described for it.
      for (const v of rows) if (TERMINAL.test(v.status)) progress.delete(v.solutionVersionArn);
      await Promise.all(rows.filter((v) => !TERMINAL.test(v.status)).map(async (v) => {
        const { solutionVersion } = await personalize('DescribeSolutionVersion', { solutionVersionArn: v.solutionVersionArn });
        progress.set(v.solutionVersionArn, solutionVersion);
      }));
      return { rows, nextToken: r.nextToken };
    },
    empty: 'No versions yet: train one.',
  });

  section(main, 'Automatic training', async (body) => {
    const on = h('input', { type: 'checkbox', name: 'performAutoTraining', checked: solution.performAutoTraining });
    const days = h('input', {
      type: 'number', name: 'autoTrainingDays', min: 1, max: 30,
      value: /rate\((\d+) days?\)/.exec(solution.solutionConfig?.autoTrainingConfig?.schedulingExpression ?? '')?.[1] ?? 7,
    });
    body.replaceChildren(form({
      label: 'Automatic training',
      className: 'inline',
      submit: 'Save schedule',
      onSubmit: async () => {
        const schedulingExpression = `rate(${days.value} days)`;
        await personalize('UpdateSolution', {
          solutionArn, performAutoTraining: on.checked,
          ...(on.checked ? { solutionUpdateConfig: { autoTrainingConfig: { schedulingExpression } } } : {}),
        });
        scheduleText.textContent = scheduleOf(on.checked, { autoTrainingConfig: { schedulingExpression } });
        notify(`Automatic training of ${name}: ${scheduleText.textContent}`);
      },
    },
    h('div', { class: 'field checkbox' }, on, h('label', { for: on.id || (on.id = uid('auto')) }, 'Train a new version automatically')),
    field('Every N days', days, 'rate(N days), 1 to 30: a new version N days after the newest one')));
  });

  section(main, 'Versions', async (body) => {
    const mode = select([['FULL', 'FULL: train anew'], ['UPDATE', 'UPDATE: refresh the newest version with new data']], { name: 'trainingMode' });
    const train = form({
      label: 'Train a new version',
      className: 'inline',
      submit: 'Train a new version',
      onSubmit: async () => {
        const { solutionVersionArn } = await personalize('CreateSolutionVersion', { solutionArn, trainingMode: mode.value });
        notify(`Training ${nameOf(solutionVersionArn)}`);
        await versions.restart();
        watch();
        latestSection.reload();
      },
    }, field('Training mode', mode));
    await versions.first();
    body.replaceChildren(train, versions.el, h('div', { class: 'actions' }, compareButton, chosenInfo));
    watch();
  }, { id: 'versions' });

  // While a version on the page trains, read the page again each second (its progress line).
  let watching = false;
  function watch() {
    if (watching || versions.rows().every((v) => TERMINAL.test(v.status))) return;
    watching = true;
    view.poll(async () => {
      await versions.reload();
      if (versions.rows().some((v) => !TERMINAL.test(v.status))) return true;
      watching = false;
      latestSection.reload();
      return false;
    }, 1000);
  }

  const latestSection = section(main, 'Latest version', async (body) => {
    const { solution: now } = await personalize('DescribeSolution', { solutionArn });
    const latest = now.latestSolutionVersion;
    if (!latest) {
      body.replaceChildren(h('p', { class: 'empty' }, 'No version yet.'));
      return;
    }
    const id = nameOf(latest.solutionVersionArn);
    const link = h('a', { href: `${hashFor('solutions', name)}/versions/${encodeURIComponent(id)}` }, id);
    if (latest.status !== 'ACTIVE') {
      const { solutionVersion } = await personalize('DescribeSolutionVersion', { solutionVersionArn: latest.solutionVersionArn });
      body.replaceChildren(details([['Version', link], ['Status', statusWithProgress(solutionVersion)],
        solutionVersion.failureReason ? ['Failure', h('span', { class: 'error-text' }, solutionVersion.failureReason)] : null]));
      return;
    }
    const { metrics } = await personalize('GetSolutionMetrics', { solutionVersionArn: latest.solutionVersionArn });
    body.replaceChildren(details([['Version', link], ['Status', badge(latest.status)], ['Created', fmtTime(latest.creationDateTime)]]),
      metricsTable(metrics, `Offline metrics of ${id}`));
  }, { id: 'latest' });

  section(main, 'Report charts', async (body) => reportPanel(body, solution.datasetGroupArn), { id: 'report' });
}

/** edgerec's HTML report of the group's versions (inline CSS and SVG, no script) in a sandboxed frame. */
function reportPanel(body, datasetGroupArn) {
  const frameHolder = h('div');
  const button = h('button', { type: 'button', class: 'secondary' }, 'Show the report');
  button.addEventListener('click', async () => {
    button.disabled = true;
    frameHolder.replaceChildren(h('p', { class: 'loading' }, 'Rendering the report…'));
    try {
      const { html } = await edgerec('GetSolutionReport', { datasetGroupArn });
      // sandbox with no permissions: no script, no same-origin access, no navigation of the console.
      const frame = h('iframe', { class: 'report', sandbox: '', title: 'Solution versions report', loading: 'lazy' });
      frame.srcdoc = html;
      frameHolder.replaceChildren(frame);
      button.textContent = 'Refresh the report';
    } catch (e) {
      if (!e.signedOut) frameHolder.replaceChildren(errorBox(e));
    } finally {
      button.disabled = false;
    }
  });
  body.replaceChildren(h('p', { class: 'muted' }, 'The metrics and charts of every version of the group (edgerec report).'), button, frameHolder);
}

export async function versionPage(view, main, name, versionId) {
  const solutionArn = await arnOf('solution', name);
  const solutionVersionArn = `${solutionArn}/${versionId}`;
  const first = (await personalize('DescribeSolutionVersion', { solutionVersionArn })).solutionVersion;
  if (!view.alive) return;
  const group = nameOf(first.datasetGroupArn);
  pageStart(main, `Version ${versionId}`, {
    group,
    crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Solutions', `${hashFor('groups', group)}/solutions`],
      [name, hashFor('solutions', name)], [versionId]],
  });
  const facts = h('div');
  main.append(facts);
  const show = (v) => facts.replaceChildren(details([
    ['Solution', h('a', { href: hashFor('solutions', name) }, name)],
    ['Recipe', h('code', {}, nameOf(v.recipeArn))],
    ['Status', statusWithProgress(v)],
    v.failureReason ? ['Failure', h('span', { class: 'error-text' }, v.failureReason)] : null,
    ['Training mode', v.trainingMode ?? 'FULL'],
    ['Hyperparameters', hyperparameters(v.solutionConfig)],
    ['Created', fmtTime(v.creationDateTime)],
    v.trainingHours !== undefined ? ['Training time', `${(v.trainingHours * 3600).toFixed(1)} s`] : null,
    ['ARN', h('code', {}, v.solutionVersionArn)],
  ]));
  show(first);
  const metrics = section(main, 'Metrics', async (body) => {
    const { solutionVersion: v } = await personalize('DescribeSolutionVersion', { solutionVersionArn });
    if (v.status !== 'ACTIVE') {
      body.replaceChildren(h('p', { class: 'empty' }, TERMINAL.test(v.status) ? 'This version has no metrics.' : 'Metrics follow when training ends.'));
      return;
    }
    const { metrics: m } = await personalize('GetSolutionMetrics', { solutionVersionArn });
    body.replaceChildren(metricsTable(m));
  }, { id: 'metrics' });
  if (!TERMINAL.test(first.status)) {
    view.poll(async () => {
      const { solutionVersion: v } = await personalize('DescribeSolutionVersion', { solutionVersionArn });
      show(v);
      if (!TERMINAL.test(v.status)) return true;
      metrics.reload();
      return false;
    }, 1000);
  }
  section(main, 'Deploy as a campaign', async (body) => {
    body.replaceChildren(campaignForm({ solutionVersionArn }));
  });
}

export async function comparePage(view, main, name, idA, idB) {
  const solutionArn = await arnOf('solution', name);
  const load = async (id) => {
    const arn = `${solutionArn}/${id}`;
    const { solutionVersion } = await personalize('DescribeSolutionVersion', { solutionVersionArn: arn });
    const metrics = solutionVersion.status === 'ACTIVE'
      ? (await personalize('GetSolutionMetrics', { solutionVersionArn: arn })).metrics : {};
    return { id, v: solutionVersion, metrics: metrics ?? {} };
  };
  const [a, b] = await Promise.all([load(idA), load(idB)]);
  if (!view.alive) return;
  const group = nameOf(a.v.datasetGroupArn);
  pageStart(main, `Compare versions of ${name}`, {
    group,
    crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], [name, hashFor('solutions', name)], ['Compare']],
  });
  const link = (x) => h('a', { href: `${hashFor('solutions', name)}/versions/${encodeURIComponent(x.id)}` }, x.id);
  const hp = (x) => Object.entries(x.v.solutionConfig?.algorithmHyperParameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'defaults';
  const facts = [
    ['Status', (x) => badge(x.v.status)],
    ['Recipe', (x) => nameOf(x.v.recipeArn)],
    ['Training mode', (x) => x.v.trainingMode ?? 'FULL'],
    ['Hyperparameters', hp],
    ['Created', (x) => fmtTime(x.v.creationDateTime)],
  ];
  const metricNames = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort();
  const diff = (k) => {
    const va = a.metrics[k];
    const vb = b.metrics[k];
    if (typeof va !== 'number' || typeof vb !== 'number') return '';
    const d = vb - va;
    return h('span', { class: d > 0 ? 'up' : d < 0 ? 'down' : '' }, `${d > 0 ? '+' : ''}${fmtNumber(d)}`);
  };
  const rows = [
    ...facts.map(([label, f]) => ({ label, a: f(a), b: f(b), d: '' })),
    ...metricNames.map((k) => ({ label: h('code', {}, k), a: fmtNumber(a.metrics[k]), b: fmtNumber(b.metrics[k]), d: diff(k) })),
  ];
  main.append(h('section', { class: 'card', 'aria-label': 'Side by side' }, table({
    caption: 'Two versions side by side (difference: right minus left)',
    className: 'compare',
    columns: [
      { title: '', header: true, cell: (r) => r.label },
      { title: link(a), cell: (r) => r.a, num: true },
      { title: link(b), cell: (r) => r.b, num: true },
      { title: 'Difference', cell: (r) => r.d, num: true },
    ],
    rows,
  })));
}
