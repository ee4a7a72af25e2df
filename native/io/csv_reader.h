// A streaming RFC 4180 CSV reader built for bulk imports (tens of millions of rows).
//
// The input is read in large chunks into one buffer that is reused; each record's fields are
// handed out as string_views into that buffer, so the common case (unquoted fields) costs no
// allocation. Quoted fields lose their quotes and have `""` turned into `"` in place. Every byte
// is checked: malformed quoting, invalid UTF-8, NUL bytes and bare carriage returns are errors
// that name the file, the physical line (1-based, counting newlines inside quoted fields), the
// column (1-based field number, plus its header name once set_column_names was called) and what
// was expected.
//
// Accepted: LF and CRLF line ends, a last record without a line end, quoted fields holding
// commas, quotes (`""`) and line breaks, a UTF-8 byte order mark at the start (skipped). Empty
// lines are skipped: they carry no record, and spreadsheets often leave one at the end.
//
// Usage:
//   EDGEREC_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::open(path));
//   std::vector<std::string_view> fields;
//   for (;;) {
//     EDGEREC_ASSIGN_OR_RETURN(bool more, reader.next(fields));
//     if (!more) break;
//     ... fields[i] is valid until the next call to next() ...
//   }
//
// A reader is single-threaded and move-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/status.h"

namespace edgerec {

struct CsvReaderOptions {
  /// Bytes fetched per read. Large chunks keep system calls and buffer compaction rare; tests use
  /// tiny chunks to exercise records that straddle chunk boundaries.
  size_t chunk_bytes = size_t{4} << 20;
  /// A record longer than this is an error rather than a reason to buffer the whole file, which
  /// is what an unterminated quote would otherwise do.
  size_t max_record_bytes = kMaxCsvRecordBytes;
};

class CsvReader {
 public:
  /// Opens a file for reading. NotFound if it does not exist, IoError if it cannot be read.
  static Result<CsvReader> open(const std::string& path, const CsvReaderOptions& options = {});
  /// Reads CSV text held in memory; `name` stands in for the file name in error messages.
  static CsvReader from_string(std::string contents, std::string name = "<memory>",
                               const CsvReaderOptions& options = {});

  CsvReader(CsvReader&&) noexcept = default;
  CsvReader& operator=(CsvReader&&) noexcept = default;

  /**
   * Reads the next record into `fields` (cleared first).
   * @return true with the record's fields, false at the end of the input, or an InvalidInput
   *   error (file:line:column) for malformed CSV, IoError if reading fails. After an error the
   *   reader must not be used again.
   */
  Result<bool> next(std::vector<std::string_view>& fields);

  /// The file name as given (or the name passed to from_string).
  const std::string& path() const { return path_; }
  /// The physical line (1-based) on which the current record starts.
  uint64_t line() const { return record_line_; }
  /// The physical line on which field `index` (0-based) of the current record starts; differs
  /// from line() only after a quoted field holding line breaks.
  uint64_t field_line(size_t index) const;

  /// Names the columns (usually the header row) so errors read "file:3:2 (ITEM_ID): ...".
  void set_column_names(std::vector<std::string> names) { column_names_ = std::move(names); }

  /// "file:line:column (NAME)" for field `index` (0-based) of the current record.
  std::string location(size_t index) const;
  /// An InvalidInput error "file:line:column (NAME): <message>" about field `index`.
  Status field_error(size_t index, std::string_view message) const;
  /// An InvalidInput error "file:line: <message>" about the current record as a whole.
  Status record_error(std::string_view message) const;

  /// Bytes of input consumed so far, including the current record.
  uint64_t bytes_consumed() const { return consumed_before_buffer_ + record_end_; }
  /// The input's total size in bytes if known up front (regular files, strings), else 0.
  uint64_t total_bytes() const { return total_bytes_; }

 private:
  /// Where the parser stands when a record cannot be finished with the bytes buffered so far.
  enum class ParseOutcome { kRecord, kNeedMore, kEnd, kError };
  struct FieldSpan {
    size_t begin = 0;          ///< Offset of the first content byte in buffer_.
    size_t end = 0;            ///< One past the last content byte.
    uint64_t line = 0;         ///< Physical line on which the field starts.
    bool has_escapes = false;  ///< Quoted and containing `""`, unescaped once the record is whole.
  };

  /// Owns a POSIX file descriptor (-1: none); closes it when destroyed.
  class FileDescriptor {
   public:
    FileDescriptor() = default;
    explicit FileDescriptor(int descriptor) : descriptor_(descriptor) {}
    FileDescriptor(FileDescriptor&& other) noexcept : descriptor_(std::exchange(other.descriptor_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
      std::swap(descriptor_, other.descriptor_);
      return *this;
    }
    ~FileDescriptor();
    int get() const { return descriptor_; }

   private:
    int descriptor_ = -1;
  };

  CsvReader(std::string path, const CsvReaderOptions& options);

  ParseOutcome parse_record();
  /// Parses the quoted field whose opening quote is at `pos`; leaves `pos` after the closing
  /// quote and `line` on the line where the field ends.
  ParseOutcome parse_quoted_field(size_t& pos, uint64_t& line, size_t column, FieldSpan& span);
  /// Sets `length` to the length of the valid UTF-8 sequence at `pos`, or fails.
  ParseOutcome check_utf8(size_t pos, uint64_t line, size_t column, size_t field_begin, size_t& length);
  /// Moves the unfinished record to the front of the buffer and reads more input after it.
  Status fill_buffer();
  void unescape(FieldSpan& field);
  ParseOutcome fail(Status status);
  /// "file:line:column (NAME)", column 1-based.
  std::string format_location(uint64_t line, size_t column) const;
  Status error_at(uint64_t line, size_t column, std::string_view message) const;

  std::string path_;
  CsvReaderOptions options_;
  FileDescriptor file_;             ///< The input file, unless reading from memory.
  std::string memory_input_;       ///< Input of from_string, handed out chunk by chunk.
  size_t memory_position_ = 0;
  bool input_exhausted_ = false;
  uint64_t total_bytes_ = 0;

  std::unique_ptr<char[]> buffer_;
  size_t buffer_capacity_ = 0;
  size_t buffer_end_ = 0;          ///< Bytes of valid data in buffer_.
  size_t record_begin_ = 0;        ///< Start of the record being parsed.
  size_t record_end_ = 0;          ///< One past the last record handed out (incl. its line end).
  uint64_t consumed_before_buffer_ = 0;  ///< Input bytes dropped from the buffer by compaction.
  bool at_input_start_ = true;     ///< Still to check for a byte order mark.

  uint64_t record_line_ = 1;       ///< Line where the current record starts.
  uint64_t next_line_ = 1;         ///< Line where the next record starts.
  uint64_t open_quote_line_ = 0;   ///< Where an unfinished quoted field opened (0: none), so an
  size_t open_quote_column_ = 0;   ///< over-long record can be blamed on a missing quote.
  std::vector<FieldSpan> spans_;
  std::vector<std::string> column_names_;
  Status error_;
};

}  // namespace edgerec
