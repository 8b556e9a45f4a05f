#include <fmt/format.h>

#include "json/format.h"
#include "render/render.h"

namespace acocalc {
namespace {

// RFC 4180: quote a field holding a comma, quote or line break; double quotes.
std::string field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Numbers in CSV: shortest round-trip text (fractions stay fractions).
std::string num(const std::optional<double>& x) {
  if (!x || !std::isfinite(*x)) return "";
  return fmt::format("{}", *x == 0 ? 0.0 : *x);
}
std::string cents(const std::optional<double>& x) { return x ? fixed(*x, 2) : ""; }
std::string flag(const std::optional<bool>& x) { return x ? (*x ? "true" : "false") : ""; }

}  // namespace

std::string csv_header() {
  return "program_id,program_name,section,name,direction,baseline,performance,change,pct_change,"
         "rate_ratio,ci_low,ci_high,significant,improved,eligible,gross_savings,savings_rate,"
         "shared_savings,shared_losses,net_payment\r\n";
}

std::string render_program_csv(const ProgramReport& report, const LoadedProgram&) {
  const Program& p = *report.program;
  std::string settlement = ",,,,,,";  // six empty settlement columns
  if (report.settlement) {
    const Settlement& s = *report.settlement;
    settlement = fmt::format(",{},{},{},{},{},{}", s.eligible ? "true" : "false",
                             cents(s.gross_savings), num(s.savings_rate), cents(s.shared_savings),
                             cents(s.settled ? std::optional(s.shared_losses) : std::nullopt),
                             cents(s.settled ? std::optional(s.net_payment) : std::nullopt));
  }
  const std::string prefix = field(p.id) + "," + field(p.name) + ",";
  std::string out;
  for (const auto& m : report.utilization) {
    out += prefix + "utilization," + field(m.name) + "," +
           std::string(direction_name(m.direction)) + "," + num(m.baseline_per_1000) + "," +
           num(m.performance_per_1000) + "," + num(m.change_per_1000) + "," + num(m.pct_change) +
           "," + num(m.rate_ratio) + "," + num(m.ci_low) + "," + num(m.ci_high) + "," +
           flag(m.significant) + "," + flag(m.improved) + settlement + "\r\n";
  }
  for (const auto& m : report.quality) {
    out += prefix + "quality," + field(m.name) + "," + std::string(direction_name(m.direction)) +
           "," + num(m.baseline_rate) + "," + num(m.performance_rate) + "," + num(m.change_points) +
           "," + num(m.pct_change) + ",," + num(m.ci_low) + "," + num(m.ci_high) + "," +
           flag(m.significant) + "," + flag(m.improved) + settlement + "\r\n";
  }
  // Against the comparison group: baseline and performance are the
  // comparison group's rates, change the difference in differences (spending:
  // per member-year, with the relative effect as pct_change).
  if (report.comparison) {
    const ComparisonEffect& c = *report.comparison;
    const SpendingEffect& e = c.spending;
    out += prefix + "comparison_spending,did_per_member_year,,,," + cents(e.did_per_member_year) +
           "," + num(e.relative_effect) + ",," + cents(e.ci_low) + "," + cents(e.ci_high) + "," +
           flag(e.significant) + "," + settlement + "\r\n";
    for (const MetricEffect& m : c.utilization) {
      out += prefix + "comparison_utilization," + field(m.name) + "," +
             std::string(direction_name(m.direction)) + "," + num(m.comparison_baseline_per_1000) +
             "," + num(m.comparison_performance_per_1000) + "," + num(m.did_per_1000) + ",," +
             num(m.ratio_of_rate_ratios) + "," + num(m.ci_low) + "," + num(m.ci_high) + "," +
             flag(m.significant) + "," + flag(m.improved) + settlement + "\r\n";
    }
    for (const MeasureEffect& m : c.quality) {
      out += prefix + "comparison_quality," + field(m.name) + "," +
             std::string(direction_name(m.direction)) + "," + num(m.comparison_baseline_rate) +
             "," + num(m.comparison_performance_rate) + "," + num(m.did_points) + ",,," +
             num(m.ci_low) + "," + num(m.ci_high) + "," + flag(m.significant) + "," +
             flag(m.improved) + settlement + "\r\n";
    }
  }
  if (report.utilization.empty() && report.quality.empty()) {
    out += prefix + "program,,,,,,,,,,," + settlement + "\r\n";
  }
  return out;
}

}  // namespace acocalc
