// `edgerec serve --home HOME [--host 127.0.0.1] [--port 8080]`: the home's campaigns behind
// Personalize's Runtime and Events APIs (server/edgerec_server.h), until SIGTERM or SIGINT, which
// stop it gracefully (no new connections, requests in flight answered, queued events committed).
#include <csignal>
#include <cstdio>
#include <pthread.h>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "edgerec/limits.h"
#include "server/auth/home_authenticator.h"
#include "server/edgerec_server.h"

namespace edgerec::cli {
namespace {

int serve_command(const Args& args) {
  constexpr const char* kName = "serve";
  const std::string home = args.value("home");
  // The home's identity, when given, is recorded first: every ARN the server shows carries it.
  if (args.has("region") || args.has("account")) {
    auto identity = read_home_identity(home);
    if (!identity.ok()) return report_failure(kName, identity.status());
    if (auto region = args.get("region")) identity->region = *region;
    if (auto account = args.get("account")) identity->account = *account;
    if (Status s = write_home_identity(home, *identity); !s.ok()) return report_failure(kName, s, true);
  }
  server::ServerOptions options;
  options.home = home;
  options.http.host = args.value("host");
  auto port = args.get_int("port", 8080, 0, 65535);
  if (!port.ok()) return report_failure(kName, port.status(), true);
  options.http.port = static_cast<uint16_t>(*port);
  auto threads = args.get_int("threads", 2, 1, 256);
  if (!threads.ok()) return report_failure(kName, threads.status(), true);
  options.http.threads = static_cast<unsigned>(*threads);
  auto max_body = args.get_int("max-body-bytes", static_cast<int64_t>(kMaxRequestBodyBytes), 1024, int64_t{1} << 30);
  if (!max_body.ok()) return report_failure(kName, max_body.status(), true);
  options.http.max_body_bytes = static_cast<size_t>(*max_body);
  auto max_connections = args.get_int("max-connections", static_cast<int64_t>(kMaxOpenConnections), 1, 1000000);
  if (!max_connections.ok()) return report_failure(kName, max_connections.status(), true);
  options.http.max_connections = static_cast<size_t>(*max_connections);
  auto refresh = args.get_int("refresh-seconds", 2, 1, 3600);
  if (!refresh.ok()) return report_failure(kName, refresh.status(), true);
  options.refresh_seconds = static_cast<unsigned>(*refresh);
  if (args.has("quiet")) options.request_log = nullptr;
  for (const std::string& bucket : args.get_all("bucket")) {
    if (Status s = options.buckets.add(bucket); !s.ok()) return report_failure(kName, s, true);
  }
  auto max_jobs = args.get_int("max-jobs", 1, 1, 64);
  if (!max_jobs.ok()) return report_failure(kName, max_jobs.status(), true);
  options.max_jobs = static_cast<unsigned>(*max_jobs);
  // Jobs run in worker processes of this very binary (`edgerec run-job`).
  auto self = this_executable();
  if (!self.ok()) return report_failure(kName, self.status());
  options.worker_executable = *self;
  auto authenticator = auth::HomeAuthenticator::open(home);
  if (!authenticator.ok()) return report_failure(kName, authenticator.status());
  options.authenticate = (*authenticator)->hook();
  options.check_credentials = (*authenticator)->credentials_hook();
  if (auto dir = args.get("console-dir")) options.console_dir = *dir;

  // Signals go to this thread alone (sigwait below), never to the server's threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-response is an error value, not a death

  auto server = server::EdgerecServer::start(std::move(options));
  if (!server.ok()) return report_failure(kName, server.status());
  const auto snap = (*server)->catalog().snapshot();
  JsonWriter ready;
  ready.begin_object();
  const std::string url = "http://" + args.value("host") + ":" + std::to_string((*server)->port());
  ready.key("listening");
  ready.string(url);
  ready.key("console");
  ready.string(url + "/console");
  ready.key("port");
  ready.integer((*server)->port());
  ready.key("datasetGroups");
  ready.integer(static_cast<int64_t>(snap->groups.size()));
  ready.key("campaigns");
  ready.integer(static_cast<int64_t>(snap->campaigns.size()));
  ready.end_object();
  std::printf("%s\n", ready.str().c_str());
  std::fflush(stdout);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::fprintf(stderr, "edgerec serve: %s: stopping (answering requests in flight, committing events)\n",
               signal == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->stop();
  (*server)->wait();
  std::fprintf(stderr, "edgerec serve: stopped\n");
  return 0;
}

CommandSpec serve_spec() {
  CommandSpec spec;
  spec.name = "serve";
  spec.summary = "serve the home's campaigns: Personalize's Runtime and Events APIs over HTTP";
  spec.order = 120;
  spec.usage = {"edgerec serve --home HOME [--host 127.0.0.1] [--port 8080] [flags]"};
  spec.description =
      "Serves every dataset group under HOME (HOME/NAME) and its campaigns, named filters and event\n"
      "trackers over HTTP, as Amazon Personalize's Runtime (POST /recommendations, /personalize-ranking)\n"
      "and Events (POST /events, /items, /users) services, so the AWS SDKs work with only the endpoint\n"
      "changed; plus POST /events/batch (client event batches), GET /campaigns/NAME/edge-bundle,\n"
      "GET /healthz and GET /metrics (Prometheus), and the console at /console (sign in with an access\n"
      "key). Requests are signed with AWS Signature Version 4 by an access key of the home\n"
      "(create-access-key); browsers use an event tracker's client key.\n"
      "Changes to the home's stores (new campaigns, versions, filters) are picked up while it runs.\n"
      "The control plane's jobs (imports, solution versions, solutions' automatic training, data\n"
      "deletion, batch jobs) run in worker processes, --max-jobs at a time; several servers on one\n"
      "home share them, and each job runs once.\n"
      "Prints {\"listening\":URL,\"console\":URL/console,\"port\":N,...} when ready, one JSON log line per\n"
      "request on stderr; SIGTERM or SIGINT stops it gracefully.";
  spec.flags = {path_flag("home", "HOME", "the directory holding the dataset groups (HOME/NAME)").required(),
                text_flag("host", "ADDRESS", "the address to listen on (loopback unless told otherwise)")
                    .defaults_to("127.0.0.1"),
                text_flag("port", "N", "the port (0: any free one, printed when ready)").defaults_to("8080"),
                text_flag("threads", "N", "I/O threads, which also run the requests").defaults_to("2"),
                text_flag("region", "REGION", "the region the home's ARNs carry (recorded in HOME/edgerec-home.json)"),
                text_flag("account", "ID", "the 12-digit account id the home's ARNs carry (recorded likewise)"),
                text_flag("max-body-bytes", "N", "the largest request body accepted (413 beyond)").defaults_to(std::to_string(kMaxRequestBodyBytes)),
                text_flag("max-connections", "N", "open connections at most (503 beyond)").defaults_to(std::to_string(kMaxOpenConnections)),
                text_flag("refresh-seconds", "N", "how often the stores are read again for changes").defaults_to("2"),
                text_flag("bucket", "BUCKET=DIR", "jobs' s3://BUCKET/KEY locations are DIR/KEY (control plane)").repeatable(),
                text_flag("max-jobs", "N", "background jobs (imports, training) running at once").defaults_to("1"),
                path_flag("console-dir", "DIR", "serve the console's files from DIR instead of the built-in ones (development)"),
                switch_flag("quiet", "no request log lines")};
  spec.examples = {"edgerec serve --home /srv/edgerec --port 8080",
                   "edgerec serve --home ./home --port 0 --region eu-west-1 --account 123456789012"};
  spec.run = serve_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(serve_spec);

}  // namespace edgerec::cli
