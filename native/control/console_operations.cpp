// edgerec's own operations for the console (X-Amz-Target: Edgerec.OP; control_plane.h): what a
// page needs that Personalize's API has no operation for. Each reads the group's store and
// writes nothing.
//
//   DescribeDatasetGroupData   {datasetGroupArn} -> {"datasets":...}: row counts, stored columns
//                              and the minimum-data check, as `edgerec describe` shows them
//   ValidateFilterExpression   {filterExpression} -> {"valid":true} or {"valid":false,"message",
//                              "position"}: CreateFilter's own check (Runtime::check_filter_expression)
//   DescribeItems              {datasetGroupArn, itemIds} -> {"items":[{"itemId","metadata"}]}:
//                              the Items dataset's row of each id (null when it has none)
//   GetCampaignOnlineMetrics   {campaignArn, hours, bucketMinutes} -> impressions, clicks and
//                              click-through of the events attributed to the campaign
//   GetSolutionReport          {datasetGroupArn} -> {"html"}: `edgerec report`'s page
#include <algorithm>
#include <cstdlib>
#include <map>

#include "control/operations.h"
#include "edgerec/limits.h"
#include "edgerec/runtime.h"
#include "report/html_report.h"
#include "report/report_data.h"
#include "store/campaigns.h"
#include "store/datasets.h"
#include "store/group_description.h"

namespace edgerec::control {

Result<std::string> describe_dataset_group_data(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(arn, "datasetGroupArn"));
  JsonWriter w;
  w.begin_object();
  EDGEREC_RETURN_IF_ERROR(write_datasets(group.db(), w));  // the "datasets" member
  w.end_object();
  return w.take();
}

Result<std::string> validate_filter_expression(Context&, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string expression, r.required_string("filterExpression"));
  const Status checked = Runtime::check_filter_expression(expression);
  JsonWriter w;
  w.begin_object();
  w.key("valid");
  w.boolean(checked.ok());
  if (!checked.ok()) {
    w.key("message");
    w.string(checked.message());
    // The checker's messages read "filter: position N: ..." where a place is known, N counted
    // from 1 for people (filter_expression.h); the field is the 0-based offset a page marks.
    const std::string& m = checked.message();
    const size_t at = m.find("position ");
    if (at != std::string::npos) {
      char* end = nullptr;
      const long position = std::strtol(m.c_str() + at + 9, &end, 10);
      if (end != m.c_str() + at + 9 && position >= 1) {
        w.key("position");
        w.integer(position - 1);
      }
    }
  }
  w.end_object();
  return w.take();
}

