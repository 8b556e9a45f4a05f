#include "cli/commands.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "acocalc/report.h"
#include "acocalc/rollup.h"
#include "acocalc/whatif.h"
#include "cli/options.h"
#include "cli/output.h"
#include "generated/schemas.h"
#include "import/mssp_puf.h"
#include "input/expect.h"
#include "input/inputs.h"
#include "input/program_codec.h"
#include "json/format.h"
#include "json/json_tree.h"
#include "render/render.h"

namespace acocalc {
namespace {

using json = nlohmann::ordered_json;

json errors_json(const std::vector<Diagnostic>& errors) {
  json list = json::array();
  for (const auto& d : errors) {
    json e;
    e["file"] = d.file;
    e["line"] = d.line > 0 ? json(d.line) : json(nullptr);
    e["column"] = d.column > 0 ? json(d.column) : json(nullptr);
    e["pointer"] = d.pointer.empty() ? json(nullptr) : json(d.pointer);
    e["message"] = d.message;
    list.push_back(std::move(e));
  }
  return list;
}

// Worker threads for large inputs: `requested` (--threads; 1 means none,
// all on the main thread), else one per core, at most 8.
unsigned worker_threads(std::optional<unsigned> requested = std::nullopt) {
  const unsigned threads =
      requested ? *requested : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  return threads <= 1 ? 0 : threads;
}

void print_diagnostics(const std::vector<Diagnostic>& errors) {
  for (const auto& d : errors) print_error(format_diagnostic(d));
}

}  // namespace

std::size_t table_width(const std::optional<unsigned>& forced, bool to_terminal) {
  if (forced) return *forced;
  if (!to_terminal) return 0;
  const auto clamp = [](unsigned long n) { return std::clamp<std::size_t>(n, 40, 1000); };
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && columns[0] != '\0') {
    char* end = nullptr;
    errno = 0;
    const unsigned long n = std::strtoul(columns, &end, 10);
    if (*end == '\0' && errno == 0 && n > 0 && columns[0] != '-') return clamp(n);
  }
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return clamp(size.ws_col);
  return 0;
}

namespace {

bool no_color_requested() {
  const char* value = std::getenv("NO_COLOR");
  return value != nullptr && value[0] != '\0';
}

// The longest value inputs may hold: ACOCALC_MAX_VALUE_MIB (a whole number
// of MiB, 1 to 1024) or 64 MiB; nullopt, with the error printed, when the
// variable is set to anything else.
std::optional<std::size_t> max_value_bytes() {
  const char* value = std::getenv("ACOCALC_MAX_VALUE_MIB");
  if (value == nullptr || value[0] == '\0') return kMaxValueBytes;
  char* end = nullptr;
  errno = 0;
  const unsigned long mib = std::strtoul(value, &end, 10);
  if (*end != '\0' || errno != 0 || value[0] < '0' || value[0] > '9' || mib < 1 || mib > 1024) {
    print_error(fmt::format(
        "ACOCALC_MAX_VALUE_MIB: expected a whole number of MiB from 1 to 1024, got \"{}\"", value));
    return std::nullopt;
  }
  return std::size_t{mib} << 20;
}

// Renders programs (on any thread) and writes them to the output in input
// order.
class ReportWriter {
 public:
  enum class Format { table, markdown, json_document, json_lines, csv, html };

  // `rollup`: the run's roll-up, when a first pass over the input has made
  // it already.
  ReportWriter(const ReportCommand& command, Output& out, const Rollup* rollup = nullptr)
      : command_(command), out_(out), rollup_done_(rollup != nullptr) {
    if (rollup) rollup_ = *rollup;
    format_ = command.format == "json"       ? Format::json_document
              : command.format == "jsonl"    ? Format::json_lines
              : command.format == "csv"      ? Format::csv
              : command.format == "markdown" ? Format::markdown
              : command.format == "html"     ? Format::html
                                             : Format::table;
    options_.confidence = command.confidence;
    options_.markdown = format_ == Format::markdown;
    options_.width = table_width(command.width, command.output.empty() && stdout_is_terminal());
    options_.cents = command.cents != "no";
    options_.color =
        format_ == Format::table &&
        (command.color == "always" || (command.color == "auto" && command.output.empty() &&
                                       stdout_is_terminal() && !no_color_requested()));
    if (format_ == Format::json_document)
      out_.write("{\n  \"acocalc_report\": 1,\n  \"programs\": [");
    if (format_ == Format::csv) out_.write(csv_header());
    if (format_ == Format::markdown) out_.write("# acocalc report\n\n");
  }

  // Appends one program's output to `text`. Reads only: safe on several
  // threads at once.
  void render(const LoadedProgram& loaded, std::string* text) const {
    thread_local ProgramReport report;  // its memory serves program after program
    compute_report(loaded.program, {command_.confidence}, report);
    switch (format_) {
      case Format::json_document: {
        JsonWriter writer(*text, 2, 2);
        write_program_json(writer, report, loaded);
        writer.flush();
        break;
      }
      case Format::json_lines: {
        JsonWriter writer(*text);
        write_program_json(writer, report, loaded);
        writer.flush();
        *text += '\n';
        break;
      }
      case Format::csv:
        *text += render_program_csv(report, loaded);
        break;
      case Format::table:
      case Format::markdown:
        *text += render_program_table(report, loaded, options_);
        break;
      case Format::html:
        *text += render_program_html(report, loaded, options_);
        break;
    }
  }

