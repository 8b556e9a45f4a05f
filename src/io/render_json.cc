#include <fmt/format.h>

#include "acocalc/mssp.h"
#include "io/format.h"
#include "io/render.h"

namespace acocalc {
namespace {

using json = nlohmann::ordered_json;

// Never a negative zero, never NaN or infinity (those become null).
json number(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x == 0 ? json(0.0) : json(x);
}
json number(const std::optional<double>& x) { return x ? number(*x) : json(nullptr); }
json dollars(double x) { return number(round_to(x, 2)); }
json dollars(const std::optional<double>& x) { return x ? dollars(*x) : json(nullptr); }
json boolean(const std::optional<bool>& x) { return x ? json(*x) : json(nullptr); }

// Counts are whole numbers: print them without a fraction.
json count(const std::optional<double>& x) {
  if (!x) return nullptr;
  if (*x >= 0 && *x < kMaxExactWhole && *x == std::floor(*x)) {
    return json(static_cast<std::uint64_t>(*x));
  }
  return number(*x);
}

const char* direction_name(Direction direction) {
  return direction == Direction::lower_is_better ? "lower_is_better" : "higher_is_better";
}

json period_json(const Period& period) {
  json out;
  out["label"] = period.label;
  out["start"] = period.start.empty() ? json(nullptr) : json(period.start);
  out["end"] = period.end.empty() ? json(nullptr) : json(period.end);
  out["member_months"] = number(period.member_months);
  out["member_years"] = number(period.member_months / 12.0);
  out["assigned_beneficiaries"] = count(period.assigned_beneficiaries);
  out["expenditure"] = dollars(period.expenditure);
  out["pmpm"] = period.expenditure ? dollars(*period.expenditure / period.member_months)
                                   : json(nullptr);
  out["risk_score"] = number(period.risk_score);
  return out;
}

json metric_json(const MetricChange& m) {
  json out;
  out["display_name"] = display_name(m.name);
  out["direction"] = direction_name(m.direction);
  out["baseline_count"] = count(m.baseline_count);
  out["performance_count"] = count(m.performance_count);
  out["baseline_per_1000"] = number(m.baseline_per_1000);
  out["performance_per_1000"] = number(m.performance_per_1000);
  out["change_per_1000"] = number(m.change_per_1000);
  out["pct_change"] = number(m.pct_change);
  out["rate_ratio"] = number(m.rate_ratio);
  out["ci_low"] = number(m.ci_low);
  out["ci_high"] = number(m.ci_high);
  out["significant"] = boolean(m.significant);
  out["improved"] = boolean(m.improved);
  return out;
}

json measure_json(const MeasureChange& m) {
  json out;
  out["display_name"] = display_name(m.name);
  out["direction"] = direction_name(m.direction);
  out["baseline_numerator"] = count(m.baseline_numerator);
  out["baseline_denominator"] = count(m.baseline_denominator);
  out["performance_numerator"] = count(m.performance_numerator);
  out["performance_denominator"] = count(m.performance_denominator);
  out["baseline_rate"] = number(m.baseline_rate);
  out["performance_rate"] = number(m.performance_rate);
  out["change_points"] = number(m.change_points);
  out["pct_change"] = number(m.pct_change);
  out["ci_low"] = number(m.ci_low);
  out["ci_high"] = number(m.ci_high);
  out["significant"] = boolean(m.significant);
  out["improved"] = boolean(m.improved);
  return out;
}

const char* reason_rule(ReasonCode code) {
  switch (code) {
    case ReasonCode::no_benchmark: return "benchmark";
    case ReasonCode::no_expenditure: return "expenditure";
    case ReasonCode::savings: return "savings";
    case ReasonCode::minimum_savings_rate: return "minimum_savings_rate";
    case ReasonCode::minimum_savings_rate_undefined: return "minimum_savings_rate";
    case ReasonCode::quality_standard: return "quality_standard";
    case ReasonCode::efficiency_gate: return "efficiency_gate";
    case ReasonCode::reduced_sharing_below_msr: return "reduced_sharing_below_msr";
    case ReasonCode::minimum_loss_rate: return "minimum_loss_rate";
  }
  return "";
}

json gate_json(const EfficiencyGateResult& gate) {
  json out;
  out["passed"] = gate.passed;
  out["required"] = gate.required;
  out["improved"] = gate.improved;
  out["min_improvement"] = number(gate.min_improvement);
  out["significant"] = gate.significant;
  json metrics = json::object();
  for (const auto& m : gate.metrics) {
    json metric;
    metric["improvement"] = number(m.improvement);
    metric["verdict"] = gate_verdict_name(m.verdict);
    metric["required_per_1000"] = number(m.required_per_1000);
    metric["required_change_per_1000"] = number(m.required_change_per_1000);
    metrics[m.name] = std::move(metric);
  }
  out["metrics"] = std::move(metrics);
  return out;
}

json settlement_json(const Settlement& s) {
  json out;
  out["model"] = s.model == Contract::Model::mssp ? "mssp" : "shared_savings";
  out["track"] = s.mssp ? json(std::string(mssp_track_name(s.mssp->track))) : json(nullptr);
  out["performance_year"] = s.mssp ? json(s.mssp->performance_year) : json(nullptr);
  out["benchmark"] = dollars(s.benchmark);
  out["expenditure"] = dollars(s.expenditure);
  out["gross_savings"] = dollars(s.gross_savings);
  out["savings_rate"] = number(s.savings_rate);
  out["minimum_savings_rate"] = number(s.minimum_savings_rate);
  out["minimum_savings_rate_met"] = s.minimum_savings_rate_met;
  out["minimum_loss_rate"] = number(s.minimum_loss_rate);
  out["minimum_loss_rate_met"] = boolean(s.minimum_loss_rate_met);
  out["quality_score"] = number(s.quality_score);
  out["quality_standard_met"] = s.quality_standard_met;
  out["efficiency_gate"] = s.efficiency_gate ? gate_json(*s.efficiency_gate) : json(nullptr);
  out["eligible"] = s.eligible;
  json reasons = json::array();
  for (const auto& reason : s.reasons) {
    json r;
    r["rule"] = reason_rule(reason.code);
    r["passed"] = reason.passed;
    r["text"] = reason_text(reason, s);
    reasons.push_back(std::move(r));
  }
  out["reasons"] = std::move(reasons);
  out["sharing_rate"] = number(s.sharing_rate);
  out["final_sharing_rate"] = number(s.final_sharing_rate);
  out["shared_savings_before_sequestration"] = dollars(s.shared_savings_before_sequestration);
  out["sequestration"] = number(s.sequestration);
  out["shared_savings_after_sequestration"] = dollars(s.shared_savings_after_sequestration);
  out["savings_cap"] = dollars(s.savings_cap);
  out["shared_savings"] = dollars(s.shared_savings);
  out["savings_capped"] = s.savings_capped;
  out["loss_sharing_rate"] = number(s.loss_sharing_rate);
  out["shared_losses_before_limit"] = dollars(s.shared_losses_before_limit);
  out["loss_limit"] = dollars(s.loss_limit);
  out["shared_losses_after_limit"] = dollars(s.shared_losses_after_limit);
  out["loss_adjustment"] = dollars(s.loss_adjustment);
  out["shared_losses"] = dollars(s.shared_losses);
  out["losses_limited"] = s.losses_limited;
  out["earned"] = dollars(s.earned);
  out["care_coordination_fees"] = dollars(s.care_coordination_fees);
  out["net_payment"] = dollars(s.net_payment);
  const Headroom& h = s.headroom;
  json headroom;
  headroom["msr_expenditure"] = dollars(h.msr_expenditure);
  headroom["savings_needed"] = dollars(h.savings_needed);
  headroom["savings_needed_share"] = number(h.savings_needed_share);
  headroom["cap_expenditure"] = dollars(h.cap_expenditure);
  headroom["cap_headroom"] = dollars(h.cap_headroom);
  headroom["loss_expenditure"] = dollars(h.loss_expenditure);
  headroom["max_shared_losses"] = dollars(h.max_shared_losses);
  headroom["spending_cv"] = number(h.spending_cv);
  headroom["probability_msr_met"] = number(h.probability_msr_met);
  headroom["probability_loss"] = number(h.probability_loss);
  out["break_even"] = std::move(headroom);
  return out;
}

json strings(const std::vector<std::string>& list) {
  json out = json::array();
  for (const auto& s : list) out.push_back(s);
  return out;
}

}  // namespace

std::string gate_verdict_name(GateVerdict verdict) {
  switch (verdict) {
    case GateVerdict::improved: return "improved";
    case GateVerdict::not_significant: return "not_significant";
    case GateVerdict::below_minimum: return "below_minimum";
    case GateVerdict::unchanged: return "unchanged";
    case GateVerdict::worsened: return "worsened";
    case GateVerdict::missing: return "missing";
  }
  return "";
}

std::string reason_text(const Reason& reason, const Settlement& s) {
  const double rate = s.savings_rate.value_or(0);
  switch (reason.code) {
    case ReasonCode::no_benchmark:
      return "no benchmark could be formed from the contract and the periods";
    case ReasonCode::no_expenditure:
      return "the performance period has no expenditure";
    case ReasonCode::savings:
      return reason.passed
                 ? fmt::format("spending came in under the benchmark by {}", money(*s.gross_savings))
                 : fmt::format("no savings: spending was {} over the benchmark",
                               money(-s.gross_savings.value_or(0)));
    case ReasonCode::minimum_savings_rate:
      return fmt::format("savings rate {} {} the minimum savings rate {}", percent(rate, 2),
                         reason.passed ? "meets" : "is below", percent(*s.minimum_savings_rate, 2));
    case ReasonCode::minimum_savings_rate_undefined:
      return "the minimum savings rate is undefined: the MSSP table starts at 500 assigned "
             "beneficiaries";
    case ReasonCode::quality_standard:
      return reason.passed ? "quality performance standard met"
                           : "quality performance standard not met: the sharing rate is 0";
    case ReasonCode::efficiency_gate: {
      const auto& gate = *s.efficiency_gate;
      std::string text = fmt::format("efficiency gate {}: {} of {} metrics improved, {} required",
                                     reason.passed ? "passed" : "failed", gate.improved,
                                     gate.metrics.size(), gate.required);
      for (const auto& m : gate.metrics) {
        if (m.verdict == GateVerdict::improved) continue;
        text += fmt::format("; {} {}", m.name, gate_verdict_name(m.verdict));
        if (m.improvement && m.verdict == GateVerdict::worsened) {
          text += fmt::format(" by {}", percent(-*m.improvement, 1));
        }
      }
      return text;
    }
    case ReasonCode::reduced_sharing_below_msr:
      return "savings below the MSR are shared at half the rate (MSSP low-revenue BASIC ACO)";
    case ReasonCode::minimum_loss_rate:
      if (s.gross_savings.value_or(0) >= 0) return "no losses: spending did not exceed the benchmark";
      return reason.passed
                 ? fmt::format("loss rate {} is below the minimum loss rate {}: no losses owed",
                               percent(-rate, 2), percent(s.minimum_loss_rate.value_or(0), 2))
                 : fmt::format("losses owed: loss rate {} meets the minimum loss rate {}",
                               percent(-rate, 2), percent(s.minimum_loss_rate.value_or(0), 2));
  }
  return "";
}

json program_json(const ProgramReport& report, const LoadedProgram& loaded) {
  const Program& p = *report.program;
  json out;
  out["id"] = p.id;
  out["name"] = p.name;
  out["payer_type"] = p.payer_type.empty() ? json(nullptr) : json(p.payer_type);
  out["payers"] = strings(p.payers);
  out["partners"] = strings(p.partners);
  out["location"] = p.location.empty() ? json(nullptr) : json(p.location);
  out["population"] = p.population.empty() ? json(nullptr) : json(p.population);
  out["baseline"] = p.baseline ? period_json(*p.baseline) : json(nullptr);
  out["performance"] = period_json(p.performance);
  json utilization = json::object();
  for (const auto& m : report.utilization) utilization[m.name] = metric_json(m);
  out["utilization"] = std::move(utilization);
  json quality = json::object();
  for (const auto& m : report.quality) quality[m.name] = measure_json(m);
  out["quality"] = std::move(quality);
  out["settlement"] = report.settlement ? settlement_json(*report.settlement) : json(nullptr);
  std::vector<std::string> notes = loaded.input_notes;
  notes.insert(notes.end(), report.notes.begin(), report.notes.end());
  out["notes"] = strings(notes);
  return out;
}

json rollup_json(const Rollup& r) {
  json out;
  out["programs"] = r.programs;
  out["baseline_member_months"] = number(r.baseline_member_months);
  out["performance_member_months"] = number(r.performance_member_months);
  json metrics = json::object();
  for (const auto& [name, m] : r.metrics) {
    json metric;
    metric["programs"] = m.programs;
    metric["in_all_programs"] = m.programs == r.programs;
    metric["baseline_per_1000"] = number(pooled_baseline_per_1000(m));
    metric["performance_per_1000"] = number(pooled_performance_per_1000(m));
    metric["pct_change"] = number(pooled_pct_change(m));
    metrics[name] = std::move(metric);
  }
  out["utilization"] = std::move(metrics);
  out["programs_with_settlement"] = r.programs_with_settlement;
  out["programs_eligible"] = r.programs_eligible;
  out["benchmark"] = dollars(r.benchmark);
  out["expenditure"] = dollars(r.expenditure);
  out["gross_savings"] = dollars(r.gross_savings);
  out["savings_rate"] = number(rollup_savings_rate(r));
  out["shared_savings"] = dollars(r.shared_savings);
  out["shared_losses"] = dollars(r.shared_losses);
  out["care_coordination_fees"] = dollars(r.care_coordination_fees);
  out["net_payment"] = dollars(r.net_payment);
  return out;
}

}  // namespace acocalc
