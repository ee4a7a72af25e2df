# workerd config for the edge-worker test (run.mjs starts `workerd serve` with it and
# --socket-addr http=127.0.0.1:<free port>). The package's worker entry and its wasm are
# embedded as modules the way a bundler (wrangler) would ship them: the .wasm as a
# WebAssembly.Module binding, imported by worker.js and handed to init({ wasmModule }).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .edgeWorker),
    # The tracker uploads to edgerec serve on loopback: the default outbound refuses private addresses.
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const edgeWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "edgerec/index.worker.js", esModule = embed "../index.worker.js"),
    (name = "edgerec/api.js", esModule = embed "../api.js"),
    (name = "edgerec/core-module.js", esModule = embed "../core-module.js"),
    (name = "edgerec/inputs.js", esModule = embed "../inputs.js"),
    (name = "edgerec/instantiate.js", esModule = embed "../instantiate.js"),
    (name = "edgerec/runtime.js", esModule = embed "../runtime.js"),
    (name = "edgerec/event-buffer.js", esModule = embed "../event-buffer.js"),
    (name = "edgerec/errors.js", esModule = embed "../errors.js"),
    (name = "edgerec/event-tracker.js", esModule = embed "../event-tracker.js"),
    (name = "edgerec/batch-upload.js", esModule = embed "../batch-upload.js"),
    (name = "edgerec/event-store-memory.js", esModule = embed "../event-store-memory.js"),
    (name = "edgerec/event-store-indexeddb.js", esModule = embed "../event-store-indexeddb.js"),
    (name = "edgerec/platform-browser.js", esModule = embed "../platform-browser.js"),
    (name = "edgerec/edge-campaign.js", esModule = embed "../edge-campaign.js"),
    (name = "edgerec/dist/edgerec.mjs", esModule = embed "../dist/edgerec.mjs"),
    (name = "edgerec/edgerec.wasm", wasm = embed "../dist/edgerec.wasm"),
    (name = "test-support/error-of.js", esModule = embed "../test-support/error-of.js"),
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
