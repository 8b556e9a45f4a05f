#include "acocalc/settlement.h"

#include <algorithm>
#include <cassert>

#include "acocalc/mssp.h"
#include "acocalc/mssp_benchmark.h"
#include "acocalc/names.h"
#include "acocalc/statistics.h"

namespace acocalc {
namespace {

GateVerdict gate_verdict(const EfficiencyGate& gate, const MetricChange& change,
                         double improvement) {
  if (improvement < 0) return GateVerdict::worsened;
  if (improvement == 0) return GateVerdict::unchanged;
  if (improvement < gate.min_improvement) return GateVerdict::below_minimum;
  if (gate.significant && !change.significant.value_or(false)) {
    return GateVerdict::not_significant;
  }
  return GateVerdict::improved;
}

std::optional<double> minimum_rate(const MinimumRate& rate, const Period& performance) {
  if (!rate.mssp_table) return rate.value;
  if (!performance.assigned_beneficiaries) return std::nullopt;
  return mssp_minimum_savings_rate(*performance.assigned_beneficiaries);
}

double loss_sharing_rate(const LossSharing& loss, const Contract& contract,
                         double final_sharing_rate) {
  switch (loss.kind) {
    case LossSharing::Kind::fixed:
      return loss.rate;
    case LossSharing::Kind::complement_of_sharing_rate:
      return std::clamp(1.0 - final_sharing_rate, loss.min, loss.max);
    case LossSharing::Kind::complement_of_quality_rate:
      return std::clamp(1.0 - contract.sharing_rate * contract.quality_score.value_or(0.0),
                        loss.min, loss.max);
  }
  return loss.rate;
}

// The loss limit in dollars: a share of the benchmark, or of participant
// revenue capped at that share of the benchmark, whichever the contract gives.
std::optional<double> loss_limit_dollars(const Contract& contract, double benchmark) {
  std::optional<double> limit;
  if (contract.loss_limit) limit = *contract.loss_limit * benchmark;
  if (contract.loss_limit_revenue && contract.participant_revenue) {
    const double revenue_limit = *contract.loss_limit_revenue * *contract.participant_revenue;
    limit = limit ? std::min(*limit, revenue_limit) : revenue_limit;
  }
  return limit;
}

void settle_losses(const Contract& contract, const Period& performance, double benchmark,
                   double gross, Settlement& s) {
  // Without its own minimum loss rate a contract is symmetric: MLR = MSR.
  s.minimum_loss_rate =
      minimum_rate(contract.minimum_loss_rate.value_or(contract.minimum_savings_rate), performance);
  s.loss_sharing_rate = loss_sharing_rate(contract.loss_sharing_rate.value_or(LossSharing{}),
                                          contract, s.final_sharing_rate);
  s.loss_limit = loss_limit_dollars(contract, benchmark);
  // Losses are owed when the loss rate meets or exceeds the MLR (42 CFR 425.606(d)).
  s.minimum_loss_rate_met = gross < 0 && s.savings_rate && s.minimum_loss_rate &&
                            -*s.savings_rate >= *s.minimum_loss_rate;
  s.reasons.push_back({ReasonCode::minimum_loss_rate, !*s.minimum_loss_rate_met});
  if (!*s.minimum_loss_rate_met) return;
  s.shared_losses_before_limit = -gross * *s.loss_sharing_rate;
  s.shared_losses_after_limit = s.shared_losses_before_limit;
  if (s.loss_limit && s.shared_losses_before_limit > *s.loss_limit) {
    s.shared_losses_after_limit = *s.loss_limit;
    s.losses_limited = true;
  }
  s.loss_adjustment = contract.loss_adjustment;
  // DisAdj is non-positive and shrinks the loss; it never turns it into a payment.
  const double owed = std::max(0.0, s.shared_losses_after_limit + contract.loss_adjustment);
  // Extreme and uncontrollable circumstances, after the rate and the limit
  // (42 CFR 425.605(f), 425.610(i)).
  s.euc_share = contract.euc_share;
  s.losses_forgiven = owed * contract.euc_share;
  s.shared_losses = owed - s.losses_forgiven;
  if (contract.euc_share > 0) s.reasons.push_back({ReasonCode::losses_forgiven, true});
  // A revenue-based limit without the revenue: the loss is known only to be
  // at most the benchmark-based limit, unless all of it is forgiven.
  if (contract.loss_limit_revenue && !contract.participant_revenue && contract.euc_share < 1) {
    s.settled = false;
    s.reasons.push_back({ReasonCode::loss_limit_unknown, false});
  }
}

// Whether the settlement turns on a quality figure the contract does not
// give: an MSSP contract without its standard's verdict, or a sharing or loss
// rate that scales with a score that is missing (a PUF row whose QualScore
// or Met_QPS is suppressed).
bool unknown_quality(const Contract& contract, const Settlement& s, double gross) {
  if (contract.model != Contract::Model::mssp) return false;
  const bool pay_for_reporting = contract.mssp && contract.mssp->pay_for_reporting;
  const bool score_missing = !contract.quality_score && !pay_for_reporting;
  const bool savings_shared = gross > 0 && s.minimum_savings_rate_met;
  if (savings_shared && !contract.quality_standard_met && !pay_for_reporting) return true;
  if (savings_shared && s.quality_standard_met && score_missing &&
      contract.quality_adjustment == QualityAdjustment::multiply) {
    return true;
  }
  const bool losses_owed = s.minimum_loss_rate_met.value_or(false);
  const bool score_sets_loss_rate =
      contract.loss_sharing_rate && contract.loss_sharing_rate->kind != LossSharing::Kind::fixed;
  return losses_owed && score_sets_loss_rate && s.quality_standard_met && score_missing;
}

// 42 CFR 425.652(b)(5): when spending exceeds the updated benchmark by at
// least the minimum loss rate, the benchmark without the ACPT (the two-way
// blend) decides the settlement: losses against it, and no savings when
// spending is below it. Two-sided contracts only (no MLR otherwise). Read
// as docs/mssp-benchmark.md 3(iii) words it ("still above it but by
// less"): only a two-way benchmark above the updated one applies; a lower
// one (an ACPT above the two-way growth) would raise the losses it guards.
void apply_acpt_guardrail(const Contract& contract, const Period& performance, Settlement& s) {
  if (!s.benchmark_calculation || !s.benchmark_calculation->total_without_acpt ||
      !contract.two_sided || *s.benchmark <= 0) {
    return;
  }
  const auto mlr =
      minimum_rate(contract.minimum_loss_rate.value_or(contract.minimum_savings_rate), performance);
  const double excess = *s.expenditure - *s.benchmark;
  if (!mlr || excess <= 0 || excess / *s.benchmark < *mlr) return;
  if (*s.benchmark_calculation->total_without_acpt <= *s.benchmark) return;
  s.acpt_guardrail = true;
  s.benchmark = s.benchmark_calculation->total_without_acpt;
  s.reasons.push_back({ReasonCode::acpt_guardrail, false});
}

}  // namespace

double probability_at_most(double threshold, double expected_expenditure, double cv) {
  const double sigma = cv * expected_expenditure;
  if (sigma <= 0) return threshold >= expected_expenditure ? 1.0 : 0.0;
  return normal_cdf((threshold - expected_expenditure) / sigma);
}

Headroom settlement_headroom(const Contract& contract, const Settlement& s) {
  Headroom h;
  if (!s.benchmark || !s.expenditure) return h;
  const double benchmark = *s.benchmark;
  const double expenditure = *s.expenditure;
  if (s.minimum_savings_rate) {
    h.msr_expenditure = benchmark * (1.0 - *s.minimum_savings_rate);
    h.savings_needed = std::max(0.0, expenditure - *h.msr_expenditure);
    if (expenditure > 0) h.savings_needed_share = *h.savings_needed / expenditure;
  }
  const double paid_share = s.final_sharing_rate * (1.0 - s.sequestration);
  if (s.savings_cap && paid_share > 0) {
    // The cap binds once G x final x (1 - sequestration) reaches it.
    const double gross_at_cap = *s.savings_cap / paid_share;
    h.cap_expenditure = benchmark - gross_at_cap;
    h.cap_headroom = std::max(0.0, gross_at_cap - s.gross_savings.value_or(0));
  }
  if (s.minimum_loss_rate_met) {
    if (s.minimum_loss_rate) h.loss_expenditure = benchmark * (1.0 + *s.minimum_loss_rate);
    if (s.loss_limit) {
      h.max_shared_losses = std::max(0.0, *s.loss_limit + s.loss_adjustment) * (1.0 - s.euc_share);
    }
  }
  if (contract.spending_cv) {
    h.spending_cv = contract.spending_cv;
    if (h.msr_expenditure) {
      h.probability_msr_met =
          probability_at_most(*h.msr_expenditure, expenditure, *contract.spending_cv);
    }
    h.probability_loss = 1.0 - probability_at_most(benchmark, expenditure, *contract.spending_cv);
  }
  return h;
}

double gross_savings(double benchmark, double expenditure) { return benchmark - expenditure; }

std::optional<double> savings_rate(double benchmark, double expenditure) {
  if (benchmark == 0) return std::nullopt;
  return gross_savings(benchmark, expenditure) / benchmark;
}

std::optional<double> benchmark_total(const Program& program, const Contract& contract) {
  if (!contract.benchmark) return std::nullopt;
  const Period& performance = program.performance;
  const Benchmark& benchmark = *contract.benchmark;
  std::optional<double> total;
  switch (benchmark.kind) {
    case Benchmark::Kind::total:
      total = benchmark.value;
      break;
    case Benchmark::Kind::pmpm:
      total = benchmark.value * performance.member_months;
      break;
    case Benchmark::Kind::per_capita:
      total = benchmark.value * performance.member_months / 12.0;
      break;
    case Benchmark::Kind::comparison_trend:
      // T0 PMPM x (C1 PMPM / C0 PMPM) x T1 member months.
      if (program.baseline && program.baseline->expenditure && program.comparison &&
          program.comparison->baseline.expenditure && program.comparison->performance.expenditure &&
          *program.comparison->baseline.expenditure > 0) {
        const ComparisonGroup& c = *program.comparison;
        const double baseline_pmpm =
            *program.baseline->expenditure / program.baseline->member_months;
        const double growth = (*c.performance.expenditure / c.performance.member_months) /
                              (*c.baseline.expenditure / c.baseline.member_months);
        total = baseline_pmpm * growth * performance.member_months;
      }
      break;
    case Benchmark::Kind::mssp_inputs:
      total = mssp_benchmark(*benchmark.mssp_inputs).total;
      break;
    case Benchmark::Kind::baseline_trend:
      if (program.baseline && program.baseline->expenditure) {
        const double baseline_pmpm =
            *program.baseline->expenditure / program.baseline->member_months;
        total = baseline_pmpm * (1.0 + benchmark.value) * performance.member_months;
      }
      break;
  }
  if (total && contract.risk_adjust) {
    if (!program.baseline || !program.baseline->risk_score || !performance.risk_score ||
        *program.baseline->risk_score == 0) {
      return std::nullopt;
    }
    *total *= *performance.risk_score / *program.baseline->risk_score;
  }
  return total;
}

void evaluate_efficiency_gate(const EfficiencyGate& gate,
                              const std::vector<MetricChange>& utilization,
                              EfficiencyGateResult& result) {
  std::vector<GateMetric> metrics = std::move(result.metrics);  // their memory
  result = EfficiencyGateResult{};
  result.required = gate.require.value_or(static_cast<int>(gate.metrics.size()));
  result.min_improvement = gate.min_improvement;
  result.significant = gate.significant;
  metrics.resize(gate.metrics.size());
  thread_local NameIndex<MetricChange> changes;  // its memory serves program after program
  changes.reset(utilization);
  for (std::size_t i = 0; i < gate.metrics.size(); ++i) {
    const std::string& name = gate.metrics[i];
    GateMetric& metric = metrics[i];
    std::string kept = std::move(metric.name);
    metric = GateMetric{};
    metric.name = std::move(kept);
    metric.name.assign(name);
    const MetricChange* change = changes.find(name, i);
    if (change && change->pct_change && change->direction != Direction::neutral) {
      metric.improvement = change->direction == Direction::lower_is_better ? -*change->pct_change
                                                                           : *change->pct_change;
      metric.verdict = gate_verdict(gate, *change, *metric.improvement);
    }
    if (change && change->baseline_per_1000 && change->performance_per_1000 &&
        (metric.verdict == GateVerdict::worsened || metric.verdict == GateVerdict::unchanged ||
         metric.verdict == GateVerdict::below_minimum)) {
      const double sign = change->direction == Direction::lower_is_better ? -1.0 : 1.0;
      metric.required_per_1000 = *change->baseline_per_1000 * (1.0 + sign * gate.min_improvement);
      metric.required_change_per_1000 = *metric.required_per_1000 - *change->performance_per_1000;
    }
    if (metric.verdict == GateVerdict::improved) ++result.improved;
  }
  result.metrics = std::move(metrics);
  result.passed = result.improved >= result.required;
}

EfficiencyGateResult evaluate_efficiency_gate(const EfficiencyGate& gate,
                                              const std::vector<MetricChange>& utilization) {
  EfficiencyGateResult result;
  evaluate_efficiency_gate(gate, utilization, result);
  return result;
}

void settle(const Program& program, const Contract& contract,
            const std::vector<MetricChange>& utilization, Settlement& s) {
  // A blank settlement that keeps the memory of its lists.
  std::vector<Reason> reasons = std::move(s.reasons);
  std::vector<GateMetric> gate_metrics;
  if (s.efficiency_gate) gate_metrics = std::move(s.efficiency_gate->metrics);
  s = Settlement{};
  reasons.clear();
  s.reasons = std::move(reasons);
  s.model = contract.model;
  s.mssp = contract.mssp;
  s.sharing_rate = contract.sharing_rate;
  s.sequestration = contract.sequestration;
  s.quality_score = contract.quality_score;
  s.quality_standard_met = contract.quality_standard_met.value_or(true);
  s.care_coordination_fees =
      contract.care_coordination_fee_pmpm * program.performance.member_months;
  s.net_payment = s.care_coordination_fees;
  if (contract.efficiency_gate) {
    s.efficiency_gate.emplace();
    s.efficiency_gate->metrics = std::move(gate_metrics);
    evaluate_efficiency_gate(*contract.efficiency_gate, utilization, *s.efficiency_gate);
  }
  if (s.quality_standard_met) {
    s.final_sharing_rate = contract.quality_adjustment == QualityAdjustment::multiply
                               ? contract.sharing_rate * contract.quality_score.value_or(1.0)
                               : contract.sharing_rate;
  }

  if (contract.benchmark && contract.benchmark->kind == Benchmark::Kind::mssp_inputs) {
    s.benchmark_calculation = mssp_benchmark(*contract.benchmark->mssp_inputs);
    s.benchmark = s.benchmark_calculation->total;
  } else {
    s.benchmark = benchmark_total(program, contract);
  }
  s.expenditure = program.performance.expenditure;
  if (!s.benchmark) s.reasons.push_back({ReasonCode::no_benchmark, false});
  if (!s.expenditure) s.reasons.push_back({ReasonCode::no_expenditure, false});
  if (!s.benchmark || !s.expenditure) return;
  apply_acpt_guardrail(contract, program.performance, s);

  const double benchmark = *s.benchmark;
  const double gross = gross_savings(benchmark, *s.expenditure);
  s.gross_savings = gross;
  s.savings_rate = savings_rate(benchmark, *s.expenditure);
  s.minimum_savings_rate = minimum_rate(contract.minimum_savings_rate, program.performance);

  // 42 CFR 425.604(b): savings must "meet or exceed" the MSR.
  s.minimum_savings_rate_met =
      s.savings_rate && s.minimum_savings_rate && *s.savings_rate >= *s.minimum_savings_rate;
  const bool has_savings = gross > 0;
  const bool gate_passed = !s.efficiency_gate || s.efficiency_gate->passed;
  s.reasons.push_back({ReasonCode::savings, has_savings});
  if (s.minimum_savings_rate) {
    s.reasons.push_back({ReasonCode::minimum_savings_rate, s.minimum_savings_rate_met});
  } else {
    s.reasons.push_back({ReasonCode::minimum_savings_rate_undefined, false});
  }
  if (contract.quality_standard_met) {
    s.reasons.push_back({ReasonCode::quality_standard, s.quality_standard_met});
  }
  if (s.efficiency_gate) s.reasons.push_back({ReasonCode::efficiency_gate, gate_passed});

  s.eligible = has_savings && s.minimum_savings_rate_met && s.quality_standard_met && gate_passed;
  // MSSP PY2024+: low-revenue BASIC ACOs with savings below the MSR share at
  // half the rate (docs/mssp-methodology.md section 3).
  // The rule applies from 5,000 assigned beneficiaries (42 CFR 425.605(h)).
  const bool large_enough = program.performance.assigned_beneficiaries.value_or(0) >= 5000;
  if (!s.eligible && contract.reduced_sharing_below_msr && large_enough && has_savings &&
      s.minimum_savings_rate && !s.minimum_savings_rate_met && s.quality_standard_met &&
      gate_passed) {
    s.eligible = true;
    s.final_sharing_rate *= 0.5;
    s.reasons.push_back({ReasonCode::reduced_sharing_below_msr, true});
  }

  // MSSP ACPT guardrail (42 CFR 425.652(b)(5)): against the benchmark
  // without the prospective trend the ACO had no losses, and gets no savings.
  if ((contract.withhold_savings || s.acpt_guardrail) && has_savings) {
    s.eligible = false;
    s.savings_withheld = true;
    s.reasons.push_back({ReasonCode::savings_withheld, false});
  }

  if (s.eligible) {
    // First-dollar sharing: the whole of the gross savings is shared; the cap
    // applies after the sequestration cut (methodology section 1, step 5).
    s.shared_savings_before_sequestration = gross * s.final_sharing_rate;
    s.shared_savings_after_sequestration =
        s.shared_savings_before_sequestration * (1.0 - contract.sequestration);
    s.shared_savings = s.shared_savings_after_sequestration;
  }
  if (contract.savings_cap) {
    s.savings_cap = *contract.savings_cap * benchmark;
    if (s.shared_savings > *s.savings_cap) {
      s.shared_savings = *s.savings_cap;
      s.savings_capped = true;
    }
  }
  if (contract.two_sided) settle_losses(contract, program.performance, benchmark, gross, s);
  if (s.settled && unknown_quality(contract, s, gross)) {
    s.settled = false;
    s.reasons.push_back({ReasonCode::quality_unknown, false});
  }
  // No MSR (or MLR) from the table: whether anything is shared is unknown.
  if (s.settled && ((gross > 0 && !s.minimum_savings_rate) ||
                    (gross < 0 && contract.two_sided && !s.minimum_loss_rate))) {
    s.settled = false;
  }

  s.earned = s.shared_savings - s.shared_losses;
  s.net_payment = s.earned + s.care_coordination_fees;
  s.headroom = settlement_headroom(contract, s);
}

Settlement settle(const Program& program, const Contract& contract,
                  const std::vector<MetricChange>& utilization) {
  Settlement s;
  settle(program, contract, utilization, s);
  return s;
}

}  // namespace acocalc
