// The Runtime's parsed-filter cache: a few entries, linear lookup, least recently used evicted.
#include "filter/filter_cache.h"

#include <algorithm>

namespace edgerec {

Result<std::shared_ptr<const FilterExpression>> FilterCache::get(std::string_view text) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Entry& e : entries_) {
      if (e.filter->text == text) {
        e.last_used = ++clock_;
        return e.filter;
      }
    }
  }
  // Parsed outside the lock: two threads may parse the same text once each, which is harmless.
  EDGEREC_ASSIGN_OR_RETURN(FilterExpression parsed, parse_filter_expression(text));
  auto filter = std::make_shared<const FilterExpression>(std::move(parsed));
  if (capacity_ == 0) return std::shared_ptr<const FilterExpression>(filter);
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= capacity_) {
    const auto oldest = std::min_element(entries_.begin(), entries_.end(),
                                         [](const Entry& a, const Entry& b) { return a.last_used < b.last_used; });
    entries_.erase(oldest);
  }
  entries_.push_back({filter, ++clock_});
  return std::shared_ptr<const FilterExpression>(filter);
}

}  // namespace edgerec