  // Writes a rendered program, in input order.
  void emit(const LoadedProgram& loaded, std::string_view text) {
    if (format_ == Format::html) {
      // The page opens with the portfolio: sections wait until every
      // program is known.
      const ProgramReport report = compute_report(loaded.program, {command_.confidence});
      add_to_rollup(rollup_, report);
      entries_.push_back(portfolio_entry(report));
      sections_ += text;
      return;
    }
    if (command_.rollup && !rollup_done_) {
      add_to_rollup(rollup_, compute_report(loaded.program, {command_.confidence}));
    }
    if (format_ == Format::json_document) out_.write(count_++ == 0 ? "\n    " : ",\n    ");
    out_.write(text);
  }

  std::string rollup_out_of_range() const {
    return command_.rollup ? rollup_total_out_of_range(rollup_) : "";
  }

  void finish(const std::vector<Diagnostic>& errors) {
    if (format_ == Format::json_document) {
      out_.write(count_ == 0 ? "],\n" : "\n  ],\n");
      out_.write("  \"rollup\": ");
      text_.clear();
      if (command_.rollup) {
        JsonWriter writer(text_, 2, 1);
        write_rollup_json(writer, rollup_);
        writer.flush();
      } else {
        text_ = "null";
      }
      out_.write(text_);
      out_.write(",\n  \"errors\": ");
      out_.write(json_text(errors_json(errors), 2, 1));
      out_.write("\n}\n");
    } else if (format_ == Format::json_lines) {
      if (command_.rollup) {
        text_.clear();
        JsonWriter writer(text_);
        writer.begin_object();
        writer.key("rollup");
        write_rollup_json(writer, rollup_);
        writer.end_object();
        writer.flush();
        text_ += '\n';
        out_.write(text_);
      }
    } else if (format_ == Format::table || format_ == Format::markdown) {
      if (command_.rollup) out_.write(render_rollup_table(rollup_, options_));
    } else if (format_ == Format::html) {
      const std::string title =
          entries_.size() == 1 ? "acocalc report: " + entries_.front().name : "acocalc report";
      out_.write(html_page_begin(title));
      if (entries_.size() > 1 || command_.rollup) {
        out_.write(render_portfolio_html(rollup_, entries_));
      }
      out_.write(sections_);
      out_.write(html_page_end());
    }
  }

 private:
  const ReportCommand& command_;
  Output& out_;
  Format format_ = Format::table;
  bool rollup_done_ = false;
  RenderOptions options_;
  Rollup rollup_;
  std::size_t count_ = 0;
  std::string text_;                     // one program's output, reused
  std::vector<PortfolioEntry> entries_;  // html: every program, for the portfolio
  std::string sections_;                 // html: the programs' sections, held
};

// Ends a run: prints every error; without --keep-going any error means exit 2
// and no output; with it, exit 3 and the valid programs' output.
int finish_run(Output& out, const std::vector<Diagnostic>& errors, bool keep_going,
               int success_code) {
  print_diagnostics(errors);
  if (!errors.empty() && !keep_going) {
    out.discard();
    return kExitBadInput;
  }
  std::string error;
  if (!out.commit(&error)) {
    print_error(error);
    return kExitBadInput;
  }
  // A failed expectation (1) outranks skipped programs (3): it is the
  // verdict `check` is run for, and the errors are on stderr either way.
  if (!errors.empty() && success_code == kExitOk) return kExitPartial;
  return success_code;
}

std::string short_value(const json& value) {
  if (value.is_null()) return "null";
  return json_text(value);
}

// Reads a whole file (standard input for "-") of at most `limit` bytes: a
// longer one (/dev/zero) is an error, read no further.
bool read_file(const std::string& path, std::size_t limit, std::string* text, std::string* error) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  std::FILE* in = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (!in) {
    *error = fmt::format("{}: cannot open: {}", path, std::strerror(errno));
    return false;
  }
  text->clear();
  char block[1 << 16];
  std::size_t n = 0;
  bool too_long = false;
  while (!too_long && (n = std::fread(block, 1, sizeof block, in)) > 0) {
    too_long = text->size() + n > limit;
    if (!too_long) text->append(block, n);
  }
  const int saved = errno;
  const bool failed = std::ferror(in) != 0;
  if (!is_stdin) std::fclose(in);
  if (too_long) {
    *error = fmt::format("{}: longer than {} MiB, beyond the limit (ACOCALC_MAX_VALUE_MIB sets it)",
                         name, limit >> 20);
    return false;
  }
  if (failed) {
    *error = fmt::format("{}: read error: {}", name, std::strerror(saved));
    return false;
  }
  return true;
}

