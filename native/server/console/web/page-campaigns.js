// Campaigns: a group's campaigns and the form that creates one (#/groups/NAME/campaigns, also on
// a version's page), and a campaign's page (#/campaigns/NAME) with "try it", its requests and
// online metrics, and the form that moves it to another version.

import { h } from '/console/dom.js';
import { fmtInt, fmtTime, hashFor, nameOf, solutionNameOf } from '/console/format.js';
import { ApiError, arnOf, listAll, personalize } from '/console/api.js';
import { pageStart } from '/console/views.js';
import { notify } from '/console/frame.js';
import { badge } from '/console/status.js';
import { details, section } from '/console/sections.js';
import { table } from '/console/tables.js';
import { field, form, input, select } from '/console/forms.js';
import { tryItPanel } from '/console/campaign-try-it.js';
import { onlineMetricsPanel, serverStatsPanel } from '/console/campaign-metrics.js';
import { route } from '/console/console.js';

/** The group's solutions (every page: a group has few). */
const groupSolutions = (groupArn) => listAll('ListSolutions', { datasetGroupArn: groupArn }, 'solutions', 500);

/** The newest ACTIVE versions of a solution (one page of 100). */
async function activeVersions(solutionArn) {
  const r = await personalize('ListSolutionVersions', { solutionArn, maxResults: 100 });
  return (r.solutionVersions ?? []).filter((v) => v.status === 'ACTIVE');
}

/** Creates a campaign: on a given version, or on one picked from the group's solutions. */
export function campaignForm({ solutionVersionArn = null, solutions = [] }) {
  const name = input({ name: 'campaignName' });
  const tps = input({ name: 'minProvisionedTPS', type: 'number', min: 1, value: '1' });
  const fields = [field('Campaign name', name)];
  let version = null;
  if (!solutionVersionArn) {
    const solution = select([['', 'Choose a solution'], ...solutions.map((x) => [x.solutionArn, `${x.name} (${nameOf(x.recipeArn)})`])], { name: 'solution' });
    version = select([['', 'Choose a solution first']], { name: 'solutionVersion' });
    solution.addEventListener('change', async () => {
      version.replaceChildren(h('option', { value: '' }, 'Loading…'));
      if (!solution.value) return;
      const list = await activeVersions(solution.value).catch(() => []);
      version.replaceChildren(...(list.length ? list.map((v) => h('option', { value: v.solutionVersionArn }, `${nameOf(v.solutionVersionArn)} (${fmtTime(v.creationDateTime)})`))
        : [h('option', { value: '' }, 'No ACTIVE version')]));
      if (!name.value) name.value = `${nameOf(solution.value)}-campaign`;
    });
    fields.push(field('Solution', solution), field('Solution version', version, 'The newest ACTIVE versions, newest first'));
  }
  fields.push(field('Minimum provisioned TPS', tps, 'Recorded; edgerec does not reserve capacity'));
  return form({
    label: 'Create a campaign',
    submit: 'Create campaign',
    onSubmit: async () => {
      const arn = solutionVersionArn ?? version.value;
      if (!arn) throw new ApiError(400, 'InvalidInputException', 'choose a solution version');
      const campaignName = name.value.trim();
      await personalize('CreateCampaign', { name: campaignName, solutionVersionArn: arn, minProvisionedTPS: Number(tps.value) || 1 });
      notify(`Created campaign ${campaignName}`);
      location.hash = hashFor('campaigns', campaignName);
    },
  }, fields);
}

