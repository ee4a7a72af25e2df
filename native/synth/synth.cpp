// The synthetic data generator: catalog, user activity, then one streamed pass over users.
//
// Every random choice comes from an xoshiro256** stream derived from (seed, purpose, index), so a
// user's profile and events depend only on the seed and the user's index: the users CSV can be
// written without replaying the interactions, and changing one option does not reshuffle
// unrelated parts of the output.
#include "synth/synth.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <iterator>
#include <memory>
#include <string_view>
#include <vector>

#include "io/interactions_csv.h"

namespace edgerec {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
constexpr uint64_t kMaxUsers = 100'000'000;
constexpr uint64_t kMaxItems = 10'000'000;
constexpr uint64_t kMaxInteractions = 100'000'000'000;
constexpr int64_t kMaxDays = 36'500;
/// The interactions loader takes larger TIMESTAMPs for milliseconds, so the period ends before.
constexpr int64_t kMaxTimestamp = kFirstImplausibleTimestamp;

// ---------------------------------------------------------------------------------------------
// Randomness

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// xoshiro256** (Blackman and Vigna), seeded through splitmix64 as its authors recommend.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : state_) word = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), exactly representable (53 random bits).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n), n >= 1.
  uint64_t below(uint64_t n) {
    const auto value = static_cast<uint64_t>(uniform() * static_cast<double>(n));
    return std::min(value, n - 1);
  }

 private:
  static uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> state_{};
};

/// What a random stream is for; each (purpose, index) pair gets an independent stream.
enum class Stream : uint64_t { kCatalog = 1, kActivity, kUserProfile, kUserEvents, kUserSessions, kMembership };

Rng stream(uint64_t seed, Stream purpose, uint64_t index) {
  uint64_t state = seed;
  const uint64_t seed_mix = splitmix64(state);
  state = (static_cast<uint64_t>(purpose) << 56) ^ index;
  return Rng(seed_mix ^ splitmix64(state));
}

/// Walker's alias method (Vose's construction): O(1) draws from a fixed discrete distribution,
/// where a binary search over cumulative weights was the generator's largest cost.
class AliasTable {
 public:
  explicit AliasTable(const std::vector<double>& weights) : keep_(weights.size(), 1.0), alias_(weights.size()) {
    const size_t n = weights.size();
    double total = 0;
    for (double weight : weights) total += weight;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small;
    std::vector<uint32_t> large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
      alias_[i] = static_cast<uint32_t>(i);
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t less = small.back();
      small.pop_back();
      const uint32_t more = large.back();
      keep_[less] = scaled[less];
      alias_[less] = more;
      scaled[more] = (scaled[more] + scaled[less]) - 1.0;
      if (scaled[more] < 1.0) {
        large.pop_back();
        small.push_back(more);
      }
    }
  }

  /// An index in [0, n) with probability proportional to its weight.
  size_t draw(Rng& rng) const {
    const auto i = static_cast<size_t>(rng.below(keep_.size()));
    return rng.uniform() < keep_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> keep_;      ///< Probability of keeping bucket i rather than taking its alias.
  std::vector<uint32_t> alias_;
};

// ---------------------------------------------------------------------------------------------
// Output

/// Writes a file through a large buffer. A regular file is written to a temporary name and
/// renamed into place by finish(), so a failed run leaves no partial file; "-" (standard output)
/// and existing non-regular files such as /dev/null or a FIFO are written directly, as renaming
/// over them would replace the device with a file.
/// Rows are formatted straight into the buffer: room() makes space, advance() commits it.
/// The first write error is kept and returned by finish(), so the hot path has no checks.
class BufferedFileWriter {
 public:
  static constexpr size_t kBufferBytes = size_t{4} << 20;

  BufferedFileWriter() : buffer_(std::make_unique<char[]>(kBufferBytes)), cursor_(buffer_.get()) {}
  BufferedFileWriter(const BufferedFileWriter&) = delete;
  BufferedFileWriter& operator=(const BufferedFileWriter&) = delete;
  ~BufferedFileWriter() {
    if (descriptor_ > STDOUT_FILENO) ::close(descriptor_);
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  }

