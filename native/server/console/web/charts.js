// Charts: small SVGs built with DOM calls, each with a text alternative (and a table beside it):
// bars over time with an optional line, and the sparkline of an event tracker.

import { h, s } from '/console/dom.js';
import { fmtClock, fmtInt, fmtPercent } from '/console/format.js';

/**
 * Bars over time: series [{label, values, className}] drawn side by side per bucket, and an
 * optional line (0..1, e.g. click-through) on its own axis.
 */
export function timeChart({ times, series, line, title, width = 720, height = 160 }) {
  const pad = { left: 44, right: line ? 48 : 12, top: 12, bottom: 24 };
  const w = width - pad.left - pad.right;
  const hgt = height - pad.top - pad.bottom;
  const max = Math.max(1, ...series.flatMap((sr) => sr.values));
  const n = Math.max(1, times.length);
  const slot = w / n;
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' },
    s('title', {}, title));
  const y = (v) => pad.top + hgt - (v / max) * hgt;
  // Axis and three gridlines with their values.
  for (const f of [0, 0.5, 1]) {
    const v = Math.round(max * f);
    svg.append(s('line', { x1: pad.left, x2: pad.left + w, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmtInt(v)));
  }
  series.forEach((sr, k) => {
    sr.values.forEach((v, i) => {
      if (!v) return;
      const x = pad.left + i * slot + slot * 0.1 + k * barW;
      svg.append(s('rect', { x, y: y(v), width: barW, height: pad.top + hgt - y(v), class: sr.className },
        s('title', {}, `${fmtClock(times[i])} ${sr.label}: ${fmtInt(v)}`)));
    });
  });
  if (line) {
    const ly = (v) => pad.top + hgt - v * hgt;
    const lmax = 1;
    const points = line.values.map((v, i) => (v === null || v === undefined ? null : `${pad.left + (i + 0.5) * slot},${ly(v / lmax)}`));
    const drawn = points.filter(Boolean);
    if (drawn.length > 1) svg.append(s('polyline', { points: drawn.join(' '), class: line.className }));
    // A dot per bucket with a value, so that a single bucket shows too.
    line.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      svg.append(s('circle', { cx: pad.left + (i + 0.5) * slot, cy: ly(v / lmax), r: 3, class: line.className },
        s('title', {}, `${fmtClock(times[i])} ${line.label}: ${fmtPercent(v)}`)));
    });
    for (const f of [0, 0.5, 1]) {
      svg.append(s('text', { x: pad.left + w + 6, y: ly(f) + 4, class: 'tick' }, `${Math.round(f * 100)}%`));
    }
  }
  // Time labels: at most 8.
  const every = Math.max(1, Math.ceil(n / 8));
  times.forEach((t, i) => {
    if (i % every) return;
    svg.append(s('text', { x: pad.left + (i + 0.5) * slot, y: height - 6, 'text-anchor': 'middle', class: 'tick' }, fmtClock(t)));
  });
  const legend = h('ul', { class: 'legend' },
    series.map((sr) => h('li', {}, h('span', { class: `swatch ${sr.className}` }), sr.label)),
    line ? h('li', {}, h('span', { class: `swatch ${line.className}` }), line.label) : '');
  return h('figure', { class: 'chart-figure' }, svg, h('figcaption', {}, legend));
}

/** A tiny bar chart of counts (per minute), with the text alternative as its label. */
export function sparkline(values, label) {
  const width = 120;
  const height = 24;
  const max = Math.max(1, ...values);
  const w = width / Math.max(1, values.length);
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `${label}: ${values.reduce((a, b) => a + b, 0)} in the last hour`, class: 'sparkline' },
    values.map((v, i) => (v ? s('rect', { x: i * w, y: height - (v / max) * height, width: Math.max(1, w - 0.5), height: (v / max) * height }) : null)));
}
