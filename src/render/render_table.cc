#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "acocalc/mssp.h"
#include "json/format.h"
#include "render/render.h"

namespace acocalc {

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b) {  // a color code: ESC [ ... m
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    width += (c & 0xC0) != 0x80;  // UTF-8 characters
  }
  return width;
}

std::string table_money(double x, const RenderOptions& options) {
  if (options.cents || !std::isfinite(x)) return money(x);
  std::string text = money(std::round(x));
  if (text.size() > 3 && text.compare(text.size() - 3, 3, ".00") == 0) text.resize(text.size() - 3);
  return text;
}

std::string cut_text(const std::string& text, std::size_t width) {
  if (display_width(text) <= width) return text;
  if (width == 0) return "";
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars + 1 == width) break;
      ++chars;
    }
    out += text[i];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\xE2\x80\xA6";  // an ellipsis
}

std::string wrap_text(const std::string& prefix, const std::string& text, std::size_t indent,
                      const RenderOptions& options, const std::string& tone_start,
                      const std::string& tone_end) {
  const auto paint = [&](const std::string& t) {
    return tone_start.empty() || t.empty() ? t : tone_start + t + tone_end;
  };
  const std::size_t first = display_width(prefix);
  if (options.width == 0 || options.markdown || first + display_width(text) <= options.width) {
    return prefix + paint(text) + "\n";
  }
  indent = std::min(indent, options.width / 2);
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::string out;
  std::string line;
  std::size_t room = options.width > first ? options.width - first : 1;
  std::string lead = prefix;
  const auto flush = [&] {
    out += lead + paint(line) + "\n";
    line.clear();
    lead = std::string(indent, ' ');
    room = options.width - indent;
  };
  for (const std::string& word : words) {
    const std::size_t need = display_width(line) + (line.empty() ? 0 : 1) + display_width(word);
    if (!line.empty() && need > room) flush();
    line += (line.empty() ? "" : " ") + cut_text(word, room);
  }
  if (!line.empty() || out.empty()) flush();
  return out;
}

