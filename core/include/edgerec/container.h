// The .erec container: a fixed 48-byte header followed by one zstd frame.
//
// Layout (all integers little-endian; the spec is schemas/README.md):
//   0  magic[8]        "\x89EREC\r\n\x1a"   (binary, catches text-mode transfers like PNG's)
//   8  u16 major       readers refuse a major version they do not know
//  10  u16 minor       readers accept any minor version of a known major
//  12  u32 header_size bytes before the payload (>= 48; later minors may append fields)
//  16  u32 flags       bit 0: payload is a zstd frame (always set in major 1)
//  20  u32 reserved    0
//  24  u64 payload_size  bytes of the zstd frame; the file ends right after it
//  32  u64 content_size  bytes of the FlatBuffer inside the frame
//  40  u32 header_crc32  CRC-32 (IEEE) of bytes [0, 40)
//  44  u32 payload_crc32 CRC-32 (IEEE) of the payload bytes
// Both checksums together mean any damaged byte is caught before decompression starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

inline constexpr uint8_t kContainerMagic[8] = {0x89, 'E', 'R', 'E', 'C', '\r', '\n', 0x1a};
inline constexpr uint16_t kFormatMajor = 1;
/// Minor 1: Solution.recent_interactions and TrainingDataSummary.interactions_read.
inline constexpr uint16_t kFormatMinor = 1;
inline constexpr uint32_t kContainerHeaderSize = 48;
inline constexpr uint32_t kFlagZstdPayload = 1u << 0;
/// Flags this reader understands; a file with other bits set is refused.
inline constexpr uint32_t kKnownFlags = kFlagZstdPayload;

/// What tells one container format from another: solution versions and event batches share the
/// layout above and differ in these.
struct ContainerFormat {
  const char* kind;            ///< "solution version": names the format in errors
  const char* version_label;   ///< "format version": precedes "X.Y" in version errors
  const char* short_name;      ///< "file": in "truncated file"
  const uint8_t* magic;        ///< 8 bytes
  const char* magic_text;      ///< the magic as printed in errors
  uint16_t major;              ///< the major version this reader understands
  uint32_t known_flags;        ///< other flag bits are refused
  bool requires_zstd;          ///< the zstd flag must be set
};

/// The solution-version format (.erec).
extern const ContainerFormat kSolutionContainer;

struct ContainerHeader {
  uint16_t major = kFormatMajor;
  uint16_t minor = kFormatMinor;
  uint32_t header_size = kContainerHeaderSize;
  uint32_t flags = kFlagZstdPayload;
  uint64_t payload_size = 0;
  uint64_t content_size = 0;
  uint32_t payload_crc32 = 0;
};

/// Reads and checks the header of a `size`-byte file: magic, header CRC, version, flags, and
/// that header_size + payload_size == size. Names the offending field and value on failure.
/// The payload is checked by read_container_payload.
Result<ContainerHeader> parse_container_header(const uint8_t* data, size_t size,
                                               const ContainerFormat& format = kSolutionContainer);

/// Writes the 48-byte header (magic of `format`, with its CRC) into `out`.
void encode_container_header(const ContainerHeader& header, uint8_t out[kContainerHeaderSize],
                             const ContainerFormat& format = kSolutionContainer);

/// The content of a container whose header has been parsed: checks the payload CRC, refuses
/// content over `max_content_bytes` (ResourceExhausted) before allocating, then copies a raw
/// payload or decompresses a zstd one (window <= 2^27, memory growing only with real output,
/// exactly content_size bytes, nothing after the frame) into `out`.
Status read_container_payload(const uint8_t* data, const ContainerHeader& header, uint64_t max_content_bytes,
                              std::vector<uint8_t>& out);

/// CRC-32 (IEEE 802.3, as zlib's crc32) of `size` bytes.
uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace edgerec
