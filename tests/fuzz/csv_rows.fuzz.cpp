// Boundary: a dataset's CSV file, as `edgerec import` and import jobs read it. Input: one byte
// for the dataset type (Interactions, Items, Users), then the file's bytes. Every malformed
// record must end in an error naming file:line:column, never a crash or a read past the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/csv_reader.h"
#include "io/interactions_csv.h"
#include "io/item_metadata_csv.h"
#include "io/user_metadata_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  edgerec::CsvReaderOptions options;
  options.chunk_bytes = 64;  // records straddle chunk boundaries
  options.max_record_bytes = 4096;
  edgerec::CsvReader reader =
      edgerec::CsvReader::from_string(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), "fuzz.csv", options);
  switch (data[0] % 3) {
    case 0: (void)edgerec::read_interactions_csv(reader); break;
    case 1: (void)edgerec::read_item_metadata_csv(reader); break;
    default: (void)edgerec::read_user_metadata_csv(reader); break;
  }
  return 0;
}
