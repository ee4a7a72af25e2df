// Progress of long training steps on stderr: a bar with rate and ETA on a terminal, plain
// lines (at most one every few seconds, and the last one) otherwise, nothing when quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace edgerec {

class Progress {
 public:
  /// `unit` names what is counted ("iterations", "trials").
  Progress(std::string task, uint64_t total, std::string unit, bool quiet = false);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Records that `done` of `total` are finished.
  void update(uint64_t done);
  /// Turns progress output off or on for the whole process (`edgerec train --quiet`).
  static void set_quiet(bool quiet);
  /// Also hands every progress line (at most one a second, and the last) to `listener`, quiet or
  /// not: a control-plane worker records them for DescribeSolutionVersion. Null: none.
  using Listener = void (*)(const std::string& line);
  static void set_listener(Listener listener);

 private:
  void draw(bool final);

  std::string task_;
  std::string unit_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool quiet_;
  bool terminal_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
  std::chrono::steady_clock::time_point last_heard_;
};

}  // namespace edgerec
