// Routing, credentials, CORS, logs and the store watcher of `edgerec serve` (see edgerec_server.h).
#include "server/edgerec_server.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "server/aws_error.h"
#include "server/events_api.h"
#include "server/runtime_api.h"

namespace edgerec::server {
namespace {

const std::vector<std::string> kRoutes = {"recommendations", "personalize-ranking", "events", "items", "users",
                                          "events-batch", "edge-bundle", "healthz", "metrics", "control", "console"};

std::string route_of(const HttpRequest& r) {
  const std::string_view p = r.path();
  if (p == "/recommendations") return "recommendations";
  if (p == "/personalize-ranking") return "personalize-ranking";
  if (p == "/events") return "events";
  if (p == "/items") return "items";
  if (p == "/users") return "users";
  if (p == "/events/batch") return "events-batch";
  if (p == "/healthz") return "healthz";
  if (p == "/metrics") return "metrics";
  if (p == "/" && r.header("X-Amz-Target") != nullptr) return "control";
  if (ConsoleRoutes::is_console_path(p)) return "console";
  if (p.substr(0, 11) == "/campaigns/" && p.size() > 23 && p.substr(p.size() - 12) == "/edge-bundle") return "edge-bundle";
  return "other";
}

bool browser_route(const std::string& route) { return route == "events-batch" || route == "edge-bundle"; }

// The value of `key` in a query string (no decoding needed: client keys are [a-z0-9-]).
std::string query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key && eq != std::string_view::npos) return std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

bool origin_allowed(const EventTrackerRecord& tracker, const std::string& origin) {
  return std::any_of(tracker.allowed_origins.begin(), tracker.allowed_origins.end(),
                     [&](const std::string& o) { return o == "*" || o == origin; });
}

void add_cors(HttpResponse& r, const std::string& origin) {
  r.with_header("Access-Control-Allow-Origin", origin)
      .with_header("Vary", "Origin")
      .with_header("Access-Control-Expose-Headers", "ETag");
}

// Formatted once a second per thread: strftime on every answer showed in the server's profile.
const std::string& http_date_now() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  const std::time_t t = std::time(nullptr);
  if (t != formatted_at) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text = buf;
    formatted_at = t;
  }
  return text;
}

std::string utc_now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// If-None-Match (RFC 9110 13.1.2): "*", or a list of entity tags compared weakly (a W/ prefix
// does not matter for a GET), as browsers and CDNs send them.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  size_t i = 0;
  while (i < if_none_match.size()) {
    while (i < if_none_match.size() && (if_none_match[i] == ' ' || if_none_match[i] == ',')) ++i;
    size_t end = if_none_match.find(',', i);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(i, end - i);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (!tag.empty() && tag == etag) return true;
    i = end;
  }
  return false;
}

// A control-plane answer: 200 with AWS JSON 1.1's content type.
HttpResponse amz_json_response(std::string body) {
  HttpResponse r = json_response(200, std::move(body));
  for (Header& h : r.headers) {
    if (h.first == "Content-Type") h.second = "application/x-amz-json-1.1";
  }
  return r;
}

}  // namespace

Result<std::unique_ptr<EdgerecServer>> EdgerecServer::start(ServerOptions options) {
  if (!options.authenticate) return invalid_input("the server needs an authenticator (SigV4)");
  std::unique_ptr<EdgerecServer> s(new EdgerecServer());
  s->options_ = std::move(options);
  if (s->options_.store) {
    EDGEREC_ASSIGN_OR_RETURN(s->catalog_, HomeCatalog::open(std::move(s->options_.store)));
  } else {
    EDGEREC_ASSIGN_OR_RETURN(s->catalog_, HomeCatalog::open(s->options_.home));
  }
  if (!s->options_.store) {
    if (!s->options_.worker_executable.empty()) {
      control::JobRunnerOptions jobs;
      jobs.home = s->options_.home;
      jobs.worker_executable = s->options_.worker_executable;
      jobs.max_jobs = s->options_.max_jobs;
      jobs.log = s->options_.warning_log;
      EDGEREC_ASSIGN_OR_RETURN(s->jobs_, control::JobRunner::start(std::move(jobs)));
    }
    control::ControlPlaneOptions plane;
    plane.home = s->options_.home;
    plane.locations = s->options_.buckets;
    control::JobRunner* runner = s->jobs_.get();
    plane.job_recorded = [runner](const control::PendingJob&) {
      if (runner != nullptr) runner->wake();
    };
    s->control_ = std::make_unique<control::ControlPlane>(std::move(plane));
  }
  s->metrics_ = std::make_unique<Metrics>(kRoutes);
  s->console_ = std::make_unique<ConsoleRoutes>(ConsoleAssets(s->options_.console_dir), s->options_.check_credentials);
  HomeCatalog* catalog = s->catalog_.get();
  s->metrics_->gauge("campaigns_deployed", "Campaigns the server serves.",
                     [catalog] { return static_cast<double>(catalog->snapshot()->campaigns.size()); });
  s->metrics_->gauge("campaign_swaps", "Campaigns redeployed with another version or config since start.",
                     [catalog] { return static_cast<double>(catalog->swaps()); });
  s->report_new_problems();
  EdgerecServer* self = s.get();
  EDGEREC_ASSIGN_OR_RETURN(s->http_, HttpServer::start(s->options_.http, [self](HttpRequest&& r, Respond respond) {
                             self->handle(std::move(r), std::move(respond));
                           }));
  HttpServer* http = s->http_.get();
  s->metrics_->gauge("http_connections", "Open HTTP connections.", [http] { return static_cast<double>(http->connections()); });
  s->refresher_ = std::thread([self] { self->refresh_loop(); });
  return s;
}

