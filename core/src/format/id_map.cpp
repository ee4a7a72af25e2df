// IdMap: binary search over a sorted FlatBuffers string vector.
#include "edgerec/id_map.h"

#include <string>

#include "edgerec/message_text.h"


namespace edgerec {
namespace {

std::string_view view(const flatbuffers::String* s) { return std::string_view(s->c_str(), s->size()); }

}  // namespace

Status IdMap::validate(const IdVector* ids, std::string_view what) {
  if (ids == nullptr) return corrupt_data(std::string(what) + ": id vector is missing");
  for (uint32_t i = 1; i < ids->size(); ++i) {
    if (!(view(ids->Get(i - 1)) < view(ids->Get(i)))) {
      return corrupt_data(std::string(what) + ": ids must be unique and in ascending byte order, but id " +
                          std::to_string(i) + " (" + quote_for_message(view(ids->Get(i))) + ") does not come after " +
                          quote_for_message(view(ids->Get(i - 1))));
    }
  }
  return Status::ok_status();
}

uint32_t IdMap::size() const { return ids_ == nullptr ? 0 : ids_->size(); }

std::optional<uint32_t> IdMap::find(std::string_view id) const {
  uint32_t lo = 0;
  uint32_t hi = size();
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const std::string_view candidate = view(ids_->Get(mid));
    if (candidate < id) {
      lo = mid + 1;
    } else if (id < candidate) {
      hi = mid;
    } else {
      return mid;
    }
  }
  return std::nullopt;
}

std::string_view IdMap::id(uint32_t index) const { return view(ids_->Get(index)); }

}  // namespace edgerec
