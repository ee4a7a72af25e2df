// How `edgerec CMD --help` looks: CLI11's help layout with edgerec's synopsis lines, the flags
// with their values ("--user-id U"), descriptions wrapped to the terminal width of a laptop, and
// the examples last.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace edgerec::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  /// `usage`: the synopsis lines shown after "usage: " (CommandSpec::usage).
  explicit HelpFormatter(std::vector<std::string> usage);

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_option_name(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;

 private:
  std::vector<std::string> usage_;
};

}  // namespace edgerec::cli
