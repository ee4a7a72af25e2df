// The tests' HTTP client (see http_client.h). Beast stays in this one file.
#include "support/http_client.h"

#include <ctime>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/auth/amz_date.h"
#include "server/auth/http_request_view.h"
#include "server/auth/sigv4_signer.h"

namespace edgerec::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpHeaders with_signature(uint16_t port, const std::string& key, const std::string& secret, const std::string& method,
                           const std::string& target, const std::string& body, const std::string& region,
                           HttpHeaders headers) {
  const std::string amz_date = auth::format_amz_date(static_cast<int64_t>(std::time(nullptr)));
  headers.emplace_back("host", "127.0.0.1:" + std::to_string(port));
  headers.emplace_back("x-amz-date", amz_date);
  headers.emplace_back("content-type", "application/json");
  auth::HttpRequestView view = auth::request_view(method, target, headers, body);
  const auth::CredentialScope scope{amz_date.substr(0, 8), region, "personalize"};
  headers.emplace_back("authorization", auth::sigv4_authorization(view, key, secret, scope, amz_date));
  return headers;
}

}  // namespace

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (beast::iequals(k, name)) return v;
  }
  return "";
}

struct HttpConnection::Impl {
  net::io_context io;
  beast::tcp_stream stream{io};
  uint16_t port = 0;
  bool connected = false;
  std::string error;

  HttpReply call(const std::string& method, const std::string& target, const std::string& body,
                 const HttpHeaders& headers) {
    HttpReply reply;
    beast::error_code ec;
    if (!connected) {
      stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
      if (ec) {
        reply.error = ec.message();
        return reply;
      }
      stream.socket().set_option(tcp::no_delay(true), ec);
      connected = true;
    }
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    bool has_host = false;
    for (const auto& [k, v] : headers) {
      req.set(k, v);
      has_host = has_host || beast::iequals(k, "host");
    }
    if (!has_host) req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req, ec);
    if (ec) {
      connected = false;
      reply.error = ec.message();
      return reply;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1u << 30);
    http::read(stream, buffer, parser, ec);
    if (ec) {
      connected = false;
      reply.error = ec.message();
      return reply;
    }
    auto& res = parser.get();
    reply.status = static_cast<int>(res.result_int());
    for (const auto& field : res) reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    reply.body = std::move(res.body());
    if (!res.keep_alive()) {
      stream.socket().close(ec);
      connected = false;
    }
    return reply;
  }
};

HttpConnection::HttpConnection(uint16_t port) : impl_(std::make_unique<Impl>()) { impl_->port = port; }
HttpConnection::~HttpConnection() = default;

HttpReply HttpConnection::call(const std::string& method, const std::string& target, const std::string& body,
                               const HttpHeaders& headers) {
  return impl_->call(method, target, body, headers);
}

HttpReply HttpConnection::signed_call(const std::string& key, const std::string& secret, const std::string& method,
                                      const std::string& target, const std::string& body) {
  return impl_->call(method, target, body,
                     with_signature(impl_->port, key, secret, method, target, body, "us-east-1", {}));
}

HttpReply http_call(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                    const HttpHeaders& headers) {
  HttpConnection c(port);
  return c.call(method, target, body, headers);
}

HttpReply signed_call(uint16_t port, const std::string& key, const std::string& secret, const std::string& method,
                      const std::string& target, const std::string& body, const std::string& region,
                      const HttpHeaders& headers) {
  return http_call(port, method, target, body, with_signature(port, key, secret, method, target, body, region, headers));
}

}  // namespace edgerec::testing
