// SHA-256 and HMAC-SHA256 (OpenSSL's libcrypto) and the comparison of signatures, the three
// primitives AWS Signature Version 4 is built from.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace edgerec::auth {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

/// Lower-case hex, as SigV4 writes hashes and signatures (64 characters for a digest).
std::string lower_hex(const Sha256Digest& digest);

/// a == b in a time that depends only on the sizes, so that a caller guessing a signature learns
/// nothing from how long a wrong guess takes to be refused.
bool constant_time_equal(std::string_view a, std::string_view b);

/// Overwrites `bytes` so a derived key does not outlive its use in freed memory.
void wipe(std::string& bytes);
void wipe(Sha256Digest& digest);

}  // namespace edgerec::auth
