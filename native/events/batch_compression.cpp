// zstd compression of event-batch payloads.
#include "events/batch_compression.h"

#include <zstd.h>

#include <memory>
#include <string>

namespace edgerec {
namespace {

// Batches are small and written often (a client's upload, a test fixture): a fast level is
// enough, and its window is far below the reader's 2^27 cap.
constexpr int kBatchZstdLevel = 3;

}  // namespace

Status zstd_compress_batch(const uint8_t* data, size_t size, std::vector<uint8_t>& out) {
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  if (!cctx) return resource_exhausted("cannot allocate a zstd compression context");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kBatchZstdLevel);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_contentSizeFlag, 1);
  out.resize(ZSTD_compressBound(size));
  const size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), data, size);
  if (ZSTD_isError(n)) return internal_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return Status::ok_status();
}

}  // namespace edgerec