// A duration for the progress line: "8 s", "3 min", "2 h".
std::string about(double seconds) {
  if (seconds < 90) return fmt::format("{:.0f} s", std::max(1.0, seconds));
  if (seconds < 5400) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

// On a terminal, a run of over a second shows a progress line on stderr:
// "acocalc: N programs...", with the share done and the time left when the
// whole is known (bytes of input, or programs held back), updated twice a
// second and cleared at the end (before any diagnostic is printed);
// `stage` names the pass of a two-pass report. ACOCALC_PROGRESS_AFTER_MS
// sets the delay (tests).
class Progress {
 public:
  // `whole_bytes`: the input's size (0: unknown); `whole_programs`: the
  // number of programs to come, when it is known instead.
  Progress(const char* what, const char* stage, std::uint64_t whole_bytes,
           std::uint64_t whole_programs = 0)
      : what_(what),
        stage_(stage),
        whole_bytes_(whole_bytes),
        whole_programs_(whole_programs),
        terminal_(stderr_is_terminal()),
        start_(clock::now()),
        last_(start_) {
    if (const char* after = std::getenv("ACOCALC_PROGRESS_AFTER_MS")) {
      delay_ = std::chrono::milliseconds(std::strtol(after, nullptr, 10));
    }
  }
  ~Progress() {
    if (shown_) std::fputs("\r\033[K", stderr);
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Where the reading can keep the bytes read (on a terminal only).
  std::uint64_t* bytes_read() { return terminal_ && whole_bytes_ > 0 ? &bytes_read_ : nullptr; }

  // After each program.
  void count() {
    ++count_;
    if (!terminal_) return;
    const auto now = clock::now();
    if (now - start_ < delay_ || (shown_ && now - last_ < std::chrono::milliseconds(500))) return;
    std::string line = fmt::format("\racocalc: {}{}{} {}", stage_ ? stage_ : "", stage_ ? ": " : "",
                                   count_, what_);
    double share = -1;
    if (whole_bytes_ > 0) {
      share = std::min(1.0, static_cast<double>(bytes_read_) / static_cast<double>(whole_bytes_));
      const double size = static_cast<double>(whole_bytes_);
      line += fmt::format(", {:.0f}% of {} read", share * 100,
                          size < 1e6 ? fmt::format("{:.0f} kB", std::ceil(size / 1e3))
                                     : fmt::format("{:.1f} MB", size / 1e6));
    } else if (whole_programs_ > 0) {
      share = std::min(1.0, static_cast<double>(count_) / static_cast<double>(whole_programs_));
      line += fmt::format(", {:.0f}% of {}", share * 100, whole_programs_);
    }
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (share > 0.02 && elapsed > 0.5)
      line += ", about " + about(elapsed * (1 - share) / share) + " left";
    line += "...\033[K";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    last_ = now;
    shown_ = true;
  }

 private:
  using clock = std::chrono::steady_clock;
  const char* what_;
  const char* stage_;
  std::uint64_t whole_bytes_;
  std::uint64_t whole_programs_;
  bool terminal_;
  clock::time_point start_;
  clock::time_point last_;
  std::chrono::milliseconds delay_{1000};
  std::uint64_t count_ = 0;
  std::uint64_t bytes_read_ = 0;
  bool shown_ = false;
};

// Reads the inputs (read_inputs()) with a progress line.
InputSummary read_with_progress(const InputOptions& options, const RenderProgram& render,
                                const EmitProgram& emit, const char* what = "programs",
                                const char* stage = nullptr) {
  Progress progress(what, stage, options.input_bytes);
  InputOptions counted = options;
  counted.bytes_read = progress.bytes_read();
  return read_inputs(counted, render, [&](LoadedProgram& loaded, std::string_view text) {
    emit(loaded, text);
    progress.count();
  });
}

// A roll-up total beyond 2^53: exit 2, nothing on stdout.
int refuse_rollup(const std::string& total, std::vector<Diagnostic>& errors, Output& out) {
  errors.push_back({"--rollup", 0, 0, "",
                    fmt::format("the roll-up's {} exceeds 2^53, beyond exact whole numbers in a "
                                "double; roll up fewer programs",
                                total)});
  print_diagnostics(errors);
  out.discard();
  return kExitBadInput;
}

// Input beyond this size, to output that cannot be taken back, is read
// twice rather than its report held back (the report is about four times
// the size of its input).
constexpr std::uint64_t kTwoPassBytes = 1u << 20;

// What tells a file from its later self: a file rewritten between the two
// passes is caught, not half reported.
// (Its bytes are compared too: InputSummary::digests.)
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;  // ctime: any write or `touch -r` moves it
  bool operator==(const FileIdentity&) const = default;
};

// The identities of the input files, when every one is a regular file (which
// can be read twice; standard input too, when redirected from one, from
// where it stands: `stdin_offset`, set only when standard input is one of
// them), with the size left to read; nullopt otherwise (a pipe, a terminal,
// a missing file: those are read once).
std::optional<std::vector<FileIdentity>> identify_files(
    const std::vector<std::string>& files, std::uint64_t* bytes,
    std::optional<off_t>* stdin_offset = nullptr) {
  std::vector<FileIdentity> out;
  const std::vector<std::string> paths = files.empty() ? std::vector<std::string>{"-"} : files;
  for (const auto& path : paths) {
    struct stat info {};
    off_t offset = 0;
    if (path == "-") {
      offset = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
      if (::fstat(STDIN_FILENO, &info) != 0 || !S_ISREG(info.st_mode) || offset < 0) {
        return std::nullopt;
      }
      if (stdin_offset) *stdin_offset = offset;
    } else if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      return std::nullopt;
    }
    out.push_back({info.st_dev, info.st_ino, info.st_size,
                   std::int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec,
                   std::int64_t{info.st_ctim.tv_sec} * 1000000000 + info.st_ctim.tv_nsec});
    *bytes += static_cast<std::uint64_t>(std::max<off_t>(info.st_size - offset, 0));
  }
  return out;
}

