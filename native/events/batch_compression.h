// libzstd's compressor for event batches (EncodeBatchOptions::compress). Native only: the
// WebAssembly core links zstd's decompressor alone and encodes batches raw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

/// One zstd frame (level 3, content size and checksum recorded), replacing `out`.
Status zstd_compress_batch(const uint8_t* data, size_t size, std::vector<uint8_t>& out);

}  // namespace edgerec
