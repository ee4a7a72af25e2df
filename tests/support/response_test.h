// Shared by tests that read responses: a response's JSON, failing the test (with the status)
// when the call failed or the text is not JSON, and the item ids of its list.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

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

/// The itemId of each entry of a response's list (`itemList`, or `personalizedRanking`), in order.
inline std::vector<std::string> item_ids(const JsonValue& response, const char* list = "itemList") {
  std::vector<std::string> out;
  for (const auto& item : response.find(list)->items()) out.push_back(item.find("itemId")->as_string());
  return out;
}

/// A response's JSON text without its recommendationId (which differs per call), to compare two
/// responses' lists byte for byte.
inline std::string without_recommendation_id(std::string json) {
  const std::string key = "\"recommendationId\":\"";
  const size_t at = json.find(key);
  if (at == std::string::npos) return json;
  return json.erase(at, json.find('"', at + key.size()) + 1 - at);
}

}  // namespace edgerec::testing
