// GetRecommendations' fast path for known users (top_k_logits plus the Runtime's cached softmax
// normaliser, serve/softmax_normalizers.h) against the full path (every logit, top_k, the
// softmax over the catalog): the same items, in the same order, with the same score bits, on
// random solutions (int8 and float32, biases, sequence parts with tied timestamps, weight 0),
// users (known, unknown, a zero vector that ties every item), filters and numResults 1..500;
// sessions and exploration, which must not use the cache; the cache's bound; concurrent use.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "edgerec/runtime.h"
#include "edgerec/solution_generated.h"
#include "scoring/factor_scoring.h"
#include "scoring/personalized_scoring.h"
#include "serve/recommend.h"
#include "serve/softmax_normalizers.h"
#include "support/factor_models.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::RecommendedItem;
using edgerec::ScoredItem;
using edgerec::Solution;
using edgerec::testing::make_column;
using edgerec::testing::uniform;
using edgerec::testing::without_recommendation_id;

namespace {

struct Shape {
  uint32_t items = 2000;
  uint32_t users = 12;
  uint32_t dims = 16;
  bool int8 = true;
  bool biases = false;
  bool sequence = true;
  float weight = 0.3f;          ///< the sequence part's weight (0: present but off)
  uint32_t successors = 12;     ///< at most, per item
  uint32_t history_length = 8;  ///< steps the sequence part reads
};

const char* const kGenres[] = {"a", "b", "c"};

/// A User-Personalization solution of `shape` with deliberate ties: every seventh item repeats
/// the previous item's factors (and bias), user000 has a zero vector (every factor score ties),
/// some transitions score 0 or repeat a value, and histories share timestamps.
std::vector<uint8_t> random_solution(uint32_t seed, const Shape& shape) {
  std::mt19937 rng(seed);
  edgerec::testing::SolutionSpec spec;
  spec.recipe = "user-personalization";
  spec.recipe_type = 1;
  spec.items = shape.items;
  spec.users = shape.users;
  spec.dimensions = shape.dims;
  spec.int8_item_factors = shape.int8;
  spec.item_factors = edgerec::testing::random_rows(rng, shape.items, shape.dims);
  for (uint32_t i = 7; i < shape.items; i += 7) {
    const auto previous = spec.item_factors.begin() + (i - 1) * shape.dims;
    std::copy_n(previous, shape.dims, previous + shape.dims);
  }
  spec.user_factors = edgerec::testing::random_rows(rng, shape.users, shape.dims);
  std::fill_n(spec.user_factors.begin(), shape.dims, 0.0f);
  for (uint32_t i = 0; i < shape.items; ++i) spec.popularity_counts.push_back(rng() % 50);
  std::vector<std::string> genre;
  for (uint32_t i = 0; i < shape.items; ++i) genre.push_back(kGenres[rng() % 3]);
  spec.item_columns = {make_column("GENRE", genre)};
  spec.histories.resize(shape.users);
  for (auto& history : spec.histories) {
    int64_t t = 1000;
    const uint32_t events = rng() % 16;
    for (uint32_t e = 0; e < events; ++e) {
      t += rng() % 3;  // 0: the same timestamp as the event before, one step of the sequence part
      history.push_back({static_cast<uint32_t>(rng() % shape.items), e % 4 == 3 ? "purchase" : "click", t});
    }
  }
  std::vector<float> biases;
  for (uint32_t i = 0; i < shape.items; ++i) {
    biases.push_back(i % 7 == 0 && i > 0 ? biases.back() : uniform(rng, -0.5f, 0.5f));
  }
  std::vector<uint32_t> offsets = {0};
  std::vector<uint32_t> next;
  std::vector<float> scores;
  for (uint32_t i = 0; i < shape.items && shape.sequence; ++i) {
    const uint32_t n = rng() % (shape.successors + 1);
    for (uint32_t j = 0; j < n; ++j) {
      next.push_back(static_cast<uint32_t>(rng() % shape.items));
      const uint32_t kind = rng() % 8;
      scores.push_back(kind == 0 ? 0.0f : kind == 1 && !scores.empty() ? scores.back() : uniform(rng, 0.0f, 2.0f));
    }
    offsets.push_back(static_cast<uint32_t>(next.size()));
  }
  return edgerec::testing::rewrite_solution(edgerec::testing::build_solution(spec), [&](edgerec::fb::SolutionT& s) {
    s.factors->alpha = 1.0f;
    s.factors->regularization = 0.1f;
    if (shape.biases) s.factors->item_biases = biases;
    if (!shape.sequence) return;
    auto sequence = std::make_unique<edgerec::fb::SequenceModelT>();
    sequence->offsets = offsets;
    sequence->next_items = next;
    sequence->scores = scores;
    sequence->history_length = shape.history_length;
    sequence->history_decay = 0.5f;
    sequence->weight = shape.weight;
    s.sequence = std::move(sequence);
  });
}

std::shared_ptr<const Solution> load(const std::vector<uint8_t>& bytes) {
  auto solution = Solution::load(bytes.data(), bytes.size());
  INFO(solution.status().to_string());
  REQUIRE(solution.ok());
  return *solution;
}

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

/// The same items in the same order with the same score bits (and reasons, for a response's).
template <typename Item>
void require_same(const std::vector<Item>& full, const std::vector<Item>& fast) {
  REQUIRE(fast.size() == full.size());
  for (size_t r = 0; r < full.size(); ++r) {
    INFO("rank " << r);
    REQUIRE(fast[r].index == full[r].index);
    REQUIRE(bits(fast[r].score) == bits(full[r].score));
    if constexpr (std::is_same_v<Item, RecommendedItem>) REQUIRE(fast[r].reason == full[r].reason);
  }
}

std::vector<Shape> shapes() {
  std::vector<Shape> out;
  out.push_back({});                                       // int8, sequence
  out.push_back({2000, 12, 16, false});                    // float32
  out.push_back({2000, 12, 13, true, true});               // odd dimensions, biases
  out.push_back({2000, 12, 64, false, true});              // float32 with biases
  out.push_back({2000, 12, 16, true, false, false});       // no sequence part
  out.push_back({2000, 12, 16, true, true, true, 0.0f});   // a sequence part of weight 0
  out.push_back({300, 12, 8, true, true, true, 0.5f, 30, 20});  // it reaches much of the catalog
  out.push_back({40, 6, 4, true, false, true, 0.2f, 3, 4});     // numResults beyond the catalog
  return out;
}

std::vector<size_t> ks(uint32_t items) { return {1, 2, 7, 25, 100, 500, size_t{items}}; }

/// Random masks over `items`: about half, about 5% and nothing allowed.
std::vector<std::vector<uint8_t>> masks(std::mt19937& rng, uint32_t items) {
  std::vector<std::vector<uint8_t>> out(3, std::vector<uint8_t>(items, 0));
  for (uint32_t i = 0; i < items; ++i) {
    out[0][i] = static_cast<uint8_t>(rng() % 2);
    out[1][i] = static_cast<uint8_t>(rng() % 20 == 0);
  }
  return out;
}


}  // namespace

