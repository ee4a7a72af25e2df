// Test fixtures.
#include "support/fixtures.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"
#include "train/factor_quantization.h"
#include "train/solution_writer.h"

namespace edgerec::testing {
namespace {

std::string numbered(const char* prefix, uint32_t i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s%03u", prefix, i);
  return buf;
}

}  // namespace

std::vector<uint8_t> make_popularity_solution(const std::vector<uint32_t>& user_counts, uint32_t users) {
  std::vector<std::string> item_ids;
  for (uint32_t i = 0; i < user_counts.size(); ++i) item_ids.push_back(numbered("item", i));
  std::vector<std::string> user_ids;
  for (uint32_t u = 0; u < users; ++u) user_ids.push_back(numbered("user", u));
  const SortedIds items = sort_ids(item_ids);
  const SortedIds sorted_users = sort_ids(user_ids);
  std::vector<float> scores;
  for (const uint32_t c : user_counts) scores.push_back(static_cast<float>(c) / static_cast<float>(users));

  SolutionDescription d;
  d.recipe = "popularity-count";
  d.recipe_type = fb::RecipeType::POPULAR_ITEMS;
  d.users = users;
  d.items = static_cast<uint32_t>(user_counts.size());
  flatbuffers::FlatBufferBuilder fbb;
  const auto metadata = build_metadata(fbb, d);
  const auto catalog = build_item_catalog(fbb, items);
  const auto user_index = build_user_index(fbb, sorted_users);
  const auto popularity = fb::CreatePopularityModel(fbb, fbb.CreateVector(user_counts), fbb.CreateVector(scores));
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  root.add_users(user_index);
  root.add_popularity(popularity);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  auto sealed = seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
  if (!sealed.ok()) std::abort();
  return std::move(sealed).value();
}

std::vector<uint8_t> build_solution(const SolutionSpec& spec) {
  std::vector<std::string> item_ids;
  for (uint32_t i = 0; i < spec.items; ++i) item_ids.push_back(numbered("item", i));
  std::vector<std::string> user_ids;
  for (uint32_t u = 0; u < spec.users; ++u) user_ids.push_back(numbered("user", u));
  SolutionDescription d;
  d.recipe = spec.recipe;
  d.recipe_type = static_cast<fb::RecipeType>(spec.recipe_type);
  d.max_timestamp = spec.max_timestamp;
  d.interactions = spec.interactions;
  d.fingerprint = spec.fingerprint;
  d.metrics = spec.metrics;
  flatbuffers::FlatBufferBuilder fbb;
  const auto metadata = build_metadata(fbb, d);
  ItemMetadataTable item_metadata;
  item_metadata.item_ids = item_ids;
  item_metadata.value_columns = spec.item_columns;
  UserMetadataTable user_metadata{user_ids, spec.user_columns};
  const auto catalog = build_item_catalog(fbb, sort_ids(item_ids), {}, spec.item_columns.empty() ? nullptr : &item_metadata);
  const auto user_index =
      build_user_index(fbb, sort_ids(user_ids), spec.user_columns.empty() ? nullptr : &user_metadata);
  flatbuffers::Offset<fb::PopularityModel> popularity;
  if (!spec.popularity_counts.empty()) {
    std::vector<float> scores;
    for (const uint32_t c : spec.popularity_counts) {
      scores.push_back(static_cast<float>(c) / static_cast<float>(std::max(1u, spec.users)));
    }
    popularity = fb::CreatePopularityModel(fbb, fbb.CreateVector(spec.popularity_counts), fbb.CreateVector(scores));
  }
  flatbuffers::Offset<fb::FactorModel> factors;
  if (spec.dimensions != 0) {
    flatbuffers::Offset<flatbuffers::Vector<float>> items;
    flatbuffers::Offset<flatbuffers::Vector<int8_t>> items_i8;
    flatbuffers::Offset<flatbuffers::Vector<float>> scales;
    if (spec.int8_item_factors) {
      const QuantizedRows q = quantize_rows_int8(spec.item_factors.data(), spec.items, spec.dimensions);
      items_i8 = fbb.CreateVector(q.values);
      scales = fbb.CreateVector(q.scales);
    } else {
      items = fbb.CreateVector(spec.item_factors);
    }
    const auto users = spec.user_factors.empty() ? 0 : fbb.CreateVector(spec.user_factors);
    fb::FactorModelBuilder f(fbb);
    f.add_dimensions(spec.dimensions);
    if (spec.int8_item_factors) {
      f.add_item_encoding(fb::FactorEncoding::INT8);
      f.add_item_factors_i8(items_i8);
      f.add_item_scales(scales);
    } else {
      f.add_item_encoding(fb::FactorEncoding::FLOAT32);
      f.add_item_factors_f32(items);
    }
    if (!spec.user_factors.empty()) f.add_user_factors(users);
    factors = f.Finish();
  }
  flatbuffers::Offset<fb::NeighbourModel> neighbours;
  if (!spec.neighbours.empty()) {
    std::vector<uint32_t> offsets = {0};
    std::vector<uint32_t> ids;
    std::vector<float> scores;
    for (const auto& list : spec.neighbours) {
      for (const auto& [n, score] : list) {
        ids.push_back(n);
        scores.push_back(score);
      }
      offsets.push_back(static_cast<uint32_t>(ids.size()));
    }
    neighbours = fb::CreateNeighbourModel(fbb, fbb.CreateVector(offsets), fbb.CreateVector(ids), fbb.CreateVector(scores));
  }
  flatbuffers::Offset<fb::UserHistories> histories;
  if (!spec.histories.empty()) {
    std::vector<uint32_t> offsets = {0};
    std::vector<uint32_t> items;
    std::vector<int64_t> times;
    std::vector<uint8_t> types;
    std::vector<std::string> names;
    for (uint32_t u = 0; u < spec.users; ++u) {
      for (const SolutionSpec::Event& e : u < spec.histories.size() ? spec.histories[u] : std::vector<SolutionSpec::Event>{}) {
        items.push_back(e.item);
        times.push_back(e.timestamp);
        auto at = std::find(names.begin(), names.end(), e.event_type);
        if (at == names.end()) at = names.insert(names.end(), e.event_type);
        types.push_back(static_cast<uint8_t>(at - names.begin()));
      }
      offsets.push_back(static_cast<uint32_t>(items.size()));
    }
    std::vector<flatbuffers::Offset<flatbuffers::String>> name_offsets;
    for (const std::string& n : names) name_offsets.push_back(fbb.CreateString(n));
    histories = fb::CreateUserHistories(fbb, fbb.CreateVector(offsets), fbb.CreateVector(items), fbb.CreateVector(times),
                                        fbb.CreateVector(types), fbb.CreateVector(name_offsets));
  }
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  root.add_users(user_index);
  if (!histories.IsNull()) root.add_histories(histories);
  if (!popularity.IsNull()) root.add_popularity(popularity);
  if (!factors.IsNull()) root.add_factors(factors);
  if (!neighbours.IsNull()) root.add_neighbours(neighbours);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  auto sealed = seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
  if (!sealed.ok()) std::abort();
  return std::move(sealed).value();
}

std::vector<uint8_t> rewrite_solution(const std::vector<uint8_t>& sealed,
                                      const std::function<void(fb::SolutionT&)>& edit) {
  auto loaded = Solution::load(sealed.data(), sealed.size());
  if (!loaded.ok()) std::abort();
  std::unique_ptr<fb::SolutionT> content((*loaded)->root().UnPack());
  edit(*content);
  flatbuffers::FlatBufferBuilder fbb;
  fb::FinishSolutionBuffer(fbb, fb::Solution::Pack(fbb, content.get()));
  auto resealed = seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
  if (!resealed.ok()) std::abort();
  return std::move(resealed).value();
}

MetadataColumn make_column(const std::string& name, const std::vector<std::string>& cells, bool numeric) {
  if (numeric) {
    MetadataColumnsBuilder builder({name});
    for (const std::string& c : cells) builder.add_row({c});
    return builder.finish()[0];
  }
  MetadataColumn column;
  column.name = name;
  column.categorical = true;
  for (const std::string& c : cells) {
    if (c.empty()) column.push_null();
    else column.push_string(c);
  }
  return column;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "edgerec-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_text_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_command(const std::string& command_line) {
  TempDir dir;
  const std::string out = dir.file("stdout");
  const std::string err = dir.file("stderr");
  const int status = std::system((command_line + " >" + out + " 2>" + err).c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text_file(out);
  result.err = read_text_file(err);
  return result;
}

}  // namespace edgerec::testing
