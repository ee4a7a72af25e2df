// s3:// and file:// data locations mapped to configured directories (see data_locations.h).
#include "control/data_locations.h"

#include <filesystem>

#include "edgerec/message_text.h"

namespace edgerec::control {
namespace {

namespace fs = std::filesystem;

bool valid_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return true;
}

bool inside(const fs::path& file, const fs::path& dir) {
  auto f = file.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++f) {
    if (d->empty()) continue;  // the trailing "" of a path ending in '/'
    if (f == file.end() || *f != *d) return false;
  }
  return f != file.end();
}

}  // namespace

Status DataLocations::add(std::string_view setting) {
  const size_t eq = setting.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == setting.size()) {
    return invalid_input("--bucket must be BUCKET=DIR, got " + quote_for_message(setting));
  }
  return add(std::string(setting.substr(0, eq)), std::string(setting.substr(eq + 1)));
}

Status DataLocations::add(const std::string& bucket, const std::string& dir) {
  if (!valid_bucket_name(bucket)) {
    return invalid_input("bucket name " + quote_for_message(bucket) +
                         " is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')");
  }
  if (buckets_.count(bucket) != 0) return already_exists("bucket " + bucket + " is given twice");
  std::error_code ec;
  const fs::path canonical = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(canonical, ec)) return invalid_input("bucket " + bucket + ": " + dir + " is not a directory");
  buckets_[bucket] = canonical.string();
  return Status::ok_status();
}

// The local path `location` names, checked to lie inside a bucket's directory; `folder`: a
// folder location (ending in '/', or a bucket alone), else a file's.
Result<std::string> DataLocations::local_path(std::string_view location, std::string_view field, bool folder) const {
  const std::string where = std::string(field) + " " + quote_for_message(location);
  fs::path path;
  if (location.substr(0, 5) == "s3://") {
    const std::string_view rest = location.substr(5);
    const size_t slash = rest.find('/');
    const std::string bucket(rest.substr(0, slash));
    const auto found = buckets_.find(bucket);
    if (found == buckets_.end()) {
      std::string known;
      for (const auto& [name, dir] : buckets_) known += (known.empty() ? "" : ", ") + name;
      return invalid_input(where + ": bucket " + quote_for_message(bucket) + " is not one this server maps to a directory (" +
                           (known.empty() ? "none is: start edgerec serve with --bucket BUCKET=DIR" : "it maps " + known) + ")");
    }
    const std::string_view key = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (!folder && (key.empty() || key.back() == '/')) {
      return invalid_input(where + ": names a folder; edgerec imports one CSV file per job: give the file's key");
    }
    path = fs::path(found->second) / std::string(key);
  } else if (location.substr(0, 7) == "file://") {
    path = std::string(location.substr(7));
    if (!path.is_absolute()) return invalid_input(where + ": a file:// location takes an absolute path (file:///dir/file.csv)");
  } else {
    return invalid_input(where + ": expected s3://BUCKET/KEY or file:///PATH");
  }
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(path, ec);
  if (ec) return invalid_input(where + ": " + ec.message());
  bool allowed = false;
  for (const auto& [name, dir] : buckets_) {
    allowed = allowed || inside(resolved, fs::path(dir)) || (folder && resolved == fs::path(dir));
  }
  if (!allowed) {
    return invalid_input(where + ": is outside the directories jobs may read files from (the --bucket directories)");
  }
  return resolved.string();
}

Result<std::string> DataLocations::resolve(std::string_view location, std::string_view field) const {
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, local_path(location, field, false));
  const std::string where = std::string(field) + " " + quote_for_message(location);
  std::error_code ec;
  if (fs::is_directory(path, ec)) return invalid_input(where + ": is a folder; give one CSV file");
  if (!fs::is_regular_file(path, ec)) return invalid_input(where + ": no such file");
  return path;
}

Result<std::string> DataLocations::resolve_folder(std::string_view location, std::string_view field) const {
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, local_path(location, field, true));
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec || !fs::is_directory(path, ec)) {
    return invalid_input(std::string(field) + " " + quote_for_message(location) + ": cannot be made a folder here");
  }
  return path;
}

}  // namespace edgerec::control
