// The MSSP historical benchmark computed from its inputs: three benchmark
// years by enrollment type, trended, restated, weighted, adjusted for
// regional spending or prior savings, risk adjusted and updated to the
// performance year (42 CFR 425.602, 425.603, 425.601, 425.652-425.662;
// docs/mssp-benchmark.md section 2 restates each rule with its paragraph).
// Every intermediate figure is returned so that a report can show each step.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace acocalc {

// The four populations CMS computes separately (42 CFR 425.601(a)(2)):
// ESRD, disabled, aged/dual eligible, aged/non-dual eligible, in this order.
inline constexpr std::size_t kEnrollmentTypes = 4;
using ByType = std::array<double, kEnrollmentTypes>;
// The types' keys in input and JSON report, in ByType's order.
inline constexpr std::array<std::string_view, kEnrollmentTypes> kEnrollmentTypeKeys{
    "esrd", "disabled", "aged_dual", "aged_non_dual"};

enum class AgreementType { initial, renewal, re_entering };

// The benchmark rules in force for an agreement period, by its start.
enum class BenchmarkEra {
  first_agreement_2012,   // first agreements starting 2012 to 2019-01-01 (425.602)
  second_agreement_2016,  // second agreements starting in 2016 (425.603(b))
  reset_2017,             // resets starting 2017 to 2019-01-01 (425.603(c)-(f))
  blend_2019,             // starting 2019-07-01 to 2023 (425.601)
  acpt_2024,              // starting 2024-01-01 or later (425.652-425.662)
};

// One year's figures by enrollment type, as CMS's benchmark reports give
// them. Which ones an era needs is checked by the loader.
struct BenchmarkYearFigures {
  std::optional<ByType> person_years;
  std::optional<ByType> per_capita_expenditure;  // the ACO's, truncated, completed
  std::optional<ByType> risk_score;              // prospective CMS-HCC, renormalized
  std::optional<ByType> demographic_risk_score;
  std::optional<ByType> national_per_capita;  // national assignable FFS (OACT)
  std::optional<ByType> regional_per_capita;  // risk-standardized, ACO's counties
  std::optional<double> market_share;         // ACO's share of assignable beneficiaries

  bool operator==(const BenchmarkYearFigures&) const = default;
};

// The inputs of the benchmark (docs/mssp-benchmark.md section 5).
struct MsspBenchmarkInputs {
  int agreement_start = 0;  // yyyymmdd
  AgreementType agreement_type = AgreementType::initial;
  int performance_year = 0;
  std::array<BenchmarkYearFigures, 3> benchmark_years;  // BY1, BY2, BY3
  BenchmarkYearFigures performance;                     // the performance year
  // Performance year only.
  std::optional<ByType> acpt;  // BY3-to-PY accountable care prospective trend factor
  std::optional<ByType> regional_risk_growth_cap;   // 425.655 factor; absent: 1
  std::optional<ByType> projected_national_growth;  // 425.602(b): OACT dollars BY3 to PY
  // 425.602(a)(9): the newly assigned beneficiaries of the performance year
  // (the rest are continuously assigned), for agreements before July 2019.
  std::optional<ByType> newly_assigned_person_years;
  std::optional<ByType> newly_assigned_risk_score;
  std::optional<double> lis_dual_share;  // 425.662(b)(3): PY share in Part D LIS or dual
  std::optional<double> dual_share;      // 425.656(c)(4): BY3 share dually eligible
  // Which time the benchmark is adjusted for regional spending (1 = first).
  int regional_adjustment_number = 1;
  std::optional<double> regional_adjustment_weight;  // replaces the table's percentage
  double acpt_weight = 1.0 / 3.0;                    // 425.652(b)(4)(ii)
  // 425.658: per-capita savings (+) or losses (-) of the three PYs before
  // the agreement (0: not reconciled), and the proration factor.
  std::optional<std::array<double, 3>> prior_savings_per_capita;
  std::optional<double> prior_savings_proration;
  // 425.603(b)(2): first agreement's average per-capita savings and
  // average assigned person-years.
  std::optional<double> first_agreement_savings_per_capita;
  std::optional<double> first_agreement_person_years;

  bool operator==(const MsspBenchmarkInputs&) const = default;
};

// The era of an agreement start and type, or nullopt when no agreement of
// that kind started then (a renewal before 2016).
std::optional<BenchmarkEra> benchmark_era(int agreement_start, AgreementType type);

// Which adjustment was added to the historical benchmark.
enum class BenchmarkAdjustment { none, regional, prior_savings, health_equity, savings_2016 };

