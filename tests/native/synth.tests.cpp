// The synthetic data generator: reproducible, exact, and shaped like real interaction data
// (heavy-tailed popularity, user tastes, sessions), and `edgerec synth` on the command line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "io/csv_reader.h"
#include "io/interactions_csv.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "synth/synth.h"

using edgerec::InteractionsTable;
using edgerec::SynthOptions;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

SynthOptions small_options(const TempDir& dir, uint64_t seed = 42) {
  SynthOptions options;
  options.users = 400;
  options.items = 1000;
  options.interactions = 40000;
  options.seed = seed;
  options.output_path = dir.file("interactions.csv");
  options.items_output_path = dir.file("items.csv");
  options.users_output_path = dir.file("users.csv");
  return options;
}

InteractionsTable generate_and_load(const SynthOptions& options) {
  const edgerec::Status written = edgerec::write_synthetic_data(options);
  INFO(written.message());
  REQUIRE(written.ok());
  auto table = edgerec::read_interactions_csv(options.output_path);
  INFO(table.status().message());
  REQUIRE(table.ok());
  return std::move(table).value();
}

/// All records of a CSV file (header first).
std::vector<std::vector<std::string>> read_records(const std::string& path) {
  auto reader = edgerec::CsvReader::open(path);
  REQUIRE(reader.ok());
  std::vector<std::vector<std::string>> records;
  std::vector<std::string_view> fields;
  for (;;) {
    auto more = reader->next(fields);
    REQUIRE(more.ok());
    if (!*more) return records;
    records.emplace_back(fields.begin(), fields.end());
  }
}

/// Item id -> column `column` of the items CSV.
std::map<std::string, std::string> item_attribute(const std::string& items_path, size_t column) {
  std::map<std::string, std::string> attribute;
  const auto records = read_records(items_path);
  for (size_t row = 1; row < records.size(); ++row) attribute[records[row][0]] = records[row][column];
  return attribute;
}

