// Where a run's output goes: held back until the run has succeeded, or
// written as it comes where it can be taken back, so that a failed run
// writes nothing to stdout and never leaves a partial -o file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace acocalc {

class Output {
 public:
  // `path` empty: standard output. Otherwise the output is written to a
  // temporary file beside `path` (beside the file a symbolic link names)
  // and renamed over it on commit(), unless `path` is the file standard
  // output or standard error writes to, or a device, pipe or socket: that
  // is written like stdout. A signal that ends the run removes the
  // temporary file.
  explicit Output(std::string path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // False (with `error` set) when the temporary file cannot be created, or
  // `path` is a symbolic link to a missing file.
  bool open(std::string* error);
  // Whether output can be written as it comes and still be taken back if
  // the run fails, so that it need not be held back: -o's temporary file,
  // or a standard output that is a regular file, opened without O_APPEND,
  // positioned at its end and none of `inputs` (paths, "-" for standard
  // input). When true, writes go out in blocks as they come, and a failed
  // run (discard(), or a signal that ends it) cuts standard output back to
  // the length it had. Call before writing anything.
  bool write_through(const std::vector<std::string>& inputs);
  // Standard output (or a device) only: from now on, writes go out as they
  // come (in blocks) instead of being held back. For a run that has already
  // checked all of its input, so that it will not fail for the input's sake.
  void stream();
  // Takes back everything written so far and starts again (an input read a
  // second time from its start).
  void take_back();
  void write(std::string_view bytes);
  // Publishes the output: copies it to stdout (or the device), or fsyncs
  // and renames the temporary file over the destination. False with
  // `error` on failure, in which case nothing is left behind.
  bool commit(std::string* error);
  // Drops everything written and not yet streamed; removes the temporary
  // file.
  void discard();

 private:
  bool spill();
  void flush_stream();
  void flush_through();

  std::string path_;
  std::string replaced_;  // the file the temporary file is renamed over
  std::string temp_path_;
  std::string buffer_;
  // Where held-back output goes at commit(): stdout, the opened device;
  // nullptr when the temporary file is renamed instead.
  std::FILE* destination_;
  std::FILE* file_ = nullptr;  // the temporary file (for -o, or a spilled stdout)
  bool streaming_ = false;
  bool through_ = false;  // standard output, a regular file written as it comes
  bool failed_ = false;
  int saved_errno_ = 0;
};

// Opens /dev/null on each of descriptors 0, 1 and 2 that is closed, so that
// no file the run opens takes their place (a closed stderr would otherwise
// send diagnostics into the -o temporary file). Output to a stdout that was
// closed fails at commit() with EBADF, as a write to it would. And ignores
// SIGXFSZ: a file-size limit (ulimit -f) is a write error (EFBIG), not the
// end of the process. Call first.
void guard_standard_streams();

// Whether stdout / stderr is a terminal.
bool stdout_is_terminal();
bool stderr_is_terminal();

}  // namespace acocalc
