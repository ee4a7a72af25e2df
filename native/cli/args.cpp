// Command-line parsing for the edgerec CLI.
#include "cli/args.h"

#include <cerrno>
#include <cstdlib>

namespace edgerec::cli {
namespace {

std::string list_flags(const std::set<std::string>& value_flags, const std::set<std::string>& bool_flags) {
  std::set<std::string> all = value_flags;
  all.insert(bool_flags.begin(), bool_flags.end());
  std::string out;
  for (const std::string& f : all) {
    if (!out.empty()) out += ", ";
    out += "--" + f;
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace

Result<Args> Args::parse(int argc, char** argv, int first, const std::set<std::string>& value_flags,
                         const std::set<std::string>& bool_flags) {
  Args args;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      args.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (bool_flags.count(name) != 0) {
      if (inline_value) return invalid_input("flag --" + name + " takes no value");
      args.bools_.insert(name);
      continue;
    }
    if (value_flags.count(name) == 0) {
      return invalid_input("unknown flag --" + name + "; valid flags are " + list_flags(value_flags, bool_flags));
    }
    if (!inline_value) {
      if (i + 1 >= argc) return invalid_input("flag --" + name + " needs a value");
      inline_value = argv[++i];
    }
    args.values_[name].push_back(*inline_value);
  }
  return args;
}

bool Args::has(const std::string& flag) const { return values_.count(flag) != 0 || bools_.count(flag) != 0; }

std::optional<std::string> Args::get(const std::string& flag) const {
  const auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::get_all(const std::string& flag) const {
  const auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<std::string> Args::required(const std::string& flag) const {
  auto value = get(flag);
  if (!value) return invalid_input("missing required flag --" + flag);
  return *value;
}

Result<int64_t> Args::get_int(const std::string& flag, int64_t fallback, int64_t min, int64_t max) const {
  const auto value = get(flag);
  if (!value) return fallback;
  errno = 0;
  char* end = nullptr;
  const long long parsed = std::strtoll(value->c_str(), &end, 10);
  if (value->empty() || *end != '\0' || errno == ERANGE) {
    return invalid_input("flag --" + flag + " must be an integer, got \"" + *value + "\"");
  }
  if (parsed < min || parsed > max) {
    return invalid_input("flag --" + flag + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", got " + std::to_string(parsed));
  }
  return static_cast<int64_t>(parsed);
}

}  // namespace edgerec::cli
