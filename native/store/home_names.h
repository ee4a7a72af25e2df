// Campaign and filter names are unique within a home (HOME/NAME are its dataset
// groups), since their ARNs do not name the group (arns.h). Checked when one is created.
#pragma once

#include <string>

#include "edgerec/status.h"
#include "store/dataset_group.h"

namespace edgerec {

/// AlreadyExists when another dataset group beside `group` (in the same parent directory) has a
/// row whose `column` is `name` in `table` ("campaigns", "filters", "solutions", "import_jobs"
/// by job_name, ...); groups whose store cannot be read, or predates the table, have none.
Status check_name_free_in_home(const DatasetGroup& group, const std::string& table, const std::string& name,
                               const std::string& what, const std::string& column = "name");

}  // namespace edgerec
