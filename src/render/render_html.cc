// -f html: one self-contained page (inline CSS and SVG, no script, nothing
// fetched) with a section per program and, for several programs, a
// portfolio section first. Every chart has a <title> and <desc> and the
// numbers it draws in a table beside it; verdicts differ by shape and
// label, not by color alone.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "acocalc/mssp.h"
#include "json/format.h"
#include "render/render.h"

namespace acocalc {
namespace {

// ------------------------------------------------------------ text

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters from the input are shown, never obeyed.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string esc(const std::string& text) { return esc(std::string_view(text)); }

// An id for HTML anchors: the program id is [A-Za-z0-9._-] already.
std::string anchor(std::string_view id) { return "p-" + std::string(id); }

std::string num(double x) { return fixed(x, 1); }

std::string or_na(const std::optional<double>& x, int decimals) {
  return x ? grouped(*x, decimals) : "n/a";
}
std::string money_or_na(const std::optional<double>& x) { return x ? money(*x) : "n/a"; }
std::string pct_or_na(const std::optional<double>& x, int decimals) {
  return x ? signed_percent(*x, decimals) : "n/a";
}

// The verdict of a change: its word, its CSS class and its marker shape.
struct Verdict {
  std::string word;
  const char* css;   // "good", "bad", "none"
  bool significant;  // filled marker when true
};

Verdict verdict_of(Direction direction, const std::optional<bool>& improved,
                   const std::optional<double>& change, const std::optional<bool>& significant) {
  const bool sig = significant.value_or(true);
  if (direction == Direction::neutral) return {"no direction", "none", sig};
  if (!improved) return {"n/a", "none", sig};
  if (change && *change == 0) return {"unchanged", "none", sig};
  const std::string ns = significant == false ? " (n.s.)" : "";
  if (*improved) return {"improved" + ns, "good", sig};
  return {"worsened" + ns, "bad", sig};
}

// A marker: circle for improved, triangle for worsened, square otherwise;
// hollow when not significant.
std::string marker(double x, double y, const Verdict& v) {
  const std::string fill = v.significant ? "" : " hollow";
  if (std::string_view(v.css) == "good") {
    return fmt::format(R"(<circle class="m {}{}" cx="{}" cy="{}" r="5"/>)", v.css, fill, num(x),
                       num(y));
  }
  if (std::string_view(v.css) == "bad") {
    return fmt::format(R"(<path class="m {}{}" d="M{} {}l6 10h-12z"/>)", v.css, fill, num(x),
                       num(y - 6));
  }
  return fmt::format(R"(<rect class="m {}{}" x="{}" y="{}" width="9" height="9"/>)", v.css, fill,
                     num(x - 4.5), num(y - 4.5));
}

std::string svg_open(int width, int height, const std::string& title, const std::string& desc) {
  return fmt::format(
      R"(<svg role="img" viewBox="0 0 {} {}" width="{}" height="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>)",
      width, height, width, height, esc(title), esc(desc));
}

// ------------------------------------------------------------ charts

constexpr int kWidth = 720;
constexpr int kLabel = 220;  // left margin for row labels
constexpr int kRow = 26;

// Rate ratios with their intervals on a log scale, a line at 1.
std::string forest_plot(const ProgramReport& report, double confidence) {
  double low = 1;
  double high = 1;
  for (const MetricChange& m : report.utilization) {
    for (const auto& x : {m.rate_ratio, m.ci_low, m.ci_high}) {
      if (x && *x > 0) {
        low = std::min(low, *x);
        high = std::max(high, *x);
      }
    }
  }
  low = std::log(low) - 0.05;
  high = std::log(high) + 0.05;
  const int plot = kWidth - kLabel - 20;
  const auto x_of = [&](double ratio) {
    return kLabel + (std::log(ratio) - low) / (high - low) * plot;
  };
  const int height = 40 + kRow * static_cast<int>(report.utilization.size());
  std::string out = svg_open(
      kWidth, height, "Utilization: rate ratios with intervals",
      fmt::format("Performance over baseline rate per metric, with {} intervals, on a log scale; "
                  "the vertical line is 1 (no change). Circles improved, triangles worsened, "
                  "squares no verdict; hollow markers are not significant.",
                  percent(confidence, 0)));
  out += fmt::format(R"(<line class="axis" x1="{0}" y1="10" x2="{0}" y2="{1}"/>)", num(x_of(1)),
                     height - 20);
  out += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="middle">1</text>)",
                     num(x_of(1)), height - 6);
  for (double tick : {0.5, 0.8, 0.9, 1.1, 1.25, 2.0}) {
    const double at = std::log(tick);
    if (at <= low || at >= high) continue;
    out += fmt::format(
        R"(<line class="grid" x1="{0}" y1="10" x2="{0}" y2="{1}"/><text class="tick" x="{0}" y="{2}" text-anchor="middle">{3}</text>)",
        num(x_of(tick)), height - 20, height - 6, fixed(tick, 2));
  }
  int row = 0;
  for (const MetricChange& m : report.utilization) {
    const double y = 24 + kRow * row++;
    out += fmt::format(R"(<text class="label" x="{}" y="{}" text-anchor="end">{}</text>)",
                       kLabel - 8, num(y + 4), esc(display_name(m.name)));
    if (m.ci_low && m.ci_high && *m.ci_low > 0) {
      out += fmt::format(R"(<line class="ci" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>)",
                         num(x_of(*m.ci_low)), num(x_of(*m.ci_high)), num(y));
    }
    if (m.rate_ratio && *m.rate_ratio > 0) {
      out += marker(x_of(*m.rate_ratio), y,
                    verdict_of(m.direction, m.improved, m.change_per_1000, m.significant));
    }
  }
  return out + "</svg>";
}

