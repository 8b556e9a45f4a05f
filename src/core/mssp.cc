// The Medicare Shared Savings Program's rules as data: the MSR table, the
// track table and the performance-year rules (docs/mssp-methodology.md
// sections 2 and 3).
#include "acocalc/mssp.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace acocalc {
namespace {

// One band of the MSR table: the MSR falls linearly from `rate_at_low` at
// `low` to `rate_at_high` at `high`, the band's upper bound as printed
// (42 CFR 425.604(b), 425.605(b), 425.606(b), 425.610(b)).
struct MsrBand {
  double low;
  double high;
  double rate_at_low;
  double rate_at_high;
};

constexpr std::array<MsrBand, 12> kMsrBands = {{
    {500, 999, 0.122, 0.087},
    {1'000, 2'999, 0.087, 0.050},
    {3'000, 4'999, 0.050, 0.039},
    {5'000, 5'999, 0.039, 0.036},
    {6'000, 6'999, 0.036, 0.034},
    {7'000, 7'999, 0.034, 0.032},
    {8'000, 8'999, 0.032, 0.031},
    {9'000, 9'999, 0.031, 0.030},
    {10'000, 14'999, 0.030, 0.027},
    {15'000, 19'999, 0.027, 0.025},
    {20'000, 49'999, 0.025, 0.022},
    {50'000, 59'999, 0.022, 0.020},
}};
constexpr double kMsrFloor = 0.020;  // 60,000 and more

using LossRule = MsspLossRule;
using TrackRules = MsspTrackRules;

// Track 2 (42 CFR 425.606(f)): loss rate 1 - final sharing rate, at most 60%
// (at least 40% follows from the 60% maximum sharing rate); loss limit 5%,
// 7.5%, 10% of the benchmark in agreement years 1, 2, 3.
// Track 3 / ENHANCED (425.610(f)): [40%, 75%], 15% of the benchmark.
// Track 1+ (CMMI Track 1+ Model): 30%; limit 8% of participant revenue, at
// most 4% of the benchmark (4% of the benchmark for ACOs under the
// benchmark-based limit, where no revenue figure applies).
// BASIC C/D/E (425.605(d)): 30%; 2/4/8% of revenue, at most 1/2/4% of B.
// Which years each track is valid in is the year table's business.
constexpr std::array<TrackRules, 10> kTracks = {{
    {MsspTrack::track_1, "TRACK_1", 0.50, 0.10, LossRule::none, 0, 0, 0, {0, 0, 0}, 0},
    {MsspTrack::track_1_plus,
     "TRACK_1_PLUS",
     0.50,
     0.10,
     LossRule::fixed,
     0.30,
     0,
     0,
     {0.04, 0.04, 0.04},
     0.08},
    {MsspTrack::track_2,
     "TRACK_2",
     0.60,
     0.15,
     LossRule::complement,
     0,
     0.40,
     0.60,
     {0.05, 0.075, 0.10},
     0},
    {MsspTrack::track_3,
     "TRACK_3",
     0.75,
     0.20,
     LossRule::complement,
     0,
     0.40,
     0.75,
     {0.15, 0.15, 0.15},
     0},
    {MsspTrack::basic_a, "BASIC_A", 0.40, 0.10, LossRule::none, 0, 0, 0, {0, 0, 0}, 0},
    {MsspTrack::basic_b, "BASIC_B", 0.40, 0.10, LossRule::none, 0, 0, 0, {0, 0, 0}, 0},
    {MsspTrack::basic_c,
     "BASIC_C",
     0.50,
     0.10,
     LossRule::fixed,
     0.30,
     0,
     0,
     {0.01, 0.01, 0.01},
     0.02},
    {MsspTrack::basic_d,
     "BASIC_D",
     0.50,
     0.10,
     LossRule::fixed,
     0.30,
     0,
     0,
     {0.02, 0.02, 0.02},
     0.04},
    {MsspTrack::basic_e,
     "BASIC_E",
     0.50,
     0.10,
     LossRule::fixed,
     0.30,
     0,
     0,
     {0.04, 0.04, 0.04},
     0.08},
    {MsspTrack::enhanced,
     "ENHANCED",
     0.75,
     0.20,
     LossRule::complement,
     0,
     0.40,
     0.75,
     {0.15, 0.15, 0.15},
     0},
}};

constexpr std::array<MsspTrack, 10> kTrackOrder = {
    MsspTrack::track_1, MsspTrack::track_1_plus, MsspTrack::track_2, MsspTrack::track_3,
    MsspTrack::basic_a, MsspTrack::basic_b,      MsspTrack::basic_c, MsspTrack::basic_d,
    MsspTrack::basic_e, MsspTrack::enhanced};

constexpr unsigned bit(MsspTrack track) { return 1u << static_cast<unsigned>(track); }

// Tracks by the years they are valid in (docs/mssp-methodology.md sections 3
// and 6a). Track 1 and Track 2 from 2012; Track 3 agreements from 2016 and
// Track 1+ from 2018, both offered to 2019; BASIC and ENHANCED from July
// 2019. Agreements that began while a track was offered finished on it:
// Track 1, 2, 3 and 1+ ACOs were reconciled through PY2021.
constexpr unsigned kEarly = bit(MsspTrack::track_1) | bit(MsspTrack::track_2);
constexpr unsigned kWithTrack3 = kEarly | bit(MsspTrack::track_3);
constexpr unsigned kWithTrack1Plus = kWithTrack3 | bit(MsspTrack::track_1_plus);
constexpr unsigned kRedesign = bit(MsspTrack::basic_a) | bit(MsspTrack::basic_b) |
                               bit(MsspTrack::basic_c) | bit(MsspTrack::basic_d) |
                               bit(MsspTrack::basic_e) | bit(MsspTrack::enhanced);
constexpr unsigned kBoth = kWithTrack1Plus | kRedesign;

using Q = MsspQualityRule;
// One row a performance year. Sequestration follows the payment date: PY2019
// and PY2020 savings were paid while it was suspended (2020-05 to 2022-03).
// EUC: the COVID-19 emergency forgave every shared loss of PY2020-PY2022.
constexpr std::array<MsspYearRules, 15> kYears = {{
    // year, tracks, quality rule, reduced sharing below MSR, EUC share, sequestration
    {2012, kEarly, Q::score_scales_rate, false, 0, 0.02},
    {2013, kEarly, Q::score_scales_rate, false, 0, 0.02},
    {2014, kEarly, Q::score_scales_rate, false, 0, 0.02},
    {2015, kEarly, Q::score_scales_rate, false, 0, 0.02},
    {2016, kWithTrack3, Q::score_scales_rate, false, 0, 0.02},
    {2017, kWithTrack3, Q::score_scales_rate, false, 0, 0.02},
    {2018, kWithTrack1Plus, Q::score_scales_rate, false, 0, 0.02},
    {2019, kBoth, Q::score_scales_rate, false, 0, 0},
    {2020, kBoth, Q::score_scales_rate, false, 1, 0},
    {2021, kBoth, Q::standard_full_rate, false, 1, 0.02},
    {2022, kRedesign, Q::standard_full_rate, false, 1, 0.02},
    {2023, kRedesign, Q::standard_full_rate, false, 0, 0.02},
    {2024, kRedesign, Q::standard_or_alternative, true, 0, 0.02},
    {2025, kRedesign, Q::standard_or_alternative, true, 0, 0.02},
    {2026, kRedesign, Q::standard_or_alternative, true, 0, 0.02},
}};

constexpr bool years_in_order() {
  for (std::size_t i = 0; i < kYears.size(); ++i) {
    if (kYears[i].year != kYears[0].year + static_cast<int>(i)) return false;
  }
  return true;
}
static_assert(years_in_order(), "one row a year, with no gap");

const TrackRules& rules_of(MsspTrack track) {
  for (const TrackRules& rules : kTracks) {
    if (rules.track == track) return rules;
  }
  assert(false && "every MsspTrack has a row in kTracks");
  return kTracks[0];
}

bool is_basic(MsspTrack track) {
  return track == MsspTrack::basic_a || track == MsspTrack::basic_b ||
         track == MsspTrack::basic_c || track == MsspTrack::basic_d || track == MsspTrack::basic_e;
}

}  // namespace

