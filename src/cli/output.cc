#include "cli/output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace acocalc {
namespace {

// Beyond this much, stdout output spills into an anonymous temporary file so
// that memory stays bounded on large runs.
constexpr std::size_t kSpillBytes = 8u << 20;
// Streamed output is written in blocks of this size.
constexpr std::size_t kStreamBlock = 1u << 20;
// Output written through to a regular file (Output::write_through): blocks
// of at most this size, in a buffer that never grows past it, and so for
// -o's temporary file.
constexpr std::size_t kThroughBlock = 256u << 10;

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The temporary file of -o, for the signal handler: a signal that ends the
// run (INT, TERM, HUP, PIPE) removes it first. The path lives in a static
// buffer, written before the handler may read it (armed).
char temp_path_buffer[8192];
volatile std::sig_atomic_t temp_armed = 0;
constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

// Standard output written as it comes (Output::write_through): the length
// it had, to cut it back to when the run fails or a signal ends it (armed
// once stdout_start is set).
off_t stdout_start = 0;
volatile std::sig_atomic_t stdout_armed = 0;

// Cuts standard output back to the length it had when the run began: what
// the run wrote to it is taken back. Async-signal-safe.
void cut_stdout_back() {
  if (::ftruncate(STDOUT_FILENO, stdout_start) == 0) ::lseek(STDOUT_FILENO, stdout_start, SEEK_SET);
}

extern "C" void remove_temporary_and_reraise(int sig) {
  if (temp_armed) ::unlink(temp_path_buffer);
  if (stdout_armed) cut_stdout_back();
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  ::sigemptyset(&action.sa_mask);
  ::sigaction(sig, &action, nullptr);
  ::raise(sig);  // delivered, with the default action, once the handler returns
}

// Handlers for the signals whose default action ends the process; a signal
// the caller ignores (nohup, a background job's SIGINT) stays ignored.
void install_cleanup_handlers() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  for (const int sig : kCleanupSignals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction action {};
    action.sa_handler = remove_temporary_and_reraise;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(sig, &action, nullptr);
  }
}

// mkstemp() on `pattern` in the static buffer, armed from before the file
// exists: a signal at any moment finds its name. -1 (errno set) on failure.
int make_temporary_file(const std::string& pattern) {
  if (pattern.size() >= sizeof temp_path_buffer) {
    errno = ENAMETOOLONG;
    return -1;
  }
  install_cleanup_handlers();
  std::memcpy(temp_path_buffer, pattern.c_str(), pattern.size() + 1);
  temp_armed = 1;
  const int fd = ::mkstemp(temp_path_buffer);
  if (fd < 0) temp_armed = 0;
  return fd;
}

std::string temporary_path() { return temp_path_buffer; }

// Removes the temporary file (if any is left) and disarms the handler.
void remove_temporary_file() {
  if (temp_armed) ::unlink(temp_path_buffer);
  temp_armed = 0;
}

// After the rename: nothing to remove any more.
void disarm_temporary_file() { temp_armed = 0; }

bool stdout_was_closed = false;

// Writes all of `bytes` to `fd`, through short writes and EINTR.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

void guard_standard_streams() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open() takes the lowest free descriptor: this one.
    const int opened = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (opened != fd && opened >= 0) ::close(opened);
    if (fd == STDOUT_FILENO) stdout_was_closed = true;
  }
  std::signal(SIGXFSZ, SIG_IGN);
}

Output::Output(std::string path)
    : path_(std::move(path)), destination_(path_.empty() ? stdout : nullptr) {}

Output::~Output() {
  discard();
  if (destination_ && destination_ != stdout) std::fclose(destination_);
}