// A large report to a stdout that cannot take it back (a pipe, a device,
// >>): the first pass reads and validates every program (and makes the
// roll-up), writing nothing but the valid programs, encoded, to a temporary
// file (HeldPrograms); only a run that will succeed reaches the second,
// which renders them and streams the output as it goes. So memory stays
// flat however large the report, the input is parsed once, and a failed
// run still writes nothing to stdout. (Holding the report back instead
// measured dearer: a temporary file of about 4.4 times the input, where the
// programs take about 0.66.) Where the programs cannot be held, the second
// pass reads the input again.
int run_report_in_two_passes(const ReportCommand& command, const InputOptions& options,
                             const std::vector<FileIdentity>& files,
                             std::optional<off_t> stdin_offset, Output& out) {
  InputOptions inputs = options;
  inputs.stream_documents = true;  // documents a program at a time, when they allow it
  // Standard input redirected from a file is read again from where it stood
  // (and left alone when it is not an input: its offset is shared with the
  // shell).
  const auto rewind_stdin = [&] {
    if (!stdin_offset) return;
    std::clearerr(stdin);
    std::fseek(stdin, *stdin_offset, SEEK_SET);
  };
  Rollup rollup;
  // The first pass holds the valid programs back, encoded on the worker
  // threads, so that the second renders them without reading the input
  // again; when they cannot be held (no room for the temporary file), the
  // second pass reads the input again.
  HeldPrograms held;
  const auto check_all = [&] {
    rewind_stdin();
    rollup = Rollup{};
    held.clear();
    return read_with_progress(
        inputs,
        [](const LoadedProgram& loaded, std::string* encoded) { encode_program(loaded, encoded); },
        [&](LoadedProgram& loaded, std::string_view encoded) {
          held.add(encoded);
          if (command.rollup) {
            add_to_rollup(rollup, compute_report(loaded.program, {command.confidence}));
          }
        },
        "programs checked", "pass 1 of 2");
  };
  InputSummary checked = check_all();
  if (checked.restart) {  // a document to read whole after all
    inputs.stream_documents = false;
    checked = check_all();
  }
  if (!checked.errors.empty() && !command.keep_going) {
    print_diagnostics(checked.errors);
    out.discard();
    return kExitBadInput;
  }
  if (command.rollup) {
    if (const std::string total = rollup_total_out_of_range(rollup); !total.empty()) {
      return refuse_rollup(total, checked.errors, out);
    }
  }
  // The first input file that is not what it was when the run began (as
  // messages name it); empty when none changed.
  const auto changed_file = [&]() -> std::string {
    std::uint64_t bytes = 0;
    const auto now = identify_files(command.files, &bytes);
    const std::vector<std::string> paths =
        command.files.empty() ? std::vector<std::string>{"-"} : command.files;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (!now || i >= now->size() || (*now)[i] != files[i]) {
        return paths[i] == "-" ? "<stdin>" : paths[i];
      }
    }
    return "";
  };
  if (const std::string file = changed_file(); !file.empty()) {
    print_error(fmt::format(
        "{}: changed while acocalc was reading it; nothing was written, run again", file));
    out.discard();
    return kExitBadInput;
  }
  out.stream();
  ReportWriter writer(command, out, command.rollup ? &rollup : nullptr);
  if (held.ok()) {
    std::string error;
    const bool replayed = [&] {
      Progress progress("programs written", "pass 2 of 2", 0, checked.programs);
      return held.replay(
          inputs.threads,
          [&](const LoadedProgram& loaded, std::string* text) { writer.render(loaded, text); },
          [&](LoadedProgram& loaded, std::string_view text) {
            writer.emit(loaded, text);
            progress.count();
          },
          &error);
    }();  // the progress line cleared before any message
    if (!replayed) {
      print_error(fmt::format(
          "the programs held back for the second pass did not read back ({}); the output is "
          "incomplete, run again",
          error));
      out.discard();
      return kExitBadInput;
    }
    writer.finish(checked.errors);
    return finish_run(out, checked.errors, command.keep_going, kExitOk);
  }
  rewind_stdin();
  InputOptions second = inputs;
  second.repeated = &checked.repeated;  // the first pass's duplicates: no table of ids again
  second.expected = &checked.digests;   // and the same bytes, file by file
  const InputSummary written = read_with_progress(
      second, [&](const LoadedProgram& loaded, std::string* text) { writer.render(loaded, text); },
      [&](LoadedProgram& loaded, std::string_view text) { writer.emit(loaded, text); },
      "programs written", "pass 2 of 2");
  // The second pass reads the same bytes and so sees the same programs and
  // errors (its repeated ids are skipped, not reported again), unless a file
  // changed in between. The output streamed so far stays where it went: the
  // message says it is incomplete, and the exit code is 2.
  std::string file = written.changed;
  if (file.empty()) file = changed_file();
  if (file.empty() &&
      (written.restart || written.digests != checked.digests ||
       written.programs != checked.programs || written.repeated != checked.repeated ||
       written.errors_found + written.repeated.size() != checked.errors_found)) {
    file = "an input file";
  }
  if (!file.empty()) {
    print_error(fmt::format(
        "{}: changed while acocalc was reading it; the output is incomplete, run again", file));
    out.discard();
    return kExitBadInput;
  }
  writer.finish(checked.errors);
  return finish_run(out, checked.errors, command.keep_going, kExitOk);
}

