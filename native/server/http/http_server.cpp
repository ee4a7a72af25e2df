// The Boost.Beast transport (see http_server.h). The only file that includes Beast: its headers
// are heavy, and nothing else needs to know which HTTP library serves.
#include "server/http/http_server.h"

#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "edgerec/json.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace edgerec::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

// What every session shares with the server.
struct Shared {
  HttpHandler handler;
  HttpServerOptions options;
  std::atomic<bool> stopping{false};
  std::mutex mutex;  // guards the counts below and `sessions`
  std::condition_variable changed;
  size_t connections = 0;
  size_t in_flight = 0;
  std::list<std::weak_ptr<Session>> sessions;

  void count(long connections_delta, long in_flight_delta) {
    std::lock_guard<std::mutex> lock(mutex);
    connections = static_cast<size_t>(static_cast<long>(connections) + connections_delta);
    in_flight = static_cast<size_t>(static_cast<long>(in_flight) + in_flight_delta);
    changed.notify_all();
  }
};

// What the transport answers by itself, in the shape the AWS SDKs read: the x-amzn-ErrorType
// header (without it the SDKs raise an "Unknown" error), "__type" and "message", with the names
// the services above it use for the same causes (aws_error.h, events_api.cpp).
HttpResponse plain_error(int status, const std::string& message) {
  const char* type = status == 413 || status == 431 ? "LimitExceededException"
                     : status == 503                ? "ServiceUnavailableException"
                     : status >= 500                ? "InternalFailure"
                                                    : "BadRequestException";
  HttpResponse r;
  r.status = status;
  JsonWriter w;
  w.begin_object();
  w.key("__type");
  w.string(type);
  w.key("message");
  w.string(message);
  w.end_object();
  r.body = w.take();
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("x-amzn-ErrorType", type);
  return r;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared, bool refuse)
      : stream_(std::move(socket)), shared_(std::move(shared)), refuse_(refuse) {}

  ~Session() { shared_->count(-1, 0); }

  void start() {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    remote_ = stream_.socket().remote_endpoint(ec).address().to_string();
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->refuse_) {
        self->keep_alive_ = false;
        self->shared_->count(0, 1);
        self->write(plain_error(503, "too many connections; retry later"));
      } else {
        self->read();
      }
    });
  }

  /// On the session's thread: closes the connection unless a request is being answered.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

  /// From any thread: the handler's answer. Posted, even from the session's own thread: writing
  /// it inline (dispatch) doubled the context switches per request under load (server_bench).
  void respond(HttpResponse response) {
    net::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(response)]() mutable {
      self->write(std::move(r));
    });
  }

 private:
  void read() {
    if (shared_->stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_->options.max_header_bytes));
    parser_->body_limit(shared_->options.max_body_bytes);
    stream_.expires_after(std::chrono::seconds(shared_->options.idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return close();
    }
    if (ec) {
      // A request the transport refuses: answer once, then close (the stream is unusable).
      keep_alive_ = false;
      busy_ = true;
      shared_->count(0, 1);
      if (ec == http::error::body_limit) {
        return write(plain_error(413, "request body larger than " + std::to_string(shared_->options.max_body_bytes) +
                                          " bytes"));
      }
      if (ec == http::error::header_limit) {
        return write(plain_error(431, "request headers larger than " +
                                          std::to_string(shared_->options.max_header_bytes) + " bytes"));
      }
      return write(plain_error(400, "malformed HTTP request: " + ec.message()));
    }
    http::request<http::string_body> req = parser_->release();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.headers.reserve(16);
    for (const auto& field : req) request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(req.body());
    request.remote = remote_;
    request.received = std::chrono::steady_clock::now();
    busy_ = true;
    shared_->count(0, 1);
    stream_.expires_never();  // the handler may take its time (an event batch waits for its commit)
    shared_->handler(std::move(request), make_respond());
  }

  // A Respond that answers 500 if the handler drops it unanswered, so no connection hangs.
  Respond make_respond() {
    struct Once {
      std::shared_ptr<Session> session;
      std::atomic<bool> done{false};
      ~Once() {
        if (!done) session->respond(plain_error(500, "internal error: the request was not answered"));
      }
    };
    auto once = std::make_shared<Once>();
    once->session = shared_from_this();
    return [once](HttpResponse response) {
      if (!once->done.exchange(true)) once->session->respond(std::move(response));
    };
  }

  void write(HttpResponse response) {
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<http::status>(response.status));
    for (Header& h : response.headers) response_.set(h.first, h.second);
    response_.body() = std::move(response.body);
    response_.keep_alive(keep_alive_ && !shared_->stopping);
    response_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(shared_->options.idle_timeout_seconds));
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, size_t) {
    busy_ = false;
    shared_->count(0, -1);
    if (ec || !response_.keep_alive()) return close();
    read();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  std::shared_ptr<Shared> shared_;
  std::string remote_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool busy_ = false;
  bool closed_ = false;
  bool refuse_ = false;
};

}  // namespace

