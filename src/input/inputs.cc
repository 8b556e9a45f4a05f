#include "input/inputs.h"

#include <fmt/format.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "input/id_registry.h"
#include "input/program_codec.h"
#include "json/format.h"
#include "json/json_tree.h"

namespace acocalc {
namespace {

// Input bytes per batch: tens of programs, enough to keep a worker busy
// for about half a millisecond, little enough for memory to stay flat (a
// batch's report is 4 to 5 times its input, and about 8 batches are in
// flight). 64 KiB ran as fast and took 2 MB more.
constexpr std::size_t kBatchBytes = std::size_t{32} * 1024;
// Bytes of held-back programs per batch (HeldPrograms::replay()): as many
// programs as a batch of their JSON text (they encode to about 2/3 of it),
// so that the rendered batches in flight take no more memory than in the
// reading of the input.
constexpr std::size_t kHeldBatchBytes = kBatchBytes / 3 * 2;

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f && f != stdin) std::fclose(f);
  }
};

bool has_suffix(const std::string& name, std::string_view suffix) {
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A file as messages name it.
std::string file_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string describe_place(const std::string& file, long line, bool show_line,
                           const std::string& pointer) {
  std::string place = file;
  if (show_line) place += fmt::format(":{}", line);
  if (!pointer.empty()) place += " " + pointer;
  return place;
}

// The program index N of a "/programs/N/..." pointer; -1 for anything else
// (syntax errors, the document's own fields), which comes first.
long program_index(const std::string& pointer) {
  constexpr std::string_view prefix = "/programs/";
  if (pointer.compare(0, prefix.size(), prefix) != 0) return -1;
  long index = -1;
  const auto [end, error] =
      std::from_chars(pointer.data() + prefix.size(), pointer.data() + pointer.size(), index);
  return error == std::errc() ? index : -1;
}

// Values of one file, and what a worker made of them.
struct Batch {
  std::size_t file_index = 0;
  std::string name;            // the file as messages name it
  bool lines_by_name = false;  // .jsonl / .ndjson
  bool several = false;        // the file holds several values
  std::string text;
  std::vector<ValueSpan> values;

  // Per value: how many programs and errors it gave.
  struct Found {
    std::size_t programs = 0;
    std::size_t errors = 0;
    std::size_t unkept = 0;  // errors past the loader's kValueErrors, counted only
  };
  std::vector<Found> found;
  ProgramList programs;
  std::vector<Diagnostic> errors;
  std::string rendered;
  std::vector<std::size_t> rendered_ends;  // per program, in `rendered`
  std::vector<Diagnostic> trailer;         // the file's own errors, after its values
  bool malformed = false;  // a streamed document turned out not to fit: read it whole
  bool done = false;
  std::size_t max_value_bytes = kMaxValueBytes;  // for the message of a value beyond it
  std::exception_ptr failure;  // what processing threw (out of memory), for the reading thread
  bool encoded = false;        // `values` are programs held back (HeldPrograms), not JSON

  // Whether messages name the line.
  bool show_line() const { return several || lines_by_name; }

  void clear() {
    text.clear();
    values.clear();
    found.clear();
    programs.clear();
    errors.clear();
    rendered.clear();
    rendered_ends.clear();
    trailer.clear();
    malformed = false;
    done = false;
    failure = nullptr;
    encoded = false;
  }
};

// Decodes and renders a batch of programs held back; `malformed` when one
// does not decode.
void process_encoded(Batch& batch, const RenderProgram& render) {
  for (const ValueSpan& span : batch.values) {
    LoadedProgram& loaded = batch.programs.next();
    if (!decode_program(std::string_view(batch.text).substr(span.offset, span.length), &loaded)) {
      batch.malformed = true;
      return;
    }
    batch.programs.keep();
    if (render) render(loaded, &batch.rendered);
    batch.rendered_ends.push_back(batch.rendered.size());
  }
}

// Parses, validates and renders one batch.
void process(Batch& batch, JsonTree& tree, const RenderProgram& render) {
  if (batch.encoded) {
    process_encoded(batch, render);
    return;
  }
  ValueOrigin origin{batch.name, 1, 1, batch.show_line(), batch.lines_by_name};
  for (const ValueSpan& span : batch.values) {
    origin.line = span.line;
    origin.column = span.column;
    const std::size_t programs_before = batch.programs.size();
    const std::size_t errors_before = batch.errors.size();
    const std::string_view text = std::string_view(batch.text).substr(span.offset, span.length);
    if (span.too_long) {
      batch.errors.push_back(
          {batch.name, span.line, span.column, "",
           fmt::format("{} longer than {} MiB starts here, beyond the limit "
                       "(ACOCALC_MAX_VALUE_MIB sets it); the rest of the file is not read",
                       span.element >= 0     ? "a program"
                       : batch.lines_by_name ? "a line"
                                             : "a value",
                       batch.max_value_bytes >> 20)});
      batch.found.push_back({0, 1, 0});
      continue;
    }
    std::size_t unkept = 0;
    if (span.malformed ||
        (span.element >= 0 && !load_element(text, origin, static_cast<std::size_t>(span.element),
                                            tree, &batch.programs, &batch.errors, &unkept))) {
      batch.malformed = true;
      return;
    }
    if (span.element < 0) load_value(text, origin, tree, &batch.programs, &batch.errors, &unkept);
    for (std::size_t i = programs_before; i < batch.programs.size(); ++i) {
      if (render) render(batch.programs[i], &batch.rendered);
      batch.rendered_ends.push_back(batch.rendered.size());
    }
    batch.found.push_back(
        {batch.programs.size() - programs_before, batch.errors.size() - errors_before, unkept});
  }
}

// Batches in input order through worker threads, consumed in the same order
// on the calling thread. The first batch is processed on the calling thread:
// a small input never starts a thread.
class Pipeline {
 public:
  Pipeline(unsigned threads, const RenderProgram& render, std::function<void(Batch&)> consume)
      : threads_(threads), render_(render), consume_(std::move(consume)) {}

  // After finish(), or while an exception unwinds: then nothing more is
  // consumed, and no batch's failure is thrown.
  ~Pipeline() {
    failed_ = true;
    finish();
  }

  Batch* acquire() {
    if (free_.empty()) return new Batch;
    Batch* batch = free_.back().release();
    free_.pop_back();
    batch->clear();
    return batch;
  }

  void submit(Batch* batch) {
    if (batch->values.empty()) {
      batch->done = true;
    } else if (workers_.empty() && (threads_ == 0 || !any_processed_ || !start())) {
      any_processed_ = true;
      try {
        process(*batch, tree_, render_);
      } catch (...) {
        free_.emplace_back(batch);
        throw;
      }
      batch->done = true;
    }
    {
      std::lock_guard lock(mutex_);
      in_flight_.push_back(batch);
      if (!batch->done) queue_.push_back(batch);
    }
    if (!batch->done) work_ready_.notify_one();
    drain(2 * threads_ + 2);
  }

  // Consumes every batch still in flight and stops the workers.
  void finish() {
    drain(0);
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers_) worker.join();
    workers_.clear();
  }

 private:
  // Starts the workers; false when not one could be started (no memory for
  // a thread's stack): the calling thread does the work then.
  bool start() {
    if (!workers_.empty()) return true;
    // The workers take no signal (they inherit this mask): a handler that
    // cuts output back runs on the thread that writes, between its writes.
    sigset_t signals, old;
    sigemptyset(&signals);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) sigaddset(&signals, sig);
    pthread_sigmask(SIG_BLOCK, &signals, &old);
    try {
      for (unsigned i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
    } catch (const std::system_error&) {
      if (workers_.empty()) threads_ = 0;
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return !workers_.empty();
  }

  void work() {
    JsonTree tree;
    while (true) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch = queue_.front();
        queue_.pop_front();
      }
      try {
        process(*batch, tree, render_);
      } catch (...) {  // out of memory: thrown again on the reading thread
        batch->failure = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        batch->done = true;
      }
      batch_done_.notify_all();
    }
  }

  // Consumes finished batches from the front, waiting while more than
  // `keep` are in flight.
  void drain(std::size_t keep) {
    while (true) {
      Batch* front = nullptr;
      {
        std::unique_lock lock(mutex_);
        if (in_flight_.empty()) return;
        if (in_flight_.size() > keep) {
          batch_done_.wait(lock, [&] { return in_flight_.front()->done; });
        } else if (!in_flight_.front()->done) {
          return;
        }
        front = in_flight_.front();
        in_flight_.pop_front();
      }
      free_.emplace_back(front);
      if (failed_) continue;  // unwinding: nothing more is consumed
      if (front->failure) {
        failed_ = true;
        std::rethrow_exception(front->failure);
      }
      consume_(*front);
    }
  }

  unsigned threads_;
  const RenderProgram& render_;
  std::function<void(Batch&)> consume_;
  JsonTree tree_;  // the calling thread's
  bool any_processed_ = false;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable batch_done_;
  std::deque<Batch*> queue_;      // to process
  std::deque<Batch*> in_flight_;  // submitted, not yet consumed, in input order
  bool stopping_ = false;
  bool failed_ = false;  // a batch's failure was thrown
  std::vector<std::unique_ptr<Batch>> free_;
};

