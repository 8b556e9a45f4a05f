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

// How a two-sided track shares losses.
enum class LossRule {
  none,        // one-sided
  fixed,       // `loss_rate`
  complement,  // 1 - final sharing rate (from PY2021: 1 - max rate x quality
               // score), clamped to [loss_min, loss_max]
};

// One row of the track table of docs/mssp-methodology.md section 3.
struct TrackRules {
  MsspTrack track;
  std::string_view name;
  int first_year;  // first performance year
  int last_year;   // last performance year reconciled on the track
  double max_sharing_rate;
  double savings_cap;  // share of the benchmark
  LossRule loss_rule;
  double loss_rate;  // LossRule::fixed
  double loss_min;   // LossRule::complement
  double loss_max;   // LossRule::complement; also the rate when quality is missed
  // Loss limit as a share of the benchmark in agreement years 1, 2, 3 and
  // later; 0 = no limit (one-sided).
  std::array<double, 3> loss_limit;
  double loss_limit_revenue;  // share of participant revenue; 0 = none
};

// Years: Track 1 ran 2012-2021 and Track 2 until 2021 (agreements signed up
// to 2018, extended through 2019); Track 3 agreements (2016-2019) and Track 1+
// agreements (2018-2019) ran to the end of their three years.
// Track 2 (42 CFR 425.606(f)): loss rate 1 - final sharing rate, at most 60%
// (at least 40% follows from the 60% maximum sharing rate); loss limit 5%,
// 7.5%, 10% of the benchmark in agreement years 1, 2, 3.
// Track 3 / ENHANCED (425.610(f)): [40%, 75%], 15% of the benchmark.
// Track 1+ (CMMI Track 1+ Model): 30%; limit 8% of participant revenue, at
// most 4% of the benchmark (4% of the benchmark for ACOs under the
// benchmark-based limit, where no revenue figure applies).
// BASIC C/D/E (425.605(d)): 30%; 2/4/8% of revenue, at most 1/2/4% of B.
constexpr std::array<TrackRules, 10> kTracks = {{
    {MsspTrack::track_1, "TRACK_1", 2012, 2021, 0.50, 0.10, LossRule::none, 0, 0, 0, {0, 0, 0}, 0},
    {MsspTrack::track_1_plus, "TRACK_1_PLUS", 2018, 2020, 0.50, 0.10, LossRule::fixed, 0.30, 0,
     0, {0.04, 0.04, 0.04}, 0.08},
    {MsspTrack::track_2, "TRACK_2", 2012, 2021, 0.60, 0.15, LossRule::complement, 0, 0.40, 0.60,
     {0.05, 0.075, 0.10}, 0},
    {MsspTrack::track_3, "TRACK_3", 2016, 2021, 0.75, 0.20, LossRule::complement, 0, 0.40, 0.75,
     {0.15, 0.15, 0.15}, 0},
    {MsspTrack::basic_a, "BASIC_A", 2019, 9999, 0.40, 0.10, LossRule::none, 0, 0, 0, {0, 0, 0}, 0},
    {MsspTrack::basic_b, "BASIC_B", 2019, 9999, 0.40, 0.10, LossRule::none, 0, 0, 0, {0, 0, 0}, 0},
    {MsspTrack::basic_c, "BASIC_C", 2019, 9999, 0.50, 0.10, LossRule::fixed, 0.30, 0, 0,
     {0.01, 0.01, 0.01}, 0.02},
    {MsspTrack::basic_d, "BASIC_D", 2019, 9999, 0.50, 0.10, LossRule::fixed, 0.30, 0, 0,
     {0.02, 0.02, 0.02}, 0.04},
    {MsspTrack::basic_e, "BASIC_E", 2019, 9999, 0.50, 0.10, LossRule::fixed, 0.30, 0, 0,
     {0.04, 0.04, 0.04}, 0.08},
    {MsspTrack::enhanced, "ENHANCED", 2019, 9999, 0.75, 0.20, LossRule::complement, 0, 0.40,
     0.75, {0.15, 0.15, 0.15}, 0},
}};

