// `edgerec serve` as a library: the home's campaigns and dataset groups behind Personalize's
// Runtime and Events APIs over HTTP (runtime_api.h, events_api.h), plus edge bundles for devices,
// health and Prometheus metrics. The CLI command wraps it; another C++ program can embed it
// (examples/native/embedded_server.cpp).
//
// Routes:
//   POST /recommendations, /personalize-ranking      Personalize Runtime (signed)
//   POST /events, /items, /users                     Personalize Events (signed)
//   POST /events/batch                               client event batches (signed, or a client key)
//   GET  /campaigns/NAME/edge-bundle                 the campaign's edge bundle, ETag / 304, CORS
//                                                    (signed, or a client key)
//   GET  /healthz, /metrics                          operations (no credentials)
//   POST /  X-Amz-Target: AmazonPersonalize.OP      Personalize's control plane (signed;
//                                                    control/control_plane.h), AWS JSON 1.1
//   POST /  X-Amz-Target: Edgerec.OP                edgerec's own operations for the console
//                                                    (signed; control_plane.h's extensions, and
//                                                    GetServerStats: live_stats.h)
//   GET  /console ...                                the console (console/console_routes.h)
//
// Credentials: server-to-server calls carry AWS Signature Version 4 (the SDKs sign), checked by
// `authenticate`; browsers, which cannot hold a secret, send an event tracker's publishable client
// key (header X-Edgerec-Client-Key, or ?clientKey= for navigator.sendBeacon) and only from the
// tracker's allowed origins, and only on the two browser routes. The console signs in once with an
// access key and sends "Authorization: Bearer TOKEN", taken on every signed route.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "control/control_plane.h"
#include "control/job_runner.h"
#include "edgerec/status.h"
#include "server/console/console_routes.h"
#include "server/home_catalog.h"
#include "server/http/http_server.h"
#include "server/metrics.h"

namespace edgerec::server {

/// Checks a request's credentials (SigV4); OK, or a Status whose message says what is wrong. The
/// server answers a failure with 403 and the error type in `error_type` (e.g.
/// "InvalidSignatureException").
using Authenticate = std::function<Status(const HttpRequest& request, std::string& error_type)>;

struct ServerOptions {
  std::string home;                  ///< a directory of dataset groups (HOME/NAME)...
  std::unique_ptr<HomeStore> store;  ///< ...or any store behind the interface (used when set)
  HttpServerOptions http;
  Authenticate authenticate;       ///< required
  unsigned refresh_seconds = 2;    ///< how often the store is read again for changes
  std::FILE* request_log = stderr;  ///< one JSON line per request; null: none
  std::FILE* warning_log = stderr;  ///< what cannot be served (a campaign that fails to load), once each
  /// The control plane (a `home` directory only): where jobs' s3:// locations are, and the
  /// workers that run jobs: the edgerec binary (empty: jobs wait for a server that has one) and
  /// how many at a time.
  control::DataLocations buckets;
  std::string worker_executable;
  unsigned max_jobs = 1;
  /// The console's sign-in: whether a secret is an access key's (HomeAuthenticator's
  /// credentials_hook). Without it nobody can sign in to the console.
  CheckCredentials check_credentials;
  /// Serve the console's files from this directory instead of the embedded ones (development).
  std::string console_dir;
};

class EdgerecServer {
 public:
  static Result<std::unique_ptr<EdgerecServer>> start(ServerOptions options);
  ~EdgerecServer();

  uint16_t port() const;
  HomeCatalog& catalog() { return *catalog_; }
  Metrics& metrics() { return *metrics_; }

  /// Reads the home again now, as the refresher does every refresh_seconds, and reports what
  /// newly cannot be served to warning_log.
  Status refresh();

  /// Answers one request as the HTTP transport hands it over (its size limits already applied):
  /// routing, credentials, the route's answer, metrics and the request log. `respond` is called
  /// exactly once, possibly later and from another thread (an event batch, once committed). For
  /// embedders with a transport of their own, and the route fuzzer (tests/fuzz/http_routes).
  void handle(HttpRequest&& request, Respond respond);

  /// Graceful stop: no new connections, requests in flight answered, queued events committed.
  void stop();
  /// Returns when stop() has completed.
  void wait();

 private:
  EdgerecServer() = default;
  void route(HttpRequest&& request, const std::string& route, Respond respond);
  void refresh_loop();
  void report_new_problems();  ///< on stderr, those not reported before

  ServerOptions options_;
  std::unique_ptr<HomeCatalog> catalog_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<control::ControlPlane> control_;
  std::unique_ptr<control::JobRunner> jobs_;
  std::unique_ptr<ConsoleRoutes> console_;
  void control_call(HttpRequest&& request, Respond respond);
  void edgerec_call(const std::string& operation, HttpRequest&& request, Respond respond);
  std::mutex log_mutex_;
  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;
  std::thread refresher_;
  std::mutex problems_mutex_;
  std::set<std::string> reported_problems_;  // guarded by problems_mutex_
};

}  // namespace edgerec::server