// The run's ids and --program selection, applied in input order.
class Consumer {
 public:
  Consumer(const InputOptions& options, const std::vector<std::string>& files,
           const EmitProgram& emit, InputSummary& summary)
      : files_(files),
        emit_(emit),
        summary_(summary),
        input_bytes_(options.input_bytes),
        known_repeats_(options.repeated),
        wanted_(options.only_programs.begin(), options.only_programs.end()) {}

  void operator()(Batch& batch) {
    if (stopped_) return;
    if (restart_ || batch.malformed) {
      restart_ = true;  // and nothing from here on counts
      return;
    }
    if (batch.file_index != file_) {
      end_file();
      file_ = batch.file_index;
      file_name_ = batch.name;
    }
    size_ids(batch);
    std::size_t program = 0, error = 0, rendered = 0;
    for (std::size_t v = 0; v < batch.values.size(); ++v) {
      const ValueSpan& span = batch.values[v];
      const std::size_t errors_before = summary_.errors.size();
      for (std::size_t e = 0; e < batch.found[v].errors; ++e) {
        summary_.errors.push_back(std::move(batch.errors[error++]));
      }
      for (std::size_t k = 0; k < batch.found[v].programs; ++k, ++program) {
        LoadedProgram& loaded = batch.programs[program];
        const std::string_view text =
            std::string_view(batch.rendered)
                .substr(rendered, batch.rendered_ends[program] - rendered);
        rendered = batch.rendered_ends[program];
        const std::string& id = loaded.program.id;
        const std::size_t ordinal = ordinal_++;
        if (known_repeats_) {
          if (next_repeat_ < known_repeats_->size() && (*known_repeats_)[next_repeat_] == ordinal) {
            ++next_repeat_;
            summary_.repeated.push_back(ordinal);
            continue;
          }
        } else {
          const long index = program_index(loaded.pointer);
          const IdPlace here{static_cast<std::uint32_t>(batch.file_index),
                             static_cast<std::uint32_t>(span.line),
                             static_cast<std::int32_t>(index), batch.show_line()};
          if (auto first = seen_.insert(id, here)) {
            duplicate(batch, span, loaded, *first);
            summary_.repeated.push_back(ordinal);
            continue;
          }
        }
        if (!wanted_.empty()) {
          if (!wanted_.count(id)) continue;
          found_.insert(id);  // only the selected ids: memory stays flat otherwise
        }
        ++summary_.programs;
        emit_(loaded, text);
      }
      // A repeated id goes among the errors of its document's other
      // programs, in document order.
      std::stable_sort(summary_.errors.begin() + static_cast<std::ptrdiff_t>(errors_before),
                       summary_.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
                         return program_index(a.pointer) < program_index(b.pointer);
                       });
      keep_errors(errors_before);
      summary_.errors_found += batch.found[v].unkept;
      file_unkept_ += batch.found[v].unkept;
    }
    // The file's own errors (unreadable, empty) are always kept.
    summary_.errors_found += batch.trailer.size();
    for (auto& d : batch.trailer) summary_.errors.push_back(std::move(d));
  }

  // After the last batch of a file: how many of its errors were not kept.
  void end_file() {
    if (file_unkept_ > 0) {
      summary_.errors.push_back(
          {file_name_, 0, 0, "",
           fmt::format("and {} more error{} in this file (the first {} of a file are shown)",
                       grouped(static_cast<double>(file_unkept_), 0), file_unkept_ == 1 ? "" : "s",
                       kErrorsPerFile)});
    }
    file_kept_ = 0;
    file_unkept_ = 0;
  }

  bool restart() const { return restart_; }
  // A file's streamed document was taken for its only value, and another
  // value follows it: read again.
  void request_restart() { restart_ = true; }
  // A file changed since an earlier reading: nothing more is handed on.
  void stop() { stopped_ = true; }

  // --program ids that matched nothing.
  void report_unmatched() {
    for (const auto& id : wanted_) {
      if (!found_.count(id)) {
        ++summary_.errors_found;
        summary_.errors.push_back(
            {"--program", 0, 0, "", fmt::format("no program with id \"{}\" in the input", id)});
      }
    }
  }

 private:
  // Sizes the table of ids for the whole run once the first programs tell
  // how many bytes a program takes.
  void size_ids(const Batch& batch) {
    if (sized_ || known_repeats_ || input_bytes_ == 0) return;
    bytes_seen_ += batch.text.size();
    programs_seen_ += batch.programs.size();
    if (programs_seen_ == 0 || bytes_seen_ == 0) return;
    sized_ = true;
    const double per_program =
        static_cast<double>(bytes_seen_) / static_cast<double>(programs_seen_);
    seen_.reserve(static_cast<std::size_t>(static_cast<double>(input_bytes_) / per_program * 1.05));
  }

  // Keeps the errors from `from` on while the file has room for them;
  // counts the others.
  void keep_errors(std::size_t from) {
    const std::size_t added = summary_.errors.size() - from;
    summary_.errors_found += added;
    const std::size_t room = kErrorsPerFile - std::min(file_kept_, kErrorsPerFile);
    if (added > room) {
      summary_.errors.resize(from + room);
      file_unkept_ += added - room;
    }
    file_kept_ += std::min(added, room);
  }

  void duplicate(const Batch& batch, const ValueSpan& span, const LoadedProgram& loaded,
                 const IdPlace& first) {
    const std::size_t first_file = std::min<std::size_t>(first.file, files_.size() - 1);
    summary_.errors.push_back(
        {batch.name, batch.show_line() ? span.line : 0, 0, loaded.pointer + "/id",
         fmt::format("duplicate program id \"{}\"; first used at {}", loaded.program.id,
                     describe_place(file_name(files_[first_file]), first.line, first.show_line,
                                    first.index >= 0 ? fmt::format("/programs/{}", first.index)
                                                     : std::string()))});
  }

  const std::vector<std::string>& files_;
  const EmitProgram& emit_;
  InputSummary& summary_;
  std::uint64_t input_bytes_ = 0;
  std::uint64_t bytes_seen_ = 0;
  std::size_t programs_seen_ = 0;
  bool sized_ = false;
  const std::vector<std::size_t>* known_repeats_ = nullptr;
  std::size_t next_repeat_ = 0;
  std::size_t ordinal_ = 0;  // of the next valid program
  bool restart_ = false;
  bool stopped_ = false;
  std::size_t file_ = static_cast<std::size_t>(-1);  // the file of the last batch
  std::string file_name_;
  std::size_t file_kept_ = 0;    // its errors kept
  std::size_t file_unkept_ = 0;  // and only counted
  IdRegistry seen_;
  std::set<std::string> wanted_;
  std::set<std::string> found_;
};

}  // namespace