EdgerecServer::~EdgerecServer() {
  stop();
  wait();
}

uint16_t EdgerecServer::port() const { return http_->port(); }

void EdgerecServer::stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  stop_changed_.notify_all();
  http_->stop();
}

void EdgerecServer::wait() {
  http_->wait();  // every request answered, so every event it queued was committed or refused
  if (refresher_.joinable()) refresher_.join();
  if (jobs_) jobs_->stop();
  catalog_->stop_writers();
}

void EdgerecServer::refresh_loop() {
  std::unique_lock<std::mutex> lock(stop_mutex_);
  while (!stopping_) {
    stop_changed_.wait_for(lock, std::chrono::seconds(std::max(1u, options_.refresh_seconds)));
    if (stopping_) break;
    lock.unlock();
    (void)refresh();
    lock.lock();
  }
}

Status EdgerecServer::refresh() {
  Status refreshed = catalog_->refresh();
  if (!refreshed.ok() && options_.warning_log != nullptr) {
    std::fprintf(options_.warning_log, "edgerec serve: warning: reading the home again failed: %s\n",
                 refreshed.to_string().c_str());
  }
  report_new_problems();
  return refreshed;
}

void EdgerecServer::report_new_problems() {
  // Each problem once, while it lasts: a campaign that cannot be deployed is not repeated on
  // every refresh, and is reported again if it comes back after being fixed.
  std::lock_guard<std::mutex> lock(problems_mutex_);
  std::set<std::string> now;
  for (const std::string& problem : catalog_->snapshot()->problems) {
    if (reported_problems_.count(problem) == 0 && options_.warning_log != nullptr) {
      std::fprintf(options_.warning_log, "edgerec serve: warning: %s\n", problem.c_str());
      std::fflush(options_.warning_log);
    }
    now.insert(problem);
  }
  reported_problems_ = std::move(now);
}

void EdgerecServer::handle(HttpRequest&& request, Respond respond) {
  const std::string route = route_of(request);
  const auto started = request.received;
  const std::string method = request.method;
  const std::string path(request.path());
  const std::string remote = request.remote;
  const size_t bytes_in = request.body.size();
  const std::string* target = route == "control" ? request.header("X-Amz-Target") : nullptr;
  const std::string operation = target != nullptr ? *target : "";
  // Every answer is counted and logged here, whichever thread gives it.
  Respond counted = [this, route, started, method, path, remote, bytes_in, operation, respond](HttpResponse response) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_->observe(route, response.status, seconds);
    if (options_.request_log != nullptr) {
      JsonWriter w;
      w.begin_object();
      w.key("time");
      w.string(utc_now_iso());
      w.key("method");
      w.string(method);
      w.key("path");
      w.string(path);
      w.key("route");
      w.string(route);
      if (!operation.empty()) {
        w.key("operation");
        w.string(operation);
      }
      w.key("status");
      w.integer(response.status);
      w.key("ms");
      w.number(std::round(seconds * 1e6) / 1e3);
      w.key("bytesIn");
      w.integer(static_cast<int64_t>(bytes_in));
      w.key("bytesOut");
      w.integer(static_cast<int64_t>(response.body.size()));
      w.key("remote");
      w.string(remote);
      if (response.status >= 400) {
        for (const Header& h : response.headers) {
          if (equals_ignoring_case(h.first, "x-amzn-ErrorType")) {
            w.key("error");
            w.string(h.second);
          }
        }
      }
      w.end_object();
      std::string line = w.take() + "\n";
      std::lock_guard<std::mutex> lock(log_mutex_);
      std::fwrite(line.data(), 1, line.size(), options_.request_log);
      std::fflush(options_.request_log);
    }
    // The SDKs correct their clock from Date when a signature is refused as expired.
    response.headers.emplace_back("Date", http_date_now());
    respond(std::move(response));
  };
  this->route(std::move(request), route, std::move(counted));
}