TEST_CASE("top_k_logits: the same items, order and logit bits as every logit followed by top_k", "[fast_path]") {
  uint32_t seed = 1;
  for (const Shape& shape : shapes()) {
    const auto solution = load(random_solution(seed++, shape));
    std::mt19937 rng(seed);
    const auto mask_list = masks(rng, shape.items);
    for (uint32_t u = 0; u < shape.users; ++u) {
      const edgerec::UserSignal signal = edgerec::stored_user_signal(*solution, u);
      REQUIRE(edgerec::top_k_logits_applies(*solution, signal));
      std::vector<float> logits;
      edgerec::personalized_logits(*solution, signal, logits);
      for (const size_t k : ks(shape.items)) {
        for (size_t m = 0; m <= mask_list.size(); ++m) {
          const uint8_t* allowed = m == 0 ? nullptr : mask_list[m - 1].data();
          INFO("items " << shape.items << " dims " << shape.dims << " int8 " << shape.int8 << " user " << u << " k "
                        << k << " mask " << m);
          require_same(edgerec::top_k(logits.data(), logits.size(), k, allowed),
                       edgerec::top_k_logits(*solution, signal, k, allowed));
        }
      }
    }
  }
}

TEST_CASE("top_k_logits: a session's signal (folded-in vector, more recent items) too", "[fast_path]") {
  const Shape shape;
  const auto solution = load(random_solution(99, shape));
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    edgerec::UserSignal signal = edgerec::stored_user_signal(*solution, static_cast<uint32_t>(rng() % shape.users));
    std::vector<float> vector = edgerec::testing::random_rows(rng, 1, shape.dims);
    signal.factors = vector.data();
    for (int e = 0; e < 5; ++e) {
      signal.recent_items.push_back(static_cast<uint32_t>(rng() % shape.items));
      if (!signal.recent_times.empty() || signal.recent_items.size() == 1) signal.recent_times.push_back(5000 + e / 2);
    }
    if (signal.recent_times.size() != signal.recent_items.size()) signal.recent_times.clear();
    std::vector<float> logits;
    edgerec::personalized_logits(*solution, signal, logits);
    for (const size_t k : {size_t{1}, size_t{25}, size_t{500}}) {
      require_same(edgerec::top_k(logits.data(), logits.size(), k), edgerec::top_k_logits(*solution, signal, k));
    }
  }
}

