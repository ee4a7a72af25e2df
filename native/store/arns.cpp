// Resource names and the home's identity (see arns.h).
#include "store/arns.h"

#include <filesystem>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "io/file_io.h"

namespace edgerec {
namespace {

constexpr const char* kHomeFile = "edgerec-home.json";

bool is_region(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool is_account(std::string_view s) {
  if (s.size() != 12) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<HomeIdentity> read_home_identity(const std::string& home) {
  const std::string path = home + "/" + kHomeFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return HomeIdentity{};
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue json,
                           parse_json(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path));
  HomeIdentity id;
  if (const JsonValue* region = json.find("region")) {
    if (!region->is_string() || !is_region(region->as_string())) return invalid_input(path + ": region must be a region name such as us-east-1");
    id.region = region->as_string();
  }
  if (const JsonValue* account = json.find("accountId")) {
    if (!account->is_string() || !is_account(account->as_string())) return invalid_input(path + ": accountId must be 12 digits");
    id.account = account->as_string();
  }
  return id;
}

Status write_home_identity(const std::string& home, const HomeIdentity& identity) {
  if (!is_region(identity.region)) {
    return invalid_input("region " + quote_for_message(identity.region) + " must be lower-case letters, digits and '-', e.g. us-east-1");
  }
  if (!is_account(identity.account)) {
    return invalid_input("account id " + quote_for_message(identity.account) + " must be 12 digits");
  }
  JsonWriter w;
  w.begin_object();
  w.key("region");
  w.string(identity.region);
  w.key("accountId");
  w.string(identity.account);
  w.end_object();
  const std::string text = w.take() + "\n";
  return write_file_atomically(home + "/" + kHomeFile, std::vector<uint8_t>(text.begin(), text.end()));
}

Result<HomeIdentity> home_identity_of_group(const std::string& group_dir) {
  std::filesystem::path dir = std::filesystem::absolute(group_dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  return read_home_identity(dir.parent_path().string());
}

std::string dataset_group_name(const std::string& group_dir) {
  std::filesystem::path dir = std::filesystem::path(group_dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  return dir.filename().string();
}

std::string arn(const HomeIdentity& identity, std::string_view resource) {
  return "arn:aws:personalize:" + identity.region + ":" + identity.account + ":" + std::string(resource);
}

Result<ParsedArn> parse_arn(const HomeIdentity& identity, std::string_view text, std::string_view field,
                            std::string_view type) {
  const std::string prefix = arn(identity, "");
  const auto fail = [&](const std::string& why) {
    return invalid_input(std::string(field) + ": " + quote_for_message(text) + " " + why);
  };
  if (text.substr(0, prefix.size()) != prefix) {
    if (text.substr(0, 20) != "arn:aws:personalize:") return fail("is not an Amazon Personalize ARN (arn:aws:personalize:...)");
    return fail("is not an ARN of this server's region and account (" + prefix + "...)");
  }
  const std::string_view rest = text.substr(prefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size()) {
    return fail("names no resource (expected " + prefix + "TYPE/NAME)");
  }
  ParsedArn out{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
  if (!type.empty() && out.type != type) return fail("is a " + out.type + " ARN, not a " + std::string(type) + " ARN");
  return out;
}

Status check_resource_name(std::string_view name, std::string_view field) {
  const auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  };
  bool ok = !name.empty() && name.size() <= 63 && ok_char(name[0]) && name[0] != '-' && name[0] != '_';
  for (const char c : name) ok = ok && ok_char(c);
  if (!ok) {
    return invalid_input(std::string(field) + " " + quote_for_message(name) +
                         " must be 1 to 63 characters of letters, digits, '-' and '_', starting with a letter or digit");
  }
  return Status::ok_status();
}

}  // namespace edgerec
