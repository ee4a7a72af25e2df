// Content-Encoding of request bodies (see content_encoding.h), over zlib.
#include "server/http/content_encoding.h"

#include <zlib.h>

#include <algorithm>

#include "edgerec/message_text.h"

namespace edgerec::server {
namespace {

DecodedBody failure(BodyError error, std::string message) {
  DecodedBody d;
  d.error = error;
  d.message = std::move(message);
  return d;
}

DecodedBody gunzip(const std::string& in, size_t max_decoded_bytes) {
  z_stream z{};
  // 16 + MAX_WBITS: a gzip wrapper (header and CRC-32 trailer) around the deflate stream.
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return failure(BodyError::kMalformed, "cannot start inflating the body");
  DecodedBody out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    const size_t start = out.bytes.size();
    const size_t chunk = std::min<size_t>(64 * 1024, max_decoded_bytes + 1 - start);
    out.bytes.resize(start + chunk);
    z.next_out = reinterpret_cast<Bytef*>(&out.bytes[start]);
    z.avail_out = static_cast<uInt>(chunk);
    rc = inflate(&z, Z_NO_FLUSH);
    out.bytes.resize(start + (chunk - z.avail_out));
    if (out.bytes.size() > max_decoded_bytes) {
      inflateEnd(&z);
      return failure(BodyError::kTooLarge, "the gzip body inflates to more than " + std::to_string(max_decoded_bytes) +
                                               " bytes");
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended before the stream did
  }
  const bool complete = rc == Z_STREAM_END && z.avail_in == 0;
  const std::string why = z.msg != nullptr ? z.msg : (rc == Z_STREAM_END ? "bytes after the gzip stream" : "cut short");
  inflateEnd(&z);
  if (!complete) return failure(BodyError::kMalformed, "the body is not valid gzip: " + why);
  return out;
}

}  // namespace

DecodedBody decode_request_body(HttpRequest& request, size_t max_decoded_bytes) {
  const std::string* header = request.header("Content-Encoding");
  const std::string_view encoding = header == nullptr ? std::string_view() : trim_optional_whitespace(*header);
  if (encoding.empty() || equals_ignoring_case(encoding, "identity")) {
    DecodedBody d;
    d.bytes = std::move(request.body);
    return d;
  }
  if (equals_ignoring_case(encoding, "gzip") || equals_ignoring_case(encoding, "x-gzip")) {
    return gunzip(request.body, max_decoded_bytes);
  }
  return failure(BodyError::kUnsupportedEncoding, "Content-Encoding " + quote_for_message(encoding) +
                                                      " is not accepted; send the body as it is or gzip");
}

}  // namespace edgerec::server