// Inputs that are all regular files have their documents read a program at
// a time (InputOptions::stream_documents): `read` runs with that, and runs
// again without it when a document turns out not to fit (after `reset`).
InputSummary read_streaming(InputOptions options,
                            const std::function<InputSummary(const InputOptions&)>& read,
                            const std::function<void()>& reset) {
  std::uint64_t bytes = 0;
  std::optional<off_t> stdin_offset;  // standard input redirected from a file: read again from here
  options.stream_documents = identify_files(options.files, &bytes, &stdin_offset).has_value();
  InputSummary summary = read(options);
  if (!summary.restart) return summary;
  reset();
  if (stdin_offset) {
    std::clearerr(stdin);
    std::fseek(stdin, *stdin_offset, SEEK_SET);
  }
  options.stream_documents = false;
  return read(options);
}

}  // namespace

void print_error(const std::string& message) {
  std::fprintf(stderr, "acocalc: %s\n", message.c_str());
}

int run_report(const ReportCommand& command) {
  Output out(command.output == "-" ? "" : command.output);  // "-o -": stdout
  std::string error;
  if (!out.open(&error)) {
    print_error(error);
    return kExitBadInput;
  }
  const auto limit = max_value_bytes();
  if (!limit) return kExitBadInput;
  InputOptions inputs{command.files, command.programs, worker_threads(command.threads)};
  inputs.max_value_bytes = *limit;
  std::uint64_t bytes = 0;
  std::optional<off_t> stdin_offset;
  const auto files = identify_files(command.files, &bytes, &stdin_offset);
  if (files) inputs.input_bytes = bytes;  // the progress line's share read
  // Output that can be taken back (-o's temporary file, stdout to a regular
  // file) is written as it goes, in one pass. Other output is held back:
  // from large regular files, a first pass checks everything and a second
  // streams (constant memory, nothing held); otherwise one pass holds it
  // back. A page opens with its portfolio, so -f html holds its sections
  // and is read once.
  if (!out.write_through(command.files) && files && bytes >= kTwoPassBytes &&
      command.format != "html") {
    return run_report_in_two_passes(command, inputs, *files, stdin_offset, out);
  }
  std::optional<ReportWriter> writer;
  writer.emplace(command, out);
  InputSummary summary = read_streaming(
      inputs,
      [&](const InputOptions& options) {
        return read_with_progress(
            options,
            [&](const LoadedProgram& loaded, std::string* text) { writer->render(loaded, text); },
            [&](LoadedProgram& loaded, std::string_view text) { writer->emit(loaded, text); });
      },
      [&] {  // a document read again whole: what it gave so far is taken back
        out.take_back();
        writer.emplace(command, out);
      });
  if (const std::string total = writer->rollup_out_of_range(); !total.empty()) {
    return refuse_rollup(total, summary.errors, out);
  }
  writer->finish(summary.errors);
  return finish_run(out, summary.errors, command.keep_going, kExitOk);
}

// Text set aside for later in the output, in memory up to 1 MiB, then in an
// anonymous temporary file (in memory still when none can be made): check's
// sections, each written whole in its turn.
class Spool {
 public:
  Spool() = default;
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  ~Spool() { clear(); }

  void append(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() < kSpoolBytes) return;
    if (!file_) file_ = std::tmpfile();
    if (!file_) return;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }

  // Writes it all to `out`; false when the temporary file failed.
  bool copy_to(Output& out) {
    if (file_) {
      // Flushed and checked here: rewind() would hide a full disk.
      if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) failed_ = true;
      char block[1 << 16];
      std::size_t n;
      while (!failed_ && (n = std::fread(block, 1, sizeof block, file_)) > 0) {
        out.write({block, n});
      }
      if (std::ferror(file_)) failed_ = true;
    }
    out.write(buffer_);
    return !failed_;
  }

  void clear() {
    buffer_.clear();
    if (file_) std::fclose(file_);
    file_ = nullptr;
    failed_ = false;
  }

 private:
  static constexpr std::size_t kSpoolBytes = 1u << 20;
  std::string buffer_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

