// What acocalc computes for a program: utilization and quality changes and the
// settlement, as plain data. Renderers (src/render/) turn a ProgramReport into
// text; they never compute a figure. Figures that are undefined (a zero
// baseline, no counts for an interval) are nullopt, with a note.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acocalc/model.h"

namespace acocalc {

// Options that change what is computed.
struct ReportOptions {
  double confidence = 0.95;  // level of every confidence interval
};

// The preset direction of a known utilization metric (lower is better unless
// the name is known otherwise), and of a known quality measure (higher is
// better except known inverse measures such as hba1c_poor_control).
Direction direction_of_metric(const Metric& metric);
Direction direction_of_measure(const Measure& measure);

// Whether a name is a known utilization metric / quality measure (whose
// direction is fixed).
bool is_known_metric(std::string_view name);
bool is_known_measure(std::string_view name);

// The display name of a known metric or measure ("Inpatient days"), or the
// name itself for custom ones (a view of `name`).
std::string_view display_name(std::string_view name);

// events x 12000 / member_months: events per 1,000 member-years.
double per_1000(double events, double member_months);

// A metric's rate per 1,000 member-years (from its count, or as given), and
// a measure's rate (numerator / denominator, or as given).
std::optional<double> rate_per_1000(const Metric& metric, double member_months);
std::optional<double> measure_rate(const Measure& measure);

// One utilization metric, baseline against performance. `name` views the
// program's metric name: a report lives no longer than its program.
struct MetricChange {
  std::string_view name;
  Direction direction = Direction::lower_is_better;
  std::optional<double> baseline_count;
  std::optional<double> performance_count;
  std::optional<double> baseline_per_1000;
  std::optional<double> performance_per_1000;
  std::optional<double> change_per_1000;  // performance - baseline
  std::optional<double> pct_change;       // change / baseline
  std::optional<double> rate_ratio;       // performance / baseline
  std::optional<double> ci_low;           // rate ratio interval
  std::optional<double> ci_high;
  std::optional<bool> significant;  // the interval excludes 1
  std::optional<bool> improved;     // moved the better way
};

// One quality measure, baseline against performance (`name` as above).
struct MeasureChange {
  std::string_view name;
  Direction direction = Direction::higher_is_better;
  std::optional<double> baseline_numerator;
  std::optional<double> baseline_denominator;
  std::optional<double> performance_numerator;
  std::optional<double> performance_denominator;
  std::optional<double> baseline_rate;
  std::optional<double> performance_rate;
  std::optional<double> change_points;  // performance - baseline, a fraction
  std::optional<double> pct_change;     // change / baseline rate
  std::optional<double> ci_low;         // Newcombe interval of change_points
  std::optional<double> ci_high;
  std::optional<bool> significant;  // the interval excludes 0
  std::optional<bool> improved;
};

// The gate's verdict on one metric.
enum class GateVerdict { improved, not_significant, below_minimum, unchanged, worsened, missing };

struct GateMetric {
  std::string name;
  std::optional<double> improvement;  // relative, positive = better (0.18 = 18% better)
  GateVerdict verdict = GateVerdict::missing;
  // For a metric that did not improve enough: the performance rate it needed
  // (baseline x (1 - min_improvement) for lower-is-better metrics) and the
  // change per 1,000 still needed to reach it (negative: must fall). A
  // metric with no minimum must move past this rate, not merely reach it.
  std::optional<double> required_per_1000;
  std::optional<double> required_change_per_1000;
};

struct EfficiencyGateResult {
  bool passed = false;
  int required = 0;
  int improved = 0;
  double min_improvement = 0;
  bool significant = false;
  std::vector<GateMetric> metrics;
};

// Why a program is, or is not, eligible to share savings (or owes losses).
enum class ReasonCode {
  no_benchmark,                    // no benchmark could be formed
  no_expenditure,                  // the performance period has no expenditure
  savings,                         // gross savings positive / not
  minimum_savings_rate,            // met / not met
  minimum_savings_rate_undefined,  // MSR outside the MSSP table
  quality_standard,                // met / not met
  efficiency_gate,                 // passed / failed (metric-level detail in the gate)
  reduced_sharing_below_msr,       // MSSP low-revenue BASIC rule applied
  minimum_loss_rate,               // two-sided: losses owed / within the corridor
  savings_withheld,                // MSSP ACPT guardrail: savings not paid
  acpt_guardrail,                  // MSSP: the benchmark without the ACPT decides
  losses_forgiven,                 // extreme and uncontrollable circumstances
  loss_limit_unknown,              // revenue-based loss limit without the revenue
  quality_unknown,                 // MSSP: the quality figure the rate needs is missing
};

struct Reason {
  ReasonCode code;
  bool passed = false;  // this condition holds in the program's favour
};

// How far a settlement is from its thresholds.
struct Headroom {
  std::optional<double> msr_expenditure;       // expenditure at which the savings rate = MSR
  std::optional<double> savings_needed;        // further saving to meet the MSR (0 when met)
  std::optional<double> savings_needed_share;  // that, as a share of expenditure
  std::optional<double> cap_expenditure;       // expenditure below which the cap binds
  std::optional<double> cap_headroom;          // further gross savings before the cap binds
  std::optional<double> loss_expenditure;      // two-sided: expenditure above which losses are owed
  std::optional<double> max_shared_losses;     // two-sided: the loss limit, when there is one
  // With a spending coefficient of variation (normal model, sigma = cv x
  // expected expenditure): the chance that the savings rate meets the MSR,
  // and the chance that spending exceeds the benchmark.
  std::optional<double> spending_cv;
  std::optional<double> probability_msr_met;
  std::optional<double> probability_loss;
};

// The settlement, every intermediate figure of it. Money in dollars, rates as
// fractions.
struct Settlement {
  Contract::Model model = Contract::Model::shared_savings;
  std::optional<MsspTerms> mssp;
  std::optional<double> benchmark;
  // The MSSP benchmark computed from its inputs, every step (null when the
  // benchmark was given as a figure).
  std::optional<MsspBenchmarkCalculation> benchmark_calculation;
  // 42 CFR 425.652(b)(5): spending exceeded the benchmark by the MLR, so the
  // benchmark without the ACPT decided the settlement (`benchmark` is it).
  bool acpt_guardrail = false;
  std::optional<double> expenditure;
  std::optional<double> gross_savings;  // benchmark - expenditure
  std::optional<double> savings_rate;   // gross_savings / benchmark
  std::optional<double> minimum_savings_rate;
  bool minimum_savings_rate_met = false;
  std::optional<double> minimum_loss_rate;    // two-sided only
  std::optional<bool> minimum_loss_rate_met;  // two-sided only
  bool quality_standard_met = true;
  std::optional<double> quality_score;
  std::optional<EfficiencyGateResult> efficiency_gate;
  bool eligible = false;
  std::vector<Reason> reasons;
  double sharing_rate = 0;
  double final_sharing_rate = 0;
  double shared_savings_before_sequestration = 0;
  double sequestration = 0;  // the rate
  double shared_savings_after_sequestration = 0;
  std::optional<double> savings_cap;  // dollars
  double shared_savings = 0;          // paid
  bool savings_capped = false;
  std::optional<double> loss_sharing_rate;
  double shared_losses_before_limit = 0;
  std::optional<double> loss_limit;  // dollars
  double shared_losses_after_limit = 0;
  double loss_adjustment = 0;
  double euc_share = 0;        // share of the losses forgiven
  double losses_forgiven = 0;  // dollars
  double shared_losses = 0;    // owed
  bool losses_limited = false;
  bool savings_withheld = false;  // MSSP ACPT guardrail
  // False when the amounts cannot be known from the inputs: a revenue-based
  // loss limit without the participants' revenue, an MSR outside the MSSP
  // table, or an MSSP quality figure the rates need that is missing. Then
  // shared savings and losses, earned and net payment are reported as
  // unknown and left out of roll-up totals.
  bool settled = true;
  double earned = 0;  // shared_savings - shared_losses
  double care_coordination_fees = 0;
  double net_payment = 0;  // earned + care_coordination_fees
  Headroom headroom;
};

// The program's effect against its comparison group (difference in
// differences). T0, T1: the program's baseline and performance figures; C0,
// C1: the comparison group's.
struct SpendingEffect {
  std::optional<double> baseline_pmpm;                // T0
  std::optional<double> performance_pmpm;             // T1
  std::optional<double> comparison_baseline_pmpm;     // C0
  std::optional<double> comparison_performance_pmpm;  // C1
  std::optional<double> did_pmpm;                     // (T1 - T0) - (C1 - C0)
  std::optional<double> did_per_member_year;          // 12 x did_pmpm
  std::optional<double> counterfactual_pmpm;          // T0 + (C1 - C0)
  std::optional<double> relative_effect;              // did_pmpm / counterfactual_pmpm
  std::optional<double> total_effect;                 // did_pmpm x T1 member months
  std::optional<double> ci_low;                       // of did_per_member_year
  std::optional<double> ci_high;
  std::optional<bool> significant;  // the interval excludes 0
};

struct MetricEffect {
  std::string_view name;  // views the program's metric name
  Direction direction = Direction::lower_is_better;
  std::optional<double> baseline_per_1000;
  std::optional<double> performance_per_1000;
  std::optional<double> comparison_baseline_per_1000;
  std::optional<double> comparison_performance_per_1000;
  std::optional<double> did_per_1000;          // (t1 - t0) - (c1 - c0)
  std::optional<double> ratio_of_rate_ratios;  // (t1 / t0) / (c1 / c0)
  std::optional<double> ci_low;                // of the ratio of rate ratios
  std::optional<double> ci_high;
  std::optional<bool> significant;  // the interval excludes 1
  std::optional<bool> improved;     // the ratio moved the better way
};

struct MeasureEffect {
  std::string_view name;
  Direction direction = Direction::higher_is_better;
  std::optional<double> baseline_rate;
  std::optional<double> performance_rate;
  std::optional<double> comparison_baseline_rate;
  std::optional<double> comparison_performance_rate;
  std::optional<double> did_points;  // (p1 - p0) - (q1 - q0), a fraction
  std::optional<double> ci_low;      // Wald
  std::optional<double> ci_high;
  std::optional<bool> significant;  // the interval excludes 0
  std::optional<bool> improved;
};

struct ComparisonEffect {
  std::string_view label;  // views the program's comparison label
  SpendingEffect spending;
  std::vector<MetricEffect> utilization;  // the program's metrics, in its order
  std::vector<MeasureEffect> quality;
};

// Everything computed for one program.
struct ProgramReport {
  const Program* program = nullptr;  // the input, for names and periods
  std::vector<MetricChange> utilization;
  std::vector<MeasureChange> quality;
  std::optional<ComparisonEffect> comparison;  // with a comparison group
  std::optional<Settlement> settlement;
  std::vector<std::string> notes;  // why a figure is undefined, and similar
};

// Computes utilization and quality changes and, with a contract, the
// settlement. The second form writes into `report`, reusing its memory (a
// report refilled program after program allocates nothing).
ProgramReport compute_report(const Program& program, const ReportOptions& options);
void compute_report(const Program& program, const ReportOptions& options, ProgramReport& report);

// The utilization changes of a program (document order of the performance
// period; metrics must appear in both periods when there is a baseline).
std::vector<MetricChange> utilization_changes(const Program& program, const ReportOptions& options,
                                              std::vector<std::string>& notes);

std::vector<MeasureChange> quality_changes(const Program& program, const ReportOptions& options,
                                           std::vector<std::string>& notes);

// The program's effect against its comparison group into `effect` (the
// program must have a baseline and a comparison group), with a note for each
// figure that is undefined.
void compute_comparison(const Program& program, const ReportOptions& options,
                        ComparisonEffect& effect, std::vector<std::string>& notes);

}  // namespace acocalc
