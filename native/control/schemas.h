// The home's schemas (Personalize's CreateSchema): named Avro schemas that datasets are created
// with, one JSON file each in HOME/.edgerec-schemas/NAME.json. A dataset keeps its own copy of
// the schema (store/datasets.h) and the schema's name; a schema in use cannot be deleted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "control/home.h"
#include "edgerec/status.h"
#include "schema/dataset_schema.h"

namespace edgerec::control {

struct StoredSchema {
  std::string name;
  std::string schema;  ///< the Avro JSON as given
  std::optional<std::string> domain;
  int64_t created_at = 0;
};

/// The dataset type a schema is for: by the id fields it has (USER_ID and ITEM_ID: Interactions;
/// ITEM_ID: Items; USER_ID: Users), then checked as a schema of that type.
Result<DatasetType> schema_dataset_type(const std::string& schema_json, const std::string& source);

Status store_schema(const Home& home, const StoredSchema& schema);
Result<std::optional<StoredSchema>> find_schema(const Home& home, const std::string& name);
Result<std::vector<StoredSchema>> list_schemas(const Home& home);
Status remove_schema(const Home& home, const std::string& name);

}  // namespace edgerec::control
