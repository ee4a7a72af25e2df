// CsvReader: RFC 4180 parsing, line tracking across chunk boundaries, and errors that name the
// file, line and column.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "edgerec/message_text.h"
#include "io/csv_reader.h"
#include "support/fixtures.h"

using edgerec::CsvReader;
using edgerec::CsvReaderOptions;

namespace {

using Records = std::vector<std::vector<std::string>>;

struct ReadResult {
  Records records;
  std::vector<uint64_t> lines;  ///< Line on which each record starts.
  std::string error;            ///< Empty if the whole input was read.
};

ReadResult read_all(CsvReader& reader) {
  ReadResult result;
  std::vector<std::string_view> fields;
  for (;;) {
    auto more = reader.next(fields);
    if (!more.ok()) {
      result.error = more.status().message();
      return result;
    }
    if (!*more) return result;
    result.records.emplace_back(fields.begin(), fields.end());
    result.lines.push_back(reader.line());
  }
}

ReadResult read_text(const std::string& text, size_t chunk_bytes = size_t{1} << 20) {
  CsvReaderOptions options;
  options.chunk_bytes = chunk_bytes;
  CsvReader reader = CsvReader::from_string(text, "data.csv", options);
  return read_all(reader);
}

std::string error_of(const std::string& text) {
  const ReadResult result = read_text(text);
  INFO(text);
  REQUIRE_FALSE(result.error.empty());
  return result.error;
}

// Every parsing path at once: quotes, escapes, line breaks in values, CRLF, empty fields and
// lines, multi-byte UTF-8, and no final line end.
const std::string kTricky =
    "a,\"b,1\",c\r\n"
    "\"multi\nline\r\nvalue\",\"say \"\"hi\"\"\",\"\"\n"
    "\n"
    ",,\n"
    "caf\xC3\xA9,\xE2\x82\xAC 5,\xF0\x9F\x98\x80\n"
    "\"\"\"\",x,\"end\"";

const Records kTrickyRecords = {
    {"a", "b,1", "c"},
    {"multi\nline\r\nvalue", "say \"hi\"", ""},
    {"", "", ""},
    {"caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x98\x80"},
    {"\"", "x", "end"},
};

}  // namespace

TEST_CASE("csv: unquoted fields with LF, CRLF and no final line end", "[csv]") {
  CHECK(read_text("a,b\nc,d\n").records == Records{{"a", "b"}, {"c", "d"}});
  CHECK(read_text("a,b\r\nc,d\r\n").records == Records{{"a", "b"}, {"c", "d"}});
  CHECK(read_text("a,b\nc,d").records == Records{{"a", "b"}, {"c", "d"}});
  CHECK(read_text("a,b\r\nc,d").records == Records{{"a", "b"}, {"c", "d"}});
  CHECK(read_text("a,b,\n").records == Records{{"a", "b", ""}});
  CHECK(read_text("").records.empty());
}

TEST_CASE("csv: quoted fields hold commas, line breaks and escaped quotes", "[csv]") {
  const ReadResult result = read_text(kTricky);
  REQUIRE(result.error.empty());
  CHECK(result.records == kTrickyRecords);
  // Lines count the breaks inside quoted values and the skipped empty line.
  CHECK(result.lines == std::vector<uint64_t>{1, 2, 6, 7, 8});
}

TEST_CASE("csv: records straddling chunk boundaries parse the same at every chunk size", "[csv]") {
  for (size_t chunk = 1; chunk <= 24; ++chunk) {
    INFO("chunk bytes " << chunk);
    const ReadResult result = read_text(kTricky, chunk);
    REQUIRE(result.error.empty());
    CHECK(result.records == kTrickyRecords);
    CHECK(result.lines == std::vector<uint64_t>{1, 2, 6, 7, 8});
  }
}

