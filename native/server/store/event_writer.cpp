// Group commit for a dataset group's writes (see event_writer.h).
#include "server/store/event_writer.h"

#include <vector>

namespace edgerec::server {

Result<std::unique_ptr<EventWriter>> EventWriter::start(const std::string& dir) {
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(dir));
  std::unique_ptr<EventWriter> writer(new EventWriter(std::move(group)));
  writer->thread_ = std::thread([w = writer.get()] { w->run(); });
  return writer;
}

EventWriter::EventWriter(DatasetGroup group) : group_(std::move(group)) {}

EventWriter::~EventWriter() { stop(); }

void EventWriter::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t EventWriter::commits() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return commits_;
}

void EventWriter::shared(Work work, Done done) { enqueue({false, std::move(work), std::move(done)}); }

void EventWriter::alone(Work work, Done done) { enqueue({true, std::move(work), std::move(done)}); }

void EventWriter::enqueue(Task task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(task));
      wake_.notify_one();
      return;
    }
  }
  task.done(failed_precondition("the server is shutting down; retry against a running one"));
}

void EventWriter::run() {
  for (;;) {
    std::deque<Task> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      // Everything that arrived meanwhile, up to the first task that runs alone.
      if (queue_.front().alone) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front().alone) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
    }
    if (batch.front().alone) {
      Task& task = batch.front();
      const Status status = task.work(group_);
      if (status.ok()) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++commits_;
      }
      task.done(status);
    } else {
      run_shared(batch);
    }
  }
}

void EventWriter::run_shared(std::deque<Task>& batch) {
  sql::Database& db = group_.db();
  std::vector<Status> results(batch.size());
  sql::Transaction txn(db);
  Status status = txn.begin();
  if (status.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) {
      Status s = db.exec("SAVEPOINT request");
      if (s.ok()) s = batch[i].work(group_);
      // A failed request is undone alone; the others stay in the transaction.
      const Status closed = s.ok() ? db.exec("RELEASE request") : db.exec("ROLLBACK TO request; RELEASE request");
      results[i] = s.ok() ? closed : s;
      if (!closed.ok()) {
        status = closed;
        break;
      }
    }
  }
  if (status.ok()) status = txn.commit();
  if (status.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++commits_;
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(status.ok() ? results[i] : status);
}

}  // namespace edgerec::server
