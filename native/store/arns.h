// Amazon Personalize's resource names (ARNs) for edgerec's resources, and the home's identity
// they carry. A home (the directory `edgerec serve --home` serves, holding the dataset groups as
// HOME/NAME) has one region and account id, in HOME/edgerec-home.json, so the ARNs the SDKs see
// are Personalize's own forms:
//
//   arn:aws:personalize:REGION:ACCOUNT:dataset-group/GROUP
//   arn:aws:personalize:REGION:ACCOUNT:dataset/GROUP/INTERACTIONS|ITEMS|USERS
//   arn:aws:personalize:REGION:ACCOUNT:solution/SOLUTION/VERSION_ID   (a solution version)
//   arn:aws:personalize:REGION:ACCOUNT:campaign/NAME
//   arn:aws:personalize:REGION:ACCOUNT:filter/NAME
//   arn:aws:personalize:REGION:ACCOUNT:event-tracker/ID       (ID: from the trackingId)
//
// Campaign and filter names are unique within a home (their ARNs do not name the group), as
// Personalize's are within an account and region.
#pragma once

#include <string>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec {

struct HomeIdentity {
  std::string region = "us-east-1";
  std::string account = "000000000000";
};

/// The identity of the home that holds dataset group `group_dir` (its parent directory): read
/// from HOME/edgerec-home.json, or the defaults when there is none.
Result<HomeIdentity> home_identity_of_group(const std::string& group_dir);
/// The identity in HOME/edgerec-home.json, or the defaults when there is none.
Result<HomeIdentity> read_home_identity(const std::string& home);
/// Writes HOME/edgerec-home.json (atomically). InvalidInput for a region or account that
/// Personalize would not accept (region: lower-case letters, digits and '-'; account: 12 digits).
Status write_home_identity(const std::string& home, const HomeIdentity& identity);

/// The name a dataset group has in its ARNs: its directory's last component.
std::string dataset_group_name(const std::string& group_dir);

std::string arn(const HomeIdentity& identity, std::string_view resource);  ///< "arn:aws:personalize:R:A:" + resource

/// What an ARN names, after checking it is this home's Personalize ARN.
struct ParsedArn {
  std::string type;  ///< "campaign", "filter", "dataset", ...
  std::string path;  ///< after "type/": "NAME", or "GROUP/ITEMS"
};
/// InvalidInput naming `field` when `text` is not "arn:aws:personalize:REGION:ACCOUNT:TYPE/PATH"
/// of this home's region and account, or its type is not `type` (when given).
Result<ParsedArn> parse_arn(const HomeIdentity& identity, std::string_view text, std::string_view field,
                            std::string_view type = {});

/// Personalize's rule for resource names: 1-63 characters of [a-zA-Z0-9-_], starting with a
/// letter or digit. InvalidInput naming `field` otherwise.
Status check_resource_name(std::string_view name, std::string_view field);

}  // namespace edgerec
