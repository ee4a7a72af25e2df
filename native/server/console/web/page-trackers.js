// Event trackers (#/groups/NAME/trackers): each with its trackingId and client key, and the
// events this server stored for it (counts and a sparkline, polled).

import { h } from '/console/dom.js';
import { fmtInt, hashFor } from '/console/format.js';
import { arnOf, edgerec, personalize } from '/console/api.js';
import { pageStart } from '/console/views.js';
import { notify } from '/console/frame.js';
import { badge } from '/console/status.js';
import { section } from '/console/sections.js';
import { pagedTable } from '/console/tables.js';
import { field, form, input } from '/console/forms.js';
import { sparkline } from '/console/charts.js';

export async function trackersPage(view, main, group) {
  pageStart(main, `Event trackers of ${group}`, { group, crumbs: [['Dataset groups', '#/groups'], [group, hashFor('groups', group)], ['Event trackers']] });
  const groupArn = await arnOf('dataset-group', group);
  const counts = new Map(); // trackingId -> its cells, updated in place by the poll
  const list = pagedTable({
    caption: 'Trackers: a trackingId for PutEvents, a client key for browsers',
    label: 'Event trackers',
    columns: [
      { title: 'Name', cell: (t) => t.name },
      { title: 'Tracking ID', cell: (t) => h('code', {}, t.trackingId) },
      { title: 'Client key', cell: (t) => h('code', {}, t.clientKey ?? '–') },
      { title: 'Allowed origins', cell: (t) => (t.allowedOrigins?.length ? t.allowedOrigins.join(', ') : 'any (server-side only)') },
      { title: 'Status', cell: (t) => badge(t.status) },
      { title: 'Events', num: true, cell: (t) => cellsOf(t.trackingId).total },
      { title: 'Last minute', num: true, cell: (t) => cellsOf(t.trackingId).lastMinute },
      { title: 'Per minute, last hour', cell: (t) => cellsOf(t.trackingId).chart },
    ],
    load: async (page) => {
      const r = await personalize('ListEventTrackers', { datasetGroupArn: groupArn, ...page });
      // The summaries have no client key: DescribeEventTracker has (edgerec's addition).
      const rows = await Promise.all((r.eventTrackers ?? []).map((t) => personalize('DescribeEventTracker', { eventTrackerArn: t.eventTrackerArn })
        .then((d) => ({ ...t, ...d.eventTracker }))));
      return { rows, nextToken: r.nextToken };
    },
    pageSize: 10,
  });
  function cellsOf(trackingId) {
    if (!counts.has(trackingId)) {
      counts.set(trackingId, { total: h('span', { class: 'events-total' }, '–'), lastMinute: h('span', { class: 'events-minute' }, '–'), chart: h('span') });
    }
    return counts.get(trackingId);
  }
  const refreshCounts = async () => {
    const stats = await edgerec('GetServerStats', {});
    for (const [id, cells] of counts) {
      const t = (stats.eventTrackers ?? []).find((x) => x.trackingId === id);
      const per = t?.perMinute ?? [];
      cells.total.textContent = fmtInt(t?.events ?? 0);
      cells.lastMinute.textContent = fmtInt(per.length ? per[per.length - 1].events : 0);
      cells.chart.replaceChildren(sparkline(per.map((p) => p.events), `events per minute for ${id}`));
    }
    return true;
  };
  section(main, 'Event trackers', async (body) => {
    await list.first();
    await refreshCounts();
    body.replaceChildren(list.el, h('p', { class: 'muted' }, 'Event counts are what this server stored since it started; refreshed every 5 seconds.'));
    view.poll(refreshCounts, 5000);
  }, { id: 'trackers' });
  section(main, 'Create an event tracker', async (body) => {
    const name = input({ name: 'trackerName' });
    body.replaceChildren(form({
      label: 'Create an event tracker',
      submit: 'Create event tracker',
      onSubmit: async () => {
        await personalize('CreateEventTracker', { name: name.value.trim(), datasetGroupArn: groupArn });
        notify(`Created event tracker ${name.value.trim()}`);
        name.value = '';
        await list.restart();
        await refreshCounts();
      },
    }, field('Name', name)));
  });
}
