// The console's files, embedded or from --console-dir (see console_assets.h).
#include "server/console/console_assets.h"

#include <algorithm>

#include "io/file_io.h"

namespace edgerec::server {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// No slashes and no leading dot: a name can never leave the directory.
bool plain_file_name(std::string_view name) {
  if (name.empty() || name.size() > 100 || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

std::string console_content_type(std::string_view name) {
  if (ends_with(name, ".html")) return "text/html; charset=utf-8";
  if (ends_with(name, ".css")) return "text/css; charset=utf-8";
  if (ends_with(name, ".js")) return "text/javascript; charset=utf-8";
  if (ends_with(name, ".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

Result<ConsoleFile> ConsoleAssets::find(std::string_view name) const {
  const std::string missing = "the console has no file " + std::string(plain_file_name(name) ? name : "by that name");
  if (!plain_file_name(name)) return not_found(missing);
  if (!directory_.empty()) {
    auto bytes = read_file(directory_ + "/" + std::string(name));
    if (!bytes.ok()) return not_found(missing);
    return ConsoleFile{console_content_type(name), std::string(bytes->begin(), bytes->end())};
  }
  for (const EmbeddedFile& f : embedded_console_files()) {
    if (f.name == name) return ConsoleFile{console_content_type(name), std::string(f.bytes)};
  }
  return not_found(missing);
}

}  // namespace edgerec::server
