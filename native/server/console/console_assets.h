// The console's files (server/console/web/: index.html, its CSS and JavaScript): compiled into
// the binary (cmake/EmbedFiles.cmake writes embedded_console_files()), or read from a directory
// for each request when the server is started with --console-dir, so a developer sees an edit
// on reload without rebuilding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/status.h"

namespace edgerec::server {

struct EmbeddedFile {
  std::string_view name;
  std::string_view bytes;
};

/// Generated at build time from server/console/web/.
const std::vector<EmbeddedFile>& embedded_console_files();

struct ConsoleFile {
  std::string content_type;
  std::string bytes;
};

class ConsoleAssets {
 public:
  /// `directory` empty: the embedded files.
  explicit ConsoleAssets(std::string directory = "") : directory_(std::move(directory)) {}

  /// The file `name` (a plain file name: letters, digits, '.', '-', '_', not starting with a dot),
  /// NotFound when there is none or the name is not one.
  Result<ConsoleFile> find(std::string_view name) const;

 private:
  std::string directory_;
};

/// Content-Type by the name's extension (text/html, text/css, text/javascript, image/svg+xml,
/// else application/octet-stream).
std::string console_content_type(std::string_view name);

}  // namespace edgerec::server