int run_whatif(const WhatifCommand& command) {
  Scenario scenario;
  std::vector<std::string> words;
  std::string error;
  // A change as typed ("-2%", "-0.02"), but never "-0".
  const auto change_text = [](double change, const std::string& text) {
    return change == 0 ? std::string("0") : text;
  };
  // A relative change option: its value into `target`, its words into the
  // description; false (with the message printed) when it does not parse.
  const auto change_option = [&](const std::string& text, const char* option, const char* word,
                                 std::optional<double>& target) {
    if (text.empty()) return true;
    target = parse_option_number(text, kChangeOption, &error);
    if (!target) {
      print_error(std::string(option) + ": " + error);
      return false;
    }
    words.push_back(std::string(word) + " " + change_text(*target, text));
    return true;
  };
  if (!change_option(command.expenditure, "--expenditure", "expenditure",
                     scenario.expenditure_change) ||
      !change_option(command.risk_score_growth, "--risk-score-growth", "risk scores",
                     scenario.risk_score_growth) ||
      !change_option(command.regional_spending, "--regional-spending", "regional spending",
                     scenario.regional_spending)) {
    return kExitBadInput;
  }
  for (const auto& item : command.utilization) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      print_error(
          fmt::format("--utilization: expected METRIC=CHANGE such as inpatient_days=-5%, "
                      "got \"{}\"",
                      printable(item)));
      return kExitBadInput;
    }
    const std::string name = item.substr(0, eq), text = item.substr(eq + 1);
    const auto change = parse_option_number(text, kChangeOption, &error);
    if (!change) {
      print_error(fmt::format("--utilization {}: {}", printable(name), error));
      return kExitBadInput;
    }
    for (const auto& [earlier, unused] : scenario.utilization) {
      if (earlier == name) {
        print_error(fmt::format("--utilization: \"{}\" is changed twice; give each metric once",
                                printable(name)));
        return kExitBadInput;
      }
    }
    scenario.utilization.emplace_back(name, *change);
    words.push_back(name + "=" + change_text(*change, text));
  }
  scenario.quality_score = command.quality_score;
  if (command.quality_score) {
    words.push_back("quality score " + option_number_text(*command.quality_score));
  }
  scenario.minimum_savings_rate = command.msr;
  if (command.msr) words.push_back("MSR " + option_number_text(*command.msr));
  scenario.spending_cv = command.spending_cv;
  if (command.spending_cv)
    words.push_back("spending CV " + option_number_text(*command.spending_cv));
  std::string description;
  for (const auto& w : words) description += (description.empty() ? "" : ", ") + w;
  if (description.empty()) description = "no change";

  const auto limit = max_value_bytes();
  if (!limit) return kExitBadInput;
  Output out("");
  RenderOptions options;
  options.markdown = command.format == "markdown";
  // As report's table: color on a terminal unless NO_COLOR, or when asked.
  options.color = command.format == "table" &&
                  (command.color == "always" ||
                   (command.color == "auto" && stdout_is_terminal() && !no_color_requested()));
  // Programs the scenario does not apply to: the first kErrorsPerFile are
  // named, the others counted.
  options.width = table_width(command.width, stdout_is_terminal());
  options.cents = command.cents != "no";
  std::vector<Diagnostic> problems;
  std::size_t unlisted = 0;
  std::string html;  // -f html: the sections, for one page
  std::string text;  // -f json: one program's what-if, its memory reused
  const bool json_format = command.format == "json";
  std::size_t listed = 0;  // programs in the JSON output, written as they come
  const auto start = [&] {
    if (json_format) out.write("{\n  \"acocalc_whatif\": 1,\n  \"programs\": [");
  };
  start();
  InputOptions inputs{command.files, command.programs};
  inputs.max_value_bytes = *limit;
  InputSummary summary = read_streaming(
      inputs,
      [&](const InputOptions& reading) {
        return read_inputs(reading, [&](LoadedProgram& loaded) {
          if (auto problem = scenario_problem(loaded.program, scenario)) {
            if (problems.size() < kErrorsPerFile) {
              problems.push_back(
                  {loaded.file, 0, 0, "", loaded.program.id + ": " + printable(*problem)});
            } else {
              ++unlisted;
            }
            return;
          }
          const Program changed = apply_scenario(loaded.program, scenario);
          const ProgramReport base = compute_report(loaded.program, {});
          const ProgramReport what_if = compute_report(changed, {});
          if (json_format) {
            out.write(listed++ == 0 ? "\n    " : ",\n    ");
            text.clear();
            JsonWriter writer(text, 2, 2);
            write_whatif_json(writer, base, what_if, loaded, description);
            writer.flush();
            out.write(text);
          } else if (command.format == "html") {
            html += render_whatif_html(base, what_if, loaded, description, options);
          } else {
            out.write(render_whatif_table(base, what_if, description, options));
          }
        });
      },
      [&] {
        out.discard();
        problems.clear();
        unlisted = listed = 0;
        html.clear();
        start();
      });
  if (json_format) out.write(listed == 0 ? "]\n}\n" : "\n  ]\n}\n");
  if (command.format == "html") {
    out.write(html_page_begin("acocalc what-if: " + description));
    out.write(html);
    out.write(html_page_end());
  }
  summary.errors.insert(summary.errors.end(), problems.begin(), problems.end());
  if (unlisted > 0) {
    summary.errors.push_back(
        {"whatif", 0, 0, "",
         fmt::format("and {} more program{} the scenario does not apply to",
                     grouped(static_cast<double>(unlisted), 0), unlisted == 1 ? "" : "s")});
  }
  return finish_run(out, summary.errors, false, kExitOk);
}