void EdgerecServer::route(HttpRequest&& request, const std::string& route, Respond respond) {
  const auto need = [&](const char* method) {
    if (request.method == method) return true;
    respond(aws_error(405, "MethodNotAllowedException", std::string(route) + " takes " + method));
    return false;
  };
  if (route == "healthz") {
    if (!need("GET")) return;
    const auto snap = catalog_->snapshot();
    JsonWriter w;
    w.begin_object();
    w.key("status");
    w.string("ok");
    w.key("campaigns");
    w.integer(static_cast<int64_t>(snap->campaigns.size()));
    w.key("datasetGroups");
    w.integer(static_cast<int64_t>(snap->groups.size()));
    w.end_object();
    return respond(json_response(200, w.take()));
  }
  if (route == "metrics") {
    if (!need("GET")) return;
    HttpResponse r;
    r.body = metrics_->prometheus_text();
    r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4");
    return respond(std::move(r));
  }
  if (route == "other") {
    return respond(aws_error(404, "UnknownOperationException", "no such route: " + std::string(request.path())));
  }
  if (route == "console") return respond(console_->answer(request, std::time(nullptr)));

  // Browser routes: CORS preflight, and a client key instead of a signature.
  const std::string* origin = request.header("Origin");
  const TrackerEntry* key_tracker = nullptr;
  std::shared_ptr<const HomeSnapshot> snap = catalog_->snapshot();
  if (browser_route(route)) {
    if (request.method == "OPTIONS") {
      HttpResponse r;
      r.status = 204;
      const bool allowed = origin != nullptr && std::any_of(snap->client_keys.begin(), snap->client_keys.end(),
                                                            [&](const auto& kv) { return origin_allowed(kv.second.record, *origin); });
      if (allowed) {
        add_cors(r, *origin);
        r.with_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            .with_header("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, X-Edgerec-Client-Key, If-None-Match")
            .with_header("Access-Control-Max-Age", "600");
      }
      return respond(std::move(r));
    }
    std::string key;
    if (const std::string* header = request.header("X-Edgerec-Client-Key")) key = *header;
    if (key.empty()) key = query_value(request.query(), "clientKey");
    if (!key.empty() && request.header("Authorization") == nullptr) {
      const auto found = snap->client_keys.find(key);
      if (found == snap->client_keys.end()) {
        return respond(aws_error(403, "UnrecognizedClientException", "the client key is not one of this server's event trackers"));
      }
      key_tracker = &found->second;
      if (origin != nullptr && !origin_allowed(key_tracker->record, *origin)) {
        return respond(aws_error(403, "AccessDeniedException",
                                 "origin " + *origin + " is not allowed for event tracker " + key_tracker->record.name +
                                     " (create-event-tracker --allowed-origin)"));
      }
    }
    if (origin != nullptr && key_tracker != nullptr) {
      const std::string allowed_origin = *origin;
      respond = [respond, allowed_origin](HttpResponse r) {
        add_cors(r, allowed_origin);
        respond(std::move(r));
      };
    }
  }
  if (key_tracker == nullptr) {
    std::string error_type = "InvalidSignatureException";
    const Status s = ConsoleRoutes::has_bearer(request) ? console_->check_bearer(request, std::time(nullptr), error_type)
                                                        : options_.authenticate(request, error_type);
    if (!s.ok()) return respond(aws_error(403, error_type, s.message()));
  }

  // Only event batches come compressed (content_encoding.h); elsewhere the body would be read as
  // JSON still encoded, so an encoding is refused by name instead.
  if (const std::string* encoding = request.header("Content-Encoding");
      encoding != nullptr && route != "events-batch" && !equals_ignoring_case(trim_optional_whitespace(*encoding), "identity")) {
    return respond(aws_error(415, "UnsupportedMediaTypeException",
                             "Content-Encoding " + quote_for_message(*encoding) + " is not accepted on " + std::string(request.path()) +
                                 " (only POST /events/batch may be gzipped)"));
  }

  if (route == "control") {
    if (need("POST")) control_call(std::move(request), std::move(respond));
  } else if (route == "recommendations" || route == "personalize-ranking") {
    if (!need("POST")) return;
    std::string campaign;
    HttpResponse r = route == "recommendations" ? get_recommendations(*catalog_, request, &campaign)
                                                : get_personalized_ranking(*catalog_, request, &campaign);
    if (!campaign.empty()) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request.received).count();
      metrics_->live().campaign_request(campaign, r.status, seconds, std::time(nullptr));
    }
    respond(std::move(r));
  } else if (route == "events") {
    if (need("POST")) put_events(*catalog_, *metrics_, std::move(request), std::move(respond));
  } else if (route == "items") {
    if (need("POST")) put_items(*catalog_, std::move(request), std::move(respond));
  } else if (route == "users") {
    if (need("POST")) put_users(*catalog_, std::move(request), std::move(respond));
  } else if (route == "events-batch") {
    if (need("POST")) put_event_batch(*catalog_, *metrics_, std::move(request), key_tracker, std::move(respond));
  } else if (route == "edge-bundle") {
    if (!need("GET")) return;
    const std::string_view p = request.path();
    const std::string name(p.substr(11, p.size() - 11 - 12));
    auto campaign = snap->campaigns.find(name);
    if (campaign == snap->campaigns.end()) {
      catalog_->refresh_since(request.received);
      snap = catalog_->snapshot();
      campaign = snap->campaigns.find(name);
    }
    if (campaign == snap->campaigns.end()) {
      return respond(aws_error(404, "ResourceNotFoundException", "campaign " + name + " does not exist"));
    }
    if (key_tracker != nullptr && key_tracker->group != campaign->second->group) {
      return respond(aws_error(403, "AccessDeniedException",
                               "the client key is for dataset group " + key_tracker->group->name + ", not campaign " +
                                   name + "'s"));
    }
    auto bundle = campaign->second->edge_bundle();
    if (!bundle.ok()) return respond(error_response(bundle.status()));
    HttpResponse r;
    r.headers.emplace_back("ETag", bundle->second);
    r.headers.emplace_back("Cache-Control", "no-cache");  // revalidate: a campaign can change version
    const std::string* if_none = request.header("If-None-Match");
    if (if_none != nullptr && etag_matches(*if_none, bundle->second)) {
      r.status = 304;
      return respond(std::move(r));
    }
    r.headers.emplace_back("Content-Type", "application/octet-stream");
    r.body = *bundle->first;
    respond(std::move(r));
  }
}

