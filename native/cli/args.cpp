// A command's parsed arguments.
#include "cli/args.h"

#include <cerrno>
#include <cstdlib>

namespace edgerec::cli {

bool Args::has(const std::string& flag) const { return values_.count(flag) != 0 || switches_.count(flag) != 0; }

std::optional<std::string> Args::get(const std::string& flag) const {
  if (const auto given = values_.find(flag); given != values_.end()) return given->second.back();
  if (const auto fallback = defaults_.find(flag); fallback != defaults_.end()) return fallback->second;
  return std::nullopt;
}

const std::string& Args::value(const std::string& flag) const {
  if (const auto given = values_.find(flag); given != values_.end()) return given->second.back();
  return defaults_.at(flag);  // throws only if a command reads a flag its spec does not guarantee
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

void Args::add_value(const std::string& flag, std::string value) { values_[flag].push_back(std::move(value)); }

void Args::set_default(const std::string& flag, std::string value) { defaults_[flag] = std::move(value); }

void Args::add_switch(const std::string& flag) { switches_.insert(flag); }

void Args::add_positional(std::string value) { positional_.push_back(std::move(value)); }

}  // namespace edgerec::cli