/// Each user's rows in file order.
std::vector<std::vector<size_t>> rows_by_user(const InteractionsTable& table) {
  std::vector<std::vector<size_t>> rows(table.user_ids.size());
  for (size_t row = 0; row < table.size(); ++row) rows[table.users[row]].push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("synth: the same seed gives the same bytes, another seed different ones", "[synth]") {
  TempDir a;
  TempDir b;
  TempDir c;
  REQUIRE(edgerec::write_synthetic_data(small_options(a)).ok());
  REQUIRE(edgerec::write_synthetic_data(small_options(b)).ok());
  REQUIRE(edgerec::write_synthetic_data(small_options(c, 43)).ok());
  for (const char* name : {"interactions.csv", "items.csv", "users.csv"}) {
    INFO(name);
    const std::string first = read_text_file(a.file(name));
    CHECK(first.size() > 1000);
    CHECK(first == read_text_file(b.file(name)));
    CHECK(first != read_text_file(c.file(name)));
  }
}

TEST_CASE("synth: exact row count, every user at least twice, loads as Interactions", "[synth]") {
  TempDir dir;
  const SynthOptions options = small_options(dir);
  const InteractionsTable table = generate_and_load(options);
  CHECK(table.size() == options.interactions);
  CHECK(table.columns == std::vector<std::string>{"USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE"});
  REQUIRE(table.user_ids.size() == options.users);
  CHECK(table.item_ids.size() <= options.items);
  for (const auto& rows : rows_by_user(table)) REQUIRE(rows.size() >= 2);
  CHECK(table.user_ids[0] == "u0");
  CHECK(table.item_ids[0].front() == 'i');

  // Activity is heavy-tailed too: the busiest user has several times the mean.
  size_t busiest = 0;
  for (const auto& rows : rows_by_user(table)) busiest = std::max(busiest, rows.size());
  CHECK(busiest > 4 * options.interactions / options.users);
}

TEST_CASE("synth: fewer interactions than twice the users still gives each user one", "[synth]") {
  TempDir dir;
  SynthOptions options = small_options(dir);
  options.users = 300;
  options.interactions = 450;
  const InteractionsTable table = generate_and_load(options);
  CHECK(table.size() == 450);
  CHECK(table.user_ids.size() == 300);
}

TEST_CASE("synth: item popularity is heavy-tailed", "[synth]") {
  TempDir dir;
  const SynthOptions options = small_options(dir);
  const InteractionsTable table = generate_and_load(options);
  std::vector<size_t> counts(table.item_ids.size(), 0);
  for (const uint32_t item : table.items) ++counts[item];
  std::sort(counts.rbegin(), counts.rend());
  const size_t top_items = options.items / 100;  // top 1%
  size_t top_share = 0;
  for (size_t i = 0; i < top_items; ++i) top_share += counts[i];
  // Uniform popularity would give the top 1% of items about 1% of interactions.
  CHECK(static_cast<double>(top_share) / static_cast<double>(table.size()) > 0.12);
  // ...and a long tail: half of the items share a small part.
  size_t bottom_half = 0;
  for (size_t i = counts.size() / 2; i < counts.size(); ++i) bottom_half += counts[i];
  CHECK(static_cast<double>(bottom_half) / static_cast<double>(table.size()) < 0.2);
}

TEST_CASE("synth: view, click and purchase at about 70/20/10, purchases carry the price", "[synth]") {
  TempDir dir;
  const SynthOptions options = small_options(dir);
  const InteractionsTable table = generate_and_load(options);
  REQUIRE(table.event_types.size() == 3);
  const auto prices = item_attribute(options.items_output_path, 3);
  std::map<std::string, size_t> counts;
  for (size_t row = 0; row < table.size(); ++row) {
    const std::string& type = table.event_types[table.event_type_ids[row]];
    ++counts[type];
    const float value = table.event_values[row];
    if (type == "purchase") {
      REQUIRE(value > 0.0f);
      REQUIRE(std::stof(prices.at(table.item_ids[table.items[row]])) == value);
    } else {
      REQUIRE(std::isnan(value));
    }
  }
  const auto share = [&](const char* type) { return static_cast<double>(counts[type]) / static_cast<double>(table.size()); };
  CHECK(share("view") == Approx(0.7).margin(0.02));
  CHECK(share("click") == Approx(0.2).margin(0.02));
  CHECK(share("purchase") == Approx(0.1).margin(0.02));
}

TEST_CASE("synth: users have genre tastes and stay in a genre from one event to the next", "[synth]") {
  TempDir dir;
  const SynthOptions options = small_options(dir);
  const InteractionsTable table = generate_and_load(options);
  const auto genre_by_id = item_attribute(options.items_output_path, 1);
  std::vector<std::string> genre_of(table.item_ids.size());
  for (size_t i = 0; i < table.item_ids.size(); ++i) genre_of[i] = genre_by_id.at(table.item_ids[i]);

  double favourite_share_sum = 0;
  size_t users_counted = 0;
  size_t same_genre_steps = 0;
  size_t steps = 0;
  size_t same_genre_steps_shuffled = 0;
  std::mt19937 shuffle_rng(7);  // only to build the test's baseline
  for (auto rows : rows_by_user(table)) {
    if (rows.size() < 20) continue;
    std::map<std::string, size_t> per_genre;
    for (const size_t row : rows) ++per_genre[genre_of[table.items[row]]];
    size_t favourite = 0;
    for (const auto& [genre, count] : per_genre) favourite = std::max(favourite, count);
    favourite_share_sum += static_cast<double>(favourite) / static_cast<double>(rows.size());
    ++users_counted;
    for (size_t k = 1; k < rows.size(); ++k) {
      same_genre_steps += genre_of[table.items[rows[k]]] == genre_of[table.items[rows[k - 1]]];
      ++steps;
    }
    std::shuffle(rows.begin(), rows.end(), shuffle_rng);
    for (size_t k = 1; k < rows.size(); ++k) {
      same_genre_steps_shuffled += genre_of[table.items[rows[k]]] == genre_of[table.items[rows[k - 1]]];
    }
  }
  REQUIRE(users_counted > 100);
  // With 8 genres and no tastes the favourite genre would hold about 1/8 of a user's events.
  CHECK(favourite_share_sum / static_cast<double>(users_counted) > 0.45);
  // Order carries signal: consecutive events share a genre far more often than shuffled ones.
  const double in_order = static_cast<double>(same_genre_steps) / static_cast<double>(steps);
  const double shuffled = static_cast<double>(same_genre_steps_shuffled) / static_cast<double>(steps);
  CHECK(in_order > 0.65);
  CHECK(in_order > shuffled + 0.15);
}

TEST_CASE("synth: timestamps lie in the period, rise per user and follow item creation", "[synth]") {
  TempDir dir;
  SynthOptions options = small_options(dir);
  options.start_timestamp = 1'000'000'000;
  options.days = 30;
  const InteractionsTable table = generate_and_load(options);
  const int64_t end = options.start_timestamp + options.days * 86'400;
  const auto created = item_attribute(options.items_output_path, 4);
  for (size_t row = 0; row < table.size(); ++row) {
    REQUIRE(table.timestamps[row] >= options.start_timestamp);
    REQUIRE(table.timestamps[row] < end);
    REQUIRE(std::stoll(created.at(table.item_ids[table.items[row]])) <= table.timestamps[row]);
  }
  for (const auto& rows : rows_by_user(table)) {
    for (size_t k = 1; k < rows.size(); ++k) REQUIRE(table.timestamps[rows[k - 1]] <= table.timestamps[rows[k]]);
  }
  // Some items are new: created during the period.
  size_t new_items = 0;
  for (const auto& [id, when] : created) new_items += std::stoll(when) >= options.start_timestamp;
  CHECK(new_items > options.items / 20);
  CHECK(new_items < options.items / 3);
}

TEST_CASE("synth: the items and users files", "[synth]") {
  TempDir dir;
  const SynthOptions options = small_options(dir);
  REQUIRE(edgerec::write_synthetic_data(options).ok());
  const auto items = read_records(options.items_output_path);
  REQUIRE(items.size() == options.items + 1);
  CHECK(items[0] == std::vector<std::string>{"ITEM_ID", "GENRE", "CATEGORY", "PRICE", "CREATION_TIMESTAMP"});
  CHECK(items[1][0] == "i0");
  std::map<std::string, size_t> genres;
  for (size_t row = 1; row < items.size(); ++row) {
    ++genres[items[row][1]];
    REQUIRE(items[row][3].find('.') == items[row][3].size() - 3);  // two decimals
  }
  CHECK(genres.size() == 8);
  CHECK(genres.count("genre_0") == 1);
  CHECK(genres.count("genre_7") == 1);

  const auto users = read_records(options.users_output_path);
  REQUIRE(users.size() == options.users + 1);
  CHECK(users[0] == std::vector<std::string>{"USER_ID", "AGE_GROUP", "MEMBERSHIP"});
  std::map<std::string, size_t> memberships;
  for (size_t row = 1; row < users.size(); ++row) ++memberships[users[row][2]];
  CHECK(memberships.size() == 3);
}

TEST_CASE("synth: invalid options are rejected naming the flag", "[synth]") {
  TempDir dir;
  const auto error_for = [&](auto change) {
    SynthOptions options = small_options(dir);
    change(options);
    const edgerec::Status status = edgerec::write_synthetic_data(options);
    REQUIRE_FALSE(status.ok());
    CHECK(status.code() == edgerec::StatusCode::kInvalidInput);
    return status.message();
  };
  CHECK_THAT(error_for([](SynthOptions& o) { o.users = 0; }), Catch::StartsWith("--users must be between 1 and"));
  CHECK_THAT(error_for([](SynthOptions& o) { o.items = 0; }), Catch::StartsWith("--items must be between 1 and"));
  CHECK_THAT(error_for([](SynthOptions& o) { o.interactions = 399; }),
             Catch::StartsWith("--interactions must be at least --users (400"));
  CHECK_THAT(error_for([](SynthOptions& o) { o.days = 0; }), Catch::StartsWith("--days must be between 1 and"));
  CHECK_THAT(error_for([](SynthOptions& o) { o.start_timestamp = -1; }), Catch::StartsWith("--start-timestamp must be"));
  CHECK_THAT(error_for([](SynthOptions& o) { o.output_path.clear(); }), Catch::StartsWith("--output must name a file"));
  CHECK_THAT(error_for([](SynthOptions& o) { o.items_output_path = o.output_path; }),
             Catch::StartsWith("--items-output must differ from --output"));
  CHECK(read_text_file(dir.file("interactions.csv")).empty());  // nothing written
}

TEST_CASE("synth: a file that cannot be written is an IoError and leaves nothing behind", "[synth]") {
  TempDir dir;
  SynthOptions options = small_options(dir);
  options.output_path = dir.file("missing-directory/interactions.csv");
  const edgerec::Status status = edgerec::write_synthetic_data(options);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == edgerec::StatusCode::kIoError);
  CHECK_THAT(status.message(), Catch::Contains("missing-directory/interactions.csv"));
}

