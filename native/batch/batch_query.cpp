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

Result<std::string> output_of(Runtime& runtime, const JsonValue& line, const BatchJobSettings& settings) {
  if (settings.kind == BatchKind::kSegment) return segment_of(runtime, line, settings);
  bool ranking = false;
  EDGEREC_ASSIGN_OR_RETURN(const std::string request, request_of(line, settings, ranking));
  EDGEREC_ASSIGN_OR_RETURN(const std::string response, ranking ? runtime.get_personalized_ranking_json(request)
                                                               : runtime.get_recommendations_json(request));
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

}  // namespace

BatchLine answer_batch_line(Runtime& runtime, std::string_view line, uint64_t line_number,
                            const BatchJobSettings& settings) {
  JsonWriter w;
  w.begin_object();
  w.key("input");
  auto parsed = parse_json(line, "line " + std::to_string(line_number));
  if (!parsed.ok()) {
    w.string(line);  // not JSON: the text itself, so the line can still be found
    w.key("output");
    w.null();
    w.key("error");
    w.string(parsed.status().message());
    w.end_object();
    return BatchLine{w.take(), false};
  }
  write_json_value(w, *parsed);
  auto output = output_of(runtime, *parsed, settings);
  w.key("output");
  if (output.ok()) w.raw(*output);
  else w.null();
  w.key("error");
  if (output.ok()) w.null();
  else w.string("line " + std::to_string(line_number) + ": " + output.status().message());
  w.end_object();
  return BatchLine{w.take(), output.ok()};
}

}  // namespace edgerec
