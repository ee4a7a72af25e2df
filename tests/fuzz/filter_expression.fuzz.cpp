// Boundary: a filter expression and its values, as CreateFilter and a request's
// filterExpression + filterValues carry them. Input: the expression, a newline, then the values
// as a JSON object ({"$GENRES":"\"comedy\""}). Checked alone (CreateFilter's rules), then applied
// to a request on a solution with item and user metadata.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "fuzz/fuzz_solution.h"

namespace {

edgerec::Runtime& runtime() {
  static const std::unique_ptr<edgerec::Runtime> rt = [] {
    const std::vector<uint8_t> bytes = edgerec::fuzz::fuzz_solution_bytes();
    return std::move(edgerec::Runtime::load(bytes.data(), bytes.size())).value();
  }();
  return *rt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view expression = input.substr(0, newline);
  const std::string_view values = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  (void)edgerec::Runtime::check_filter_expression(expression);
  edgerec::JsonWriter w;
  w.begin_object();
  w.key("userId");
  w.string("user001");
  w.key("filterExpression");
  w.string(expression);
  if (!values.empty()) {
    w.key("filterValues");
    w.raw(values);  // as sent: not necessarily JSON at all
  }
  w.end_object();
  (void)runtime().get_recommendations_json(w.take());
  return 0;
}
