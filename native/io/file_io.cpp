// Whole-file reads and crash-safe writes.
#include "io/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edgerec {
namespace {

std::string os_reason() { return std::strerror(errno); }

}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const bool missing = errno == ENOENT;
    const std::string message = "cannot open " + path + ": " + os_reason();
    return missing ? not_found(message) : io_error(message);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return io_error("cannot read " + path + ": " + (S_ISDIR(st.st_mode) ? "is a directory" : os_reason()));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = n < 0 ? os_reason() : "file shrank while reading";
      ::close(fd);
      return io_error("cannot read " + path + ": " + reason);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return bytes;
}

Status write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes, unsigned mode) {
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  // A leftover temporary file (from a run killed mid-write) would keep its old mode through
  // O_TRUNC; a fresh one gets `mode`.
  ::unlink(temp.c_str());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return io_error("cannot create " + temp + ": " + os_reason());
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = os_reason();
      ::close(fd);
      ::unlink(temp.c_str());
      return io_error("cannot write " + temp + ": " + reason);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = os_reason();
    ::unlink(temp.c_str());
    return io_error("cannot flush " + temp + ": " + reason);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = os_reason();
    ::unlink(temp.c_str());
    return io_error("cannot rename " + temp + " to " + path + ": " + reason);
  }
  // The rename is durable only once the directory entry is on disk.
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0 || ::fsync(dir_fd) != 0) {
    const std::string reason = os_reason();
    if (dir_fd >= 0) ::close(dir_fd);
    return io_error("cannot flush the directory " + dir + " after writing " + path + ": " + reason);
  }
  ::close(dir_fd);
  return Status::ok_status();
}

}  // namespace edgerec
