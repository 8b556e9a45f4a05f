// libFuzzer target: arbitrary bytes through the stream reader, the loader,
// the calculations and every renderer. Crashes, sanitizer reports and the invariants below are
// findings; an input the loader rejects must come with a diagnostic.
//
// The loader's JSON parser (JsonTree) must accept exactly what nlohmann's
// strict parser accepts, less repeated keys and deep nesting
// (tests/support/json_oracle.h).
//
// Invariants checked on every accepted program:
//   - no NaN, infinity or negative zero in the JSON report (program_json,
//     rollup_json), which is also what jsonl prints;
//   - no "nan", "inf" or negative zero ("-0", "-0.00", "-$0.00", "-0.0%") in
//     the table, Markdown and CSV output, unless the input itself holds such
//     text (names and labels are echoed verbatim).
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "acocalc/report.h"
#include "acocalc/rollup.h"
#include "io/json_tree.h"
#include "io/loader.h"
#include "io/render.h"
#include "io/value_reader.h"
#include "support/json_oracle.h"

namespace {

using acocalc::ordered_json;

[[noreturn]] void fail(const char* what, std::string_view context) {
  std::fprintf(stderr, "fuzz_report: %s\n%.*s\n", what, static_cast<int>(context.size()),
               context.data());
  std::abort();
}

void check_json_numbers(const ordered_json& value) {
  if (value.is_number_float()) {
    const double x = value.get<double>();
    if (!std::isfinite(x)) fail("non-finite number in JSON output", value.dump());
    if (x == 0 && std::signbit(x)) fail("negative zero in JSON output", value.dump());
  } else if (value.is_structured()) {
    for (const auto& item : value) check_json_numbers(item);
  }
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "nan", "inf", "infinity" as a whole word, any case.
bool has_non_finite_word(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : {"nan", "inf", "infinity"}) {
    for (std::size_t pos = lower.find(word); pos != std::string::npos;
         pos = lower.find(word, pos + 1)) {
      const bool starts = pos == 0 || !is_word_char(lower[pos - 1]);
      const std::size_t end = pos + word.size();
      const bool ends = end == lower.size() || !is_word_char(lower[end]);
      if (starts && ends) return true;
    }
  }
  return false;
}

// A '-' that starts a number (not inside a word, a date or a range) whose
// digits are all zero: "-0", "-0.00", "-$0.00", "-0.0%", "-0,000".
bool has_negative_zero(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '-') continue;
    if (i > 0 && (is_word_char(text[i - 1]) || text[i - 1] == '-' || text[i - 1] == '.')) continue;
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '$') ++j;
    bool digit = false, nonzero = false;
    for (; j < text.size(); ++j) {
      const char c = text[j];
      if (c >= '0' && c <= '9') {
        digit = true;
        nonzero = nonzero || c != '0';
      } else if (c != '.' && c != ',') {
        break;
      }
    }
    if (digit && !nonzero) return true;
  }
  return false;
}

void check_text(std::string_view input, std::string_view output, const char* format) {
  if (has_non_finite_word(output) && !has_non_finite_word(input)) {
    fail(format, output);
  }
  if (has_negative_zero(output) && !has_negative_zero(input)) fail(format, output);
}

// Loads one value; every diagnostic must be one line.
void load(std::string_view text, const acocalc::ValueOrigin& origin,
          std::vector<acocalc::LoadedProgram>* programs) {
  std::vector<acocalc::Diagnostic> errors;
  const bool parsed = acocalc::load_value(text, origin, programs, &errors);
  if (!parsed && errors.empty()) fail("syntax error without a diagnostic", text);
  for (const auto& d : errors) {
    const std::string line = acocalc::format_diagnostic(d);
    if (line.empty() || line.find('\n') != std::string::npos) fail("diagnostic not one line", line);
  }
}

// The stream reader (documents, concatenated values, JSON Lines, documents
// split into their programs) over the same bytes: every value it splits off
// is loaded too.
void read_stream(std::string_view input, bool one_per_line, bool split) {
  std::FILE* stream = fmemopen(const_cast<char*>(input.data()), input.size(), "rb");
  if (stream == nullptr) return;
  acocalc::ValueReader reader(stream, one_per_line);
  if (split) reader.split_documents();
  std::string text;
  std::vector<acocalc::ValueSpan> spans;
  std::size_t total = 0;
  acocalc::JsonTree tree;
  while (reader.read(&text, &spans, 4096)) {
    for (const auto& span : spans) {
      total += span.length;
      if (total > input.size()) fail("the reader returned more bytes than it read", input);
      const std::string_view value = std::string_view(text).substr(span.offset, span.length);
      const acocalc::ValueOrigin origin{"fuzz.jsonl", span.line, span.column, true, one_per_line};
      if (span.malformed) continue;
      if (span.element >= 0) {
        acocalc::ProgramList programs;
        std::vector<acocalc::Diagnostic> errors;
        (void)acocalc::load_element(value, origin, static_cast<std::size_t>(span.element), tree,
                                    &programs, &errors);
        continue;
      }
      std::vector<acocalc::LoadedProgram> ignored;
      load(value, origin, &ignored);
    }
  }
  std::fclose(stream);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  {
    acocalc::JsonTree tree;
    if (tree.parse(input, acocalc::testing::kDepth) != acocalc::testing::oracle_accepts(input)) {
      fail("JsonTree and nlohmann disagree on", input);
    }
  }
  if (size > 0) {
    read_stream(input, false, false);
    read_stream(input, true, false);
    read_stream(input, false, true);
  }
  std::vector<acocalc::LoadedProgram> programs;
  load(input, acocalc::ValueOrigin{"fuzz.json", 1, 1, false}, &programs);

  acocalc::Rollup rollup;
  acocalc::RenderOptions table_options;
  acocalc::RenderOptions markdown_options;
  markdown_options.markdown = true;
  for (const auto& loaded : programs) {
    const acocalc::ProgramReport report = acocalc::compute_report(loaded.program, {0.95});
    acocalc::add_to_rollup(rollup, report);
    const ordered_json json = acocalc::program_json(report, loaded);
    check_json_numbers(json);
    (void)json.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    check_text(input, acocalc::render_program_table(report, loaded, table_options), "table");
    check_text(input, acocalc::render_program_table(report, loaded, markdown_options), "markdown");
    check_text(input, acocalc::render_program_csv(report, loaded), "csv");
  }
  if (!programs.empty()) {
    check_json_numbers(acocalc::rollup_json(rollup));
    check_text(input, acocalc::render_rollup_table(rollup, table_options), "rollup table");
    check_text(input, acocalc::render_rollup_table(rollup, markdown_options), "rollup markdown");
  }
  return 0;
}
