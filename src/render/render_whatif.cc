#include <fmt/format.h>

#include "json/format.h"
#include "json/json_tree.h"
#include "json/json_value.h"
#include "json/json_writer.h"
#include "render/render.h"

namespace acocalc {
namespace {

using json = nlohmann::ordered_json;

struct Row {
  std::string label;
  std::string base;
  std::string scenario;
  std::string change;
};

std::string money_or_na(const std::optional<double>& x, const RenderOptions& options) {
  return x ? table_money(*x, options) : "n/a";
}
std::string yes_no(bool x) { return x ? "yes" : "no"; }

std::string money_change(const std::optional<double>& a, const std::optional<double>& b,
                         const RenderOptions& options) {
  if (!a || !b) return "";
  const double d = *b - *a;
  const std::string text = table_money(d, options);
  return d > 0 && text != "$0.00" && text != "$0" ? "+" + text : text;
}

std::string rate_change(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return "";
  return signed_grouped((*b - *a) * 100.0, 2) + " pts";
}

std::vector<Row> rows_of(const ProgramReport& base, const ProgramReport& scenario,
                         const RenderOptions& options) {
  const auto money = [&options](double x) { return table_money(x, options); };
  const auto money_or_na = [&options](const std::optional<double>& x) {
    return acocalc::money_or_na(x, options);
  };
  const auto money_change = [&options](const std::optional<double>& x,
                                       const std::optional<double>& y) {
    return acocalc::money_change(x, y, options);
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < base.utilization.size() && i < scenario.utilization.size(); ++i) {
    const auto& a = base.utilization[i];
    const auto& b = scenario.utilization[i];
    if (a.performance_per_1000 == b.performance_per_1000) continue;
    rows.push_back({printable(std::string(display_name(a.name))) + " per 1,000",
                    a.performance_per_1000 ? grouped(*a.performance_per_1000, 2) : "n/a",
                    b.performance_per_1000 ? grouped(*b.performance_per_1000, 2) : "n/a",
                    a.performance_per_1000 && b.performance_per_1000
                        ? signed_grouped(*b.performance_per_1000 - *a.performance_per_1000, 2)
                        : ""});
  }
  if (!base.settlement || !scenario.settlement) return rows;
  const Settlement& a = *base.settlement;
  const Settlement& b = *scenario.settlement;
  rows.push_back({"Benchmark", money_or_na(a.benchmark), money_or_na(b.benchmark),
                  money_change(a.benchmark, b.benchmark)});
  rows.push_back({"Expenditure", money_or_na(a.expenditure), money_or_na(b.expenditure),
                  money_change(a.expenditure, b.expenditure)});
  rows.push_back({"Gross savings", money_or_na(a.gross_savings), money_or_na(b.gross_savings),
                  money_change(a.gross_savings, b.gross_savings)});
  rows.push_back({"Savings rate", a.savings_rate ? signed_percent(*a.savings_rate, 2) : "n/a",
                  b.savings_rate ? signed_percent(*b.savings_rate, 2) : "n/a",
                  rate_change(a.savings_rate, b.savings_rate)});
  rows.push_back({"Minimum savings rate",
                  a.minimum_savings_rate ? percent(*a.minimum_savings_rate, 2) : "n/a",
                  b.minimum_savings_rate ? percent(*b.minimum_savings_rate, 2) : "n/a", ""});
  rows.push_back(
      {"MSR met", yes_no(a.minimum_savings_rate_met), yes_no(b.minimum_savings_rate_met), ""});
  if (a.efficiency_gate && b.efficiency_gate) {
    rows.push_back({"Efficiency gate passed", yes_no(a.efficiency_gate->passed),
                    yes_no(b.efficiency_gate->passed), ""});
  }
  rows.push_back({"Eligible", yes_no(a.eligible), yes_no(b.eligible), ""});
  rows.push_back({"Final sharing rate", percent(a.final_sharing_rate, 2),
                  percent(b.final_sharing_rate, 2),
                  rate_change(a.final_sharing_rate, b.final_sharing_rate)});
  rows.push_back({"Shared savings", money(a.shared_savings), money(b.shared_savings),
                  money_change(a.shared_savings, b.shared_savings)});
  if (a.minimum_loss_rate_met || b.minimum_loss_rate_met) {
    rows.push_back({"Shared losses", money(a.shared_losses), money(b.shared_losses),
                    money_change(a.shared_losses, b.shared_losses)});
  }
  rows.push_back({"Net payment", money(a.net_payment), money(b.net_payment),
                  money_change(a.net_payment, b.net_payment)});
  if (b.headroom.probability_msr_met) {
    rows.push_back(
        {"Chance of meeting the MSR",
         a.headroom.probability_msr_met ? percent(*a.headroom.probability_msr_met, 1) : "n/a",
         percent(*b.headroom.probability_msr_met, 1), ""});
  }
  return rows;
}

json settlement_difference(const Settlement& a, const Settlement& b) {
  const auto diff = [](const std::optional<double>& x, const std::optional<double>& y) -> json {
    if (!x || !y) return nullptr;
    const double d = *y - *x;
    return d == 0 ? 0.0 : d;
  };
  json out;
  out["expenditure"] = diff(a.expenditure, b.expenditure);
  out["gross_savings"] = diff(a.gross_savings, b.gross_savings);
  out["savings_rate"] = diff(a.savings_rate, b.savings_rate);
  out["shared_savings"] = diff(a.shared_savings, b.shared_savings);
  out["shared_losses"] = diff(a.shared_losses, b.shared_losses);
  out["net_payment"] = diff(a.net_payment, b.net_payment);
  out["eligible_changed"] = a.eligible != b.eligible;
  return out;
}

}  // namespace

std::string render_whatif_table(const ProgramReport& base, const ProgramReport& scenario,
                                const std::string& description, const RenderOptions& options) {
  const Program& p = *base.program;
  std::string out;
  std::vector<Row> rows = rows_of(base, scenario, options);
  std::size_t w0 = 6, w1 = 4, w2 = 8, w3 = 6;
  for (const auto& r : rows) {
    w0 = std::max(w0, r.label.size());
    w1 = std::max(w1, r.base.size());
    w2 = std::max(w2, r.scenario.size());
    w3 = std::max(w3, r.change.size());
  }
  // Narrow (options.width): the labels give way down to 10 characters,
  // then the base column goes, then the change column, then the labels are
  // cut further.
  bool show_base = true;
  bool show_change = true;
  if (options.width > 0 && !options.markdown) {
    constexpr std::size_t kMinLabel = 10;
    const auto rest = [&] {
      return (show_base ? 2 + w1 : 0) + 2 + w2 + (show_change ? 2 + w3 : 0);
    };
    if (2 + w0 + rest() > options.width) {
      if (2 + kMinLabel + rest() > options.width) show_base = false;
      if (2 + kMinLabel + rest() > options.width) show_change = false;
      const std::size_t room = options.width > rest() + 2 ? options.width - rest() - 2 : 1;
      w0 = 6;
      for (auto& r : rows) {
        r.label = cut_text(r.label, room);
        w0 = std::max(w0, display_width(r.label));
      }
    }
  }
  if (options.markdown) {
    out += fmt::format(
        "## What if: {} [{}]\n\n{}\n\n| Figure | Base | Scenario | Change |\n"
        "| --- | ---: | ---: | ---: |\n",
        printable(p.name), p.id, printable(description));
    for (const auto& r : rows) {
      out += fmt::format("| {} | {} | {} | {} |\n", r.label, r.base, r.scenario, r.change);
    }
    return out + "\n";
  }
  // Bold, as the report's titles, with --color.
  const std::string title =
      wrap_text("", fmt::format("== What if: {}  [{}]", printable(p.name), p.id), 3, options);
  out += options.color ? "\x1b[1m" + title.substr(0, title.size() - 1) + "\x1b[0m\n" : title;
  out += wrap_text("  Scenario: ", printable(description), 12, options);
  const auto pad = [](const std::string& text, std::size_t width) {
    const std::size_t shown = display_width(text);
    return text + std::string(width > shown ? width - shown : 0, ' ');
  };
  const auto row_line = [&](const std::string& label, const std::string& a, const std::string& b,
                            const std::string& change) {
    std::string line = "  " + pad(label, w0) + "  ";
    if (show_base) line += fmt::format("{:>{}}  ", a, w1);
    line += fmt::format("{:>{}}  {}", b, w2, show_change ? change : "");
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  };
  out += row_line("Figure", "Base", "Scenario", "Change") + "\n";
  for (const auto& r : rows) {
    std::string line = row_line(r.label, r.base, r.scenario, r.change);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out + "\n";
}

void write_whatif_json(JsonWriter& writer, const ProgramReport& base, const ProgramReport& scenario,
                       const LoadedProgram& loaded, const std::string& description) {
  writer.begin_object();
  writer.key("id");
  writer.string(base.program->id);
  writer.key("scenario");
  writer.string(description);
  writer.key("base");
  write_program_json(writer, base, loaded);
  writer.key("what_if");
  write_program_json(writer, scenario, loaded);
  writer.key("difference");
  if (base.settlement && scenario.settlement) {
    writer.value(settlement_difference(*base.settlement, *scenario.settlement));
  } else {
    writer.null();
  }
  writer.end_object();
}

nlohmann::ordered_json whatif_json(const ProgramReport& base, const ProgramReport& scenario,
                                   const LoadedProgram& loaded, const std::string& description) {
  std::string text;
  {
    JsonWriter writer(text);
    write_whatif_json(writer, base, scenario, loaded, description);
    writer.flush();
  }
  JsonTree tree;
  tree.parse(text, kReportDepth + 1);
  return json_value(tree.root());
}

}  // namespace acocalc
