// Browser test: the wasm core in headless Chromium gives the native CLI's answers.
//
//   node browser-test/run.mjs        (CTest: js.browser; env CHROMIUM, EDGEREC_CLI)
//
// Serves the repo's js/ (plus the generated solution at /solution.erec) on a node:http server on
// a free loopback port, then runs Debian's chromium --headless --dump-dom on
// js/browser-test/index.html: golden cases + error handling through index.browser.js.
// (The example page, examples/browser, is a shop on a running edgerec serve: js/test/browser-shop.test.js.)
// Exit 0 when all pass, 1 on failure, 77 (CTest: skipped) when Chromium or the CLI is missing
// outside CI.
import { existsSync } from 'node:fs';

import { CHROMIUM, runChromium } from '../test-support/chromium.js';
import { REPO_DIR, cliRecommend, cliUnavailable, diffItemLists, makeSolution } from '../test-support/cli.js';
import { serveStatic, skipOrFail, tally } from '../test-support/runner.js';

const CASES = [
  ['u1', null],
  ['u2', 10],
  ['u42', 1],
  ['u77', 200],
  ['nobody', 5],
];

/** Runs headless Chromium on `url` and returns the dumped DOM. */
function dumpDom(url, timeoutMs = 60_000) {
  return runChromium(url, { extraArgs: ['--dump-dom'], timeoutMs });
}

function unescapeHtml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function outText(dom) {
  const m = /<pre id="out"[^>]*>([\s\S]*?)<\/pre>/.exec(dom);
  return m ? unescapeHtml(m[1]).trim() : null;
}

async function main() {
  if (!existsSync(CHROMIUM)) skipOrFail(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const missing = cliUnavailable();
  if (missing) skipOrFail(missing);

  const fixture = makeSolution({ users: 500, items: 200, interactions: 20000, seed: 7 });
  // The repo's js/, plus the generated solution.
  const server = await serveStatic({
    root: REPO_DIR,
    dirs: ['js'],
    routes: { '/solution.erec': fixture.bytes },
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const { check, finish } = tally('browser');

  try {
    const url = `${base}/js/browser-test/index.html?cases=${encodeURIComponent(JSON.stringify(CASES))}`;
    const text = outText(await dumpDom(url));
    if (!text?.startsWith('RESULT ')) {
      check('browser-test page reports a result', false, text ?? 'no #out in the dumped DOM');
    } else {
      const report = JSON.parse(Buffer.from(text.slice(7), 'base64').toString('utf8'));
      console.log(`# ${report.userAgent}; wasm init ${report.initMs.toFixed(1)} ms`);
      CASES.forEach(([userId, n], i) => {
        const expected = cliRecommend(fixture.path, userId, n ?? undefined);
        const diff = diffItemLists(expected, report.results[i]);
        check(`golden userId=${userId} numResults=${n ?? 'default'} == CLI`, diff === null, diff);
      });
      const c = report.checks;
      const isErr = (r, codes) => r.thrown && r.isEdgerecError && codes.includes(r.code) && r.message.length > 0;
      check('numResults 501 -> EdgerecError 10', isErr(c.numResults501, [10]), JSON.stringify(c.numResults501));
      check('unknown field -> EdgerecError 10', isErr(c.unknownField, [10]), JSON.stringify(c.unknownField));
      check('non-binary bytes -> EdgerecError 10', isErr(c.notBytes, [10]), JSON.stringify(c.notBytes));
      check('empty bytes -> EdgerecError 30', isErr(c.empty, [30]), JSON.stringify(c.empty));
      check('truncated bytes -> EdgerecError 30/40', isErr(c.truncated, [30, 40]), JSON.stringify(c.truncated));
      check('flipped byte -> EdgerecError 30/40', isErr(c.flipped, [30, 40]), JSON.stringify(c.flipped));
      check('recommendationIds differ between calls', c.distinctIds === true);
      check('call after dispose -> EdgerecError 70', isErr(c.afterDispose, [70]), JSON.stringify(c.afterDispose));
    }
  } catch (e) {
    check('browser run', false, e.stack);
  } finally {
    server.close();
    fixture.cleanup();
  }
  finish();
}

await main();
