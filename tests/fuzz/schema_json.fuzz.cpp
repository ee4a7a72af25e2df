// Boundary: a dataset schema (Personalize's Avro JSON), as CreateSchema and `edgerec create
// --schema` take it. Input: one byte for the dataset type, then the schema's text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "schema/dataset_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto type = static_cast<edgerec::DatasetType>(data[0] % 3);
  (void)edgerec::parse_dataset_schema(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), type,
                                      "fuzz.json");
  return 0;
}
