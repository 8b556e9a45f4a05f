// libFuzzer target: arbitrary bytes through the stream reader, the loader,
// the calculations and every renderer. Crashes, sanitizer reports and the invariants below are
// findings; an input the loader rejects must come with a diagnostic.
//
// The loader's JSON parser (JsonTree) must accept exactly what nlohmann's
// strict parser accepts, less repeated keys and deep nesting
// (tests/support/json_oracle.h), and say why it refuses a text.
//
// `check` and `whatif` run too: every accepted program's expectations are
// evaluated against its JSON report (and the raw input tried as a path);
// its notes, up to five, are read as option values (--expenditure, --msr,
// --quality-score, --spending-cv, a --utilization change of its first
// metric) through parse_option_number, and a scenario the program can take
// is applied, settled and rendered.
//
// Invariants checked on every accepted program:
//   - no NaN, infinity or negative zero in the JSON report (program_json,
//     rollup_json), which is also what jsonl prints;
//   - no "nan", "inf" or negative zero ("-0", "-0.00", "-$0.00", "-0.0%") in
//     the table, Markdown and CSV output, unless the input itself holds such
//     text (names and labels are echoed verbatim);
//   - the same for the what-if table, Markdown and JSON, and for every
//     option error message;
//   - an option value taken is finite, in its rule's range and not -0; a
//     refused one has a one-line message;
//   - one expectation result per expectation, a passed one found;
//   - a program held back between a report's two passes (program_codec)
//     reads back equal to itself.
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acocalc/report.h"
#include "acocalc/rollup.h"
#include "acocalc/whatif.h"
#include "cli/options.h"
#include "input/expect.h"
#include "input/loader.h"
#include "input/program_codec.h"
#include "json/json_tree.h"
#include "json/value_reader.h"
#include "render/render.h"
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

// `check`: the program's expectations against its report; the input itself
// (its first 256 bytes) as a path, which must neither throw nor crash.
void check_expectations(std::string_view input, const ordered_json& report_json,
                        const acocalc::LoadedProgram& loaded) {
  // As `check` has it: the report's JSON text in the project's own tree.
  thread_local acocalc::JsonTree tree;
  thread_local std::string text;  // the tree views it: kept alive
  text = report_json.dump();
  if (!tree.parse(text, 1000)) fail("the report does not read back", input);
  const acocalc::JsonNode report = tree.root();
  const auto results = acocalc::evaluate_expectations(report, loaded.expect);
  if (results.size() != loaded.expect.size()) fail("one result per expectation", input);
  for (const auto& r : results) {
    if (r.passed && !r.found) fail("an expectation passed without a figure", r.path);
    if (acocalc::expect_path_problem(r.path)) fail("the loader kept a malformed path", r.path);
  }
  const std::string path(input.substr(0, 256));
  (void)acocalc::find_path(report, path);
  if (const auto problem = acocalc::expect_path_problem(path)) {
    if (problem->find('\n') != std::string::npos) fail("path message not one line", *problem);
  }
}

// An option value through its rule: taken, it is finite, in range, not -0;
// refused, the message is one line without nan or inf (unless the text has
// them).
std::optional<double> option_value(std::string_view input, std::string_view text,
                                   const acocalc::OptionRule& rule) {
  std::string error;
  const auto x = acocalc::parse_option_number(text, rule, &error);
  if (x) {
    if (!std::isfinite(*x) || *x < rule.min || *x > rule.max ||
        (rule.min_exclusive && *x == rule.min))
      fail("an option value out of its rule taken", text);
    if (*x == 0 && std::signbit(*x)) fail("an option value of -0 taken", text);
    check_text(input, acocalc::option_number_text(*x), "option number");
  } else {
    if (error.empty() || error.find('\n') != std::string::npos) fail("option message", error);
    check_text(input, error, "option message");
  }
  return x;
}

// `whatif` with the program's notes as option values.
void what_if(std::string_view input, const acocalc::LoadedProgram& loaded,
             const acocalc::ProgramReport& base) {
  const auto& notes = loaded.input_notes;
  for (const auto& note : notes) {
    for (const acocalc::OptionRule* rule :
         {&acocalc::kConfidenceOption, &acocalc::kFractionOption, &acocalc::kSpendingCvOption,
          &acocalc::kChangeOption, &acocalc::kThreadsOption, &acocalc::kYearOption}) {
      (void)option_value(input, note, *rule);
    }
  }
  if (notes.empty()) return;
  acocalc::Scenario scenario;
  std::string description;
  const auto note = [&](std::size_t i) -> std::string_view {
    return i < notes.size() ? std::string_view(notes[i]) : std::string_view();
  };
  if (!note(0).empty())
    scenario.expenditure_change = option_value(input, note(0), acocalc::kChangeOption);
  if (!note(1).empty())
    scenario.minimum_savings_rate = option_value(input, note(1), acocalc::kFractionOption);
  if (!note(2).empty())
    scenario.quality_score = option_value(input, note(2), acocalc::kFractionOption);
  if (!note(3).empty())
    scenario.spending_cv = option_value(input, note(3), acocalc::kSpendingCvOption);
  const auto& metrics = loaded.program.performance.utilization;
  if (!note(4).empty() && !metrics.empty()) {
    if (auto change = option_value(input, note(4), acocalc::kChangeOption)) {
      scenario.utilization.emplace_back(metrics.front().name, *change);
    }
  }
  for (std::size_t i = 0; i < notes.size() && i < 5; ++i) description += notes[i] + " ";
  if (acocalc::scenario_problem(loaded.program, scenario)) return;
  const acocalc::Program changed = acocalc::apply_scenario(loaded.program, scenario);
  const acocalc::ProgramReport after = acocalc::compute_report(changed, {0.95});
  check_json_numbers(acocalc::whatif_json(base, after, loaded, description));
  acocalc::RenderOptions options;
  check_text(input, acocalc::render_whatif_table(base, after, description, options),
             "whatif table");
  options.markdown = true;
  check_text(input, acocalc::render_whatif_table(base, after, description, options),
             "whatif markdown");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  {
    acocalc::JsonTree tree;
    const bool accepted = tree.parse(input, acocalc::testing::kDepth);
    if (accepted != acocalc::testing::oracle_accepts(input)) {
      fail("JsonTree and nlohmann disagree on", input);
    }
    // A refusal is worded: a repeated key with its path, or what was found
    // at a place in the text.
    const acocalc::JsonError& error = tree.error();
    if (!accepted && error.path.empty() &&
        (!error.message.starts_with("found ") || error.offset > size || error.line < 1 ||
         error.column < 1)) {
      fail("JsonTree refused without saying why", input);
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
  std::string encoded;
  acocalc::LoadedProgram decoded;
  for (const auto& loaded : programs) {
    encoded.clear();
    acocalc::encode_program(loaded, &encoded);
    if (!acocalc::decode_program(encoded, &decoded) || !(decoded == loaded)) {
      fail("a program held back did not read back as it was", input);
    }
    const acocalc::ProgramReport report = acocalc::compute_report(loaded.program, {0.95});
    acocalc::add_to_rollup(rollup, report);
    const ordered_json json = acocalc::program_json(report, loaded);
    check_json_numbers(json);
    check_expectations(input, json, loaded);
    what_if(input, loaded, report);
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
