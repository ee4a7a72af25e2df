// A dataset group seeded with a small import, and a large Interactions import of it started by
// the CLI in a child process: what the crash and concurrency tests run their checks against.
#pragma once

#include <catch2/catch.hpp>
#include <sys/types.h>
#include <unistd.h>

#include <string>

#include "support/cli_test.h"
#include "support/fixtures.h"

namespace edgerec::testing {

struct BackgroundImport {
  std::string group_dir;
  std::string seed_csv;  ///< 2,000 rows, 100 users, 50 items: the group's first (ACTIVE) job
  std::string big_csv;
  pid_t child = -1;      ///< the importing CLI; the test waits for or kills it
};

/// Creates DIR/group with the seed imported, writes `big_rows` rows of `big_users` users and
/// `big_items` items, and starts `edgerec import ... --mode MODE` of them in the background.
inline BackgroundImport start_background_import(const TempDir& dir, const char* mode, int big_users, int big_items,
                                                int big_rows) {
  BackgroundImport b{dir.file("group"), dir.file("seed.csv"), dir.file("big.csv")};
  REQUIRE(run_command(kCli + " create-dataset-group " + q(b.group_dir)).exit_code == 0);
  REQUIRE(run_command(kCli + " synth --users 100 --items 50 --interactions 2000 --seed 1 --output " + q(b.seed_csv)).exit_code == 0);
  REQUIRE(run_command(kCli + " synth --users " + std::to_string(big_users) + " --items " + std::to_string(big_items) +
                      " --interactions " + std::to_string(big_rows) + " --seed 2 --output " + q(b.big_csv))
              .exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(b.group_dir) + " --dataset interactions --csv " + q(b.seed_csv)).exit_code == 0);
  b.child = fork();
  REQUIRE(b.child >= 0);
  if (b.child == 0) {
    execl(kCli.c_str(), kCli.c_str(), "import", b.group_dir.c_str(), "--dataset", "interactions", "--csv",
          b.big_csv.c_str(), "--mode", mode, static_cast<char*>(nullptr));
    _exit(127);
  }
  return b;
}

}  // namespace edgerec::testing