TEST_CASE("score_items gives score_all_items' bits, in any order and with repeats", "[fast_path]") {
  std::mt19937 rng(5);
  for (const bool int8 : {true, false}) {
    for (const uint32_t dims : {1u, 13u, 64u}) {
      const uint32_t n = 300;
      const std::vector<float> rows = edgerec::testing::random_rows(rng, n, dims);
      std::vector<float> biases(n);
      for (float& b : biases) b = uniform(rng, -1.0f, 1.0f);
      edgerec::testing::ModelBuffer model;
      edgerec::testing::build_model(model, dims, rows, int8, biases);
      const std::vector<float> user = edgerec::testing::random_rows(rng, 1, dims);
      std::vector<float> all(n);
      edgerec::score_all_items(*model.model, n, user.data(), all.data());
      std::vector<uint32_t> indices;
      for (int j = 0; j < 150; ++j) indices.push_back(static_cast<uint32_t>(rng() % n));  // past one gather of 64
      std::vector<float> some(indices.size());
      edgerec::score_items(*model.model, indices.data(), indices.size(), user.data(), some.data());
      for (size_t j = 0; j < indices.size(); ++j) {
        INFO("int8 " << int8 << " dims " << dims << " item " << indices[j]);
        CHECK(bits(some[j]) == bits(all[indices[j]]));
      }
    }
  }
}

TEST_CASE("softmax_score under softmax_normalizer gives softmax_scores' bits", "[fast_path]") {
  std::mt19937 rng(3);
  std::vector<float> logits(5003);
  for (float& l : logits) l = uniform(rng, -20.0f, 20.0f);
  logits[17] = logits[18];
  std::vector<ScoredItem> selected;
  for (uint32_t i = 0; i < logits.size(); i += 13) selected.push_back({i, logits[i]});
  std::vector<ScoredItem> expected = selected;
  edgerec::softmax_scores(logits, expected);
  const edgerec::SoftmaxNormalizer normalizer = edgerec::softmax_normalizer(logits);
  for (size_t j = 0; j < selected.size(); ++j) {
    CHECK(bits(edgerec::softmax_score(normalizer, selected[j].score)) == bits(expected[j].score));
  }
}

TEST_CASE("recommend: with the normaliser cache, a repeated request gives the full path's response", "[fast_path]") {
  uint32_t seed = 50;
  for (const Shape& shape : shapes()) {
    const auto solution = load(random_solution(seed++, shape));
    edgerec::SoftmaxNormalizerCache cache(shape.users);
    edgerec::RequestContext cached;
    cached.normalizers = &cache;
    std::mt19937 rng(seed);
    const std::string filters[] = {"", R"(INCLUDE ItemID WHERE Items.GENRE IN ("a"))",
                                   R"(EXCLUDE ItemID WHERE Items.GENRE IN ("a", "b"))",
                                   R"(EXCLUDE ItemID WHERE Items.GENRE IN ($G))",
                                   R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click"))"};
    for (int trial = 0; trial < 60; ++trial) {
      const uint32_t user = rng() % (shape.users + 2);  // the last two are unknown
      const std::string user_id =
          user < shape.users ? "user" + std::string(user < 10 ? "00" : "0") + std::to_string(user) : "stranger";
      const std::string& filter = filters[rng() % 5];
      const int num_results = trial % 6 == 0 ? 500 : 1 + static_cast<int>(rng() % 60);
      std::string json = "{\"userId\":\"" + user_id + "\",\"numResults\":" + std::to_string(num_results);
      if (!filter.empty()) {
        json += ",\"filterExpression\":";
        edgerec::append_json_string(json, filter);
        if (filter.find("$G") != std::string::npos) json += R"(,"filterValues":{"G":"\"c\""})";
      }
      json += "}";
      INFO(json);
      const auto request = edgerec::parse_recommend_request(json);
      INFO(request.status().to_string());
      REQUIRE(request.ok());
      const auto full = edgerec::recommend(*solution, *request);
      REQUIRE(full.ok());
      for (int repeat = 0; repeat < 2; ++repeat) {  // a miss (the full path, stored) and a hit, or two hits
        const auto fast = edgerec::recommend(*solution, *request, cached);
        REQUIRE(fast.ok());
        require_same(*full, *fast);
      }
      CHECK(cache.find(user).has_value() == (user < shape.users));
    }
    CHECK(cache.size() <= cache.capacity());
  }
}

