// `edgerec --help`, `edgerec help CMD`, `edgerec CMD --help|-h` for every command, unknown flags,
// and the README's command table, against one list of every command's flags: the CLI's contract.
// A command or flag added to the CLI must be added here (the first test fails otherwise), and so
// to the README.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::kCli;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;

namespace {

struct CommandContract {
  std::string name;
  std::vector<std::string> positionals;  ///< as help names them
  std::vector<std::string> flags;        ///< without the dashes
};

const std::vector<CommandContract> kCommands = {
    {"synth", {},
     {"users", "items", "interactions", "seed", "output", "items-output", "users-output", "start-timestamp", "days"}},
    {"train", {"DIR"},
     {"recipe", "interactions", "items", "users", "output", "hp", "event-type", "event-value-threshold",
      "event-weight", "training-mode", "base-solution", "threads", "quiet"}},
    {"recommend", {},
     {"solution", "user-id", "item-id", "num-results", "filter", "filter-values", "metadata-columns",
      "campaign-config", "events"}},
    {"rank", {}, {"solution", "user-id", "input-list", "filter", "filter-values", "metadata-columns", "events"}},
    {"batch", {}, {"solution", "input", "output", "num-results", "filter", "filter-name", "group", "threads", "quiet"}},
    {"batch-segment", {}, {"solution", "input", "output", "num-results", "threads", "quiet"}},
    {"describe-solution", {"FILE.erec"}, {"solution"}},
    {"metrics", {"FILE.erec"}, {"solution"}},
    {"export-edge", {"FILE.erec"}, {"output"}},
    {"create-dataset-group", {"DIR"}, {}},
    {"create-dataset", {"DIR"}, {"type", "schema"}},
    {"import", {"DIR"}, {"dataset", "csv", "schema", "mode", "job-name"}},
    {"describe", {"DIR"}, {}},
    {"report", {"DIR"}, {"output"}},
    {"put-items", {"DIR"}, {"items"}},
    {"put-users", {"DIR"}, {"users"}},
    {"put-events", {"DIR"}, {"json"}},
    {"ingest-batch", {"DIR", "FILE.erev"}, {}},
    {"encode-batch", {}, {"json", "output", "raw"}},
    {"delete-user-data", {"DIR"}, {"users", "user-id"}},
    {"create-campaign", {"DIR"}, {"name", "solution-version", "campaign-config", "min-provisioned-tps"}},
    {"update-campaign", {"DIR"}, {"name", "solution-version", "campaign-config", "min-provisioned-tps"}},
    {"describe-campaign", {"DIR"}, {"name"}},
    {"list-campaigns", {"DIR"}, {}},
    {"delete-campaign", {"DIR"}, {"name"}},
    {"create-filter", {"DIR"}, {"name", "expression"}},
    {"describe-filter", {"DIR"}, {"name"}},
    {"list-filters", {"DIR"}, {}},
    {"delete-filter", {"DIR"}, {"name"}},
    {"create-event-tracker", {"DIR"}, {"name", "allowed-origin"}},
    {"list-event-trackers", {"DIR"}, {}},
    {"delete-event-tracker", {"DIR"}, {"name"}},
    {"create-access-key", {}, {"home", "description"}},
    {"list-access-keys", {}, {"home"}},
    {"delete-access-key", {}, {"home", "access-key-id"}},
    {"serve", {}, {"home", "host", "port", "threads", "region", "account", "max-body-bytes", "max-connections",
                   "refresh-seconds", "bucket", "max-jobs", "quiet"}},
    {"api", {"OPERATION", "REQUEST_JSON"}, {"home", "bucket", "quiet"}},
    {"run-job", {"DIR", "KIND", "ID"}, {}},
};

/// The command names `edgerec --help` lists, in its order.
std::vector<std::string> listed_commands(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  std::string line;
  bool in_commands = false;
  while (std::getline(lines, line)) {
    if (line == "commands:") {
      in_commands = true;
    } else if (in_commands && line.empty()) {
      break;
    } else if (in_commands) {
      std::istringstream words(line);
      std::string name, first_word_of_summary;
      words >> name >> first_word_of_summary;
      INFO(line);
      CHECK_FALSE(first_word_of_summary.empty());  // every command has a summary
      names.push_back(name);
    }
  }
  return names;
}

/// The rows of the README's "### Commands" table that document `edgerec NAME`, joined.
std::string readme_rows(const std::string& readme, const std::string& name) {
  const size_t section = readme.find("### Commands");
  REQUIRE(section != std::string::npos);
  const size_t end = readme.find("\n### ", section + 1);
  std::istringstream lines(readme.substr(section, end - section));
  std::string rows;
  std::string line;
  while (std::getline(lines, line)) {
    // The first cell holds the command lines, e.g. "| `edgerec put-items DIR --items JSON` / ...".
    const std::string cell = line.substr(0, line.find(" |", 1));
    if (line.compare(0, 2, "| ") == 0 && (cell.find("`edgerec " + name + " ") != std::string::npos ||
                                          cell.find("`edgerec " + name + "`") != std::string::npos)) {
      rows += cell + "\n";
    }
  }
  return rows;
}

}  // namespace

