// The JSON reader rejects malformed input with a byte offset; the writer is exact and stable.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "edgerec/json.h"

using edgerec::JsonValue;
using edgerec::JsonWriter;
using edgerec::parse_json;

TEST_CASE("json: parses objects, arrays, strings, numbers, literals", "[json]") {
  auto v = parse_json(R"( {"a": [1, -2.5e2, true, false, null], "b": "x\"\\\n\u00e9\ud83d\ude00"} )", "doc");
  REQUIRE(v.ok());
  REQUIRE(v->is_object());
  const JsonValue* a = v->find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->items().size() == 5);
  CHECK(a->items()[0].as_number() == 1.0);
  CHECK(a->items()[1].as_number() == -250.0);
  CHECK(a->items()[2].as_bool());
  CHECK(a->items()[4].is_null());
  CHECK(v->find("b")->as_string() == "x\"\\\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST_CASE("json: errors carry the byte offset", "[json]") {
  struct Case {
    const char* text;
    const char* fragment;
  };
  const Case cases[] = {
      {"", "empty input at byte 0"},
      {"{\"a\":1,}", "expected a quoted member name at byte 7"},
      {"{\"a\":1 \"b\":2}", "expected ',' or '}'"},
      {"[1,2", "unexpected end of input"},
      {"\"abc", "unterminated string"},
      {"01", "unexpected text after the JSON value at byte 1"},
      {"{\"a\":1,\"a\":2}", "duplicate member \"a\" at byte 7"},
      {"\"\xff\"", "invalid UTF-8"},
      {"\"\\ud800\"", "unpaired surrogate"},
      {"1e999", "number out of range"},
      {"tru", "invalid literal"},
      {"-", "invalid number"},
      {"\"\\x\"", "invalid escape: a backslash followed by character 'x' at byte 2"},
      {"[\x01]", "unexpected character '\\x01' at byte 1"},
      {"[\xff]", "unexpected bytes that are not UTF-8 (byte 0xFF never appears in UTF-8) at byte 1"},
      {"\"\xc3(\"", "invalid UTF-8 in a string (byte 0xC3 starts a 2-byte sequence but byte 0x28 cannot follow it) at byte 1"},
      {"[\xc3\xa9]", "unexpected character '\xc3\xa9' at byte 1"},
      {"\xEF\xBB\xBF{}", "a byte order mark (BOM) is not allowed (save the text as UTF-8 without a BOM) at byte 0"},
      {"[\xEF\xBB\xBF" "1]", "a byte order mark (BOM) is not allowed at byte 1"},
  };
  for (const Case& c : cases) {
    auto v = parse_json(c.text, "request");
    INFO(c.text);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == edgerec::StatusCode::kInvalidInput);
    CHECK_THAT(v.status().message(), Catch::StartsWith("request is not valid JSON") && Catch::Contains(c.fragment));
  }
}

TEST_CASE("json: user text in messages is escaped, so a NUL cannot cut them short", "[json]") {
  // Each member name holds a NUL (as the C ABI and JS read messages up to the first NUL byte).
  const std::string duplicate = R"({"\u0000x":1,"\u0000x":2})";
  auto v = parse_json(duplicate, "request");
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().message() == R"(request is not valid JSON: duplicate member "\x00x" at byte 13)");
  const std::string escaped_nul("\"\\\0\"", 4);  // a backslash followed by a NUL byte
  auto e = parse_json(escaped_nul, "request");
  REQUIRE_FALSE(e.ok());
  CHECK(e.status().message().find('\0') == std::string::npos);
  CHECK_THAT(e.status().message(), Catch::Contains("a backslash followed by character '\\x00' at byte 2"));
}

// Hidden ([.]): CTest runs it on its own as core.json.large_object, with a timeout that a
// quadratic duplicate check (37 s here before issue 11's fix, 0.2 s after) cannot meet.
TEST_CASE("json: a 100,000-member object parses in O(n log n), duplicates still found", "[.][json][large]") {
  constexpr int kMembers = 100'000;
  std::string text = "{";
  for (int i = 0; i < kMembers; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  auto v = parse_json(text + "}", "request");
  REQUIRE(v.ok());
  REQUIRE(v->members().size() == kMembers);
  CHECK(v->members()[54321].first == "k54321");
  CHECK(v->members()[54321].second.as_number() == 54321.0);

  const size_t last = text.size() + 1;
  auto duplicate = parse_json(text + ",\"k77777\":0}", "request");
  REQUIRE_FALSE(duplicate.ok());
  CHECK_THAT(duplicate.status().message(),
             Catch::EndsWith("duplicate member \"k77777\" at byte " + std::to_string(last)));
  // Names that differ only after a shared prefix, or in length, are not duplicates.
  auto near = parse_json(R"({"ab":1,"a":2,"abc":3,"b":4,"":5,"a\u0000":6})", "request");
  REQUIRE(near.ok());
  CHECK(near->members().size() == 6);
  CHECK_FALSE(parse_json(R"({"":1,"a":2,"":3})", "request").ok());
}

TEST_CASE("json: nesting is limited", "[json]") {
  const std::string deep(10000, '[');
  auto v = parse_json(deep, "doc");
  REQUIRE_FALSE(v.ok());
  CHECK_THAT(v.status().message(), Catch::Contains("deeper than 64"));
}

TEST_CASE("json: writer output", "[json]") {
  JsonWriter w;
  w.begin_object();
  w.key("s");
  w.string("q\"\\\x01");
  w.key("n");
  w.begin_array();
  w.number(3.0);
  w.number(0.1);
  w.number_float(0.1f);
  w.number_float(1.0f / 3.0f);
  w.integer(-7);
  w.boolean(true);
  w.null();
  w.end_array();
  w.key("empty");
  w.begin_object();
  w.end_object();
  w.end_object();
  CHECK(w.str() == R"({"s":"q\"\\\u0001","n":[3,0.1,0.1,0.33333334,-7,true,null],"empty":{}})");
}