InputSummary read_inputs(const InputOptions& options, const RenderProgram& render,
                         const EmitProgram& emit) {
  InputSummary summary;
  std::vector<std::string> files = options.files;
  if (files.empty()) files.push_back("-");
  Consumer consumer(options, files, emit, summary);
  Pipeline pipeline(options.threads, render, [&](Batch& batch) { consumer(batch); });

  for (std::size_t file_index = 0; file_index < files.size(); ++file_index) {
    const std::string& path = files[file_index];
    const bool is_stdin = path == "-";
    const std::string name = file_name(path);
    const auto file_error = [&](std::string message) {
      summary.digests.emplace_back();
      Batch* batch = pipeline.acquire();
      batch->file_index = file_index;
      batch->name = name;
      batch->trailer.push_back({name, 0, 0, "", std::move(message)});
      pipeline.submit(batch);
    };
    std::unique_ptr<std::FILE, FileCloser> stream;
    if (is_stdin) {
      stream.reset(stdin);
    } else {
      struct stat info {};
      if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
        file_error("is a directory, not a JSON document");
        continue;
      }
      stream.reset(std::fopen(path.c_str(), "rb"));
      if (!stream) {
        file_error(fmt::format("cannot open: {}", std::strerror(errno)));
        continue;
      }
    }
    const bool lines_by_name = has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson");
    ValueReader reader(stream.get(), lines_by_name);
    reader.limit_values(options.max_value_bytes);
    if (options.stream_documents && !lines_by_name) reader.split_documents();
    bool any = false;
    bool streamed_alone = false;  // a streamed document was taken for the file's only value
    const FileDigest* expected = options.expected && file_index < options.expected->size()
                                     ? &(*options.expected)[file_index]
                                     : nullptr;
    bool changed = false;
    const std::uint64_t bytes_before = options.bytes_read ? *options.bytes_read : 0;
    while (!consumer.restart()) {
      Batch* batch = pipeline.acquire();
      batch->file_index = file_index;
      batch->name = name;
      batch->lines_by_name = lines_by_name;
      batch->max_value_bytes = options.max_value_bytes;
      const bool more = reader.read(&batch->text, &batch->values, kBatchBytes);
      if (options.bytes_read) *options.bytes_read = bytes_before + reader.checksum().bytes();
      if (expected && reader.checksum().bytes() > expected->bytes) {
        // Longer than before: what it read past the earlier end is not
        // handed on.
        changed = true;
        batch->values.clear();
        pipeline.submit(batch);
        break;
      }
      if (!more) {
        // The file's own errors come after those of its values.
        if (reader.read_error()) {
          batch->trailer.push_back(
              {name, 0, 0, "", fmt::format("read error: {}", std::strerror(reader.read_errno()))});
        } else if (!any) {
          // Where the text ends, like any syntax error: editors can jump there.
          const bool blank = reader.line() > 1 || reader.column() > 1;
          batch->trailer.push_back(
              {name, reader.line(), reader.column(), "",
               fmt::format("invalid JSON: found the end of the input, expected a JSON document; "
                           "the input {}",
                           blank              ? "holds only white space"
                           : reader.had_bom() ? "holds only a byte-order mark"
                                              : "is empty")});
        }
        pipeline.submit(batch);
        break;
      }
      // Messages name the line when the file holds several values. A
      // streamed document's programs are sent before the end of the file
      // is known: it is taken for the only value unless one came before;
      // a value after it means reading again.
      if (batch->values.front().element >= 0 || batch->values.front().malformed) {
        batch->several = reader.values_started() > 1;
        streamed_alone = streamed_alone || !batch->several;
      } else {
        if (streamed_alone) consumer.request_restart();
        batch->several = any || batch->values.size() > 1 || !reader.at_end();
      }
      any = true;
      pipeline.submit(batch);
    }
    summary.digests.push_back({reader.checksum().bytes(), reader.checksum().value()});
    if (expected && !consumer.restart() && (changed || summary.digests.back() != *expected)) {
      summary.changed = name;
      consumer.stop();
      break;
    }
    if (consumer.restart()) break;
  }
  pipeline.finish();
  consumer.end_file();
  summary.restart = consumer.restart();
  if (!summary.restart) consumer.report_unmatched();
  return summary;
}

