#include "acocalc/rollup.h"

#include <cmath>
#include <utility>

namespace acocalc {

double pooled_baseline_per_1000(const PooledMetric& metric) {
  return per_1000(metric.baseline_events, metric.baseline_member_months);
}

double pooled_performance_per_1000(const PooledMetric& metric) {
  return per_1000(metric.performance_events, metric.performance_member_months);
}

std::optional<double> pooled_pct_change(const PooledMetric& metric) {
  const double base = pooled_baseline_per_1000(metric);
  if (base == 0) return std::nullopt;
  return (pooled_performance_per_1000(metric) - base) / base;
}

std::optional<double> rollup_savings_rate(const Rollup& rollup) {
  if (rollup.benchmark == 0) return std::nullopt;
  return rollup.gross_savings / rollup.benchmark;
}

std::string rollup_total_out_of_range(const Rollup& r) {
  const std::pair<const char*, double> totals[] = {
      {"baseline_member_months", r.baseline_member_months},
      {"performance_member_months", r.performance_member_months},
      {"benchmark", r.benchmark},
      {"expenditure", r.expenditure},
      {"gross_savings", r.gross_savings},
      {"shared_savings", r.shared_savings},
      {"shared_losses", r.shared_losses},
      {"care_coordination_fees", r.care_coordination_fees},
      {"net_payment", r.net_payment}};
  for (const auto& [name, value] : totals) {
    if (std::fabs(value) > kMaxExactWhole) return name;
  }
  return "";
}

void add_to_rollup(Rollup& rollup, const ProgramReport& report) {
  const Program& program = *report.program;
  ++rollup.programs;
  rollup.performance_member_months += program.performance.member_months;
  if (program.baseline) rollup.baseline_member_months += program.baseline->member_months;
  if (report.comparison) ++rollup.programs_with_comparison;
  for (const auto& change : report.utilization) {
    if (!change.baseline_per_1000 || !change.performance_per_1000) continue;
    auto found = rollup.metrics.find(change.name);
    if (found == rollup.metrics.end())
      found = rollup.metrics.emplace(change.name, PooledMetric{}).first;
    PooledMetric& pooled = found->second;
    ++pooled.programs;
    const double base_mm = program.baseline->member_months;
    const double perf_mm = program.performance.member_months;
    // Events: the count when given, else rate x exposure / 12,000.
    pooled.baseline_events +=
        change.baseline_count.value_or(*change.baseline_per_1000 * base_mm / 12000.0);
    pooled.performance_events +=
        change.performance_count.value_or(*change.performance_per_1000 * perf_mm / 12000.0);
    pooled.baseline_member_months += base_mm;
    pooled.performance_member_months += perf_mm;
  }
  if (!report.settlement) return;
  const Settlement& s = *report.settlement;
  ++rollup.programs_with_settlement;
  if (s.eligible) ++rollup.programs_eligible;
  rollup.benchmark += s.benchmark.value_or(0);
  rollup.expenditure += s.expenditure.value_or(0);
  rollup.gross_savings += s.gross_savings.value_or(0);
  rollup.care_coordination_fees += s.care_coordination_fees;
  if (!s.settled) {
    ++rollup.programs_unsettled;
    if (rollup.unsettled_ids.size() < kMaxListedUnsettled) {
      rollup.unsettled_ids.push_back(program.id);
    }
    return;
  }
  rollup.shared_savings += s.shared_savings;
  rollup.shared_losses += s.shared_losses;
  rollup.net_payment += s.net_payment;
}

}  // namespace acocalc