TEST_CASE("json: the writer's output is UTF-8 whatever bytes it is given", "[json]") {
  // Found by the http_routes fuzzer: an X-Amz-Target with a stray byte, quoted in the error.
  JsonWriter w;
  w.begin_object();
  w.key("k\xC0");
  w.string("Am\xC0zon caf\xC3\xA9 \xE2\x82 \xF0\x9F\x98\x80 \xED\xA0\x80 \xFF");
  w.end_object();
  CHECK(w.str() == "{\"k\\ufffd\":\"Am\\ufffdzon caf\xC3\xA9 \\ufffd\\ufffd \xF0\x9F\x98\x80 \\ufffd\\ufffd\\ufffd \\ufffd\"}");
  auto parsed = parse_json(w.str(), "written");
  INFO(parsed.status().to_string());
  REQUIRE(parsed.ok());
  CHECK(parsed->find("k\xEF\xBF\xBD") != nullptr);
}

TEST_CASE("json: floats round-trip through the shortest text", "[json]") {
  for (const float f : {0.5f, 1e-7f, 123456.78f, 3.4028235e38f, 1.17549435e-38f, 0.0123456789f}) {
    JsonWriter w;
    w.number_float(f);
    CHECK(std::strtof(w.str().c_str(), nullptr) == f);
  }
}

namespace {

/// Significant digits of a %g text ("1.25e-05" has 3).
int significant_digits(const std::string& text) {
  int digits = 0;
  bool leading = true;
  for (const char c : text) {
    if (c == 'e') break;
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  return digits;
}

}  // namespace

TEST_CASE("json: numbers are the shortest text that reads back, for any bits", "[json]") {
  uint64_t state = 99;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const auto bits = static_cast<uint32_t>(state >> 32);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    if (!std::isfinite(f) || f == std::floor(f)) continue;
    JsonWriter w;
    w.number_float(f);
    const std::string text = w.str();
    INFO(text);
    REQUIRE(std::strtof(text.c_str(), nullptr) == f);
    // One digit fewer does not read back.
    const int digits = significant_digits(text);
    char shorter[40];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits - 1, static_cast<double>(f));
    CHECK((digits == 1 || std::strtof(shorter, nullptr) != f));

    double d;
    const uint64_t wide = state ^ (state << 17);
    std::memcpy(&d, &wide, sizeof d);
    if (!std::isfinite(d) || d == std::floor(d)) continue;
    const std::string dtext = edgerec::shortest_number_text(d);
    INFO(dtext);
    REQUIRE(std::strtod(dtext.c_str(), nullptr) == d);
    std::snprintf(shorter, sizeof shorter, "%.*g", significant_digits(dtext) - 1, d);
    CHECK((significant_digits(dtext) == 1 || std::strtod(shorter, nullptr) != d));
  }
}

namespace {

/// The reference: printf's "%.{p}g" at the smallest p that strtof reads back as f.
std::string printf_shortest(float f) {
  char buf[40];
  for (int p = 1; p <= 9; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) break;
  }
  return buf;
}

std::string written(float f) {
  JsonWriter w;
  w.number_float(f);
  return w.str();
}

}  // namespace

TEST_CASE("json: float text is printf's shortest %g text, character for character", "[json]") {
  // The integer fast path covers [1e-10, 1e7); check it densely there, at its edges, at powers of
  // ten and of two (asymmetric rounding intervals), at halfway cases, and beyond it.
  std::vector<float> values = {1e-10f, 1e7f, 9999999.0f, 9999999.5f, 0.5f, 1.0f, 0.1f, 0.2f, 0.3f, 1.5f,
                               2.5f,   0.125f, 8388608.0f, 8388607.5f, 16777215.0f, 1e-11f, 3e38f, 1.4e-45f};
  for (int k = -11; k <= 8; ++k) {
    const float p = std::pow(10.0f, static_cast<float>(k));
    values.push_back(p);
    values.push_back(std::nextafter(p, 0.0f));
    values.push_back(std::nextafter(p, 1e30f));
  }
  for (int k = -40; k <= 25; ++k) {
    const float p = std::ldexp(1.0f, k);
    values.push_back(p);
    values.push_back(std::nextafter(p, 0.0f));
    values.push_back(std::nextafter(p, 1e30f));
  }
  uint64_t state = 7;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const double exponent = -10.5 + 17.5 * static_cast<double>(state >> 11) / 9007199254740992.0;
    values.push_back(static_cast<float>(std::pow(10.0, exponent)));
    const auto bits = static_cast<uint32_t>(state >> 32);
    float any;
    std::memcpy(&any, &bits, sizeof any);
    if (std::isfinite(any)) values.push_back(any);
  }
  size_t mismatches = 0;
  for (const float v : values) {
    for (const float f : {v, -v}) {
      const std::string expected = printf_shortest(f);
      const std::string actual = written(f);
      if (actual != expected && ++mismatches <= 10) {
        FAIL_CHECK("float bits " << f << ": wrote " << actual << ", printf's shortest is " << expected);
      }
    }
  }
  CHECK(mismatches == 0);
}
