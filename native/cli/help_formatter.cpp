// How `edgerec CMD --help` looks.
#include "cli/help_formatter.h"

#include <sstream>

namespace edgerec::cli {
namespace {

// Flag names and values take the first kNameColumns columns; descriptions are wrapped so that
// lines stay within kLineWidth (help is read in terminals and pasted into issues).
constexpr size_t kNameColumns = 32;
constexpr size_t kLineWidth = 100;

/// `text` with a line break before every word that would pass `width`; existing breaks are kept.
std::string wrap(const std::string& text, size_t width) {
  std::string out;
  size_t line = 0;
  std::istringstream lines(text);
  std::string paragraph;
  bool first_paragraph = true;
  while (std::getline(lines, paragraph)) {
    if (!first_paragraph) out += '\n';
    first_paragraph = false;
    line = 0;
    std::istringstream words(paragraph);
    std::string word;
    while (words >> word) {
      if (line != 0 && line + 1 + word.size() > width) {
        out += '\n';
        line = 0;
      } else if (line != 0) {
        out += ' ';
        ++line;
      }
      out += word;
      line += word.size();
    }
  }
  return out;
}

}  // namespace

HelpFormatter::HelpFormatter(std::vector<std::string> usage) : usage_(std::move(usage)) {
  column_width(kNameColumns);
  label("Positionals", "arguments");
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
  std::string out = make_usage(app, name);
  if (!app->get_description().empty()) out += "\n" + app->get_description() + "\n";
  out += make_positionals(app);
  out += make_groups(app, mode);
  if (!app->get_footer().empty()) out += "\n" + app->get_footer();
  return out;
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  if (usage_.empty()) return Formatter::make_usage(app, std::move(name));
  std::string out;
  for (size_t i = 0; i < usage_.size(); ++i) out += (i == 0 ? "usage: " : "       ") + usage_[i] + "\n";
  return out;
}

std::string HelpFormatter::make_option_name(const CLI::Option* option, bool is_positional) const {
  std::string name = Formatter::make_option_name(option, is_positional);
  for (size_t comma = name.find(','); comma != std::string::npos; comma = name.find(',', comma + 2)) {
    name.insert(comma + 1, " ");  // "-h, --help"
  }
  return name;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (option->get_positional()) return option->get_expected_max() > 1 ? "..." : "";
  if (option->get_type_size() == 0 || option->get_type_name().empty()) return "";  // a switch
  return " " + option->get_type_name();
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  return wrap(option->get_description(), kLineWidth - kNameColumns);
}

}  // namespace edgerec::cli
