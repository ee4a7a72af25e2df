// The loader rejects damaged or hostile bytes with a clear error and never crashes.
#include <catch2/catch.hpp>

#include <cstring>
#include <functional>
#include <limits>
#include <memory>

#include "edgerec/container.h"
#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"
#include "support/fixtures.h"
#include "train/solution_writer.h"

using edgerec::Solution;
using edgerec::StatusCode;

namespace {

std::vector<uint8_t> valid_solution() {
  return edgerec::testing::make_popularity_solution({5, 9, 1, 9, 0, 3}, 12);
}

edgerec::Status load_status(const std::vector<uint8_t>& bytes, const edgerec::LoadOptions& options = {}) {
  auto loaded = Solution::load(bytes.data(), bytes.size(), options);
  return loaded.ok() ? edgerec::Status() : loaded.status();
}

// Rewrites the header fields and recomputes the CRC, as a hostile writer would.
void rewrite_header(std::vector<uint8_t>& bytes, const edgerec::ContainerHeader& header) {
  edgerec::encode_container_header(header, bytes.data());
}

edgerec::ContainerHeader header_of(const std::vector<uint8_t>& bytes) {
  auto h = edgerec::parse_container_header(bytes.data(), bytes.size());
  REQUIRE(h.ok());
  return *h;
}

}  // namespace

TEST_CASE("loader: a valid solution loads and exposes its catalog", "[loader]") {
  const auto bytes = valid_solution();
  auto loaded = Solution::load(bytes.data(), bytes.size());
  REQUIRE(loaded.ok());
  const Solution& s = **loaded;
  CHECK(s.recipe() == "popularity-count");
  CHECK(s.items().size() == 6);
  CHECK(s.users().size() == 12);
  CHECK(s.items().find("item003") == std::optional<uint32_t>(3));
  CHECK_FALSE(s.items().find("item999").has_value());
  CHECK(s.items().id(5) == "item005");
}

TEST_CASE("loader: empty input", "[loader]") {
  const auto status = load_status({});
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("empty"));
}

TEST_CASE("loader: wrong magic", "[loader]") {
  auto bytes = valid_solution();
  bytes[1] = 'X';
  const auto status = load_status(bytes);
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("magic"));
  const std::vector<uint8_t> text = {'u', 's', 'e', 'r', ',', 'i', 't', 'e', 'm', '\n'};
  CHECK(load_status(text).code() == StatusCode::kCorruptData);
}

TEST_CASE("loader: newer major version is refused, newer minor accepted", "[loader]") {
  auto bytes = valid_solution();
  auto header = header_of(bytes);
  header.major = 2;
  rewrite_header(bytes, header);
  const auto status = load_status(bytes);
  CHECK(status.code() == StatusCode::kUnsupportedVersion);
  CHECK_THAT(status.message(), Catch::Contains("2." + std::to_string(edgerec::kFormatMinor)) && Catch::Contains("major version 1"));

  auto minor = valid_solution();
  auto h2 = header_of(minor);
  h2.minor = 7;
  rewrite_header(minor, h2);
  auto loaded = Solution::load(minor.data(), minor.size());
  REQUIRE(loaded.ok());
  CHECK((*loaded)->format_minor() == 7);
}

TEST_CASE("loader: unknown flags are refused", "[loader]") {
  auto bytes = valid_solution();
  auto header = header_of(bytes);
  header.flags |= 1u << 9;
  rewrite_header(bytes, header);
  CHECK(load_status(bytes).code() == StatusCode::kUnsupportedVersion);
}

TEST_CASE("loader: every truncation is rejected", "[loader]") {
  const auto bytes = valid_solution();
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
    const auto status = load_status(cut);
    INFO("truncated to " << size << " bytes: " << status.message());
    CHECK_FALSE(status.ok());
    CHECK(status.code() == StatusCode::kCorruptData);
  }
  auto truncated = bytes;
  truncated.pop_back();
  CHECK_THAT(load_status(truncated).message(), Catch::Contains("truncated"));
}

TEST_CASE("loader: trailing bytes are rejected", "[loader]") {
  auto bytes = valid_solution();
  bytes.push_back(0);
  const auto status = load_status(bytes);
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("trailing"));
}

TEST_CASE("loader: every single bit flip is rejected or harmless", "[loader]") {
  const auto bytes = valid_solution();
  size_t rejected = 0;
  for (size_t byte = 0; byte < bytes.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      auto flipped = bytes;
      flipped[byte] ^= static_cast<uint8_t>(1u << bit);
      auto loaded = Solution::load(flipped.data(), flipped.size());
      if (!loaded.ok()) {
        ++rejected;
        CHECK(!loaded.status().message().empty());
      }
    }
  }
  // The header CRC and zstd's content checksum catch every flip.
  CHECK(rejected == bytes.size() * 8);
}

