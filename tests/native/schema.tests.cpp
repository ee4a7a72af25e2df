// Dataset schemas: Personalize's Avro-JSON rules, each error naming the field and the rule.
#include <catch2/catch.hpp>

#include <string>

#include "schema/dataset_schema.h"
#include "schema/field_value.h"

using edgerec::DatasetType;
using edgerec::parse_dataset_schema;

namespace {

std::string record(const std::string& name, const std::string& fields) {
  return R"({"type":"record","name":")" + name + R"(","namespace":"com.amazonaws.personalize.schema","fields":[)" +
         fields + R"(],"version":"1.0"})";
}
const std::string kIds = R"({"name":"USER_ID","type":"string"},{"name":"ITEM_ID","type":"string"},{"name":"TIMESTAMP","type":"long"})";

std::string error_of(DatasetType type, const std::string& json) {
  auto schema = parse_dataset_schema(json, type, "s.json");
  if (schema.ok()) return "OK";
  return schema.status().message();
}

}  // namespace

TEST_CASE("schema: valid schemas of every type parse, with nullable unions and flags", "[schema]") {
  auto interactions = parse_dataset_schema(edgerec::default_interactions_schema_json(), DatasetType::kInteractions, "d");
  REQUIRE(interactions.ok());
  CHECK(interactions->fields.size() == 5);
  CHECK(interactions->find("EVENT_VALUE")->nullable);
  CHECK(interactions->find("TIMESTAMP")->epoch_seconds);

  auto items = parse_dataset_schema(record("Items", R"({"name":"ITEM_ID","type":"string"},
      {"name":"GENRES","type":["string","null"],"categorical":true},{"name":"DESCRIPTION","type":"string","textual":true},
      {"name":"PRICE","type":"float"},{"name":"CREATION_TIMESTAMP","type":"long"},{"name":"ADULT","type":"boolean"})"),
                                    DatasetType::kItems, "items.json");
  REQUIRE(items.ok());
  CHECK(items->find("GENRES")->nullable);
  CHECK(items->find("GENRES")->categorical);
  CHECK(items->find("DESCRIPTION")->textual);
  CHECK(items->warnings.empty());
  CHECK(items->json.find('\n') == std::string::npos);  // stored compact
  CHECK(items->find_by_key("creationTimestamp") == items->find("CREATION_TIMESTAMP"));

  auto users = parse_dataset_schema(record("Users", R"({"name":"USER_ID","type":"string"},{"name":"NOTE","type":"string"})"),
                                    DatasetType::kUsers, "u");
  REQUIRE(users.ok());
  REQUIRE(users->warnings.size() == 1);  // a plain string is stored but ignored in training
  CHECK_THAT(users->warnings[0], Catch::Contains("field 2 (NOTE)") && Catch::Contains("ignored in training"));
}

