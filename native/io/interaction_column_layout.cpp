// Interactions columns located by name.
#include "io/interaction_column_layout.h"

namespace edgerec {

InteractionColumnLayout locate_interaction_columns(const std::vector<std::string>& names) {
  InteractionColumnLayout layout;
  layout.count = names.size();
  for (size_t c = 0; c < names.size(); ++c) {
    const std::string& name = names[c];
    if (name == "USER_ID") layout.user = c;
    else if (name == "ITEM_ID") layout.item = c;
    else if (name == "TIMESTAMP") layout.timestamp = c;
    else if (name == "EVENT_TYPE") layout.event_type = c;
    else if (name == "EVENT_VALUE") layout.event_value = c;
    else layout.metadata.push_back(c);
  }
  return layout;
}

}  // namespace edgerec
