// Helpers shared by the native tests that drive the edgerec CLI (tests/native/*.tests.cpp,
// compiled with EDGEREC_CLI_PATH set to the built executable).
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "edgerec/json.h"

namespace edgerec::testing {

/// The edgerec executable under test.
inline const std::string kCli = EDGEREC_CLI_PATH;

/// `s` single-quoted for the shell (test paths never contain a quote).
inline std::string q(const std::string& s) { return "'" + s + "'"; }

/// Parses a command's JSON output, failing the test (with the text) if it is not JSON.
inline JsonValue json_of(const std::string& text) {
  auto parsed = parse_json(text, "stdout");
  INFO(text);
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

}  // namespace edgerec::testing
