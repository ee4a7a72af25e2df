// One dataset group's writer: everything `edgerec serve` stores in a group goes through it, on its
// own thread and its own SQLite connection, so writers never contend inside the process and many
// small requests share one commit (group commit): the events of every PutEvents that arrived while
// the previous transaction ran are stored in the next one, each in a SAVEPOINT, so one request's
// failure undoes only that request. A request is answered only after its transaction committed:
// an acknowledged event is in the store (WAL mode; it survives the process being killed).
//
// Work that has its own transaction (an event batch, PutItems) runs alone, between group commits.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "edgerec/status.h"
#include "store/dataset_group.h"

namespace edgerec::server {

class EventWriter {
 public:
  using Work = std::function<Status(DatasetGroup& group)>;
  using Done = std::function<void(const Status& status)>;

  /// Opens the group at `dir` with a connection of its own and starts the thread.
  static Result<std::unique_ptr<EventWriter>> start(const std::string& dir);
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  /// `work` joins the next group transaction; `done` is called (on the writer's thread) once it
  /// committed, or with the failure (its own, or the commit's).
  void shared(Work work, Done done);
  /// `work` runs by itself, opening its own transaction; then `done`.
  void alone(Work work, Done done);

  /// Finishes what is queued, then ends the thread. Later work is refused. Idempotent.
  void stop();

  /// Transactions committed so far (for /metrics).
  uint64_t commits() const;

 private:
  struct Task {
    bool alone = false;
    Work work;
    Done done;
  };
  explicit EventWriter(DatasetGroup group);
  void run();
  void run_shared(std::deque<Task>& batch);
  void enqueue(Task task);

  DatasetGroup group_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  uint64_t commits_ = 0;
  std::thread thread_;
};

}  // namespace edgerec::server
