// The .erec container header: encoding, decoding and its checks.
#include "edgerec/container.h"

#include <array>
#include <cstring>
#include <string>

namespace edgerec {
namespace {

uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t load_u32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
uint64_t load_u64(const uint8_t* p) { return uint64_t{load_u32(p)} | (uint64_t{load_u32(p + 4)} << 32); }

void store_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
void store_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

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

void encode_container_header(const ContainerHeader& h, uint8_t out[kContainerHeaderSize]) {
  std::memset(out, 0, kContainerHeaderSize);
  std::memcpy(out, kContainerMagic, sizeof(kContainerMagic));
  store_u16(out + 8, h.major);
  store_u16(out + 10, h.minor);
  store_u32(out + 12, h.header_size);
  store_u32(out + 16, h.flags);
  store_u64(out + 24, h.payload_size);
  store_u64(out + 32, h.content_size);
  store_u32(out + 40, crc32(out, kCrcCoveredBytes));
  store_u32(out + 44, h.payload_crc32);
}

Result<ContainerHeader> parse_container_header(const uint8_t* data, size_t size) {
  if (size == 0) return corrupt_data("empty input: a solution version is at least 48 bytes");
  if (size < sizeof(kContainerMagic) || std::memcmp(data, kContainerMagic, sizeof(kContainerMagic)) != 0) {
    return corrupt_data("not an edgerec solution version: bad magic at byte 0 (expected \"\\x89EREC\\r\\n\\x1a\")");
  }
  if (size < kContainerHeaderSize) {
    return corrupt_data("truncated header: " + std::to_string(size) + " bytes, expected at least " +
                        std::to_string(kContainerHeaderSize));
  }
  ContainerHeader h;
  h.major = load_u16(data + 8);
  h.minor = load_u16(data + 10);
  // Version first: a newer major may have laid out the rest of the header differently.
  if (h.major != kFormatMajor) {
    return unsupported_version("format version " + std::to_string(h.major) + "." + std::to_string(h.minor) +
                               " (header byte 8) is not supported: this reader understands major version " +
                               std::to_string(kFormatMajor) + "; upgrade edgerec to read it");
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
                        std::to_string(size) + "-byte file");
  }
  if ((h.flags & ~kKnownFlags) != 0) {
    return unsupported_version("unknown flags 0x" + std::to_string(h.flags & ~kKnownFlags) +
                               " (header byte 16) in format " + std::to_string(h.major) + "." +
                               std::to_string(h.minor));
  }
  if ((h.flags & kFlagZstdPayload) == 0) {
    return corrupt_data("flags (header byte 16) do not mark a zstd payload, which format 1 requires");
  }
  const uint64_t available = size - h.header_size;
  if (h.payload_size != available) {
    if (h.payload_size > available) {
      return corrupt_data("truncated file: header declares a " + std::to_string(h.payload_size) +
                          "-byte payload but only " + std::to_string(available) + " bytes follow the header");
    }
    return corrupt_data("trailing data: " + std::to_string(available - h.payload_size) +
                        " unexpected bytes after the " + std::to_string(h.payload_size) + "-byte payload");
  }
  if (h.content_size == 0) return corrupt_data("header declares an empty FlatBuffer (content_size 0)");
  return h;
}

}  // namespace edgerec
