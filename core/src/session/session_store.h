// Live sessions: each session key's latest events (PutEvents), in a bounded, thread-safe store
// owned by one Runtime. A session key is a userId, or a sessionId for an anonymous session.
//
// Only events on items the solution knows are kept (nothing else can change a recommendation or
// a filter), as catalog indices. Per key the store keeps the newest kMaxEventsPerTypePerSession
// events of each event type (Personalize's window for Interactions filters) and at most
// kMaxEventsPerSession in all; the oldest go first. Memory overall is capped by the number of
// keys and of events (SessionLimits); beyond either cap the least recently used keys (touched by
// PutEvents or by a request reading them) are evicted whole. With the defaults (10,000 keys,
// 100,000 events of up to ~300 bytes each) the store stays below about 30 MB, typically far less.
//
// Each key also caches what was derived from its events (the folded-in vector and so on, see
// session_signal.h): it is computed on the first request after the events changed and reused
// until they change again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "edgerec/limits.h"

namespace edgerec {



/// One event of a session on a catalog item.
struct SessionEvent {
  uint32_t item = 0;       ///< catalog index
  std::string event_type;  ///< as sent
  double sent_at = 0.0;    ///< epoch seconds
  float value = 0.0f;      ///< eventValue; NaN if none
};

/// A key's events, oldest first (by sentAt, ties in arrival order). Immutable once shared.
using SessionEvents = std::vector<SessionEvent>;

struct SessionSignal;  // session_signal.h

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {}) : limits_(limits) {}

  /// Adds `events` to `key`'s session (creating it), then applies the bounds.
  void append(const std::string& key, const std::vector<SessionEvent>& events);

  /// Forgets `key`'s session; false if there was none.
  bool clear(std::string_view key);

  struct Snapshot {
    std::shared_ptr<const SessionEvents> events;
    std::shared_ptr<const SessionSignal> signal;  ///< cached for these events, or null
  };
  /// `key`'s events and cached signal (marking the key used), or nothing.
  std::optional<Snapshot> find(std::string_view key);

  /// Caches `signal` for `key` if its events are still `events` (they may have changed meanwhile).
  void cache(std::string_view key, const std::shared_ptr<const SessionEvents>& events,
             std::shared_ptr<const SessionSignal> signal);

  size_t sessions() const;
  size_t events() const;

  /// Every key's events, least recently used first (the order that rebuilds the same LRU order
  /// when appended one after another).
  std::vector<std::pair<std::string, std::shared_ptr<const SessionEvents>>> least_recent_first() const;

 private:
  struct Entry {
    std::shared_ptr<const SessionEvents> events;
    std::shared_ptr<const SessionSignal> signal;
    std::list<std::string>::iterator lru;  // position in lru_ (front = most recent)
  };
  void evict_locked();

  SessionLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;
  size_t total_events_ = 0;
};

}  // namespace edgerec
