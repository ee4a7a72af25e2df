# workerd config for examples/edge-worker (what `wrangler dev` would run): the worker and the
# edgerec package (its worker entry, ES modules and wasm) embedded as modules. The package's
# modules keep their file names so their relative imports resolve; "edgerec" is its entry.
#
#   EDGEREC_ENDPOINT=http://127.0.0.1:8080 EDGEREC_CAMPAIGN=shop-up EDGEREC_CLIENT_KEY=ck-... \
#     js/node_modules/.bin/workerd serve examples/edge-worker/config.capnp
#
# then: curl 'http://127.0.0.1:8787/recommendations?userId=u1'
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .recommendations),
    # edgerec serve may be on loopback or a private network: the default outbound refuses those.
    (name = "outbound", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const recommendations :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "edgerec", esModule = embed "../../js/index.worker.js"),
    (name = "api.js", esModule = embed "../../js/api.js"),
    (name = "core-module.js", esModule = embed "../../js/core-module.js"),
    (name = "inputs.js", esModule = embed "../../js/inputs.js"),
    (name = "instantiate.js", esModule = embed "../../js/instantiate.js"),
    (name = "runtime.js", esModule = embed "../../js/runtime.js"),
    (name = "event-buffer.js", esModule = embed "../../js/event-buffer.js"),
    (name = "errors.js", esModule = embed "../../js/errors.js"),
    (name = "event-tracker.js", esModule = embed "../../js/event-tracker.js"),
    (name = "batch-upload.js", esModule = embed "../../js/batch-upload.js"),
    (name = "event-store-memory.js", esModule = embed "../../js/event-store-memory.js"),
    (name = "event-store-indexeddb.js", esModule = embed "../../js/event-store-indexeddb.js"),
    (name = "platform-browser.js", esModule = embed "../../js/platform-browser.js"),
    (name = "edge-campaign.js", esModule = embed "../../js/edge-campaign.js"),
    (name = "dist/edgerec.mjs", esModule = embed "../../js/dist/edgerec.mjs"),
    (name = "edgerec/edgerec.wasm", wasm = embed "../../js/dist/edgerec.wasm"),
  ],
  bindings = [
    (name = "EDGEREC_ENDPOINT", fromEnvironment = "EDGEREC_ENDPOINT"),
    (name = "EDGEREC_CAMPAIGN", fromEnvironment = "EDGEREC_CAMPAIGN"),
    (name = "EDGEREC_CLIENT_KEY", fromEnvironment = "EDGEREC_CLIENT_KEY"),
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "outbound",
);