TEST_CASE("csv: random inputs give the same records or the same error at every chunk size", "[csv]") {
  // Inputs drawn from the bytes the parser treats specially, so that quotes, line ends and
  // multi-byte characters land on chunk boundaries in every combination.
  const std::string plain[] = {"a", "b", ",", "\xC3\xA9", "\xE2\x82\xAC"};
  const std::string line_ends[] = {"\n", "\r\n"};
  const std::string quotes[] = {"\"", "\"\""};
  const std::string invalid[] = {"\r", "\xC3", "\xFF", std::string(1, '\0')};
  uint64_t state = 12345;
  size_t parsed = 0;
  size_t failed = 0;
  const auto next_random = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const size_t pieces = next_random() % 40;
    for (size_t i = 0; i < pieces; ++i) {
      // Mostly plain text, commas and line ends; quotes and invalid bytes now and then.
      const uint64_t pick = next_random() % 100;
      text += pick < 75   ? plain[pick % 5]
              : pick < 94 ? line_ends[pick % 2]
              : pick < 99 ? quotes[pick % 2]
                          : invalid[pick % 4];
    }
    INFO("input " << edgerec::quote_for_message(text, 200));
    const ReadResult whole = read_text(text);
    ++(whole.error.empty() ? parsed : failed);
    for (size_t chunk = 1; chunk <= 9; ++chunk) {
      INFO("chunk bytes " << chunk);
      const ReadResult chunked = read_text(text, chunk);
      REQUIRE(chunked.records == whole.records);
      REQUIRE(chunked.lines == whole.lines);
      REQUIRE(chunked.error == whole.error);
    }
  }
  // Both outcomes are exercised.
  CHECK(parsed > 50);
  CHECK(failed > 50);
}

TEST_CASE("csv: empty lines are skipped and a byte order mark is ignored", "[csv]") {
  CHECK(read_text("\n\na\n\r\n\nb\n\n").records == Records{{"a"}, {"b"}});
  CHECK(read_text("\n\na\n\r\n\nb\n\n").lines == std::vector<uint64_t>{3, 6});
  CHECK(read_text("\xEF\xBB\xBFUSER_ID,ITEM_ID\nu,i\n").records == Records{{"USER_ID", "ITEM_ID"}, {"u", "i"}});
  CHECK(read_text("\xEF\xBB\xBFUSER_ID\n", 1).records == Records{{"USER_ID"}});
}

TEST_CASE("csv: field_line and location follow quoted line breaks and name columns", "[csv]") {
  CsvReader reader = CsvReader::from_string("h1,h2,h3\n\"x\ny\",b,c\n", "f.csv");
  std::vector<std::string_view> fields;
  REQUIRE(*reader.next(fields));
  reader.set_column_names({"h1", "h2", "h3"});
  REQUIRE(*reader.next(fields));
  CHECK(reader.line() == 2);
  CHECK(reader.field_line(0) == 2);
  CHECK(reader.field_line(1) == 3);
  CHECK(reader.location(1) == "f.csv:3:2 (h2)");
  CHECK(reader.field_error(2, "bad").message() == "f.csv:3:3 (h3): bad");
  CHECK(reader.record_error("bad row").message() == "f.csv:2: bad row");
}

TEST_CASE("csv: an unterminated quote names the line and column where it opened", "[csv]") {
  CHECK(error_of("a,b\nc,\"open\nmore\nlines\n") ==
        "data.csv:2:2: the quoted field that starts here is never closed (end of file reached at line 5)");
  // Across chunks as well.
  const ReadResult chunked = read_text("a,b\nc,\"open\nmore\n", 3);
  CHECK_THAT(chunked.error, Catch::StartsWith("data.csv:2:2: the quoted field that starts here is never closed"));
}

TEST_CASE("csv: a record longer than the limit blames the open quote", "[csv]") {
  CsvReaderOptions options;
  options.chunk_bytes = 16;
  options.max_record_bytes = 64;
  CsvReader reader = CsvReader::from_string("a,b\nx,\"" + std::string(200, 'z'), "big.csv", options);
  const ReadResult result = read_all(reader);
  CHECK(result.records == Records{{"a", "b"}});
  CHECK_THAT(result.error, Catch::StartsWith("big.csv:2:2: a record longer than 64 bytes starts here inside a quoted field"));
}

TEST_CASE("csv: quotes in the wrong place are errors", "[csv]") {
  CHECK(error_of("a,b\nc,d\"e\n") ==
        "data.csv:2:2: a quote inside an unquoted field; quote the whole field and write the quote as two quotes (\"\")");
  CHECK_THAT(error_of("a,\"b\"x,c\n"),
             Catch::StartsWith("data.csv:1:2: expected a comma or the end of the line after the closing quote, got 'x'"));
  CHECK_THAT(error_of("a,\"b\" ,c\n"), Catch::StartsWith("data.csv:1:2: expected a comma or the end of the line"));
}

