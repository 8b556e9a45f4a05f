// Renderers: a ProgramReport in, bytes out. They never compute a figure and
// never print; the command layer writes what they return.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "acocalc/mssp.h"
#include "acocalc/report.h"
#include "acocalc/rollup.h"
#include "input/loader.h"
#include "json/json_tree.h"
#include "json/json_writer.h"

namespace acocalc {

struct RenderOptions {
  bool color = false;        // ANSI colors (table only)
  bool markdown = false;     // Markdown tables instead of aligned text
  double confidence = 0.95;  // for column headings
  // Tables: at most this many characters a line (0: no limit). Below 120
  // and 80 secondary columns go and headings shorten; labels too long for
  // the narrowest layout are cut with an ellipsis; long text lines wrap.
  // Markdown is never narrowed.
  std::size_t width = 0;
  bool cents = true;  // false: money in tables rounded to whole dollars
};

// Money in a table: money(), or whole dollars when !options.cents.
std::string table_money(double x, const RenderOptions& options);
// `text` cut to `width` characters, the last one an ellipsis when cut.
std::string cut_text(const std::string& text, std::size_t width);
// `prefix` then `text` as one line, or, when options.width is set and the
// line is wider, word-wrapped onto lines indented by `indent` spaces; each
// line ends with a newline. `tone_start`/`tone_end` wrap each line's text.
std::string wrap_text(const std::string& prefix, const std::string& text, std::size_t indent,
                      const RenderOptions& options, const std::string& tone_start = "",
                      const std::string& tone_end = "");
// Characters on screen (UTF-8 characters, ANSI color codes not counted).
std::size_t display_width(const std::string& text);

// The sentence for one eligibility reason ("savings rate 6.81% meets the
// minimum savings rate 2.00%"); !cents: money in whole dollars (tables' --cents no).
std::string reason_text(const Reason& reason, const Settlement& settlement, bool cents = true);
void append_reason_text(std::string& out, const Reason& reason, const Settlement& settlement,
                        bool cents = true);

// "lower_is_better", "higher_is_better" or "neutral".
std::string_view direction_name(Direction direction);

// The word for a gate metric's verdict ("worsened").
std::string_view gate_verdict_name(GateVerdict verdict);

// The program's JSON report, keys in the documented order (README "JSON
// report"), written by `writer`. Money is rounded to cents; fractions are
// kept whole.
void write_program_json(JsonWriter& writer, const ProgramReport& report,
                        const LoadedProgram& loaded);
// The same report as a JSON value (what-if documents).
nlohmann::ordered_json program_json(const ProgramReport& report, const LoadedProgram& loaded);
// Nesting enough for any report (the parse of one).
inline constexpr std::size_t kReportDepth = 64;

// settlement.benchmark_calculation: every step of an MSSP benchmark computed
// from its inputs (render_benchmark.cc).
void write_benchmark_calculation_json(JsonWriter& writer, const MsspBenchmarkCalculation& c);

// The "Benchmark, step by step" section shared by the table, Markdown and
// HTML renderers: a title, the header, and one row a step (label, the CFR
// paragraph, four enrollment types, all types); the last row is the total.
struct BenchmarkStepTable {
  std::string title;
  std::vector<std::string> header;
  std::vector<bool> right;
  std::vector<std::vector<std::string>> rows;
};
BenchmarkStepTable benchmark_step_table(const MsspBenchmarkCalculation& c);

// The roll-up's JSON object.
void write_rollup_json(JsonWriter& writer, const Rollup& rollup);
nlohmann::ordered_json rollup_json(const Rollup& rollup);

// The human-readable block of one program (table or Markdown).
std::string render_program_table(const ProgramReport& report, const LoadedProgram& loaded,
                                 const RenderOptions& options);

// The roll-up block (table or Markdown).
std::string render_rollup_table(const Rollup& rollup, const RenderOptions& options);

// What-if: the base and the scenario side by side with the differences
// (table or Markdown), or as JSON {"id", "scenario", "base", "what_if",
// "difference"}.
std::string render_whatif_table(const ProgramReport& base, const ProgramReport& scenario,
                                const std::string& description, const RenderOptions& options);
void write_whatif_json(JsonWriter& writer, const ProgramReport& base, const ProgramReport& scenario,
                       const LoadedProgram& loaded, const std::string& description);
// The same as a JSON value.
nlohmann::ordered_json whatif_json(const ProgramReport& base, const ProgramReport& scenario,
                                   const LoadedProgram& loaded, const std::string& description);

// The facts under a program's title, as (label, text) rows: payer, partners,
// location, population, the periods. Tables and the HTML page share them.
std::vector<std::pair<std::string, std::string>> program_facts(const Program& program,
                                                               const RenderOptions& options);

// HTML (-f html): one self-contained page. The page's start and end, a
// program's section, and, for several programs, the portfolio section
// (totals, every program's savings rate against its MSR, an index) from a
// PortfolioEntry per program.
struct PortfolioEntry {
  std::string id;
  std::string name;
  std::optional<double> savings_rate;
  std::optional<double> minimum_savings_rate;
  bool eligible = false;
  bool settled = true;
  double earned = 0;
};
std::string html_page_begin(const std::string& title);
std::string html_page_end();
std::string render_program_html(const ProgramReport& report, const LoadedProgram& loaded,
                                const RenderOptions& options);
PortfolioEntry portfolio_entry(const ProgramReport& report);
std::string render_portfolio_html(const Rollup& rollup, const std::vector<PortfolioEntry>& entries);
std::string render_whatif_html(const ProgramReport& base, const ProgramReport& scenario,
                               const LoadedProgram& loaded, const std::string& description,
                               const RenderOptions& options);

// CSV: the header line, and the rows of one program (one per metric and
// measure, plus one for the settlement), RFC 4180 quoted.
std::string csv_header();
std::string render_program_csv(const ProgramReport& report, const LoadedProgram& loaded);

// `acocalc rules`: the MSSP rows of the year table (all of it, or one year
// with its tracks' parameters), as a table or as JSON.
std::string render_mssp_rules_table(std::span<const MsspYearRules> years);
std::string render_mssp_rules_json(std::span<const MsspYearRules> years);

}  // namespace acocalc