// A program's check on a worker thread: its report written as JSON text into
// a reused buffer and parsed into a reused JsonTree, where the expectations'
// paths are looked up (no nlohmann document per program). `text` gets the
// number of failed expectations and a line break, then the failure lines
// (table) or the program's entry of the -f json document.
void render_check(const LoadedProgram& loaded, bool json_format, std::string* text) {
  struct Scratch {
    ProgramReport report;
    std::string report_text;
    JsonTree tree;
    std::vector<ExpectationResult> results;
    std::string body;
  };
  thread_local Scratch scratch;  // its memory serves program after program
  scratch.results.clear();
  if (!loaded.expect.empty()) {  // a program without expectations needs no report
    compute_report(loaded.program, {}, scratch.report);
    scratch.report_text.clear();
    {
      JsonWriter writer(scratch.report_text);
      write_program_json(writer, scratch.report, loaded);
      writer.flush();
    }
    if (!scratch.tree.parse(scratch.report_text, kReportDepth)) {
      throw std::logic_error("check: a program's report does not read back as JSON");
    }
    evaluate_expectations(scratch.tree.root(), loaded.expect, scratch.results);
  }
  std::size_t failed = 0;
  std::string& body = scratch.body;
  body.clear();
  if (json_format) {
    JsonWriter w(body, 2, 2);
    w.begin_object();
    w.key("id");
    w.string(loaded.program.id);
    w.key("expectations");
    w.begin_array();
    for (const auto& r : scratch.results) {
      failed += r.passed ? 0 : 1;
      w.begin_object();
      w.key("path");
      w.string(r.path);
      w.key("expected");
      w.value(r.expected);
      w.key("computed");
      w.value(r.computed);
      w.key("tolerance");
      w.number(r.tolerance);
      w.key("passed");
      w.boolean(r.passed);
      w.end_object();
    }
    w.end_array();
    // Notes joined by "; ".
    w.key("note");
    if (loaded.input_notes.empty()) {
      w.null();
    } else {
      std::string note;
      for (const auto& n : loaded.input_notes) note += (note.empty() ? "" : "; ") + n;
      w.string(note);
    }
    w.end_object();
    w.flush();
  } else {
    for (const auto& r : scratch.results) {
      if (r.passed) continue;
      ++failed;
      body += fmt::format(
          "FAIL {}: {}: computed {}, expected {}{}\n", loaded.program.id, printable(r.path),
          r.found ? short_value(r.computed) : "nothing (no such figure)", short_value(r.expected),
          r.expected.is_number() ? fmt::format(" (tolerance {})", r.tolerance) : "");
    }
  }
  *text += fmt::format("{}\n", failed);
  *text += body;
}

int run_check(const CheckCommand& command) {
  const auto limit = max_value_bytes();
  if (!limit) return kExitBadInput;
  const bool json_format = command.format == "json";
  Output out("");
  std::size_t expectations = 0, failed = 0, without = 0, listed = 0;
  Spool failures, notes, empty_list;  // the table's sections, in this order
  const auto start = [&] {
    if (json_format) out.write("{\n  \"programs\": [");
  };
  start();
  InputOptions inputs{command.files, {}, worker_threads()};
  inputs.max_value_bytes = *limit;
  InputSummary summary = read_streaming(
      inputs,
      [&](const InputOptions& options) {
        return read_with_progress(
            options,
            [&](const LoadedProgram& loaded, std::string* text) {
              render_check(loaded, json_format, text);
            },
            [&](LoadedProgram& loaded, std::string_view text) {
              // The first line holds the program's failed expectations.
              const std::size_t line = text.find('\n');
              std::size_t program_failed = 0;
              std::from_chars(text.data(), text.data() + line, program_failed);
              text.remove_prefix(line + 1);
              failed += program_failed;
              expectations += loaded.expect.size();
              if (loaded.expect.empty()) ++without;
              if (json_format) {
                // Written as it comes: the output spills to a temporary
                // file, memory stays flat.
                out.write(listed++ == 0 ? "\n    " : ",\n    ");
                out.write(text);
                return;
              }
              failures.append(text);
              if (loaded.expect.empty()) {
                empty_list.append(fmt::format("no expectations: {}\n", loaded.program.id));
              }
              // One line a note in the text.
              for (const auto& n : loaded.input_notes) {
                notes.append(fmt::format("note {}: {}\n", loaded.program.id, printable(n)));
              }
            });
      },
      [&] {
        out.discard();
        expectations = failed = without = listed = 0;
        failures.clear();
        notes.clear();
        empty_list.clear();
        start();
      });
  const std::size_t program_count = summary.programs;
  if (json_format) {
    out.write(listed == 0 ? "],\n" : "\n  ],\n");
    json totals;
    totals["programs"] = program_count;
    totals["programs_without_expectations"] = without;
    totals["expectations"] = expectations;
    totals["failed"] = failed;
    out.write("  \"summary\": ");
    out.write(json_text(totals, 2, 1));
    out.write(",\n  \"errors\": ");
    out.write(json_text(errors_json(summary.errors), 2, 1));
    out.write("\n}\n");
  } else {
    if (!failures.copy_to(out) || !notes.copy_to(out) || !empty_list.copy_to(out)) {
      print_diagnostics(summary.errors);
      print_error("cannot keep the output in a temporary file; nothing was written");
      out.discard();
      return kExitBadInput;
    }
    out.write(fmt::format("{} programs, {} expectations: {} failed\n", program_count, expectations,
                          failed));
  }
  return finish_run(out, summary.errors, command.keep_going,
                    failed > 0 ? kExitCheckFailed : kExitOk);
}

