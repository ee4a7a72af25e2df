// A command's command line, parsed with CLI11 (see command_line.h).
#include "cli/command_line.h"

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/help_formatter.h"
#include "edgerec/utf8.h"

namespace edgerec::cli {
namespace {

constexpr const char* kFlagsGroup = "flags";

/// A command's CLI11 app and its options, in the order of the spec's flags and positionals.
struct CommandApp {
  std::unique_ptr<CLI::App> app;
  std::vector<CLI::Option*> flags;
  std::vector<CLI::Option*> positionals;
};

/// A flag's help with what else a user needs to know: "(required)", "(default 25)", "(repeatable)".
std::string flag_help(const FlagSpec& flag) {
  std::string notes;
  const auto note = [&notes](const std::string& text) { notes += (notes.empty() ? "" : "; ") + text; };
  if (flag.is_required) note("required");
  if (!flag.default_value.empty()) note("default " + flag.default_value);
  if (flag.is_repeatable) note("repeatable");
  return notes.empty() ? flag.help : flag.help + " (" + notes + ")";
}

/// The examples and extra help that close `edgerec NAME --help`.
std::string help_footer(const CommandSpec& spec) {
  std::string footer;
  if (!spec.examples.empty()) {
    footer += spec.examples.size() == 1 ? "example:\n" : "examples:\n";
    for (const std::string& example : spec.examples) footer += "  " + example + "\n";
  }
  if (spec.more_help != nullptr) footer += "\n" + spec.more_help();
  return footer;
}

CommandApp build_app(const CommandSpec& spec) {
  CommandApp built;
  built.app = std::make_unique<CLI::App>(spec.description, "edgerec " + spec.name);
  CLI::App& app = *built.app;
  // Unknown flags and surplus arguments are kept, not thrown, so that they are reported in
  // edgerec's words (with the valid flags) by leftover_problem.
  app.allow_extras();
  app.formatter(std::make_shared<HelpFormatter>(spec.usage));
  app.footer(help_footer(spec));
  for (const PositionalSpec& positional : spec.positionals) {
    CLI::Option* option = app.add_option(positional.name, positional.help)->type_name("");
    if (positional.is_many) option->expected(1, CLI::detail::expected_max_vector_size)->allow_extra_args();
    if (positional.is_required) option->required();
    built.positionals.push_back(option);
  }
  for (const FlagSpec& flag : spec.flags) {
    CLI::Option* option = nullptr;
    const std::string help = flag_help(flag);  // CLI11 takes descriptions by const reference only
    if (flag.value == FlagSpec::Value::kNone) {
      option = app.add_flag("--" + flag.name, help)->disable_flag_override();
    } else {
      // Every value is kept (in order): repeatable flags use them all, the others the last one.
      option = app.add_option("--" + flag.name, help)
                   ->type_name(flag.value_name)
                   ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      if (flag.is_required) option->required();
      // Checked as it is read: a value that is not UTF-8 would otherwise reach a JSON request,
      // whose parser would refuse it with an offset into the request rather than the flag.
      if (flag.value == FlagSpec::Value::kText) {
        option->check(CLI::Validator([](std::string& value) { return utf8::problem_with(value); }, "", "UTF-8"));
      }
    }
    option->group(kFlagsGroup);
    built.flags.push_back(option);
  }
  // Set last so that it is listed last.
  app.set_help_flag("-h,--help", "print this help and exit")->group(kFlagsGroup);
  return built;
}

bool looks_like_flag(const std::string& argument) {
  return argument.size() > 1 && argument[0] == '-' && argument != "--";
}

std::string first_usage_line(const CommandSpec& spec) {
  return spec.usage.empty() ? "edgerec " + spec.name + " --help" : spec.usage.front();
}

Status unknown_flag(const CommandSpec& spec, const std::string& argument) {
  std::string valid;
  for (const FlagSpec& flag : spec.flags) valid += "--" + flag.name + ", ";
  valid += "--help";
  return invalid_input("unknown flag " + argument.substr(0, argument.find('=')) + "; valid flags are " + valid);
}

/// What CLI11 could not place (CLI::App::remaining): an unknown flag, or an argument beyond the
/// positional arguments the command takes. Unknown flags come first: a misspelt flag explains
/// whatever else went wrong.
Status leftover_problem(const CommandSpec& spec, const std::vector<std::string>& leftovers, bool flags_only) {
  for (const std::string& argument : leftovers) {
    if (looks_like_flag(argument)) return unknown_flag(spec, argument);
  }
  if (flags_only) return Status::ok_status();
  for (const std::string& argument : leftovers) {
    if (argument == "--") continue;  // the end-of-flags marker, which CLI11 passes on
    return invalid_input("unexpected argument \"" + argument + "\"; usage: " + first_usage_line(spec));
  }
  return Status::ok_status();
}

const FlagSpec* find_flag(const CommandSpec& spec, const std::string& argument) {
  if (argument.compare(0, 2, "--") != 0) return nullptr;
  const size_t equals = argument.find('=');
  const std::string name = argument.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
  for (const FlagSpec& flag : spec.flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

/// A CLI11 parse error in edgerec's words where edgerec has its own, else CLI11's message (which
/// names the option, e.g. "--user-id: not valid UTF-8 at byte 3: ...").
Status parse_error(const CLI::ParseError& error, const CommandApp& built, const CommandSpec& spec,
                   const std::vector<std::string>& arguments) {
  if (Status s = leftover_problem(spec, built.app->remaining(), true); !s.ok()) return s;
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    for (size_t i = 0; i < spec.flags.size(); ++i) {
      if (spec.flags[i].is_required && built.flags[i]->count() == 0) {
        return invalid_input("missing required flag --" + spec.flags[i].name);
      }
    }
    for (size_t i = 0; i < spec.positionals.size(); ++i) {
      const PositionalSpec& positional = spec.positionals[i];
      if (positional.is_required && built.positionals[i]->count() == 0) {
        return invalid_input("missing " + positional.name + " (" + positional.help + "); usage: " +
                             first_usage_line(spec));
      }
    }
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    // CLI11 stops at a switch given a value (--quiet=yes) or at a flag without its value, which
    // can only be the last argument.
    for (const std::string& argument : arguments) {
      const FlagSpec* flag = find_flag(spec, argument);
      if (flag != nullptr && flag->value == FlagSpec::Value::kNone && argument.find('=') != std::string::npos) {
        return invalid_input("flag --" + flag->name + " takes no value");
      }
    }
    if (!arguments.empty()) {
      const FlagSpec* flag = find_flag(spec, arguments.back());
      if (flag != nullptr && flag->value != FlagSpec::Value::kNone) {
        return invalid_input("flag --" + flag->name + " needs a value");
      }
    }
  }
  return invalid_input(error.what());
}

Args args_from(const CommandApp& built, const CommandSpec& spec) {
  Args args;
  for (size_t i = 0; i < spec.flags.size(); ++i) {
    const FlagSpec& flag = spec.flags[i];
    const CLI::Option& option = *built.flags[i];
    if (option.count() == 0) {
      if (!flag.default_value.empty()) args.set_default(flag.name, flag.default_value);
    } else if (flag.value == FlagSpec::Value::kNone) {
      args.add_switch(flag.name);
    } else {
      for (const std::string& value : option.results()) args.add_value(flag.name, value);
    }
  }
  for (const CLI::Option* option : built.positionals) {
    for (const std::string& value : option->results()) args.add_positional(value);
  }
  return args;
}

}  // namespace

Result<ParsedCommandLine> parse_command_line(const CommandSpec& spec, const std::vector<std::string>& arguments) {
  CommandApp built = build_app(spec);
  ParsedCommandLine parsed;
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // as CLI11 takes them
  try {
    built.app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    parsed.help_requested = true;
    return parsed;
  } catch (const CLI::ParseError& error) {
    return parse_error(error, built, spec, arguments);
  }
  EDGEREC_RETURN_IF_ERROR(leftover_problem(spec, built.app->remaining(), false));
  parsed.args = args_from(built, spec);
  return parsed;
}

std::string command_help(const CommandSpec& spec) { return build_app(spec).app->help(); }

int run_command(const CommandSpec& spec, int argc, char** argv) {
  auto parsed = parse_command_line(spec, std::vector<std::string>(argv, argv + argc));
  if (!parsed.ok()) return report_failure(spec.name.c_str(), parsed.status(), true);
  if (parsed->help_requested) {
    std::fputs(command_help(spec).c_str(), stdout);
    return 0;
  }
  return spec.run(parsed->args);
}

}  // namespace edgerec::cli
