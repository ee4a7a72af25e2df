// How far back an event lies, when events may share a timestamp. Data exported with dates only,
// ratings imported in bulk or counts with one time for all carry no order among tied events: the
// position of one tied event before another is an artefact (file order, id order), so nothing may
// read it. Every order-dependent part (the trainer's recency weights, transitions and validation
// splits; the core's fold-in and sequence part) counts steps between distinct timestamps instead:
// tied events are one step, and the newest step is 0. For data without ties this is the position
// from the newest event, exactly as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgerec {

/// steps[i] for events in time order (oldest first, ties adjacent): 0 for the newest timestamp,
/// +1 at every change of timestamp going back.
template <typename Time>
std::vector<uint32_t> steps_from_newest(const Time* times, size_t n) {
  std::vector<uint32_t> steps(n, 0);
  uint32_t step = 0;
  for (size_t i = n; i-- > 0;) {
    if (i + 1 < n && times[i] != times[i + 1]) ++step;
    steps[i] = step;
  }
  return steps;
}

/// Calls visit(begin, end, step) for the events [begin, end) of each step back from the newest
/// (events sharing a timestamp are one step), newest first, for at most `max_steps` steps. With
/// `times` null every event is its own step.
template <typename Time, typename Visit>
void for_each_step_from_newest(const Time* times, size_t n, size_t max_steps, Visit visit) {
  size_t end = n;
  for (size_t step = 0; end > 0 && step < max_steps; ++step) {
    size_t begin = end - 1;
    if (times != nullptr) {
      while (begin > 0 && times[begin - 1] == times[end - 1]) --begin;
    }
    visit(begin, end, step);
    end = begin;
  }
}

/// The share of consecutive pairs, in runs of events each in time order, whose timestamps
/// differ: 1 for fully ordered data, 0 when every run shares one timestamp. `runs` + 1 offsets
/// delimit the runs (a user's events) in `times`. 1 when there is no pair at all.
template <typename Time, typename Offset>
double ordered_fraction(const Time* times, const Offset* offsets, size_t runs) {
  uint64_t pairs = 0;
  uint64_t ordered = 0;
  for (size_t r = 0; r < runs; ++r) {
    for (Offset e = offsets[r] + 1; e < offsets[r + 1]; ++e) {
      ++pairs;
      ordered += times[e] != times[e - 1] ? 1 : 0;
    }
  }
  return pairs == 0 ? 1.0 : static_cast<double>(ordered) / static_cast<double>(pairs);
}

}  // namespace edgerec
