// Live sessions (PutEvents into a Runtime): fold-in against a trained model, unknown users,
// validation, caching, eviction, edge bundles and the CLI's --events.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "edgerec/event_weighting.h"
#include "scoring/factor_scoring.h"
#include "scoring/fold_in.h"
#include "edgerec/json.h"
#include "edgerec/recent_interactions.h"
#include "edgerec/runtime.h"
#include "session/session_store.h"
#include "edgerec/solution_generated.h"
#include "io/file_io.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;

using edgerec::JsonValue;
using edgerec::Runtime;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

const std::string kModel = " --quiet --hp factors=8 --hp iterations=15 --hp hpo_trials=1 --threads 2";

std::unique_ptr<Runtime> load(const std::string& path) {
  auto bytes = edgerec::read_file(path);
  REQUIRE(bytes.ok());
  auto runtime = Runtime::load(bytes->data(), bytes->size());
  INFO(runtime.status().message());
  REQUIRE(runtime.ok());
  return std::move(runtime).value();
}

std::vector<std::string> ids(const std::string& response, const char* list = "itemList") {
  std::vector<std::string> out;
  const JsonValue parsed = json_of(response);
  for (const JsonValue& item : parsed.find(list)->items()) out.push_back(item.find("itemId")->as_string());
  return out;
}

std::string recommend(Runtime& rt, const std::string& user, int n = 10, const std::string& extra = "") {
  auto r = rt.get_recommendations_json("{\"userId\":\"" + user + "\",\"numResults\":" + std::to_string(n) + extra + "}");
  INFO(r.status().message());
  REQUIRE(r.ok());
  return *r;
}

std::string put(Runtime& rt, const std::string& body) {
  auto r = rt.put_events_json(body);
  INFO(body);
  INFO(r.status().message());
  REQUIRE(r.ok());
  return *r;
}

std::string event(const std::string& item, double sent_at, const std::string& type = "click") {
  return "{\"eventType\":\"" + type + "\",\"sentAt\":" + std::to_string(static_cast<int64_t>(sent_at)) +
         ",\"itemId\":\"" + item + "\"}";
}

/// PutEvents bodies replaying user `user`'s stored history (10 events per body) as session `key`.
std::vector<std::string> history_bodies(const Runtime& rt, uint32_t user, const std::string& key) {
  const auto interactions = edgerec::stored_recent_interactions(rt.solution(), user);
  std::vector<std::string> bodies;
  std::string list;
  size_t n = 0;
  for (const auto& r : interactions) {
    list += (n % 10 == 0 ? "" : ",") +
            event(std::string(rt.solution().items().id(r.item)), static_cast<double>(r.timestamp), std::string(r.event_type));
    if (++n % 10 == 0) {
      bodies.push_back("{\"sessionId\":\"s-" + key + "\",\"userId\":\"" + key + "\",\"eventList\":[" + list + "]}");
      list.clear();
    }
  }
  if (!list.empty()) bodies.push_back("{\"sessionId\":\"s-" + key + "\",\"userId\":\"" + key + "\",\"eventList\":[" + list + "]}");
  return bodies;
}

size_t overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::set<std::string> sa(a.begin(), a.end());
  size_t n = 0;
  for (const auto& x : b) n += sa.count(x);
  return n;
}

struct Trained {
  TempDir dir;
  std::string erec = dir.file("up.erec");
  std::string edge = dir.file("edge.erec");
  Trained() {
    // 200 users x ~30 events: every user's whole history fits the stored 100 events.
    REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 3 --output " + q(dir.file("i.csv"))).exit_code == 0);
    auto train = run_command(kCli + " train --recipe user-personalization --interactions " + q(dir.file("i.csv")) +
                             " --output " + q(erec) + kModel);
    INFO(train.err);
    REQUIRE(train.exit_code == 0);
    REQUIRE(run_command(kCli + " export-edge " + q(erec) + " --output " + q(edge)).exit_code == 0);
  }
};

const Trained& trained() {
  static const Trained t;
  return t;
}

}  // namespace

