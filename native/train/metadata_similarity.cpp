// Metadata similarity through an inverted index of tokens.
#include "train/metadata_similarity.h"

#include <cmath>

#include "edgerec/topk.h"

namespace edgerec {

std::vector<Neighbours> metadata_neighbours(const ItemMetadataTable& table, const std::vector<uint32_t>& queries,
                                            const std::vector<bool>& candidate, size_t count) {
  const size_t rows = table.item_ids.size();
  std::vector<std::vector<uint32_t>> postings(table.tokens.size());
  for (uint32_t r = 0; r < rows; ++r) {
    for (const uint32_t t : table.item_tokens[r]) postings[t].push_back(r);
  }
  // A token shared by every item says nothing: idf = log(rows / df).
  std::vector<float> idf(table.tokens.size());
  for (size_t t = 0; t < postings.size(); ++t) {
    idf[t] = static_cast<float>(std::log(static_cast<double>(rows) / static_cast<double>(std::max<size_t>(1, postings[t].size()))));
  }
  std::vector<float> norm(rows, 0.0f);
  for (uint32_t r = 0; r < rows; ++r) {
    float sum = 0.0f;
    for (const uint32_t t : table.item_tokens[r]) sum += idf[t] * idf[t];
    norm[r] = std::sqrt(sum);
  }
  std::vector<Neighbours> out(queries.size());
  std::vector<float> dot(rows, 0.0f);
  std::vector<uint32_t> touched;
  for (size_t q = 0; q < queries.size(); ++q) {
    const uint32_t query = queries[q];
    if (norm[query] == 0.0f) continue;
    touched.clear();
    for (const uint32_t t : table.item_tokens[query]) {
      const float w = idf[t] * idf[t];
      if (w == 0.0f) continue;
      for (const uint32_t r : postings[t]) {
        if (r == query || !candidate[r]) continue;
        if (dot[r] == 0.0f) touched.push_back(r);
        dot[r] += w;
      }
    }
    TopK best(count);
    for (const uint32_t r : touched) {
      best.push(r, dot[r] / (norm[query] * norm[r]));
      dot[r] = 0.0f;
    }
    for (const ScoredItem& s : best.take()) out[q].emplace_back(s.index, s.score);
  }
  return out;
}

}  // namespace edgerec
