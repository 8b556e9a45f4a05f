// The MSSP rules as data: expected values are the figures of
// docs/mssp-methodology.md (sections 2 and 3) and CMS's published PUF rows.
#include "acocalc/mssp.h"

#include <catch2/catch.hpp>

namespace acocalc {
namespace {

Contract mssp_contract(MsspTrack track, int year) {
  Contract contract;
  contract.model = Contract::Model::mssp;
  contract.mssp = MsspTerms{.track = track, .performance_year = year};
  return contract;
}

double msr(double n) { return mssp_minimum_savings_rate(n).value(); }

TEST_CASE("the MSR table reproduces the methodology page's checks") {
  // Section 2: N = 9,139 gives 3.0860861%, N = 38,660 gives 2.3133938%,
  // N = 7,500 gives 3.2999%.
  CHECK(msr(9'139) == Approx(0.030860861).margin(1e-9));
  CHECK(msr(38'660) == Approx(0.023133938).margin(1e-9));
  CHECK(msr(7'500) == Approx(0.032999).margin(1e-9));
}

TEST_CASE("the MSR table reproduces CMS's published MinSavPerc") {
  // PY2018 PUF rows A2011 (N 4,324), A3446 (N 6,014), A3454 (N 59,974);
  // PY2014 row A65307 (N 4,866: 3.973186593%).
  CHECK(msr(4'324) == Approx(0.042714357).margin(1e-9));
  CHECK(msr(6'014) == Approx(0.035971972).margin(1e-9));
  CHECK(msr(59'974) == Approx(0.020005001).margin(1e-9));
  CHECK(msr(4'866) == Approx(0.03973186593).margin(1e-9));
}

TEST_CASE("the MSR table uses each band's printed bounds") {
  CHECK(msr(500) == Approx(0.122).margin(1e-12));
  CHECK(msr(999) == Approx(0.087).margin(1e-12));
  CHECK(msr(1'000) == Approx(0.087).margin(1e-12));
  CHECK(msr(2'999) == Approx(0.050).margin(1e-12));
  CHECK(msr(5'000) == Approx(0.039).margin(1e-12));
  CHECK(msr(49'999) == Approx(0.022).margin(1e-12));
  CHECK(msr(50'000) == Approx(0.022).margin(1e-12));
  CHECK(msr(59'999) == Approx(0.020).margin(1e-12));
}

TEST_CASE("the MSR is 2 percent from 60,000 beneficiaries on") {
  CHECK(msr(60'000) == 0.02);
  CHECK(msr(127'371) == 0.02);
}

TEST_CASE("the MSR table gives no value below 500 beneficiaries") {
  CHECK_FALSE(mssp_minimum_savings_rate(499).has_value());
  CHECK_FALSE(mssp_minimum_savings_rate(152).has_value());
  CHECK_FALSE(mssp_minimum_savings_rate(0).has_value());
}

TEST_CASE("track names round-trip and unknown names are rejected") {
  for (MsspTrack track :
       {MsspTrack::track_1, MsspTrack::track_1_plus, MsspTrack::track_2, MsspTrack::track_3,
        MsspTrack::basic_a, MsspTrack::basic_b, MsspTrack::basic_c, MsspTrack::basic_d,
        MsspTrack::basic_e, MsspTrack::enhanced}) {
    CHECK(mssp_track_from_name(mssp_track_name(track)) == track);
  }
  CHECK(mssp_track_name(MsspTrack::track_1_plus) == "TRACK_1_PLUS");
  CHECK(mssp_track_name(MsspTrack::basic_c) == "BASIC_C");
  CHECK(mssp_track_name(MsspTrack::enhanced) == "ENHANCED");
  CHECK_FALSE(mssp_track_from_name("track_1").has_value());
  CHECK_FALSE(mssp_track_from_name("BASIC_F").has_value());
}

TEST_CASE("tracks are valid in the years an agreement on them could run") {
  CHECK(mssp_track_valid_in(MsspTrack::track_1, 2014));
  CHECK(mssp_track_valid_in(MsspTrack::track_1_plus, 2018));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::track_1_plus, 2016));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::track_3, 2015));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::enhanced, 2018));
  CHECK(mssp_track_valid_in(MsspTrack::basic_e, 2024));
  // Section 6a: Track 1+ agreements of 2018 were reconciled through PY2021
  // (17 ACOs in the PY2021 file), and no old track after that.
  CHECK(mssp_track_valid_in(MsspTrack::track_1_plus, 2021));
  CHECK(mssp_track_valid_in(MsspTrack::track_3, 2021));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::track_1_plus, 2022));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::track_2, 2022));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::basic_a, 2018));
  // Outside the table nothing is valid.
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::basic_a, 2011));
  CHECK_FALSE(mssp_track_valid_in(MsspTrack::basic_a, 2027));
}

TEST_CASE("the year table has one row a year from PY2012 to PY2026") {
  const auto years = mssp_years();
  REQUIRE(years.size() == 15);
  CHECK(years.front().year == 2012);
  CHECK(years.back().year == 2026);
  CHECK(mssp_year_rules(2011) == nullptr);
  CHECK(mssp_year_rules(2027) == nullptr);
  for (int year = 2012; year <= 2026; ++year) {
    REQUIRE(mssp_year_rules(year) != nullptr);
    CHECK(mssp_year_rules(year)->year == year);
  }
  // Section 6a: sequestration follows the payment date (PY2019 and PY2020
  // savings were paid while it was suspended).
  CHECK(mssp_year_rules(2018)->sequestration == 0.02);
  CHECK(mssp_year_rules(2019)->sequestration == 0);
  CHECK(mssp_year_rules(2020)->sequestration == 0);
  CHECK(mssp_year_rules(2021)->sequestration == 0.02);
  // Every shared loss of PY2020-PY2022 was forgiven; none before or after.
  CHECK(mssp_year_rules(2019)->euc_share == 0);
  CHECK(mssp_year_rules(2020)->euc_share == 1);
  CHECK(mssp_year_rules(2022)->euc_share == 1);
  CHECK(mssp_year_rules(2023)->euc_share == 0);
  CHECK(mssp_year_rules(2020)->quality == MsspQualityRule::score_scales_rate);
  CHECK(mssp_year_rules(2021)->quality == MsspQualityRule::standard_full_rate);
  CHECK(mssp_year_rules(2023)->quality == MsspQualityRule::standard_full_rate);
  CHECK(mssp_year_rules(2024)->quality == MsspQualityRule::standard_or_alternative);
  CHECK_FALSE(mssp_year_rules(2023)->reduced_sharing_below_msr);
  CHECK(mssp_year_rules(2024)->reduced_sharing_below_msr);
}

TEST_CASE("Track 1 is one-sided with 50 percent sharing times quality and a 10 percent cap") {
  // Section 3: Track 1, 50%, cap 10%, no losses; PY2012-2020: max x quality.
  Contract contract = mssp_contract(MsspTrack::track_1, 2018);
  contract.minimum_savings_rate = MinimumRate{.mssp_table = false, .value = 0.01};
  const Contract resolved = resolve_mssp(contract);
  CHECK(resolved.sharing_rate == 0.50);
  CHECK(resolved.quality_adjustment == QualityAdjustment::multiply);
  CHECK(resolved.savings_cap == 0.10);
  CHECK(resolved.sequestration == 0.02);
  CHECK_FALSE(resolved.two_sided);
  CHECK_FALSE(resolved.loss_sharing_rate.has_value());
  CHECK_FALSE(resolved.loss_limit.has_value());
  // One-sided tracks always use the table, whatever the input said.
  CHECK(resolved.minimum_savings_rate.mssp_table);
  CHECK_FALSE(resolved.minimum_loss_rate.has_value());
  CHECK_FALSE(resolved.reduced_sharing_below_msr);
}

TEST_CASE("first-year ACOs paid for reporting get the full sharing rate") {
  Contract contract = mssp_contract(MsspTrack::track_1, 2014);
  contract.mssp->pay_for_reporting = true;
  const Contract resolved = resolve_mssp(contract);
  CHECK(resolved.sharing_rate == 0.50);
  CHECK(resolved.quality_adjustment == QualityAdjustment::none);
}

TEST_CASE(
    "Track 1 plus shares 30 percent of losses up to 8 percent of revenue or 4 percent of the "
    "benchmark") {
  Contract contract = mssp_contract(MsspTrack::track_1_plus, 2018);
  contract.minimum_savings_rate = MinimumRate{.mssp_table = false, .value = 0.005};
  const Contract resolved = resolve_mssp(contract);
  CHECK(resolved.sharing_rate == 0.50);
  CHECK(resolved.savings_cap == 0.10);
  CHECK(resolved.two_sided);
  REQUIRE(resolved.loss_sharing_rate.has_value());
  CHECK(resolved.loss_sharing_rate->kind == LossSharing::Kind::fixed);
  CHECK(resolved.loss_sharing_rate->rate == 0.30);
  CHECK(resolved.loss_limit == 0.04);
  CHECK(resolved.loss_limit_revenue == 0.08);
  // The elected fixed MSR is kept, and the MLR is the same.
  CHECK_FALSE(resolved.minimum_savings_rate.mssp_table);
  CHECK(resolved.minimum_savings_rate.value == 0.005);
  REQUIRE(resolved.minimum_loss_rate.has_value());
  CHECK(resolved.minimum_loss_rate->value == 0.005);
}

TEST_CASE("Track 2 loss limit grows with the agreement year") {
  // Section 3: 5% / 7.5% / 10% of B in agreement years 1 / 2 / 3.
  Contract contract = mssp_contract(MsspTrack::track_2, 2015);
  contract.minimum_savings_rate = MinimumRate{.mssp_table = true, .value = 0};
  for (auto [agreement_year, limit] :
       {std::pair{1, 0.05}, std::pair{2, 0.075}, std::pair{3, 0.10}, std::pair{4, 0.10}}) {
    contract.mssp->agreement_year = agreement_year;
    const Contract resolved = resolve_mssp(contract);
    CHECK(resolved.loss_limit == limit);
  }
}

TEST_CASE("Track 2 shares 60 percent of savings and 1 minus the final rate of losses") {
  Contract contract = mssp_contract(MsspTrack::track_2, 2018);
  contract.minimum_savings_rate = MinimumRate{.mssp_table = true, .value = 0};
  const Contract resolved = resolve_mssp(contract);
  CHECK(resolved.sharing_rate == 0.60);
  CHECK(resolved.savings_cap == 0.15);
  CHECK(resolved.quality_adjustment == QualityAdjustment::multiply);
  REQUIRE(resolved.loss_sharing_rate.has_value());
  CHECK(resolved.loss_sharing_rate->kind == LossSharing::Kind::complement_of_sharing_rate);
  CHECK(resolved.loss_sharing_rate->max == 0.60);
  CHECK(resolved.loss_sharing_rate->min == 0.40);
  CHECK(resolved.minimum_savings_rate.mssp_table);
  REQUIRE(resolved.minimum_loss_rate.has_value());
  CHECK(resolved.minimum_loss_rate->mssp_table);
  CHECK_FALSE(resolved.loss_limit_revenue.has_value());
}

TEST_CASE(
    "Track 3 shares 75 percent with losses clamped to 40 to 75 percent and limited to 15 percent") {
  Contract contract = mssp_contract(MsspTrack::track_3, 2018);
  const Contract resolved = resolve_mssp(contract);
  CHECK(resolved.sharing_rate == 0.75);
  CHECK(resolved.savings_cap == 0.20);
  REQUIRE(resolved.loss_sharing_rate.has_value());
  CHECK(resolved.loss_sharing_rate->kind == LossSharing::Kind::complement_of_sharing_rate);
  CHECK(resolved.loss_sharing_rate->min == 0.40);
  CHECK(resolved.loss_sharing_rate->max == 0.75);
  CHECK(resolved.loss_limit == 0.15);
}

TEST_CASE("from PY2021 losses use 1 minus the maximum rate times the quality score") {
  Contract contract = mssp_contract(MsspTrack::enhanced, 2022);
  contract.quality_score = 0.9;
  contract.quality_standard_met = true;
  const Contract resolved = resolve_mssp(contract);
  CHECK(resolved.quality_adjustment == QualityAdjustment::none);
  REQUIRE(resolved.loss_sharing_rate.has_value());
  CHECK(resolved.loss_sharing_rate->kind == LossSharing::Kind::complement_of_quality_rate);
  CHECK(resolved.loss_sharing_rate->min == 0.40);
  CHECK(resolved.loss_sharing_rate->max == 0.75);
  CHECK(resolved.loss_limit == 0.15);
}

TEST_CASE(
    "from PY2021 an ENHANCED ACO that misses the quality standard owes 75 percent of losses") {
  Contract contract = mssp_contract(MsspTrack::enhanced, 2021);
  contract.quality_score = 0.9;
  contract.quality_standard_met = false;
  const Contract resolved = resolve_mssp(contract);
  REQUIRE(resolved.loss_sharing_rate.has_value());
  CHECK(resolved.loss_sharing_rate->kind == LossSharing::Kind::fixed);
  CHECK(resolved.loss_sharing_rate->rate == 0.75);
}

TEST_CASE("BASIC levels A and B are one-sided at 40 percent") {
  for (MsspTrack track : {MsspTrack::basic_a, MsspTrack::basic_b}) {
    const Contract resolved = resolve_mssp(mssp_contract(track, 2021));
    CHECK(resolved.sharing_rate == 0.40);
    CHECK(resolved.savings_cap == 0.10);
    CHECK_FALSE(resolved.two_sided);
    CHECK(resolved.minimum_savings_rate.mssp_table);
  }
}

TEST_CASE(
    "BASIC levels C to E share 30 percent of losses up to a share of revenue capped by the "
    "benchmark") {
  // Section 3: C 2% of revenue at most 1% of B; D 4% / 2%; E 8% / 4%.
  for (auto [track, revenue, benchmark] :
       {std::tuple{MsspTrack::basic_c, 0.02, 0.01}, std::tuple{MsspTrack::basic_d, 0.04, 0.02},
        std::tuple{MsspTrack::basic_e, 0.08, 0.04}}) {
    const Contract resolved = resolve_mssp(mssp_contract(track, 2022));
    CHECK(resolved.sharing_rate == 0.50);
    CHECK(resolved.savings_cap == 0.10);
    CHECK(resolved.two_sided);
    REQUIRE(resolved.loss_sharing_rate.has_value());
    CHECK(resolved.loss_sharing_rate->kind == LossSharing::Kind::fixed);
    CHECK(resolved.loss_sharing_rate->rate == 0.30);
    CHECK(resolved.loss_limit_revenue == revenue);
    CHECK(resolved.loss_limit == benchmark);
  }
}

TEST_CASE("PY2021 to PY2023 pay the full rate once the standard is met") {
  const Contract resolved = resolve_mssp(mssp_contract(MsspTrack::basic_e, 2023));
  CHECK(resolved.quality_adjustment == QualityAdjustment::none);
}

TEST_CASE("from PY2024 the alternative quality standard slides the rate with the score") {
  Contract contract = mssp_contract(MsspTrack::enhanced, 2024);
  CHECK(resolve_mssp(contract).quality_adjustment == QualityAdjustment::none);
  contract.mssp->alternative_quality_standard = true;
  CHECK(resolve_mssp(contract).quality_adjustment == QualityAdjustment::multiply);
}

TEST_CASE("from PY2024 low-revenue BASIC ACOs share savings below the MSR at a reduced rate") {
  Contract contract = mssp_contract(MsspTrack::basic_a, 2024);
  contract.mssp->low_revenue = true;
  contract.mssp->agreement_start = 20240101;
  CHECK(resolve_mssp(contract).reduced_sharing_below_msr);
  // Only agreements that began on or after 2024-01-01 (42 CFR 425.605(h)).
  contract.mssp->agreement_start = 20230101;
  CHECK_FALSE(resolve_mssp(contract).reduced_sharing_below_msr);
  contract.mssp->agreement_start = 0;
  CHECK_FALSE(resolve_mssp(contract).reduced_sharing_below_msr);
  contract.mssp->agreement_start = 20250101;
  contract.mssp->performance_year = 2023;
  CHECK_FALSE(resolve_mssp(contract).reduced_sharing_below_msr);
  Contract enhanced = mssp_contract(MsspTrack::enhanced, 2024);
  enhanced.mssp->low_revenue = true;
  CHECK_FALSE(resolve_mssp(enhanced).reduced_sharing_below_msr);
}

TEST_CASE("resolving keeps the inputs the contract sets itself") {
  Contract contract = mssp_contract(MsspTrack::track_3, 2018);
  contract.benchmark = Benchmark{.kind = Benchmark::Kind::total, .value = 1e8};
  contract.quality_score = 0.9;
  contract.quality_standard_met = true;
  contract.loss_adjustment = -2655;
  contract.participant_revenue = 5e6;
  const Contract resolved = resolve_mssp(contract);
  REQUIRE(resolved.benchmark.has_value());
  CHECK(resolved.benchmark->value == 1e8);
  CHECK(resolved.quality_score == 0.9);
  CHECK(resolved.quality_standard_met == true);
  CHECK(resolved.loss_adjustment == -2655);
  CHECK(resolved.participant_revenue == 5e6);
}

}  // namespace
}  // namespace acocalc
