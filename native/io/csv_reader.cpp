// Streaming RFC 4180 parsing over one reusable buffer.
//
// A record is parsed from its first byte each time; if the buffered bytes run out before the
// record ends, the partial record is moved to the front of the buffer, more input is read and
// the record is parsed again from its start. Records straddle chunk boundaries rarely (once per
// chunk), so re-parsing is cheaper than keeping resumable parser state, and it lets `""` be
// unescaped in place once the record is known to be complete.
#include "io/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "edgerec/utf8.h"

namespace edgerec {
namespace {

/// Bytes that stop the scan of a field; everything else is plain content.
struct ByteClasses {
  std::array<bool, 256> ends_unquoted{};  ///< , CR LF " NUL and non-ASCII
  std::array<bool, 256> ends_quoted{};    ///< " LF NUL and non-ASCII (LF to count lines)
};

constexpr ByteClasses make_byte_classes() {
  ByteClasses classes;
  for (size_t byte = 0x80; byte < 256; ++byte) {
    classes.ends_unquoted[byte] = true;
    classes.ends_quoted[byte] = true;
  }
  for (unsigned char byte : {',', '\r', '\n', '"', '\0'}) classes.ends_unquoted[byte] = true;
  for (unsigned char byte : {'"', '\n', '\0'}) classes.ends_quoted[byte] = true;
  return classes;
}

constexpr ByteClasses kByteClasses = make_byte_classes();

/// The first position in [pos, end) holding a byte that ends an unquoted field. With SSE2 (every
/// x86-64) 16 bytes are tested at once, which also avoids a mispredicted branch per byte.
size_t find_unquoted_end(const char* data, size_t pos, size_t end) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i nul = _mm_setzero_si128();
  for (; pos + 16 <= end; pos += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    const __m128i specials = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, comma), _mm_cmpeq_epi8(bytes, line_feed)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, carriage_return), _mm_cmpeq_epi8(bytes, quote)),
                     _mm_cmpeq_epi8(bytes, nul)));
    // movemask of the raw bytes flags the non-ASCII ones (high bit set).
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(specials) | _mm_movemask_epi8(bytes));
    if (mask != 0) return pos + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  while (pos < end && !kByteClasses.ends_unquoted[static_cast<unsigned char>(data[pos])]) ++pos;
  return pos;
}

/// 'x' for a printable ASCII byte, otherwise its hex value.
std::string describe_byte(unsigned char byte) {
  char text[16];
  if (byte >= 0x20 && byte < 0x7F) {
    std::snprintf(text, sizeof text, "'%c'", byte);
  } else {
    std::snprintf(text, sizeof text, "byte 0x%02X", static_cast<unsigned>(byte));
  }
  return text;
}

}  // namespace

CsvReader::CsvReader(std::string path, const CsvReaderOptions& options)
    : path_(std::move(path)), options_(options) {
  if (options_.chunk_bytes == 0) options_.chunk_bytes = 1;
  buffer_capacity_ = options_.chunk_bytes;
  buffer_ = std::make_unique<char[]>(buffer_capacity_);
}

Result<CsvReader> CsvReader::open(const std::string& path, const CsvReaderOptions& options) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    const int error = errno;
    if (error == ENOENT) return not_found(path + ": no such file");
    return io_error(path + ": cannot open: " + std::strerror(error));
  }
  struct stat info {};
  if (::fstat(descriptor, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(descriptor);
    return invalid_input(path + ": is a directory, expected a CSV file");
  }
  CsvReader reader(path, options);
  reader.file_ = FileDescriptor(descriptor);
  if (S_ISREG(info.st_mode)) reader.total_bytes_ = static_cast<uint64_t>(info.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL);  // larger read-ahead
#endif
  return reader;
}

CsvReader CsvReader::from_string(std::string contents, std::string name, const CsvReaderOptions& options) {
  CsvReader reader(std::move(name), options);
  reader.total_bytes_ = contents.size();
  reader.memory_input_ = std::move(contents);
  return reader;
}

CsvReader::FileDescriptor::~FileDescriptor() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

Result<bool> CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (!error_.ok()) return error_;
  for (;;) {
    switch (parse_record()) {
      case ParseOutcome::kRecord:
        for (FieldSpan& span : spans_) {
          if (span.has_escapes) unescape(span);
          fields.emplace_back(buffer_.get() + span.begin, span.end - span.begin);
        }
        return true;
      case ParseOutcome::kEnd:
        return false;
      case ParseOutcome::kError:
        return error_;
      case ParseOutcome::kNeedMore: {
        Status status = fill_buffer();
        if (!status.ok()) {
          error_ = status;
          return status;
        }
        break;
      }
    }
  }
}