namespace {

// Cosine agreement (worst, mean) of the first 20 users' trained vectors with their stored history
// folded back in; norms checked within 15%.
std::pair<double, double> fold_in_agreement(const edgerec::Solution& s) {
  auto fold = edgerec::FoldIn::build(s);
  REQUIRE(fold.ok());
  const edgerec::EventWeighting weighting(s);
  const uint32_t k = (*fold)->dimensions();
  double worst = 1.0;
  double mean = 0.0;
  for (uint32_t u = 0; u < 20; ++u) {
    std::vector<edgerec::FoldInEvent> events;
    for (const auto& r : edgerec::stored_trained_events(s, u)) {
      events.push_back({r.item, weighting.stored_weight(r.event_type), r.timestamp});
    }
    std::vector<float> x;
    auto solved = (*fold)->solve(events, x);
    REQUIRE(solved.ok());
    REQUIRE(*solved);
    const float* stored = edgerec::stored_user_vector(*s.root().factors(), u);
    double dot = 0, a = 0, b = 0;
    for (uint32_t d = 0; d < k; ++d) {
      dot += x[d] * stored[d];
      a += x[d] * x[d];
      b += stored[d] * stored[d];
    }
    worst = std::min(worst, dot / std::sqrt(a * b));
    mean += dot / std::sqrt(a * b) / 20;
    CHECK(std::sqrt(a) == Approx(std::sqrt(b)).epsilon(0.15));
  }
  return {worst, mean};
}

}  // namespace

TEST_CASE("sessions: folding a known user's stored history back in gives the trained vector", "[sessions]") {
  auto rt = load(trained().erec);
  const edgerec::Solution& s = rt->solution();
  // The trainer's last user solve is a few CG steps against the previous iteration's items, so
  // the exact solve against the final items is close to it, not equal.
  const auto [worst, mean] = fold_in_agreement(s);
  CHECK(worst > 0.9);
  CHECK(mean > 0.97);

  // Through the runtime: a new key replaying user u's history recommends what u gets.
  size_t total = 0;
  for (uint32_t u = 0; u < 10; ++u) {
    const std::string user(s.users().id(u));
    for (const std::string& body : history_bodies(*rt, u, "replay" + user)) put(*rt, body);
    total += overlap(ids(recommend(*rt, user)), ids(recommend(*rt, "replay" + user)));
  }
  CHECK(total >= 85);  // of 100
}

TEST_CASE("sessions: fold-in weights recent events as the trainer's recency_boost did", "[sessions]") {
  TempDir dir;
  REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 3 --output " + q(dir.file("i.csv"))).exit_code == 0);
  const std::string erec = dir.file("recent.erec");
  auto train = run_command(kCli + " train --recipe user-personalization --interactions " + q(dir.file("i.csv")) +
                           " --output " + q(erec) + kModel + " --hp recency_boost=10 --hp recency_halflife=3");
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  auto rt = load(erec);
  auto fold = edgerec::FoldIn::build(rt->solution());
  REQUIRE(fold.ok());
  CHECK((*fold)->settings().recency_boost == 10.0f);
  CHECK((*fold)->settings().recency_halflife == 3.0f);
  // With the recency weights the folded vectors agree with the trained ones as well as without
  // them (a fold-in that ignored recency would drift towards the user's older events).
  const auto [worst, mean] = fold_in_agreement(rt->solution());
  CHECK(worst > 0.9);
  CHECK(mean > 0.97);

  // Events sharing a timestamp are one recency step: their order does not change the vector.
  const std::vector<edgerec::FoldInEvent> tied = {{1, 1.0f, 100}, {2, 1.0f, 200}, {3, 1.0f, 200}, {4, 1.0f, 300}};
  const std::vector<edgerec::FoldInEvent> swapped = {{1, 1.0f, 100}, {3, 1.0f, 200}, {2, 1.0f, 200}, {4, 1.0f, 300}};
  std::vector<float> a, b, untimed;
  REQUIRE(*(*fold)->solve(tied, a));
  REQUIRE(*(*fold)->solve(swapped, b));
  REQUIRE(a.size() == b.size());
  for (size_t d = 0; d < a.size(); ++d) CHECK(a[d] == Approx(b[d]).margin(1e-4));  // rows in another order
  // Without times each event is its own step, and the order counts.
  std::vector<edgerec::FoldInEvent> plain = tied;
  for (auto& e : plain) e.time.reset();
  REQUIRE(*(*fold)->solve(plain, untimed));
  double apart = 0;
  for (size_t d = 0; d < a.size(); ++d) apart += std::fabs(untimed[d] - a[d]);
  CHECK(apart > 1e-2);
}

