#include "server/auth/access_keys.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "io/file_io.h"

namespace edgerec::auth {
namespace {

constexpr int kFormatVersion = 1;
/// Longest id and secret a hand-edited file may hold (AWS's own bound for key ids).
constexpr size_t kMaxStoredKeyBytes = 128;

std::string os_reason() { return std::strerror(errno); }

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof(text), "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Status fill_random(unsigned char* out, size_t size) {
  while (size > 0) {
    const ssize_t n = ::getrandom(out, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot read random bytes from the kernel (getrandom): " + os_reason());
    out += n;
    size -= static_cast<size_t>(n);
  }
  return Status::ok_status();
}

/// `length` characters drawn uniformly from `alphabet`, whose size divides 256 (32 or 64), so
/// that a byte modulo the size has no bias.
Result<std::string> random_text(std::string_view alphabet, size_t length) {
  std::string bytes(length, '\0');
  EDGEREC_RETURN_IF_ERROR(fill_random(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size()));
  for (char& c : bytes) c = alphabet[static_cast<unsigned char>(c) % alphabet.size()];
  return bytes;
}

/// An id AWS-shaped key checkers accept: the prefix, then base32 (RFC 4648) characters.
Result<std::string> new_access_key_id() {
  EDGEREC_ASSIGN_OR_RETURN(std::string suffix, random_text("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
                                                           kAccessKeyIdLength - kAccessKeyIdPrefix.size()));
  return std::string(kAccessKeyIdPrefix) + suffix;
}

Result<std::string> new_secret_access_key() {
  return random_text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", kSecretAccessKeyLength);
}

/// What a hand-edited file may hold as an id or a secret: printable ASCII without spaces, and
/// for an id without '/', which would end it inside a SigV4 Credential.
bool is_stored_key_text(std::string_view s, bool slash_allowed) {
  if (s.empty() || s.size() > kMaxStoredKeyBytes) return false;
  for (const char c : s) {
    if (c <= 0x20 || c >= 0x7f || (c == '/' && !slash_allowed)) return false;
  }
  return true;
}

const JsonValue* member(const JsonValue& object, std::string_view name, JsonValue::Type type, const std::string& where,
                        bool required, Status& status) {
  const JsonValue* value = object.find(name);
  if (value == nullptr) {
    if (required) status = corrupt_data(where + ": missing \"" + std::string(name) + "\"");
    return nullptr;
  }
  if (value->type() != type) {
    status = corrupt_data(where + "." + std::string(name) + ": expected " + json_type_name(type) + ", got " +
                          json_type_name(value->type()));
    return nullptr;
  }
  return value;
}

Result<AccessKey> key_of(const JsonValue& item, const std::string& where) {
  if (!item.is_object()) return corrupt_data(where + ": expected an object, got " + json_type_name(item.type()));
  Status status;
  const JsonValue* id = member(item, "accessKeyId", JsonValue::Type::kString, where, true, status);
  const JsonValue* secret = member(item, "secretAccessKey", JsonValue::Type::kString, where, true, status);
  const JsonValue* created = member(item, "createdAt", JsonValue::Type::kNumber, where, true, status);
  const JsonValue* description = member(item, "description", JsonValue::Type::kString, where, false, status);
  if (!status.ok()) return status;
  if (!is_stored_key_text(id->as_string(), false)) {
    return corrupt_data(where + ".accessKeyId: expected 1 to 128 printable ASCII characters without '/', got " +
                        quote_for_message(id->as_string()));
  }
  if (!is_stored_key_text(secret->as_string(), true)) {
    // The value itself is never quoted: it is a secret.
    return corrupt_data(where + ".secretAccessKey: expected 1 to 128 printable ASCII characters without spaces");
  }
  const double seconds = created->as_number();
  if (seconds != std::floor(seconds) || std::fabs(seconds) > 1e15) {
    return corrupt_data(where + ".createdAt: expected epoch seconds as an integer");
  }
  return AccessKey{id->as_string(), secret->as_string(), description ? description->as_string() : std::string(),
                   static_cast<int64_t>(seconds)};
}

Result<std::vector<AccessKey>> parse_keys(std::string_view text, const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(text, path));
  if (!root.is_object()) return corrupt_data(path + ": expected a JSON object, got " + json_type_name(root.type()));
  Status status;
  const JsonValue* version = member(root, "formatVersion", JsonValue::Type::kNumber, path, true, status);
  const JsonValue* list = member(root, "accessKeys", JsonValue::Type::kArray, path, true, status);
  if (!status.ok()) return status;
  if (version->as_number() != kFormatVersion) {
    return unsupported_version(path + ": formatVersion " + shortest_number_text(version->as_number()) +
                               " is not one this edgerec reads (it reads " + std::to_string(kFormatVersion) + ")");
  }
  if (list->items().size() > kMaxAccessKeys) {
    return corrupt_data(path + ": " + std::to_string(list->items().size()) + " access keys; at most " +
                        std::to_string(kMaxAccessKeys) + " are allowed");
  }
  std::vector<AccessKey> keys;
  for (size_t i = 0; i < list->items().size(); ++i) {
    EDGEREC_ASSIGN_OR_RETURN(AccessKey key, key_of(list->items()[i], path + ": accessKeys[" + std::to_string(i) + "]"));
    for (const AccessKey& earlier : keys) {
      if (earlier.access_key_id == key.access_key_id) {
        return corrupt_data(path + ": accessKeys[" + std::to_string(i) + "]: access key " +
                            quote_for_message(key.access_key_id) + " is listed twice");
      }
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

/// One key per line, so that the file reads (and diffs) as a list.
std::vector<uint8_t> serialize_keys(const std::vector<AccessKey>& keys) {
  std::string out = "{\"formatVersion\":" + std::to_string(kFormatVersion) + ",\"accessKeys\":[\n";
  for (size_t i = 0; i < keys.size(); ++i) {
    JsonWriter w;
    w.begin_object();
    w.key("accessKeyId");
    w.string(keys[i].access_key_id);
    w.key("secretAccessKey");
    w.string(keys[i].secret_access_key);
    w.key("description");
    w.string(keys[i].description);
    w.key("createdAt");
    w.integer(keys[i].created_at);
    w.end_object();
    out += w.str();
    out += i + 1 < keys.size() ? ",\n" : "\n";
  }
  out += "]}\n";
  return std::vector<uint8_t>(out.begin(), out.end());
}

/// Runs `change` holding an exclusive flock on the HOME directory, so two commands changing the
/// keys at once take turns instead of one overwriting the other's key.
Status with_home_locked(const std::string& home, const std::function<Status()>& change) {
  const int fd = ::open(home.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const bool missing = errno == ENOENT;
    const std::string message = "cannot open the home " + home + ": " + os_reason();
    return missing ? not_found(message) : io_error(message);
  }
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      const std::string reason = os_reason();
      ::close(fd);
      return io_error("cannot lock the home " + home + ": " + reason);
    }
  }
  Status status = change();
  ::close(fd);  // releases the lock
  return status;
}

Status write_keys(const std::string& home, const std::vector<AccessKey>& keys) {
  return write_file_atomically(access_keys_path(home), serialize_keys(keys), 0600);
}

}  // namespace

std::string access_keys_path(const std::string& home) { return home + "/" + std::string(kAccessKeysFileName); }

Result<AccessKeys> AccessKeys::load(const std::string& home) {
  const std::string path = access_keys_path(home);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return io_error("cannot read " + path + ": " + os_reason());
    struct stat home_st {};
    if (::stat(home.c_str(), &home_st) != 0 || !S_ISDIR(home_st.st_mode)) {
      return not_found("no server home at " + home + ": no such directory");
    }
    return AccessKeys();  // a home without keys yet
  }
  if (!S_ISREG(st.st_mode)) return io_error("cannot read " + path + ": not a regular file");
  if ((st.st_mode & 077) != 0) {
    return failed_precondition(path + " has mode " + octal_mode(st.st_mode) +
                               ", so others may read the secret keys it holds; it must be readable only by its owner: "
                               "run `chmod 600 " + path + "`");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxAccessKeysFileBytes) {
    return resource_exhausted(path + " is " + std::to_string(st.st_size) + " bytes; an access key file is at most " +
                              std::to_string(kMaxAccessKeysFileBytes));
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  AccessKeys keys;
  EDGEREC_ASSIGN_OR_RETURN(keys.keys_,
                           parse_keys(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path));
  return keys;
}

const AccessKey* AccessKeys::find(std::string_view access_key_id) const {
  for (const AccessKey& key : keys_) {
    if (key.access_key_id == access_key_id) return &key;
  }
  return nullptr;
}

const std::string* AccessKeys::find_secret(std::string_view access_key_id) const {
  const AccessKey* key = find(access_key_id);
  return key ? &key->secret_access_key : nullptr;
}

Result<AccessKey> create_access_key(const std::string& home, std::string_view description, int64_t now) {
  if (const std::string problem = utf8::problem_with(description); !problem.empty()) {
    return invalid_input("the description is " + problem);
  }
  if (const size_t length = utf8::count_code_points(description); length > kMaxAccessKeyDescriptionLength) {
    return invalid_input("the description is " + std::to_string(length) + " characters; at most " +
                         std::to_string(kMaxAccessKeyDescriptionLength) + " are allowed");
  }
  std::error_code ec;
  std::filesystem::create_directories(home, ec);
  if (ec) return io_error("cannot create the home " + home + ": " + ec.message());

  AccessKey created;
  Status status = with_home_locked(home, [&]() -> Status {
    EDGEREC_ASSIGN_OR_RETURN(AccessKeys current, AccessKeys::load(home));
    std::vector<AccessKey> keys = current.keys();
    if (keys.size() >= kMaxAccessKeys) {
      return resource_exhausted("the home " + home + " already has " + std::to_string(keys.size()) +
                                " access keys, the most it may have: delete one first (edgerec delete-access-key)");
    }
    // 80 random bits make a collision all but impossible; checking costs nothing.
    do {
      EDGEREC_ASSIGN_OR_RETURN(created.access_key_id, new_access_key_id());
    } while (current.find(created.access_key_id) != nullptr);
    EDGEREC_ASSIGN_OR_RETURN(created.secret_access_key, new_secret_access_key());
    created.description = std::string(description);
    created.created_at = now;
    keys.push_back(created);
    return write_keys(home, keys);
  });
  if (!status.ok()) return status;
  return created;
}

Status delete_access_key(const std::string& home, std::string_view access_key_id) {
  return with_home_locked(home, [&]() -> Status {
    EDGEREC_ASSIGN_OR_RETURN(AccessKeys current, AccessKeys::load(home));
    if (current.find(access_key_id) == nullptr) {
      return not_found("no access key " + quote_for_message(access_key_id) + " in the home " + home +
                       " (see edgerec list-access-keys)");
    }
    std::vector<AccessKey> keys;
    for (const AccessKey& key : current.keys()) {
      if (key.access_key_id != access_key_id) keys.push_back(key);
    }
    return write_keys(home, keys);
  });
}

}  // namespace edgerec::auth
