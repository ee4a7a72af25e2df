// Runtime::adopt_sessions: a campaign's switch to another solution version keeps each live
// session's events that the new version has not seen.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "edgerec/runtime.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::Runtime;
using edgerec::testing::without_recommendation_id;

namespace {

/// Popularity-count over `items` items (item000 the most popular), trained on data up to
/// `max_timestamp` with fingerprint `fingerprint`; histories, so filters may read Interactions.
std::vector<uint8_t> solution(uint32_t items, int64_t max_timestamp, const std::string& fingerprint) {
  edgerec::testing::SolutionSpec spec;
  spec.items = items;
  spec.users = 2;
  for (uint32_t i = 0; i < items; ++i) spec.popularity_counts.push_back(1000 - i);
  spec.histories.resize(spec.users);
  spec.max_timestamp = max_timestamp;
  spec.interactions = 100;
  spec.fingerprint = fingerprint;
  return edgerec::testing::build_solution(spec);
}

std::unique_ptr<Runtime> load(const std::vector<uint8_t>& bytes) {
  auto runtime = Runtime::load(bytes.data(), bytes.size());
  INFO(runtime.status().to_string());
  REQUIRE(runtime.ok());
  return std::move(runtime).value();
}

std::string click(const std::string& session, const std::string& user, const std::string& item, int64_t sent_at) {
  return R"({"sessionId":")" + session + R"(","userId":")" + user + R"(","eventList":[{"eventType":"click","sentAt":)" +
         std::to_string(sent_at) + R"(,"itemId":")" + item + R"("}]})";
}

/// Recommendations for `user` without the items they interacted with (what the sessions hold).
std::string unseen(Runtime& runtime, const std::string& user) {
  const std::string request = R"({"userId":")" + user + R"j(","numResults":6,"filterExpression":)j"
                              R"j("EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"*\")"})j";
  auto response = runtime.get_recommendations_json(request);
  INFO(response.status().to_string());
  REQUIRE(response.ok());
  return without_recommendation_id(*response);
}

}  // namespace

TEST_CASE("adopt_sessions: events after the new version's training data, on items it knows", "[session]") {
  const auto old_bytes = solution(20, 1000, "data-1");
  const auto new_bytes = solution(19, 1000, "data-2");  // retrained on newer data; item019 is gone
  auto before = load(old_bytes);
  REQUIRE(before->put_events_json(click("s1", "visitor", "item000", 900)).ok());   // in the new training data
  REQUIRE(before->put_events_json(click("s1", "visitor", "item001", 1100)).ok());  // after it: carried
  REQUIRE(before->put_events_json(click("s1", "visitor", "item019", 1200)).ok());  // unknown to the new one
  REQUIRE(before->put_events_json(click("s2", "other", "item002", 500)).ok());     // nothing left to carry
  REQUIRE(before->live_sessions() == 2);

  auto after = load(new_bytes);
  CHECK(after->adopt_sessions(*before) == 1);
  CHECK(after->live_sessions() == 1);
  auto expected = load(new_bytes);
  REQUIRE(expected->put_events_json(click("s1", "visitor", "item001", 1100)).ok());
  const std::string adopted = unseen(*after, "visitor");
  CHECK(adopted == unseen(*expected, "visitor"));
  CHECK(adopted.find("item001") == std::string::npos);
  CHECK(adopted.find("item000") != std::string::npos);
  CHECK(unseen(*after, "other") == unseen(*load(new_bytes), "other"));
  CHECK(after->adopt_sessions(*after) == 0);
}

TEST_CASE("adopt_sessions: a version trained on the same data keeps every event", "[session]") {
  auto before = load(solution(20, 1000, "data-1"));
  REQUIRE(before->put_events_json(click("s1", "visitor", "item000", 900)).ok());
  REQUIRE(before->put_events_json(click("s1", "visitor", "item001", 1100)).ok());
  const auto same_data = solution(20, 1000, "data-1");
  auto after = load(same_data);
  CHECK(after->adopt_sessions(*before) == 1);
  const std::string adopted = unseen(*after, "visitor");
  CHECK(adopted.find("item000") == std::string::npos);
  CHECK(adopted.find("item001") == std::string::npos);
  CHECK(adopted == unseen(*before, "visitor"));
}
