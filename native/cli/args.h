// Command-line parsing for the edgerec CLI: `--flag value`, `--flag=value`, repeated flags and
// positional arguments, with errors that name the flag.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "edgerec/status.h"

namespace edgerec::cli {

class Args {
 public:
  /// Parses argv[first..argc). `value_flags` take a value; `bool_flags` do not. Anything else
  /// starting with "--" is an error that lists the valid flags.
  static Result<Args> parse(int argc, char** argv, int first, const std::set<std::string>& value_flags,
                            const std::set<std::string>& bool_flags = {});

  bool has(const std::string& flag) const;
  /// The last value given for `flag`, if any.
  std::optional<std::string> get(const std::string& flag) const;
  /// Every value given for a repeatable flag, in order.
  std::vector<std::string> get_all(const std::string& flag) const;
  /// The value of a flag that must be present.
  Result<std::string> required(const std::string& flag) const;
  /// An integer flag within [min, max], or `fallback` if absent.
  Result<int64_t> get_int(const std::string& flag, int64_t fallback, int64_t min, int64_t max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> bools_;
  std::vector<std::string> positional_;
};

}  // namespace edgerec::cli
