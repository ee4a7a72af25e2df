// Where the SigV4 verifier finds the secret of an access key id: today a home's access-keys.json
// (AccessKeys), later a store shared by several servers. The verifier depends only on this.
#pragma once

#include <string>
#include <string_view>

namespace edgerec::auth {

class AccessKeyLookup {
 public:
  virtual ~AccessKeyLookup() = default;
  /// The secret access key of `access_key_id`, or nullptr if no such key exists. The pointer
  /// stays valid as long as the lookup object is neither changed nor destroyed.
  virtual const std::string* find_secret(std::string_view access_key_id) const = 0;
};

}  // namespace edgerec::auth
