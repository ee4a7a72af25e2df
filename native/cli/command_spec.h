// What a CLI command is, as data: its name and summary (for `edgerec --help`), its synopsis,
// positional arguments, flags and examples (for `edgerec CMD --help`, and for parsing: the CLI11
// app of a command is built from this in command_line.cpp), and the function that runs it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace edgerec::cli {

class Args;

/// A `--flag`, made with text_flag, path_flag or switch_flag and refined with the setters below.
struct FlagSpec {
  enum class Value {
    kNone,  ///< a switch, present or not (--quiet)
    kText,  ///< text that goes into a request, a store or the output: must be well-formed UTF-8
    kPath,  ///< a file or directory name: any bytes the file system takes
  };

  std::string name;        ///< without the dashes: "user-id"
  Value value = Value::kText;
  std::string value_name;  ///< how help shows the value: "--user-id U"
  std::string help;        ///< one phrase; help adds the default, "required" and "repeatable"
  std::string default_value;  ///< what Args::get gives when the flag is absent; "" = nothing
  bool is_required = false;
  bool is_repeatable = false;

  FlagSpec required() const;
  FlagSpec repeatable() const;
  FlagSpec defaults_to(std::string fallback) const;
};

FlagSpec text_flag(std::string name, std::string value_name, std::string help);
FlagSpec path_flag(std::string name, std::string value_name, std::string help);
FlagSpec switch_flag(std::string name, std::string help);

/// A positional argument, e.g. the dataset group DIR. Positional arguments are paths.
struct PositionalSpec {
  std::string name;  ///< as help shows it: "DIR"
  std::string help;
  bool is_required = true;
  bool is_many = false;  ///< takes every remaining positional argument (FILE...), at least one if required
};

struct CommandSpec {
  std::string name;     ///< `edgerec NAME`
  std::string summary;  ///< one line in `edgerec --help`
  int order = 0;        ///< position in `edgerec --help`
  /// Synopsis lines after "usage: ", e.g. "edgerec describe DIR".
  std::vector<std::string> usage;
  std::string description;  ///< what the command does and prints, a few lines for --help
  std::vector<PositionalSpec> positionals;
  std::vector<FlagSpec> flags;
  std::vector<std::string> examples;  ///< complete command lines
  /// More help computed when it is shown (train's list of recipes); may be null.
  std::string (*more_help)() = nullptr;
  /// Runs the command on arguments that parsed; returns the exit code (0, 1 or 2).
  int (*run)(const Args& args) = nullptr;
};

}  // namespace edgerec::cli