TEST_CASE("csv: invalid UTF-8 is reported with its position", "[csv]") {
  CHECK(error_of("id,name\n1,ab\xFF\n") ==
        "data.csv:2:2: invalid UTF-8 at byte 3 of the field (byte offset 12 in the file): byte 0xFF never appears in "
        "UTF-8; the file must be UTF-8");
  CHECK_THAT(error_of("x\n\xC3\x28\n"), Catch::Contains("byte 0xC3 starts a 2-byte sequence but byte 0x28 cannot follow it"));
  CHECK_THAT(error_of("\"a\xE2\x82\""), Catch::StartsWith("data.csv:1:1: invalid UTF-8 at byte 2 of the field"));
  CHECK_THAT(error_of("a\xE2\x82"), Catch::Contains("cut off by the end of the input"));
  CHECK_THAT(error_of("\xC0\xAF\n"), Catch::Contains("byte 0xC0 never appears"));               // overlong
  CHECK_THAT(error_of("\xED\xA0\x80\n"), Catch::Contains("byte 0xA0 cannot follow it"));        // surrogate
  CHECK_THAT(error_of("\xF4\x90\x80\x80\n"), Catch::Contains("byte 0x90 cannot follow it"));    // > U+10FFFF
  CHECK_THAT(error_of("\x80\n"), Catch::Contains("continuation byte with no lead byte"));
  // A multi-byte character split across chunks is still valid.
  for (size_t chunk = 1; chunk <= 5; ++chunk) {
    CHECK(read_text("\xF0\x9F\x98\x80,\xE2\x82\xAC\n", chunk).records == Records{{"\xF0\x9F\x98\x80", "\xE2\x82\xAC"}});
  }
}

TEST_CASE("csv: NUL bytes and bare carriage returns are errors", "[csv]") {
  CHECK_THAT(error_of(std::string("a,b\nc,d\0e\n", 10)), Catch::StartsWith("data.csv:2:2: NUL byte (0x00)"));
  CHECK_THAT(error_of(std::string("\"a\0\"\n", 5)), Catch::StartsWith("data.csv:1:1: NUL byte"));
  CHECK_THAT(error_of("a,b\rc\n"), Catch::StartsWith("data.csv:1:2: carriage return (CR) not followed by a line feed"));
  CHECK(read_text("\"a\rb\"\n").records == Records{{"a\rb"}});  // fine inside quotes
}

TEST_CASE("csv: the reader stays failed after an error", "[csv]") {
  CsvReader reader = CsvReader::from_string("a\"b\nc\n", "data.csv");
  std::vector<std::string_view> fields;
  CHECK_FALSE(reader.next(fields).ok());
  CHECK_FALSE(reader.next(fields).ok());
}

TEST_CASE("csv: reads files in chunks and reports missing files", "[csv]") {
  edgerec::testing::TempDir dir;
  std::string text = "USER_ID,ITEM_ID\n";
  for (int i = 0; i < 5000; ++i) text += "u" + std::to_string(i) + ",\"i," + std::to_string(i % 7) + "\"\r\n";
  edgerec::testing::write_text_file(dir.file("big.csv"), text);
  CsvReaderOptions options;
  options.chunk_bytes = 1000;  // many refills
  auto reader = CsvReader::open(dir.file("big.csv"), options);
  REQUIRE(reader.ok());
  CHECK(reader->total_bytes() == text.size());
  const ReadResult result = read_all(*reader);
  REQUIRE(result.error.empty());
  REQUIRE(result.records.size() == 5001);
  CHECK(result.records[4321] == std::vector<std::string>{"u4320", "i," + std::to_string(4320 % 7)});
  CHECK(result.lines.back() == 5001);
  CHECK(reader->bytes_consumed() == text.size());

  auto missing = CsvReader::open(dir.file("nope.csv"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == edgerec::StatusCode::kNotFound);
  CHECK_THAT(missing.status().message(), Catch::Contains("nope.csv"));
  auto directory = CsvReader::open(dir.path());
  REQUIRE_FALSE(directory.ok());
  CHECK_THAT(directory.status().message(), Catch::Contains("is a directory"));
}