TEST_CASE("sessions: an unknown user gets popular items, then personalized ones from the first event", "[sessions]") {
  auto rt = load(trained().erec);
  const std::string popular = recommend(*rt, "newbie");
  const std::string before_rank = *rt->get_personalized_ranking_json("{\"userId\":\"newbie\",\"inputList\":[\"i1\",\"i2\",\"i3\"]}");
  CHECK(put(*rt, "{\"trackingId\":\"t\",\"sessionId\":\"s1\",\"userId\":\"newbie\",\"eventList\":[" + event("i40", 1e9) + "]}") ==
        "{\"eventsAccepted\":1,\"eventsForModel\":1}");
  const std::string after = recommend(*rt, "newbie");
  CHECK(ids(after) != ids(popular));
  CHECK(ids(*rt->get_personalized_ranking_json("{\"userId\":\"newbie\",\"inputList\":[\"i1\",\"i2\",\"i3\"]}"),
            "personalizedRanking") != std::vector<std::string>{});
  (void)before_rank;
  // Anonymous: the sessionId is the key.
  put(*rt, "{\"sessionId\":\"anon-1\",\"eventList\":[" + event("i7", 1e9) + "]}");
  CHECK(ids(recommend(*rt, "anon-1")) != ids(popular));
  // Forgetting the session brings popular items back.
  CHECK(rt->clear_session("newbie"));
  CHECK_FALSE(rt->clear_session("newbie"));
  CHECK(ids(recommend(*rt, "newbie")) == ids(popular));
}

TEST_CASE("sessions: events on items the model does not know are accepted and unused", "[sessions]") {
  auto rt = load(trained().erec);
  const std::string popular = recommend(*rt, "ghost");
  CHECK(put(*rt, "{\"sessionId\":\"s\",\"userId\":\"ghost\",\"eventList\":[" + event("no-such-item", 5) +
                     ",{\"eventType\":\"click\",\"sentAt\":6}]}") == "{\"eventsAccepted\":2,\"eventsForModel\":0}");
  CHECK(rt->live_sessions() == 0);
  CHECK(ids(recommend(*rt, "ghost")) == ids(popular));
}

TEST_CASE("sessions: requests without a session are unchanged, a known user's session changes them", "[sessions]") {
  auto fresh = load(trained().erec);
  auto rt = load(trained().erec);
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"other\",\"eventList\":[" + event("i3", 5) + "]}");
  const std::string user(rt->solution().users().id(4));
  const std::string a = recommend(*fresh, user, 25);
  const std::string b = recommend(*rt, user, 25);
  CHECK(a.substr(0, a.find("recommendationId")) == b.substr(0, b.find("recommendationId")));
  // Several clicks on one item the user does not have in front: the list moves.
  std::string list;
  for (int i = 0; i < 10; ++i) list += (i ? "," : "") + event("i79", 2e9 + i);
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"" + user + "\",\"eventList\":[" + list + "]}");
  const std::string c = recommend(*rt, user, 25);
  CHECK(c.substr(0, c.find("recommendationId")) != a.substr(0, a.find("recommendationId")));
  // Interactions filters see the session's events.
  const std::string excluded =
      recommend(*rt, user, 80, ",\"filterExpression\":\"EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\\\"click\\\")\"");
  for (const std::string& id : ids(excluded)) CHECK(id != "i79");
}

TEST_CASE("sessions: the folded vector is cached and recomputed when the session changes", "[sessions]") {
  auto rt = load(trained().erec);
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"cache\",\"eventList\":[" + event("i10", 100) + "]}");
  const std::string a = recommend(*rt, "cache", 25);
  const std::string b = recommend(*rt, "cache", 25);
  CHECK(a.substr(0, a.find("recommendationId")) == b.substr(0, b.find("recommendationId")));
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"cache\",\"eventList\":[" + event("i60", 101) + "," + event("i61", 102) + "]}");
  const std::string c = recommend(*rt, "cache", 25);
  CHECK(c.substr(0, c.find("recommendationId")) != a.substr(0, a.find("recommendationId")));
  // The same events in another order of arrival (sorted by sentAt) give the same result.
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"cache2\",\"eventList\":[" + event("i61", 102) + "," + event("i60", 101) + "," +
               event("i10", 100) + "]}");
  const std::string d = recommend(*rt, "cache2", 25);
  CHECK(d.substr(0, d.find("recommendationId")) == c.substr(0, c.find("recommendationId")));
}

namespace {

/// `n` copies of HIRAGANA LETTER A (U+3042, three bytes in UTF-8).
std::string kana(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += "\xE3\x81\x82";
  return out;
}

}  // namespace