bool Output::open(std::string* error) {
  if (path_.empty()) return true;
  struct stat existing {};
  const bool exists = ::stat(path_.c_str(), &existing) == 0;
  if (!exists) {
    const int stat_errno = errno;
    struct stat link {};
    if (::lstat(path_.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      // `> LINK` would make the file a dangling link names, wherever it
      // points: refused, the link left as it is (and a loop of links is
      // not replaced by a file either).
      *error =
          stat_errno == ENOENT
              ? fmt::format(
                    "{}: is a symbolic link to a missing file; refusing to create a file through "
                    "it (create the file it names, or remove the link)",
                    path_)
              : fmt::format("{}: cannot follow the symbolic link: {}", path_,
                            std::strerror(stat_errno));
      return false;
    }
  }
  if (exists) {
    // The file standard output or standard error already writes to
    // (`-o /dev/stdout >> log`, `{ acocalc ... -o log; } > log`): written
    // through that descriptor, at its offset, never replaced.
    for (const int fd : {STDOUT_FILENO, STDERR_FILENO}) {
      struct stat open_file {};
      if (::fstat(fd, &open_file) == 0 && open_file.st_dev == existing.st_dev &&
          open_file.st_ino == existing.st_ino) {
        if (fd == STDOUT_FILENO) {
          destination_ = stdout;
          return true;
        }
        const int copy = ::dup(fd);
        destination_ = copy < 0 ? nullptr : ::fdopen(copy, "wb");
        if (!destination_) {
          if (copy >= 0) ::close(copy);
          *error = fmt::format("{}: cannot open: {}", path_, std::strerror(errno));
          return false;
        }
        return true;
      }
    }
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device, pipe or socket (a FIFO, /dev/null) cannot be replaced by a
    // rename: it is written like standard output, at commit().
    destination_ = std::fopen(path_.c_str(), "wb");
    if (!destination_) {
      *error = fmt::format("{}: cannot open: {}", path_, std::strerror(errno));
      return false;
    }
    return true;
  }
  // Through a symbolic link (a link to the real output) the file it names
  // is replaced, not the link.
  replaced_ = path_;
  if (exists) {
    if (char* real = ::realpath(path_.c_str(), nullptr)) {
      replaced_ = real;
      std::free(real);
    }
  }
  std::string base =
      replaced_.substr(replaced_.rfind('/') == std::string::npos ? 0 : replaced_.rfind('/') + 1);
  const std::string pattern = directory_of(replaced_) + "/." + base + ".tmp.XXXXXX";
  const int fd = make_temporary_file(pattern);
  if (fd < 0) {
    *error = fmt::format("{}: cannot create a temporary file beside it: {}", path_,
                         std::strerror(errno));
    return false;
  }
  temp_path_ = temporary_path();
  // mkstemp makes the file 0600; the output should have the mode a plain
  // `> OUT` would give it: the permissions of the file it replaces (never
  // its setuid, setgid or sticky bits), or 0666 less the umask.
  mode_t mode = 0;
  if (exists) {
    mode = existing.st_mode & 0777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0) {
    const int saved = errno;
    ::close(fd);
    remove_temporary_file();
    temp_path_.clear();
    *error = fmt::format("{}: cannot set the mode of the temporary file: {}", path_,
                         std::strerror(saved));
    return false;
  }
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    const int saved = errno;
    ::close(fd);
    remove_temporary_file();
    temp_path_.clear();
    *error = fmt::format("{}: {}", path_, std::strerror(saved));
    return false;
  }
  std::setvbuf(file_, nullptr, _IOFBF, kThroughBlock);
  return true;
}

bool Output::write_through(const std::vector<std::string>& inputs) {
  if (!destination_) return file_ != nullptr;  // -o's temporary file
  if (destination_ != stdout || stdout_was_closed || !buffer_.empty()) return false;
  // A pipe, a terminal or a device cannot take back what it was given; a
  // file opened for appending (>>) may be shared with other writers, which
  // cutting it back would wrong; bytes over which the report would be
  // written (1<> FILE) could not be put back; and a file read as an input
  // would be read as it is written.
  struct stat out {};
  if (::fstat(STDOUT_FILENO, &out) != 0 || !S_ISREG(out.st_mode)) return false;
  const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
  if (flags < 0 || (flags & O_APPEND) != 0) return false;
  const off_t offset = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
  if (offset < 0 || offset != out.st_size) return false;
  for (const auto& path : inputs.empty() ? std::vector<std::string>{"-"} : inputs) {
    struct stat in {};
    const int found = path == "-" ? ::fstat(STDIN_FILENO, &in) : ::stat(path.c_str(), &in);
    if (found == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) return false;
  }
  install_cleanup_handlers();
  stdout_start = offset;
  std::atomic_signal_fence(std::memory_order_release);  // set before the handler may read it
  stdout_armed = 1;
  through_ = true;
  buffer_.reserve(kThroughBlock);
  return true;
}

void Output::flush_through() {
  if (!failed_ && !write_all(STDOUT_FILENO, buffer_)) {
    failed_ = true;
    saved_errno_ = errno;
  }
  buffer_.clear();
}