void EdgerecServer::control_call(HttpRequest&& request, Respond respond) {
  // AWS JSON 1.1: the operation is named by X-Amz-Target as SERVICE.OPERATION.
  const std::string target = *request.header("X-Amz-Target");
  const std::string extension_prefix = "Edgerec.";
  if (target.compare(0, extension_prefix.size(), extension_prefix) == 0) {
    return edgerec_call(target.substr(extension_prefix.size()), std::move(request), std::move(respond));
  }
  const std::string prefix = "AmazonPersonalize.";
  const std::string operation = target.compare(0, prefix.size(), prefix) == 0 ? target.substr(prefix.size()) : "";
  if (operation.empty() || control::ControlPlane::support(operation) == control::ControlPlane::Support::kUnknown) {
    return respond(aws_error(400, "UnknownOperationException",
                             "X-Amz-Target " + quote_for_message(target) + " is not an Amazon Personalize operation (AmazonPersonalize.OPERATION)"));
  }
  if (control::ControlPlane::support(operation) == control::ControlPlane::Support::kNotSupported) {
    return respond(aws_error(400, "UnsupportedOperationException",
                             operation + " is an Amazon Personalize operation edgerec does not support; "
                                         "docs/control-plane.md lists what it supports"));
  }
  if (!control_) {
    return respond(aws_error(400, "UnsupportedOperationException",
                             "this server's store has no control plane (it serves a home directory only)"));
  }
  auto result = control_->call(operation, request.body);
  if (!result.ok()) {
    const std::string type = control::ControlPlane::error_type(result.status());
    return respond(type.empty() ? error_response(result.status()) : aws_error(400, type, result.status().message()));
  }
  if (control::ControlPlane::changes_deployment(operation)) (void)refresh();
  respond(amz_json_response(std::move(result).value()));
}

void EdgerecServer::edgerec_call(const std::string& operation, HttpRequest&& request, Respond respond) {
  // The server's own numbers are known here only; the rest are the control plane's.
  if (operation == "GetServerStats") return respond(amz_json_response(metrics_->live().json(std::time(nullptr))));
  if (!control::ControlPlane::is_extension(operation)) {
    return respond(aws_error(400, "UnknownOperationException",
                             "X-Amz-Target " + quote_for_message("Edgerec." + operation) +
                                 " is not one of edgerec's operations (docs/console.md lists them)"));
  }
  if (!control_) {
    return respond(aws_error(400, "UnsupportedOperationException",
                             "this server's store has no control plane (it serves a home directory only)"));
  }
  auto result = control_->call_extension(operation, request.body);
  if (!result.ok()) return respond(error_response(result.status()));
  respond(amz_json_response(std::move(result).value()));
}

}  // namespace edgerec::server