Result<std::string> describe_items(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetGroupArn"));
  const JsonValue* ids = r.field("itemIds");
  if (ids == nullptr || !ids->is_array()) return constraint_error("itemIds", "must be a list of item ids");
  if (ids->items().size() > kMaxDescribedItems) {
    return constraint_error("itemIds", "Member must have length less than or equal to " + std::to_string(kMaxDescribedItems));
  }
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(arn, "datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<DatasetSchema> schema, load_dataset_schema(group.db(), DatasetType::kItems));
  std::optional<sql::Statement> select;
  std::vector<std::string> columns;
  if (schema) {
    std::string sql = "SELECT ";
    for (const SchemaField& f : schema->fields) {
      if (f.name == dataset_id_field(DatasetType::kItems)) continue;
      if (!columns.empty()) sql += ", ";
      sql += "items." + sql::quote_identifier(f.name);
      columns.push_back(f.name);
    }
    if (columns.empty()) sql += "1";
    sql += " FROM item_ids JOIN items USING (item_idx) WHERE item_ids.item_id = ?";
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(sql));
    select.emplace(std::move(s));
  }
  JsonWriter w;
  w.begin_object();
  w.key("items");
  w.begin_array();
  for (size_t i = 0; i < ids->items().size(); ++i) {
    const JsonValue& id = ids->items()[i];
    if (!id.is_string()) return constraint_error("itemIds[" + std::to_string(i) + "]", "must be a string");
    w.begin_object();
    w.key("itemId");
    w.string(id.as_string());
    w.key("metadata");
    bool found = false;
    if (select) {
      select->reset();
      select->bind_text(1, id.as_string());
      EDGEREC_ASSIGN_OR_RETURN(found, select->step());
    }
    if (!found) {
      w.null();
    } else {
      w.begin_object();
      for (size_t k = 0; k < columns.size(); ++k) {
        if (select->column_is_null(static_cast<int>(k))) continue;
        w.key(columns[k]);
        w.string(select->column_text(static_cast<int>(k)));
      }
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

Result<std::string> get_campaign_online_metrics(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("campaignArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<int64_t> hours_given, r.optional_integer("hours", 1, kMaxOnlineMetricsHours));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<int64_t> minutes_given, r.optional_integer("bucketMinutes", 1, 24 * 60));
  const int64_t hours = hours_given.value_or(24);
  const int64_t bucket_seconds = minutes_given.value_or(60) * 60;
  const int64_t buckets = (hours * 3600 + bucket_seconds - 1) / bucket_seconds;
  if (buckets > kMaxOnlineMetricsBuckets) {
    return invalid_input("hours / bucketMinutes: " + std::to_string(buckets) + " buckets; at most " +
                         std::to_string(kMaxOnlineMetricsBuckets) + " (make bucketMinutes larger)");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, "campaignArn", "campaign"));
  EDGEREC_ASSIGN_OR_RETURN(auto found, c.home.find_resource<CampaignRecord>(
                                           [&](DatasetGroup& g) { return find_campaign(g, name); }, "campaign", arn));
  DatasetGroup& group = found.first;
  // The campaign's recommendationIds start with its tag (Runtime::set_recommendation_source): a
  // range of the text, whichever server or device the events came through.
  const std::string prefix = "RID-" + Runtime::recommendation_id_prefix_tag(name) + "-";
  const int64_t end = (unix_now() / bucket_seconds + 1) * bucket_seconds;
  const int64_t start = end - buckets * bucket_seconds;
  // Per recommendation: when it was first acted on, how many items it showed (the longest
  // impression list sent with it; ids are '|'-joined) and how many events chose an item of it.
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement s,
      group.db().prepare("SELECT MIN(timestamp), MAX(CASE WHEN impression IS NULL OR impression = '' THEN 0 ELSE "
                         "length(impression) - length(replace(impression, '|', '')) + 1 END), "
                         "SUM(item_idx IS NOT NULL) FROM interactions_put WHERE recommendation_id >= ?1 AND "
                         "recommendation_id < ?2 AND timestamp >= ?3 AND timestamp < ?4 GROUP BY recommendation_id"));
  std::string after = prefix;
  after.back() = '-' + 1;
  s.bind_text(1, prefix);
  s.bind_text(2, after);
  s.bind_int(3, start);
  s.bind_int(4, end);
  std::vector<int64_t> impressions(static_cast<size_t>(buckets)), clicks(static_cast<size_t>(buckets));
  int64_t recommendations = 0;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (!row) break;
    const size_t b = static_cast<size_t>((s.column_int(0) - start) / bucket_seconds);
    impressions[b] += s.column_int(1);
    clicks[b] += s.column_int(2);
    ++recommendations;
  }
  int64_t total_impressions = 0, total_clicks = 0;
  for (size_t b = 0; b < impressions.size(); ++b) {
    total_impressions += impressions[b];
    total_clicks += clicks[b];
  }
  const auto ctr = [](JsonWriter& w, int64_t clicked, int64_t shown) {
    if (shown == 0) {
      w.null();
    } else {
      w.number(static_cast<double>(clicked) / static_cast<double>(shown));
    }
  };
  JsonWriter w;
  w.begin_object();
  w.key("campaignArn");
  w.string(arn);
  w.key("recommendationIdPrefix");
  w.string(prefix);
  w.key("recommendations");
  w.integer(recommendations);
  w.key("impressions");
  w.integer(total_impressions);
  w.key("clicks");
  w.integer(total_clicks);
  w.key("clickThroughRate");
  ctr(w, total_clicks, total_impressions);
  w.key("series");
  w.begin_array();
  for (size_t b = 0; b < impressions.size(); ++b) {
    w.begin_object();
    w.key("start");
    w.integer(start + static_cast<int64_t>(b) * bucket_seconds);
    w.key("impressions");
    w.integer(impressions[b]);
    w.key("clicks");
    w.integer(clicks[b]);
    w.key("clickThroughRate");
    ctr(w, clicks[b], impressions[b]);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

Result<std::string> get_solution_report(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(arn, "datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const report::ReportData data, report::collect_report_data(group.dir()));
  JsonWriter w;
  w.begin_object();
  w.key("html");
  w.string(report::render_html_report(data));
  w.end_object();
  return w.take();
}

}  // namespace edgerec::control