// Changes in points with their intervals, a line at 0.
std::string quality_chart(const ProgramReport& report, double confidence) {
  double low = 0;
  double high = 0;
  for (const MeasureChange& m : report.quality) {
    for (const auto& x : {m.change_points, m.ci_low, m.ci_high}) {
      if (x) {
        low = std::min(low, *x);
        high = std::max(high, *x);
      }
    }
  }
  const double pad = std::max(0.005, (high - low) * 0.05);
  low -= pad;
  high += pad;
  const int plot = kWidth - kLabel - 20;
  const auto x_of = [&](double v) { return kLabel + (v - low) / (high - low) * plot; };
  const int height = 40 + kRow * static_cast<int>(report.quality.size());
  std::string out = svg_open(
      kWidth, height, "Quality: changes in points with intervals",
      fmt::format("Performance minus baseline rate per measure, in percentage points, with {} "
                  "Newcombe intervals; the vertical line is no change. Circles improved, "
                  "triangles worsened; hollow markers are not significant.",
                  percent(confidence, 0)));
  out += fmt::format(R"(<line class="axis" x1="{0}" y1="10" x2="{0}" y2="{1}"/>)", num(x_of(0)),
                     height - 20);
  out += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="middle">0</text>)",
                     num(x_of(0)), height - 6);
  int row = 0;
  for (const MeasureChange& m : report.quality) {
    const double y = 24 + kRow * row++;
    out += fmt::format(R"(<text class="label" x="{}" y="{}" text-anchor="end">{}</text>)",
                       kLabel - 8, num(y + 4), esc(display_name(m.name)));
    if (m.ci_low && m.ci_high) {
      out += fmt::format(R"(<line class="ci" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>)",
                         num(x_of(*m.ci_low)), num(x_of(*m.ci_high)), num(y));
    }
    if (m.change_points) {
      out += marker(x_of(*m.change_points), y,
                    verdict_of(m.direction, m.improved, m.change_points, m.significant));
    }
  }
  return out + "</svg>";
}

// One step of a waterfall: a total drawn from zero, or a change drawn from
// the running total.
struct Step {
  std::string label;
  double value;
  bool total;
};

std::string waterfall(const std::vector<Step>& steps, const std::string& title,
                      const std::string& desc, std::optional<double> marker_at = std::nullopt,
                      const std::string& marker_label = "") {
  double running = 0;
  double low = 0;
  double high = 0;
  for (const Step& s : steps) {
    running = s.total ? s.value : running + s.value;
    low = std::min(low, running);
    high = std::max(high, running);
  }
  if (marker_at) {
    low = std::min(low, *marker_at);
    high = std::max(high, *marker_at);
  }
  if (high == low) high = low + 1;
  const int plot = kWidth - kLabel - 130;
  const auto x_of = [&](double v) { return kLabel + (v - low) / (high - low) * plot; };
  const int height = 30 + kRow * static_cast<int>(steps.size());
  std::string out = svg_open(kWidth, height, title, desc);
  out += fmt::format(R"(<line class="axis" x1="{0}" y1="6" x2="{0}" y2="{1}"/>)", num(x_of(0)),
                     height - 10);
  running = 0;
  int row = 0;
  for (const Step& s : steps) {
    const double y = 10 + kRow * row++;
    const double from = s.total ? 0 : running;
    running = s.total ? s.value : running + s.value;
    const double a = x_of(std::min(from, running));
    const double b = x_of(std::max(from, running));
    const char* css = s.total ? "total" : (s.value >= 0 ? "up" : "down");
    out += fmt::format(R"(<text class="label" x="{}" y="{}" text-anchor="end">{}</text>)",
                       kLabel - 8, num(y + 13), esc(s.label));
    out += fmt::format(R"(<rect class="bar {}" x="{}" y="{}" width="{}" height="{}"/>)", css,
                       num(a), num(y + 2), num(std::max(1.0, b - a)), kRow - 8);
    out += fmt::format(R"(<text class="value" x="{}" y="{}">{}</text>)", num(b + 6), num(y + 13),
                       esc((s.total || s.value < 0 ? "" : "+") + money(s.value)));
  }
  if (marker_at) {
    out += fmt::format(
        R"(<line class="threshold" x1="{0}" y1="4" x2="{0}" y2="{1}"/><text class="tick" x="{0}" y="{2}" text-anchor="middle">{3}</text>)",
        num(x_of(*marker_at)), height - 12, height - 1, esc(marker_label));
  }
  return out + "</svg>";
}

