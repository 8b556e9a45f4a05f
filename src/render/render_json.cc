#include <fmt/format.h>

#include "acocalc/mssp.h"
#include "json/format.h"
#include "json/json_value.h"
#include "json/json_writer.h"
#include "render/render.h"

namespace acocalc {
namespace {

// Members of a report object. Numbers are never a negative zero, never NaN
// or infinity (those become null); money is rounded to cents; counts are
// whole numbers printed without a fraction.
class Fields {
 public:
  explicit Fields(JsonWriter& w) : w_(w) {}

  [[gnu::always_inline]] void number(std::string_view key, double x) {
    w_.simple_key(key);
    w_.number(x == 0 ? 0.0 : x);
  }
  [[gnu::always_inline]] void number(std::string_view key, const std::optional<double>& x) {
    if (x) return number(key, *x);
    null(key);
  }
  [[gnu::always_inline]] void dollars(std::string_view key, double x) {
    w_.simple_key(key);
    w_.cents(x);
  }
  [[gnu::always_inline]] void dollars(std::string_view key, const std::optional<double>& x) {
    if (x) return dollars(key, *x);
    null(key);
  }
  [[gnu::always_inline]] void count(std::string_view key, const std::optional<double>& x) {
    if (x && *x >= 0 && *x < kMaxExactWhole && *x == std::floor(*x)) {
      w_.simple_key(key);
      w_.whole(static_cast<std::uint64_t>(*x));
      return;
    }
    number(key, x);
  }
  [[gnu::always_inline]] void boolean(std::string_view key, bool x) {
    w_.simple_key(key);
    w_.boolean(x);
  }
  [[gnu::always_inline]] void boolean(std::string_view key, const std::optional<bool>& x) {
    if (x) return boolean(key, *x);
    null(key);
  }
  [[gnu::always_inline]] void whole(std::string_view key, std::int64_t x) {
    w_.simple_key(key);
    w_.whole(x);
  }
  [[gnu::always_inline]] void string(std::string_view key, std::string_view x) {
    w_.simple_key(key);
    w_.string(x);
  }
  // A string, or null when it is empty.
  void text(std::string_view key, std::string_view x) {
    if (x.empty()) return null(key);
    string(key, x);
  }
  [[gnu::always_inline]] void null(std::string_view key) {
    w_.simple_key(key);
    w_.null();
  }
  void strings(std::string_view key, const std::vector<std::string>& list,
               const std::vector<std::string>* more = nullptr) {
    w_.simple_key(key);
    w_.begin_array();
    for (const auto& s : list) w_.string(s);
    if (more) {
      for (const auto& s : *more) w_.string(s);
    }
    w_.end_array();
  }

