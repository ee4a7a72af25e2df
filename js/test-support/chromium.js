// Headless Debian Chromium for the browser tests (js/browser-test, tests/report): one run on one
// URL with a throwaway profile, its whole process group killed afterwards (renderer and zygote
// processes outlive the browser otherwise).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { spawnGroup } from './runner.js';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** playwright-core's `chromium` launcher (the tests that click through pages), or null without the package. */
export async function loadPlaywrightChromium() {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    return null;
  }
}

/** Why a playwright test cannot run here, or null: Chromium or playwright-core missing. */
export function playwrightUnavailable(chromium) {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  if (!chromium) return 'playwright-core is not installed (scripts/setup: npm ci in js/)';
  return null;
}

/**
 * Runs `CHROMIUM --headless ... extraArgs url` and resolves its stdout (e.g. with --dump-dom).
 * Rejects when it exits non-zero or runs longer than timeoutMs.
 */
export function runChromium(url, { extraArgs = [], timeoutMs = 60_000, virtualTimeBudgetMs = 10_000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'edgerec-chromium-'));
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', `--user-data-dir=${profile}`,
    `--virtual-time-budget=${virtualTimeBudgetMs}`, ...extraArgs, url,
  ];
  const browser = spawnGroup(CHROMIUM, args);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      browser.kill();
      reject(new Error(`chromium timed out after ${timeoutMs} ms on ${url}`));
    }, timeoutMs);
    browser.closed.then(
      ({ code }) => {
        clearTimeout(timer);
        browser.kill();
        rmSync(profile, { recursive: true, force: true });
        if (code !== 0) reject(new Error(`chromium exited ${code}: ${browser.stderr.slice(-2000)}`));
        else resolve(browser.stdout);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