int run_validate(const std::vector<std::string>& files) {
  const auto limit = max_value_bytes();
  if (!limit) return kExitBadInput;
  Output out("");
  InputOptions inputs{files, {}, worker_threads()};
  inputs.max_value_bytes = *limit;
  InputSummary summary = read_streaming(
      inputs,
      [](const InputOptions& options) {
        return read_with_progress(options, RenderProgram(),
                                  [](LoadedProgram&, std::string_view) {});
      },
      [] {});
  out.write(fmt::format("{} programs valid\n", summary.programs));
  return finish_run(out, summary.errors, false, kExitOk);
}

int run_import_mssp_puf(const ImportCommand& command) {
  if (command.pufs.size() > 1 && (!command.baseline.empty() || command.year)) {
    print_error(
        fmt::format("import mssp-puf: {} takes one PUF; with several, each year's "
                    "baseline is the year before and each file's year comes from its "
                    "name",
                    !command.baseline.empty() ? "--baseline" : "--year"));
    return kExitBadInput;
  }
  const auto limit = max_value_bytes();
  if (!limit) return kExitBadInput;
  std::vector<std::string> texts(command.pufs.size());
  std::string baseline_text, error;
  for (std::size_t i = 0; i < command.pufs.size(); ++i) {
    if (!read_file(command.pufs[i], *limit, &texts[i], &error)) {
      print_error(error);
      return kExitBadInput;
    }
  }
  if (!command.baseline.empty() && !read_file(command.baseline, *limit, &baseline_text, &error)) {
    print_error(error);
    return kExitBadInput;
  }
  std::vector<MsspPufFile> files;
  for (std::size_t i = 0; i < command.pufs.size(); ++i) {
    files.push_back(MsspPufFile{command.pufs[i], texts[i], command.year});
  }
  MsspPufFile baseline{command.baseline, baseline_text, std::nullopt};
  std::string document;
  std::vector<std::string> errors;
  std::vector<std::string> notes;
  const bool ok =
      files.size() == 1
          ? import_mssp_puf(files.front(), command.baseline.empty() ? nullptr : &baseline,
                            &document, &errors, &notes)
          : import_mssp_puf_panel(files, &document, &errors, &notes);
  if (!ok) {
    for (const auto& e : errors) print_error(e);
    return kExitBadInput;
  }
  for (const auto& note : notes) print_error("note: " + note);
  Output out(command.output == "-" ? "" : command.output);
  if (!out.open(&error)) {
    print_error(error);
    return kExitBadInput;
  }
  out.write(document);
  return finish_run(out, {}, false, kExitOk);
}

int run_schema(const std::string& which) {
  Output out("");
  out.write(which == "report"   ? kReportSchema
            : which == "whatif" ? kWhatifSchema
            : which == "check"  ? kCheckSchema
                                : kInputSchema);
  return finish_run(out, {}, false, kExitOk);
}

int run_rules(const RulesCommand& command) {
  std::span<const MsspYearRules> years = mssp_years();
  if (command.year) {
    const MsspYearRules* rules = mssp_year_rules(*command.year);
    if (!rules) {
      print_error(
          fmt::format("rules: performance year {} is outside the years acocalc knows "
                      "({} to {})",
                      *command.year, years.front().year, years.back().year));
      return kExitBadInput;
    }
    years = std::span<const MsspYearRules>(rules, 1);
  }
  Output out("");
  out.write(command.format == "json" ? render_mssp_rules_json(years)
                                     : render_mssp_rules_table(years));
  return finish_run(out, {}, false, kExitOk);
}

}  // namespace acocalc
