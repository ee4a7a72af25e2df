// Where import and deletion jobs read their files. There is no S3 here: each bucket a job may
// name is a directory (`edgerec serve --bucket BUCKET=DIR`), so dataSource.dataLocation
// `s3://BUCKET/KEY` is DIR/KEY; `file:///PATH` names a file directly. Either way the file must
// lie inside one of the configured directories (after resolving `..` and symbolic links): a job
// reads nothing else on the machine.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec::control {

class DataLocations {
 public:
  /// "BUCKET=DIR": InvalidInput for a bad bucket name (S3's: 3-63 of [a-z0-9.-]) or a DIR that
  /// is not a directory; AlreadyExists for a bucket given twice.
  Status add(std::string_view setting);
  Status add(const std::string& bucket, const std::string& dir);

  bool empty() const { return buckets_.empty(); }
  const std::map<std::string, std::string>& buckets() const { return buckets_; }

  /// The local file `location` names. InvalidInput naming `field` for another scheme, an
  /// unknown bucket, a folder, a path outside every bucket's directory, or a missing file.
  Result<std::string> resolve(std::string_view location, std::string_view field) const;
  /// The local directory an output location (a folder: s3://BUCKET/PREFIX/ or file:///DIR/)
  /// names, created if missing. InvalidInput as resolve() for what lies outside the buckets.
  Result<std::string> resolve_folder(std::string_view location, std::string_view field) const;

 private:
  Result<std::string> local_path(std::string_view location, std::string_view field, bool folder) const;

  std::map<std::string, std::string> buckets_;  ///< bucket -> canonical directory
};

}  // namespace edgerec::control
