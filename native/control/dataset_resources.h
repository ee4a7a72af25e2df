// Datasets by ARN (dataset/GROUP/TYPE), shared by the dataset and import-job operations.
#pragma once

#include <string>
#include <string_view>

#include "control/home.h"
#include "schema/dataset_schema.h"
#include "store/dataset_group.h"

namespace edgerec::control {

struct DatasetRef {
  DatasetGroup group;
  DatasetType type;
  std::string group_name;
};

std::string dataset_arn(const Home& home, const std::string& group_name, DatasetType type);
/// The dataset a datasetArn names; NotFound when its group or the dataset does not exist.
Result<DatasetRef> dataset_of_arn(const Home& home, std::string_view arn, std::string_view field);

}  // namespace edgerec::control
