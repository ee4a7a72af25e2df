// Synthetic Personalize datasets with structure a recommender can learn, for tests, benchmarks
// and demos (`edgerec synth`).
//
// The data follow a small generative story:
//  - items: each belongs to one of `genres` latent genres; popularity is Zipf-like (weight
//    1/rank) over a random ranking, so a few items get most interactions;
//  - users: each has an age group and a genre mixture (a favourite genre, correlated with the
//    age group, a second genre, and a little of everything); activity is power-law distributed
//    and every user has at least 2 interactions when interactions >= 2 x users;
//  - behaviour is sequential: a user acts in sessions; within a session they mostly stay in one
//    genre and often move to an item next to the previous one in that genre's popularity
//    order, so sequence-aware models have signal; timestamps increase through a user's events
//    and no item is used before its creation time (new items appear during the period);
//  - events: view / click / purchase at about 70% / 20% / 10%; a purchase's EVENT_VALUE is the
//    item's price, view and click leave it empty.
//
// Output is byte-identical for the same options on every platform: the generator uses its own
// PRNG (xoshiro256**) and only IEEE-exact arithmetic (+ - * / sqrt), never std:: distributions
// or libm functions whose results differ between standard libraries. Interactions are written
// user by user as they are generated, so memory is O(users + items) whatever the number of
// interactions.
#pragma once

#include <cstdint>
#include <string>

#include "edgerec/status.h"

namespace edgerec {

/// 2023-11-14T22:13:20Z: a fixed default so output does not depend on the clock.
inline constexpr int64_t kDefaultSynthStartTimestamp = 1'700'000'000;

struct SynthOptions {
  uint64_t users = 0;         ///< Distinct users (ids u0..), 1 to 100,000,000.
  uint64_t items = 0;         ///< Distinct items (ids i0..), 1 to 10,000,000.
  uint64_t interactions = 0;  ///< Rows written exactly; at least `users`.
  uint64_t seed = 0;
  /// Interactions CSV: USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE ("-" for stdout).
  std::string output_path;
  /// Optional Items CSV: ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP (empty: not written).
  std::string items_output_path;
  /// Optional Users CSV: USER_ID,AGE_GROUP,MEMBERSHIP (empty: not written).
  std::string users_output_path;
  /// Interactions fall in [start_timestamp, start_timestamp + days x 86400), epoch seconds.
  int64_t start_timestamp = kDefaultSynthStartTimestamp;
  int64_t days = 90;
  /// Number of latent genres (at most 255; reduced to `items` if there are fewer items).
  uint32_t genres = 8;
};

/// InvalidInput naming the option (by its `edgerec synth` flag) that is out of range.
Status validate_synth_options(const SynthOptions& options);

/**
 * Generates the dataset and writes the requested files. Each file is written to a temporary
 * name next to it and renamed into place when complete, so a failed run leaves no partial file.
 * @return InvalidInput for bad options (see validate_synth_options), IoError if a file cannot
 *   be written.
 */
Status write_synthetic_data(const SynthOptions& options);

}  // namespace edgerec
