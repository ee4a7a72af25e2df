// A writer that finds a dataset group's store locked by another process waits for it (up to
// 10 s) and, past kWaitNoticeMs, says so through the WaitNotice (the CLI prints it); once the
// lock is free its write goes through.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite.h"
#include "support/fixtures.h"

using edgerec::testing::TempDir;

namespace {

std::mutex noticed_mutex;
std::string noticed_path;
std::atomic<int> notices{0};

void record_notice(const std::string& path) {
  std::lock_guard<std::mutex> lock(noticed_mutex);
  noticed_path = path;
  ++notices;
}

}  // namespace

TEST_CASE("sqlite: a writer kept waiting by another one says so, then writes", "[sqlite][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("store.db");
  auto holder = edgerec::sql::Database::open(path, true);
  REQUIRE(holder.ok());
  REQUIRE(holder->exec("PRAGMA journal_mode=WAL; CREATE TABLE t(x INTEGER)").ok());
  edgerec::sql::set_wait_notice(record_notice);
  notices = 0;
  REQUIRE(holder->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)").ok());  // the write lock, held

  edgerec::Status waiter_status = edgerec::internal_error("not run");
  std::thread waiter([&] {
    auto db = edgerec::sql::Database::open(path, false);  // moved out of open(): the handler must still work
    if (!db.ok()) {
      waiter_status = db.status();
      return;
    }
    waiter_status = db->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2); COMMIT");
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (notices == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(notices == 1);
  REQUIRE(holder->exec("COMMIT").ok());
  waiter.join();
  edgerec::sql::set_wait_notice(nullptr);
  INFO(waiter_status.to_string());
  CHECK(waiter_status.ok());
  {
    std::lock_guard<std::mutex> lock(noticed_mutex);
    CHECK(noticed_path == path);
  }
  auto rows = holder->query_int("SELECT count(*) FROM t");
  REQUIRE(rows.ok());
  CHECK(*rows == 2);
}