CsvReader::ParseOutcome CsvReader::parse_record() {
  const char* const data = buffer_.get();
  const auto byte_at = [data](size_t pos) { return static_cast<unsigned char>(data[pos]); };
  const size_t end = buffer_end_;
  const bool more_input = !input_exhausted_;
  size_t pos = record_begin_;
  uint64_t line = next_line_;

  if (at_input_start_) {
    if (end - pos < 3 && more_input) return ParseOutcome::kNeedMore;
    if (end - pos >= 3 && std::memcmp(data + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;
    at_input_start_ = false;
    record_begin_ = pos;
  }

  // Skip empty lines; the skip is kept even if the record after them needs more input.
  for (;;) {
    if (pos == end) {
      record_begin_ = pos;
      next_line_ = line;
      return more_input ? ParseOutcome::kNeedMore : ParseOutcome::kEnd;
    }
    if (data[pos] == '\n') {
      ++pos;
      ++line;
    } else if (data[pos] == '\r' && pos + 1 < end && data[pos + 1] == '\n') {
      pos += 2;
      ++line;
    } else if (data[pos] == '\r' && pos + 1 == end && more_input) {
      record_begin_ = pos;
      next_line_ = line;
      return ParseOutcome::kNeedMore;
    } else {
      break;
    }
  }
  record_begin_ = pos;
  next_line_ = line;
  record_line_ = line;
  open_quote_line_ = 0;
  spans_.clear();

  size_t column = 1;
  for (;;) {
    // Filled in place: building the span on the stack and copying it into the vector cost a
    // store-forwarding stall per field, half of the parser's time.
    FieldSpan& span = spans_.emplace_back();
    span.begin = pos;
    span.line = line;
    if (pos < end && data[pos] == '"') {
      const ParseOutcome outcome = parse_quoted_field(pos, line, column, span);
      if (outcome != ParseOutcome::kRecord) return outcome;
      if (pos == end && more_input) return ParseOutcome::kNeedMore;
      if (pos < end && data[pos] != ',' && data[pos] != '\n' && data[pos] != '\r') {
        return fail(error_at(line, column,
                             "expected a comma or the end of the line after the closing quote, got " +
                                 describe_byte(byte_at(pos)) +
                                 " (a quote inside a quoted field is written as two quotes)"));
      }
    } else {
      for (;;) {
        pos = find_unquoted_end(data, pos, end);
        if (pos == end || data[pos] == ',' || data[pos] == '\n' || data[pos] == '\r') break;
        const unsigned char byte = byte_at(pos);
        if (byte == '"') {
          return fail(error_at(line, column,
                               "a quote inside an unquoted field; quote the whole field and write "
                               "the quote as two quotes (\"\")"));
        }
        if (byte == '\0') return fail(error_at(line, column, "NUL byte (0x00) in the field; text files have none"));
        size_t length = 0;
        const ParseOutcome outcome = check_utf8(pos, line, column, span.begin, length);
        if (outcome != ParseOutcome::kRecord) return outcome;
        pos += length;
      }
      if (pos == end && more_input) return ParseOutcome::kNeedMore;
      span.end = pos;
    }

    // pos is at a comma, a line end or the end of the input.
    if (pos == end) break;
    if (data[pos] == ',') {
      ++pos;
      ++column;
      continue;
    }
    if (data[pos] == '\n') {
      ++pos;
      ++line;
      break;
    }
    // A carriage return must start a CRLF line end.
    if (pos + 1 == end && more_input) return ParseOutcome::kNeedMore;
    if (pos + 1 < end && data[pos + 1] == '\n') {
      pos += 2;
      ++line;
      break;
    }
    return fail(error_at(line, column,
                         "carriage return (CR) not followed by a line feed; line ends must be LF or "
                         "CRLF, and a CR inside a value needs the value quoted"));
  }
  record_begin_ = pos;
  record_end_ = pos;
  next_line_ = line;
  return ParseOutcome::kRecord;
}

CsvReader::ParseOutcome CsvReader::parse_quoted_field(size_t& pos, uint64_t& line, size_t column,
                                                      FieldSpan& span) {
  const char* const data = buffer_.get();
  const size_t end = buffer_end_;
  const uint64_t open_line = line;
  ++pos;  // opening quote
  span.begin = pos;
  for (;;) {
    while (pos < end && !kByteClasses.ends_quoted[static_cast<unsigned char>(data[pos])]) ++pos;
    if (pos == end) {
      if (!input_exhausted_) {
        open_quote_line_ = open_line;
        open_quote_column_ = column;
        return ParseOutcome::kNeedMore;
      }
      return fail(error_at(open_line, column,
                           "the quoted field that starts here is never closed (end of file reached "
                           "at line " + std::to_string(line) + ")"));
    }
    const char c = data[pos];
    if (c == '"') {
      if (pos + 1 == end && !input_exhausted_) return ParseOutcome::kNeedMore;
      if (pos + 1 < end && data[pos + 1] == '"') {
        span.has_escapes = true;
        pos += 2;
        continue;
      }
      span.end = pos;
      ++pos;  // closing quote
      open_quote_line_ = 0;
      return ParseOutcome::kRecord;
    }
    if (c == '\n') {
      ++line;
      ++pos;
      continue;
    }
    if (c == '\0') return fail(error_at(line, column, "NUL byte (0x00) in the field; text files have none"));
    size_t length = 0;
    const ParseOutcome outcome = check_utf8(pos, line, column, span.begin, length);
    if (outcome != ParseOutcome::kRecord) return outcome;
    pos += length;
  }
}

CsvReader::ParseOutcome CsvReader::check_utf8(size_t pos, uint64_t line, size_t column, size_t field_begin,
                                              size_t& length) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer_.get()) + pos;
  const size_t available = buffer_end_ - pos;
  length = utf8::sequence_length(bytes, available);
  if (length != 0) return ParseOutcome::kRecord;
  if (!input_exhausted_ && utf8::needs_more_bytes(bytes, available)) return ParseOutcome::kNeedMore;
  const uint64_t file_offset = consumed_before_buffer_ + pos;
  return fail(error_at(line, column,
                       "invalid UTF-8 at byte " + std::to_string(pos - field_begin + 1) +
                           " of the field (byte offset " + std::to_string(file_offset) +
                           " in the file): " + utf8::describe_invalid(bytes, available) +
                           "; the file must be UTF-8"));
}

