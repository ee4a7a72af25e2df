// Test fixtures shared by the Catch2 binaries: solution versions built in memory, temporary
// directories, and running the CLI.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "io/metadata_columns.h"

namespace edgerec::fb {
struct SolutionT;
}

namespace edgerec::testing {

/// What build_solution puts in a solution version. Items are "item000".., users "user000"..
/// (zero-padded, so catalog order = number order).
struct SolutionSpec {
  std::string recipe = "popularity-count";
  int recipe_type = 3;  ///< fb::RecipeType value (3 = POPULAR_ITEMS)
  uint32_t items = 0;
  uint32_t users = 0;
  std::vector<uint32_t> popularity_counts;  ///< per item; empty = no popularity section
  uint32_t dimensions = 0;                  ///< 0 = no factor section
  std::vector<float> item_factors;          ///< items x dimensions
  bool int8_item_factors = false;           ///< stored quantised, as the trainer does by default
  std::vector<float> user_factors;          ///< users x dimensions; empty = none (edge bundle)
  std::vector<std::vector<std::pair<uint32_t, float>>> neighbours;  ///< per item; empty = none
  std::vector<MetadataColumn> item_columns;  ///< one value per item, in item order
  std::vector<MetadataColumn> user_columns;  ///< one value per user, in user order
  struct Event {
    uint32_t item = 0;
    std::string event_type;
    int64_t timestamp = 0;
  };
  std::vector<std::vector<Event>> histories;  ///< per user, oldest first; empty = no histories section
  int64_t max_timestamp = 0;  ///< the training data's newest interaction (trainingData.maxTimestamp)
  uint64_t interactions = 0;  ///< trainingData.interactions
  std::string fingerprint;    ///< trainingData.fingerprint
  std::map<std::string, double> metrics;  ///< the solution version's metrics, by name
};

/// A metadata column from text cells ("" = null): STRING unless `numeric`, then LONG if every
/// value is an integer, else DOUBLE.
MetadataColumn make_column(const std::string& name, const std::vector<std::string>& cells, bool numeric = false);
std::vector<uint8_t> build_solution(const SolutionSpec& spec);

/// `sealed` (a solution version that loads) with its content changed by `edit` (FlatBuffers'
/// object API) and sealed again: what a damaged or hostile writer could produce that the
/// FlatBuffers Verifier accepts.
std::vector<uint8_t> rewrite_solution(const std::vector<uint8_t>& sealed,
                                      const std::function<void(fb::SolutionT&)>& edit);

/// A sealed popularity-count solution with items "item000".. and users "user000"..; item i has
/// user_counts[i] distinct users.
std::vector<uint8_t> make_popularity_solution(const std::vector<uint32_t>& user_counts, uint32_t users);

/// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_text_file(const std::string& path, const std::string& content);
std::string read_text_file(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};
/// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);

}  // namespace edgerec::testing