InputSummary read_inputs(const InputOptions& options,
                         const std::function<void(LoadedProgram&)>& on_program) {
  InputOptions sequential = options;
  sequential.threads = 0;
  return read_inputs(sequential, RenderProgram(),
                     [&](LoadedProgram& program, std::string_view) { on_program(program); });
}

namespace {

// An anonymous temporary file in $TMPDIR (else /tmp): unlinked as soon as
// it is made, so that nothing is left behind however the run ends.
std::FILE* anonymous_temporary_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/acocalc-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return nullptr;
  ::unlink(path.c_str());
  std::FILE* file = ::fdopen(fd, "w+b");
  if (!file) ::close(fd);
  return file;
}

}  // namespace

HeldPrograms::~HeldPrograms() { clear(); }

void HeldPrograms::clear() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  failed_ = false;
  bytes_ = 0;
}

void HeldPrograms::add(std::string_view encoded) {
  if (failed_) return;
  if (!file_) {
    file_ = anonymous_temporary_file();
    if (file_) {
      buffer_.resize(kBatchBytes);
      std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
    }
  }
  bytes_ += encoded.size();
  if (!file_ || bytes_ > kMaxBytes ||
      std::fwrite(encoded.data(), 1, encoded.size(), file_) != encoded.size()) {
    clear();  // and its disk space goes with it
    failed_ = true;
  }
}

