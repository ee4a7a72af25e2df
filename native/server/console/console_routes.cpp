// The console's routes and bearer tokens (see console_routes.h).
#include "server/console/console_routes.h"

#include "edgerec/json.h"
#include "server/aws_error.h"

namespace edgerec::server {
namespace {

constexpr std::string_view kBearer = "Bearer ";

// The page runs no inline script and loads nothing from elsewhere; the report it shows is an
// <iframe srcdoc> with inline CSS and SVG (no script either).
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
    "frame-ancestors 'none'";

std::string_view bearer_token(const HttpRequest& request) {
  const std::string* authorization = request.header("Authorization");
  if (authorization == nullptr || authorization->compare(0, kBearer.size(), kBearer) != 0) return {};
  return std::string_view(*authorization).substr(kBearer.size());
}

}  // namespace

bool ConsoleRoutes::is_console_path(std::string_view path) {
  return path == "/console" || path.substr(0, 9) == "/console/";
}

bool ConsoleRoutes::has_bearer(const HttpRequest& request) {
  const std::string* authorization = request.header("Authorization");
  return authorization != nullptr && authorization->compare(0, kBearer.size(), kBearer) == 0;
}

Status ConsoleRoutes::check_bearer(const HttpRequest& request, int64_t now, std::string& error_type) const {
  auto session = sessions_.check(bearer_token(request), now);
  if (session.ok()) return Status::ok_status();
  error_type = session.status().code() == StatusCode::kFailedPrecondition ? "ExpiredTokenException"
                                                                          : "UnrecognizedClientException";
  return invalid_input(session.status().message());
}

HttpResponse ConsoleRoutes::answer(const HttpRequest& request, int64_t now) {
  const std::string_view path = request.path();
  if (path == "/console/session") {
    if (request.method == "POST") return sign_in(request, now);
    if (request.method == "DELETE") {
      (void)sessions_.sign_out(bearer_token(request));
      return json_response(200, "{}");
    }
    return aws_error(405, "MethodNotAllowedException", "/console/session takes POST (sign in) or DELETE (sign out)");
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return aws_error(405, "MethodNotAllowedException", "the console's pages take GET");
  }
  if (path == "/console" || path == "/console/") return file("index.html");
  return file(path.substr(9));
}

HttpResponse ConsoleRoutes::file(std::string_view name) const {
  auto found = assets_.find(name);
  if (!found.ok()) return aws_error(404, "ResourceNotFoundException", found.status().message());
  HttpResponse r;
  r.body = std::move(found->bytes);
  r.with_header("Content-Type", found->content_type)
      .with_header("Content-Security-Policy", kContentSecurityPolicy)
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("Cache-Control", "no-cache");  // a new server version's page shows at once
  return r;
}

HttpResponse ConsoleRoutes::sign_in(const HttpRequest& request, int64_t now) {
  auto root = parse_json(request.body, "the sign-in request");
  if (!root.ok()) return error_response(root.status());
  const JsonValue* id = root->is_object() ? root->find("accessKeyId") : nullptr;
  const JsonValue* secret = root->is_object() ? root->find("secretAccessKey") : nullptr;
  if (id == nullptr || secret == nullptr || !id->is_string() || !secret->is_string()) {
    return aws_error(400, "InvalidInputException", "sign in with {\"accessKeyId\":..., \"secretAccessKey\":...}");
  }
  auto session = sessions_.sign_in(id->as_string(), secret->as_string(), now);
  if (!session.ok()) {
    const bool refused = session.status().code() == StatusCode::kInvalidInput;
    return refused ? aws_error(403, "UnrecognizedClientException", session.status().message())
                   : error_response(session.status());
  }
  JsonWriter w;
  w.begin_object();
  w.key("token");
  w.string(session->token);
  w.key("accessKeyId");
  w.string(session->access_key_id);
  w.key("expiresAt");
  w.integer(session->expires_at);
  w.end_object();
  return json_response(200, w.take());
}

}  // namespace edgerec::server
