// Progress reporting.
#include "train/progress.h"

#include <unistd.h>

#include <atomic>
#include <cmath>

namespace edgerec {
namespace {

std::atomic<bool> g_quiet{false};
std::atomic<Progress::Listener> g_listener{nullptr};

std::string format_seconds(double s) {
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof(buf), "%.0fs", s);
  else if (s < 3600) std::snprintf(buf, sizeof(buf), "%.0fm%02.0fs", std::floor(s / 60), std::fmod(s, 60));
  else std::snprintf(buf, sizeof(buf), "%.0fh%02.0fm", std::floor(s / 3600), std::fmod(s / 60, 60));
  return buf;
}

}  // namespace

void Progress::set_quiet(bool quiet) { g_quiet = quiet; }
void Progress::set_listener(Listener listener) { g_listener = listener; }

Progress::Progress(std::string task, uint64_t total, std::string unit, bool quiet)
    : task_(std::move(task)),
      unit_(std::move(unit)),
      total_(total),
      quiet_(quiet || g_quiet),
      terminal_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_),
      last_heard_(start_) {}

Progress::~Progress() {
  if (!finished_ && done_ != 0) draw(true);
}

void Progress::update(uint64_t done) {
  done_ = done;
  const bool final = done_ >= total_;
  const auto now = std::chrono::steady_clock::now();
  if (const Listener listener = g_listener.load(); listener != nullptr && (final || now - last_heard_ >= std::chrono::seconds(1))) {
    last_heard_ = now;
    char line[256];
    std::snprintf(line, sizeof(line), "%s: %llu/%llu %s", task_.c_str(), static_cast<unsigned long long>(done_),
                  static_cast<unsigned long long>(total_), unit_.c_str());
    listener(line);
  }
  if (!terminal_ && !final && now - last_line_ < std::chrono::seconds(5)) return;
  last_line_ = now;
  draw(final);
  finished_ = final;
}

void Progress::draw(bool final) {
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done_, total_)) / rate : 0.0;
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
  if (terminal_) {
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < kWidth) bar += '>' + std::string(static_cast<size_t>(kWidth - filled - 1), ' ');
    std::fprintf(stderr, "\r%s [%s] %3.0f%% %llu/%llu %s  %.2f/s  %s %s\x1b[K%s", task_.c_str(), bar.c_str(),
                 fraction * 100, static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 unit_.c_str(), rate, final ? "took" : "ETA", format_seconds(final ? elapsed : eta).c_str(),
                 final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s: %llu/%llu %s (%.0f%%), %.2f/s, %s %s\n", task_.c_str(),
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_), unit_.c_str(),
                 fraction * 100, rate, final ? "took" : "ETA", format_seconds(final ? elapsed : eta).c_str());
  }
  std::fflush(stderr);
}

}  // namespace edgerec