TEST_CASE("SoftmaxNormalizerCache: bounded, and never answers with another user's normaliser", "[fast_path]") {
  SECTION("no more slots than users") {
    edgerec::SoftmaxNormalizerCache cache(5);
    CHECK(cache.capacity() == 5);
    for (uint32_t u = 0; u < 5; ++u) cache.store(u, {static_cast<float>(u), 10.0 + u});
    for (uint32_t u = 0; u < 5; ++u) {
      const auto found = cache.find(u);
      REQUIRE(found.has_value());
      CHECK(found->max_logit == static_cast<float>(u));
      CHECK(found->sum == 10.0 + u);
    }
    CHECK(cache.size() == 5);
    edgerec::SoftmaxNormalizerCache none(0);
    none.store(0, {1.0f, 2.0});
    CHECK_FALSE(none.find(0).has_value());
    CHECK(none.size() == 0);
  }
  SECTION("more users than slots: at most the capacity is held, each entry its own user's") {
    edgerec::SoftmaxNormalizerCache cache(100000, 64);
    CHECK(cache.capacity() == 64);
    std::mt19937 rng(11);
    std::vector<uint32_t> stored;
    for (int i = 0; i < 5000; ++i) {
      const uint32_t u = rng() % 100000;
      cache.store(u, {static_cast<float>(u), static_cast<double>(u) * 3.0});
      stored.push_back(u);
      CHECK(cache.size() <= 64);
    }
    size_t held = 0;
    for (const uint32_t u : stored) {
      if (const auto found = cache.find(u)) {
        ++held;
        CHECK(found->max_logit == static_cast<float>(u));
        CHECK(found->sum == static_cast<double>(u) * 3.0);
      }
    }
    CHECK(held > 0);
    CHECK(cache.size() == 64);
    CHECK(cache.find(stored.back()).has_value());  // the latest store is held
  }
  SECTION("the default bound") {
    edgerec::SoftmaxNormalizerCache cache(size_t{1} << 30);
    CHECK(cache.capacity() == edgerec::SoftmaxNormalizerCache::kDefaultCapacity);
  }
}

TEST_CASE("Runtime: sessions and exploration take the full path, a session's end returns to the cache",
          "[fast_path]") {
  const Shape shape;
  const auto bytes = random_solution(123, shape);
  auto runtime = edgerec::Runtime::load(bytes.data(), bytes.size());
  REQUIRE(runtime.ok());
  edgerec::Runtime& rt = **runtime;
  const std::string request = R"({"userId":"user003","numResults":40})";
  auto fresh = [&](const std::vector<std::string>& events, const std::string& config) {
    auto other = edgerec::Runtime::load(bytes.data(), bytes.size());
    REQUIRE(other.ok());
    if (!config.empty()) REQUIRE((*other)->set_campaign_config_json(config).ok());
    for (const std::string& e : events) REQUIRE((*other)->put_events_json(e).ok());
    const auto response = (*other)->get_recommendations_json(request);
    REQUIRE(response.ok());
    return without_recommendation_id(*response);
  };
  auto ask = [&] {
    const auto response = rt.get_recommendations_json(request);
    REQUIRE(response.ok());
    return without_recommendation_id(*response);
  };
  const std::string stored = fresh({}, "");
  CHECK(ask() == stored);  // the full path, normaliser stored
  CHECK(ask() == stored);  // the fast path
  const std::vector<std::string> events = {
      R"({"sessionId":"s","userId":"user003","eventList":[{"eventType":"click","sentAt":2000,"itemId":"item042"},)"
      R"({"eventType":"click","sentAt":2001,"itemId":"item977"}]})"};
  for (const std::string& e : events) REQUIRE(rt.put_events_json(e).ok());
  const std::string with_session = fresh(events, "");
  CHECK(with_session != stored);
  CHECK(ask() == with_session);
  CHECK(ask() == with_session);
  REQUIRE(rt.clear_session("user003"));
  CHECK(ask() == stored);
  const std::string config = R"({"itemExplorationConfig":{"explorationWeight":"0.5","explorationItemAgeCutOff":"30"}})";
  REQUIRE(rt.set_campaign_config_json(config).ok());
  const std::string explored = fresh({}, config);
  CHECK(ask() == explored);
  CHECK(ask() == explored);
}

