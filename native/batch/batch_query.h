// One line of a batch inference job's input (Personalize's JSON Lines, ../shared/PERSONALIZE.md
// §7) and the line it becomes in the output:
//
//   {"userId":"4638"}                                   user recipes: recommendations for a user
//   {"itemId":"105"}                                    related items
//   {"userId":"891","itemList":["27","886","101"]}      personalized ranking of the list
//   ... ,"filterValues":{"GENRES":"\"horror\""}         the job's filter's values, per line
//
//   {"input":{...},"output":{"recommendedItems":[...],"scores":[...]},"error":null}
//   {"input":{...},"output":null,"error":"line 7: ..."}   a line that cannot be answered
//
// `scores` is left out for recipes without personalized scores (popularity, trending, related
// items), as Personalize's batch output does.
//
// A batch segment job's lines (Personalize's CreateBatchSegmentJob) are {"itemId":"105"}
// (Item-Affinity) or {"itemAttributes":"ITEMS.GENRE = \"Comedy\""} (Item-Attribute-Affinity), and
// become {"input":{...},"output":{"usersList":[...]},"error":null}: the users most likely to
// interact with the item, or with items that have the attributes (Runtime::get_user_segment_json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgerec/runtime.h"
#include "edgerec/status.h"

namespace edgerec {

enum class BatchKind { kInference, kSegment };

struct BatchJobSettings {
  BatchKind kind = BatchKind::kInference;
  uint32_t num_results = 25;
  std::optional<std::string> filter_expression;  ///< the job's filter (its values come per line)
};

struct BatchLine {
  std::string text;  ///< the output line, without its newline
  bool answered = false;  ///< false: an error line
};

/// Answers a block of input lines (line number from 1, text), in order: answer_batch_line for
/// each, but the block's GetRecommendations lines are answered together
/// (Runtime::get_recommendations_json_many), their users scored several at a time.
std::vector<BatchLine> answer_batch_lines(Runtime& runtime, const std::vector<std::pair<uint64_t, std::string>>& lines,
                                          const BatchJobSettings& settings);

/// Answers one input line (`line_number` from 1, for messages) with `runtime`. Never fails: a
/// line that cannot be answered becomes an error line.
BatchLine answer_batch_line(Runtime& runtime, std::string_view line, uint64_t line_number,
                            const BatchJobSettings& settings);

}  // namespace edgerec