// The rules that change with the performance year (docs/mssp-methodology.md
// section 3, "Final sharing rate, by performance year").
struct YearRules {
  int first_year;
  // PY2012-2020: max rate x quality score (42 CFR 425.604(d)); from PY2021
  // the full rate once the standard is met (425.605(d), 425.610(d)).
  QualityAdjustment quality_adjustment;
  // From PY2021 the loss rate is 1 - max rate x quality score rather than
  // 1 - final sharing rate, and the maximum when the standard is missed.
  LossSharing::Kind complement_kind;
  // From PY2024: sliding scale under the alternative quality standard, and
  // half-rate sharing below the MSR for low-revenue BASIC ACOs (425.605(d)).
  bool alternative_standard_slides;
  bool reduced_sharing_for_low_revenue_basic;
};

constexpr std::array<YearRules, 3> kYears = {{
    {2012, QualityAdjustment::multiply, LossSharing::Kind::complement_of_sharing_rate, false,
     false},
    {2021, QualityAdjustment::none, LossSharing::Kind::complement_of_quality_rate, false, false},
    {2024, QualityAdjustment::none, LossSharing::Kind::complement_of_quality_rate, true, true},
}};

// Medicare's 2% sequestration of savings payments; losses are not cut.
constexpr double kSequestration = 0.02;

const TrackRules& rules_of(MsspTrack track) {
  for (const TrackRules& rules : kTracks) {
    if (rules.track == track) return rules;
  }
  assert(false && "every MsspTrack has a row in kTracks");
  return kTracks[0];
}

const YearRules& rules_of_year(int year) {
  const YearRules* found = &kYears[0];
  for (const YearRules& rules : kYears) {
    if (year >= rules.first_year) found = &rules;
  }
  return *found;
}

bool is_basic(MsspTrack track) {
  return track == MsspTrack::basic_a || track == MsspTrack::basic_b ||
         track == MsspTrack::basic_c || track == MsspTrack::basic_d ||
         track == MsspTrack::basic_e;
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

bool mssp_track_offered_in(MsspTrack track, int year) {
  const TrackRules& rules = rules_of(track);
  return year >= rules.first_year && year <= rules.last_year;
}

bool mssp_track_two_sided(MsspTrack track) { return rules_of(track).loss_rule != LossRule::none; }

Contract resolve_mssp(const Contract& contract) {
  assert(contract.mssp.has_value());
  const MsspTerms& terms = *contract.mssp;
  const TrackRules& track = rules_of(terms.track);
  const YearRules& year = rules_of_year(terms.performance_year);

  Contract resolved = contract;
  resolved.sharing_rate = track.max_sharing_rate;
  resolved.savings_cap = track.savings_cap;
  resolved.sequestration = kSequestration;

  // Quality: first-year ACOs paid for reporting get the full rate (PY2012-2020);
  // PY2024+ ACOs that met only the alternative standard slide with the score.
  resolved.quality_adjustment = year.quality_adjustment;
  if (terms.pay_for_reporting) resolved.quality_adjustment = QualityAdjustment::none;
  if (year.alternative_standard_slides && terms.alternative_quality_standard) {
    resolved.quality_adjustment = QualityAdjustment::multiply;
  }

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
    } else if (year.complement_kind == LossSharing::Kind::complement_of_quality_rate &&
               contract.quality_standard_met == false) {
      // From PY2021 an ACO that misses the standard owes the maximum rate
      // (42 CFR 425.606(g), 425.610(g)); before, 1 - 0 clamps to it anyway.
      loss.kind = LossSharing::Kind::fixed;
      loss.rate = track.loss_max;
    } else {
      loss.kind = year.complement_kind;
      loss.min = track.loss_min;
      loss.max = track.loss_max;
    }
    resolved.loss_sharing_rate = loss;
    const int index = std::clamp(terms.agreement_year, 1, 3) - 1;
    resolved.loss_limit = track.loss_limit[static_cast<std::size_t>(index)];
    if (track.loss_limit_revenue > 0) resolved.loss_limit_revenue = track.loss_limit_revenue;
  }

  resolved.reduced_sharing_below_msr = year.reduced_sharing_for_low_revenue_basic &&
                                       is_basic(terms.track) && terms.low_revenue;
  return resolved;
}

}  // namespace acocalc
