// The C ABI: status codes, messages, ownership.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "edgerec/edgerec.h"
#include "edgerec/runtime.h"
#include "support/fixtures.h"

TEST_CASE("c api: load, recommend, describe, free", "[c_api]") {
  const auto bytes = edgerec::testing::make_popularity_solution({3, 1, 2}, 5);
  edgerec_runtime* rt = nullptr;
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &rt) == EDGEREC_OK);
  REQUIRE(rt != nullptr);
  const std::string request = R"({"userId":"u","numResults":2})";
  char* json = nullptr;
  size_t len = 0;
  REQUIRE(edgerec_get_recommendations(rt, request.data(), request.size(), &json, &len) == EDGEREC_OK);
  REQUIRE(json != nullptr);
  CHECK(std::strlen(json) == len);
  CHECK_THAT(std::string(json), Catch::StartsWith(R"({"itemList":[{"itemId":"item000","score":0.6},{"itemId":"item002","score":0.4}],"recommendationId":"RID-)"));
  edgerec_string_free(json);
  REQUIRE(edgerec_runtime_describe(rt, &json, &len) == EDGEREC_OK);
  CHECK_THAT(std::string(json), Catch::Contains("\"recipe\":\"popularity-count\""));
  edgerec_string_free(json);
  edgerec_runtime_free(rt);
  edgerec_runtime_free(nullptr);
  edgerec_string_free(nullptr);
}

TEST_CASE("c api: failures return codes and leave out-parameters alone", "[c_api]") {
  const uint8_t garbage[] = {1, 2, 3};
  edgerec_runtime* rt = nullptr;
  CHECK(edgerec_runtime_load(garbage, sizeof(garbage), &rt) == EDGEREC_CORRUPT_DATA);
  CHECK(rt == nullptr);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("magic"));
  CHECK(edgerec_runtime_load(nullptr, 0, &rt) == EDGEREC_CORRUPT_DATA);
  CHECK(edgerec_runtime_load(garbage, sizeof(garbage), nullptr) == EDGEREC_INVALID_INPUT);

  const auto bytes = edgerec::testing::make_popularity_solution({1}, 1);
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &rt) == EDGEREC_OK);
  char* json = nullptr;
  size_t len = 7;
  const std::string bad = R"({"numResults":9999})";
  CHECK(edgerec_get_recommendations(rt, bad.data(), bad.size(), &json, &len) == EDGEREC_INVALID_INPUT);
  CHECK(json == nullptr);
  CHECK(len == 7);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("numResults"));
  CHECK(edgerec_get_recommendations(nullptr, bad.data(), bad.size(), &json, &len) == EDGEREC_INVALID_INPUT);
  edgerec_runtime_free(rt);
}

TEST_CASE("c api: a NUL in a member name does not cut the message short", "[c_api]") {
  const auto bytes = edgerec::testing::make_popularity_solution({1}, 1);
  edgerec_runtime* rt = nullptr;
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &rt) == EDGEREC_OK);
  char* json = nullptr;
  size_t len = 0;
  const std::string unknown = R"({"\u0000x":1})";
  CHECK(edgerec_get_recommendations(rt, unknown.data(), unknown.size(), &json, &len) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::StartsWith(R"(unknown request field "\x00x"; valid)"));
  const std::string duplicate = R"({"\u0000x":1,"\u0000x":1})";
  CHECK(edgerec_get_recommendations(rt, duplicate.data(), duplicate.size(), &json, &len) == EDGEREC_INVALID_INPUT);
  CHECK(std::string(edgerec_last_error_message()) ==
        R"(GetRecommendations request is not valid JSON: duplicate member "\x00x" at byte 13)");
  const std::string session = R"({"sessionId":"s","\u0000x":1})";
  CHECK(edgerec_put_events(rt, session.data(), session.size(), &json, &len) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::StartsWith(R"(PutEvents request: unknown member "\x00x"; valid)"));
  edgerec_runtime_free(rt);
}

TEST_CASE("c api: status names and version", "[c_api]") {
  CHECK(std::string(edgerec_status_name(EDGEREC_OK)) == "OK");
  CHECK(std::string(edgerec_status_name(EDGEREC_CORRUPT_DATA)) == "CorruptData");
  CHECK(std::string(edgerec_status_name(12345)) == "Unknown");
  CHECK(std::string(edgerec_version_string()).find('.') != std::string::npos);
}