TEST_CASE("loader: header bit flips name the checksum", "[loader]") {
  auto bytes = valid_solution();
  bytes[30] ^= 0x10;  // content_size
  const auto status = load_status(bytes);
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("checksum"));
}

TEST_CASE("loader: oversized content is refused before allocating", "[loader]") {
  auto bytes = valid_solution();
  auto header = header_of(bytes);
  header.content_size = uint64_t{64} << 30;
  rewrite_header(bytes, header);
  const auto status = load_status(bytes);
  CHECK(status.code() == StatusCode::kResourceExhausted);
  CHECK_THAT(status.message(), Catch::Contains("limit"));

  const auto small = valid_solution();
  edgerec::LoadOptions tight;
  tight.max_content_bytes = 64;
  CHECK(load_status(small, tight).code() == StatusCode::kResourceExhausted);
}

TEST_CASE("loader: a header that lies about the content size is caught", "[loader]") {
  auto bytes = valid_solution();
  auto header = header_of(bytes);
  header.content_size += 100;
  rewrite_header(bytes, header);
  CHECK(load_status(bytes).code() == StatusCode::kCorruptData);
  header.content_size -= 200;
  rewrite_header(bytes, header);
  CHECK(load_status(bytes).code() == StatusCode::kCorruptData);
}

TEST_CASE("loader: a valid container around a non-solution FlatBuffer is rejected", "[loader]") {
  const std::vector<uint8_t> junk(256, 0x41);
  auto sealed = edgerec::seal_solution(junk.data(), junk.size());
  REQUIRE(sealed.ok());
  const auto status = load_status(*sealed);
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("ERSV"));
}

TEST_CASE("loader: unsorted catalog ids are rejected", "[loader]") {
  flatbuffers::FlatBufferBuilder fbb;
  edgerec::SolutionDescription d;
  d.recipe = "popularity-count";
  const auto metadata = edgerec::build_metadata(fbb, d);
  std::vector<flatbuffers::Offset<flatbuffers::String>> ids = {fbb.CreateString("b"), fbb.CreateString("a")};
  const auto catalog = edgerec::fb::CreateItemCatalog(fbb, fbb.CreateVector(ids));
  edgerec::fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  edgerec::fb::FinishSolutionBuffer(fbb, root.Finish());
  auto sealed = edgerec::seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
  REQUIRE(sealed.ok());
  const auto status = load_status(*sealed);
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("ascending"));
}

TEST_CASE("loader: a model section whose length disagrees with the catalog is rejected", "[loader]") {
  flatbuffers::FlatBufferBuilder fbb;
  edgerec::SolutionDescription d;
  d.recipe = "popularity-count";
  d.recipe_type = edgerec::fb::RecipeType::POPULAR_ITEMS;
  const auto metadata = edgerec::build_metadata(fbb, d);
  std::vector<flatbuffers::Offset<flatbuffers::String>> ids = {fbb.CreateString("a"), fbb.CreateString("b")};
  const auto catalog = edgerec::fb::CreateItemCatalog(fbb, fbb.CreateVector(ids));
  const std::vector<uint32_t> counts = {1};
  const std::vector<float> scores = {1.0f};
  const auto popularity = edgerec::fb::CreatePopularityModel(fbb, fbb.CreateVector(counts), fbb.CreateVector(scores));
  edgerec::fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  root.add_popularity(popularity);
  edgerec::fb::FinishSolutionBuffer(fbb, root.Finish());
  auto sealed = edgerec::seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
  REQUIRE(sealed.ok());
  const auto status = load_status(*sealed);
  CHECK(status.code() == StatusCode::kCorruptData);
  CHECK_THAT(status.message(), Catch::Contains("popularity.user_counts"));
}

