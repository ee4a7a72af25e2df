// Request bodies sent compressed (RFC 9110 8.4, Content-Encoding). A browser or worker compresses
// an event batch with its own CompressionStream("gzip") at no cost to the wasm (zstd's compressor
// would add 78 KB gzipped to it for the same saving: tests/bench/batch_compression_cost.sh), so
// POST /events/batch accepts gzip besides the identity encoding.
//
// Decoding is capped: a body that inflates past `max_decoded_bytes` is refused as soon as it
// gets there (a small upload cannot make the server allocate gigabytes).
#pragma once

#include <cstddef>
#include <string>

#include "edgerec/status.h"
#include "server/http/http_message.h"

namespace edgerec::server {

enum class BodyError { kNone, kUnsupportedEncoding, kTooLarge, kMalformed };

struct DecodedBody {
  BodyError error = BodyError::kNone;
  std::string message;  ///< why, when error is set
  std::string bytes;    ///< the body as sent before encoding
};

/// The request's body with its Content-Encoding undone: none or "identity" as it is, "gzip" (or
/// "x-gzip") inflated; anything else kUnsupportedEncoding (415), damaged gzip kMalformed (400),
/// more than `max_decoded_bytes` kTooLarge (413). Moves the body out of `request`.
DecodedBody decode_request_body(HttpRequest& request, size_t max_decoded_bytes);

}  // namespace edgerec::server
