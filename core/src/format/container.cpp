// The .erec container header: encoding, decoding and its checks.
#include "edgerec/container.h"

#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <cstring>
#include <string>

#include "format/little_endian.h"

namespace edgerec {
namespace {

std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr size_t kCrcCoveredBytes = 40;

}  // namespace

uint32_t crc32(const uint8_t* data, size_t size) {
  static const std::array<uint32_t, 256> table = make_crc_table();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) c = table[(c ^ data[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

const ContainerFormat kSolutionContainer = {
    "solution version", "format version", "file", kContainerMagic, "\\x89EREC\\r\\n\\x1a",
    kFormatMajor,       kKnownFlags,      true,
};

void encode_container_header(const ContainerHeader& h, uint8_t out[kContainerHeaderSize],
                             const ContainerFormat& format) {
  std::memset(out, 0, kContainerHeaderSize);
  std::memcpy(out, format.magic, sizeof(kContainerMagic));
  store_u16(out + 8, h.major);
  store_u16(out + 10, h.minor);
  store_u32(out + 12, h.header_size);
  store_u32(out + 16, h.flags);
  store_u64(out + 24, h.payload_size);
  store_u64(out + 32, h.content_size);
  store_u32(out + 40, crc32(out, kCrcCoveredBytes));
  store_u32(out + 44, h.payload_crc32);
}

Result<ContainerHeader> parse_container_header(const uint8_t* data, size_t size, const ContainerFormat& format) {
  const std::string kind = format.kind;
  if (size == 0) return corrupt_data("empty input: a " + kind + " is at least 48 bytes");
  if (size < sizeof(kContainerMagic) || std::memcmp(data, format.magic, sizeof(kContainerMagic)) != 0) {
    return corrupt_data("not an edgerec " + kind + ": bad magic at byte 0 (expected \"" + format.magic_text + "\")");
  }
  if (size < kContainerHeaderSize) {
    return corrupt_data("truncated header: " + std::to_string(size) + " bytes, expected at least " +
                        std::to_string(kContainerHeaderSize));
  }
  ContainerHeader h;
  h.major = load_u16(data + 8);
  h.minor = load_u16(data + 10);
  // Version first: a newer major may have laid out the rest of the header differently.
  if (h.major != format.major) {
    return unsupported_version(std::string(format.version_label) + " " + std::to_string(h.major) + "." +
                               std::to_string(h.minor) + " (header byte 8) is not supported: this reader understands " +
                               "major version " + std::to_string(format.major) + "; upgrade edgerec to read it");
  }
  const uint32_t stored_crc = load_u32(data + 40);
  const uint32_t actual_crc = crc32(data, kCrcCoveredBytes);
  if (stored_crc != actual_crc) {
    return corrupt_data("header checksum mismatch (header bytes 0-39 are damaged): stored " +
                        std::to_string(stored_crc) + ", computed " + std::to_string(actual_crc));
  }
  h.header_size = load_u32(data + 12);
  h.flags = load_u32(data + 16);
  h.payload_size = load_u64(data + 24);
  h.content_size = load_u64(data + 32);
  h.payload_crc32 = load_u32(data + 44);
  if (h.header_size < kContainerHeaderSize || h.header_size > size) {
    return corrupt_data("header_size " + std::to_string(h.header_size) + " (header byte 12) is invalid for a " +
                        std::to_string(size) + "-byte " + format.short_name);
  }
  if ((h.flags & ~format.known_flags) != 0) {
    return unsupported_version("unknown flags 0x" + std::to_string(h.flags & ~format.known_flags) +
                               " (header byte 16) in " + format.version_label + " " + std::to_string(h.major) + "." +
                               std::to_string(h.minor));
  }
  if (format.requires_zstd && (h.flags & kFlagZstdPayload) == 0) {
    return corrupt_data("flags (header byte 16) do not mark a zstd payload, which this format requires");
  }
  const uint64_t available = size - h.header_size;
  if (h.payload_size != available) {
    if (h.payload_size > available) {
      return corrupt_data("truncated " + std::string(format.short_name) + ": header declares a " +
                          std::to_string(h.payload_size) + "-byte payload but only " + std::to_string(available) +
                          " bytes follow the header");
    }
    return corrupt_data("trailing data: " + std::to_string(available - h.payload_size) +
                        " unexpected bytes after the " + std::to_string(h.payload_size) + "-byte payload");
  }
  if (h.content_size == 0) return corrupt_data("header declares an empty FlatBuffer (content_size 0)");
  if ((h.flags & kFlagZstdPayload) == 0 && h.payload_size != h.content_size) {
    return corrupt_data("uncompressed payload is " + std::to_string(h.payload_size) +
                        " bytes but the header declares " + std::to_string(h.content_size) + " bytes of content");
  }
  return h;
}

namespace {

struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};

// Decompresses the single zstd frame in `payload` into exactly `content_size` bytes. Memory grows
// with the output actually produced, so a header that lies about the size costs nothing, and
// allocation failure is an error rather than an abort.
Status decompress_payload(const uint8_t* payload, size_t payload_size, uint64_t content_size,
                          std::vector<uint8_t>& out) {
  const unsigned long long frame_size = ZSTD_getFrameContentSize(payload, payload_size);
  if (frame_size == ZSTD_CONTENTSIZE_ERROR) {
    return corrupt_data("payload at byte 48 is not a valid zstd frame");
  }
  if (frame_size != ZSTD_CONTENTSIZE_UNKNOWN && frame_size != content_size) {
    return corrupt_data("zstd frame declares " + std::to_string(frame_size) +
                        " bytes but the header declares " + std::to_string(content_size));
  }
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return resource_exhausted("cannot allocate a zstd decompression context");
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> guard(dctx, ZSTD_freeDCtx);
  // Cap the window so a hostile frame cannot demand a huge history buffer (writers use <= 2^27).
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 27);

  const size_t total = static_cast<size_t>(content_size);
  size_t capacity = 0;
  std::unique_ptr<uint8_t, FreeDeleter> buffer;
  ZSTD_inBuffer in{payload, payload_size, 0};
  size_t produced = 0;
  for (;;) {
    if (produced == capacity && capacity < total) {
      size_t next = capacity == 0 ? std::min<size_t>(total, size_t{1} << 20) : capacity * 2;
      if (next > total || next < capacity) next = total;
      auto* grown = static_cast<uint8_t*>(std::realloc(buffer.get(), next));
      if (grown == nullptr) {
        return resource_exhausted("out of memory decompressing " + std::to_string(content_size) + " bytes");
      }
      (void)buffer.release();
      buffer.reset(grown);
      capacity = next;
    }
    ZSTD_outBuffer o{buffer.get(), capacity, produced};
    const size_t consumed_before = in.pos;
    const size_t hint = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(hint)) {
      return corrupt_data(std::string("payload is damaged: zstd: ") + ZSTD_getErrorName(hint) +
                          " (after reading " + std::to_string(in.pos) + " of " +
                          std::to_string(payload_size) + " payload bytes)");
    }
    const bool progressed = o.pos != produced || in.pos != consumed_before;
    produced = o.pos;
    if (hint == 0) break;  // frame complete, checksum verified
    if (!progressed) {
      if (produced == total) {
        return corrupt_data("zstd payload decompresses to more than the declared " +
                            std::to_string(content_size) + " bytes");
      }
      return corrupt_data("payload is truncated: the zstd frame ends after " + std::to_string(produced) +
                          " of " + std::to_string(content_size) + " bytes");
    }
  }
  if (in.pos != in.size) {
    return corrupt_data(std::to_string(in.size - in.pos) + " bytes follow the zstd frame inside the payload");
  }
  if (produced != total) {
    return corrupt_data("payload decompresses to " + std::to_string(produced) + " bytes, header declares " +
                        std::to_string(content_size));
  }
  out.assign(buffer.get(), buffer.get() + produced);
  return Status::ok_status();
}

}  // namespace

Status read_container_payload(const uint8_t* data, const ContainerHeader& header, uint64_t max_content_bytes,
                              std::vector<uint8_t>& out) {
  const uint8_t* payload = data + header.header_size;
  const size_t payload_size = static_cast<size_t>(header.payload_size);
  const uint32_t payload_crc = crc32(payload, payload_size);
  if (payload_crc != header.payload_crc32) {
    return corrupt_data("payload checksum mismatch: the " + std::to_string(header.payload_size) +
                        " bytes after the header are damaged (stored CRC " + std::to_string(header.payload_crc32) +
                        ", computed " + std::to_string(payload_crc) + ")");
  }
  if (header.content_size > max_content_bytes) {
    return resource_exhausted("declares " + std::to_string(header.content_size) + " bytes of content, over the limit of " +
                              std::to_string(max_content_bytes) + " bytes");
  }
  if ((header.flags & kFlagZstdPayload) == 0) {
    out.assign(payload, payload + payload_size);
    return Status::ok_status();
  }
  return decompress_payload(payload, payload_size, header.content_size, out);
}

}  // namespace edgerec
