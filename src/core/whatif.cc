#include "acocalc/whatif.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "acocalc/mssp.h"
#include "acocalc/mssp_benchmark.h"
#include "acocalc/names.h"
#include "acocalc/report.h"

namespace acocalc {

namespace {

// The input format's bound on every figure (README, "Numbers beyond 2^53
// are refused"), which a changed program must keep too.
bool exact(double x) { return std::isfinite(x) && std::fabs(x) <= kMaxExactWhole; }

// Why the changed program breaks a rule the loader enforces on its input,
// or nullopt.
std::optional<std::string> changed_problem(const Program& changed, const Scenario& scenario) {
  const Period& performance = changed.performance;
  const double member_months = performance.member_months;
  if (scenario.expenditure_change && performance.expenditure &&
      (!exact(*performance.expenditure) || !exact(*performance.expenditure / member_months))) {
    return std::string(
        "the expenditure change makes the performance expenditure beyond 2^53 = "
        "9007199254740992 dollars (or dollars per member month), the largest figure a double "
        "holds exactly");
  }
  for (const auto& [name, change] : scenario.utilization) {
    for (const auto& metric : performance.utilization) {
      if (metric.name != name) continue;
      const bool beyond =
          (metric.count &&
           (!exact(*metric.count) || !exact(per_1000(*metric.count, member_months)))) ||
          (metric.per_1000 &&
           (!exact(*metric.per_1000) || !exact(*metric.per_1000 * member_months / 12000.0)));
      if (beyond) {
        return "the change to \"" + name +
               "\" makes its count or rate beyond 2^53 = 9007199254740992, the largest figure a "
               "double holds exactly";
      }
    }
  }
  if (!scenario.risk_score_growth && !scenario.regional_spending) return std::nullopt;
  const MsspBenchmarkCalculation benchmark =
      mssp_benchmark(*changed.contract->benchmark->mssp_inputs);
  if (!exact(benchmark.total)) {
    return std::string(
        "the benchmark input change makes a benchmark beyond 2^53 = 9007199254740992 dollars, "
        "the largest figure a double holds exactly");
  }
  // The loss guardrail settles against it (425.652(b)(5)).
  if (benchmark.total_without_acpt && !exact(*benchmark.total_without_acpt)) {
    return std::string(
        "the benchmark input change makes the benchmark without the ACPT beyond 2^53 = "
        "9007199254740992 dollars, the largest figure a double holds exactly");
  }
  // The loader's rule: the savings rate divides by the benchmark.
  if (benchmark.total <= 0) {
    return std::string(
        "the benchmark input change makes a benchmark of 0 dollars or less; a benchmark must be "
        "above 0 (the savings rate divides by it)");
  }
  return std::nullopt;
}

// Why a change of the benchmark's inputs cannot apply, or nullopt.
std::optional<std::string> benchmark_input_problem(const Program& program,
                                                   const Scenario& scenario) {
  if (!scenario.risk_score_growth && !scenario.regional_spending) return std::nullopt;
  if (!program.contract || !program.contract->benchmark ||
      !program.contract->benchmark->mssp_inputs) {
    return std::string(
        "no MSSP benchmark computed from its inputs: --risk-score-growth and "
        "--regional-spending change those inputs");
  }
  const MsspBenchmarkInputs& in = *program.contract->benchmark->mssp_inputs;
  if (scenario.risk_score_growth && *scenario.risk_score_growth <= -1) {
    return std::string("a risk score change of -100% or less");
  }
  if (scenario.regional_spending && *scenario.regional_spending <= -1) {
    return std::string("a regional spending change of -100% or less");
  }
  if (scenario.regional_spending && !in.performance.regional_per_capita) {
    return std::string(
        "the benchmark of this agreement period uses no regional spending in its update");
  }
  // The loader's rule for risk scores: at most 100.
  const double growth = 1.0 + scenario.risk_score_growth.value_or(0);
  for (double x : *in.performance.risk_score) {
    if (x * growth > 100) return std::string("the risk score change makes a risk score above 100");
  }
  if (in.newly_assigned_risk_score) {
    for (double x : *in.newly_assigned_risk_score) {
      if (x * growth > 100) {
        return std::string("the risk score change makes a newly assigned risk score above 100");
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> scenario_problem(const Program& program, const Scenario& scenario) {
  thread_local NameIndex<Metric> metrics;  // its memory serves program after program
  metrics.reset(program.performance.utilization);
  for (const auto& [name, change] : scenario.utilization) {
    if (!metrics.find(name)) {
      return "no utilization metric \"" + name + "\" in the performance period";
    }
    if (change < -1) return "a utilization change below -100% for \"" + name + "\"";
  }
  const bool settles = program.contract.has_value();
  if (!settles && (scenario.expenditure_change || scenario.quality_score ||
                   scenario.minimum_savings_rate || scenario.spending_cv)) {
    return "no contract: only utilization changes apply";
  }
  if (scenario.minimum_savings_rate && program.contract && program.contract->mssp &&
      !mssp_track_two_sided(program.contract->mssp->track)) {
    return "one-sided MSSP tracks always use the MSR table; a fixed MSR cannot apply";
  }
  if (auto problem = benchmark_input_problem(program, scenario)) return problem;
  if (scenario.expenditure_change && !program.performance.expenditure) {
    return "no performance expenditure to change";
  }
  if (scenario.expenditure_change && *scenario.expenditure_change < -1) {
    return "an expenditure change below -100%";
  }
  if (scenario.minimum_savings_rate && program.contract && program.contract->mssp) {
    const double msr = *scenario.minimum_savings_rate;
    if (msr != 0 && msr != 0.005 && msr != 0.01 && msr != 0.015 && msr != 0.02) {
      return "an MSSP two-sided track elects a fixed MSR of 0, 0.005, 0.01, 0.015 or 0.02";
    }
  }
  return changed_problem(apply_scenario(program, scenario), scenario);
}

Program apply_scenario(const Program& program, const Scenario& scenario) {
  Program out = program;
  Period& performance = out.performance;
  if (scenario.expenditure_change && performance.expenditure) {
    *performance.expenditure *= 1.0 + *scenario.expenditure_change;
  }
  thread_local NameIndex<Metric> metrics;  // its memory serves program after program
  metrics.reset(performance.utilization);
  for (const auto& [name, change] : scenario.utilization) {
    // Names are unique within a period: one metric at most.
    if (const Metric* found = metrics.find(name)) {
      Metric& metric =
          performance.utilization[static_cast<std::size_t>(found - performance.utilization.data())];
      if (metric.count) *metric.count *= 1.0 + change;
      if (metric.per_1000) *metric.per_1000 *= 1.0 + change;
    }
  }
  if (out.contract) {
    Contract& contract = *out.contract;
    if (scenario.quality_score) contract.quality_score = scenario.quality_score;
    if (scenario.minimum_savings_rate) {
      contract.minimum_savings_rate = MinimumRate{false, *scenario.minimum_savings_rate};
      if (contract.minimum_loss_rate) {
        contract.minimum_loss_rate = MinimumRate{false, *scenario.minimum_savings_rate};
      }
    }
    if (scenario.spending_cv) contract.spending_cv = scenario.spending_cv;
    if (contract.benchmark && contract.benchmark->mssp_inputs) {
      MsspBenchmarkInputs& in = *contract.benchmark->mssp_inputs;
      const auto scale = [](std::optional<ByType>& figures, const std::optional<double>& change) {
        if (!figures || !change) return;
        for (double& x : *figures) x *= 1.0 + *change;
      };
      scale(in.performance.risk_score, scenario.risk_score_growth);
      scale(in.newly_assigned_risk_score, scenario.risk_score_growth);
      scale(in.performance.regional_per_capita, scenario.regional_spending);
    }
  }
  return out;
}

}  // namespace acocalc
