// iALS training: it minimises its objective, recovers planted structure, is bit-reproducible
// whatever the thread count, and rejects bad options and data by name. Also the CSR builder.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "train/ials.h"
#include "interactions/sparse_matrix.h"

using edgerec::CsrMatrix;
using edgerec::IalsModel;
using edgerec::IalsOptions;
using edgerec::StatusCode;

namespace {

/// A random matrix: each user has a few random items with small integer weights.
CsrMatrix random_matrix(uint32_t users, uint32_t items, uint32_t per_user, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint32_t> rows;
  std::vector<uint32_t> cols;
  std::vector<float> weights;
  for (uint32_t u = 0; u < users; ++u) {
    for (uint32_t j = 0; j < per_user; ++j) {
      rows.push_back(u);
      cols.push_back(rng() % items);
      weights.push_back(static_cast<float>(1 + rng() % 3));
    }
  }
  auto m = edgerec::csr_from_coordinates(users, items, rows, cols, weights);
  REQUIRE(m.ok());
  return std::move(m).value();
}

IalsModel train(const CsrMatrix& m, const IalsOptions& options) {
  auto model = edgerec::train_ials(m, options);
  INFO(model.status().to_string());
  REQUIRE(model.ok());
  return std::move(model).value();
}

double objective(const CsrMatrix& m, const IalsModel& model, const IalsOptions& options) {
  auto value = edgerec::ials_objective(m, model, options);
  INFO(value.status().to_string());
  REQUIRE(value.ok());
  return *value;
}

IalsOptions small_options() {
  IalsOptions o;
  o.factors = 16;
  o.iterations = 5;
  o.regularization = 0.1f;
  o.alpha = 2.0f;
  o.threads = 2;
  return o;
}

}  // namespace

TEST_CASE("ials: the objective decreases with every iteration", "[ials]") {
  const CsrMatrix m = random_matrix(150, 90, 12, 1);
  for (const bool exact : {false, true}) {
    for (const float exponent : {0.0f, 1.0f}) {
      IalsOptions o = small_options();
      o.exact = exact;
      o.unobserved_weight = 0.3f;
      o.regularization_exponent = exponent;
      o.regularization = exponent == 0.0f ? 0.1f : 0.001f;
      INFO("exact " << exact << " exponent " << exponent);
      // Training is deterministic, so n iterations are the first n of a longer run.
      double previous = std::numeric_limits<double>::infinity();
      for (uint32_t n = 1; n <= 6; ++n) {
        o.iterations = n;
        const double now = objective(m, train(m, o), o);
        INFO("iterations " << n << ": " << now << " after " << previous);
        CHECK(now < previous);
        previous = now;
      }
    }
  }
}

TEST_CASE("ials: with enough CG steps the model matches exact solves", "[ials]") {
  const CsrMatrix m = random_matrix(80, 60, 10, 2);
  IalsOptions o = small_options();
  o.cg_steps = 40;
  const IalsModel cg = train(m, o);
  o.exact = true;
  const IalsModel exact = train(m, o);
  double diff = 0.0;
  double norm = 0.0;
  for (size_t e = 0; e < exact.item_factors.size(); ++e) {
    diff += std::pow(cg.item_factors[e] - exact.item_factors[e], 2.0);
    norm += std::pow(exact.item_factors[e], 2.0);
  }
  CHECK(std::sqrt(diff / norm) < 1e-3);
}

