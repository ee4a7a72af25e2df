// A batch inference job over a file: every line of IN.jsonl answered (batch_query.h) into
// OUT.jsonl, in input order, by a pool of threads.
//
// Streaming: lines are read in blocks, at most a few blocks per thread are in flight, and each
// answered block is written as soon as those before it are, so memory stays bounded whatever the
// input's size. The output is written to OUT.partial-PID and renamed to OUT once complete: a run
// that fails (unreadable input, a full disk, a kill) leaves no OUT, and never a partial one. A
// line that cannot be answered gets an error line and the job goes on.
#pragma once

#include <cstdint>
#include <string>

#include "batch/batch_query.h"
#include "edgerec/runtime.h"
#include "edgerec/status.h"

namespace edgerec {

struct BatchRunOptions {
  BatchJobSettings settings;
  unsigned threads = 0;      ///< 0: one per core
  bool progress = true;      ///< a progress line on stderr (a bar on a terminal)
  size_t block_lines = 512;  ///< lines a thread answers at a time
};

struct BatchRunSummary {
  uint64_t lines = 0;     ///< input lines answered (blank lines are skipped)
  uint64_t answered = 0;  ///< of those, with an output
  uint64_t failed = 0;    ///< with an error
  unsigned threads = 0;
  double seconds = 0;

  /// {"lines","answered","failed","threads","seconds","linesPerSecond"}
  std::string to_json() const;
};

/// Runs the job. An error only when the job itself fails (the input cannot be read, the output
/// cannot be written); then no output file is left.
Result<BatchRunSummary> run_batch_inference(Runtime& runtime, const std::string& input_path,
                                            const std::string& output_path, const BatchRunOptions& options);

}  // namespace edgerec
