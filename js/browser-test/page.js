// Runs inside headless Chromium (see run.mjs). Collects the wasm core's answers for the cases in
// ?cases=[[userId, numResults|null], ...] plus error-handling checks, and reports them as
// "RESULT <base64 of JSON>" in #out for the runner to compare with the native CLI.
import { EdgerecError, Runtime, init } from '../index.browser.js';
import { makeErrorOf } from '../test-support/error-of.js';

const out = document.getElementById('out');

const errorOf = makeErrorOf(EdgerecError);

async function main() {
  const cases = JSON.parse(new URLSearchParams(location.search).get('cases') ?? '[]');
  const t0 = performance.now();
  await init(); // default: fetch ../dist/edgerec.wasm relative to index.browser.js
  const initMs = performance.now() - t0;
  const bytes = new Uint8Array(await (await fetch('/solution.erec')).arrayBuffer());
  const rt = await Runtime.load(bytes);
  const results = cases.map(([userId, numResults]) =>
    rt.getRecommendations(numResults === null ? { userId } : { userId, numResults }),
  );
  const truncated = bytes.slice(0, bytes.length - 1);
  const flipped = bytes.slice();
  flipped[bytes.length >> 1] ^= 0xff;
  const checks = {
    numResults501: await errorOf(() => rt.getRecommendations({ userId: 'u1', numResults: 501 })),
    unknownField: await errorOf(() => rt.getRecommendations({ userId: 'u1', bogus: true })),
    notBytes: await errorOf(() => Runtime.load('not bytes')),
    empty: await errorOf(() => Runtime.load(new ArrayBuffer(0))),
    truncated: await errorOf(() => Runtime.load(truncated)),
    flipped: await errorOf(() => Runtime.load(flipped)),
    distinctIds: rt.getRecommendations({ userId: 'u1' }).recommendationId !== rt.getRecommendations({ userId: 'u1' }).recommendationId,
  };
  rt.dispose();
  checks.afterDispose = await errorOf(() => rt.getRecommendations({ userId: 'u1' }));
  return { results, checks, initMs, userAgent: navigator.userAgent };
}

main().then(
  (r) => {
    out.textContent = `RESULT ${btoa(unescape(encodeURIComponent(JSON.stringify(r))))}`;
  },
  (e) => {
    out.textContent = `ERROR ${e?.name}: ${e?.message} (code ${e?.code})`;
  },
);