// A Runtime applies the server's PutEvents rules (edgerec/put_events_request.h), so the messages
// are the server's too: a device never takes an event the server would refuse.
TEST_CASE("sessions: PutEvents validation names the field", "[sessions]") {
  auto rt = load(trained().erec);
  const std::string ok_event = event("i1", 5);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[]", "PutEvents request: expected a JSON object, got array"},
      {"{\"eventList\":[" + ok_event + "]}", "sessionId: required"},
      {"{\"sessionId\":\"s\"}", "eventList: required"},
      {"{\"sessionId\":\"\",\"eventList\":[" + ok_event + "]}", "sessionId: must be 1 to 256 characters, got 0"},
      {"{\"sessionId\":\"s\",\"userId\":\"" + std::string(257, 'u') + "\",\"eventList\":[" + ok_event + "]}",
       "userId: must be 1 to 256 characters, got 257"},
      {"{\"sessionId\":\"s\",\"eventList\":[]}", "eventList: must hold 1 to 10 events, got 0"},
      {"{\"sessionId\":\"s\",\"nope\":1,\"eventList\":[" + ok_event + "]}", "unknown member \"nope\""},
      {"{\"sessionId\":\"s\",\"eventList\":[" + ok_event + "," + ok_event + "," + ok_event +
           ",{\"eventType\":\"click\",\"sentAt\":1,\"itemId\":\"\"}]}",
       "eventList[3].itemId: must be 1 to 256 characters, got 0"},
      {"{\"sessionId\":\"s\",\"eventList\":[{\"sentAt\":1}]}", "eventList[0].eventType: required"},
      {"{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\"}]}", "eventList[0].sentAt: required (epoch seconds)"},
      {"{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\",\"sentAt\":\"now\"}]}",
       "eventList[0].sentAt: expected a number (epoch seconds), got string"},
      {"{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\",\"sentAt\":1,\"colour\":1}]}",
       "eventList[0]: unknown member \"colour\""},
      {"{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\",\"sentAt\":1,\"recommendationId\":\"" + std::string(41, 'r') +
           "\"}]}",
       "eventList[0].recommendationId: must be 1 to 40 characters, got 41"},
      {"{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\",\"sentAt\":1,\"impression\":[]}]}",
       "eventList[0].impression: must hold 1 to 25 item ids, got 0"},
      // Characters are code points, as the server's PutEvents counts them: 257 three-byte ones.
      {"{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\",\"sentAt\":1,\"itemId\":\"" + kana(257) + "\"}]}",
       "eventList[0].itemId: must be 1 to 256 characters, got 257"},
  };
  for (const auto& [body, expected] : cases) {
    auto r = rt->put_events_json(body);
    INFO(body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == edgerec::StatusCode::kInvalidInput);
    CHECK_THAT(r.status().message(), Catch::Contains(expected));
  }
  std::string eleven;
  for (int i = 0; i < 11; ++i) eleven += (i ? "," : "") + ok_event;
  auto r = rt->put_events_json("{\"sessionId\":\"s\",\"eventList\":[" + eleven + "]}");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("eventList: must hold 1 to 10 events, got 11"));
  CHECK(rt->live_sessions() == 0);
  // 256 characters of three bytes each (768 bytes) are within the limit (an item the model does
  // not know: accepted, not used).
  CHECK(put(*rt, "{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"x\",\"sentAt\":1,\"itemId\":\"" + kana(256) +
                 "\"}]}") == "{\"eventsAccepted\":1,\"eventsForModel\":0}");
  // Every optional field accepted.
  CHECK(put(*rt, "{\"trackingId\":\"t\",\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"purchase\",\"sentAt\":1.5,"
                 "\"itemId\":\"i1\",\"eventValue\":9.5,\"eventId\":\"e1\",\"properties\":\"{\\\"a\\\":1}\","
                 "\"impression\":[\"i1\",\"i2\"],\"recommendationId\":\"RID-1\","
                 "\"metricAttribution\":{\"eventAttributionSource\":\"email\"}}]}") ==
        "{\"eventsAccepted\":1,\"eventsForModel\":1}");
}

TEST_CASE("sessions: the store is bounded and evicts the least recently used keys", "[sessions]") {
  auto ev = [](uint32_t item, double t, const char* type = "click") { return edgerec::SessionEvent{item, type, t, NAN}; };
  edgerec::SessionStore store(edgerec::SessionLimits{2, 1000});
  store.append("a", {ev(1, 1)});
  store.append("b", {ev(2, 1)});
  CHECK(store.find("a"));  // a is now the most recent
  store.append("c", {ev(3, 1)});
  CHECK(store.sessions() == 2);
  CHECK(store.find("a"));
  CHECK_FALSE(store.find("b"));
  CHECK(store.find("c"));

  edgerec::SessionStore by_events(edgerec::SessionLimits{100, 5});
  by_events.append("a", {ev(1, 1), ev(2, 2), ev(3, 3)});
  by_events.append("b", {ev(1, 1), ev(2, 2), ev(3, 3)});
  CHECK_FALSE(by_events.find("a"));
  CHECK(by_events.events() == 3);

  // Per key: the newest 100 per event type (ignoring case), in time order.
  edgerec::SessionStore one;
  for (int i = 0; i < 150; ++i) one.append("k", {ev(static_cast<uint32_t>(i), i, i % 2 ? "CLICK" : "click")});
  one.append("k", {ev(999, -1, "view")});
  const auto snapshot = one.find("k");
  REQUIRE(snapshot);
  REQUIRE(snapshot->events->size() == 101);
  CHECK(snapshot->events->front().item == 999);
  CHECK(snapshot->events->at(1).item == 50);
  CHECK(snapshot->events->back().item == 149);
}

