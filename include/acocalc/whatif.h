// What-if scenarios: a program with some inputs changed, settled again.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "acocalc/model.h"

namespace acocalc {

// Changes to apply to a program's performance period and contract.
struct Scenario {
  std::optional<double> expenditure_change;                 // relative: -0.02 = 2% less
  std::vector<std::pair<std::string, double>> utilization;  // metric, relative change
  std::optional<double> quality_score;                      // replaces the contract's
  std::optional<double> minimum_savings_rate;               // a fixed MSR (and MLR)
  std::optional<double> spending_cv;                        // for the chance of meeting the MSR
  // MSSP benchmarks computed from their inputs (mssp_benchmark.h), relative
  // changes of the performance year's figures: its HCC risk scores (so the
  // risk score growth over BY3), and its regional per-capita spending.
  std::optional<double> risk_score_growth;
  std::optional<double> regional_spending;
};

// The program with the scenario applied. Utilization changes scale the
// performance period's count or rate; the names must be metrics of the
// program (check with scenario_problem first).
Program apply_scenario(const Program& program, const Scenario& scenario);

// Why the scenario cannot apply to the program ("no utilization metric
// \"x\""), or nullopt when it can: the changed program keeps the input
// format's rules (figures at most 2^53, a benchmark computed from its
// inputs above 0, risk scores at most 100, an MSSP fixed MSR from its list).
std::optional<std::string> scenario_problem(const Program& program, const Scenario& scenario);

}  // namespace acocalc
