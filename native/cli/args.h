// A command's parsed arguments: flag values (repeated flags keep every value, in order), switches
// and positional arguments. command_line.cpp fills it from the command line with the command's
// CLI11 app; commands read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "edgerec/status.h"

namespace edgerec::cli {

class Args {
 public:
  /// True if `flag` (a value flag or a switch) was given on the command line.
  bool has(const std::string& flag) const;
  /// The last value given for `flag`, else its default (FlagSpec::defaults_to), else nothing.
  std::optional<std::string> get(const std::string& flag) const;
  /// The value of a flag that parsing guarantees: one its FlagSpec marks required or gives a default.
  const std::string& value(const std::string& flag) const;
  /// Every value given for a repeatable flag, in order.
  std::vector<std::string> get_all(const std::string& flag) const;
  /// The value of a flag that must be present; "missing required flag --FLAG" otherwise. (Flags
  /// that are always required are marked so in their FlagSpec and checked while parsing.)
  Result<std::string> required(const std::string& flag) const;
  /// An integer flag within [min, max], or `fallback` if absent and without a default.
  Result<int64_t> get_int(const std::string& flag, int64_t fallback, int64_t min, int64_t max) const;
  const std::vector<std::string>& positional() const { return positional_; }

  void add_value(const std::string& flag, std::string value);
  void set_default(const std::string& flag, std::string value);
  void add_switch(const std::string& flag);
  void add_positional(std::string value);

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, std::string> defaults_;
  std::set<std::string> switches_;
  std::vector<std::string> positional_;
};

}  // namespace edgerec::cli
