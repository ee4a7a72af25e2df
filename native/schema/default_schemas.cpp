// The schemas a dataset gets when none is given.
#include "schema/dataset_schema.h"

namespace edgerec {

const std::string& default_interactions_schema_json() {
  static const std::string json =
      R"({"type":"record","name":"Interactions","namespace":"com.amazonaws.personalize.schema","fields":[)"
      R"({"name":"USER_ID","type":"string"},{"name":"ITEM_ID","type":"string"},)"
      R"({"name":"TIMESTAMP","type":"long"},{"name":"EVENT_TYPE","type":"string"},)"
      R"({"name":"EVENT_VALUE","type":["null","float"]}],"version":"1.0"})";
  return json;
}

}  // namespace edgerec
