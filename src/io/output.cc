#include "io/output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace acocalc {
namespace {

// Beyond this much, stdout output spills into an anonymous temporary file so
// that memory stays bounded on large runs.
constexpr std::size_t kSpillBytes = 8u << 20;
// Streamed output is written in blocks of this size.
constexpr std::size_t kStreamBlock = 1u << 20;

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

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
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device, pipe or socket (-o /dev/stdout, a FIFO) cannot be replaced
    // by a rename: it is written like standard output, at commit().
    destination_ = std::fopen(path_.c_str(), "wb");
    if (!destination_) {
      *error = fmt::format("{}: cannot open: {}", path_, std::strerror(errno));
      return false;
    }
    return true;
  }
  // Through a symbolic link (a link to the real output; /dev/stdout
  // redirected to a file) the file it names is replaced, not the link.
  replaced_ = path_;
  if (exists) {
    if (char* real = ::realpath(path_.c_str(), nullptr)) {
      replaced_ = real;
      std::free(real);
    }
  }
  std::string base =
      replaced_.substr(replaced_.rfind('/') == std::string::npos ? 0 : replaced_.rfind('/') + 1);
  std::string pattern = directory_of(replaced_) + "/." + base + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    *error = fmt::format("{}: cannot create a temporary file beside it: {}", path_,
                         std::strerror(errno));
    return false;
  }
  temp_path_ = name.data();
  // mkstemp makes the file 0600; the output should have the mode a plain
  // `> OUT` would give it: the mode of the file it replaces, or 0666 less
  // the umask.
  mode_t mode = 0;
  if (exists) {
    mode = existing.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    *error = fmt::format("{}: cannot set the mode of the temporary file: {}", path_,
                         std::strerror(saved));
    return false;
  }
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    *error = fmt::format("{}: {}", path_, std::strerror(errno));
    return false;
  }
  return true;
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
    temp_path_.clear();
    return true;
  }
  bool ok = true;
  if (file_) {
    std::rewind(file_);
    char block[1 << 16];
    std::size_t n;
    while ((n = std::fread(block, 1, sizeof block, file_)) > 0) {
      if (std::fwrite(block, 1, n, destination_) != n) ok = false;
    }
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
  if (file_) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) != 0; }
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

}  // namespace acocalc
