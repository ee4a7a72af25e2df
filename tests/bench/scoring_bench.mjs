// The scoring benchmark's cases through the WebAssembly build (see scoring_bench.cpp), one JSON
// line per case on stdout:
//   1. the raw kernels, fold-in and the C ABI inside wasm: the Emscripten build of scoring_bench
//      (build/wasm/tests/bench/scoring_bench.cjs), run here as a child process;
//   2. the public JS API: Runtime.getRecommendations({userId, numResults}) from js/ (the package
//      over js/dist/edgerec.{mjs,wasm}), i.e. what a page or worker pays per call, JSON both ways.
// Both read the work dir the native scoring_bench wrote (solutions and query users).
//
//   node tests/bench/scoring_bench.mjs --work-dir DIR [--wasm-bench FILE.cjs | --no-raw]
//        [--items 27000,1000000] [--dims 64] [--users 1000] [--seed 1] [--k 25]
//        [--requests N] [--seconds S] [--small]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = {
  workDir: join(root, 'build/bench/scoring'),
  wasmBench: join(root, 'build/wasm/tests/bench/scoring_bench.cjs'),
  raw: true,
  items: [27000, 1000000],
  dims: 64,
  users: 1000,
  seed: 1,
  k: 25,
  requests: 2000,
  seconds: 2,
  minRequests: 20,
  small: false,
};
const passThrough = [];  // flags forwarded to the wasm scoring_bench as given
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
    passThrough.push(flag, argv[i + 1]);
    return argv[++i];
  };
  switch (flag) {
    case '--small':
      Object.assign(args, { small: true, items: [3000, 20000], dims: 32, users: 50, requests: 30, seconds: 0.2, minRequests: 5 });
      passThrough.push(flag);
      break;
    case '--no-raw': args.raw = false; break;
    case '--wasm-bench': args.wasmBench = resolve(argv[++i]); break;
    case '--work-dir': args.workDir = resolve(value()); break;
    case '--items': args.items = value().split(',').map(Number); break;
    case '--dims': args.dims = Number(value()); break;
    case '--users': args.users = Number(value()); break;
    case '--seed': args.seed = Number(value()); break;
    case '--k': args.k = Number(value()); break;
    case '--requests': args.requests = Number(value()); break;
    case '--seconds': args.seconds = Number(value()); break;
    default:
      console.error(`scoring_bench.mjs: unknown flag ${flag}`);
      process.exit(2);
  }
}

// 1. The wasm build of scoring_bench: raw kernels, fold-in, C ABI.
if (args.raw) {
  const run = spawnSync(process.execPath, [args.wasmBench, '--work-dir', args.workDir, ...passThrough],
                        { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.error || run.status !== 0) {
    console.error(`scoring_bench.mjs: ${args.wasmBench} failed (${run.error?.message ?? `exit ${run.status}`}); ` +
                  'build it with cmake --build <wasm build dir> --target scoring_bench');
    process.exit(1);
  }
}

// 2. The public JS API.
const { Runtime } = await import(join(root, 'js/index.node.js'));
const solutionPath = (n, encoding) =>
  join(args.workDir, `solution-${n}-d${args.dims}-s${args.seed}-${encoding}.erec`);

function measure(request) {
  const warmStart = performance.now();
  for (let r = 0; r < 3 || (!args.small && r < 1000 && performance.now() - warmStart < args.seconds * 100); r++) request(r);
  const us = [];
  const start = performance.now();
  for (let r = 0; r < args.requests; r++) {
    const t0 = performance.now();
    request(r);
    const t1 = performance.now();
    us.push((t1 - t0) * 1000);
    if (us.length >= args.minRequests && t1 - start > args.seconds * 1000) break;
  }
  const total = us.reduce((a, b) => a + b, 0);
  us.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  return {
    requests: us.length,
    median_us: round(us[Math.floor(us.length / 2)]),
    p90_us: round(us[Math.min(us.length - 1, Math.floor(us.length * 9 / 10))]),
    mean_us: round(total / us.length),
    min_us: round(us[0]),
  };
}

for (const n of args.items) {
  for (const encoding of ['int8', 'float32']) {
    const rt = await Runtime.load(readFileSync(solutionPath(n, encoding)), { entropy: null });
    const requests = [];
    for (let u = 0; u < args.users; u++) requests.push({ userId: `u${String(u).padStart(5, '0')}`, numResults: args.k });
    let returned = 0;
    const timing = measure((r) => { returned += rt.getRecommendations(requests[r % requests.length]).itemList.length; });
    rt.dispose();
    if (returned === 0) throw new Error('nothing recommended');
    console.log(JSON.stringify({
      bench: 'scoring', target: 'wasm-js', case: 'getRecommendations', encoding, items: n, dims: args.dims, k: args.k,
      ...timing,
    }));
  }
}
