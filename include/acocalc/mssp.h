// The Medicare Shared Savings Program's rules as data: the minimum savings
// rate table, the track table and the performance-year table
// (docs/mssp-methodology.md, sections 2, 3 and 6a; 42 CFR 425.512, 425.604,
// 425.605, 425.606, 425.610).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "acocalc/model.h"

namespace acocalc {

// The MSR for `assigned_beneficiaries` (PUF N_AB), linear within a band of the
// table with the band width hi - lo as denominator. nullopt below 500, where
// the table gives no value.
std::optional<double> mssp_minimum_savings_rate(double assigned_beneficiaries);

// The track's name as in input format v1 ("TRACK_1", "BASIC_C", "ENHANCED").
std::string_view mssp_track_name(MsspTrack track);
std::optional<MsspTrack> mssp_track_from_name(std::string_view name);
// Every track, in the order of the track table.
std::span<const MsspTrack> mssp_tracks();

// How a two-sided track shares losses.
enum class MsspLossRule {
  none,        // one-sided
  fixed,       // `loss_rate`
  complement,  // 1 - final sharing rate (from PY2021: 1 - max rate x quality
               // score), clamped to [loss_min, loss_max]
};

// One row of the track table of docs/mssp-methodology.md section 3.
struct MsspTrackRules {
  MsspTrack track;
  std::string_view name;
  double max_sharing_rate;
  double savings_cap;  // share of the benchmark
  MsspLossRule loss_rule;
  double loss_rate;  // MsspLossRule::fixed
  double loss_min;   // MsspLossRule::complement
  double loss_max;   // MsspLossRule::complement; also the rate when quality is missed
  // Loss limit as a share of the benchmark in agreement years 1, 2, 3 and
  // later; 0 = no limit (one-sided).
  std::array<double, 3> loss_limit;
  double loss_limit_revenue;  // share of participant revenue; 0 = none
};
const MsspTrackRules& mssp_track_rules(MsspTrack track);

// Whether the track shares losses (two-sided risk).
bool mssp_track_two_sided(MsspTrack track);

// How quality sets the final sharing rate in a performance year.
enum class MsspQualityRule {
  // PY2012-PY2020: max rate x quality score once the standard is met; a
  // first-year ACO paid for reporting gets the max rate (42 CFR 425.604(d)).
  score_scales_rate,
  // PY2021-PY2023: the full max rate once the standard is met (425.512(a)).
  standard_full_rate,
  // PY2024 on: the full rate at the standard (40th percentile); max rate x
  // quality score under the alternative standard (425.512(a)(5)(ii)).
  standard_or_alternative,
};

// One performance year's rules: one row to read.
struct MsspYearRules {
  int year = 0;
  // Tracks valid that year: offered, or still running in an agreement that
  // began while they were offered (Track 1+ to PY2021).
  unsigned tracks = 0;  // bit 1 << MsspTrack
  MsspQualityRule quality = MsspQualityRule::score_scales_rate;
  // Low-revenue BASIC ACOs share savings below the MSR at half the rate
  // (425.605(h): agreements that began on or after 2024-01-01).
  bool reduced_sharing_below_msr = false;
  // The share of shared losses forgiven for extreme and uncontrollable
  // circumstances when the contract does not say (1 in PY2020-PY2022: the
  // COVID-19 emergency covered every county in every month).
  double euc_share = 0;
  // Cut on savings payments; follows the payment date (suspended from May
  // 2020 to March 2022: PY2019 and PY2020 savings carry none).
  double sequestration = 0.02;
};

// The year table, PY2012 through the last year acocalc knows, in order.
std::span<const MsspYearRules> mssp_years();
// The row of `year`, or nullptr outside the table.
const MsspYearRules* mssp_year_rules(int year);
// Whether `track` is valid in performance year `year` (false outside the table).
bool mssp_track_valid_in(MsspTrack track, int year);
std::string_view mssp_quality_rule_name(MsspQualityRule rule);

// Fills the generic parameters of an MSSP contract (sharing rate, quality
// rule, cap, sequestration, loss sharing, loss limit, MSR/MLR default,
// forgiveness) from the track table and the year table. Fields the input
// sets explicitly (benchmark, minimum_savings_rate, quality, loss_adjustment,
// revenue, euc_share) are kept. Requires contract.mssp and a performance
// year in the table (the loader guarantees both).
Contract resolve_mssp(const Contract& contract);

}  // namespace acocalc