bool HeldPrograms::replay(unsigned threads, const RenderProgram& render, const EmitProgram& emit,
                          std::string* error) {
  if (failed_) {
    *error = "no programs were held back";
    return false;
  }
  if (!file_) return true;  // none were
  // Flushed and checked here: rewind() would hide a full disk.
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  bool broken = false;  // a program did not decode
  Pipeline pipeline(threads, render, [&](Batch& batch) {
    if (broken || batch.malformed) {
      broken = true;
      return;
    }
    std::size_t begin = 0;
    for (std::size_t i = 0; i < batch.programs.size(); ++i) {
      emit(batch.programs[i],
           std::string_view(batch.rendered).substr(begin, batch.rendered_ends[i] - begin));
      begin = batch.rendered_ends[i];
    }
  });
  std::uint64_t read = 0;
  bool more = true;
  while (more && !broken) {
    Batch* batch = pipeline.acquire();
    batch->encoded = true;
    while (batch->text.size() < kHeldBatchBytes) {
      char head[sizeof(std::uint64_t)];
      const std::size_t got = std::fread(head, 1, sizeof head, file_);
      const std::size_t length = encoded_length({head, got});
      const std::size_t offset = batch->text.size();
      if (length == 0 || length > bytes_ - read) {
        more = false;  // the end, or a length that cannot be: read() tells which
        break;
      }
      batch->text.append(head, sizeof head);
      batch->text.resize(offset + length);
      if (std::fread(batch->text.data() + offset + sizeof head, 1, length - sizeof head, file_) !=
          length - sizeof head) {
        batch->text.resize(offset);
        more = false;
        break;
      }
      read += length;
      ValueSpan span;
      span.offset = offset;
      span.length = length;
      batch->values.push_back(span);
    }
    pipeline.submit(batch);
  }
  pipeline.finish();
  if (std::ferror(file_)) {
    *error = std::strerror(errno);
    return false;
  }
  if (broken || read != bytes_) {
    *error = "the temporary file read back otherwise than it was written";
    return false;
  }
  return true;
}

}  // namespace acocalc