export async function campaignsPage(view, main, group) {
  pageStart(main, `Campaigns of ${group}`, { group, crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Campaigns']] });
  const groupArn = await arnOf('dataset-group', group);
  const solutions = await groupSolutions(groupArn);
  if (!view.alive) return;
  section(main, 'Campaigns', async (body) => {
    // ListCampaigns filters by solution: the group's campaigns are those of its solutions.
    const rows = [];
    for (const x of solutions) {
      const campaigns = await listAll('ListCampaigns', { solutionArn: x.solutionArn }, 'campaigns');
      rows.push(...campaigns.map((c) => ({ ...c, solution: x })));
    }
    body.replaceChildren(table({
      caption: 'Campaigns of the group\'s solutions',
      columns: [
        { title: 'Name', cell: (c) => h('a', { href: hashFor('campaigns', c.name) }, c.name) },
        { title: 'Solution', cell: (c) => h('a', { href: hashFor('solutions', c.solution.name) }, c.solution.name) },
        { title: 'Status', cell: (c) => badge(c.status) },
        { title: 'Created', cell: (c) => fmtTime(c.creationDateTime) },
        { title: 'Updated', cell: (c) => fmtTime(c.lastUpdatedDateTime) },
      ],
      rows,
      empty: 'No campaigns yet: deploy a solution version below.',
    }));
  });
  section(main, 'Create a campaign', async (body) => {
    body.replaceChildren(campaignForm({ solutions }));
  });
}

export async function campaignPage(view, main, name) {
  const campaignArn = await arnOf('campaign', name);
  const { campaign } = await personalize('DescribeCampaign', { campaignArn });
  const { solutionVersion } = await personalize('DescribeSolutionVersion', { solutionVersionArn: campaign.solutionVersionArn });
  if (!view.alive) return;
  const groupArn = solutionVersion.datasetGroupArn;
  const group = nameOf(groupArn);
  const solutionName = solutionNameOf(campaign.solutionVersionArn);
  pageStart(main, `Campaign ${name}`, {
    group, crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Campaigns', `${hashFor('groups', group)}/campaigns`], [name]],
  });
  const versionLink = (arn) => h('a', { href: `${hashFor('solutions', solutionNameOf(arn))}/versions/${encodeURIComponent(nameOf(arn))}` }, nameOf(arn));
  main.append(details([
    ['Status', badge(campaign.status)],
    ['Solution', h('a', { href: hashFor('solutions', solutionName) }, solutionName)],
    ['Solution version', versionLink(campaign.solutionVersionArn)],
    ['Recipe', h('code', {}, nameOf(solutionVersion.recipeArn))],
    ['Minimum provisioned TPS', fmtInt(campaign.minProvisionedTPS)],
    ['Campaign config', h('code', {}, JSON.stringify(campaign.campaignConfig ?? {}))],
    ['Updated', fmtTime(campaign.lastUpdatedDateTime)],
    ['ARN', h('code', {}, campaign.campaignArn)],
  ]));

  // An answer in "try it" is a request the server counts: the counts are read again after it.
  let refreshStats = () => {};
  section(main, 'Try it', (body) => tryItPanel(body, {
    campaignArn, groupArn, recipe: nameOf(solutionVersion.recipeArn), onAnswer: () => refreshStats(),
  }), { id: 'try-it' });
  section(main, 'Requests and latency', async (body) => {
    refreshStats = await serverStatsPanel(view, body, name);
  }, { id: 'requests' });
  section(main, 'Online metrics', (body) => onlineMetricsPanel(body, campaignArn), { id: 'online-metrics' });

  section(main, 'Update the campaign', async (body) => {
    const versions = await activeVersions(campaign.solutionVersionArn.split('/').slice(0, -1).join('/'));
    // The current version may be older than the newest 100: it is listed anyway.
    if (!versions.some((v) => v.solutionVersionArn === campaign.solutionVersionArn)) {
      versions.push({ solutionVersionArn: campaign.solutionVersionArn, creationDateTime: solutionVersion.creationDateTime });
    }
    const choice = select(versions.map((v) => [v.solutionVersionArn,
      `${nameOf(v.solutionVersionArn)} (${fmtTime(v.creationDateTime)})${v.solutionVersionArn === campaign.solutionVersionArn ? ': current' : ''}`]),
    { name: 'solutionVersionArn' });
    choice.value = campaign.solutionVersionArn;
    body.replaceChildren(form({
      label: 'Update the campaign',
      submit: 'Update campaign',
      onSubmit: async () => {
        await personalize('UpdateCampaign', { campaignArn, solutionVersionArn: choice.value });
        notify(`Campaign ${name} now serves ${nameOf(choice.value)}`);
        route();
      },
    }, field('Solution version', choice, 'The newest ACTIVE versions of the campaign\'s solution; the server swaps the model without failing a request')));
  }, { id: 'update' });
}
