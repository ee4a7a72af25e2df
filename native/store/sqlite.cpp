// SQLite wrappers.
#include "store/sqlite.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <utility>

namespace edgerec::sql {
namespace {

constexpr int kBusyTimeoutMs = 10000;

// SQLite's own busy handler sleeps 1, 2, 5, ... up to 100 ms between tries. A chunked import
// (store/import_job.h) leaves the write lock free for a moment between its short transactions;
// a writer that sleeps 100 ms at a time would mostly miss those moments, so waiters poll every
// millisecond instead, for up to the same 10 s.
std::atomic<WaitNotice> wait_notice{nullptr};

int poll_every_millisecond(void* waiting, int tries) {
  if (tries >= kBusyTimeoutMs) return 0;
  if (tries == kWaitNoticeMs) {
    if (const WaitNotice notice = wait_notice.load()) notice(*static_cast<const std::string*>(waiting));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

}  // namespace

void set_wait_notice(WaitNotice notice) { wait_notice.store(notice); }

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), waiting_(std::move(other.waiting_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    waiting_ = std::move(other.waiting_);
  }
  return *this;
}

Result<Database> Database::open(const std::string& path, bool create) {
  Database db;
  db.path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db.db_ != nullptr ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc);
    return rc == SQLITE_CANTOPEN ? not_found(path + ": cannot open database: " + message)
                                 : io_error(path + ": cannot open database: " + message);
  }
  sqlite3_extended_result_codes(db.db_, 1);
  db.waiting_ = std::make_unique<Waiting>(Waiting{path});
  sqlite3_busy_handler(db.db_, poll_every_millisecond, &db.waiting_->path);
  EDGEREC_RETURN_IF_ERROR(db.exec("PRAGMA foreign_keys=ON"));
  return db;
}

Status Database::error(std::string_view context) const {
  return classify(std::string(context) + ": " + sqlite3_errmsg(db_));
}

Status Database::classify(std::string detail) const {
  const int code = sqlite3_errcode(db_);
  std::string message = path_ + ": " + detail;
  // A full disk is the machine's fault, not a limit the caller went past (ResourceExhausted would
  // tell a client its request was too big): IoError, named as such. SQLite reports it as
  // SQLITE_FULL, or as a plain I/O error (creating the WAL's files) with errno ENOSPC. The errno
  // is that of the last failed system call, so it is read only for an I/O error.
  const bool io_failure = (code & 0xFF) == SQLITE_IOERR || (code & 0xFF) == SQLITE_CANTOPEN;
  const int system_errno = io_failure ? sqlite3_system_errno(db_) : 0;
  if (code == SQLITE_FULL || system_errno == ENOSPC || system_errno == EDQUOT) {
    return io_error(std::move(message) + " (no space left on the device; the store is as it was: free some and try again)");
  }
  if (code == SQLITE_NOMEM) return resource_exhausted(std::move(message));
  if ((code & 0xFF) == SQLITE_CORRUPT || (code & 0xFF) == SQLITE_NOTADB) return corrupt_data(std::move(message));
  if ((code & 0xFF) == SQLITE_CONSTRAINT) return invalid_input(std::move(message));
  if ((code & 0xFF) == SQLITE_BUSY) {
    return io_error(std::move(message) + " (another process kept it locked for " + std::to_string(kBusyTimeoutMs / 1000) +
                    " s; try again once it is done)");
  }
  return io_error(std::move(message));
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return classify(detail + " (in \"" + text.substr(0, 120) + "\")");
  }
  return Status::ok_status();
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return error("preparing \"" + std::string(sql.substr(0, 120)) + "\"");
  }
  return Statement(this, stmt);
}

Result<int64_t> Database::query_int(std::string_view sql) {
  EDGEREC_ASSIGN_OR_RETURN(Statement stmt, prepare(sql));
  EDGEREC_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return internal_error(path_ + ": query returned no row: " + std::string(sql));
  return stmt.column_int(0);
}

Result<std::string> Database::query_text(std::string_view sql) {
  EDGEREC_ASSIGN_OR_RETURN(Statement stmt, prepare(sql));
  EDGEREC_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return internal_error(path_ + ": query returned no row: " + std::string(sql));
  return stmt.column_text(0);
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::bind_int(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
void Statement::bind_double(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
void Statement::bind_text(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}
void Statement::bind_null(int index) { sqlite3_bind_null(stmt_, index); }
void Statement::bind_optional_text(int index, const std::optional<std::string>& value) {
  if (value) bind_text(index, *value);
  else bind_null(index);
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = db_->error(std::string("running \"") + sqlite3_sql(stmt_) + "\"");
  sqlite3_reset(stmt_);
  return status;
}

Status Statement::run() {
  auto stepped = step();
  sqlite3_reset(stmt_);
  return stepped.ok() ? Status::ok_status() : stepped.status();
}

void Statement::reset() { sqlite3_reset(stmt_); }

int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }
double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }
std::string Statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  return text == nullptr ? std::string() : std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}
bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

Transaction::~Transaction() {
  if (open_) (void)db_->exec("ROLLBACK");
}

Status Transaction::begin() {
  EDGEREC_RETURN_IF_ERROR(db_->exec("BEGIN IMMEDIATE"));
  open_ = true;
  return Status::ok_status();
}

Status Transaction::commit() {
  EDGEREC_RETURN_IF_ERROR(db_->exec("COMMIT"));
  open_ = false;
  return Status::ok_status();
}

ReadSnapshot::~ReadSnapshot() {
  if (open_) (void)db_->exec("COMMIT");
}

Status ReadSnapshot::begin() {
  // Inside a transaction already: that one is the snapshot.
  if (sqlite3_get_autocommit(db_->handle()) == 0) return Status::ok_status();
  // BEGIN DEFERRED takes no lock; the first read fixes the snapshot (WAL: never blocks a writer).
  EDGEREC_RETURN_IF_ERROR(db_->exec("BEGIN DEFERRED"));
  open_ = true;
  return db_->query_int("SELECT count(*) FROM sqlite_master").status();
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace edgerec::sql
