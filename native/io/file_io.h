// Whole-file reads and crash-safe writes (temporary file, fsync, rename).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

/// Reads a whole file; errors name the path and the OS reason.
Result<std::vector<uint8_t>> read_file(const std::string& path);

/// Writes `bytes` to `path` so that readers see either the old file or the complete new one:
/// it writes `path`.tmp-<pid>, fsyncs it, then renames it over `path`.
Status write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace edgerec