Status CsvReader::fill_buffer() {
  const size_t kept = buffer_end_ - record_begin_;
  if (kept > options_.max_record_bytes) {
    std::string message = "a record longer than " + std::to_string(options_.max_record_bytes) + " bytes";
    if (open_quote_line_ != 0) {
      return error_at(open_quote_line_, open_quote_column_,
                      message + " starts here inside a quoted field that is probably never closed");
    }
    return error_at(next_line_, 1, message);
  }
  // Move the unfinished record to the front; grow only if it fills most of the buffer.
  if (record_begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + record_begin_, kept);
    consumed_before_buffer_ += record_begin_;
    record_begin_ = 0;
    record_end_ = 0;
    buffer_end_ = kept;
  }
  if (buffer_capacity_ - kept < options_.chunk_bytes / 2 + 1) {
    const size_t grown = std::max(buffer_capacity_ * 2, kept + options_.chunk_bytes);
    auto larger = std::make_unique<char[]>(grown);
    std::memcpy(larger.get(), buffer_.get(), kept);
    buffer_ = std::move(larger);
    buffer_capacity_ = grown;
  }
  const size_t wanted = buffer_capacity_ - buffer_end_;
  size_t got = 0;
  if (file_.get() >= 0) {
    ssize_t count = 0;
    do {
      count = ::read(file_.get(), buffer_.get() + buffer_end_, wanted);
    } while (count < 0 && errno == EINTR);
    if (count < 0) return io_error(path_ + ": read failed: " + std::strerror(errno));
    got = static_cast<size_t>(count);
  } else {
    // In-memory input is handed out chunk by chunk so that it behaves exactly like a file.
    got = std::min({wanted, options_.chunk_bytes, memory_input_.size() - memory_position_});
    std::memcpy(buffer_.get() + buffer_end_, memory_input_.data() + memory_position_, got);
    memory_position_ += got;
  }
  if (got == 0) input_exhausted_ = true;
  buffer_end_ += got;
  return Status::ok_status();
}

void CsvReader::unescape(FieldSpan& field) {
  char* const data = buffer_.get();
  size_t write = field.begin;
  for (size_t read = field.begin; read < field.end; ++read) {
    data[write++] = data[read];
    if (data[read] == '"') ++read;  // the second quote of a `""` pair
  }
  field.end = write;
  field.has_escapes = false;
}

CsvReader::ParseOutcome CsvReader::fail(Status status) {
  error_ = std::move(status);
  return ParseOutcome::kError;
}

std::string CsvReader::format_location(uint64_t line, size_t column) const {
  std::string text = path_ + ":" + std::to_string(line) + ":" + std::to_string(column);
  if (column >= 1 && column <= column_names_.size() && !column_names_[column - 1].empty()) {
    text += " (" + column_names_[column - 1] + ")";
  }
  return text;
}

Status CsvReader::error_at(uint64_t line, size_t column, std::string_view message) const {
  return invalid_input(format_location(line, column) + ": " + std::string(message));
}

uint64_t CsvReader::field_line(size_t index) const {
  return index < spans_.size() ? spans_[index].line : record_line_;
}

std::string CsvReader::location(size_t index) const { return format_location(field_line(index), index + 1); }

Status CsvReader::field_error(size_t index, std::string_view message) const {
  return error_at(field_line(index), index + 1, message);
}

Status CsvReader::record_error(std::string_view message) const {
  return invalid_input(path_ + ":" + std::to_string(record_line_) + ": " + std::string(message));
}

}  // namespace edgerec
