#include "acocalc/whatif.h"

#include "acocalc/mssp.h"
#include "acocalc/names.h"

namespace acocalc {

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
  if (scenario.expenditure_change && !program.performance.expenditure) {
    return "no performance expenditure to change";
  }
  if (scenario.expenditure_change && *scenario.expenditure_change < -1) {
    return "an expenditure change below -100%";
  }
  return std::nullopt;
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
  }
  return out;
}

}  // namespace acocalc