 private:
  JsonWriter& w_;
};

void write_comparison(JsonWriter& w, const ComparisonEffect& c) {
  Fields f(w);
  w.begin_object();
  f.string("label", c.label);
  const SpendingEffect& s = c.spending;
  w.simple_key("spending");
  w.begin_object();
  f.dollars("baseline_pmpm", s.baseline_pmpm);
  f.dollars("performance_pmpm", s.performance_pmpm);
  f.dollars("comparison_baseline_pmpm", s.comparison_baseline_pmpm);
  f.dollars("comparison_performance_pmpm", s.comparison_performance_pmpm);
  f.dollars("did_pmpm", s.did_pmpm);
  f.dollars("did_per_member_year", s.did_per_member_year);
  f.dollars("counterfactual_pmpm", s.counterfactual_pmpm);
  f.number("relative_effect", s.relative_effect);
  f.dollars("total_effect", s.total_effect);
  f.dollars("ci_low", s.ci_low);
  f.dollars("ci_high", s.ci_high);
  f.boolean("significant", s.significant);
  w.end_object();
  w.simple_key("utilization");
  w.begin_object();
  for (const MetricEffect& m : c.utilization) {
    w.key(m.name);
    w.begin_object();
    f.number("baseline_per_1000", m.baseline_per_1000);
    f.number("performance_per_1000", m.performance_per_1000);
    f.number("comparison_baseline_per_1000", m.comparison_baseline_per_1000);
    f.number("comparison_performance_per_1000", m.comparison_performance_per_1000);
    f.number("did_per_1000", m.did_per_1000);
    f.number("ratio_of_rate_ratios", m.ratio_of_rate_ratios);
    f.number("ci_low", m.ci_low);
    f.number("ci_high", m.ci_high);
    f.boolean("significant", m.significant);
    f.boolean("improved", m.improved);
    w.end_object();
  }
  w.end_object();
  w.simple_key("quality");
  w.begin_object();
  for (const MeasureEffect& m : c.quality) {
    w.key(m.name);
    w.begin_object();
    f.number("baseline_rate", m.baseline_rate);
    f.number("performance_rate", m.performance_rate);
    f.number("comparison_baseline_rate", m.comparison_baseline_rate);
    f.number("comparison_performance_rate", m.comparison_performance_rate);
    f.number("did_points", m.did_points);
    f.number("ci_low", m.ci_low);
    f.number("ci_high", m.ci_high);
    f.boolean("significant", m.significant);
    f.boolean("improved", m.improved);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

void write_period(JsonWriter& w, const Period& period) {
  Fields f(w);
  w.begin_object();
  f.string("label", period.label);
  f.text("start", period.start);
  f.text("end", period.end);
  f.number("member_months", period.member_months);
  f.number("member_years", period.member_months / 12.0);
  f.count("assigned_beneficiaries", period.assigned_beneficiaries);
  f.dollars("expenditure", period.expenditure);
  if (period.expenditure) {
    f.dollars("pmpm", *period.expenditure / period.member_months);
  } else {
    f.null("pmpm");
  }
  f.number("risk_score", period.risk_score);
  w.end_object();
}

void write_metric(JsonWriter& w, const MetricChange& m) {
  Fields f(w);
  w.begin_object();
  f.string("display_name", display_name(m.name));
  f.string("direction", direction_name(m.direction));
  f.count("baseline_count", m.baseline_count);
  f.count("performance_count", m.performance_count);
  f.number("baseline_per_1000", m.baseline_per_1000);
  f.number("performance_per_1000", m.performance_per_1000);
  f.number("change_per_1000", m.change_per_1000);
  f.number("pct_change", m.pct_change);
  f.number("rate_ratio", m.rate_ratio);
  f.number("ci_low", m.ci_low);
  f.number("ci_high", m.ci_high);
  f.boolean("significant", m.significant);
  f.boolean("improved", m.improved);
  w.end_object();
}

void write_measure(JsonWriter& w, const MeasureChange& m) {
  Fields f(w);
  w.begin_object();
  f.string("display_name", display_name(m.name));
  f.string("direction", direction_name(m.direction));
  f.count("baseline_numerator", m.baseline_numerator);
  f.count("baseline_denominator", m.baseline_denominator);
  f.count("performance_numerator", m.performance_numerator);
  f.count("performance_denominator", m.performance_denominator);
  f.number("baseline_rate", m.baseline_rate);
  f.number("performance_rate", m.performance_rate);
  f.number("change_points", m.change_points);
  f.number("pct_change", m.pct_change);
  f.number("ci_low", m.ci_low);
  f.number("ci_high", m.ci_high);
  f.boolean("significant", m.significant);
  f.boolean("improved", m.improved);
  w.end_object();
}

const char* reason_rule(ReasonCode code) {
  switch (code) {
    case ReasonCode::no_benchmark:
      return "benchmark";
    case ReasonCode::no_expenditure:
      return "expenditure";
    case ReasonCode::savings:
      return "savings";
    case ReasonCode::minimum_savings_rate:
    case ReasonCode::minimum_savings_rate_undefined:
      return "minimum_savings_rate";
    case ReasonCode::quality_standard:
      return "quality_standard";
    case ReasonCode::efficiency_gate:
      return "efficiency_gate";
    case ReasonCode::reduced_sharing_below_msr:
      return "reduced_sharing_below_msr";
    case ReasonCode::minimum_loss_rate:
      return "minimum_loss_rate";
    case ReasonCode::savings_withheld:
    case ReasonCode::acpt_guardrail:
      return "guardrail";
    case ReasonCode::losses_forgiven:
      return "extreme_and_uncontrollable_circumstances";
    case ReasonCode::loss_limit_unknown:
      return "loss_limit";
    case ReasonCode::quality_unknown:
      return "quality_standard";
  }
  return "";
}

void write_gate(JsonWriter& w, const EfficiencyGateResult& gate) {
  Fields f(w);
  w.begin_object();
  f.boolean("passed", gate.passed);
  f.whole("required", gate.required);
  f.whole("improved", gate.improved);
  f.number("min_improvement", gate.min_improvement);
  f.boolean("significant", gate.significant);
  w.simple_key("metrics");
  w.begin_object();
  for (const auto& m : gate.metrics) {
    w.key(m.name);
    w.begin_object();
    f.number("improvement", m.improvement);
    f.string("verdict", gate_verdict_name(m.verdict));
    f.number("required_per_1000", m.required_per_1000);
    f.number("required_change_per_1000", m.required_change_per_1000);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

void write_settlement(JsonWriter& w, const Settlement& s) {
  Fields f(w);
  w.begin_object();
  f.string("model", s.model == Contract::Model::mssp ? "mssp" : "shared_savings");
  if (s.mssp) {
    f.string("track", mssp_track_name(s.mssp->track));
    f.whole("performance_year", s.mssp->performance_year);
  } else {
    f.null("track");
    f.null("performance_year");
  }
  f.dollars("benchmark", s.benchmark);
  if (s.model == Contract::Model::mssp) {
    // MSSP only, so that other contracts' reports keep their keys.
    w.simple_key("benchmark_calculation");
    if (s.benchmark_calculation) {
      write_benchmark_calculation_json(w, *s.benchmark_calculation);
    } else {
      w.null();
    }
    f.boolean("acpt_guardrail", s.acpt_guardrail);
  }
  f.dollars("expenditure", s.expenditure);
  f.dollars("gross_savings", s.gross_savings);
  f.number("savings_rate", s.savings_rate);
  f.number("minimum_savings_rate", s.minimum_savings_rate);
  f.boolean("minimum_savings_rate_met", s.minimum_savings_rate_met);
  f.number("minimum_loss_rate", s.minimum_loss_rate);
  f.boolean("minimum_loss_rate_met", s.minimum_loss_rate_met);
  f.number("quality_score", s.quality_score);
  f.boolean("quality_standard_met", s.quality_standard_met);
  w.simple_key("efficiency_gate");
  if (s.efficiency_gate) {
    write_gate(w, *s.efficiency_gate);
  } else {
    w.null();
  }
  f.boolean("eligible", s.eligible);
  w.simple_key("reasons");
  w.begin_array();
  for (const auto& reason : s.reasons) {
    w.begin_object();
    f.string("rule", reason_rule(reason.code));
    f.boolean("passed", reason.passed);
    thread_local std::string text;  // its memory serves program after program
    text.clear();
    append_reason_text(text, reason, s);
    f.string("text", text);
    w.end_object();
  }
  w.end_array();
  f.number("sharing_rate", s.sharing_rate);
  f.number("final_sharing_rate", s.final_sharing_rate);
  f.dollars("shared_savings_before_sequestration", s.shared_savings_before_sequestration);
  f.number("sequestration", s.sequestration);
  f.dollars("shared_savings_after_sequestration", s.shared_savings_after_sequestration);
  f.dollars("savings_cap", s.savings_cap);
  const auto known = [&](double x) { return s.settled ? std::optional<double>(x) : std::nullopt; };
  f.dollars("shared_savings", known(s.shared_savings));
  f.boolean("savings_capped", s.savings_capped);
  f.number("loss_sharing_rate", s.loss_sharing_rate);
  f.dollars("shared_losses_before_limit", s.shared_losses_before_limit);
  f.dollars("loss_limit", s.loss_limit);
  // Unsettled: unknown amounts are null.
  f.dollars("shared_losses_after_limit", known(s.shared_losses_after_limit));
  f.dollars("loss_adjustment", s.loss_adjustment);
  f.number("euc_share", s.euc_share);
  f.dollars("losses_forgiven", known(s.losses_forgiven));
  f.dollars("shared_losses", known(s.shared_losses));
  f.boolean("losses_limited", s.losses_limited);
  f.boolean("savings_withheld", s.savings_withheld);
  f.boolean("settled", s.settled);
  f.dollars("earned", known(s.earned));
  f.dollars("care_coordination_fees", s.care_coordination_fees);
  f.dollars("net_payment", known(s.net_payment));
  const Headroom& h = s.headroom;
  w.simple_key("break_even");
  w.begin_object();
  f.dollars("msr_expenditure", h.msr_expenditure);
  f.dollars("savings_needed", h.savings_needed);
  f.number("savings_needed_share", h.savings_needed_share);
  f.dollars("cap_expenditure", h.cap_expenditure);
  f.dollars("cap_headroom", h.cap_headroom);
  f.dollars("loss_expenditure", h.loss_expenditure);
  f.dollars("max_shared_losses", h.max_shared_losses);
  f.number("spending_cv", h.spending_cv);
  f.number("probability_msr_met", h.probability_msr_met);
  f.number("probability_loss", h.probability_loss);
  w.end_object();
  w.end_object();
}

}  // namespace

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::lower_is_better:
      return "lower_is_better";
    case Direction::higher_is_better:
      return "higher_is_better";
    case Direction::neutral:
      return "neutral";
  }
  return "";
}

std::string_view gate_verdict_name(GateVerdict verdict) {
  switch (verdict) {
    case GateVerdict::improved:
      return "improved";
    case GateVerdict::not_significant:
      return "not_significant";
    case GateVerdict::below_minimum:
      return "below_minimum";
    case GateVerdict::unchanged:
      return "unchanged";
    case GateVerdict::worsened:
      return "worsened";
    case GateVerdict::missing:
      return "missing";
  }
  return "";
}

void append_reason_text(std::string& out, const Reason& reason, const Settlement& s, bool cents) {
  const double rate = s.savings_rate.value_or(0);
  // Money to the cent, or (tables' --cents no) in whole dollars.
  const auto append_money = [cents](std::string& to, double x) {
    if (cents) {
      acocalc::append_money(to, x);
    } else {
      RenderOptions whole;
      whole.cents = false;
      to += table_money(x, whole);
    }
  };
  switch (reason.code) {
    case ReasonCode::no_benchmark:
      out += "no benchmark could be formed from the contract and the periods";
      return;
    case ReasonCode::no_expenditure:
      out += "the performance period has no expenditure";
      return;
    case ReasonCode::savings:
      if (reason.passed) {
        out += "spending came in under the benchmark by ";
        append_money(out, *s.gross_savings);
      } else {
        out += "no savings: spending was ";
        append_money(out, -s.gross_savings.value_or(0));
        out += " over the benchmark";
      }
      return;
    case ReasonCode::minimum_savings_rate:
      out += "savings rate ";
      append_percent(out, rate, 2);
      out += reason.passed ? " meets" : " is below";
      out += " the minimum savings rate ";
      append_percent(out, *s.minimum_savings_rate, 2);
      return;
    case ReasonCode::minimum_savings_rate_undefined:
      out +=
          "the minimum savings rate is undefined: the MSSP table starts at 500 assigned "
          "beneficiaries";
      return;
    case ReasonCode::quality_standard:
      out += reason.passed ? "quality performance standard met"
                           : "quality performance standard not met: the sharing rate is 0";
      return;
    case ReasonCode::efficiency_gate: {
      const auto& gate = *s.efficiency_gate;
      fmt::format_to(
          std::back_inserter(out), "efficiency gate {}: {} of {} metrics improved, {} required",
          reason.passed ? "passed" : "failed", gate.improved, gate.metrics.size(), gate.required);
      for (const auto& m : gate.metrics) {
        if (m.verdict == GateVerdict::improved) continue;
        out += "; ";
        out += m.name;
        out += ' ';
        out += gate_verdict_name(m.verdict);
        if (m.improvement && m.verdict == GateVerdict::worsened) {
          out += " by ";
          append_percent(out, -*m.improvement, 1);
        }
      }
      return;
    }
    case ReasonCode::reduced_sharing_below_msr:
      out += "savings below the MSR are shared at half the rate (MSSP low-revenue BASIC ACO)";
      return;
    case ReasonCode::minimum_loss_rate:
      if (s.gross_savings.value_or(0) >= 0) {
        out += "no losses: spending did not exceed the benchmark";
        return;
      }
      out += reason.passed ? "loss rate " : "losses owed: loss rate ";
      append_percent(out, -rate, 2);
      out += reason.passed ? " is below the minimum loss rate " : " meets the minimum loss rate ";
      append_percent(out, s.minimum_loss_rate.value_or(0), 2);
      if (reason.passed) out += ": no losses owed";
      return;
    case ReasonCode::savings_withheld:
      out +=
          "ACPT guardrail: against the benchmark without the prospective trend there are "
          "no savings to share, so none are paid";
      return;
    case ReasonCode::acpt_guardrail:
      out += "ACPT guardrail: spending exceeded the benchmark with the prospective trend (";
      append_money(out, s.benchmark_calculation ? s.benchmark_calculation->total : 0);
      out += ") by at least the minimum loss rate, so the benchmark without it (";
      append_money(out, s.benchmark.value_or(0));
      out += ") decides the settlement (42 CFR 425.652(b)(5))";
      return;
    case ReasonCode::losses_forgiven:
      if (s.euc_share >= 1) {
        out += "extreme and uncontrollable circumstances: all shared losses are forgiven";
      } else {
        out += "extreme and uncontrollable circumstances: ";
        append_percent(out, s.euc_share, 2);
        out += " of shared losses forgiven";
      }
      return;
    case ReasonCode::loss_limit_unknown:
      out +=
          "losses owed unknown: the loss limit is a share of participant revenue, which is not "
          "given (at most ";
      append_money(out, s.loss_limit.value_or(0));
      out += ", the benchmark-based limit)";
      return;
    case ReasonCode::quality_unknown:
      out +=
          "settlement unknown: the quality standard's verdict or the quality score it needs is "
          "not given";
      return;
  }
}

std::string reason_text(const Reason& reason, const Settlement& s, bool cents) {
  std::string out;
  append_reason_text(out, reason, s, cents);
  return out;
}

void write_program_json(JsonWriter& w, const ProgramReport& report, const LoadedProgram& loaded) {
  const Program& p = *report.program;
  Fields f(w);
  w.begin_object();
  f.string("id", p.id);
  f.string("name", p.name);
  f.text("payer_type", p.payer_type);
  f.strings("payers", p.payers);
  f.strings("partners", p.partners);
  f.text("location", p.location);
  f.text("population", p.population);
  w.simple_key("baseline");
  if (p.baseline) {
    write_period(w, *p.baseline);
  } else {
    w.null();
  }
  w.simple_key("performance");
  write_period(w, p.performance);
  w.simple_key("utilization");
  w.begin_object();
  for (const auto& m : report.utilization) {
    w.key(m.name);
    write_metric(w, m);
  }
  w.end_object();
  w.simple_key("quality");
  w.begin_object();
  for (const auto& m : report.quality) {
    w.key(m.name);
    write_measure(w, m);
  }
  w.end_object();
  w.simple_key("comparison");
  if (report.comparison) {
    write_comparison(w, *report.comparison);
  } else {
    w.null();
  }
  w.simple_key("settlement");
  if (report.settlement) {
    write_settlement(w, *report.settlement);
  } else {
    w.null();
  }
  f.strings("notes", loaded.input_notes, &report.notes);
  w.end_object();
}

void write_rollup_json(JsonWriter& w, const Rollup& r) {
  Fields f(w);
  w.begin_object();
  f.whole("programs", r.programs);
  f.number("baseline_member_months", r.baseline_member_months);
  f.number("performance_member_months", r.performance_member_months);
  w.simple_key("utilization");
  w.begin_object();
  for (const auto& [name, m] : r.metrics) {
    w.key(name);
    w.begin_object();
    f.whole("programs", m.programs);
    f.boolean("in_all_programs", m.programs == r.programs);
    f.number("baseline_per_1000", pooled_baseline_per_1000(m));
    f.number("performance_per_1000", pooled_performance_per_1000(m));
    f.number("pct_change", pooled_pct_change(m));
    w.end_object();
  }
  w.end_object();
  f.whole("programs_with_settlement", r.programs_with_settlement);
  f.whole("programs_eligible", r.programs_eligible);
  f.dollars("benchmark", r.benchmark);
  f.dollars("expenditure", r.expenditure);
  f.dollars("gross_savings", r.gross_savings);
  f.number("savings_rate", rollup_savings_rate(r));
  f.dollars("shared_savings", r.shared_savings);
  f.dollars("shared_losses", r.shared_losses);
  f.dollars("care_coordination_fees", r.care_coordination_fees);
  f.dollars("net_payment", r.net_payment);
  f.whole("programs_with_comparison", r.programs_with_comparison);
  f.whole("programs_unsettled", r.programs_unsettled);
  f.strings("unsettled", r.unsettled_ids);
  w.end_object();
}

nlohmann::ordered_json program_json(const ProgramReport& report, const LoadedProgram& loaded) {
  std::string text;
  {
    JsonWriter w(text);
    write_program_json(w, report, loaded);
    w.flush();
  }
  JsonTree tree;
  tree.parse(text, kReportDepth);
  return json_value(tree.root());
}

nlohmann::ordered_json rollup_json(const Rollup& rollup) {
  std::string text;
  {
    JsonWriter w(text);
    write_rollup_json(w, rollup);
    w.flush();
  }
  return nlohmann::ordered_json::parse(text);
}

}  // namespace acocalc
