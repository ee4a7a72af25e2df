// The response shape GetRecommendations and GetPersonalizedRanking share, as Personalize returns
// it: {"<list>":[{...one object per item...}],"recommendationId":"..."}. One writer, so the two
// calls cannot drift apart in how the list is framed or where the recommendation id goes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edgerec/json.h"

namespace edgerec {

/// The response JSON: `list_key` ("itemList", "personalizedRanking") holds one object per entry
/// of `items`, whose members `write_members(JsonWriter&, const Item&)` writes.
template <typename Item, typename WriteMembers>
std::string item_list_response_json(std::string_view list_key, const std::vector<Item>& items,
                                    std::string_view recommendation_id, WriteMembers write_members) {
  JsonWriter w;
  w.begin_object();
  w.key(list_key);
  w.begin_array();
  for (const Item& item : items) {
    w.begin_object();
    write_members(w, item);
    w.end_object();
  }
  w.end_array();
  w.key("recommendationId");
  w.string(recommendation_id);
  w.end_object();
  return w.take();
}

}  // namespace edgerec