namespace {

// A user-personalization solution with every float the serving path reads: item factors (f32
// or int8 with scales), biases, user factors, popularity and neighbour scores, a sequence part,
// fold-in settings.
std::vector<uint8_t> solution_with_every_model_value(bool int8_items) {
  edgerec::testing::SolutionSpec spec;
  spec.recipe = "user-personalization";
  spec.recipe_type = 1;
  spec.items = 3;
  spec.users = 2;
  spec.dimensions = 2;
  spec.item_factors = {0.1f, 0.2f, 0.3f, -0.4f, 0.5f, 0.6f};
  spec.int8_item_factors = int8_items;
  spec.user_factors = {1.0f, 0.5f, -0.5f, 2.0f};
  spec.popularity_counts = {2, 1, 0};
  spec.neighbours = {{{1, 0.9f}}, {{0, 0.9f}, {2, 0.1f}}, {}};
  return edgerec::testing::rewrite_solution(edgerec::testing::build_solution(spec), [](edgerec::fb::SolutionT& s) {
    s.factors->item_biases = {0.01f, -0.02f, 0.0f};
    s.factors->alpha = 2.0f;
    s.factors->regularization = 0.05f;
    auto sequence = std::make_unique<edgerec::fb::SequenceModelT>();
    sequence->offsets = {0, 1, 2, 2};
    sequence->next_items = {1, 2};
    sequence->scores = {0.7f, 0.3f};
    sequence->history_length = 3;
    sequence->history_decay = 0.5f;
    sequence->weight = 0.2f;
    s.sequence = std::move(sequence);
  });
}

void set_hyperparameter(edgerec::fb::SolutionT& s, const std::string& key, const std::string& value) {
  auto kv = std::make_unique<edgerec::fb::KeyValueT>();
  kv->key = key;
  kv->value = value;
  s.metadata->hyperparameters.push_back(std::move(kv));
}

}  // namespace

TEST_CASE("loader: a model value that is not a finite number, or an unusable setting, is refused by name", "[loader]") {
  using edgerec::fb::SolutionT;
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  constexpr float kInf = std::numeric_limits<float>::infinity();
  const std::vector<uint8_t> f32 = solution_with_every_model_value(false);
  const std::vector<uint8_t> int8 = solution_with_every_model_value(true);
  REQUIRE(load_status(f32).ok());
  REQUIRE(load_status(int8).ok());
  struct Case {
    const char* message;
    bool int8;
    std::function<void(SolutionT&)> edit;
  };
  const Case cases[] = {
      {"factors.user_factors[3]: not a finite number", false, [&](SolutionT& s) { s.factors->user_factors[3] = kNaN; }},
      {"factors.item_factors_f32[1]: not a finite number", false,
       [&](SolutionT& s) { s.factors->item_factors_f32[1] = kInf; }},
      {"factors.item_scales[2]: not a finite number", true, [&](SolutionT& s) { s.factors->item_scales[2] = kInf; }},
      {"factors.item_biases[0]: not a finite number", false, [&](SolutionT& s) { s.factors->item_biases[0] = -kInf; }},
      {"popularity.scores[1]: not a finite number", false, [&](SolutionT& s) { s.popularity->scores[1] = kNaN; }},
      {"neighbours.scores[1]: not a finite number", false, [&](SolutionT& s) { s.neighbours->scores[1] = kNaN; }},
      {"sequence.scores[0]: not a finite number", false, [&](SolutionT& s) { s.sequence->scores[0] = kInf; }},
      {"sequence.weight: not a finite number", false, [&](SolutionT& s) { s.sequence->weight = kNaN; }},
      {"sequence.history_decay: not between 0 and 1", false, [&](SolutionT& s) { s.sequence->history_decay = kNaN; }},
      {"factors.alpha: not a finite number", false, [&](SolutionT& s) { s.factors->alpha = kInf; }},
      {"factors.alpha: -1 is negative", false, [&](SolutionT& s) { s.factors->alpha = -1.0f; }},
      {"factors.regularization: not a finite number", false, [&](SolutionT& s) { s.factors->regularization = kNaN; }},
      {"factors.regularization: -0.5 is negative", false, [&](SolutionT& s) { s.factors->regularization = -0.5f; }},
      {"hyperparameters.unobserved_weight: -0.5 is negative", false,
       [&](SolutionT& s) { set_hyperparameter(s, "unobserved_weight", "-0.5"); }},
      {"hyperparameters.regularization_exponent: not a finite number", true,
       [&](SolutionT& s) { set_hyperparameter(s, "regularization_exponent", "nan"); }},
      {"hyperparameters.recency_halflife: 0 must be > 0", false,
       [&](SolutionT& s) { set_hyperparameter(s, "recency_halflife", "0"); }},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    const auto status = load_status(edgerec::testing::rewrite_solution(c.int8 ? int8 : f32, c.edit));
    CHECK(status.code() == StatusCode::kCorruptData);
    CHECK_THAT(status.message(), Catch::StartsWith(c.message));
  }
}
