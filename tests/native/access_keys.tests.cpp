// A server home's access keys (native/server/auth/access_keys.h): keys of AWS's shapes from the
// kernel's random source, HOME/access-keys.json made 0600 and refused when others may read it,
// atomic and locked changes, a key that verifies a signed request; then the CLI commands
// create-access-key, list-access-keys and delete-access-key.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <tuple>
#include <string>
#include <thread>
#include <vector>

#include "server/auth/access_keys.h"
#include "server/auth/home_authenticator.h"
#include "server/auth/live_access_keys.h"
#include "server/auth/sigv4_signer.h"
#include "server/auth/sigv4_verifier.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "store/arns.h"
#include "support/owned_request.h"

using edgerec::StatusCode;
using edgerec::auth::AccessKey;
using edgerec::auth::AccessKeys;
using edgerec::auth::access_keys_path;
using edgerec::auth::create_access_key;
using edgerec::auth::delete_access_key;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

constexpr int64_t kNow = 1714558830;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

AccessKey create(const std::string& home, const std::string& description = "") {
  auto key = create_access_key(home, description, kNow);
  INFO(key.status().message());
  REQUIRE(key.ok());
  return *key;
}

AccessKeys load(const std::string& home) {
  auto keys = AccessKeys::load(home);
  INFO(keys.status().message());
  REQUIRE(keys.ok());
  return *keys;
}

bool only_of(const std::string& text, const std::string& alphabet) {
  return text.find_first_not_of(alphabet) == std::string::npos;
}

}  // namespace