// Program and comparison spending, baseline to performance, with the
// counterfactual.
std::string trend_chart(const SpendingEffect& e) {
  if (!e.baseline_pmpm || !e.performance_pmpm || !e.comparison_baseline_pmpm ||
      !e.comparison_performance_pmpm || !e.counterfactual_pmpm) {
    return "";
  }
  const double values[] = {*e.baseline_pmpm, *e.performance_pmpm, *e.comparison_baseline_pmpm,
                           *e.comparison_performance_pmpm, *e.counterfactual_pmpm};
  double low = *std::min_element(std::begin(values), std::end(values));
  double high = *std::max_element(std::begin(values), std::end(values));
  const double pad = std::max(1.0, (high - low) * 0.1);
  low -= pad;
  high += pad;
  const int height = 220;
  const auto y_of = [&](double v) { return 20 + (high - v) / (high - low) * (height - 50); };
  const double x0 = 200;
  const double x1 = 520;
  std::string out = svg_open(
      kWidth, height, "Spending PMPM: program and comparison group",
      "Spending per member per month in the baseline and performance periods: the program "
      "(solid line, circles), the comparison group (dashed line, squares) and the program's "
      "counterfactual (dotted line: its baseline plus the comparison group's change).");
  const auto line = [&](double a, double b, const char* css) {
    return fmt::format(R"(<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>)", css, num(x0),
                       num(y_of(a)), num(x1), num(y_of(b)));
  };
  out += line(*e.baseline_pmpm, *e.counterfactual_pmpm, "trend counterfactual");
  out += line(*e.comparison_baseline_pmpm, *e.comparison_performance_pmpm, "trend comparison");
  out += line(*e.baseline_pmpm, *e.performance_pmpm, "trend program");
  out += fmt::format(R"(<circle class="m program-m" cx="{}" cy="{}" r="5"/>)", num(x0),
                     num(y_of(*e.baseline_pmpm)));
  out += fmt::format(R"(<circle class="m program-m" cx="{}" cy="{}" r="5"/>)", num(x1),
                     num(y_of(*e.performance_pmpm)));
  for (auto [x, v] : {std::pair{x0, *e.comparison_baseline_pmpm},
                      std::pair{x1, *e.comparison_performance_pmpm}}) {
    out += fmt::format(R"(<rect class="m comparison-m" x="{}" y="{}" width="9" height="9"/>)",
                       num(x - 4.5), num(y_of(v) - 4.5));
  }
  out += fmt::format(R"(<text class="label" x="{}" y="{}" text-anchor="end">Program {}</text>)",
                     num(x0 - 10), num(y_of(*e.baseline_pmpm) + 4), esc(money(*e.baseline_pmpm)));
  out += fmt::format(R"(<text class="label" x="{}" y="{}">Program {}</text>)", num(x1 + 10),
                     num(y_of(*e.performance_pmpm) + 4), esc(money(*e.performance_pmpm)));
  out += fmt::format(R"(<text class="label" x="{}" y="{}">Comparison {}</text>)", num(x1 + 10),
                     num(y_of(*e.comparison_performance_pmpm) + 4),
                     esc(money(*e.comparison_performance_pmpm)));
  out += fmt::format(
      R"(<text class="tick" x="{}" y="{}" text-anchor="middle">Baseline</text><text class="tick" x="{}" y="{}" text-anchor="middle">Performance</text>)",
      num(x0), height - 8, num(x1), height - 8);
  return out + "</svg>";
}

// ------------------------------------------------------------ tables

std::string table(const std::vector<std::string>& header, const std::vector<bool>& right,
                  const std::vector<std::vector<std::string>>& rows, const std::string& caption) {
  std::string out = "<table><caption>" + esc(caption) + "</caption><thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += fmt::format(R"(<th scope="col"{}>{}</th>)", right[i] ? R"( class="r")" : "",
                       esc(header[i]));
  }
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += fmt::format("<td{}>{}</td>", right[i] ? R"( class="r")" : "", row[i]);
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string verdict_html(const Verdict& v) {
  return fmt::format(R"(<span class="v {}">{}</span>)", v.css, esc(v.word));
}

