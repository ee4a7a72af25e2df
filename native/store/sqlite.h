// Thin RAII wrappers over SQLite (Debian's libsqlite3) with errors as Status values that name
// the database file and the statement.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <memory>
#include <string>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec::sql {

class Statement;

/// An open database connection. Move-only; closes on destruction.
/// Told once per wait when a connection has waited kWaitNoticeMs for another process's lock on
/// its database (the CLI prints it, so a writer that must wait says so); null, the default: silent.
using WaitNotice = void (*)(const std::string& path);
void set_wait_notice(WaitNotice notice);
inline constexpr int kWaitNoticeMs = 1000;

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Opens (or with `create`, creates) the file. A locked database is retried every millisecond
  /// for up to 10 s (after kWaitNoticeMs the WaitNotice hears of it); foreign keys on.
  static Result<Database> open(const std::string& path, bool create);

  /// Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  /// The single integer a query such as "SELECT count(*) ..." returns.
  Result<int64_t> query_int(std::string_view sql);
  /// The single text value a query returns (e.g. "PRAGMA integrity_check").
  Result<std::string> query_text(std::string_view sql);

  int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  /// An error Status for the connection's last failure: "<path>: <context>: <sqlite message>".
  Status error(std::string_view context) const;

 private:
  /// The connection's last failure as a Status: PATH: detail, its code chosen by SQLite's
  /// (full disk and busy as IoError with what to do, corrupt, constraint...).
  Status classify(std::string detail) const;

  // What the busy handler reads: on the heap, so its address survives the Database's moves.
  struct Waiting {
    std::string path;
  };

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<Waiting> waiting_;
};

/// A prepared statement. bind_* indexes are 1-based, column_* 0-based, as in SQLite.
class Statement {
 public:
  Statement() = default;
  Statement(const Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind_int(int index, int64_t value);
  void bind_double(int index, double value);
  /// The text must outlive the next step() (SQLITE_STATIC, no copy).
  void bind_text(int index, std::string_view value);
  void bind_null(int index);
  void bind_optional_text(int index, const std::optional<std::string>& value);

  /// Steps once: true if a row is available, false when done.
  Result<bool> step();
  /// Steps a statement that returns no rows, then resets it for reuse.
  Status run();
  void reset();

  int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  const Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded, so an
/// early return or error leaves the database as it was.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(&db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status begin();
  Status commit();

 private:
  Database* db_;
  bool open_ = false;
};

/// A read transaction: every query until it ends sees the database as it was at begin(), so
/// counts and rows read by several statements agree while writers commit meanwhile. Ends on
/// destruction; never blocks a writer (WAL). Inside a transaction it does nothing (that
/// transaction is the snapshot).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : db_(&db) {}
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

  Status begin();

 private:
  Database* db_;
  bool open_ = false;
};

/// `name` quoted as an SQL identifier ("a""b").
std::string quote_identifier(std::string_view name);

}  // namespace edgerec::sql
