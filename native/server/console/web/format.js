// Formatting for display: numbers, latencies, percentages, times, humanized keys; and the names
// the console reads out of ARNs and writes into its #/ routes.

export const fmtInt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));

export function fmtNumber(n) {
  if (typeof n !== 'number') return String(n ?? '–');
  if (Number.isInteger(n)) return fmtInt(n);
  return Math.abs(n) >= 100 ? n.toFixed(1) : n.toFixed(4);
}

/** Milliseconds with three significant digits (0.163 ms, 12.4 ms, 215 ms). */
export const fmtMs = (x) => (typeof x === 'number' ? `${x >= 100 ? x.toFixed(0) : x.toPrecision(3)} ms` : '–');

export const fmtPercent = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)} %`);

export function fmtTime(epochSeconds) {
  if (!epochSeconds && epochSeconds !== 0) return '–';
  const d = new Date(epochSeconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function fmtClock(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "usersWithAtLeast2Interactions" -> "Users with at least 2 interactions". */
export function humanize(key) {
  const words = key.replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/([0-9])([A-Za-z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The last path segment of an ARN: a group's, solution's, campaign's or filter's name, a version's id. */
export const nameOf = (arn) => String(arn ?? '').split('/').pop();

/** The solution name of a version ARN (solution/NAME/VERSION). */
export function solutionNameOf(versionArn) {
  const parts = String(versionArn).split(':').pop().split('/');
  return parts[1] ?? '';
}

export const hashFor = (...parts) => `#/${parts.map((p) => encodeURIComponent(p)).join('/')}`;