void Output::take_back() {
  buffer_.clear();
  if (through_) {
    cut_stdout_back();
  } else if (file_ && !destination_) {  // -o's temporary file: emptied
    std::fflush(file_);
    if (::ftruncate(::fileno(file_), 0) != 0 && !failed_) {
      failed_ = true;
      saved_errno_ = errno;
    }
    std::rewind(file_);
  } else if (file_) {  // a spill of held-back output
    std::fclose(file_);
    file_ = nullptr;
  }
}

void Output::stream() {
  if (!destination_ || file_) return;
  streaming_ = true;
  flush_stream();
}

void Output::flush_stream() {
  if (!failed_ && !buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), destination_) != buffer_.size()) {
    failed_ = true;
    saved_errno_ = errno;
  }
  buffer_.clear();
}

bool Output::spill() {
  file_ = std::tmpfile();
  if (!file_) return false;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) return false;
  buffer_.clear();
  buffer_.shrink_to_fit();
  return true;
}

void Output::write(std::string_view bytes) {
  if (failed_) return;
  if (through_) {
    if (buffer_.size() + bytes.size() > kThroughBlock) flush_through();
    if (bytes.size() < kThroughBlock) {
      buffer_.append(bytes);
    } else if (!failed_ && !write_all(STDOUT_FILENO, bytes)) {
      failed_ = true;
      saved_errno_ = errno;
    }
    return;
  }
  if (streaming_) {
    buffer_.append(bytes);
    if (buffer_.size() >= kStreamBlock) flush_stream();
    return;
  }
  if (!file_) {
    buffer_.append(bytes);
    if (buffer_.size() < kSpillBytes) return;
    if (!spill()) {
      failed_ = true;
      saved_errno_ = errno;
    }
    return;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    failed_ = true;
    saved_errno_ = errno;
  }
}

bool Output::commit(std::string* error) {
  const std::string target = path_.empty() ? "<stdout>" : path_;
  if (through_) flush_through();
  if (failed_) {
    *error = fmt::format("{}: write error: {}", target, std::strerror(saved_errno_));
    discard();
    return false;
  }
  if (!destination_) {
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) {
      *error = fmt::format("{}: write error: {}", target, std::strerror(errno));
      discard();
      return false;
    }
    std::fclose(file_);
    file_ = nullptr;
    if (std::rename(temp_path_.c_str(), replaced_.c_str()) != 0) {
      *error = fmt::format("{}: cannot rename the temporary file over it: {}", target,
                           std::strerror(errno));
      discard();
      return false;
    }
    disarm_temporary_file();
    temp_path_.clear();
    // The rename itself reaches the disk with its directory: a crash after
    // acocalc exits 0 leaves the new OUT, not the old one.
    const std::string directory = directory_of(replaced_);
    if (const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
      ::fsync(fd);  // best effort: some file systems refuse fsync on a directory
      ::close(fd);
    }
    return true;
  }
  if (through_) {
    through_ = false;
    stdout_armed = 0;  // published: nothing to take back any more
    return true;
  }
  if (destination_ == stdout && stdout_was_closed) {
    *error = fmt::format("{}: write error: {}", target, std::strerror(EBADF));
    discard();
    return false;
  }
  bool ok = true;
  if (file_) {
    // The spill's last bytes are flushed here: a full disk shows now, as
    // does a failed read back (rewind() would hide both).
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) ok = false;
    char block[1 << 16];
    std::size_t n;
    while (ok && (n = std::fread(block, 1, sizeof block, file_)) > 0) {
      if (std::fwrite(block, 1, n, destination_) != n) ok = false;
    }
    if (std::ferror(file_)) ok = false;
    std::fclose(file_);
    file_ = nullptr;
  } else if (!buffer_.empty()) {
    ok = std::fwrite(buffer_.data(), 1, buffer_.size(), destination_) == buffer_.size();
    buffer_.clear();
  }
  // Buffered output hides write errors (> /dev/full): flush and check.
  if (std::fflush(destination_) != 0 || std::ferror(destination_) || !ok) {
    *error = fmt::format("{}: write error: {}", target, std::strerror(errno));
    return false;
  }
  return true;
}

void Output::discard() {
  buffer_.clear();
  if (through_) {
    cut_stdout_back();
    through_ = false;
    stdout_armed = 0;
  }
  if (file_) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!temp_path_.empty()) {
    remove_temporary_file();
    temp_path_.clear();
  }
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) != 0; }
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

}  // namespace acocalc