// The regional adjustment's steps (425.603(c)(9), 425.601(a)(8), 425.656).
struct RegionalAdjustment {
  ByType regional_risk_adjusted{};  // REG3 x RS3
  ByType difference{};              // regional - historical benchmark
  double average_difference = 0;    // BY3 person-year weighted
  bool lower_spending = false;      // the ACO spends less than its region
  int number = 1;                   // which time the benchmark is so adjusted
  bool weight_given = false;        // the input replaced the table's weight
  double weight = 0;                // 35%, 50%, ...
  ByType before_cap{};
  std::optional<ByType> cap_upper;  // dollars (from July 2019)
  std::optional<ByType> cap_lower;
  ByType after_cap{};
  std::optional<double> average_risk_score;  // 2024+: offset inputs
  std::optional<double> offset_factor;
  ByType value{};           // after the offset
  double single_value = 0;  // BY3 person-year weighted (425.656(d))
};

// The prior savings adjustment (425.658) or the 2016 savings adjustment.
struct PriorSavingsAdjustment {
  double mean = 0;  // of the three PYs, zeros included
  bool eligible = false;
  std::optional<double> prorated;
  std::optional<double> half;
  std::optional<double> cap;  // 5% of the national per capita
  double value = 0;
};

// The health equity benchmark adjustment (425.662), agreements from 2025.
struct HealthEquityAdjustment {
  double national_per_capita = 0;  // BY3 person-year weighted
  double larger_adjustment = 0;    // max(RA, PSA or 0)
  double scaler = 0;
  double lis_dual_share = 0;
  bool eligible = false;
  double value = 0;
};

// Every figure of the benchmark calculation. Per-type figures are in the
// order of ByType; money in dollars per person-year unless said otherwise.
struct MsspBenchmarkCalculation {
  BenchmarkEra era = BenchmarkEra::acpt_2024;
  int agreement_start = 0;  // yyyymmdd
  AgreementType agreement_type = AgreementType::initial;
  int performance_year = 0;
  std::array<int, 3> benchmark_years{};  // calendar years
  std::array<ByType, 3> trend_factor{};  // to BY3 (BY3: 1)
  std::array<ByType, 3> risk_ratio{};    // RS3 / RSk (BY3: 1)
  std::array<ByType, 3> restated{};      // trended, risk adjusted (BY3: as given)
  std::array<double, 3> restated_total{};
  ByType by3_share{};  // BY3 person-year mix
  std::array<double, 3> weights{};
  ByType historical_benchmark{};
  double historical_benchmark_per_capita = 0;
  std::optional<RegionalAdjustment> regional;
  std::optional<PriorSavingsAdjustment> prior_savings;
  std::optional<HealthEquityAdjustment> health_equity;
  BenchmarkAdjustment applied = BenchmarkAdjustment::none;
  ByType adjustment{};
  ByType adjusted_benchmark{};
  // Performance-year risk adjustment.
  ByType hcc_ratio{};
  std::optional<ByType> demographic_ratio;
  std::optional<ByType> continuously_assigned_ratio;  // before July 2019
  std::optional<double> aggregate_hcc_ratio;          // 2024+
  std::optional<double> aggregate_demographic_ratio;
  std::optional<double> risk_cap;
  bool risk_capped = false;
  ByType risk_ratio_used{};
  // Update.
  std::optional<ByType> national_growth;
  std::optional<ByType> regional_growth;
  std::optional<ByType> two_way_growth;
  std::optional<ByType> flat_dollar_update;
  ByType update_factor{};  // 1 with a flat dollar update
  ByType updated_benchmark{};
  double per_capita = 0;
  double total = 0;  // sum of PY person-years x updated benchmark
  // 2024+: the benchmark without the ACPT (two-way blend only), which the
  // loss guardrail of 425.652(b)(5) needs.
  std::optional<ByType> updated_benchmark_without_acpt;
  std::optional<double> per_capita_without_acpt;
  std::optional<double> total_without_acpt;
  bool regional_risk_growth_cap_given = true;
};

// Names for reports: "acpt_2024", its CFR section ("42 CFR 425.652"),
// "prior_savings", "renewal".
std::string_view benchmark_era_name(BenchmarkEra era);
std::string_view benchmark_era_rule(BenchmarkEra era);
std::string_view benchmark_adjustment_name(BenchmarkAdjustment adjustment);
std::string_view agreement_type_name(AgreementType type);

// The readings the calculation took where docs/mssp-benchmark.md is UNSURE
// or leaves the mechanics to CMS's specifications (SPEC), as report notes.
// `guardrail`: the benchmark without the ACPT decided the settlement.
void append_benchmark_notes(const MsspBenchmarkCalculation& c, bool guardrail,
                            std::vector<std::string>& notes);

// The benchmark from its inputs. Requires the figures its era needs, all
// finite, with positive person-years in BY3 and the PY, positive risk
// scores and per-capita figures where divided by (the loader checks).
MsspBenchmarkCalculation mssp_benchmark(const MsspBenchmarkInputs& inputs);

}  // namespace acocalc
