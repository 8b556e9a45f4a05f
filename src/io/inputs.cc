#include "io/inputs.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <sys/stat.h>

#include "io/id_registry.h"
#include "io/value_reader.h"

namespace acocalc {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f && f != stdin) std::fclose(f);
  }
};

bool has_suffix(const std::string& name, std::string_view suffix) {
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

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
  return std::strtol(pointer.c_str() + prefix.size(), nullptr, 10);
}


}  // namespace

InputSummary read_inputs(const InputOptions& options,
                         const std::function<void(LoadedProgram&&)>& on_program) {
  InputSummary summary;
  std::vector<std::string> files = options.files;
  if (files.empty()) files.push_back("-");
  IdRegistry seen;
  std::set<std::string> wanted(options.only_programs.begin(), options.only_programs.end());
  std::set<std::string> found;

  for (std::size_t file_index = 0; file_index < files.size(); ++file_index) {
    const std::string& path = files[file_index];
    const bool is_stdin = path == "-";
    const std::string name = is_stdin ? "<stdin>" : path;
    std::unique_ptr<std::FILE, FileCloser> stream;
    if (is_stdin) {
      stream.reset(stdin);
    } else {
      struct stat info {};
      if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
        summary.errors.push_back({name, 0, 0, "", "is a directory, not a JSON document"});
        continue;
      }
      stream.reset(std::fopen(path.c_str(), "rb"));
      if (!stream) {
        summary.errors.push_back({name, 0, 0, "", fmt::format("cannot open: {}", std::strerror(errno))});
        continue;
      }
    }
    const bool lines_by_name = has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson");
    ValueReader reader(stream.get(), lines_by_name);
    // Look one value ahead, to know whether the file holds several (JSON
    // Lines or concatenated documents): then diagnostics name the line.
    std::string current, next;
    long line = 0, column = 0, offset = 0, next_line = 0, next_column = 0, next_offset = 0;
    bool have = reader.next(&current, &line, &column, &offset);
    bool several = false;
    bool any = have;
    while (have) {
      const bool have_next = reader.next(&next, &next_line, &next_column, &next_offset);
      several = several || have_next;
      ValueOrigin origin{name, line, column, several || lines_by_name, lines_by_name};
      std::vector<LoadedProgram> programs;
      const std::size_t errors_before = summary.errors.size();
      load_value(current, origin, &programs, &summary.errors);
      for (auto& program : programs) {
        const std::string& id = program.program.id;
        const long index = program_index(program.pointer);
        const IdPlace here{static_cast<std::uint32_t>(file_index), static_cast<std::uint32_t>(line),
                           static_cast<std::int32_t>(index), origin.show_line};
        if (auto first = seen.insert(id, here)) {
          const std::size_t first_file = std::min<std::size_t>(first->file, files.size() - 1);
          const std::string& first_path = files[first_file];
          summary.errors.push_back(
              {name, origin.show_line ? line : 0, 0,
               (program.pointer.empty() ? std::string() : program.pointer) + "/id",
               fmt::format("duplicate program id \"{}\"; first used at {}", id,
                           describe_place(first_path == "-" ? "<stdin>" : first_path, first->line,
                                          first->show_line,
                                          first->index >= 0
                                              ? fmt::format("/programs/{}", first->index)
                                              : std::string()))});
          continue;
        }
        if (!wanted.empty()) {
          if (!wanted.count(id)) continue;
          found.insert(id);  // only the selected ids: memory stays flat otherwise
        }
        ++summary.programs;
        on_program(std::move(program));
      }
      // A repeated id goes among the errors of its document's other programs,
      // in document order.
      std::stable_sort(summary.errors.begin() + static_cast<std::ptrdiff_t>(errors_before),
                       summary.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
                         return program_index(a.pointer) < program_index(b.pointer);
                       });
      if (!have_next) break;
      current.swap(next);
      line = next_line;
      column = next_column;
      offset = next_offset;
    }
    if (reader.read_error()) {
      summary.errors.push_back(
          {name, 0, 0, "", fmt::format("read error: {}", std::strerror(reader.read_errno()))});
    } else if (!any) {
      // Where the text ends, like any syntax error: editors can jump there.
      const bool blank = reader.line() > 1 || reader.column() > 1;
      summary.errors.push_back(
          {name, reader.line(), reader.column(), "",
           fmt::format("invalid JSON: found the end of the input, expected a JSON document; the "
                       "input {}",
                       blank ? "holds only white space"
                             : reader.had_bom() ? "holds only a byte-order mark" : "is empty")});
    }
  }
  for (const auto& id : wanted) {
    if (!found.count(id)) {
      summary.errors.push_back({"--program", 0, 0, "", fmt::format("no program with id \"{}\" in the input", id)});
    }
  }
  return summary;
}

}  // namespace acocalc