TEST_CASE("access keys: created with AWS's shapes, random, stored 0600 and loaded back", "[access]") {
  TempDir dir;
  const std::string home = dir.file("home");  // made by the first key
  const AccessKey first = create(home, "shop backend");
  CHECK(first.access_key_id.size() == 20);
  CHECK(first.access_key_id.substr(0, 4) == "EDGE");
  CHECK(only_of(first.access_key_id.substr(4), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
  CHECK(first.secret_access_key.size() == 40);
  CHECK(only_of(first.secret_access_key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"));
  CHECK(first.description == "shop backend");
  CHECK(first.created_at == kNow);
  CHECK(mode_of(access_keys_path(home)) == 0600);

  std::set<std::string> ids = {first.access_key_id}, secrets = {first.secret_access_key};
  for (int i = 0; i < 20; ++i) {
    const AccessKey key = create(home);
    ids.insert(key.access_key_id);
    secrets.insert(key.secret_access_key);
  }
  CHECK(ids.size() == 21);
  CHECK(secrets.size() == 21);

  const AccessKeys keys = load(home);
  REQUIRE(keys.keys().size() == 21);
  CHECK(keys.keys()[0].access_key_id == first.access_key_id);  // creation order
  CHECK(keys.keys()[0].description == "shop backend");
  REQUIRE(keys.find_secret(first.access_key_id) != nullptr);
  CHECK(*keys.find_secret(first.access_key_id) == first.secret_access_key);
  CHECK(keys.find_secret("EDGEAAAAAAAAAAAAAAAA") == nullptr);
  CHECK(keys.find_secret("") == nullptr);
}

TEST_CASE("access keys: the file stays 0600 whatever the umask, and a leftover temporary file is not reused", "[access]") {
  TempDir dir;
  const std::string leftover = access_keys_path(dir.path()) + ".tmp-" + std::to_string(::getpid());
  write_text_file(leftover, "stale");
  ::chmod(leftover.c_str(), 0666);
  const mode_t old_umask = ::umask(0);
  auto key = create_access_key(dir.path(), "", kNow);
  ::umask(old_umask);
  REQUIRE(key.ok());
  CHECK(mode_of(access_keys_path(dir.path())) == 0600);
  CHECK(::access(leftover.c_str(), F_OK) != 0);  // renamed into place
}

TEST_CASE("access keys: a home without the file has no keys, a missing home is NotFound", "[access]") {
  TempDir dir;
  CHECK(load(dir.path()).keys().empty());
  auto missing = AccessKeys::load(dir.file("nope"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK_THAT(missing.status().message(), Catch::Contains(dir.file("nope")));
}

TEST_CASE("access keys: a file its group or others may read is refused, saying how to fix it", "[access]") {
  TempDir dir;
  const AccessKey key = create(dir.path(), "k");
  const std::string path = access_keys_path(dir.path());
  const std::string before = read_text_file(path);
  for (const mode_t mode : {0644, 0640, 0604, 0620, 0602}) {
    INFO(mode);
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    auto keys = AccessKeys::load(dir.path());
    REQUIRE_FALSE(keys.ok());
    CHECK(keys.status().code() == StatusCode::kFailedPrecondition);
    CHECK_THAT(keys.status().message(), Catch::Contains(path) && Catch::Contains("readable only by its owner") &&
                                            Catch::Contains("chmod 600 " + path));
    // Changes are refused too, and leave the file as it was.
    CHECK_FALSE(create_access_key(dir.path(), "", kNow).ok());
    CHECK_FALSE(delete_access_key(dir.path(), key.access_key_id).ok());
    CHECK(read_text_file(path) == before);
  }
  REQUIRE(::chmod(path.c_str(), 0400) == 0);  // read-only for the owner is fine
  CHECK(load(dir.path()).keys().size() == 1);
}

TEST_CASE("access keys: delete removes one key, an unknown id is NotFound and changes nothing", "[access]") {
  TempDir dir;
  const AccessKey a = create(dir.path(), "a");
  const AccessKey b = create(dir.path(), "b");
  REQUIRE(delete_access_key(dir.path(), a.access_key_id).ok());
  const AccessKeys keys = load(dir.path());
  REQUIRE(keys.keys().size() == 1);
  CHECK(keys.keys()[0].access_key_id == b.access_key_id);
  CHECK(keys.find_secret(a.access_key_id) == nullptr);
  CHECK(mode_of(access_keys_path(dir.path())) == 0600);

  const std::string before = read_text_file(access_keys_path(dir.path()));
  const edgerec::Status again = delete_access_key(dir.path(), a.access_key_id);
  CHECK(again.code() == StatusCode::kNotFound);
  CHECK_THAT(again.message(), Catch::Contains(a.access_key_id));
  CHECK(read_text_file(access_keys_path(dir.path())) == before);
  CHECK(delete_access_key(dir.file("no-home"), a.access_key_id).code() == StatusCode::kNotFound);
}

TEST_CASE("access keys: a write that fails leaves the file as it was", "[access]") {
  TempDir dir;
  create(dir.path(), "kept");
  const std::string path = access_keys_path(dir.path());
  const std::string before = read_text_file(path);
  // The temporary file's name taken by a directory: the write fails before any rename.
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  REQUIRE(::mkdir(temp.c_str(), 0700) == 0);
  auto failed = create_access_key(dir.path(), "lost", kNow);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == StatusCode::kIoError);
  CHECK_THAT(failed.status().message(), Catch::Contains(temp));
  CHECK(read_text_file(path) == before);
  CHECK_FALSE(delete_access_key(dir.path(), load(dir.path()).keys()[0].access_key_id).ok());
  CHECK(read_text_file(path) == before);
  ::rmdir(temp.c_str());
  CHECK(load(dir.path()).keys().size() == 1);
}

TEST_CASE("access keys: concurrent creations lose no key", "[access]") {
  TempDir dir;
  create(dir.path());
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) failures[t] += create_access_key(dir.path(), "t" + std::to_string(t), kNow).ok() ? 0 : 1;
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == std::vector<int>(4, 0));
  CHECK(load(dir.path()).keys().size() == 33);
}

TEST_CASE("access keys: descriptions are UTF-8 of at most 256 characters, a home holds at most 100 keys", "[access]") {
  TempDir dir;
  CHECK(create(dir.path(), std::string(256, 'd')).description.size() == 256);
  CHECK(create(dir.path(), "caf\xc3\xa9 \"quoted\"\n").description == "caf\xc3\xa9 \"quoted\"\n");
  auto too_long = create_access_key(dir.path(), std::string(257, 'd'), kNow);
  CHECK(too_long.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(too_long.status().message(), Catch::Contains("257 characters; at most 256"));
  auto bad = create_access_key(dir.path(), "\xff", kNow);
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(bad.status().message(), Catch::Contains("not valid UTF-8"));
  CHECK(load(dir.path()).keys()[1].description == "caf\xc3\xa9 \"quoted\"\n");

  for (int i = 2; i < 100; ++i) create(dir.path());
  auto full = create_access_key(dir.path(), "", kNow);
  CHECK(full.status().code() == StatusCode::kResourceExhausted);
  CHECK_THAT(full.status().message(), Catch::Contains("100 access keys"));
}

TEST_CASE("access keys: a damaged or unknown file is refused with where it is wrong", "[access]") {
  TempDir dir;
  const std::string path = access_keys_path(dir.path());
  const std::string key = R"({"accessKeyId":"AKIDEXAMPLE","secretAccessKey":"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY","createdAt":1})";
  const std::vector<std::tuple<std::string, StatusCode, std::string>> cases = {
      {"{", StatusCode::kInvalidInput, path},
      {"[]", StatusCode::kCorruptData, "expected a JSON object"},
      {R"({"accessKeys":[]})", StatusCode::kCorruptData, "missing \"formatVersion\""},
      {R"({"formatVersion":2,"accessKeys":[]})", StatusCode::kUnsupportedVersion, "formatVersion 2"},
      {R"({"formatVersion":1,"accessKeys":{}})", StatusCode::kCorruptData, "accessKeys: expected array"},
      {R"({"formatVersion":1,"accessKeys":[1]})", StatusCode::kCorruptData, "accessKeys[0]: expected an object"},
      {R"({"formatVersion":1,"accessKeys":[{"accessKeyId":"A","createdAt":1}]})", StatusCode::kCorruptData,
       "accessKeys[0]: missing \"secretAccessKey\""},
      {R"({"formatVersion":1,"accessKeys":[{"accessKeyId":"A/B","secretAccessKey":"s","createdAt":1}]})",
       StatusCode::kCorruptData, "accessKeys[0].accessKeyId: expected 1 to 128 printable ASCII"},
      {R"({"formatVersion":1,"accessKeys":[{"accessKeyId":"A","secretAccessKey":"has space","createdAt":1}]})",
       StatusCode::kCorruptData, "accessKeys[0].secretAccessKey"},
      {R"({"formatVersion":1,"accessKeys":[{"accessKeyId":"A","secretAccessKey":"s","createdAt":1.5}]})",
       StatusCode::kCorruptData, "createdAt: expected epoch seconds"},
      {R"({"formatVersion":1,"accessKeys":[)" + key + "," + key + "]}", StatusCode::kCorruptData,
       "accessKeys[1]: access key \"AKIDEXAMPLE\" is listed twice"},
  };
  for (const auto& [text, code, words] : cases) {
    INFO(text);
    write_text_file(path, text);
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    auto keys = AccessKeys::load(dir.path());
    REQUIRE_FALSE(keys.ok());
    CHECK(keys.status().code() == code);
    CHECK_THAT(keys.status().message(), Catch::Contains(words) && Catch::Contains(path));
    CHECK_THAT(keys.status().message(), !Catch::Contains("wJalrXUtnFEMI"));
  }
  // A hand-written file with AWS's example key loads, with an empty description.
  write_text_file(path, R"({"formatVersion":1,"accessKeys":[)" + key + "]}");
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  const AccessKeys keys = load(dir.path());
  REQUIRE(keys.keys().size() == 1);
  CHECK(keys.keys()[0].description.empty());
}

TEST_CASE("access keys: a created key verifies a request signed with it", "[access][sigv4]") {
  TempDir dir;
  const AccessKey key = create(dir.path(), "client");
  edgerec::testing::OwnedRequest request;
  request.method = "POST";
  request.path = "/recommendations";
  request.body = R"({"campaignArn":"arn:aws:personalize:us-east-1:000000000000:campaign/shop","userId":"u1"})";
  request.headers = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json"}, {"X-Amz-Date", "20240501T102030Z"}};
  const edgerec::auth::CredentialScope scope{"20240501", "us-east-1", "personalize"};
  request.headers.emplace_back("Authorization", edgerec::auth::sigv4_authorization(request.view(), key.access_key_id,
                                                                                  key.secret_access_key, scope,
                                                                                  "20240501T102030Z"));
  edgerec::auth::SigV4Settings settings;
  settings.clock = [] { return kNow; };
  const edgerec::auth::SigV4Verifier verifier(settings);
  const auto verified = verifier.verify(request.view(), load(dir.path()));
  INFO((verified.ok() ? "" : verified.error().message));
  REQUIRE(verified.ok());
  CHECK(verified.principal().access_key_id == key.access_key_id);

  REQUIRE(delete_access_key(dir.path(), key.access_key_id).ok());
  const auto deleted = verifier.verify(request.view(), load(dir.path()));
  REQUIRE_FALSE(deleted.ok());
  CHECK(deleted.error().error_type() == std::string("UnrecognizedClientException"));
}

TEST_CASE("access keys: create-access-key, list-access-keys and delete-access-key", "[access][cli]") {
  TempDir dir;
  const std::string home = dir.file("srv");
  auto created = run_command(kCli + " create-access-key --home " + q(home) + " --description 'shop backend'");
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  CHECK_THAT(created.err, Catch::Contains("shown only now"));
  const auto key = json_of(created.out);
  const std::string id = key.find("accessKeyId")->as_string();
  const std::string secret = key.find("secretAccessKey")->as_string();
  CHECK(id.size() == 20);
  CHECK(secret.size() == 40);
  CHECK(key.find("description")->as_string() == "shop backend");
  CHECK(key.find("createdAt")->is_number());
  CHECK(mode_of(access_keys_path(home)) == 0600);

  REQUIRE(run_command(kCli + " create-access-key --home " + q(home)).exit_code == 0);
  auto listed = run_command(kCli + " list-access-keys --home " + q(home));
  REQUIRE(listed.exit_code == 0);
  CHECK_THAT(listed.out, !Catch::Contains(secret) && !Catch::Contains("secretAccessKey"));
  const auto list = json_of(listed.out);
  REQUIRE(list.find("accessKeys")->items().size() == 2);
  const auto& first = list.find("accessKeys")->items()[0];
  CHECK(first.find("accessKeyId")->as_string() == id);
  CHECK(first.find("description")->as_string() == "shop backend");

  auto deleted = run_command(kCli + " delete-access-key --home " + q(home) + " --access-key-id " + id);
  REQUIRE(deleted.exit_code == 0);
  CHECK(json_of(deleted.out).find("deleted")->as_bool());
  auto again = run_command(kCli + " delete-access-key --home " + q(home) + " --access-key-id " + id);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::StartsWith("edgerec delete-access-key: NotFound: no access key \"" + id + "\""));
  CHECK(json_of(run_command(kCli + " list-access-keys --home " + q(home)).out).find("accessKeys")->items().size() == 1);

  REQUIRE(::chmod(access_keys_path(home).c_str(), 0644) == 0);
  auto open = run_command(kCli + " list-access-keys --home " + q(home));
  CHECK(open.exit_code == 1);
  CHECK_THAT(open.err, Catch::StartsWith("edgerec list-access-keys: FailedPrecondition: ") &&
                           Catch::Contains("chmod 600 " + access_keys_path(home)));
  CHECK(run_command(kCli + " create-access-key --home " + q(home)).exit_code == 1);

  auto usage = run_command(kCli + " list-access-keys");
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("--home"));
}

TEST_CASE("access keys: a running server sees keys created and deleted, and keeps its keys through a bad file",
          "[access]") {
  TempDir dir;
  const AccessKey first = create(dir.path(), "first");
  auto opened = edgerec::auth::LiveAccessKeys::open(dir.path(), std::chrono::milliseconds(0));
  REQUIRE(opened.ok());
  edgerec::auth::LiveAccessKeys& live = **opened;
  const auto before = live.current();
  CHECK(before->keys().size() == 1);
  CHECK(live.current() == before);  // unchanged file: the same snapshot

  const AccessKey second = create(dir.path(), "second");
  CHECK(live.current()->find_secret(second.access_key_id) != nullptr);
  CHECK(before->keys().size() == 1);  // a snapshot taken earlier is left as it was
  REQUIRE(delete_access_key(dir.path(), first.access_key_id).ok());
  CHECK(live.current()->find_secret(first.access_key_id) == nullptr);
  CHECK(live.last_reload_status().ok());

  const std::string path = access_keys_path(dir.path());
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  CHECK(live.current()->find_secret(second.access_key_id) != nullptr);
  CHECK(live.last_reload_status().code() == StatusCode::kFailedPrecondition);
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  CHECK(live.current()->keys().size() == 1);
  CHECK(live.last_reload_status().ok());

  // Checked at most once per interval: a change within it is seen after it.
  auto slow = edgerec::auth::LiveAccessKeys::open(dir.path(), std::chrono::hours(1));
  REQUIRE(slow.ok());
  create(dir.path());
  CHECK((*slow)->current()->keys().size() == 1);

  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  auto refused = edgerec::auth::LiveAccessKeys::open(dir.path());
  CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
}

TEST_CASE("access keys: the home's authenticator verifies in the home's region, as the server's hook", "[access][sigv4]") {
  TempDir dir;
  REQUIRE(edgerec::write_home_identity(dir.path(), {"eu-west-1", "123456789012"}).ok());
  const AccessKey key = create(dir.path(), "server");
  edgerec::auth::SigV4Settings settings;
  settings.clock = [] { return kNow; };
  auto opened = edgerec::auth::HomeAuthenticator::open(dir.path(), settings, std::chrono::milliseconds(0));
  INFO(opened.status().message());
  REQUIRE(opened.ok());
  const auto hook = (*opened)->hook();
  opened = edgerec::auth::HomeAuthenticator::open(dir.path());  // the hook keeps its authenticator alive

  const auto signed_for = [&](const std::string& region) {
    edgerec::server::HttpRequest request;
    request.method = "POST";
    request.target = "/events";
    request.body = R"({"trackingId":"t","sessionId":"s","eventList":[]})";
    request.headers = {{"Host", "localhost:8080"}, {"X-Amz-Date", "20240501T102030Z"}};
    const auto view = edgerec::auth::request_view(request.method, request.target, request.headers, request.body);
    const edgerec::auth::CredentialScope scope{"20240501", region, "personalize"};
    request.headers.emplace_back("Authorization", edgerec::auth::sigv4_authorization(
                                                      view, key.access_key_id, key.secret_access_key, scope,
                                                      "20240501T102030Z"));
    return request;
  };
  std::string error_type;
  const edgerec::Status ok = hook(signed_for("eu-west-1"), error_type);
  INFO(ok.message());
  CHECK(ok.ok());
  const edgerec::Status wrong_region = hook(signed_for("us-east-1"), error_type);
  CHECK_FALSE(wrong_region.ok());
  CHECK(error_type == "InvalidSignatureException");
  CHECK_THAT(wrong_region.message(), Catch::Contains("this server's region is \"eu-west-1\""));

  edgerec::server::HttpRequest bare;
  bare.method = "POST";
  bare.target = "/recommendations";
  CHECK_FALSE(hook(bare, error_type).ok());
  CHECK(error_type == "MissingAuthenticationTokenException");

  REQUIRE(delete_access_key(dir.path(), key.access_key_id).ok());
  CHECK_FALSE(hook(signed_for("eu-west-1"), error_type).ok());
  CHECK(error_type == "UnrecognizedClientException");
}
