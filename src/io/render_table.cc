#include <fmt/format.h>

#include <algorithm>

#include "acocalc/mssp.h"
#include "io/format.h"
#include "io/render.h"

namespace acocalc {
namespace {

enum class Tone { plain, good, bad, strong };

struct Cell {
  std::string text;
  Tone tone = Tone::plain;
};

const char* ansi(Tone tone) {
  switch (tone) {
    case Tone::good: return "\x1b[32m";
    case Tone::bad: return "\x1b[31m";
    case Tone::strong: return "\x1b[1m";
    case Tone::plain: return "";
  }
  return "";
}

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;  // UTF-8 characters
  return width;
}

std::string colored(const std::string& text, Tone tone, const RenderOptions& options) {
  if (!options.color || tone == Tone::plain || text.empty()) return text;
  return std::string(ansi(tone)) + text + "\x1b[0m";
}

std::string markdown_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// A grid with a header; `right[i]` right-aligns column i (numbers). Aligned
// text indented by two spaces, or a Markdown table.
std::string grid(const std::vector<std::string>& header, const std::vector<bool>& right,
                 std::vector<std::vector<Cell>> rows, const RenderOptions& options) {
  for (auto& row : rows) {
    for (auto& cell : row) cell.text = printable(cell.text);
  }
  std::string out;
  if (options.markdown) {
    out += "|";
    for (const auto& h : header) out += " " + markdown_escape(h) + " |";
    out += "\n|";
    for (std::size_t i = 0; i < header.size(); ++i) out += right[i] ? " ---: |" : " --- |";
    out += "\n";
    for (const auto& row : rows) {
      out += "|";
      for (const auto& cell : row) {
        std::string text = markdown_escape(cell.text);
        if (cell.tone == Tone::strong && !text.empty()) text = "**" + text + "**";
        out += " " + text + " |";
      }
      out += "\n";
    }
    return out;
  }
  std::vector<std::size_t> widths(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) widths[i] = display_width(header[i]);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i].text));
    }
  }
  const auto line = [&](std::vector<Cell> cells) {
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(widths[i] - display_width(cells[i].text), ' ');
      const std::string body = colored(cells[i].text, cells[i].tone, options);
      text += "  ";
      text += right[i] ? pad + body : (i + 1 == cells.size() ? body : body + pad);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  std::vector<Cell> head;
  for (const auto& h : header) head.push_back({h, Tone::strong});
  out += line(head);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string heading(const std::string& text, const RenderOptions& options) {
  if (options.markdown) return "### " + text + "\n\n";
  return colored(text, Tone::strong, options) + "\n";
}

std::string or_na(const std::optional<double>& x, int decimals) {
  return x ? grouped(*x, decimals) : "n/a";
}
std::string signed_or_na(const std::optional<double>& x, int decimals) {
  return x ? signed_grouped(*x, decimals) : "n/a";
}
std::string pct_or_na(const std::optional<double>& x, int decimals) {
  return x ? signed_percent(*x, decimals) : "n/a";
}

// The verdict on a change; "(n.s.)" when its interval says it may be chance.
Cell result_cell(Direction direction, const std::optional<bool>& improved,
                 const std::optional<double>& change, const std::optional<bool>& significant) {
  if (direction == Direction::neutral) return {change ? "no direction" : "n/a"};
  if (!improved) return {"n/a"};
  if (change && *change == 0) return {"unchanged"};
  const bool chance = significant == false;
  if (*improved) return {chance ? "improved (n.s.)" : "improved", chance ? Tone::plain : Tone::good};
  return {chance ? "worsened (n.s.)" : "worsened", chance ? Tone::plain : Tone::bad};
}

std::string_view direction_suffix(Direction direction, Direction usual) {
  if (direction == usual) return "";
  switch (direction) {
    case Direction::lower_is_better: return " (lower is better)";
    case Direction::higher_is_better: return " (higher is better)";
    case Direction::neutral: return " (no direction)";
  }
  return "";
}

std::string confidence_label(double confidence) {
  return fixed(confidence * 100.0, confidence * 100.0 == std::floor(confidence * 100.0) ? 0 : 1) +
         "% CI";
}

std::string period_line(const Period& period) {
  std::string text = period.label.empty() ? "" : period.label;
  if (!period.start.empty() || !period.end.empty()) {
    text += fmt::format("{}({} to {})", text.empty() ? "" : " ", period.start, period.end);
  }
  if (!text.empty()) text += ", ";
  text += grouped(period.member_months, 0) + " member months";
  if (period.assigned_beneficiaries) {
    text += ", " + grouped(*period.assigned_beneficiaries, 0) + " assigned beneficiaries";
  }
  if (period.expenditure) {
    text += ", spending " + money(*period.expenditure) + " (" +
            money(*period.expenditure / period.member_months) + " PMPM)";
  }
  return text;
}

std::string join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string header_block(const Program& p, const RenderOptions& options) {
  std::vector<std::pair<std::string, std::string>> rows;
  std::string payer = join(p.payers);
  if (!p.payer_type.empty()) payer += payer.empty() ? p.payer_type : " (" + p.payer_type + ")";
  if (!payer.empty()) rows.emplace_back("Payer", payer);
  if (!p.partners.empty()) rows.emplace_back("Partners", join(p.partners));
  if (!p.location.empty()) rows.emplace_back("Location", p.location);
  if (!p.population.empty()) rows.emplace_back("Population", p.population);
  if (p.baseline) rows.emplace_back("Baseline", period_line(*p.baseline));
  rows.emplace_back("Performance", period_line(p.performance));
  std::string out;
  const std::string title = printable(p.name) + "  [" + p.id + "]";
  if (options.markdown) {
    out += "## " + markdown_escape(title) + "\n\n";
    for (const auto& [key, value] : rows) {
    out += "- **" + key + ":** " + markdown_escape(printable(value)) + "\n";
  }
    return out + "\n";
  }
  out += colored("== " + title, Tone::strong, options) + "\n";
  for (const auto& [key, value] : rows) out += fmt::format("  {:<12} {}\n", key, printable(value));
  return out + "\n";
}

std::string utilization_block(const ProgramReport& report, const RenderOptions& options) {
  if (report.utilization.empty()) return "";
  std::vector<std::vector<Cell>> rows;
  for (const auto& m : report.utilization) {
    std::string interval = "n/a";
    if (m.ci_low && m.ci_high) {
      interval = fmt::format("{} to {}", fixed(*m.ci_low, 3), fixed(*m.ci_high, 3));
    }
    std::string ratio = m.rate_ratio ? fixed(*m.rate_ratio, 3) : "n/a";
    Cell significance{m.significant ? (*m.significant ? "yes" : "no") : "n/a"};
    rows.push_back({{std::string(display_name(m.name)) +
                     std::string(direction_suffix(m.direction, Direction::lower_is_better))},
                    {or_na(m.baseline_per_1000, 2)},
                    {or_na(m.performance_per_1000, 2)},
                    {signed_or_na(m.change_per_1000, 2)},
                    {pct_or_na(m.pct_change, 1)},
                    {ratio},
                    {interval},
                    significance,
                    result_cell(m.direction, m.improved, m.change_per_1000, m.significant)});
  }
  return heading("Utilization per 1,000 member-years", options) +
         (options.markdown ? "" : "") +
         grid({"Metric", "Baseline", "Performance", "Change", "% change", "Rate ratio",
               confidence_label(options.confidence), "Significant", "Result"},
              {false, true, true, true, true, true, true, false, false}, rows, options) +
         "\n";
}

std::string quality_block(const ProgramReport& report, const RenderOptions& options) {
  if (report.quality.empty()) return "";
  std::vector<std::vector<Cell>> rows;
  for (const auto& m : report.quality) {
    std::string interval = "n/a";
    if (m.ci_low && m.ci_high) {
      interval = fmt::format("{} to {}", signed_grouped(*m.ci_low * 100, 2),
                             signed_grouped(*m.ci_high * 100, 2));
    }
    Cell significance{m.significant ? (*m.significant ? "yes" : "no") : "n/a"};
    rows.push_back({{std::string(display_name(m.name)) +
                     std::string(direction_suffix(m.direction, Direction::higher_is_better))},
                    {m.baseline_rate ? percent(*m.baseline_rate, 1) : "n/a"},
                    {m.performance_rate ? percent(*m.performance_rate, 1) : "n/a"},
                    {m.change_points ? signed_grouped(*m.change_points * 100, 2) : "n/a"},
                    {pct_or_na(m.pct_change, 1)},
                    {interval},
                    significance,
                    result_cell(m.direction, m.improved, m.change_points, m.significant)});
  }
  return heading("Quality", options) +
         grid({"Measure", "Baseline", "Performance", "Change (pts)", "% change",
               confidence_label(options.confidence) + " (pts)", "Significant", "Result"},
              {false, true, true, true, true, true, false, false}, rows, options) +
         "\n";
}

Cell verdict(bool ok, const char* yes, const char* no) {
  return ok ? Cell{yes, Tone::good} : Cell{no, Tone::bad};
}

std::string settlement_title(const Settlement& s, bool two_sided) {
  if (s.mssp) {
    return fmt::format("Settlement: Medicare Shared Savings Program, {}, PY{}",
                       mssp_track_name(s.mssp->track), s.mssp->performance_year);
  }
  return two_sided ? "Settlement: shared savings and losses (two-sided)"
                   : "Settlement: shared savings (one-sided)";
}

// Break-even and headroom, as sentences under the verdict.
std::string headroom_lines(const Settlement& s, const RenderOptions& options) {
  const Headroom& h = s.headroom;
  std::vector<std::string> lines;
  if (h.msr_expenditure) {
    if (h.savings_needed && *h.savings_needed > 0) {
      lines.push_back(fmt::format("the MSR is met at spending of {} or less: {} more savings "
                                  "({} of spending)",
                                  money(*h.msr_expenditure), money(*h.savings_needed),
                                  percent(h.savings_needed_share.value_or(0), 2)));
    } else {
      lines.push_back(fmt::format("the MSR is met at spending of {} or less", money(*h.msr_expenditure)));
    }
  }
  if (h.cap_expenditure) {
    lines.push_back(fmt::format("the savings cap binds at spending below {} ({} more gross savings)",
                                money(*h.cap_expenditure), money(h.cap_headroom.value_or(0))));
  }
  if (s.efficiency_gate) {
    for (const auto& m : s.efficiency_gate->metrics) {
      if (!m.required_change_per_1000) continue;
      lines.push_back(fmt::format("{} must reach {} per 1,000 (a change of {})", m.name,
                                  grouped(*m.required_per_1000, 2),
                                  signed_grouped(*m.required_change_per_1000, 2)));
    }
  }
  if (h.loss_expenditure) {
    lines.push_back(fmt::format("losses are owed at spending above {}", money(*h.loss_expenditure)));
  }
  if (h.max_shared_losses) {
    lines.push_back(fmt::format("shared losses are at most {}", money(*h.max_shared_losses)));
  }
  if (h.probability_msr_met) {
    lines.push_back(fmt::format("with spending CV {}: {} chance of meeting the MSR, {} chance of a loss",
                                percent(*h.spending_cv, 1), percent(*h.probability_msr_met, 1),
                                percent(h.probability_loss.value_or(0), 1)));
  }
  std::string out;
  for (const auto& line : lines) {
    out += options.markdown ? "- " + markdown_escape(printable(line)) + "\n" : "    " + printable(line) + "\n";
  }
  return out;
}

std::string money_or_na(const std::optional<double>& x) { return x ? money(*x) : "n/a"; }

std::string two_rates(const std::optional<double>& a, const std::optional<double>& b,
                      int decimals, bool as_percent) {
  const auto one = [&](const std::optional<double>& x) {
    if (!x) return std::string("n/a");
    return as_percent ? percent(*x, decimals) : grouped(*x, decimals);
  };
  return one(a) + " -> " + one(b);
}

// The effect against the comparison group: spending, then utilization and
// quality with intervals and verdicts, then where the pre/post verdict and
// the comparison's disagree.
std::string comparison_block(const ProgramReport& report, const RenderOptions& options) {
  if (!report.comparison) return "";
  const ComparisonEffect& c = *report.comparison;
  const SpendingEffect& e = c.spending;
  std::string out = heading(
      "Effect against the comparison group" + (c.label.empty() ? "" : ": " + std::string(c.label)),
      options);
  std::vector<std::vector<Cell>> rows;
  const std::string ci_label = confidence_label(options.confidence);
  rows.push_back({{"Spending PMPM"}, {two_rates(e.baseline_pmpm, e.performance_pmpm, 2, false)},
                  {two_rates(e.comparison_baseline_pmpm, e.comparison_performance_pmpm, 2, false)},
                  {money_or_na(e.did_pmpm)}, {money_or_na(e.counterfactual_pmpm)}});
  out += grid({"", "Program", "Comparison", "Difference in differences", "Counterfactual"},
              {false, true, true, true, true}, rows, options);
  std::string line = "Effect per member-year " + money_or_na(e.did_per_member_year);
  if (e.ci_low && e.ci_high) {
    line += " (" + ci_label + " " + money(*e.ci_low) + " to " + money(*e.ci_high) + ")";
  }
  if (e.relative_effect) line += ", " + signed_percent(*e.relative_effect, 1) + " of counterfactual";
  if (e.total_effect) line += ", total " + money(*e.total_effect);
  if (e.significant) line += *e.significant ? ", significant" : ", not significant";
  out += options.markdown ? "\n" + markdown_escape(printable(line)) + "\n\n"
                          : "  " + printable(line) + "\n\n";

  if (!c.utilization.empty()) {
    rows.clear();
    for (const MetricEffect& m : c.utilization) {
      std::string interval = "n/a";
      if (m.ci_low && m.ci_high) {
        interval = fmt::format("{} to {}", fixed(*m.ci_low, 3), fixed(*m.ci_high, 3));
      }
      rows.push_back(
          {{std::string(display_name(m.name))},
           {two_rates(m.baseline_per_1000, m.performance_per_1000, 2, false)},
           {two_rates(m.comparison_baseline_per_1000, m.comparison_performance_per_1000, 2, false)},
           {signed_or_na(m.did_per_1000, 2)},
           {m.ratio_of_rate_ratios ? fixed(*m.ratio_of_rate_ratios, 3) : "n/a"},
           {interval},
           {m.significant ? (*m.significant ? "yes" : "no") : "n/a"},
           result_cell(m.direction, m.improved, m.did_per_1000, m.significant)});
    }
    out += grid({"Per 1,000 member-years", "Program", "Comparison", "DiD", "Ratio of RR", ci_label,
                 "Significant", "Result"},
                {false, true, true, true, true, true, false, false}, rows, options) +
           "\n";
  }
  if (!c.quality.empty()) {
    rows.clear();
    for (const MeasureEffect& m : c.quality) {
      std::string interval = "n/a";
      if (m.ci_low && m.ci_high) {
        interval = fmt::format("{} to {}", signed_grouped(*m.ci_low * 100, 2),
                               signed_grouped(*m.ci_high * 100, 2));
      }
      rows.push_back(
          {{std::string(display_name(m.name))},
           {two_rates(m.baseline_rate, m.performance_rate, 1, true)},
           {two_rates(m.comparison_baseline_rate, m.comparison_performance_rate, 1, true)},
           {m.did_points ? signed_grouped(*m.did_points * 100, 2) : "n/a"},
           {interval},
           {m.significant ? (*m.significant ? "yes" : "no") : "n/a"},
           result_cell(m.direction, m.improved, m.did_points, m.significant)});
    }
    out += grid({"Quality", "Program", "Comparison", "DiD (pts)", ci_label + " (pts)",
                 "Significant", "Result"},
                {false, true, true, true, true, false, false}, rows, options) +
           "\n";
  }
  // Where the pre/post verdict says more than the comparison supports.
  std::vector<std::string> disagree;
  const auto check = [&](std::string_view name, const std::optional<bool>& before,
                         const std::optional<bool>& effect, const std::optional<bool>& significant) {
    if (!before || !effect) return;
    if (*before && (!*effect || significant == false)) {
      disagree.push_back(std::string(display_name(name)) +
                         ": improved before and after, but no better than the comparison group");
    } else if (!*before && *effect && significant != false) {
      disagree.push_back(std::string(display_name(name)) +
                         ": did not improve before and after, but did better than the comparison "
                         "group");
    }
  };
  for (std::size_t i = 0; i < c.utilization.size() && i < report.utilization.size(); ++i) {
    check(c.utilization[i].name, report.utilization[i].improved, c.utilization[i].improved,
          c.utilization[i].significant);
  }
  for (std::size_t i = 0; i < c.quality.size() && i < report.quality.size(); ++i) {
    check(c.quality[i].name, report.quality[i].improved, c.quality[i].improved,
          c.quality[i].significant);
  }
  for (const std::string& text : disagree) {
    out += options.markdown ? "- **Pre/post and comparison disagree:** " + markdown_escape(text) + "\n"
                            : "  " + colored("Pre/post and comparison disagree: ", Tone::bad, options) +
                                  text + "\n";
  }
  return disagree.empty() ? out : out + "\n";
}

std::string settlement_block(const ProgramReport& report, const RenderOptions& options) {
  if (!report.settlement) return "";
  const Settlement& s = *report.settlement;
  const bool two_sided = s.minimum_loss_rate_met.has_value();
  std::vector<std::vector<Cell>> rows;
  const auto row = [&](std::string step, std::string value, Cell v = {}) {
    rows.push_back({{std::move(step)}, {std::move(value)}, std::move(v)});
  };
  row("Benchmark", s.benchmark ? money(*s.benchmark) : "n/a");
  row("Expenditure", s.expenditure ? money(*s.expenditure) : "n/a");
  if (s.gross_savings) {
    row(*s.gross_savings >= 0 ? "Gross savings" : "Gross losses", money(*s.gross_savings));
    row("Savings rate (of benchmark)", s.savings_rate ? signed_percent(*s.savings_rate, 2) : "n/a");
    row("Minimum savings rate", s.minimum_savings_rate ? percent(*s.minimum_savings_rate, 2) : "n/a",
        verdict(s.minimum_savings_rate_met, "met", "not met"));
    if (two_sided) {
      row("Minimum loss rate", s.minimum_loss_rate ? percent(*s.minimum_loss_rate, 2) : "n/a",
          *s.minimum_loss_rate_met ? Cell{"losses owed", Tone::bad} : Cell{"no losses owed"});
    }
  }
  if (s.quality_score) row("Quality score", fixed(*s.quality_score * 100, 2) + "%");
  row("Quality standard", "", verdict(s.quality_standard_met, "met", "not met"));
  if (s.efficiency_gate) {
    const auto& gate = *s.efficiency_gate;
    row("Efficiency gate",
        fmt::format("{} of {} improved, {} required", gate.improved, gate.metrics.size(),
                    gate.required),
        verdict(gate.passed, "passed", "failed"));
    for (const auto& m : gate.metrics) {
      const bool ok = m.verdict == GateVerdict::improved;
      row("  " + std::string(display_name(m.name)),
          !m.improvement       ? "n/a"
          : *m.improvement < 0 ? percent(-*m.improvement, 1) + " worse"
                               : percent(*m.improvement, 1) + " better",
          Cell{std::string(gate_verdict_name(m.verdict)), ok ? Tone::good : Tone::bad});
    }
  }
  row("Sharing rate", percent(s.sharing_rate, 2));
  row("Final sharing rate", percent(s.final_sharing_rate, 2));
  row("Shared savings before sequestration", money(s.shared_savings_before_sequestration));
  if (s.sequestration > 0) {
    row(fmt::format("After sequestration ({})", percent(s.sequestration, 1)),
        money(s.shared_savings_after_sequestration));
  }
  if (s.savings_cap) {
    row("Savings cap", money(*s.savings_cap), s.savings_capped ? Cell{"applied"} : Cell{"not reached"});
  }
  row("Shared savings", s.settled ? money(s.shared_savings) : "unknown");
  if (two_sided) {
    row("Loss sharing rate", s.loss_sharing_rate ? percent(*s.loss_sharing_rate, 2) : "n/a");
    row("Shared losses before limit", money(s.shared_losses_before_limit));
    const bool limit_unknown =
        std::any_of(s.reasons.begin(), s.reasons.end(),
                    [](const Reason& r) { return r.code == ReasonCode::loss_limit_unknown; });
    if (limit_unknown) {
      row("Loss limit", s.loss_limit ? "at most " + money(*s.loss_limit) : "n/a",
          Cell{"unknown (revenue not given)"});
    } else if (s.loss_limit) {
      row("Loss limit", money(*s.loss_limit), s.losses_limited ? Cell{"applied"} : Cell{"not reached"});
    }
    if (s.loss_adjustment != 0) row("Loss adjustment", money(s.loss_adjustment));
    if (s.euc_share > 0) {
      row(fmt::format("Forgiven (EUC, {})", percent(s.euc_share, 0)),
          s.settled ? money(-s.losses_forgiven) : "unknown");
    }
    row("Shared losses", s.settled ? money(s.shared_losses) : "unknown");
  }
  const std::string unknown = "unknown";
  row("Earned (savings - losses)", s.settled ? money(s.earned) : unknown);
  if (s.care_coordination_fees != 0) row("Care coordination fees", money(s.care_coordination_fees));
  row("Net payment", s.settled ? money(s.net_payment) : unknown, Cell{"", Tone::strong});
  rows.back()[0].tone = Tone::strong;
  rows.back()[1].tone = Tone::strong;

  std::string out = heading(settlement_title(s, two_sided), options);
  out += grid({"Step", "Amount", "Verdict"}, {false, true, false}, rows, options);
  out += "\n";
  std::string word = s.eligible ? "ELIGIBLE for shared savings" : "NOT ELIGIBLE for shared savings";
  if (!s.settled) {
    word = "settlement UNKNOWN from the inputs given";
  } else if (s.shared_losses > 0) {
    word += "; owes shared losses of " + money(s.shared_losses);
  }
  if (options.markdown) {
    out += "**Verdict: " + word + "**\n\n";
  } else {
    out += "  " + colored("Verdict: " + word, s.eligible ? Tone::good : Tone::bad, options) + "\n";
  }
  for (const auto& reason : s.reasons) {
    const std::string mark = reason.passed ? "ok  " : "FAIL";
    if (options.markdown) {
      out += fmt::format("- {} {}\n", reason.passed ? "ok:" : "**fail:**", markdown_escape(printable(reason_text(reason, s))));
    } else {
      out += fmt::format("    {} {}\n", colored(mark, reason.passed ? Tone::good : Tone::bad, options),
                         printable(reason_text(reason, s)));
    }
  }
  if (const std::string lines = headroom_lines(s, options); !lines.empty()) {
    out += options.markdown ? "\nBreak-even and headroom:\n\n" : "  Break-even and headroom:\n";
    out += lines;
  }
  return out + "\n";
}

std::string notes_block(const ProgramReport& report, const LoadedProgram& loaded,
                        const RenderOptions& options) {
  std::vector<std::string> notes = loaded.input_notes;
  notes.insert(notes.end(), report.notes.begin(), report.notes.end());
  if (notes.empty()) return "";
  std::string out = heading("Notes", options);
  for (const auto& note : notes) {
    const std::string text = printable(note);
    out += (options.markdown ? "- " : "  - ") + (options.markdown ? markdown_escape(text) : text) + "\n";
  }
  return out + "\n";
}

}  // namespace

