// Building flag descriptions (see command_spec.h).
#include "cli/command_spec.h"

namespace edgerec::cli {
namespace {

FlagSpec make_flag(std::string name, FlagSpec::Value value, std::string value_name, std::string help) {
  FlagSpec flag;
  flag.name = std::move(name);
  flag.value = value;
  flag.value_name = std::move(value_name);
  flag.help = std::move(help);
  return flag;
}

}  // namespace

FlagSpec FlagSpec::required() const {
  FlagSpec flag = *this;
  flag.is_required = true;
  return flag;
}

FlagSpec FlagSpec::repeatable() const {
  FlagSpec flag = *this;
  flag.is_repeatable = true;
  return flag;
}

FlagSpec FlagSpec::defaults_to(std::string fallback) const {
  FlagSpec flag = *this;
  flag.default_value = std::move(fallback);
  return flag;
}

FlagSpec text_flag(std::string name, std::string value_name, std::string help) {
  return make_flag(std::move(name), FlagSpec::Value::kText, std::move(value_name), std::move(help));
}

FlagSpec path_flag(std::string name, std::string value_name, std::string help) {
  return make_flag(std::move(name), FlagSpec::Value::kPath, std::move(value_name), std::move(help));
}

FlagSpec switch_flag(std::string name, std::string help) {
  return make_flag(std::move(name), FlagSpec::Value::kNone, "", std::move(help));
}

}  // namespace edgerec::cli
