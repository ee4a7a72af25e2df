// The request times SigV4 reads: X-Amz-Date in ISO 8601 basic form (20150830T123600Z, what every
// AWS SDK sends) and the HTTP Date header in IMF-fixdate form (Sun, 30 Aug 2015 12:36:00 GMT),
// used when X-Amz-Date is absent. Both are UTC; a string to sign always carries the basic form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgerec::auth {

/// Epoch seconds of "YYYYMMDDTHHMMSSZ", or nothing if the text is not exactly that form of a
/// real date and time (month 1-12, the month's days, 00:00:00 to 23:59:59).
std::optional<int64_t> parse_amz_date(std::string_view text);

/// Epoch seconds of an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110), or nothing.
/// The day name must be one of the seven; it is not checked against the date.
std::optional<int64_t> parse_http_date(std::string_view text);

/// "YYYYMMDDTHHMMSSZ" of `epoch_seconds` (UTC).
std::string format_amz_date(int64_t epoch_seconds);

}  // namespace edgerec::auth
