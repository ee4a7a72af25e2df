// Batch inference lines (see batch_query.h).
#include "batch/batch_query.h"

#include "edgerec/json.h"
#include "edgerec/solution_generated.h"
#include "io/json_value_writer.h"

namespace edgerec {
namespace {

// The request for the core (GetRecommendations or GetPersonalizedRanking), from the line's fields.
Result<std::string> request_of(const JsonValue& line, const BatchJobSettings& settings, bool& ranking) {
  if (!line.is_object()) return invalid_input("a line must be a JSON object");
  JsonWriter w;
  w.begin_object();
  ranking = false;
  for (const auto& [key, value] : line.members()) {
    if (key == "userId" || key == "itemId") {
      w.key(key);
      write_json_value(w, value);
    } else if (key == "itemList") {
      ranking = true;
      w.key("inputList");
      write_json_value(w, value);
    } else if (key == "filterValues") {
      if (!settings.filter_expression) return invalid_input("filterValues: the job has no filter to give values to");
      w.key("filterValues");
      write_json_value(w, value);
    } else {
      return invalid_input("unknown field \"" + key + "\" (a line has userId, itemId, itemList and filterValues)");
    }
  }
  if (settings.filter_expression) {
    w.key("filterExpression");
    w.string(*settings.filter_expression);
  }
  if (!ranking) {
    w.key("numResults");
    w.integer(settings.num_results);
  }
  w.end_object();
  return w.take();
}

bool has_personalized_scores(const Runtime& runtime) {
  const fb::RecipeType type = runtime.solution().root().metadata()->recipe_type();
  return type == fb::RecipeType::USER_PERSONALIZATION || type == fb::RecipeType::PERSONALIZED_RANKING;
}

// A segment line: the request is the line itself plus numResults.
Result<std::string> segment_of(Runtime& runtime, const JsonValue& line, const BatchJobSettings& settings) {
  if (!line.is_object()) return invalid_input("a line must be a JSON object");
  JsonWriter w;
  w.begin_object();
  for (const auto& [key, value] : line.members()) {
    if (key != "itemId" && key != "itemAttributes") {
      return invalid_input("unknown field \"" + key + "\" (a segment line has itemId or itemAttributes)");
    }
    w.key(key);
    write_json_value(w, value);
  }
  w.key("numResults");
  w.integer(settings.num_results);
  w.end_object();
  return runtime.get_user_segment_json(w.take());
}

// The output object of an inference line from the core's response.
Result<std::string> output_of_response(const Runtime& runtime, const std::string& response, bool ranking) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue parsed, parse_json(response, "response"));
  const JsonValue* items = parsed.find(ranking ? "personalizedRanking" : "itemList");
  JsonWriter w;
  w.begin_object();
  w.key("recommendedItems");
  w.begin_array();
  if (items != nullptr) {
    for (const JsonValue& item : items->items()) w.string(item.find("itemId")->as_string());
  }
  w.end_array();
  if (has_personalized_scores(runtime)) {
    w.key("scores");
    w.begin_array();
    if (items != nullptr) {
      for (const JsonValue& item : items->items()) {
        const JsonValue* score = item.find("score");
        // The core wrote each score as a float's shortest text: written back the same way.
        if (score != nullptr && score->is_number()) w.number_float(static_cast<float>(score->as_number()));
        else w.null();
      }
    }
    w.end_array();
  }
  w.end_object();
  return w.take();
}

// One line on its way through answer_batch_lines.
struct PendingLine {
  uint64_t number = 0;
  std::string_view text;
  Result<JsonValue> parsed = invalid_input("not parsed");
  Result<std::string> output = invalid_input("not answered");
};

std::string line_text(const PendingLine& line) {
  JsonWriter w;
  w.begin_object();
  w.key("input");
  if (!line.parsed.ok()) {
    w.string(line.text);  // not JSON: the text itself, so the line can still be found
    w.key("output");
    w.null();
    w.key("error");
    w.string(line.parsed.status().message());
    w.end_object();
    return w.take();
  }
  write_json_value(w, *line.parsed);
  w.key("output");
  if (line.output.ok()) w.raw(*line.output);
  else w.null();
  w.key("error");
  if (line.output.ok()) w.null();
  else w.string("line " + std::to_string(line.number) + ": " + line.output.status().message());
  w.end_object();
  return w.take();
}

}  // namespace

std::vector<BatchLine> answer_batch_lines(Runtime& runtime, const std::vector<std::pair<uint64_t, std::string>>& lines,
                                          const BatchJobSettings& settings) {
  std::vector<PendingLine> pending(lines.size());
  // GetRecommendations lines go to the core together, so it can score their users as a batch.
  std::vector<size_t> recommendation_lines;
  std::vector<std::string> recommendation_requests;
  for (size_t l = 0; l < lines.size(); ++l) {
    PendingLine& line = pending[l];
    line.number = lines[l].first;
    line.text = lines[l].second;
    line.parsed = parse_json(line.text, "line " + std::to_string(line.number));
    if (!line.parsed.ok()) continue;
    if (settings.kind == BatchKind::kSegment) {
      line.output = segment_of(runtime, *line.parsed, settings);
      continue;
    }
    bool ranking = false;
    Result<std::string> request = request_of(*line.parsed, settings, ranking);
    if (!request.ok()) {
      line.output = request.status();
    } else if (ranking) {
      Result<std::string> response = runtime.get_personalized_ranking_json(*request);
      line.output = response.ok() ? output_of_response(runtime, *response, true) : Result<std::string>(response.status());
    } else {
      recommendation_lines.push_back(l);
      recommendation_requests.push_back(std::move(request).value());
    }
  }
  if (!recommendation_lines.empty()) {
    const std::vector<std::string_view> views(recommendation_requests.begin(), recommendation_requests.end());
    std::vector<Result<std::string>> responses = runtime.get_recommendations_json_many(views);
    for (size_t r = 0; r < recommendation_lines.size(); ++r) {
      pending[recommendation_lines[r]].output =
          responses[r].ok() ? output_of_response(runtime, *responses[r], false) : Result<std::string>(responses[r].status());
    }
  }
  std::vector<BatchLine> out;
  out.reserve(pending.size());
  for (const PendingLine& line : pending) out.push_back(BatchLine{line_text(line), line.parsed.ok() && line.output.ok()});
  return out;
}

BatchLine answer_batch_line(Runtime& runtime, std::string_view line, uint64_t line_number,
                            const BatchJobSettings& settings) {
  return std::move(answer_batch_lines(runtime, {{line_number, std::string(line)}}, settings).front());
}

}  // namespace edgerec