TEST_CASE("schema: every rule has its own error naming the field", "[schema]") {
  struct Case {
    DatasetType type;
    std::string json;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {DatasetType::kInteractions, "{", {"s.json", "not valid JSON"}},
      {DatasetType::kInteractions, R"({"type":"enum","name":"Interactions","fields":[]})", {"\"type\" must be \"record\""}},
      {DatasetType::kInteractions, record("Items", kIds), {"\"name\" must be \"Interactions\"", "got \"Items\""}},
      {DatasetType::kInteractions, record("Interactions", ""), {"\"fields\" must be a non-empty array"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"TAGS","type":{"type":"array","items":"string"}})"),
       {"field 4 (TAGS)", "not allowed", "flat"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"M","type":"map"})"), {"field 4 (M)", "\"map\" is not allowed"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"X","type":"decimal"})"), {"field 4 (X)", "unknown type \"decimal\""}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"X","type":["int","string"]})"),
       {"field 4 (X)", "a union must be exactly one type and \"null\""}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"X","type":"null"})"), {"field 4 (X)", "type \"null\" alone"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"X","type":"int","categorical":true})"),
       {"field 4 (X)", "categorical is only allowed on string fields"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"X","type":"string","textual":true})"),
       {"field 4 (X)", "textual fields are only allowed in an Items schema"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"X","type":"string","catgorical":true})"),
       {"field 4 (X)", "unknown attribute \"catgorical\""}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"9X","type":"string"})"), {"field 4 (9X)", "Avro name"}},
      {DatasetType::kItems,
       record("Items", R"({"name":"ITEM_ID","type":"string"},{"name":"GENRES_FIELD_1","type":"string"},{"name":"GENRESFIELD1","type":"string"})"),
       {"field 3 (GENRESFIELD1)", "collides with field 2 (GENRES_FIELD_1)", "unique"}},
      {DatasetType::kInteractions, record("Interactions", R"({"name":"USER_ID","type":"string"},{"name":"ITEM_ID","type":"string"})"),
       {"required field TIMESTAMP (long) is missing"}},
      {DatasetType::kInteractions,
       record("Interactions", R"({"name":"USER_ID","type":"string"},{"name":"ITEM_ID","type":"string"},{"name":"TIMESTAMP","type":"int"})"),
       {"field 3 (TIMESTAMP)", "must be of type \"long\"", "got int"}},
      {DatasetType::kInteractions,
       record("Interactions", R"({"name":"USER_ID","type":["null","string"]},{"name":"ITEM_ID","type":"string"},{"name":"TIMESTAMP","type":"long"})"),
       {"field 1 (USER_ID)", "must be of type \"string\"", "nullable"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"EVENT_TYPE","type":"string","categorical":true})"),
       {"field 4 (EVENT_TYPE)", "cannot be categorical"}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"EVENT_VALUE","type":"string"})"),
       {"field 4 (EVENT_VALUE)", "must be of type \"float\""}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"IMPRESSION","type":"int"})"),
       {"field 4 (IMPRESSION)", "must be of type \"string\""}},
      {DatasetType::kInteractions, record("Interactions", kIds + R"(,{"name":"event_type","type":"string"})"),
       {"field 4 (event_type)", "write EVENT_TYPE"}},
      {DatasetType::kInteractions,
       record("Interactions", kIds + R"(,{"name":"A","type":"int"},{"name":"B","type":"int"},{"name":"C","type":"int"},
               {"name":"D","type":"int"},{"name":"E","type":"int"},{"name":"F","type":"int"})"),
       {"6 non-reserved metadata fields", "at most 5"}},
      {DatasetType::kItems, record("Items", R"({"name":"ITEM_ID","type":"string"})"), {"ITEM_ID and at least 1 metadata field"}},
      {DatasetType::kItems, record("Items", R"({"name":"GENRE","type":"string"})"), {"required field ITEM_ID (string) is missing"}},
      {DatasetType::kItems,
       record("Items", R"({"name":"ITEM_ID","type":"string"},{"name":"A","type":"string","textual":true},{"name":"B","type":"string","textual":true})"),
       {"2 textual fields", "at most 1"}},
      {DatasetType::kItems, record("Items", R"({"name":"ITEM_ID","type":"string"},{"name":"CREATION_TIMESTAMP","type":"int"})"),
       {"field 2 (CREATION_TIMESTAMP)", "must be of type \"long\""}},
      {DatasetType::kItems, record("Items", R"({"name":"ITEM_ID","type":"string"},{"name":"A","type":"string","categorical":true,"textual":true})"),
       {"field 2 (A)", "both categorical and textual"}},
      {DatasetType::kUsers, record("Users", R"({"name":"USER_ID","type":"string"})"), {"USER_ID and at least 1 metadata field"}},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    const std::string message = error_of(c.type, c.json);
    INFO(message);
    CHECK(message != "OK");
    for (const std::string& part : c.expected) CHECK_THAT(message, Catch::Contains(part));
  }
}