std::optional<double> mssp_minimum_savings_rate(double assigned_beneficiaries) {
  const double n = assigned_beneficiaries;
  if (n < kMsrBands.front().low) return std::nullopt;
  for (const MsrBand& band : kMsrBands) {
    // Headcounts are whole numbers; a fractional one between two bands
    // (999.5) belongs to the lower band's line.
    if (n < band.high + 1) {
      return band.rate_at_low +
             (band.rate_at_high - band.rate_at_low) * (n - band.low) / (band.high - band.low);
    }
  }
  return kMsrFloor;
}

std::string_view mssp_track_name(MsspTrack track) { return rules_of(track).name; }

std::optional<MsspTrack> mssp_track_from_name(std::string_view name) {
  for (const TrackRules& rules : kTracks) {
    if (rules.name == name) return rules.track;
  }
  return std::nullopt;
}

std::span<const MsspTrack> mssp_tracks() { return kTrackOrder; }

const MsspTrackRules& mssp_track_rules(MsspTrack track) { return rules_of(track); }

std::span<const MsspYearRules> mssp_years() { return kYears; }

const MsspYearRules* mssp_year_rules(int year) {
  if (year < kYears.front().year || year > kYears.back().year) return nullptr;
  return &kYears[static_cast<std::size_t>(year - kYears.front().year)];
}

