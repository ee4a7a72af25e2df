// The HTTP/1.1 transport of `edgerec serve`: Boost.Beast's asynchronous sessions on a few threads,
// each running its own io_context with the connections dealt to it (TOOLCHAIN.md section 8:
// ~50K req/s and 1,000 keep-alive connections on this 2-core machine, no thread per connection),
// turned into plain HttpRequest / HttpResponse values for a handler.
//
// What the transport enforces, before a handler sees anything: header and body size limits (431,
// 413), a cap on open connections (past it a new connection gets 503 and is closed), an idle
// timeout per connection, malformed requests (400). TCP_NODELAY is set: without it every
// keep-alive response waits ~40 ms (Nagle against delayed ACKs).
//
// Graceful stop: stop() closes the listener, lets requests in flight finish (their handlers may
// still answer) and closes idle connections; wait() returns when every thread is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "server/http/http_message.h"

namespace edgerec::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  ///< loopback unless told otherwise
  uint16_t port = 8080;            ///< 0: any free port (port() tells which)
  unsigned threads = 2;            ///< I/O threads; handlers run on them
  size_t max_header_bytes = kMaxRequestHeaderBytes;
  size_t max_body_bytes = kMaxRequestBodyBytes;
  size_t max_connections = kMaxOpenConnections;
  unsigned idle_timeout_seconds = 60;
};

class HttpServer {
 public:
  /// Binds and starts serving on its own threads; InvalidInput for an unusable host, IoError
  /// when the address cannot be bound (naming it and why).
  static Result<std::unique_ptr<HttpServer>> start(const HttpServerOptions& options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The bound port (the chosen one when options.port was 0).
  uint16_t port() const;
  /// Open connections now.
  size_t connections() const;

  /// Stops accepting and closes idle connections; requests in flight are answered. Idempotent.
  void stop();
  /// Blocks until stop() has taken effect and every request in flight is answered.
  void wait();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace edgerec::server
