// The solution version the request fuzzers serve: small, but with every part a request can reach
// (factors, histories, a sequence-free User-Personalization model, popularity, item and user
// metadata for filters), built in memory with the tests' fixtures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace edgerec::fuzz {

inline std::vector<uint8_t> fuzz_solution_bytes() {
  testing::SolutionSpec spec;
  spec.recipe = "user-personalization";
  spec.recipe_type = 1;
  spec.items = 24;
  spec.users = 6;
  spec.dimensions = 4;
  spec.int8_item_factors = true;
  for (uint32_t i = 0; i < spec.items * spec.dimensions; ++i) spec.item_factors.push_back(float((i * 37) % 11) / 7 - 0.7f);
  for (uint32_t i = 0; i < spec.users * spec.dimensions; ++i) spec.user_factors.push_back(float((i * 13) % 7) / 5 - 0.6f);
  for (uint32_t i = 0; i < spec.items; ++i) spec.popularity_counts.push_back((i * 7) % 13);
  std::vector<std::string> genres, prices;
  for (uint32_t i = 0; i < spec.items; ++i) {
    genres.push_back(i % 3 == 0 ? "comedy" : i % 3 == 1 ? "drama|comedy" : "");
    prices.push_back(std::to_string(i * 2.5));
  }
  spec.item_columns = {testing::make_column("GENRES", genres), testing::make_column("PRICE", prices, true)};
  spec.user_columns = {testing::make_column("AGE", {"20", "31", "45", "", "18", "60"}, true)};
  spec.histories.resize(spec.users);
  for (uint32_t u = 0; u < spec.users; ++u) {
    for (uint32_t e = 0; e < u; ++e) spec.histories[u].push_back({(u * 5 + e) % spec.items, e % 2 ? "click" : "purchase", 1000 + e});
  }
  spec.max_timestamp = 2000;
  spec.interactions = 15;
  return testing::build_solution(spec);
}

}  // namespace edgerec::fuzz