std::string figure(const std::string& chart, const std::string& numbers) {
  return R"(<div class="figure"><div class="chart">)" + chart + R"(</div><div class="numbers">)" +
         numbers + "</div></div>";
}

// ------------------------------------------------------------ sections

std::string header_html(const Program& p, const RenderOptions& options) {
  std::string out = "<dl class=\"facts\">";
  RenderOptions facts = options;
  facts.cents = true;  // the page keeps cents, whatever the table's --cents
  const auto rows = program_facts(p, facts);
  for (const auto& [key, value] : rows)
    out += "<dt>" + esc(key) + "</dt><dd>" + esc(value) + "</dd>";
  out += "</dl>";
  if (!p.description.empty()) out += "<p>" + esc(p.description) + "</p>";
  return out;
}

std::string utilization_html(const ProgramReport& report, const RenderOptions& options) {
  if (report.utilization.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  for (const MetricChange& m : report.utilization) {
    rows.push_back(
        {esc(display_name(m.name)), or_na(m.baseline_per_1000, 2), or_na(m.performance_per_1000, 2),
         pct_or_na(m.pct_change, 1), m.rate_ratio ? fixed(*m.rate_ratio, 3) : "n/a",
         m.ci_low && m.ci_high ? fixed(*m.ci_low, 3) + " to " + fixed(*m.ci_high, 3) : "n/a",
         verdict_html(verdict_of(m.direction, m.improved, m.change_per_1000, m.significant))});
  }
  const std::string ci = percent(options.confidence, 0) + " CI";
  return "<h3>Utilization per 1,000 member-years</h3>" +
         figure(forest_plot(report, options.confidence),
                table({"Metric", "Baseline", "Performance", "% change", "Rate ratio", ci, "Result"},
                      {false, true, true, true, true, true, false}, rows,
                      "Utilization: the numbers of the chart"));
}

std::string quality_html(const ProgramReport& report, const RenderOptions& options) {
  if (report.quality.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  for (const MeasureChange& m : report.quality) {
    rows.push_back(
        {esc(display_name(m.name)), m.baseline_rate ? percent(*m.baseline_rate, 1) : "n/a",
         m.performance_rate ? percent(*m.performance_rate, 1) : "n/a",
         m.change_points ? signed_grouped(*m.change_points * 100, 2) : "n/a",
         m.ci_low && m.ci_high
             ? signed_grouped(*m.ci_low * 100, 2) + " to " + signed_grouped(*m.ci_high * 100, 2)
             : "n/a",
         verdict_html(verdict_of(m.direction, m.improved, m.change_points, m.significant))});
  }
  const std::string ci = percent(options.confidence, 0) + " CI (pts)";
  return "<h3>Quality</h3>" +
         figure(quality_chart(report, options.confidence),
                table({"Measure", "Baseline", "Performance", "Change (pts)", ci, "Result"},
                      {false, true, true, true, true, false}, rows,
                      "Quality: the numbers of the chart"));
}

std::string comparison_html(const ProgramReport& report, const RenderOptions& options) {
  if (!report.comparison) return "";
  const ComparisonEffect& c = *report.comparison;
  const SpendingEffect& e = c.spending;
  std::string out = "<h3>Effect against the comparison group" +
                    (c.label.empty() ? std::string() : ": " + esc(c.label)) + "</h3>";
  std::vector<std::vector<std::string>> rows{
      {"Program PMPM", money_or_na(e.baseline_pmpm), money_or_na(e.performance_pmpm)},
      {"Comparison PMPM", money_or_na(e.comparison_baseline_pmpm),
       money_or_na(e.comparison_performance_pmpm)},
      {"Counterfactual PMPM", money_or_na(e.baseline_pmpm), money_or_na(e.counterfactual_pmpm)}};
  std::string effect =
      "<p class=\"effect\">Difference in differences: " + esc(money_or_na(e.did_pmpm)) + " PMPM, " +
      esc(money_or_na(e.did_per_member_year)) + " per member-year";
  if (e.ci_low && e.ci_high) {
    effect += " (" + esc(percent(options.confidence, 0)) + " CI " + esc(money(*e.ci_low)) + " to " +
              esc(money(*e.ci_high)) + ")";
  }
  if (e.relative_effect) effect += ", " + esc(signed_percent(*e.relative_effect, 1)) + " relative";
  if (e.total_effect) effect += ", total " + esc(money(*e.total_effect));
  if (e.significant) effect += *e.significant ? "; significant" : "; not significant";
  effect += ".</p>";
  const std::string chart = trend_chart(e);
  const std::string numbers = table({"", "Baseline", "Performance"}, {false, true, true}, rows,
                                    "Spending: the numbers of the chart");
  out += chart.empty() ? numbers : figure(chart, numbers);
  out += effect;
  if (!c.utilization.empty() || !c.quality.empty()) {
    std::vector<std::vector<std::string>> effects;
    for (const MetricEffect& m : c.utilization) {
      effects.push_back(
          {esc(display_name(m.name)), or_na(m.did_per_1000, 2) + " per 1,000",
           m.ratio_of_rate_ratios ? fixed(*m.ratio_of_rate_ratios, 3) : "n/a",
           m.ci_low && m.ci_high ? fixed(*m.ci_low, 3) + " to " + fixed(*m.ci_high, 3) : "n/a",
           verdict_html(verdict_of(m.direction, m.improved, m.did_per_1000, m.significant))});
    }
    for (const MeasureEffect& m : c.quality) {
      effects.push_back(
          {esc(display_name(m.name)),
           m.did_points ? signed_grouped(*m.did_points * 100, 2) + " pts" : "n/a", "",
           m.ci_low && m.ci_high ? signed_grouped(*m.ci_low * 100, 2) + " to " +
                                       signed_grouped(*m.ci_high * 100, 2) + " pts"
                                 : "n/a",
           verdict_html(verdict_of(m.direction, m.improved, m.did_points, m.significant))});
    }
    out += table({"Metric or measure", "Difference in differences", "Ratio of rate ratios",
                  percent(options.confidence, 0) + " CI", "Result"},
                 {false, true, true, true, false}, effects, "Effects against the comparison group");
  }
  return out;
}

std::string settlement_html(const ProgramReport& report) {
  if (!report.settlement) return "";
  const Settlement& s = *report.settlement;
  std::string out = "<h3>Settlement" +
                    (s.mssp ? fmt::format(": Medicare Shared Savings Program, {}, PY{}",
                                          mssp_track_name(s.mssp->track), s.mssp->performance_year)
                            : std::string()) +
                    "</h3>";
  const std::string verdict = !s.settled   ? "Settlement unknown from the inputs given"
                              : s.eligible ? "Eligible for shared savings"
                                           : "Not eligible for shared savings";
  out += fmt::format(R"(<p class="verdict {}">{}{}</p>)",
                     !s.settled ? "none" : (s.eligible ? "good" : "bad"), esc(verdict),
                     s.settled && s.shared_losses > 0
                         ? esc("; owes shared losses of " + money(s.shared_losses))
                         : "");
  if (s.benchmark && s.expenditure) {
    // Spending against the benchmark, with the spending at which the MSR is met.
    std::vector<Step> spend{{"Benchmark", *s.benchmark, true},
                            {"Expenditure", *s.expenditure, true}};
    std::string desc = "Benchmark and expenditure as bars";
    if (s.headroom.msr_expenditure) {
      desc += "; the vertical line is the spending at which the minimum savings rate is met (" +
              money(*s.headroom.msr_expenditure) + ")";
    }
    std::vector<std::vector<std::string>> rows{
        {"Benchmark", money(*s.benchmark)},
        {"Expenditure", money(*s.expenditure)},
        {"Gross savings", money_or_na(s.gross_savings)},
        {"Savings rate", pct_or_na(s.savings_rate, 2)},
        {"Minimum savings rate",
         s.minimum_savings_rate ? percent(*s.minimum_savings_rate, 2) : "n/a"},
        {"MSR met at spending of", money_or_na(s.headroom.msr_expenditure)}};
    out += figure(waterfall(spend, "Spending against the benchmark", desc,
                            s.headroom.msr_expenditure, "MSR break-even"),
                  table({"Step", "Amount"}, {false, true}, rows, "Spending: the numbers"));
    // From gross savings (or losses) to the payment.
    std::vector<Step> pay;
    const double gross = s.gross_savings.value_or(0);
    pay.push_back({gross >= 0 ? "Gross savings" : "Gross losses", gross, true});
    if (gross > 0 && s.settled) {
      const double shared = s.shared_savings_before_sequestration;
      if (gross - shared != 0) pay.push_back({"Payer's share", shared - gross, false});
      const double cut = s.shared_savings_after_sequestration - shared;
      if (cut != 0) pay.push_back({"Sequestration", cut, false});
      const double cap = s.shared_savings - s.shared_savings_after_sequestration;
      if (cap != 0) pay.push_back({"Savings cap", cap, false});
    } else if (gross < 0 && s.settled && s.shared_losses_before_limit > 0) {
      pay.push_back({"Payer's share of losses", -s.shared_losses_before_limit - gross, false});
      const double limit = s.shared_losses_before_limit - s.shared_losses_after_limit;
      if (limit != 0) pay.push_back({"Loss limit", limit, false});
      if (s.loss_adjustment != 0) pay.push_back({"Loss adjustment", -s.loss_adjustment, false});
      if (s.losses_forgiven != 0) pay.push_back({"Forgiven (EUC)", s.losses_forgiven, false});
    } else if (gross < 0 && s.settled) {
      pay.push_back({"No losses owed", -gross, false});
    } else if (gross > 0) {
      pay.push_back({"Not paid", -gross, false});
    }
    if (s.settled) {
      pay.push_back({"Earned", s.earned, true});
      if (s.care_coordination_fees != 0) {
        pay.push_back({"Care coordination fees", s.care_coordination_fees, false});
        pay.push_back({"Net payment", s.net_payment, true});
      }
    }
    std::vector<std::vector<std::string>> pay_rows;
    pay_rows.reserve(pay.size() + 2);
    for (const Step& step : pay) pay_rows.push_back({esc(step.label), money(step.value)});
    pay_rows.push_back({"Final sharing rate", percent(s.final_sharing_rate, 2)});
    if (s.loss_sharing_rate)
      pay_rows.push_back({"Loss sharing rate", percent(*s.loss_sharing_rate, 2)});
    out += figure(waterfall(pay, "From gross savings to payment",
                            "A waterfall: the gross savings or losses, each step's change, and "
                            "the earned amount and net payment as totals."),
                  table({"Step", "Amount"}, {false, true}, pay_rows, "Payment: the numbers"));
  }
  out += "<ul class=\"reasons\">";
  for (const Reason& reason : s.reasons) {
    out += fmt::format(R"(<li class="{}"><span class="mark">{}</span> {}</li>)",
                       reason.passed ? "good" : "bad", reason.passed ? "ok" : "FAIL",
                       esc(reason_text(reason, s)));
  }
  return out + "</ul>";
}

std::string notes_html(const ProgramReport& report, const LoadedProgram& loaded) {
  std::vector<std::string> notes = loaded.input_notes;
  notes.insert(notes.end(), report.notes.begin(), report.notes.end());
  if (notes.empty()) return "";
  std::string out = "<h3>Notes</h3><ul class=\"notes\">";
  for (const std::string& note : notes) out += "<li>" + esc(note) + "</li>";
  return out + "</ul>";
}

constexpr std::string_view kStyle = R"(
:root{--fg:#1b1f24;--bg:#fff;--muted:#59636e;--grid:#d0d7de;--good:#0b6bcb;--bad:#c2410c;--none:#6e7781;--bar:#8c959f;--card:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--grid:#30363d;--good:#58a6ff;--bad:#f0883e;--none:#9198a1;--bar:#6e7681;--card:#161b22}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:0 16px 48px}
h1{font-size:1.6em}h2{margin-top:2.2em;border-bottom:1px solid var(--grid);padding-bottom:.2em}h3{margin-top:1.6em}
section.program{break-before:page}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}dt{color:var(--muted)}dd{margin:0}
.figure{margin:8px 0 16px}.chart{max-width:760px}.chart.wide{max-width:1000px}.chart svg{max-width:100%;height:auto}.numbers{overflow-x:auto}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:6px 0}caption{text-align:left;color:var(--muted);font-size:.85em}
th,td{padding:3px 8px;border-bottom:1px solid var(--grid);text-align:left;vertical-align:top}.r{text-align:right}
svg text{fill:var(--fg);font:12px system-ui,sans-serif}svg .tick{fill:var(--muted);font-size:11px}
.axis{stroke:var(--fg);stroke-width:1.2;stroke-dasharray:4 3}.grid{stroke:var(--grid)}.ci{stroke:var(--fg);stroke-width:2}.threshold{stroke:var(--bad);stroke-width:2;stroke-dasharray:6 3}
.m.good{fill:var(--good);stroke:var(--good)}.m.bad{fill:var(--bad);stroke:var(--bad)}.m.none{fill:var(--none);stroke:var(--none)}.m.hollow{fill:var(--bg);stroke-width:2}
.bar.total{fill:var(--bar)}.bar.up{fill:var(--good)}.bar.down{fill:var(--bad)}
.trend{fill:none;stroke-width:2.5}.trend.program{stroke:var(--good)}.trend.comparison{stroke:var(--none);stroke-dasharray:7 4}.trend.counterfactual{stroke:var(--good);stroke-dasharray:2 4;opacity:.8}
.program-m{fill:var(--good)}.comparison-m{fill:var(--none)}
.v.good,.verdict.good,li.good .mark{color:var(--good)}.v.bad,.verdict.bad,li.bad .mark{color:var(--bad)}.v.none{color:var(--muted)}
.verdict{font-weight:600;font-size:1.1em}.mark{font-weight:700;display:inline-block;min-width:3em}
ul.reasons,ul.notes{padding-left:1.2em}nav ol{columns:3 280px;column-gap:56px}nav li{break-inside:avoid}
.pf .eligible{fill:var(--good)}.pf .ineligible{fill:var(--bad)}.pf .msr{stroke:var(--fg);stroke-width:1}
@media print{body{max-width:none;font-size:10pt;color:#000;background:#fff}:root{--fg:#000;--bg:#fff;--card:#fff}nav{display:none}.figure{break-inside:avoid}h2,h3{break-after:avoid}@page{size:auto;margin:15mm}}
)";

}  // namespace

std::string html_page_begin(const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"color-scheme\" content=\"light dark\"><title>{}</title><style>{}</style>"
      "</head><body>\n<h1>{}</h1>\n",
      esc(title), kStyle, esc(title));
}

