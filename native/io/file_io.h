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
/// it writes `path`.tmp-<pid>, fsyncs it, renames it over `path` and fsyncs the directory, so
/// the new file also survives a power loss once this returns. The file is created with `mode`
/// less the umask (never more open than `mode`: 0600 keeps a secret from ever being readable by
/// others, even for an instant). A failure before the rename leaves `path` as it was.
Status write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes, unsigned mode = 0644);

}  // namespace edgerec
