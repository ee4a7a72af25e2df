// Streaming, multithreaded batch inference (see batch_inference.h).
#include "batch/batch_inference.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "edgerec/json.h"
#include "train/progress.h"

namespace edgerec {
namespace {

struct Block {
  uint64_t sequence = 0;
  uint64_t first_line = 0;  ///< the input line number of lines[0]
  std::vector<std::pair<uint64_t, std::string>> lines;  ///< line number, text
};

struct Answered {
  std::string text;  ///< the block's output lines, each with its newline
  uint64_t lines = 0;
  uint64_t failed = 0;
};

// The blocks between the reader, the threads and the writer.
class Pipeline {
 public:
  explicit Pipeline(size_t max_in_flight) : max_in_flight_(max_in_flight) {}

  /// Reader: waits until fewer than the bound are in flight, then queues the block.
  void submit(Block block) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return submitted_ - written_ < max_in_flight_; });
    ++submitted_;
    todo_.push_back(std::move(block));
    changed_.notify_all();
  }
  void finish_input() {
    std::lock_guard<std::mutex> lock(mutex_);
    input_done_ = true;
    changed_.notify_all();
  }
  /// Thread: the next block to answer; false once the input is done and nothing is left.
  bool take(Block& block) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !todo_.empty() || input_done_; });
    if (todo_.empty()) return false;
    block = std::move(todo_.front());
    todo_.pop_front();
    return true;
  }
  void done(uint64_t sequence, Answered answered) {
    std::lock_guard<std::mutex> lock(mutex_);
    answered_[sequence] = std::move(answered);
    changed_.notify_all();
  }
  /// Writer: the next block in order, once answered; false when every block was written.
  bool next_in_order(Answered& out) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return answered_.count(written_) != 0 || (input_done_ && written_ == submitted_); });
    auto it = answered_.find(written_);
    if (it == answered_.end()) return false;
    out = std::move(it->second);
    answered_.erase(it);
    ++written_;
    changed_.notify_all();
    return true;
  }

 private:
  const size_t max_in_flight_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Block> todo_;
  std::map<uint64_t, Answered> answered_;
  uint64_t submitted_ = 0;
  uint64_t written_ = 0;
  bool input_done_ = false;
};

std::string os_reason() { return std::strerror(errno); }

bool blank(const std::string& line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

std::string BatchRunSummary::to_json() const {
  JsonWriter w;
  w.begin_object();
  w.key("lines");
  w.integer(static_cast<int64_t>(lines));
  w.key("answered");
  w.integer(static_cast<int64_t>(answered));
  w.key("failed");
  w.integer(static_cast<int64_t>(failed));
  w.key("threads");
  w.integer(threads);
  w.key("seconds");
  w.number(seconds);
  w.key("linesPerSecond");
  w.number(seconds > 0 ? static_cast<double>(lines) / seconds : 0.0);
  w.end_object();
  return w.take();
}

Result<BatchRunSummary> run_batch_inference(Runtime& runtime, const std::string& input_path,
                                            const std::string& output_path, const BatchRunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::FILE* in = std::fopen(input_path.c_str(), "rb");
  if (in == nullptr) return io_error("cannot open " + input_path + ": " + os_reason());
  struct stat info {};
  const uint64_t input_bytes = ::fstat(::fileno(in), &info) == 0 ? static_cast<uint64_t>(info.st_size) : 0;
  const std::string partial = output_path + ".partial-" + std::to_string(::getpid());
  std::FILE* out = std::fopen(partial.c_str(), "wb");
  if (out == nullptr) {
    std::fclose(in);
    return io_error("cannot create " + partial + ": " + os_reason());
  }
  const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  Pipeline pipeline(4 * static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      Block block;
      while (pipeline.take(block)) {
        Answered a;
        for (const BatchLine& answered : answer_batch_lines(runtime, block.lines, options.settings)) {
          a.text += answered.text;
          a.text += '\n';
          if (!answered.answered) ++a.failed;
          ++a.lines;
        }
        pipeline.done(block.sequence, std::move(a));
      }
    });
  }
  // The writer: blocks in input order, as soon as each is answered.
  Status written;
  BatchRunSummary summary;
  std::thread writer([&] {
    Answered a;
    while (pipeline.next_in_order(a)) {
      if (written.ok() && std::fwrite(a.text.data(), 1, a.text.size(), out) != a.text.size()) {
        written = io_error("cannot write " + partial + ": " + os_reason());
      }
      summary.lines += a.lines;
      summary.failed += a.failed;
    }
  });

  Status read;
  {
    Progress progress("batch", input_bytes, "bytes", !options.progress);
    char* buffer = nullptr;
    size_t capacity = 0;
    uint64_t line_number = 0;
    uint64_t bytes_read = 0;
    uint64_t sequence = 0;
    Block block;
    for (;;) {
      errno = 0;
      const ssize_t n = ::getline(&buffer, &capacity, in);
      if (n < 0) {
        if (errno != 0 && !std::feof(in)) read = io_error("cannot read " + input_path + ": " + os_reason());
        break;
      }
      ++line_number;
      bytes_read += static_cast<uint64_t>(n);
      std::string line(buffer, static_cast<size_t>(n));
      if (!line.empty() && line.back() == '\n') line.pop_back();
      if (blank(line)) continue;
      block.lines.emplace_back(line_number, std::move(line));
      if (block.lines.size() >= options.block_lines) {
        block.sequence = sequence++;
        pipeline.submit(std::move(block));
        block = Block();
        progress.update(bytes_read);
      }
    }
    if (!block.lines.empty()) {
      block.sequence = sequence++;
      pipeline.submit(std::move(block));
    }
    std::free(buffer);
    pipeline.finish_input();
    for (std::thread& t : pool) t.join();
    writer.join();
    if (read.ok()) progress.update(input_bytes);
  }
  std::fclose(in);
  if (std::fflush(out) != 0 && written.ok()) written = io_error("cannot write " + partial + ": " + os_reason());
  if (::fsync(::fileno(out)) != 0 && written.ok()) written = io_error("cannot sync " + partial + ": " + os_reason());
  std::fclose(out);
  Status outcome = !read.ok() ? read : written;
  if (outcome.ok() && std::rename(partial.c_str(), output_path.c_str()) != 0) {
    outcome = io_error("cannot rename " + partial + " to " + output_path + ": " + os_reason());
  }
  if (!outcome.ok()) {
    std::remove(partial.c_str());
    return outcome;
  }
  summary.answered = summary.lines - summary.failed;
  summary.threads = threads;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace edgerec