std::string html_page_end() { return "</body></html>\n"; }

std::string render_program_html(const ProgramReport& report, const LoadedProgram& loaded,
                                const RenderOptions& options) {
  const Program& p = *report.program;
  std::string out =
      fmt::format(R"(<section class="program" id="{}"><h2>{} <small>[{}]</small></h2>)",
                  esc(anchor(p.id)), esc(p.name), esc(p.id));
  out += header_html(p, options);
  out += utilization_html(report, options);
  out += quality_html(report, options);
  out += comparison_html(report, options);
  if (report.settlement && report.settlement->benchmark_calculation) {
    const BenchmarkStepTable steps =
        benchmark_step_table(*report.settlement->benchmark_calculation);
    std::vector<std::vector<std::string>> rows = steps.rows;
    for (auto& row : rows) {
      for (auto& cell : row) cell = esc(cell);
    }
    out +=
        "<h3>" + esc(steps.title) + "</h3>" + table(steps.header, steps.right, rows, steps.title);
  }
  out += settlement_html(report);
  out += notes_html(report, loaded);
  return out + "</section>\n";
}

PortfolioEntry portfolio_entry(const ProgramReport& report) {
  PortfolioEntry e;
  e.id = report.program->id;
  e.name = report.program->name;
  if (report.settlement) {
    e.settled = report.settlement->settled;
    e.savings_rate = report.settlement->savings_rate;
    e.minimum_savings_rate = report.settlement->minimum_savings_rate;
    e.eligible = report.settlement->eligible;
    e.earned = report.settlement->earned;
  }
  return e;
}

