// Parsed filter expressions kept by a Runtime, so that a filter sent with many requests is parsed
// once (Personalize creates a filter once and names it in each request).
//
// Thread safety: get() may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "filter/filter_expression.h"
#include "edgerec/status.h"

namespace edgerec {

class FilterCache {
 public:
  /// Keeps up to `capacity` expressions, dropping the least recently used.
  explicit FilterCache(size_t capacity = 16) : capacity_(capacity) {}

  /// The parse of `text`: cached, or parsed now (parse errors are returned, not cached).
  Result<std::shared_ptr<const FilterExpression>> get(std::string_view text);

 private:
  struct Entry {
    std::shared_ptr<const FilterExpression> filter;
    uint64_t last_used = 0;
  };
  std::mutex mutex_;
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;
  size_t capacity_;
};

}  // namespace edgerec
