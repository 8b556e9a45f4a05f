// Reads the run's inputs in order (files, or standard input for "-" or no
// file), a batch of top-level values at a time, and hands each valid program
// on in input order: memory holds a few batches (or one large document),
// whatever the size of the input.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "input/diagnostic.h"
#include "input/loader.h"
#include "json/value_reader.h"

namespace acocalc {

// What one reading of a file read: how many bytes, and their checksum.
struct FileDigest {
  std::uint64_t bytes = 0;
  std::uint64_t checksum = 0;
  bool operator==(const FileDigest&) const = default;
};

struct InputOptions {
  std::vector<std::string> files;          // empty: standard input
  std::vector<std::string> only_programs;  // --program: keep these ids only
  // Worker threads that parse, validate and render batches of programs once
  // the input is larger than one batch; 0: everything on the calling thread.
  unsigned threads = 0;
  // The inputs' total size in bytes, when known (regular files): the table
  // of ids is sized for the whole run from its first programs.
  std::uint64_t input_bytes = 0;
  // The programs a first pass over the same inputs found to repeat an
  // earlier id (InputSummary::repeated): skipped without a table of ids.
  const std::vector<std::size_t>* repeated = nullptr;
  // Read a {"acocalc": 1, "programs": [...]} document a program at a time
  // (constant memory) rather than whole; for inputs that can be read again:
  // a document that turns out not to fit (InputSummary::restart) must be
  // read again without this.
  bool stream_documents = false;
  // What an earlier reading of the same inputs read (InputSummary::digests):
  // a file that reads otherwise now, by its length or its checksum, stops
  // the reading (InputSummary::changed); the programs of its batches not
  // yet handed on are dropped, and none read past its earlier length is
  // handed on.
  const std::vector<FileDigest>* expected = nullptr;
  // The longest value read (a top-level value, a JSON Lines line, a
  // streamed document's program): a longer one is an error that ends the
  // reading of its file.
  std::size_t max_value_bytes = kMaxValueBytes;
  // When set, kept at the number of input bytes read so far (on the reading
  // thread, which is also the one that hands programs on): progress.
  std::uint64_t* bytes_read = nullptr;
};

// Errors kept per file: later ones are counted, and one message says how
// many ("and 4,999,900 more errors in FILE"), so that memory stays bounded
// whatever the input.
inline constexpr std::size_t kErrorsPerFile = 100;

// What reading the inputs found.
struct InputSummary {
  std::size_t programs = 0;  // handed on
  // The errors kept (kErrorsPerFile a file, then one that counts the rest).
  std::vector<Diagnostic> errors;
  std::size_t errors_found = 0;  // every error, kept or only counted
  // Valid programs whose id repeats an earlier one, by their place among
  // the valid programs (0 for the first), in order.
  std::vector<std::size_t> repeated;
  // A streamed document was not what its start promised (invalid JSON,
  // other fields, another value after it): the reading stopped; read the
  // inputs again with stream_documents off. Nothing else here counts then.
  bool restart = false;
  // Per input file, in order: what was read of it (nothing for a file that
  // could not be opened).
  std::vector<FileDigest> digests;
  // The first file (as messages name it) that read otherwise than
  // InputOptions::expected; empty when none did.
  std::string changed;
};

// Calls `on_program` for each valid program, in input order, on the calling
// thread (the program is the reader's until the call returns). Program ids must be unique across
// the run: a repeated id is an error naming both places. Returns the summary; `summary.errors`
// holds every problem.
InputSummary read_inputs(const InputOptions& options,
                         const std::function<void(LoadedProgram&)>& on_program);

// Renders each valid program: appends its output to `out`. Called on worker
// threads, several at once: it must only read shared state.
using RenderProgram = std::function<void(const LoadedProgram& program, std::string* out)>;
// Takes each valid program in input order, on the calling thread, with the
// text `render` made for it.
using EmitProgram = std::function<void(LoadedProgram& program, std::string_view rendered)>;

// The same, with the parsing, validation and rendering of large inputs
// spread over `options.threads` threads. `render` may be empty (nothing to
// render). Programs whose id repeats an earlier one, or that --program
// leaves out, are rendered but not emitted.
InputSummary read_inputs(const InputOptions& options, const RenderProgram& render,
                         const EmitProgram& emit);

// Valid programs held back between the two passes of a report, so that the
// second pass renders them without parsing and validating the input again:
// encoded (program_codec.h) into an anonymous temporary file in $TMPDIR
// (else /tmp), and handed back in the same order.
class HeldPrograms {
 public:
  // The most a run holds back (the programs of about 1.6 GB of JSON like
  // the bench's, which encode to 0.66 of their text): past it, ok() turns
  // false.
  static constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 30;

  HeldPrograms() = default;
  ~HeldPrograms();
  HeldPrograms(const HeldPrograms&) = delete;
  HeldPrograms& operator=(const HeldPrograms&) = delete;

  // Holds one program that encode_program() wrote. Once the temporary file
  // cannot be made or written, or would pass kMaxBytes, it is given up:
  // ok() is false, and the caller reads its inputs again instead.
  void add(std::string_view encoded);
  bool ok() const { return !failed_; }
  // Drops everything held, and the temporary file; ok() again.
  void clear();

  // Hands back every program held, in order: `render` runs on `threads`
  // worker threads, `emit` on the calling thread, as read_inputs() does.
  // False, with `error` set, when the temporary file does not read back
  // whole; the programs before the failure have been emitted.
  bool replay(unsigned threads, const RenderProgram& render, const EmitProgram& emit,
              std::string* error);

 private:
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  std::uint64_t bytes_ = 0;
  std::vector<char> buffer_;  // the file's stdio buffer
};

}  // namespace acocalc