TEST_CASE("c api: campaign config", "[c_api]") {
  const auto bytes = edgerec::testing::make_popularity_solution({1, 2}, 2);
  edgerec_runtime* rt = nullptr;
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &rt) == EDGEREC_OK);
  const std::string ok = R"({"enableMetadataWithRecommendations":true})";
  CHECK(edgerec_runtime_set_campaign_config(rt, ok.data(), ok.size()) == EDGEREC_OK);
  // Exploration is for User-Personalization only.
  const std::string explore = R"({"itemExplorationConfig":{"explorationWeight":"0.3"}})";
  CHECK(edgerec_runtime_set_campaign_config(rt, explore.data(), explore.size()) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(std::string(edgerec_last_error_message()), Catch::Contains("User-Personalization solutions only"));
  CHECK(edgerec_runtime_set_campaign_config(rt, nullptr, 0) == EDGEREC_INVALID_INPUT);  // "" is not JSON
  CHECK(edgerec_runtime_set_campaign_config(rt, nullptr, 3) == EDGEREC_INVALID_INPUT);
  CHECK(edgerec_runtime_set_campaign_config(nullptr, ok.data(), ok.size()) == EDGEREC_INVALID_INPUT);
  edgerec_runtime_free(rt);
}

TEST_CASE("c api: a recommendation source names the campaign in every recommendationId", "[c_api]") {
  const auto bytes = edgerec::testing::make_popularity_solution({1, 2}, 2);
  edgerec_runtime* rt = nullptr;
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &rt) == EDGEREC_OK);
  const std::string campaign = "shop-pop";
  REQUIRE(edgerec_runtime_set_recommendation_source(rt, campaign.data(), campaign.size()) == EDGEREC_OK);
  const std::string request = R"({"userId":"u","numResults":1})";
  const std::string prefix = "\"recommendationId\":\"RID-" + edgerec::Runtime::recommendation_id_prefix_tag(campaign) + "-";
  CHECK(edgerec::Runtime::recommendation_id_prefix_tag(campaign).size() == 8);
  CHECK(edgerec::Runtime::recommendation_id_prefix_tag(campaign) != edgerec::Runtime::recommendation_id_prefix_tag("shop-pop2"));
  for (int i = 0; i < 2; ++i) {
    char* json = nullptr;
    size_t len = 0;
    REQUIRE(edgerec_get_recommendations(rt, request.data(), request.size(), &json, &len) == EDGEREC_OK);
    CHECK_THAT(std::string(json), Catch::Contains(prefix));
    edgerec_string_free(json);
  }
  CHECK(edgerec_runtime_set_recommendation_source(rt, nullptr, 2) == EDGEREC_INVALID_INPUT);
  CHECK(edgerec_runtime_set_recommendation_source(nullptr, campaign.data(), campaign.size()) == EDGEREC_INVALID_INPUT);
  edgerec_runtime_free(rt);
}

TEST_CASE("c api: adopt sessions carries a live session to another runtime", "[c_api]") {
  const auto bytes = edgerec::testing::make_popularity_solution({3, 1, 2}, 5);
  edgerec_runtime* before = nullptr;
  edgerec_runtime* after = nullptr;
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &before) == EDGEREC_OK);
  REQUIRE(edgerec_runtime_load(bytes.data(), bytes.size(), &after) == EDGEREC_OK);
  const std::string events =
      R"({"sessionId":"s1","userId":"visitor","eventList":[{"eventType":"click","sentAt":1700000000,"itemId":"item000"}]})";
  char* json = nullptr;
  size_t len = 0;
  REQUIRE(edgerec_put_events(before, events.data(), events.size(), &json, &len) == EDGEREC_OK);
  edgerec_string_free(json);

  size_t carried = 99;
  CHECK(edgerec_runtime_adopt_sessions(after, before, &carried) == EDGEREC_OK);
  CHECK(carried == 1);
  // The session is in `after` now: clearing it there finds it.
  int cleared = 0;
  REQUIRE(edgerec_clear_session(after, "visitor", 7, &cleared) == EDGEREC_OK);
  CHECK(cleared == 1);

  CHECK(edgerec_runtime_adopt_sessions(after, after, &carried) == EDGEREC_INVALID_INPUT);
  CHECK_THAT(edgerec_last_error_message(), Catch::Contains("its own sessions"));
  CHECK(edgerec_runtime_adopt_sessions(nullptr, before, &carried) == EDGEREC_INVALID_INPUT);
  CHECK(edgerec_runtime_adopt_sessions(after, nullptr, nullptr) == EDGEREC_INVALID_INPUT);
  edgerec_runtime_free(before);
  edgerec_runtime_free(after);
}