namespace {

enum class Tone { plain, good, bad, strong };

struct Cell {
  std::string text;
  Tone tone = Tone::plain;
};

const char* ansi(Tone tone) {
  switch (tone) {
    case Tone::good:
      return "\x1b[32m";
    case Tone::bad:
      return "\x1b[31m";
    case Tone::strong:
      return "\x1b[1m";
    case Tone::plain:
      return "";
  }
  return "";
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

// How a column gives way in a narrow table (RenderOptions::width): `level`
// 1 goes below 120 columns, 2 below 80, and any level above 0 whenever the
// rows still do not fit (1 first, then 2, then the highest); level 0
// columns are only cut. `narrow` is the heading below 120 columns.
struct Fit {
  Fit(int level_ = 0, std::string narrow_ = "")  // NOLINT(google-explicit-constructor)
      : level(level_), narrow(std::move(narrow_)) {}
  int level;
  std::string narrow;
};
constexpr std::size_t kMinLabel = 10;

// A grid with a header; `right[i]` right-aligns column i (numbers). Aligned
// text indented by two spaces, or a Markdown table. With a width, `fit`
// says which columns give way first; what still does not fit is cut.
std::string grid(std::vector<std::string> header, std::vector<bool> right,
                 std::vector<std::vector<Cell>> rows, const RenderOptions& options,
                 std::vector<Fit> fit = {}, std::vector<std::string>* left_out = nullptr) {
  for (auto& row : rows) {
    for (auto& cell : row) cell.text = printable(cell.text);
  }
  const std::size_t limit = options.markdown ? 0 : options.width;
  if (limit > 0) {
    fit.resize(header.size());
    const auto drop = [&](std::size_t i) {
      if (left_out) left_out->push_back(header[i]);
      header.erase(header.begin() + static_cast<std::ptrdiff_t>(i));
      right.erase(right.begin() + static_cast<std::ptrdiff_t>(i));
      fit.erase(fit.begin() + static_cast<std::ptrdiff_t>(i));
      for (auto& row : rows) {
        if (i < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(i));
      }
    };
    for (std::size_t i = header.size(); i-- > 0;) {
      if (limit < 120 && !fit[i].narrow.empty()) header[i] = fit[i].narrow;
      if ((fit[i].level == 1 && limit < 120) || (fit[i].level == 2 && limit < 80)) drop(i);
    }
    const auto measure = [&] {
      std::vector<std::size_t> widths(header.size());
      for (std::size_t i = 0; i < header.size(); ++i) {
        widths[i] = display_width(header[i]);
        for (const auto& row : rows) {
          if (i < row.size()) widths[i] = std::max(widths[i], display_width(row[i].text));
        }
      }
      return widths;
    };
    const auto total = [](const std::vector<std::size_t>& widths) {
      std::size_t sum = 0;
      for (const std::size_t w : widths) sum += 2 + w;
      return sum;
    };
    // First the secondary columns go: the interval (level 1), then level 2,
    // then the highest level; the rightmost first.
    std::vector<std::size_t> widths = measure();
    while (total(widths) > limit) {
      const auto rank = [&](std::size_t i) {
        return fit[i].level <= 2 ? 100 - fit[i].level : fit[i].level;
      };
      std::size_t victim = 0;
      for (std::size_t i = 1; i < fit.size(); ++i) {
        if (fit[i].level > 0 && (victim == 0 || rank(i) >= rank(victim))) victim = i;
      }
      if (victim == 0) break;
      drop(victim);
      widths = measure();
    }
    // Then columns are cut: the labels and other text to kMinLabel, text in
    // figure columns down to their widest figure, other text further, the
    // labels further, then figures; at the last, the rightmost columns go.
    const auto shrink = [&](std::size_t i, std::size_t floor) {
      const std::size_t sum = total(widths);
      if (sum <= limit || widths[i] <= floor) return;
      widths[i] = std::max(floor, widths[i] - std::min(widths[i], sum - limit));
    };
    shrink(0, kMinLabel);
    for (std::size_t i = widths.size(); i-- > 1;) {
      if (!right[i]) shrink(i, kMinLabel);
    }
    for (std::size_t i = widths.size(); i-- > 1;) {
      std::size_t figure = 6;  // the widest figure (a cell without a space): kept whole
      for (const auto& row : rows) {
        if (i < row.size() && row[i].text.find(' ') == std::string::npos) {
          figure = std::max(figure, display_width(row[i].text));
        }
      }
      if (right[i]) shrink(i, figure);
    }
    for (std::size_t i = widths.size(); i-- > 1;) {
      if (!right[i]) shrink(i, 6);
    }
    shrink(0, 6);
    for (std::size_t i = widths.size(); i-- > 1;) shrink(i, 6);
    while (total(widths) > limit && header.size() > 1) {
      drop(header.size() - 1);
      widths.pop_back();
    }
    if (total(widths) > limit) widths[0] = limit - 2;
    for (std::size_t i = 0; i < header.size(); ++i) {
      header[i] = cut_text(header[i], widths[i]);
      for (auto& row : rows) {
        if (i < row.size()) row[i].text = cut_text(row[i].text, widths[i]);
      }
    }
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
  head.reserve(header.size());
  for (const auto& h : header) head.push_back({h, Tone::strong});
  out += line(head);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string heading(const std::string& text, const RenderOptions& options) {
  if (options.markdown) return "### " + text + "\n\n";
  return wrap_text("", text, 0, options, options.color ? ansi(Tone::strong) : "",
                   options.color ? "\x1b[0m" : "");
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
  if (*improved)
    return {chance ? "improved (n.s.)" : "improved", chance ? Tone::plain : Tone::good};
  return {chance ? "worsened (n.s.)" : "worsened", chance ? Tone::plain : Tone::bad};
}

std::string_view direction_suffix(Direction direction, Direction usual) {
  if (direction == usual) return "";
  switch (direction) {
    case Direction::lower_is_better:
      return " (lower is better)";
    case Direction::higher_is_better:
      return " (higher is better)";
    case Direction::neutral:
      return " (no direction)";
  }
  return "";
}

std::string confidence_label(double confidence) {
  return fixed(confidence * 100.0, confidence * 100.0 == std::floor(confidence * 100.0) ? 0 : 1) +
         "% CI";
}

std::string period_line(const Period& period, const RenderOptions& options) {
  const auto money = [&options](double x) { return table_money(x, options); };
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
  const std::vector<std::pair<std::string, std::string>> rows = program_facts(p, options);
  std::string out;
  const std::string title = printable(p.name) + "  [" + p.id + "]";
  if (options.markdown) {
    out += "## " + markdown_escape(title) + "\n\n";
    for (const auto& [key, value] : rows) {
      out += "- **" + key + ":** " + markdown_escape(printable(value)) + "\n";
    }
    return out + "\n";
  }
  out += wrap_text("", "== " + title, 3, options, options.color ? ansi(Tone::strong) : "",
                   options.color ? "\x1b[0m" : "");
  for (const auto& [key, value] : rows) {
    out += wrap_text(fmt::format("  {:<12} ", key), printable(value), 15, options);
  }
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
         grid({"Metric", "Baseline", "Performance", "Change", "% change", "Rate ratio",
               confidence_label(options.confidence), "Significant", "Result"},
              {false, true, true, true, true, true, true, false, false}, rows, options,
              {{}, {4}, {0, "Perf."}, {3}, {5}, {2}, {1}, {2, "Signif."}, {}}) +
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
              {false, true, true, true, true, true, false, false}, rows, options,
              {{}, {4}, {0, "Perf."}, {3, "Pts"}, {2}, {1}, {2, "Signif."}, {}}) +
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
  const auto money = [&options](double x) { return table_money(x, options); };
  std::vector<std::string> lines;
  // A figure beyond a double (a rate near zero divides by it), or spending
  // below zero, is a point that cannot be reached, not a sum to print.
  const auto finite = [](const std::optional<double>& x) { return !x || std::isfinite(*x); };
  if (h.msr_expenditure && (!finite(h.msr_expenditure) || !finite(h.savings_needed) ||
                            !finite(h.savings_needed_share))) {
    lines.push_back("the MSR cannot be reached by any spending");
  } else if (h.msr_expenditure) {
    if (h.savings_needed && *h.savings_needed > 0) {
      lines.push_back(
          fmt::format("the MSR is met at spending of {} or less: {} more savings "
                      "({} of spending)",
                      money(*h.msr_expenditure), money(*h.savings_needed),
                      percent(h.savings_needed_share.value_or(0), 2)));
    } else {
      lines.push_back(
          fmt::format("the MSR is met at spending of {} or less", money(*h.msr_expenditure)));
    }
  }
  if (h.cap_expenditure &&
      (!finite(h.cap_expenditure) || !finite(h.cap_headroom) || *h.cap_expenditure < 0)) {
    lines.push_back("the savings cap cannot be reached by any spending");
  } else if (h.cap_expenditure) {
    lines.push_back(
        fmt::format("the savings cap binds at spending below {} ({} more gross savings)",
                    money(*h.cap_expenditure), money(h.cap_headroom.value_or(0))));
  }
  if (s.efficiency_gate) {
    for (const auto& m : s.efficiency_gate->metrics) {
      if (!m.required_change_per_1000) continue;
      if (!finite(m.required_change_per_1000) || !finite(m.required_per_1000)) {
        lines.push_back(fmt::format("{} cannot reach the gate's required rate", m.name));
        continue;
      }
      lines.push_back(fmt::format("{} must reach {} per 1,000 (a change of {})", m.name,
                                  grouped(*m.required_per_1000, 2),
                                  signed_grouped(*m.required_change_per_1000, 2)));
    }
  }
  if (h.loss_expenditure && !finite(h.loss_expenditure)) {
    lines.push_back("losses cannot be reached by any spending");
  } else if (h.loss_expenditure) {
    lines.push_back(
        fmt::format("losses are owed at spending above {}", money(*h.loss_expenditure)));
  }
  if (h.max_shared_losses && finite(h.max_shared_losses)) {
    lines.push_back(fmt::format("shared losses are at most {}", money(*h.max_shared_losses)));
  }
  if (h.probability_msr_met) {
    lines.push_back(
        fmt::format("with spending CV {}: {} chance of meeting the MSR, {} chance of a loss",
                    percent(*h.spending_cv, 1), percent(*h.probability_msr_met, 1),
                    percent(h.probability_loss.value_or(0), 1)));
  }
  std::string out;
  for (const auto& line : lines) {
    out += options.markdown ? "- " + markdown_escape(printable(line)) + "\n"
                            : wrap_text("    ", printable(line), 6, options);
  }
  return out;
}

std::string money_or_na(const std::optional<double>& x, const RenderOptions& options) {
  return x ? table_money(*x, options) : "n/a";
}

std::string two_rates(const std::optional<double>& a, const std::optional<double>& b, int decimals,
                      bool as_percent) {
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
  const auto money = [&options](double x) { return table_money(x, options); };
  const auto money_or_na = [&options](const std::optional<double>& x) {
    return acocalc::money_or_na(x, options);
  };
  std::string out = heading(
      "Effect against the comparison group" + (c.label.empty() ? "" : ": " + std::string(c.label)),
      options);
  std::vector<std::vector<Cell>> rows;
  const std::string ci_label = confidence_label(options.confidence);
  rows.push_back({{"Spending PMPM"},
                  {two_rates(e.baseline_pmpm, e.performance_pmpm, 2, false)},
                  {two_rates(e.comparison_baseline_pmpm, e.comparison_performance_pmpm, 2, false)},
                  {money_or_na(e.did_pmpm)},
                  {money_or_na(e.counterfactual_pmpm)}});
  out += grid({"", "Program", "Comparison", "Difference in differences", "Counterfactual"},
              {false, true, true, true, true}, rows, options,
              {{}, {3}, {4}, {0, "DiD"}, {5, "Counterfactual"}});
  std::string line = "Effect per member-year " + money_or_na(e.did_per_member_year);
  if (e.ci_low && e.ci_high) {
    line += " (" + ci_label + " " + money(*e.ci_low) + " to " + money(*e.ci_high) + ")";
  }
  if (e.relative_effect)
    line += ", " + signed_percent(*e.relative_effect, 1) + " of counterfactual";
  if (e.total_effect) line += ", total " + money(*e.total_effect);
  if (e.significant) line += *e.significant ? ", significant" : ", not significant";
  out += options.markdown ? "\n" + markdown_escape(printable(line)) + "\n\n"
                          : wrap_text("  ", printable(line), 4, options) + "\n";

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
                {false, true, true, true, true, true, false, false}, rows, options,
                {{0, "Per 1,000"}, {3}, {4}, {}, {2}, {1}, {2, "Signif."}, {}}) +
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
                {false, true, true, true, true, false, false}, rows, options,
                {{}, {3}, {4}, {}, {1}, {2, "Signif."}, {}}) +
           "\n";
  }
  // Where the pre/post verdict says more than the comparison supports.
  std::vector<std::string> disagree;
  const auto check = [&](std::string_view name, const std::optional<bool>& before,
                         const std::optional<bool>& effect,
                         const std::optional<bool>& significant) {
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
    out += options.markdown
               ? "- **Pre/post and comparison disagree:** " + markdown_escape(text) + "\n"
               : wrap_text("  ",
                           colored("Pre/post and comparison disagree: ", Tone::bad, options) + text,
                           4, options);
  }
  return disagree.empty() ? out : out + "\n";
}