TEST_CASE("schema: field-count and size limits", "[schema]") {
  std::string users = R"({"name":"USER_ID","type":"string"})";
  for (int i = 0; i < 25; ++i) users += R"(,{"name":"F)" + std::to_string(i) + R"(","type":"int"})";
  CHECK(error_of(DatasetType::kUsers, record("Users", users)) == "OK");
  users += R"(,{"name":"F25","type":"int"})";
  CHECK_THAT(error_of(DatasetType::kUsers, record("Users", users)), Catch::Contains("26 metadata fields") && Catch::Contains("at most 25"));

  std::string items = R"({"name":"ITEM_ID","type":"string"})";
  for (int i = 0; i < 101; ++i) items += R"(,{"name":"F)" + std::to_string(i) + R"(","type":"int"})";
  CHECK_THAT(error_of(DatasetType::kItems, record("Items", items)), Catch::Contains("101 metadata fields") && Catch::Contains("at most 100"));

  // 5 custom + EVENT_TYPE + EVENT_VALUE + 1 event type fits 10; the column part is checked here.
  std::string interactions = kIds + R"(,{"name":"EVENT_TYPE","type":"string"},{"name":"EVENT_VALUE","type":["null","float"]})";
  for (int i = 0; i < 5; ++i) interactions += R"(,{"name":"C)" + std::to_string(i) + R"(","type":"int"})";
  CHECK(error_of(DatasetType::kInteractions, record("Interactions", interactions)) == "OK");

  std::string huge = record("Users", R"({"name":"USER_ID","type":"string"},{"name":"A","type":"int","doc":")" +
                                         std::string(20000, 'x') + "\"}");
  CHECK_THAT(error_of(DatasetType::kUsers, huge), Catch::Contains("at most 20000"));
}

TEST_CASE("schema: values are typed by the field's rules", "[schema]") {
  auto schema = parse_dataset_schema(
      record("Items", R"({"name":"ITEM_ID","type":"string"},{"name":"N","type":["null","int"]},{"name":"L","type":"long"},
        {"name":"F","type":"float"},{"name":"B","type":"boolean"},{"name":"C","type":"string","categorical":true},
        {"name":"T","type":"string","textual":true},{"name":"CREATION_TIMESTAMP","type":"long"})"),
      DatasetType::kItems, "s");
  REQUIRE(schema.ok());
  const auto value = [&](const char* field, const std::string& text) { return edgerec::parse_field_value(*schema->find(field), text); };
  CHECK(value("N", "")->kind == edgerec::FieldValue::Kind::kNull);
  CHECK_THAT(value("L", "").status().message(), Catch::Contains("not nullable"));
  CHECK(value("N", "-12")->integer == -12);
  CHECK_THAT(value("N", "3000000000").status().message(), Catch::Contains("out of range for int"));
  CHECK_THAT(value("N", "1.5").status().message(), Catch::Contains("expected an integer"));
  CHECK(value("F", "2.5")->real == 2.5);
  CHECK_THAT(value("F", "1e39").status().message(), Catch::Contains("fits a float"));
  CHECK(value("B", "true")->integer == 1);
  CHECK_THAT(value("B", "True").status().message(), Catch::Contains("lower case"));
  CHECK(value("C", "a|b|c")->text == "a|b|c");
  CHECK_THAT(value("C", std::string(1001, 'c')).status().message(), Catch::Contains("1000"));
  auto text = value("T", std::string(20005, 't'));
  REQUIRE(text.ok());
  CHECK(text->truncated);
  CHECK(text->text.size() == 20000);
  CHECK_THAT(value("CREATION_TIMESTAMP", "1700000000000").status().message(), Catch::Contains("milliseconds"));
  // Avro long, as Personalize types it: films from before 1970 have negative creation times.
  CHECK(value("CREATION_TIMESTAMP", "-94694400")->integer == -94694400);
  CHECK_THAT(value("CREATION_TIMESTAMP", "-1700000000000").status().message(), Catch::Contains("milliseconds"));
}
