// Test helpers around the native CLI: generate solution versions and get the CLI's answers.
// (Kept outside js/test/: node --test runs every file under a directory named "test".)
//
// The CLI's path comes from EDGEREC_CLI (set by CTest, tests/js.cmake), else build/native/edgerec.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JS_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const REPO_DIR = resolve(JS_DIR, '..');
export const CLI = resolve(process.env.EDGEREC_CLI || join(REPO_DIR, 'build/native/edgerec'));
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';

/**
 * Why the CLI-backed tests cannot run here, or null when they can. Under CI a missing CLI is a
 * failure (thrown), never a skip.
 */
export function cliUnavailable() {
  if (existsSync(CLI)) return null;
  const why = `native CLI not found at ${CLI}: build it first (cmake --build build/native) or set EDGEREC_CLI`;
  if (IN_CI) throw new Error(why);
  return why;
}

export function runCli(args) {
  try {
    return execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${CLI} ${args.join(' ')} failed (exit ${e.status}): ${e.stderr || e.message}`);
  }
}

/**
 * Synthesizes interactions and trains a solution (popularity-count unless `recipe` says
 * otherwise; `trainArgs` are extra `edgerec train` flags) in a fresh temp dir. With
 * `withItems`, the synthetic Items CSV (GENRE, CATEGORY, PRICE, CREATION_TIMESTAMP) is trained
 * on too, so the solution carries item metadata for filters.
 * @returns {{dir: string, path: string, bytes: Uint8Array, cleanup: () => void}}
 */
export function makeSolution({
  users = 120, items = 60, interactions = 4000, seed = 11, recipe = 'popularity-count', trainArgs = [],
  withItems = false,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'edgerec-js-test-'));
  const csv = join(dir, 'interactions.csv');
  const itemsCsv = join(dir, 'items.csv');
  const path = join(dir, `${recipe}.erec`);
  runCli(['synth', '--users', `${users}`, '--items', `${items}`, '--interactions', `${interactions}`,
    '--seed', `${seed}`, '--output', csv, ...(withItems ? ['--items-output', itemsCsv] : [])]);
  runCli(['train', '--recipe', recipe, '--interactions', csv, '--output', path, '--quiet',
    ...(withItems ? ['--items', itemsCsv] : []), ...trainArgs]);
  return {
    dir,
    path,
    bytes: new Uint8Array(readFileSync(path)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The CLI's flags for a request's filterExpression / filterValues (--filter / --filter-values)
 * and metadataColumns (--metadata-columns), and a runtime's campaignConfig (--campaign-config).
 */
function filterArgs({ filterExpression, filterValues, metadataColumns, campaignConfig } = {}) {
  const args = [];
  if (filterExpression !== undefined) args.push('--filter', filterExpression);
  if (filterValues !== undefined) args.push('--filter-values', JSON.stringify(filterValues));
  if (metadataColumns !== undefined) args.push('--metadata-columns', (metadataColumns.ITEMS ?? []).join(','));
  if (campaignConfig !== undefined) args.push('--campaign-config', JSON.stringify(campaignConfig));
  return args;
}

/**
 * The CLI's GetRecommendations response (parsed) for one user (or, with `{itemId}`, one item),
 * optionally filtered (`{filterExpression, filterValues}`), with `{metadataColumns}`, or from a
 * runtime with `{campaignConfig}`.
 */
export function cliRecommend(solutionPath, userId, numResults, { itemId, ...filter } = {}) {
  const args = ['recommend', '--solution', solutionPath];
  if (userId !== undefined) args.push('--user-id', userId);
  if (itemId !== undefined) args.push('--item-id', itemId);
  if (numResults !== undefined) args.push('--num-results', `${numResults}`);
  return JSON.parse(runCli([...args, ...filterArgs(filter)]));
}

/** The CLI's GetPersonalizedRanking response (parsed), optionally filtered or with metadataColumns. */
export function cliRank(solutionPath, userId, inputList, filter = {}) {
  return JSON.parse(runCli(['rank', '--solution', solutionPath, '--user-id', userId, '--input-list', inputList.join(','),
    ...filterArgs(filter)]));
}

/** Runs the CLI expecting failure; returns its stderr. */
/** Runs the CLI without blocking the event loop; resolves {code, stdout, stderr}. */
export function cliAsync(args, input) {
  return new Promise((done) => {
    const child = spawn(CLI, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code, stdout, stderr }));  // 'close': after the output is read
    child.stdin.end(input ?? '');
  });
}

export function cliFailure(args) {
  try {
    execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return e.stderr;
  }
  throw new Error(`${CLI} ${args.join(' ')} succeeded, expected a failure`);
}

/**
 * Compares two responses: same item ids in the same order, scores within 1e-6 (relative for
 * large scores). Returns null if they match, else a message naming the first difference.
 */
export function diffItemLists(expected, actual, key = 'itemList') {
  const a = expected[key];
  const b = actual[key];
  if (!Array.isArray(a) || !Array.isArray(b)) return 'itemList missing';
  if (a.length !== b.length) return `length ${b.length}, expected ${a.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i].itemId !== b[i].itemId) return `rank ${i}: itemId ${b[i].itemId}, expected ${a[i].itemId}`;
    if (a[i].score === undefined || b[i].score === undefined) {
      if (a[i].score !== b[i].score) return `rank ${i} (${a[i].itemId}): score ${b[i].score}, expected ${a[i].score}`;
      continue;
    }
    const tol = 1e-6 * Math.max(1, Math.abs(a[i].score));
    if (!(Math.abs(a[i].score - b[i].score) <= tol)) {
      return `rank ${i} (${a[i].itemId}): score ${b[i].score}, expected ${a[i].score}`;
    }
  }
  return null;
}