// One io_context per I/O thread, each run by its thread alone, and connections dealt to them in
// turn: a connection's handlers then run on one thread without a strand, and a thread waits in
// its own epoll instead of being woken through a shared queue. One io_context shared by all
// threads spent its time in strands, locks and wakeups: this layout took server_bench from 0.41x
// to 0.53x of the in-process throughput (with the reused OpenSSL contexts of hmac_sha256.cpp).
// Answers from other threads (an event batch's commit) are posted to the connection's
// io_context, which is thread-safe.
struct HttpServer::Impl {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::unique_ptr<tcp::acceptor> acceptor;  // on contexts[0]
  size_t next_context = 0;                  // touched by the accept handler only
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();
  std::vector<std::thread> threads;
  uint16_t port = 0;
  std::once_flag stop_once;
  std::once_flag wait_once;

  explicit Impl(unsigned thread_count) {
    for (unsigned t = 0; t < thread_count; ++t) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      work.push_back(net::make_work_guard(*contexts.back()));
    }
    acceptor = std::make_unique<tcp::acceptor>(*contexts[0]);
  }

  void accept() {
    net::io_context& target = *contexts[next_context++ % contexts.size()];
    acceptor->async_accept(target, [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (shared->stopping || ec == net::error::operation_aborted) return;
        return accept();  // e.g. too many open files: the next one may work
      }
      bool refuse = false;
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        refuse = shared->connections >= shared->options.max_connections;
        ++shared->connections;
        // Forget sessions that are gone, so the list stays as long as the open connections.
        shared->sessions.remove_if([](const std::weak_ptr<Session>& s) { return s.expired(); });
      }
      auto session = std::make_shared<Session>(std::move(socket), shared, refuse);
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->sessions.push_back(session);
      }
      session->start();
      if (!shared->stopping) accept();
    });
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  stop();
  wait();
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const HttpServerOptions& options, HttpHandler handler) {
  auto impl = std::make_unique<Impl>(std::max(1u, options.threads));
  impl->shared->handler = std::move(handler);
  impl->shared->options = options;
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(options.host, ec);
  if (ec) return invalid_input("--host " + options.host + " is not an IP address: " + ec.message());
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = options.host + ":" + std::to_string(options.port);
  tcp::acceptor& acceptor = *impl->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return io_error("cannot listen on " + where + ": " + ec.message());
  impl->port = acceptor.local_endpoint().port();
  impl->accept();
  for (const auto& context : impl->contexts) {
    net::io_context* io = context.get();
    impl->threads.emplace_back([io] { io->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->port; }

size_t HttpServer::connections() const {
  std::lock_guard<std::mutex> lock(impl_->shared->mutex);
  return impl_->shared->connections;
}

void HttpServer::stop() {
  std::call_once(impl_->stop_once, [this] {
    impl_->shared->stopping = true;
    net::post(impl_->acceptor->get_executor(), [this] {
      boost::system::error_code ec;
      impl_->acceptor->close(ec);
    });
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard<std::mutex> lock(impl_->shared->mutex);
      for (const auto& weak : impl_->shared->sessions) {
        if (auto s = weak.lock()) open.push_back(std::move(s));
      }
    }
    for (const auto& s : open) s->close_if_idle();
  });
}

void HttpServer::wait() {
  std::call_once(impl_->wait_once, [this] {
    {
      // Requests in flight are answered first; their connections close after the answer.
      std::unique_lock<std::mutex> lock(impl_->shared->mutex);
      impl_->shared->changed.wait(lock, [this] {
        return impl_->shared->stopping && impl_->shared->in_flight == 0 && impl_->shared->connections == 0;
      });
    }
    for (auto& guard : impl_->work) guard.reset();
    for (std::thread& t : impl_->threads) t.join();
  });
}

}  // namespace edgerec::server