std::string render_program_table(const ProgramReport& report, const LoadedProgram& loaded,
                                 const RenderOptions& options) {
  return header_block(*report.program, options) + utilization_block(report, options) +
         quality_block(report, options) + comparison_block(report, options) +
         settlement_block(report, options) + notes_block(report, loaded, options);
}

std::string render_rollup_table(const Rollup& r, const RenderOptions& options) {
  std::string out = options.markdown ? "## Portfolio roll-up\n\n"
                                     : colored("== Portfolio roll-up", Tone::strong, options) + "\n";
  std::vector<std::vector<Cell>> totals{
      {{"Programs"}, {grouped(r.programs, 0)}},
      {{"Member months (performance)"}, {grouped(r.performance_member_months, 0)}},
      {{"Member months (baseline)"}, {grouped(r.baseline_member_months, 0)}},
      {{"Programs settled"}, {grouped(r.programs_with_settlement, 0)}},
      {{"Programs eligible"}, {grouped(r.programs_eligible, 0)}},
      {{"Benchmark"}, {money(r.benchmark)}},
      {{"Expenditure"}, {money(r.expenditure)}},
      {{"Gross savings"}, {money(r.gross_savings)}},
      {{"Savings rate"}, {rollup_savings_rate(r) ? signed_percent(*rollup_savings_rate(r), 2) : "n/a"}},
      {{"Shared savings"}, {money(r.shared_savings)}},
      {{"Shared losses"}, {money(r.shared_losses)}},
      {{"Care coordination fees"}, {money(r.care_coordination_fees)}},
      {{"Net payment"}, {money(r.net_payment), Tone::strong}},
  };
  if (r.programs_unsettled > 0) {
    totals.push_back({{"Programs not settled"}, {grouped(r.programs_unsettled, 0)}});
  }
  if (r.programs_with_comparison > 0) {
    totals.push_back({{"Programs with a comparison group"}, {grouped(r.programs_with_comparison, 0)}});
  }
  out += grid({"Total", "Value"}, {false, true}, totals, options) + "\n";
  if (r.programs_unsettled > 0) {
    std::string ids;
    for (const std::string& id : r.unsettled_ids) ids += (ids.empty() ? "" : ", ") + printable(id);
    if (r.unsettled_ids.size() < static_cast<std::size_t>(r.programs_unsettled)) {
      ids += fmt::format(" and {} more", r.programs_unsettled - static_cast<int>(r.unsettled_ids.size()));
    }
    out += fmt::format("  Not settled (losses owed unknown; left out of shared losses and net "
                       "payment): {}\n\n",
                       ids);
  }
  if (!r.metrics.empty()) {
    std::vector<std::vector<Cell>> rows;
    for (const auto& [name, m] : r.metrics) {
      const double base = pooled_baseline_per_1000(m);
      const double perf = pooled_performance_per_1000(m);
      rows.push_back({{std::string(display_name(name))},
                      {fmt::format("{} of {}", m.programs, r.programs)},
                      {grouped(base, 2)},
                      {grouped(perf, 2)},
                      {pct_or_na(pooled_pct_change(m), 1)}});
    }
    out += heading("Pooled utilization per 1,000 member-years", options);
    out += grid({"Metric", "Programs", "Baseline", "Performance", "% change"},
                {false, true, true, true, true}, rows, options) + "\n";
  }
  return out;
}

}  // namespace acocalc