TEST_CASE("ials: held-out interactions of a planted low-rank model rank above others", "[ials]") {
  // 400 users and 300 items in 6 taste groups; a user interacts only with items of their group,
  // chosen at random. One interaction per user is held out; the model must score it above items
  // the user never touched (AUC), which only works if it learned the groups. Within a group
  // nothing separates the held-out item from the other unseen ones, so the best possible AUC
  // over all unseen items is about (250 + 34 / 2) / 284 = 0.94; against the other groups' items
  // alone it is 1.
  constexpr uint32_t kUsers = 400;
  constexpr uint32_t kItems = 300;
  constexpr uint32_t kGroups = 6;
  std::mt19937 rng(12345);
  std::vector<uint32_t> rows;
  std::vector<uint32_t> cols;
  std::vector<uint32_t> held_out(kUsers);
  std::vector<std::set<uint32_t>> seen(kUsers);
  for (uint32_t u = 0; u < kUsers; ++u) {
    const uint32_t group = u % kGroups;
    while (seen[u].size() < 16) {
      const uint32_t item = group + kGroups * (rng() % (kItems / kGroups));
      seen[u].insert(item);
    }
    held_out[u] = *std::next(seen[u].begin(), static_cast<long>(rng() % seen[u].size()));
    for (const uint32_t item : seen[u]) {
      if (item == held_out[u]) continue;
      rows.push_back(u);
      cols.push_back(item);
    }
  }
  auto m = edgerec::csr_from_coordinates(kUsers, kItems, rows, cols);
  REQUIRE(m.ok());
  IalsOptions o = small_options();
  o.iterations = 10;
  const IalsModel model = train(*m, o);

  const auto score = [&](uint32_t u, uint32_t i) {
    double s = 0.0;
    for (uint32_t d = 0; d < model.factors; ++d) {
      s += double{model.user_factors[u * model.factors + d]} * model.item_factors[i * model.factors + d];
    }
    return s;
  };
  uint64_t wins = 0;
  uint64_t pairs = 0;
  uint64_t other_group_wins = 0;
  uint64_t other_group_pairs = 0;
  for (uint32_t u = 0; u < kUsers; ++u) {
    const double positive = score(u, held_out[u]);
    for (uint32_t i = 0; i < kItems; ++i) {
      if (seen[u].count(i)) continue;
      const bool win = positive > score(u, i);
      ++pairs;
      wins += win ? 1 : 0;
      if (i % kGroups != u % kGroups) {
        ++other_group_pairs;
        other_group_wins += win ? 1 : 0;
      }
    }
  }
  const double auc = static_cast<double>(wins) / static_cast<double>(pairs);
  const double other_group_auc =
      static_cast<double>(other_group_wins) / static_cast<double>(other_group_pairs);
  INFO("AUC " << auc << ", against other groups' items " << other_group_auc);
  CHECK(auc > 0.9);
  CHECK(other_group_auc > 0.98);
}

TEST_CASE("ials: bit-identical for a seed, whatever the thread count", "[ials]") {
  // Big enough for several Gramian blocks (4096 rows each) and many row claims per thread.
  const CsrMatrix m = random_matrix(9000, 700, 6, 3);
  IalsOptions o = small_options();
  o.factors = 32;
  o.iterations = 3;
  o.threads = 1;
  const IalsModel one = train(m, o);
  o.threads = 2;
  const IalsModel two = train(m, o);
  o.threads = 5;
  const IalsModel five = train(m, o);
  const IalsModel two_again = [&] {
    o.threads = 2;
    return train(m, o);
  }();
  CHECK(one.user_factors == two.user_factors);
  CHECK(one.item_factors == two.item_factors);
  CHECK(one.item_factors == five.item_factors);
  CHECK(two.item_factors == two_again.item_factors);
  o.seed = 2;
  const IalsModel other_seed = train(m, o);
  CHECK(other_seed.item_factors != one.item_factors);
  CHECK(other_seed.user_factors != one.user_factors);
}

TEST_CASE("ials: shape, callback and a non-vector dimension", "[ials]") {
  const CsrMatrix m = random_matrix(50, 40, 5, 4);
  IalsOptions o = small_options();
  o.factors = 7;
  o.iterations = 3;
  std::vector<uint32_t> calls;
  auto model = edgerec::train_ials(m, o, [&](uint32_t iteration, double seconds) {
    calls.push_back(iteration);
    CHECK(seconds >= 0.0);
  });
  REQUIRE(model.ok());
  CHECK(calls == std::vector<uint32_t>{0, 1, 2});
  CHECK(model->factors == 7);
  CHECK(model->users == 50);
  CHECK(model->items == 40);
  CHECK(model->user_factors.size() == 50 * 7);
  CHECK(model->item_factors.size() == 40 * 7);
  for (const float v : model->item_factors) CHECK(std::isfinite(v));
}