bool mssp_track_valid_in(MsspTrack track, int year) {
  const MsspYearRules* rules = mssp_year_rules(year);
  return rules && (rules->tracks & bit(track)) != 0;
}

std::string_view mssp_quality_rule_name(MsspQualityRule rule) {
  switch (rule) {
    case MsspQualityRule::score_scales_rate:
      return "score_scales_rate";
    case MsspQualityRule::standard_full_rate:
      return "standard_full_rate";
    case MsspQualityRule::standard_or_alternative:
      return "standard_or_alternative";
  }
  return "";
}

bool mssp_track_two_sided(MsspTrack track) { return rules_of(track).loss_rule != LossRule::none; }

Contract resolve_mssp(const Contract& contract) {
  assert(contract.mssp.has_value());
  const MsspTerms& terms = *contract.mssp;
  const TrackRules& track = rules_of(terms.track);
  const MsspYearRules* found = mssp_year_rules(terms.performance_year);
  assert(found && "the loader refuses years outside the table");
  const MsspYearRules& year = found ? *found : kYears.back();

  Contract resolved = contract;
  resolved.sharing_rate = track.max_sharing_rate;
  resolved.savings_cap = track.savings_cap;
  resolved.sequestration = year.sequestration;
  resolved.euc_share = terms.euc_share.value_or(year.euc_share);
  resolved.withhold_savings = terms.guardrail;

  // Quality: the score scales the rate to PY2020 (a first-year ACO paid for
  // reporting gets the full rate); PY2024+ ACOs that met only the alternative
  // standard slide with the score.
  switch (year.quality) {
    case MsspQualityRule::score_scales_rate:
      resolved.quality_adjustment =
          terms.pay_for_reporting ? QualityAdjustment::none : QualityAdjustment::multiply;
      break;
    case MsspQualityRule::standard_full_rate:
      resolved.quality_adjustment = QualityAdjustment::none;
      break;
    case MsspQualityRule::standard_or_alternative:
      resolved.quality_adjustment = terms.alternative_quality_standard ? QualityAdjustment::multiply
                                                                       : QualityAdjustment::none;
      break;
  }
  // From PY2021 the complement is 1 - max rate x quality score, not 1 - the
  // final sharing rate (42 CFR 425.606(f), 425.610(f)).
  const LossSharing::Kind complement = year.quality == MsspQualityRule::score_scales_rate
                                           ? LossSharing::Kind::complement_of_sharing_rate
                                           : LossSharing::Kind::complement_of_quality_rate;

  resolved.two_sided = track.loss_rule != LossRule::none;
  resolved.loss_sharing_rate.reset();
  resolved.loss_limit.reset();
  resolved.loss_limit_revenue.reset();
  if (!resolved.two_sided) {
    // One-sided tracks always use the table (42 CFR 425.604(b)).
    resolved.minimum_savings_rate = MinimumRate{.mssp_table = true, .value = 0};
    resolved.minimum_loss_rate.reset();
  } else {
    // Two-sided: the ACO's election (table or a fixed rate) as given, and a
    // symmetric minimum loss rate.
    resolved.minimum_loss_rate = resolved.minimum_savings_rate;
    LossSharing loss;
    if (track.loss_rule == LossRule::fixed) {
      loss.kind = LossSharing::Kind::fixed;
      loss.rate = track.loss_rate;
    } else if (complement == LossSharing::Kind::complement_of_quality_rate &&
               contract.quality_standard_met == false) {
      // From PY2021 an ACO that misses the standard (and, from PY2024, the
      // alternative standard) owes the maximum rate (42 CFR 425.606(g),
      // 425.610(f)(4)); before, 1 - 0 clamps to it anyway.
      loss.kind = LossSharing::Kind::fixed;
      loss.rate = track.loss_max;
    } else {
      loss.kind = complement;
      loss.min = track.loss_min;
      loss.max = track.loss_max;
    }
    resolved.loss_sharing_rate = loss;
    const int index = std::clamp(terms.agreement_year, 1, 3) - 1;
    resolved.loss_limit = track.loss_limit[static_cast<std::size_t>(index)];
    // The revenue-based limit, unless the benchmark-based one is known to
    // have applied (PUF RevLossLimit = 0).
    if (track.loss_limit_revenue > 0 && terms.revenue_loss_limit != false) {
      resolved.loss_limit_revenue = track.loss_limit_revenue;
    }
  }

  // 42 CFR 425.605(h): BASIC, low revenue, an agreement that began on or
  // after 2024-01-01 (the 5,000-beneficiary floor is checked by settle()).
  resolved.reduced_sharing_below_msr = year.reduced_sharing_below_msr && is_basic(terms.track) &&
                                       terms.low_revenue && terms.agreement_start >= 20240101;
  return resolved;
}

}  // namespace acocalc