  /// Opens `path` for writing; "-" is standard output.
  Status open(const std::string& path) {
    path_ = path;
    if (path == "-") {
      descriptor_ = STDOUT_FILENO;
      return Status::ok_status();
    }
    struct stat info {};
    const bool special = ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
    if (special && S_ISDIR(info.st_mode)) return invalid_input(path + " is a directory, expected a file name");
    if (special) {
      descriptor_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (descriptor_ < 0) return io_error("cannot open " + path + ": " + std::strerror(errno));
      return Status::ok_status();
    }
    const std::string temp_path = path + ".tmp-" + std::to_string(::getpid());
    descriptor_ = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (descriptor_ < 0) return io_error("cannot create " + temp_path + ": " + std::strerror(errno));
    temp_path_ = temp_path;
    return Status::ok_status();
  }

  char* room(size_t bytes) {
    if (static_cast<size_t>(buffer_.get() + kBufferBytes - cursor_) < bytes) flush();
    return cursor_;
  }
  void advance(char* new_cursor) { cursor_ = new_cursor; }
  void write(std::string_view text) {
    char* out = room(text.size());
    std::memcpy(out, text.data(), text.size());
    advance(out + text.size());
  }

  /// Flushes, closes and (for a regular file) renames the file into place.
  Status finish() {
    flush();
    if (descriptor_ > STDOUT_FILENO) {
      if (::close(descriptor_) != 0 && error_.ok()) error_ = io_error("cannot write " + path_ + ": " + std::strerror(errno));
      descriptor_ = -1;
    }
    if (!temp_path_.empty() && error_.ok()) {
      if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        error_ = io_error("cannot rename " + temp_path_ + " to " + path_ + ": " + std::strerror(errno));
      } else {
        temp_path_.clear();
      }
    }
    return error_;
  }

 private:
  void flush() {
    const char* data = buffer_.get();
    size_t size = static_cast<size_t>(cursor_ - data);
    cursor_ = buffer_.get();
    while (size > 0 && error_.ok()) {
      const ssize_t written = ::write(descriptor_, data, size);
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        error_ = io_error("cannot write " + path_ + ": " + std::strerror(errno));
        return;
      }
      data += written;
      size -= static_cast<size_t>(written);
    }
  }

  std::unique_ptr<char[]> buffer_;
  char* cursor_;
  std::string path_;
  std::string temp_path_;
  int descriptor_ = -1;
  Status error_;
};

char* append(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

size_t decimal_length(uint64_t value) {
  size_t length = 1;
  for (; value >= 100; value /= 100) length += 2;
  return length + (value >= 10);
}

/// Decimal digits written back to front two at a time, straight into the output.
char* append_uint(char* out, uint64_t value) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char* const end = out + decimal_length(value);
  char* p = end;
  while (value >= 100) {
    const auto pair = static_cast<size_t>(value % 100) * 2;
    value /= 100;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  }
  if (value >= 10) {
    const auto pair = static_cast<size_t>(value) * 2;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  } else {
    *--p = static_cast<char>('0' + value);
  }
  return end;
}

