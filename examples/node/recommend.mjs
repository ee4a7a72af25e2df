// GetRecommendations from a solution version in Node, through the wasm core.
//
//   node examples/node/recommend.mjs build/demo/popularity.erec u1 10
//
// Prints the response JSON (the same as `edgerec recommend`); on error prints
// "<CodeName> (<code>): <message>" to stderr and exits 1.
// In your own project: npm install edgerec, then import { Runtime } from 'edgerec'.
import { readFile } from 'node:fs/promises';
import { EdgerecError, Runtime } from '../../js/index.node.js';

const [solutionPath, userId, numResults] = process.argv.slice(2);
if (!solutionPath || !userId) {
  console.error('usage: node recommend.mjs <solution.erec> <userId> [numResults]');
  process.exit(2);
}

try {
  const runtime = await Runtime.load(await readFile(solutionPath));
  const request = { userId };
  if (numResults !== undefined) request.numResults = Number(numResults);
  console.log(JSON.stringify(runtime.getRecommendations(request)));
  runtime.dispose();
} catch (e) {
  if (!(e instanceof EdgerecError)) throw e;
  console.error(`${e.codeName} (${e.code}): ${e.message}`);
  process.exit(1);
}
