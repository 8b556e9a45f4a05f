// Portfolio roll-up: totals over the programs of a run.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "acocalc/report.h"

namespace acocalc {

// Pooled utilization of one metric over the programs that report it with a
// baseline: sum of events over sum of exposure (events reconstructed from
// per-1,000 rates when only rates are given).
struct PooledMetric {
  int programs = 0;
  double baseline_events = 0;
  double baseline_member_months = 0;
  double performance_events = 0;
  double performance_member_months = 0;
};

// The pooled rates: events x 12,000 / member months, summed over programs.
double pooled_baseline_per_1000(const PooledMetric& metric);
double pooled_performance_per_1000(const PooledMetric& metric);
// Pooled performance over pooled baseline, minus 1; nullopt for a zero baseline.
std::optional<double> pooled_pct_change(const PooledMetric& metric);

inline constexpr std::size_t kMaxListedUnsettled = 1000;

struct Rollup {
  int programs = 0;
  double baseline_member_months = 0;
  double performance_member_months = 0;
  int programs_with_settlement = 0;
  int programs_eligible = 0;
  int programs_with_comparison = 0;
  // Programs whose losses owed cannot be known (Settlement::settled false):
  // their shared losses, earned and net payment are left out of the totals.
  int programs_unsettled = 0;
  std::vector<std::string> unsettled_ids;  // the first kMaxListedUnsettled
  double benchmark = 0;
  double expenditure = 0;
  double gross_savings = 0;
  double shared_savings = 0;
  double shared_losses = 0;
  double care_coordination_fees = 0;
  double net_payment = 0;
  std::map<std::string, PooledMetric, std::less<>> metrics;  // by name (sorted: deterministic)
};

// Portfolio savings rate: total gross savings over total benchmark.
std::optional<double> rollup_savings_rate(const Rollup& rollup);

// The first money or member-month total of the roll-up beyond 2^53, where a
// double no longer holds every whole dollar (its name), or "" when all fit.
std::string rollup_total_out_of_range(const Rollup& rollup);

// Adds one program's report to the roll-up (constant memory per program).
void add_to_rollup(Rollup& rollup, const ProgramReport& report);

}  // namespace acocalc