TEST_CASE("sessions: an edge bundle personalizes from the user's own events only", "[sessions][edge]") {
  auto full = load(trained().erec);
  auto edge = load(trained().edge);
  const std::string popular = recommend(*edge, "u1");
  const std::string user(full->solution().users().id(3));
  // The known user's stored recommendations are not in the bundle: popular items there.
  CHECK(ids(recommend(*edge, user)) == ids(popular));
  for (const std::string& body : history_bodies(*full, 3, "device-user")) {
    put(*edge, body);
    put(*full, body);
  }
  const auto on_edge = ids(recommend(*edge, "device-user", 25));
  CHECK(on_edge != ids(popular));
  // Same item factors, same events: the same list as the full model folding the same events in.
  CHECK(on_edge == ids(recommend(*full, "device-user", 25)));
  CHECK(overlap(on_edge, ids(recommend(*full, user, 25))) >= 18);
}

TEST_CASE("sessions: the solution config's event selection applies to session events", "[sessions]") {
  TempDir dir;
  REQUIRE(run_command(kCli + " synth --users 100 --items 50 --interactions 4000 --seed 9 --output " + q(dir.file("i.csv"))).exit_code == 0);
  auto train = run_command(kCli + " train --recipe user-personalization --interactions " + q(dir.file("i.csv")) +
                           " --output " + q(dir.file("up.erec")) + " --event-weight view=0 " + kModel);
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  auto rt = load(dir.file("up.erec"));
  const std::string popular = recommend(*rt, "n");
  CHECK(put(*rt, "{\"sessionId\":\"s\",\"userId\":\"n\",\"eventList\":[" + event("i1", 1, "view") + "]}") ==
        "{\"eventsAccepted\":1,\"eventsForModel\":0}");
  CHECK(ids(recommend(*rt, "n")) == ids(popular));
  CHECK(put(*rt, "{\"sessionId\":\"s\",\"userId\":\"n\",\"eventList\":[" + event("i1", 2, "click") + "]}") ==
        "{\"eventsAccepted\":1,\"eventsForModel\":1}");
  CHECK(ids(recommend(*rt, "n")) != ids(popular));
}

TEST_CASE("sessions: recommend and rank --events apply PutEvents bodies first", "[sessions][cli]") {
  TempDir dir;
  const std::string events = dir.file("events.json");
  write_text_file(events, "[{\"sessionId\":\"s\",\"userId\":\"n\",\"eventList\":[" + event("i5", 1) + "]},"
                          "{\"sessionId\":\"s\",\"userId\":\"n\",\"eventList\":[" + event("i9", 2) + "]}]");
  auto rt = load(trained().erec);
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"n\",\"eventList\":[" + event("i5", 1) + "]}");
  put(*rt, "{\"sessionId\":\"s\",\"userId\":\"n\",\"eventList\":[" + event("i9", 2) + "]}");
  auto rec = run_command(kCli + " recommend --solution " + q(trained().erec) + " --user-id n --num-results 10 --events " + q(events));
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  CHECK(ids(rec.out) == ids(recommend(*rt, "n")));
  auto rank = run_command(kCli + " rank --solution " + q(trained().erec) + " --user-id n --input-list i1,i2,i3,zz --events " + q(events));
  REQUIRE(rank.exit_code == 0);
  CHECK(ids(rank.out, "personalizedRanking") ==
        ids(*rt->get_personalized_ranking_json("{\"userId\":\"n\",\"inputList\":[\"i1\",\"i2\",\"i3\",\"zz\"]}"),
            "personalizedRanking"));
  write_text_file(events, "{\"sessionId\":\"s\",\"eventList\":[{\"eventType\":\"click\"}]}");
  auto bad = run_command(kCli + " recommend --solution " + q(trained().erec) + " --user-id n --events " + q(events));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("events.json: eventList[0].sentAt: required (epoch seconds)"));
}