std::string render_portfolio_html(const Rollup& r, const std::vector<PortfolioEntry>& entries) {
  std::string out = "<section class=\"portfolio\" id=\"portfolio\"><h2>Portfolio</h2>";
  std::vector<std::vector<std::string>> totals{
      {"Programs", grouped(r.programs, 0)},
      {"Programs settled", grouped(r.programs_with_settlement, 0)},
      {"Programs eligible", grouped(r.programs_eligible, 0)},
      {"Benchmark", money(r.benchmark)},
      {"Expenditure", money(r.expenditure)},
      {"Gross savings", money(r.gross_savings)},
      {"Savings rate", rollup_savings_rate(r) ? signed_percent(*rollup_savings_rate(r), 2) : "n/a"},
      {"Shared savings", money(r.shared_savings)},
      {"Shared losses", money(r.shared_losses)},
      {"Net payment", money(r.net_payment)}};
  if (r.programs_unsettled > 0)
    totals.push_back({"Programs not settled", grouped(r.programs_unsettled, 0)});
  out += table({"Total", "Value"}, {false, true}, totals, "Portfolio roll-up");
  // Savings rate against MSR, every settled program, sorted.
  std::vector<const PortfolioEntry*> rated;
  for (const PortfolioEntry& e : entries) {
    if (e.savings_rate) rated.push_back(&e);
  }
  std::stable_sort(rated.begin(), rated.end(),
                   [](const PortfolioEntry* a, const PortfolioEntry* b) {
                     return *a->savings_rate < *b->savings_rate;
                   });
  if (!rated.empty()) {
    double low = 0;
    double high = 0;
    for (const PortfolioEntry* e : rated) {
      low = std::min({low, *e->savings_rate, e->minimum_savings_rate.value_or(0)});
      high = std::max({high, *e->savings_rate, e->minimum_savings_rate.value_or(0)});
    }
    const double pad = std::max(0.005, (high - low) * 0.05);
    low -= pad;
    high += pad;
    const int width = 1000;
    const int height = 320;
    const double left = 60;
    const double step = (width - left - 10) / static_cast<double>(rated.size());
    const auto y_of = [&](double v) { return 10 + (high - v) / (high - low) * (height - 40); };
    std::string chart = svg_open(
        width, height, "Savings rate against the minimum savings rate, every program",
        "Each program's savings rate, sorted from lowest to highest: circles are eligible for "
        "shared savings, triangles are not; the short dash at each program is its minimum "
        "savings rate; the dashed line is zero.");
    chart += R"(<g class="pf">)";
    chart += fmt::format(R"(<line class="axis" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>)", num(left),
                         num(y_of(0)), width - 10);
    const double tick_step = high - low > 0.6 ? 0.1 : high - low > 0.15 ? 0.05 : 0.01;
    for (double tick = std::ceil(low / tick_step) * tick_step; tick < high; tick += tick_step) {
      if (std::abs(tick) < tick_step / 2) tick = 0;
      chart += fmt::format(R"(<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>)",
                           num(left - 6), num(y_of(tick) + 4), esc(percent(tick, 0)));
    }
    const double size = std::clamp(step * 0.45, 1.5, 5.0);
    for (std::size_t i = 0; i < rated.size(); ++i) {
      const PortfolioEntry& e = *rated[i];
      const double x = left + step * (static_cast<double>(i) + 0.5);
      const double y = y_of(*e.savings_rate);
      const std::string tip = esc(fmt::format(
          "{} [{}]: savings rate {}{}{}", e.name, e.id, signed_percent(*e.savings_rate, 2),
          e.minimum_savings_rate ? ", MSR " + percent(*e.minimum_savings_rate, 2) : std::string(),
          e.eligible ? ", eligible" : ", not eligible"));
      if (e.minimum_savings_rate) {
        const double m = y_of(*e.minimum_savings_rate);
        chart += fmt::format(R"(<line class="msr" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>)",
                             num(x - size), num(x + size), num(m));
      }
      if (e.eligible) {
        chart += fmt::format(
            R"(<a href="#{}"><circle class="eligible" cx="{}" cy="{}" r="{}"><title>{}</title></circle></a>)",
            esc(anchor(e.id)), num(x), num(y), fixed(size, 1), tip);
      } else {
        chart += fmt::format(
            R"(<a href="#{}"><path class="ineligible" d="M{} {}l{} {}h{}z"><title>{}</title></path></a>)",
            esc(anchor(e.id)), num(x), num(y - size), fixed(size, 1), fixed(size * 2, 1),
            fixed(-size * 2, 1), tip);
      }
    }
    chart += "</g></svg>";
    std::vector<std::vector<std::string>> rows;
    rows.reserve(rated.size());
    for (const PortfolioEntry* e : rated) {
      rows.push_back({fmt::format(R"(<a href="#{}">{}</a>)", esc(anchor(e->id)), esc(e->name)),
                      signed_percent(*e->savings_rate, 2),
                      e->minimum_savings_rate ? percent(*e->minimum_savings_rate, 2) : "n/a",
                      e->eligible ? "eligible" : "not eligible",
                      e->settled ? money(e->earned) : "unknown"});
    }
    out += "<h3>Savings rate against the minimum savings rate</h3>";
    out += R"(<div class="chart wide">)" + chart + "</div>";
    out += "<details><summary>The numbers of the chart (" +
           grouped(static_cast<double>(rows.size()), 0) + " programs)</summary>" +
           table({"Program", "Savings rate", "MSR", "Verdict", "Earned"},
                 {false, true, true, false, true}, rows, "Savings rate against the MSR") +
           "</details>";
  }
  out += "<nav><h3>Programs</h3><ol>";
  for (const PortfolioEntry& e : entries) {
    out += fmt::format(R"(<li><a href="#{}">{}</a></li>)", esc(anchor(e.id)), esc(e.name));
  }
  return out + "</ol></nav></section>\n";
}

std::string render_whatif_html(const ProgramReport& base, const ProgramReport& scenario,
                               const LoadedProgram& loaded, const std::string& description,
                               const RenderOptions& options) {
  std::string out =
      fmt::format(R"(<section class="program" id="{}"><h2>{} <small>[{}]</small></h2>)",
                  esc(anchor(base.program->id)), esc(base.program->name), esc(base.program->id));
  out += "<p>What if: " + esc(description) + "</p>";
  out += "<h3>As reported</h3>" + settlement_html(base);
  out += "<h3>What if</h3>" + settlement_html(scenario) + comparison_html(scenario, options);
  out += notes_html(scenario, loaded);
  return out + "</section>\n";
}

}  // namespace acocalc
