// IdDictionary: interns id strings (USER_ID, ITEM_ID, EVENT_TYPE) to dense indices in
// first-seen order. Used by every bulk path (CSV loading, import jobs) where a string map per
// row would dominate the run time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace edgerec {

/// Interns strings to dense indices in first-seen order: open addressing with linear probing,
/// the strings kept back to back in one arena. Each slot holds the first 16 bytes of its string,
/// so a lookup of a typical id (16 bytes or fewer) touches one cache line instead of following
/// pointers to the string; several times faster than std::unordered_map<std::string, uint32_t>
/// on tens of millions of rows.
class IdDictionary {
 public:
  IdDictionary() : slots_(1024), mask_(1023) { offsets_.push_back(0); }

  /// The index of `id` (at most 2^32 - 2 distinct ids and 4 GiB per id), adding it if it is new.
  uint32_t intern(std::string_view id) {
    const Key key = make_key(id);
    // Files are often grouped by user or session, so the previous id is worth a first look.
    if (matches(slots_[last_slot_], key)) return slots_[last_slot_].index_plus_one - 1;
    uint64_t slot = key.hash & mask_;
    for (; slots_[slot].index_plus_one != 0; slot = (slot + 1) & mask_) {
      if (matches(slots_[slot], key)) {
        last_slot_ = slot;
        return slots_[slot].index_plus_one - 1;
      }
    }
    const auto index = static_cast<uint32_t>(size());
    arena_.append(id);
    offsets_.push_back(arena_.size());
    slots_[slot] = Slot{{key.head[0], key.head[1]}, static_cast<uint32_t>(id.size()), index + 1};
    last_slot_ = slot;
    if (size() * 2 > slots_.size()) grow();
    return index;
  }

  size_t size() const { return offsets_.size() - 1; }

  /// The id with index `index` (< size()); valid until the next intern().
  std::string_view view(size_t index) const {
    return std::string_view(arena_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]);
  }

  /// Bytes held (slots and strings), for memory accounting.
  size_t memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + arena_.capacity() + offsets_.capacity() * sizeof(size_t);
  }

  std::vector<std::string> ids() const {
    std::vector<std::string> result;
    result.reserve(size());
    for (size_t i = 0; i < size(); ++i) result.emplace_back(view(i));
    return result;
  }

 private:
  static constexpr size_t kHeadBytes = 16;

  struct Slot {
    uint64_t head[2] = {0, 0};    ///< The string's first 16 bytes, zero-padded.
    uint32_t length = 0;
    uint32_t index_plus_one = 0;  ///< 0: empty slot.
  };
  struct Key {
    uint64_t head[2] = {0, 0};
    std::string_view text;
    uint64_t hash = 0;
  };

  /// The head words and a 64-bit hash (multiply-xorshift over 8-byte words).
  static Key make_key(std::string_view text) {
    Key key;
    key.text = text;
    load_head(text, key.head);
    uint64_t h = (key.head[0] * 0x9E3779B97F4A7C15ull) ^ (key.head[1] * 0xBF58476D1CE4E5B9ull) ^ text.size();
    for (size_t at = kHeadBytes; at < text.size(); at += 8) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + at, std::min<size_t>(8, text.size() - at));
      h = (h ^ word) * 0x94D049BB133111EBull;
      h ^= h >> 31;
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    key.hash = h ^ (h >> 32);
    return key;
  }

  /// The first 16 bytes of `text`, zero-padded, read with a few overlapping fixed-size loads:
  /// copying into a zeroed buffer and reading that back stalls on store forwarding.
  static void load_head(std::string_view text, uint64_t (&head)[2]) {
    const char* p = text.data();
    const size_t n = text.size();
    const auto load64 = [](const char* at) {
      uint64_t word;
      std::memcpy(&word, at, 8);
      return word;
    };
    const auto load32 = [](const char* at) {
      uint32_t word;
      std::memcpy(&word, at, 4);
      return uint64_t{word};
    };
    head[0] = 0;
    head[1] = 0;
    if (n >= 16) {
      head[0] = load64(p);
      head[1] = load64(p + 8);
    } else if (n > 8) {
      head[0] = load64(p);
      head[1] = load64(p + n - 8) >> (8 * (16 - n));  // bytes 8..n-1
    } else if (n == 8) {
      head[0] = load64(p);
    } else if (n >= 4) {
      head[0] = load32(p) | ((load32(p + n - 4) >> (8 * (8 - n))) << 32);  // bytes 0..3, 4..n-1
    } else {
      for (size_t i = 0; i < n; ++i) head[0] |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
  }

  bool matches(const Slot& slot, const Key& key) const {
    return slot.index_plus_one != 0 && slot.length == key.text.size() && slot.head[0] == key.head[0] &&
           slot.head[1] == key.head[1] &&
           (key.text.size() <= kHeadBytes ||
            view(slot.index_plus_one - 1).substr(kHeadBytes) == key.text.substr(kHeadBytes));
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& entry : old) {
      if (entry.index_plus_one == 0) continue;
      uint64_t slot = make_key(view(entry.index_plus_one - 1)).hash & mask_;
      while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask_;
      slots_[slot] = entry;
    }
    last_slot_ = 0;
  }

  std::vector<Slot> slots_;
  uint64_t mask_;
  uint64_t last_slot_ = 0;
  std::string arena_;
  std::vector<size_t> offsets_;  ///< id i is arena_[offsets_[i], offsets_[i + 1])
};

}  // namespace edgerec