/// "12.99" from 1299 cents.
char* append_price(char* out, uint32_t cents) {
  out = append_uint(out, cents / 100);
  *out++ = '.';
  *out++ = static_cast<char>('0' + cents / 10 % 10);
  *out++ = static_cast<char>('0' + cents % 10);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Items

/// Per-item facts and, per genre, the items in popularity order and a sampler over them.
struct Catalog {
  std::vector<uint8_t> genre_of;
  std::vector<uint8_t> category_of;          ///< Sub-category within the genre, 0..3.
  std::vector<uint32_t> price_cents;
  std::vector<int64_t> created_at;
  std::vector<uint32_t> position_in_genre;   ///< Index into genre_items[genre_of[item]].
  std::vector<std::vector<uint32_t>> genre_items;  ///< Most popular first.
  /// Per genre, draws positions in genre_items with weight 1 / (global rank + 10).
  std::vector<AliasTable> genre_popularity;
};

constexpr size_t kPopularityOffset = 10;

Catalog build_catalog(const SynthOptions& options, uint32_t genres) {
  const auto items = static_cast<size_t>(options.items);
  const int64_t period = options.days * kSecondsPerDay;
  Rng rng = stream(options.seed, Stream::kCatalog, 0);
  Catalog catalog;
  catalog.genre_of.resize(items);
  catalog.category_of.resize(items);
  catalog.price_cents.resize(items);
  catalog.created_at.resize(items);
  catalog.position_in_genre.resize(items);
  catalog.genre_items.resize(genres);
  std::vector<std::vector<double>> genre_weights(genres);

  // Popularity order is a random permutation, so item ids say nothing about popularity.
  std::vector<uint32_t> by_popularity(items);
  for (size_t i = 0; i < items; ++i) by_popularity[i] = static_cast<uint32_t>(i);
  for (size_t i = items; i > 1; --i) std::swap(by_popularity[i - 1], by_popularity[rng.below(i)]);

  for (size_t rank = 0; rank < items; ++rank) {
    const uint32_t item = by_popularity[rank];
    // The top `genres` items head one genre each and predate the period, so every genre has an
    // item that exists at any time of the period.
    const auto genre = static_cast<uint32_t>(rank < genres ? rank : rng.below(genres));
    catalog.genre_of[item] = static_cast<uint8_t>(genre);
    catalog.category_of[item] = static_cast<uint8_t>(rng.below(4));
    // A product of uniforms skews prices low, as in most catalogs: 0.99 to 299.99.
    const double skew = rng.uniform() * rng.uniform();
    catalog.price_cents[item] = static_cast<uint32_t>(skew * 300.0) * 100 + 99;
    // 85% of items predate the period (up to two years); the rest appear during it.
    const bool is_new = rank >= genres && rng.uniform() < 0.15;
    catalog.created_at[item] =
        is_new ? options.start_timestamp + static_cast<int64_t>(rng.below(static_cast<uint64_t>(period)))
               : std::max<int64_t>(0, options.start_timestamp - 1 -
                                          static_cast<int64_t>(rng.below(730 * kSecondsPerDay)));
    std::vector<uint32_t>& members = catalog.genre_items[genre];
    catalog.position_in_genre[item] = static_cast<uint32_t>(members.size());
    members.push_back(item);
    // Zipf-Mandelbrot with exponent 1: the item at global rank r has weight 1 / (r + 10). The
    // offset keeps the head realistic (the top item gets ~1% of 27K items' events, not ~9%).
    genre_weights[genre].push_back(1.0 / static_cast<double>(rank + kPopularityOffset));
  }
  for (const std::vector<double>& weights : genre_weights) catalog.genre_popularity.emplace_back(weights);
  return catalog;
}

Status write_items_csv(const SynthOptions& options, const Catalog& catalog) {
  BufferedFileWriter out;
  EDGEREC_RETURN_IF_ERROR(out.open(options.items_output_path));
  out.write("ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP\n");
  for (size_t item = 0; item < catalog.genre_of.size(); ++item) {
    char* p = out.room(128);
    p = append(p, "i");
    p = append_uint(p, item);
    p = append(p, ",genre_");
    p = append_uint(p, catalog.genre_of[item]);
    p = append(p, ",category_");
    p = append_uint(p, catalog.genre_of[item]);
    p = append(p, "_");
    p = append_uint(p, catalog.category_of[item]);
    p = append(p, ",");
    p = append_price(p, catalog.price_cents[item]);
    p = append(p, ",");
    p = append_uint(p, static_cast<uint64_t>(catalog.created_at[item]));
    p = append(p, "\n");
    out.advance(p);
  }
  return out.finish();
}

// ---------------------------------------------------------------------------------------------
// Users

constexpr std::string_view kAgeGroups[] = {"18-24", "25-34", "35-44", "45-54", "55+"};

struct UserProfile {
  uint32_t age_group;
  uint32_t favourite_genre;
  uint32_t second_genre;
};

UserProfile draw_profile(uint64_t seed, uint64_t user, uint32_t genres) {
  Rng rng = stream(seed, Stream::kUserProfile, user);
  UserProfile profile{};
  profile.age_group = static_cast<uint32_t>(rng.below(std::size(kAgeGroups)));
  // Half the users take their favourite genre from their age group: user metadata carries signal.
  const bool follows_age_group = rng.uniform() < 0.5;
  const auto age_genre = static_cast<uint32_t>((profile.age_group * genres / 5 + rng.below(2)) % genres);
  const auto any_genre = static_cast<uint32_t>(rng.below(genres));
  profile.favourite_genre = follows_age_group ? age_genre : any_genre;
  profile.second_genre = static_cast<uint32_t>(rng.below(genres));
  return profile;
}

/// Interactions per user: a floor of 2 each (1 when there are fewer than 2 x users), the rest
/// shared by a power law over a random ranking of users: weight (r + c)^-0.75, with c growing with
/// the user count so the most active user stays within a few thousandths of the data.
std::vector<uint64_t> allocate_activity(const SynthOptions& options) {
  const auto users = static_cast<size_t>(options.users);
  const uint64_t floor_each = options.interactions >= 2 * options.users ? 2 : 1;
  const uint64_t extra = options.interactions - floor_each * options.users;
  const double offset = std::max(1.0, static_cast<double>(users) / 1000.0);

  std::vector<double> weight(users);
  double total_weight = 0;
  for (size_t rank = 0; rank < users; ++rank) {
    const double x = static_cast<double>(rank) + offset;
    weight[rank] = 1.0 / (std::sqrt(x) * std::sqrt(std::sqrt(x)));  // x^-0.75, exact in IEEE
    total_weight += weight[rank];
  }
  std::vector<uint64_t> by_rank(users);
  uint64_t assigned = 0;
  for (size_t rank = 0; rank < users; ++rank) {
    by_rank[rank] = static_cast<uint64_t>(static_cast<double>(extra) * (weight[rank] / total_weight));
    assigned += by_rank[rank];
  }
  // Rounding down leaves fewer than `users` interactions over; the most active ranks take them.
  for (size_t rank = 0; assigned < extra; rank = (rank + 1) % users) {
    ++by_rank[rank];
    ++assigned;
  }
  // Floating-point rounding could in principle overshoot by a few; take them back the same way.
  for (size_t rank = 0; assigned > extra; rank = (rank + 1) % users) {
    if (by_rank[rank] == 0) continue;
    --by_rank[rank];
    --assigned;
  }

  Rng rng = stream(options.seed, Stream::kActivity, 0);
  std::vector<uint32_t> user_at_rank(users);
  for (size_t i = 0; i < users; ++i) user_at_rank[i] = static_cast<uint32_t>(i);
  for (size_t i = users; i > 1; --i) std::swap(user_at_rank[i - 1], user_at_rank[rng.below(i)]);
  std::vector<uint64_t> counts(users);
  for (size_t rank = 0; rank < users; ++rank) counts[user_at_rank[rank]] = floor_each + by_rank[rank];
  return counts;
}

Status write_users_csv(const SynthOptions& options, uint32_t genres, const std::vector<uint64_t>& counts) {
  BufferedFileWriter out;
  EDGEREC_RETURN_IF_ERROR(out.open(options.users_output_path));
  out.write("USER_ID,AGE_GROUP,MEMBERSHIP\n");
  const double mean = static_cast<double>(options.interactions) / static_cast<double>(options.users);
  for (size_t user = 0; user < counts.size(); ++user) {
    const UserProfile profile = draw_profile(options.seed, user, genres);
    // Heavier users are more often paying members.
    Rng rng = stream(options.seed, Stream::kMembership, user);
    const double activity = static_cast<double>(counts[user]) / mean;
    const double premium = activity >= 3.0 ? 0.4 : activity >= 1.0 ? 0.15 : 0.05;
    const double draw = rng.uniform();
    const std::string_view membership = draw < premium ? "premium" : draw < premium + 0.3 ? "basic" : "free";
    char* p = out.room(64);
    p = append(p, "u");
    p = append_uint(p, user);
    p = append(p, ",");
    p = append(p, kAgeGroups[profile.age_group]);
    p = append(p, ",");
    p = append(p, membership);
    p = append(p, "\n");
    out.advance(p);
  }
  return out.finish();
}

// ---------------------------------------------------------------------------------------------
// Interactions

/// Behaviour constants; see the generative story in synth.h.
constexpr double kNewSessionProbability = 0.25;     // mean session length 4 events
constexpr double kStayInGenreProbability = 0.85;    // within a session
constexpr double kRepeatItemProbability = 0.05;
constexpr double kNeighbourItemProbability = 0.30;  // includes the repeat share
constexpr double kFavouriteGenreShare = 0.60;
constexpr double kSecondGenreShare = 0.25;          // the remaining 15% is any genre
constexpr int64_t kMaxGapInSession = 300;          // seconds
constexpr int64_t kMinGapBetweenSessions = 60;

constexpr size_t kUserIdBytes = 24;  // "u" + up to 20 digits

/// Generates and writes one user's interactions, in time order.
class UserEventWriter {
 public:
  UserEventWriter(const SynthOptions& options, const Catalog& catalog, uint32_t genres)
      : options_(options), catalog_(catalog), genres_(genres),
        period_end_(options.start_timestamp + options.days * kSecondsPerDay) {}

  void write(uint64_t user, uint64_t count, BufferedFileWriter& out) {
    const UserProfile profile = draw_profile(options_.seed, user, genres_);
    Rng rng = stream(options_.seed, Stream::kUserEvents, user);
    // Session starts are decided by their own stream, replayed twice: once to count sessions so
    // they can be spread over the user's active window, once while writing.
    const uint64_t sessions = count_sessions(user, count);
    Rng session_rng = stream(options_.seed, Stream::kUserSessions, user);

    const int64_t period = period_end_ - options_.start_timestamp;
    const auto window = std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(period) * (0.25 + 0.75 * rng.uniform())));
    const int64_t window_start =
        options_.start_timestamp + static_cast<int64_t>(static_cast<double>(period - window) * rng.uniform());

    // Padded to a fixed size so that writing it is one fixed-length copy (see write_row).
    char user_id[kUserIdBytes] = {'u'};
    const auto user_id_length = static_cast<size_t>(append_uint(user_id + 1, user) - user_id);

    // Gaps shrink for users so active that minutes between events would run past the period.
    const int64_t spacing = window / static_cast<int64_t>(count);
    const auto gap_range = static_cast<uint64_t>(std::clamp<int64_t>(spacing, 1, kMaxGapInSession));
    const int64_t session_gap = std::min(spacing, kMinGapBetweenSessions);

    uint32_t genre = profile.favourite_genre;
    uint32_t previous_item = 0;
    int64_t time = window_start;
    uint64_t session = 0;
    for (uint64_t k = 0; k < count; ++k) {
      const bool new_session = k == 0 || session_rng.uniform() < kNewSessionProbability;
      if (new_session) {
        const double slot = static_cast<double>(window) * (static_cast<double>(session) + rng.uniform()) /
                            static_cast<double>(sessions);
        const int64_t slot_time = window_start + static_cast<int64_t>(slot);
        time = k == 0 ? slot_time : std::max(slot_time, time + session_gap);
        ++session;
        genre = draw_genre(profile, rng);
      } else {
        time += 1 + static_cast<int64_t>(rng.below(gap_range));
        if (rng.uniform() >= kStayInGenreProbability) genre = draw_genre(profile, rng);
      }
      time = std::min(time, period_end_ - 1);  // never below the previous event: it was clamped too
      const uint32_t item = k == 0 ? popular_item(genre, time, rng) : next_item(genre, previous_item, time, rng);
      previous_item = item;
      write_row(out, user_id, user_id_length, item, time, rng);
    }
  }

 private:
  uint64_t count_sessions(uint64_t user, uint64_t count) const {
    Rng session_rng = stream(options_.seed, Stream::kUserSessions, user);
    uint64_t sessions = 0;
    for (uint64_t k = 0; k < count; ++k) sessions += k == 0 || session_rng.uniform() < kNewSessionProbability;
    return sessions;
  }

  uint32_t draw_genre(const UserProfile& profile, Rng& rng) const {
    const double draw = rng.uniform();
    if (draw < kFavouriteGenreShare) return profile.favourite_genre;
    if (draw < kFavouriteGenreShare + kSecondGenreShare) return profile.second_genre;
    return static_cast<uint32_t>(rng.below(genres_));
  }

  /// An item of `genre` by popularity that exists at `time`.
  uint32_t popular_item(uint32_t genre, int64_t time, Rng& rng) const {
    const std::vector<uint32_t>& members = catalog_.genre_items[genre];
    for (int attempt = 0; attempt < 4; ++attempt) {
      const uint32_t item = members[catalog_.genre_popularity[genre].draw(rng)];
      if (catalog_.created_at[item] <= time) return item;
    }
    return members[0];  // the genre's head item, which predates the period
  }

  /// The previous item again, one near it in its genre's popularity order, or a popular one.
  uint32_t next_item(uint32_t genre, uint32_t previous, int64_t time, Rng& rng) const {
    const double draw = rng.uniform();
    if (draw < kRepeatItemProbability) return previous;
    if (draw < kNeighbourItemProbability && catalog_.genre_of[previous] == genre) {
      const std::vector<uint32_t>& members = catalog_.genre_items[genre];
      const auto offset = static_cast<int64_t>(rng.below(6)) - 3;  // -3..2, shifted past 0 below
      const auto last = static_cast<int64_t>(members.size()) - 1;
      int64_t position = static_cast<int64_t>(catalog_.position_in_genre[previous]) + offset + (offset >= 0);
      // Reflect at the ends rather than clamp, which would pile neighbours onto the head item.
      if (position < 0) position = -position;
      if (position > last) position = 2 * last - position;
      const uint32_t item = members[static_cast<size_t>(std::clamp<int64_t>(position, 0, last))];
      if (catalog_.created_at[item] <= time) return item;
    }
    return popular_item(genre, time, rng);
  }

  void write_row(BufferedFileWriter& out, const char (&user_id)[kUserIdBytes], size_t user_id_length, uint32_t item,
                 int64_t time, Rng& rng) const {
    char* p = out.room(128);  // a row is at most 21 + 11 + 20 + 10 + 22 bytes
    std::memcpy(p, user_id, kUserIdBytes);  // fixed size: inlined, unlike a variable-length copy
    p += user_id_length;
    p = append(p, ",i");
    p = append_uint(p, item);
    *p++ = ',';
    p = append_uint(p, static_cast<uint64_t>(time));
    const double draw = rng.uniform();
    if (draw < 0.7) {
      p = append(p, ",view,\n");
    } else if (draw < 0.9) {
      p = append(p, ",click,\n");
    } else {
      p = append(p, ",purchase,");
      p = append_price(p, catalog_.price_cents[item]);
      *p++ = '\n';
    }
    out.advance(p);
  }

  const SynthOptions& options_;
  const Catalog& catalog_;
  uint32_t genres_;
  int64_t period_end_;
};