TEST_CASE("ials: bad options and data are InvalidInput naming the culprit", "[ials]") {
  const CsrMatrix m = random_matrix(20, 10, 3, 5);
  const auto expect = [&](const CsrMatrix& matrix, const IalsOptions& o, const std::string& needle) {
    auto model = edgerec::train_ials(matrix, o);
    REQUIRE_FALSE(model.ok());
    INFO(model.status().to_string());
    CHECK(model.status().code() == StatusCode::kInvalidInput);
    CHECK(model.status().message().find(needle) != std::string::npos);
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // One bad option at a time, on otherwise good options.
  const std::vector<std::pair<std::function<void(IalsOptions&)>, std::string>> bad_options = {
      {[](IalsOptions& o) { o.factors = 0; }, "option factors must be between 1 and 4096, got 0"},
      {[](IalsOptions& o) { o.iterations = 0; }, "option iterations"},
      {[](IalsOptions& o) { o.regularization = -0.5f; }, "option regularization must be finite and >= 0"},
      {[&](IalsOptions& o) { o.regularization = nan; }, "option regularization must be"},
      {[](IalsOptions& o) { o.regularization_exponent = 1.5f; }, "option regularization_exponent"},
      {[](IalsOptions& o) { o.alpha = -1.0f; }, "option alpha"},
      {[](IalsOptions& o) { o.unobserved_weight = std::numeric_limits<float>::infinity(); }, "option unobserved_weight"},
      {[](IalsOptions& o) { o.cg_steps = 0; }, "option cg_steps"},
      {[](IalsOptions& o) { o.init_stddev = 0.0f; }, "option init_stddev"},
  };
  for (const auto& [spoil, message] : bad_options) {
    IalsOptions o = small_options();
    spoil(o);
    expect(m, o, message);
  }

  expect(CsrMatrix{}, small_options(), "user_items is empty");
  CsrMatrix no_entries;
  no_entries.rows = 3;
  no_entries.cols = 4;
  no_entries.offsets.assign(4, 0);
  expect(no_entries, small_options(), "user_items is empty");
  CsrMatrix bad_index = m;
  bad_index.indices[0] = 10;
  expect(bad_index, small_options(), "column 10, but there are 10 columns");
  CsrMatrix negative = m;
  negative.values[1] = -2.0f;
  expect(negative, small_options(), "must be finite and >= 0");
  CsrMatrix short_offsets = m;
  short_offsets.offsets.pop_back();
  expect(short_offsets, small_options(), "offsets");
}

TEST_CASE("sparse_matrix: coordinates are sorted, repeats summed in order, transposed", "[ials]") {
  // Rows out of order, a repeated pair (1, 2) and an empty row 2.
  auto m = edgerec::csr_from_coordinates(4, 3, {3, 1, 0, 1, 1, 3}, {0, 2, 1, 0, 2, 2},
                                         {1.0f, 0.5f, 2.0f, 4.0f, 0.25f, 3.0f});
  REQUIRE(m.ok());
  CHECK(m->validate("m").ok());
  CHECK(m->offsets == std::vector<uint64_t>{0, 1, 3, 3, 5});
  CHECK(m->indices == std::vector<uint32_t>{1, 0, 2, 0, 2});
  CHECK(m->values == std::vector<float>{2.0f, 4.0f, 0.75f, 1.0f, 3.0f});
  const CsrMatrix t = m->transpose();
  CHECK(t.validate("t").ok());
  CHECK(t.rows == 3);
  CHECK(t.cols == 4);
  CHECK(t.offsets == std::vector<uint64_t>{0, 2, 3, 5});
  CHECK(t.indices == std::vector<uint32_t>{1, 3, 0, 1, 3});
  CHECK(t.values == std::vector<float>{4.0f, 1.0f, 2.0f, 0.75f, 3.0f});

  auto unweighted = edgerec::csr_from_coordinates(2, 2, {0, 0, 1}, {1, 1, 0});
  REQUIRE(unweighted.ok());
  CHECK(unweighted->values == std::vector<float>{2.0f, 1.0f});  // a count

  auto outside = edgerec::csr_from_coordinates(2, 2, {0, 2}, {0, 0});
  REQUIRE_FALSE(outside.ok());
  CHECK(outside.status().message().find("entry 1 (2, 0) is outside the 2 x 2 matrix") != std::string::npos);
  auto mismatched = edgerec::csr_from_coordinates(2, 2, {0, 1}, {0});
  CHECK(mismatched.status().code() == StatusCode::kInvalidInput);
  auto negative = edgerec::csr_from_coordinates(2, 2, {0}, {0}, {-1.0f});
  CHECK(negative.status().message().find("weight") != std::string::npos);

  CsrMatrix unsorted = *m;
  std::swap(unsorted.indices[1], unsorted.indices[2]);
  CHECK(unsorted.validate("m").message().find("out of order or repeated") != std::string::npos);
}