std::string settlement_block(const ProgramReport& report, const RenderOptions& options) {
  if (!report.settlement) return "";
  const Settlement& s = *report.settlement;
  const bool two_sided = s.minimum_loss_rate_met.has_value();
  const auto money = [&options](double x) { return table_money(x, options); };
  std::vector<std::vector<Cell>> rows;
  const auto row = [&](std::string step, std::string value, Cell v = {}) {
    rows.push_back({{std::move(step)}, {std::move(value)}, std::move(v)});
  };
  row("Benchmark", s.benchmark ? money(*s.benchmark) : "n/a");
  row("Expenditure", s.expenditure ? money(*s.expenditure) : "n/a");
  if (s.gross_savings) {
    row(*s.gross_savings >= 0 ? "Gross savings" : "Gross losses", money(*s.gross_savings));
    row("Savings rate (of benchmark)", s.savings_rate ? signed_percent(*s.savings_rate, 2) : "n/a");
    row("Minimum savings rate",
        s.minimum_savings_rate ? percent(*s.minimum_savings_rate, 2) : "n/a",
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
    row("Savings cap", money(*s.savings_cap),
        s.savings_capped ? Cell{"applied"} : Cell{"not reached"});
  }
  row("Shared savings", s.settled ? money(s.shared_savings) : "unknown");
  if (two_sided) {
    row("Loss sharing rate", s.loss_sharing_rate ? percent(*s.loss_sharing_rate, 2) : "n/a");
    row("Shared losses before limit", money(s.shared_losses_before_limit));
    const bool limit_unknown = std::any_of(s.reasons.begin(), s.reasons.end(), [](const Reason& r) {
      return r.code == ReasonCode::loss_limit_unknown;
    });
    if (limit_unknown) {
      row("Loss limit", s.loss_limit ? "at most " + money(*s.loss_limit) : "n/a",
          Cell{"unknown (revenue not given)"});
    } else if (s.loss_limit) {
      row("Loss limit", money(*s.loss_limit),
          s.losses_limited ? Cell{"applied"} : Cell{"not reached"});
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
    const Tone tone = s.eligible ? Tone::good : Tone::bad;
    out += wrap_text("  ", "Verdict: " + word, 4, options, options.color ? ansi(tone) : "",
                     options.color ? "\x1b[0m" : "");
  }
  for (const auto& reason : s.reasons) {
    const std::string mark = reason.passed ? "ok  " : "FAIL";
    if (options.markdown) {
      out += fmt::format("- {} {}\n", reason.passed ? "ok:" : "**fail:**",
                         markdown_escape(printable(reason_text(reason, s, options.cents))));
    } else {
      out += wrap_text(
          fmt::format("    {} ", colored(mark, reason.passed ? Tone::good : Tone::bad, options)),
          printable(reason_text(reason, s, options.cents)), 9, options);
    }
  }
  if (const std::string lines = headroom_lines(s, options); !lines.empty()) {
    out += options.markdown ? "\nBreak-even and headroom:\n\n" : "  Break-even and headroom:\n";
    out += lines;
  }
  return out + "\n";
}

// "Benchmark, step by step": each figure of the MSSP benchmark computed from
// its inputs, by enrollment type, with the rule it follows.
std::string benchmark_block(const ProgramReport& report, const RenderOptions& options) {
  if (!report.settlement || !report.settlement->benchmark_calculation) return "";
  const BenchmarkStepTable steps = benchmark_step_table(*report.settlement->benchmark_calculation);
  std::vector<std::vector<Cell>> rows;
  rows.reserve(steps.rows.size());
  for (const auto& texts : steps.rows) {
    std::vector<Cell> cells;
    cells.reserve(texts.size());
    for (const auto& text : texts) cells.push_back({text});
    rows.push_back(std::move(cells));
  }
  rows.back().front().tone = Tone::strong;
  rows.back().back().tone = Tone::strong;
  std::string out = heading(steps.title, options);
  // An enrollment type left out to fit the width is said: the audit needs
  // every column.
  std::vector<std::string> left_out;
  out += grid(steps.header, steps.right, rows, options, {0, 1, 2, 2, 2, 2, 0}, &left_out);
  if (!left_out.empty()) {
    std::string names;  // in the table's order
    for (const auto& name : steps.header) {
      if (std::find(left_out.begin(), left_out.end(), name) == left_out.end()) continue;
      names += (names.empty() ? "" : ", ") + name;
    }
    out += "\n" + wrap_text("  ",
                            fmt::format("(not shown at {} columns: {}; a wider --width shows them)",
                                        options.width, names),
                            2, options);
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
    out += options.markdown ? "- " + markdown_escape(text) + "\n"
                            : wrap_text("  - ", text, 4, options);
  }
  return out + "\n";
}

}  // namespace

std::string render_program_table(const ProgramReport& report, const LoadedProgram& loaded,
                                 const RenderOptions& options) {
  return header_block(*report.program, options) + utilization_block(report, options) +
         quality_block(report, options) + comparison_block(report, options) +
         benchmark_block(report, options) + settlement_block(report, options) +
         notes_block(report, loaded, options);
}

std::string render_rollup_table(const Rollup& r, const RenderOptions& options) {
  std::string out = options.markdown
                        ? "## Portfolio roll-up\n\n"
                        : colored("== Portfolio roll-up", Tone::strong, options) + "\n";
  const auto money = [&options](double x) { return table_money(x, options); };
  std::vector<std::vector<Cell>> totals{
      {{"Programs"}, {grouped(r.programs, 0)}},
      {{"Member months (performance)"}, {grouped(r.performance_member_months, 0)}},
      {{"Member months (baseline)"}, {grouped(r.baseline_member_months, 0)}},
      {{"Programs settled"}, {grouped(r.programs_with_settlement, 0)}},
      {{"Programs eligible"}, {grouped(r.programs_eligible, 0)}},
      {{"Benchmark"}, {money(r.benchmark)}},
      {{"Expenditure"}, {money(r.expenditure)}},
      {{"Gross savings"}, {money(r.gross_savings)}},
      {{"Savings rate"},
       {rollup_savings_rate(r) ? signed_percent(*rollup_savings_rate(r), 2) : "n/a"}},
      {{"Shared savings"}, {money(r.shared_savings)}},
      {{"Shared losses"}, {money(r.shared_losses)}},
      {{"Care coordination fees"}, {money(r.care_coordination_fees)}},
      {{"Net payment"}, {money(r.net_payment), Tone::strong}},
  };
  if (r.programs_unsettled > 0) {
    totals.push_back({{"Programs not settled"}, {grouped(r.programs_unsettled, 0)}});
  }
  if (r.programs_with_comparison > 0) {
    totals.push_back(
        {{"Programs with a comparison group"}, {grouped(r.programs_with_comparison, 0)}});
  }
  out += grid({"Total", "Value"}, {false, true}, totals, options) + "\n";
  if (r.programs_unsettled > 0) {
    std::string ids;
    for (const std::string& id : r.unsettled_ids) ids += (ids.empty() ? "" : ", ") + printable(id);
    if (r.unsettled_ids.size() < static_cast<std::size_t>(r.programs_unsettled)) {
      ids += fmt::format(" and {} more",
                         r.programs_unsettled - static_cast<int>(r.unsettled_ids.size()));
    }
    out += wrap_text("  ",
                     "Not settled (losses owed unknown; left out of shared losses and net "
                     "payment): " +
                         ids,
                     4, options) +
           "\n";
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
                {false, true, true, true, true}, rows, options, {{}, {4}, {3}, {0, "Perf."}, {}}) +
           "\n";
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> program_facts(const Program& p,
                                                               const RenderOptions& options) {
  std::vector<std::pair<std::string, std::string>> rows;
  std::string payer = join(p.payers);
  if (!p.payer_type.empty()) payer += payer.empty() ? p.payer_type : " (" + p.payer_type + ")";
  if (!payer.empty()) rows.emplace_back("Payer", payer);
  if (!p.partners.empty()) rows.emplace_back("Partners", join(p.partners));
  if (!p.location.empty()) rows.emplace_back("Location", p.location);
  if (!p.population.empty()) rows.emplace_back("Population", p.population);
  if (p.baseline) rows.emplace_back("Baseline", period_line(*p.baseline, options));
  rows.emplace_back("Performance", period_line(p.performance, options));
  return rows;
}

}  // namespace acocalc
