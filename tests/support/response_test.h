// Shared by tests that call a Runtime directly: a response's JSON, failing the test (with the
// status) when the call failed or the text is not JSON.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec::testing {

inline JsonValue parse_response(const Result<std::string>& response) {
  INFO(response.status().to_string());
  REQUIRE(response.ok());
  auto parsed = parse_json(*response, "response");
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

}  // namespace edgerec::testing
