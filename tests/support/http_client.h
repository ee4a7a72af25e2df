// A small HTTP/1.1 client for the server's tests (Boost.Beast, synchronous): plain calls, calls
// signed with AWS Signature Version 4 as the SDKs sign them, and a keep-alive connection for
// tests that send many requests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace edgerec::testing {

struct HttpReply {
  int status = 0;  ///< 0: no answer (connection refused or reset); see `error`
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string error;

  /// The first header called `name` (any case), or "".
  std::string header(const std::string& name) const;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// One request on a new connection to 127.0.0.1:port.
HttpReply http_call(uint16_t port, const std::string& method, const std::string& target, const std::string& body = "",
                    const HttpHeaders& headers = {});

/// The same, signed for service "personalize" in `region` with the key, the date now.
HttpReply signed_call(uint16_t port, const std::string& access_key_id, const std::string& secret,
                      const std::string& method, const std::string& target, const std::string& body,
                      const std::string& region = "us-east-1", const HttpHeaders& headers = {});

/// A keep-alive connection: requests one after another on one socket.
class HttpConnection {
 public:
  explicit HttpConnection(uint16_t port);
  ~HttpConnection();
  HttpReply call(const std::string& method, const std::string& target, const std::string& body = "",
                 const HttpHeaders& headers = {});
  HttpReply signed_call(const std::string& access_key_id, const std::string& secret, const std::string& method,
                        const std::string& target, const std::string& body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edgerec::testing
