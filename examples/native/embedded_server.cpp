// Embedding edgerec's server in another C++ program (a shop's backend, say): the program serves
// Personalize's Runtime and Events APIs over HTTP to its other services, and uses the very same
// deployed campaigns in-process for its own pages, without a network hop.
//
//   embedded_server HOME CAMPAIGN USER_ID
//
// HOME holds the dataset groups and their campaigns (`edgerec create-campaign`); the access key
// comes from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as for the AWS SDKs (`edgerec
// create-access-key HOME` issues one). The program starts the server on a free port, answers one
// GetRecommendations in-process and one over HTTP signed with Signature Version 4 (as another
// service of the shop would send it), prints both, and stops the server gracefully.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "server/auth/amz_date.h"
#include "server/auth/home_authenticator.h"
#include "server/auth/sigv4_signer.h"
#include "server/edgerec_server.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// POST `body` to 127.0.0.1:port`target`, signed for Personalize in `region`; the status and body.
std::pair<int, std::string> signed_post(uint16_t port, const std::string& target, const std::string& body,
                                        const std::string& key_id, const std::string& secret,
                                        const std::string& region) {
  const std::string host = "127.0.0.1:" + std::to_string(port);
  const std::string amz_date = edgerec::auth::format_amz_date(static_cast<int64_t>(std::time(nullptr)));
  std::vector<std::pair<std::string, std::string>> headers = {
      {"host", host}, {"content-type", "application/json"}, {"x-amz-date", amz_date}};
  const auto view = edgerec::auth::request_view("POST", target, headers, body);
  const edgerec::auth::CredentialScope scope{amz_date.substr(0, 8), region, "personalize"};
  headers.emplace_back("authorization", edgerec::auth::sigv4_authorization(view, key_id, secret, scope, amz_date));

  boost::asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::error_code ec;
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port), ec), ec);
  if (ec) return {0, ec.message()};
  http::request<http::string_body> request(http::verb::post, target, 11);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec) http::read(stream, buffer, response, ec);
  if (ec) return {0, ec.message()};
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: embedded_server HOME CAMPAIGN USER_ID\n");
    return 2;
  }
  const std::string home = argv[1];
  const std::string campaign = argv[2];
  const std::string user = argv[3];
  const char* key_id = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (key_id == nullptr || secret == nullptr) {
    std::fprintf(stderr, "embedded_server: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (edgerec create-access-key HOME)\n");
    return 2;
  }

  // The server, as `edgerec serve` starts it, but on a free port and logging nothing.
  auto authenticator = edgerec::auth::HomeAuthenticator::open(home);
  if (!authenticator.ok()) {
    std::fprintf(stderr, "embedded_server: %s\n", authenticator.status().to_string().c_str());
    return 1;
  }
  edgerec::server::ServerOptions options;
  options.home = home;
  options.http.port = 0;
  options.authenticate = (*authenticator)->hook();
  options.request_log = nullptr;
  auto server = edgerec::server::EdgerecServer::start(std::move(options));
  if (!server.ok()) {
    std::fprintf(stderr, "embedded_server: %s\n", server.status().to_string().c_str());
    return 1;
  }
  const auto& catalog = (*server)->catalog();

  // In-process: the deployed campaign's Runtime, held through the snapshot for the whole call so
  // a campaign swap meanwhile cannot pull it away.
  const auto snapshot = catalog.snapshot();
  const auto deployed = snapshot->campaigns.find(campaign);
  if (deployed == snapshot->campaigns.end()) {
    std::fprintf(stderr, "embedded_server: %s deploys no campaign %s\n", home.c_str(), campaign.c_str());
    return 1;
  }
  const std::string request = "{\"userId\":\"" + user + "\",\"numResults\":5}";
  auto local = deployed->second->runtime->get_recommendations_json(request);
  if (!local.ok()) {
    std::fprintf(stderr, "embedded_server: %s\n", local.status().to_string().c_str());
    return 1;
  }
  std::printf("in-process: %s\n", local->c_str());

  // Over HTTP, as the shop's other services call it (any AWS SDK does the same).
  const std::string arn = edgerec::arn(catalog.identity(), "campaign/" + campaign);
  const auto [status, body] = signed_post((*server)->port(), "/recommendations",
                                          "{\"campaignArn\":\"" + arn + "\",\"userId\":\"" + user +
                                              "\",\"numResults\":5}",
                                          key_id, secret, catalog.identity().region);
  std::printf("over HTTP (%d): %s\n", status, body.c_str());

  (*server)->stop();  // answers what is in flight and commits queued events first
  (*server)->wait();
  return status == 200 ? 0 : 1;
}