TEST_CASE("Runtime: concurrent requests get the single-threaded full path's responses", "[fast_path]") {
  const Shape shape{2000, 40, 16, true, true};
  const auto bytes = random_solution(321, shape);
  const auto solution = load(bytes);
  auto runtime = edgerec::Runtime::load(bytes.data(), bytes.size());
  REQUIRE(runtime.ok());
  std::vector<std::string> requests;
  std::vector<std::string> expected;
  for (uint32_t u = 0; u < shape.users; ++u) {
    for (const char* filter : {"", R"j(,"filterExpression":"EXCLUDE ItemID WHERE Items.GENRE IN (\"b\")")j"}) {
      requests.push_back("{\"userId\":\"user" + std::string(u < 10 ? "00" : "0") + std::to_string(u) +
                         "\",\"numResults\":" + std::to_string(5 + u * 7) + filter + "}");
      const auto request = edgerec::parse_recommend_request(requests.back());
      REQUIRE(request.ok());
      const auto items = edgerec::recommend(*solution, *request);
      REQUIRE(items.ok());
      expected.push_back(without_recommendation_id(edgerec::recommendations_to_json(*solution, *items, "")));
    }
  }
  constexpr int kThreads = 4;
  std::vector<std::vector<size_t>> mismatches(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<uint32_t>(t));
      for (int r = 0; r < 400; ++r) {
        const size_t which = rng() % requests.size();
        const auto response = (*runtime)->get_recommendations_json(requests[which]);
        if (!response.ok() || without_recommendation_id(*response) != expected[which]) mismatches[t].push_back(which);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) CHECK(mismatches[t].empty());
}

TEST_CASE("Runtime: get_recommendations_json_many answers each request as get_recommendations_json does",
          "[fast_path][batch]") {
  for (const Shape& shape : shapes()) {
    INFO("items " << shape.items << ", dims " << shape.dims << ", int8 " << shape.int8 << ", biases " << shape.biases
                  << ", sequence " << shape.sequence);
    const auto bytes = random_solution(77, shape);
    std::vector<std::string> requests;
    for (uint32_t u = 0; u < shape.users; ++u) {
      const std::string user = "\"userId\":\"user" + std::string(u < 10 ? "00" : "0") + std::to_string(u) + "\"";
      requests.push_back("{" + user + ",\"numResults\":" + std::to_string(1 + u * 9) + "}");
      requests.push_back("{" + user + R"j(,"filterExpression":"EXCLUDE ItemID WHERE Items.GENRE IN (\"b\")"})j");
      requests.push_back("{" + user + R"(,"numResults":3,"metadataColumns":{"ITEMS":["GENRE"]}})");
    }
    requests.push_back(R"({"userId":"somebody new"})");            // popular items
    requests.push_back(R"({"userId":"user001","numResults":0})");  // an error, in its place
    requests.push_back(R"({"itemId":"item001"})");                // another
    requests.push_back("not json");
    // One user with a live session that changes the model: that request takes its session's path.
    const std::string events =
        R"({"sessionId":"s","userId":"user002","eventList":[{"eventType":"click","sentAt":2000,"itemId":"item004"}]})";
    for (const bool session : {false, true}) {
      auto one = edgerec::Runtime::load(bytes.data(), bytes.size());
      auto many = edgerec::Runtime::load(bytes.data(), bytes.size());
      REQUIRE(one.ok());
      REQUIRE(many.ok());
      if (session) {
        REQUIRE((*one)->put_events_json(events).ok());
        REQUIRE((*many)->put_events_json(events).ok());
      }
      const std::vector<std::string_view> views(requests.begin(), requests.end());
      const std::vector<edgerec::Result<std::string>> answers = (*many)->get_recommendations_json_many(views);
      REQUIRE(answers.size() == requests.size());
      for (size_t r = 0; r < requests.size(); ++r) {
        INFO("session " << session << ", request " << requests[r]);
        const edgerec::Result<std::string> expected = (*one)->get_recommendations_json(requests[r]);
        REQUIRE(answers[r].ok() == expected.ok());
        if (expected.ok()) CHECK(without_recommendation_id(*answers[r]) == without_recommendation_id(*expected));
        else CHECK(answers[r].status().to_string() == expected.status().to_string());
      }
    }
  }
}
