// What every C ABI source shares (edgerec.h): Status to edgerec_status with the thread's last
// message, and strings and bytes handed over in this library's heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/edgerec.h"
#include "edgerec/status.h"

namespace edgerec::c_api {

/// Records `status`'s message for edgerec_last_error_message and returns its code.
edgerec_status fail(const Status& status);
edgerec_status fail_invalid(const char* message);
/// Copies `s` into a malloc'd NUL-terminated buffer owned by the caller (edgerec_string_free).
edgerec_status hand_over(const std::string& s, char** out, size_t* out_len);
/// Copies `bytes` into a malloc'd buffer owned by the caller (edgerec_dealloc); empty: NULL, 0.
edgerec_status hand_over_bytes(const std::vector<uint8_t>& bytes, uint8_t** out, size_t* out_len);
/// The last message recorded on this thread.
const std::string& last_error();

}  // namespace edgerec::c_api