TEST_CASE("cli help: edgerec --help lists every command with its summary", "[cli][help]") {
  auto help = run_command(kCli + " --help");
  REQUIRE(help.exit_code == 0);
  CHECK(help.err.empty());
  std::vector<std::string> expected;
  for (const CommandContract& c : kCommands) expected.push_back(c.name);
  CHECK(listed_commands(help.out) == expected);
  CHECK_THAT(help.out, Catch::Contains("edgerec help <command>") && Catch::Contains("--help"));
  for (const char* same : {" -h", " help"}) {
    auto again = run_command(kCli + same);
    CHECK(again.exit_code == 0);
    CHECK(again.out == help.out);
  }
  // Without a command: the same list, on stderr, as a usage error.
  auto nothing = run_command(kCli);
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err == help.out);
  auto unknown = run_command(kCli + " help frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::StartsWith("edgerec: unknown command \"frobnicate\""));
}

TEST_CASE("cli help: every command's --help, -h and `help CMD` show its usage, flags and examples", "[cli][help]") {
  for (const CommandContract& c : kCommands) {
    INFO(c.name);
    auto help = run_command(kCli + " " + c.name + " --help");
    REQUIRE(help.exit_code == 0);
    CHECK(help.err.empty());
    CHECK_THAT(help.out, Catch::StartsWith("usage: edgerec " + c.name + " "));
    CHECK_THAT(help.out, Catch::Contains("\nexample"));
    CHECK_THAT(help.out, Catch::Contains("\n  -h, --help "));
    for (const std::string& flag : c.flags) CHECK_THAT(help.out, Catch::Contains("\n  --" + flag + " "));
    for (const std::string& positional : c.positionals) CHECK_THAT(help.out, Catch::Contains("\n  " + positional));
    for (const std::string& other : {" " + c.name + " -h", " help " + c.name}) {
      auto same = run_command(kCli + other);
      CHECK(same.exit_code == 0);
      CHECK(same.out == help.out);
    }
  }
}

TEST_CASE("cli help: defaults, required flags and repeatable flags are shown", "[cli][help]") {
  const auto help_of = [](const std::string& command) { return run_command(kCli + " " + command + " --help").out; };
  const std::string recommend = help_of("recommend");
  CHECK_THAT(recommend, Catch::Contains("--num-results N") && Catch::Contains("(default 25)"));
  CHECK_THAT(recommend, Catch::Contains("--solution FILE.erec") && Catch::Contains("(required)"));
  const std::string train = help_of("train");
  CHECK_THAT(train, Catch::Contains("--training-mode FULL|UPDATE") && Catch::Contains("(default FULL)"));
  CHECK_THAT(train, Catch::Contains("--base-solution FILE.erec"));
  CHECK_THAT(train, Catch::Contains("(repeatable)"));
  CHECK_THAT(train, Catch::Contains("edgerec train --recipe NAME DIR"));
  const std::string synth = help_of("synth");
  CHECK_THAT(synth, Catch::Contains("(default 1700000000)") && Catch::Contains("(default 90)"));
  CHECK_THAT(help_of("import"), Catch::Contains("(default full)"));
  CHECK_THAT(help_of("delete-user-data"), Catch::Contains("--user-id U") && Catch::Contains("(repeatable)"));
}

TEST_CASE("cli help: an unknown flag is a usage error that names it and lists the valid flags", "[cli][help]") {
  for (const CommandContract& c : kCommands) {
    INFO(c.name);
    auto bad = run_command(kCli + " " + c.name + " --no-such-flag 1");
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Catch::StartsWith("edgerec " + c.name +
                                          ": InvalidInput: unknown flag --no-such-flag; valid flags are "));
    for (const std::string& flag : c.flags) CHECK_THAT(bad.err, Catch::Contains("--" + flag + ","));
    CHECK_THAT(bad.err, Catch::EndsWith("run `edgerec " + c.name + " --help` for usage\n"));
  }
}

TEST_CASE("cli help: the README's command table lists every command and flag", "[cli][help][readme]") {
  const std::string readme = read_text_file(std::string(EDGEREC_SOURCE_DIR) + "/README.md");
  for (const CommandContract& c : kCommands) {
    INFO(c.name);
    const std::string rows = readme_rows(readme, c.name);
    INFO(rows);
    REQUIRE_FALSE(rows.empty());
    for (const std::string& flag : c.flags) {
      CHECK_THAT(rows, Catch::Contains("--" + flag + " ") || Catch::Contains("--" + flag + "`") ||
                           Catch::Contains("--" + flag + "]"));
    }
    for (const std::string& positional : c.positionals) CHECK_THAT(rows, Catch::Contains(positional));
  }
  // Both ways to train: from a dataset group, and refreshing a solution version.
  CHECK_THAT(readme_rows(readme, "train"), Catch::Contains("`edgerec train --recipe NAME DIR") &&
                                               Catch::Contains("--training-mode UPDATE --base-solution"));
}
