// Facts about a training set that every recipe needs: Personalize's minimum-data rule, the
// summary stored in the solution version, and a fingerprint of the data.
#pragma once

#include "edgerec/status.h"
#include "io/interactions_csv.h"
#include "train/solution_writer.h"
#include "interactions/training_set.h"

namespace edgerec {

/// Personalize's minimum for training: 1,000 interactions, and 25 users with 2 or more.
inline constexpr size_t kMinTrainingInteractions = 1000;
inline constexpr size_t kMinTrainingUsers = 25;

/// InvalidInput naming Personalize's minimum and what the data has, if the data is too small.
Status check_minimum_training_data(const InteractionsTable& data);

/// The same rule for events counted per user, e.g. after eventType / eventValueThreshold
/// filtering; `what` says which events were counted ("after event filtering").
Status check_minimum_events(const std::vector<uint32_t>& events_per_user, const std::string& what);

/// Fills the training-data fields of `description`: interactions read (`data`) and used (`set`,
/// built from `data`), the used events' time range and counts per event type, and the data's
/// fingerprint (a 128-bit digest of the rows in order, hex).
void summarize_training_data(const InteractionsTable& data, const TrainingSet& set, SolutionDescription& description);

}  // namespace edgerec