Status write_interactions_csv(const SynthOptions& options, const Catalog& catalog, uint32_t genres,
                              const std::vector<uint64_t>& counts) {
  BufferedFileWriter out;
  EDGEREC_RETURN_IF_ERROR(out.open(options.output_path));
  out.write("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n");
  UserEventWriter writer(options, catalog, genres);
  for (size_t user = 0; user < counts.size(); ++user) writer.write(user, counts[user], out);
  return out.finish();
}

}  // namespace

Status validate_synth_options(const SynthOptions& options) {
  const auto out_of_range = [](const char* flag, const std::string& value, const std::string& range) {
    return invalid_input("--" + std::string(flag) + " must be " + range + ", got " + value);
  };
  if (options.users < 1 || options.users > kMaxUsers) {
    return out_of_range("users", std::to_string(options.users), "between 1 and " + std::to_string(kMaxUsers));
  }
  if (options.items < 1 || options.items > kMaxItems) {
    return out_of_range("items", std::to_string(options.items), "between 1 and " + std::to_string(kMaxItems));
  }
  if (options.interactions < options.users || options.interactions > kMaxInteractions) {
    return out_of_range("interactions", std::to_string(options.interactions),
                        "at least --users (" + std::to_string(options.users) +
                            ", every user has an interaction) and at most " + std::to_string(kMaxInteractions));
  }
  if (options.days < 1 || options.days > kMaxDays) {
    return out_of_range("days", std::to_string(options.days), "between 1 and " + std::to_string(kMaxDays));
  }
  if (options.start_timestamp < 0 || options.start_timestamp > kMaxTimestamp - options.days * kSecondsPerDay) {
    return out_of_range("start-timestamp", std::to_string(options.start_timestamp),
                        "epoch seconds from 0 to " + std::to_string(kMaxTimestamp - options.days * kSecondsPerDay) +
                            " (the period must end before " + std::to_string(kMaxTimestamp) + ")");
  }
  if (options.genres < 1 || options.genres > 255) {
    return invalid_input("genres must be between 1 and 255, got " + std::to_string(options.genres));
  }
  if (options.output_path.empty()) return invalid_input("--output must name a file");
  if (options.items_output_path == options.output_path) return invalid_input("--items-output must differ from --output");
  if (options.users_output_path == options.output_path) return invalid_input("--users-output must differ from --output");
  if (!options.items_output_path.empty() && options.users_output_path == options.items_output_path) {
    return invalid_input("--users-output must differ from --items-output");
  }
  return Status::ok_status();
}

Status write_synthetic_data(const SynthOptions& options) {
  EDGEREC_RETURN_IF_ERROR(validate_synth_options(options));
  const auto genres = static_cast<uint32_t>(std::min<uint64_t>(options.genres, options.items));
  const Catalog catalog = build_catalog(options, genres);
  const std::vector<uint64_t> counts = allocate_activity(options);
  EDGEREC_RETURN_IF_ERROR(write_interactions_csv(options, catalog, genres, counts));
  if (!options.items_output_path.empty()) EDGEREC_RETURN_IF_ERROR(write_items_csv(options, catalog));
  if (!options.users_output_path.empty()) EDGEREC_RETURN_IF_ERROR(write_users_csv(options, genres, counts));
  return Status::ok_status();
}

}  // namespace edgerec
