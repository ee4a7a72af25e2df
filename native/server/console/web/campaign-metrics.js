// The numbers panels of a campaign's page: this server's requests and latency to it (polled), and
// the impressions, clicks and click-through of the events attributed to it.

import { h } from '/console/dom.js';
import { fmtInt, fmtMs, fmtPercent, fmtTime } from '/console/format.js';
import { edgerec } from '/console/api.js';
import { errorBox } from '/console/errors.js';
import { table } from '/console/tables.js';
import { field, select } from '/console/forms.js';
import { timeChart } from '/console/charts.js';

/**
 * This server's requests to the campaign since it started (Edgerec.GetServerStats), every 5 s.
 * Resolves a function that reads them again at once.
 */
export async function serverStatsPanel(view, body, name) {
  const holder = h('div');
  body.replaceChildren(holder);
  const refresh = async () => {
    const stats = await edgerec('GetServerStats', {});
    const c = (stats.campaigns ?? []).find((x) => x.name === name);
    const since = `since the server started at ${fmtTime(stats.startedAt)}`;
    if (!c) {
      holder.replaceChildren(h('p', { class: 'empty' }, `No requests ${since}.`));
      return true;
    }
    const per = c.perMinute ?? [];
    holder.replaceChildren(
      h('div', { class: 'stats' },
        stat('Requests', fmtInt(c.requests)), stat('Errors', fmtInt(c.errors)),
        stat('Mean latency', fmtMs(c.meanLatencyMs)), stat('p50 latency', fmtMs(c.p50LatencyMs)),
        stat('p95 latency', fmtMs(c.p95LatencyMs))),
      h('p', { class: 'muted' }, `This server's answers ${since}; per minute over the last hour:`),
      timeChart({ times: per.map((p) => p.start), series: [{ label: 'Requests per minute', values: per.map((p) => p.requests), className: 's-requests' }],
        title: `Requests per minute to ${name}`, height: 100 }));
    return true;
  };
  await refresh();
  view.poll(refresh, 5000);
  return () => refresh().catch(() => {});
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label));
}

/** Impressions, clicks and click-through of the events attributed to the campaign, over time. */
export async function onlineMetricsPanel(body, campaignArn) {
  const periods = [['1:5', 'Last hour (5-minute buckets)'], ['24:60', 'Last 24 hours (hourly)'], ['168:360', 'Last 7 days (6-hourly)'], ['720:1440', 'Last 30 days (daily)']];
  const period = select(periods, { name: 'period' });
  period.value = '24:60';
  const holder = h('div');
  const load = async () => {
    const [hours, bucketMinutes] = period.value.split(':').map(Number);
    holder.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    try {
      const m = await edgerec('GetCampaignOnlineMetrics', { campaignArn, hours, bucketMinutes });
      const series = m.series ?? [];
      const ctr = (x) => (x.clickThroughRate !== undefined ? x.clickThroughRate : x.impressions ? x.clicks / x.impressions : null);
      holder.replaceChildren(
        h('div', { class: 'stats' }, stat('Impressions', fmtInt(m.impressions)), stat('Clicks', fmtInt(m.clicks)),
          stat('Click-through', fmtPercent(m.clickThroughRate))),
        timeChart({
          times: series.map((x) => x.start),
          series: [{ label: 'Impressions', values: series.map((x) => x.impressions), className: 's-impressions' },
            { label: 'Clicks', values: series.map((x) => x.clicks), className: 's-clicks' }],
          line: { label: 'Click-through', values: series.map(ctr), className: 's-ctr' },
          title: `Impressions, clicks and click-through of the campaign, ${periods.find(([v]) => v === period.value)[1].toLowerCase()}`,
        }),
        h('details', {}, h('summary', {}, 'As a table'), table({
          caption: 'Per bucket',
          columns: [{ title: 'From', cell: (x) => fmtTime(x.start) }, { title: 'Impressions', num: true, cell: (x) => fmtInt(x.impressions) },
            { title: 'Clicks', num: true, cell: (x) => fmtInt(x.clicks) }, { title: 'Click-through', num: true, cell: (x) => fmtPercent(ctr(x)) }],
          rows: series.filter((x) => x.impressions || x.clicks),
          empty: 'No attributed events in this period.',
        })),
        h('p', { class: 'muted' }, 'Events sent with a recommendationId of this campaign: the items shown (impression) and the events on them (clicks).'));
    } catch (e) {
      if (!e.signedOut) holder.replaceChildren(errorBox(e));
    }
  };
  period.addEventListener('change', load);
  body.replaceChildren(field('Period', period), holder);
  await load();
}
