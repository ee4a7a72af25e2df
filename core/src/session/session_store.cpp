// The bounded store of live sessions (see session_store.h).
#include "session/session_store.h"

#include <algorithm>
#include <cctype>

#include "session/session_signal.h"

namespace edgerec {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Drops the oldest events beyond the per-type window (types compared ignoring case, as filters
/// match them) and beyond the per-session cap.
void bound(SessionEvents& events) {
  std::unordered_map<std::string, size_t> per_type;
  std::vector<bool> keep(events.size(), false);
  size_t kept = 0;
  for (size_t i = events.size(); i-- > 0 && kept < kMaxEventsPerSession;) {
    if (++per_type[lower(events[i].event_type)] > kMaxEventsPerTypePerSession) continue;
    keep[i] = true;
    ++kept;
  }
  SessionEvents out;
  out.reserve(kept);
  for (size_t i = 0; i < events.size(); ++i) {
    if (keep[i]) out.push_back(std::move(events[i]));
  }
  events = std::move(out);
}

}  // namespace

void SessionStore::append(const std::string& key, const std::vector<SessionEvent>& events) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    lru_.push_front(key);
    it = entries_.emplace(key, Entry{std::make_shared<const SessionEvents>(), nullptr, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  }
  Entry& entry = it->second;
  auto merged = std::make_shared<SessionEvents>(*entry.events);
  for (const SessionEvent& e : events) {
    // Insert after every event not newer than it: time order, ties in arrival order.
    const auto pos = std::upper_bound(merged->begin(), merged->end(), e.sent_at,
                                      [](double t, const SessionEvent& x) { return t < x.sent_at; });
    merged->insert(pos, e);
  }
  bound(*merged);
  total_events_ = total_events_ - entry.events->size() + merged->size();
  entry.events = std::move(merged);
  entry.signal = nullptr;  // derived from the old events
  evict_locked();
}

void SessionStore::evict_locked() {
  // The newest key is never evicted: a single session within its own bounds always fits.
  while (lru_.size() > 1 && (lru_.size() > limits_.max_sessions || total_events_ > limits_.max_events)) {
    const auto it = entries_.find(lru_.back());
    total_events_ -= it->second.events->size();
    entries_.erase(it);
    lru_.pop_back();
  }
}

bool SessionStore::clear(std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return false;
  total_events_ -= it->second.events->size();
  lru_.erase(it->second.lru);
  entries_.erase(it);
  return true;
}

std::optional<SessionStore::Snapshot> SessionStore::find(std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return Snapshot{it->second.events, it->second.signal};
}

void SessionStore::cache(std::string_view key, const std::shared_ptr<const SessionEvents>& events,
                         std::shared_ptr<const SessionSignal> signal) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(std::string(key));
  if (it != entries_.end() && it->second.events == events) it->second.signal = std::move(signal);
}

size_t SessionStore::sessions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

size_t SessionStore::events() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return total_events_;
}

std::vector<std::pair<std::string, std::shared_ptr<const SessionEvents>>> SessionStore::least_recent_first() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::pair<std::string, std::shared_ptr<const SessionEvents>>> out;
  out.reserve(lru_.size());
  for (auto it = lru_.rbegin(); it != lru_.rend(); ++it) out.emplace_back(*it, entries_.at(*it).events);
  return out;
}

}  // namespace edgerec