TEST_CASE("synth: the edgerec synth command", "[synth][cli]") {
  TempDir dir;
  const std::string output = dir.file("out.csv");
  const std::string flags = " --users 50 --items 40 --interactions 1000 --seed 3";
  auto run = run_command(kCli + " synth" + flags + " --output " + q(output) + " --days 10 --start-timestamp 1600000000");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("wrote 1000 interactions (50 users, 40 items)"));
  auto table = edgerec::read_interactions_csv(output);
  REQUIRE(table.ok());
  CHECK(table->size() == 1000);
  CHECK(*std::min_element(table->timestamps.begin(), table->timestamps.end()) >= 1600000000);

  // --output - writes the same bytes to stdout.
  auto to_stdout = run_command(kCli + " synth" + flags + " --output - --days=10 --start-timestamp=1600000000");
  REQUIRE(to_stdout.exit_code == 0);
  CHECK(to_stdout.out == read_text_file(output));

  auto missing = run_command(kCli + " synth --users 5 --items 5 --interactions 10 --output x.csv");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("missing required flag --seed"));
  auto too_few = run_command(kCli + " synth --users 50 --items 5 --interactions 10 --seed 1 --output " + q(output));
  CHECK(too_few.exit_code == 2);
  CHECK_THAT(too_few.err, Catch::Contains("--interactions must be at least --users (50"));
  auto not_a_number = run_command(kCli + " synth --users many --items 5 --interactions 10 --seed 1 --output x.csv");
  CHECK(not_a_number.exit_code == 2);
  CHECK_THAT(not_a_number.err, Catch::Contains("--users must be an integer"));
  auto help = run_command(kCli + " synth --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--items-output"));
}
