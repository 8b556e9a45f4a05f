// The input model: programs, periods, metrics, measures and contracts, as
// plain data. The loader (src/input/loader.cc) fills these from input format v1
// and guarantees the invariants stated here; the core assumes them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "acocalc/mssp_benchmark.h"

namespace acocalc {

// 2^53: the largest whole number below which a double holds every whole
// number exactly. Counts and dollar totals beyond it are refused.
inline constexpr double kMaxExactWhole = 9007199254740992.0;

// An optional value kept on the heap, for a large part that few programs
// have: a program's own size stays small (programs are loaded, held in
// batches and copied by the thousand). Copies copy the value, as
// std::optional's do.
template <class T>
class HeapOptional {
 public:
  HeapOptional() = default;
  HeapOptional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): as std::optional
  HeapOptional(T value)            // NOLINT(google-explicit-constructor)
      : value_(std::make_unique<T>(std::move(value))) {}
  HeapOptional(const std::optional<T>& value)  // NOLINT(google-explicit-constructor)
      : value_(value ? std::make_unique<T>(*value) : nullptr) {}
  HeapOptional(const HeapOptional& other)
      : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  HeapOptional(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(const HeapOptional& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  HeapOptional& operator=(HeapOptional&&) noexcept = default;
  ~HeapOptional() = default;

  bool has_value() const { return value_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }
  T& emplace() {
    value_ = std::make_unique<T>();
    return *value_;
  }
  void reset() { value_.reset(); }

  bool operator==(const HeapOptional& other) const {
    return has_value() == other.has_value() && (!has_value() || *value_ == *other.value_);
  }

 private:
  std::unique_ptr<T> value_;
};

// Which way is better for a utilization metric or a quality measure.
// `neutral`: no agreed direction (primary-care visits an ACO may aim to
// raise or hold); such a metric gets no improved/worsened verdict.
enum class Direction { lower_is_better, higher_is_better, neutral };

// One utilization metric in one period: an event count or a given rate.
// Invariant: exactly one of `count` (>= 0) and `per_1000` (>= 0) is set.
struct Metric {
  std::string name;
  std::optional<double> count;
  std::optional<double> per_1000;
  std::optional<Direction> direction;  // explicit; else direction_of_metric()

  bool operator==(const Metric&) const = default;
};

// One quality measure in one period: numerator/denominator or a rate.
// Invariant: either numerator and denominator (0 <= numerator <= denominator,
// denominator > 0) or rate in [0, 1].
struct Measure {
  std::string name;
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<double> rate;
  std::optional<Direction> direction;  // explicit; else direction_of_measure()

  bool operator==(const Measure&) const = default;
};

// A baseline or performance period.
// Invariant: member_months > 0; expenditure >= 0 when set (total dollars;
// the loader turns "pmpm" into a total).
struct Period {
  std::string label;
  std::string start;
  std::string end;
  double member_months = 0;
  std::optional<double> assigned_beneficiaries;
  std::optional<double> expenditure;
  std::optional<double> risk_score;
  // Standard deviation of annual spending per member, dollars (> 0): the
  // spending effect's interval against a comparison group needs it in all
  // four periods.
  std::optional<double> spending_sd;
  std::vector<Metric> utilization;  // in document order
  std::vector<Measure> quality;     // in document order

  bool operator==(const Period&) const = default;
};

// How the benchmark (expected spending for the performance period) is given.
struct Benchmark {
  // comparison_trend: the baseline PMPM trended by the comparison group's
  // PMPM growth (performance over baseline), times performance member months.
  // mssp_inputs: computed from the MSSP benchmark's inputs (mssp_benchmark.h).
  enum class Kind { total, pmpm, per_capita, baseline_trend, comparison_trend, mssp_inputs };
  Kind kind = Kind::total;
  double value = 0;  // dollars, dollars per member month, dollars per
                     // member-year, or the trend fraction
  HeapOptional<MsspBenchmarkInputs> mssp_inputs = std::nullopt;  // Kind::mssp_inputs only

  bool operator==(const Benchmark&) const = default;
};

// The minimum savings (or loss) rate: a fixed fraction, or the MSSP table
// keyed on the performance period's assigned beneficiaries.
struct MinimumRate {
  bool mssp_table = false;
  double value = 0;  // the fixed rate when !mssp_table

  bool operator==(const MinimumRate&) const = default;
};

// The efficiency gate: the listed metrics must improve (Anthem's rule:
// "improve ... on the individual efficiency metrics, not merely attain
// previous levels of total cost performance").
struct EfficiencyGate {
  std::vector<std::string> metrics;
  std::optional<int> require;  // how many must improve; nullopt = all
  double min_improvement = 0;  // relative improvement a metric needs (0.02 = 2%)
  bool significant = false;    // count only statistically significant improvement

  bool operator==(const EfficiencyGate&) const = default;
};

// The share of losses a two-sided program owes.
struct LossSharing {
  enum class Kind {
    fixed,                       // `rate`
    complement_of_sharing_rate,  // 1 - final sharing rate, clamped to [min, max]
    complement_of_quality_rate,  // 1 - sharing rate x quality score, clamped
                                 // (MSSP from PY2021, 42 CFR 425.605(d))
  };
  Kind kind = Kind::fixed;
  double rate = 0;
  double min = 0;
  double max = 1;

  bool operator==(const LossSharing&) const = default;
};

enum class QualityAdjustment { none, multiply };

// The MSSP tracks of docs/mssp-methodology.md section 3.
enum class MsspTrack {
  track_1,
  track_1_plus,
  track_2,
  track_3,
  basic_a,
  basic_b,
  basic_c,
  basic_d,
  basic_e,
  enhanced
};

// The Medicare Shared Savings Program's own inputs; resolve_mssp() turns
// them into the generic parameters of Contract.
struct MsspTerms {
  MsspTrack track = MsspTrack::track_1;
  int performance_year = 0;
  int agreement_year = 1;
  bool pay_for_reporting = false;  // first-year ACO paid for reporting (P4R)
  bool low_revenue = false;        // PUF Rev_Exp_Cat = Low Revenue
  // PY2024+: the quality standard was met only under the alternative standard
  // (PUF Met_AltQPS = 1, Met_40pctl = 0), so the sharing rate slides with the
  // quality score instead of being the full rate.
  bool alternative_quality_standard = false;
  // The current agreement period's start as yyyymmdd (PUF
  // Current_Start_Date); 0 when not given. Decides reduced sharing below the
  // MSR (agreements from 2024-01-01, 42 CFR 425.605(h)).
  int agreement_start = 0;
  // The share of shared losses forgiven for extreme and uncontrollable
  // circumstances, 0..1; nullopt: the year table's value.
  std::optional<double> euc_share = std::nullopt;
  // PY2024+ ACPT guardrail (PUF Guardrail = 1): no savings paid; losses as
  // computed (42 CFR 425.652(b)(5)).
  bool guardrail = false;
  // Which loss limit applied (PUF RevLossLimit): true = the participant
  // revenue-based one, false = the benchmark-based one; nullopt = unknown.
  std::optional<bool> revenue_loss_limit = std::nullopt;

  bool operator==(const MsspTerms&) const = default;
};

// A settlement contract. For "model": "mssp" the loader fills `mssp`, and
// resolve_mssp() fills the generic fields from the track table.
struct Contract {
  enum class Model { shared_savings, mssp };
  Model model = Model::shared_savings;
  std::optional<MsspTerms> mssp;

  std::optional<Benchmark> benchmark;
  bool risk_adjust = false;
  bool two_sided = false;
  MinimumRate minimum_savings_rate;
  std::optional<MinimumRate> minimum_loss_rate;  // two-sided; default = MSR
  double sharing_rate = 0;
  std::optional<double> quality_score;       // 0..1
  std::optional<bool> quality_standard_met;  // absent: no quality gate
  QualityAdjustment quality_adjustment = QualityAdjustment::none;
  std::optional<EfficiencyGate> efficiency_gate;
  std::optional<double> savings_cap;  // share of the benchmark
  double sequestration = 0;           // cut on savings payments
  std::optional<LossSharing> loss_sharing_rate;
  std::optional<double> loss_limit;           // share of the benchmark
  std::optional<double> loss_limit_revenue;   // share of participant revenue
  std::optional<double> participant_revenue;  // dollars
  double loss_adjustment = 0;                 // <= 0, as the PUF's DisAdj
  double euc_share = 0;                       // share of shared losses forgiven, 0..1
  bool withhold_savings = false;              // MSSP ACPT guardrail: no savings paid
  double care_coordination_fee_pmpm = 0;
  bool reduced_sharing_below_msr = false;  // MSSP PY2024+ low-revenue BASIC rule
  std::optional<double> spending_cv;       // spending's coefficient of variation (what-if)

  bool operator==(const Contract&) const = default;
};

// A comparison group: the same market without the program, over the same
// two periods. Invariant: both periods valid as a program's are.
struct ComparisonGroup {
  std::string label;
  std::string description;
  std::vector<std::string> sources;
  Period baseline;
  Period performance;

  bool operator==(const ComparisonGroup&) const = default;
};

// One program: who, which periods, which contract, and the expectations
// `acocalc check` evaluates (kept as JSON text: the core never reads them).
struct Program {
  std::string id;
  std::string name;
  std::string description;
  std::string location;
  std::string payer_type;
  std::string population;
  std::vector<std::string> payers;
  std::vector<std::string> partners;
  std::vector<std::string> sources;
  std::optional<Period> baseline;  // absent for settlement-only programs
  Period performance;
  std::optional<ComparisonGroup> comparison;  // requires a baseline
  std::optional<Contract> contract;

  bool operator==(const Program&) const = default;
};

}  // namespace acocalc
