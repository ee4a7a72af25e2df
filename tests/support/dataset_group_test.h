// Helpers shared by the native tests that work on a dataset group's database directly
// (tests/native/*.tests.cpp): a fresh group, and SQL that must succeed.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>

#include "store/dataset_group.h"
#include "support/fixtures.h"

namespace edgerec::testing {

/// A new dataset group at DIR/group, failing the test if it cannot be created.
inline DatasetGroup new_group(const TempDir& dir) {
  auto group = DatasetGroup::create(dir.file("group"));
  REQUIRE(group.ok());
  return std::move(group).value();
}

/// The single integer `sql` selects (e.g. a count(*)), failing the test if the query fails.
inline int64_t count(DatasetGroup& group, const std::string& sql) {
  auto n = group.db().query_int(sql);
  REQUIRE(n.ok());
  return *n;
}

/// Runs `sql` on the group's database, failing the test (with the error) if it fails.
inline void exec(DatasetGroup& group, const std::string& sql) {
  const auto s = group.db().exec(sql);
  INFO(s.to_string());
  REQUIRE(s.ok());
}

}  // namespace edgerec::testing
