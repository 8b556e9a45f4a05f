// The MSSP benchmark by era. Expected values are worked by hand from
// docs/mssp-benchmark.md section 2 (the working is in the comments), and the
// 2024 case is the document's own worked example (section 4).
#include "acocalc/mssp_benchmark.h"

#include <catch2/catch.hpp>

#include "acocalc/mssp.h"
#include "acocalc/settlement.h"

namespace acocalc {
namespace {

ByType all(double x) { return {x, x, x, x}; }

// Three benchmark years with the same figures for every type: per capita
// 9,000 / 9,500 / 10,000, risk scores 1, national per capita 8,000 / 9,000 /
// 10,000 (national trend to BY3: 1.25 and 1.111111), 1,000 BY3 person-years.
MsspBenchmarkInputs national_trend_years(int start, AgreementType type) {
  MsspBenchmarkInputs in;
  in.agreement_start = start;
  in.agreement_type = type;
  in.performance_year = start / 10000;
  const double pc[3] = {9000, 9500, 10000};
  const double national[3] = {8000, 9000, 10000};
  for (std::size_t k = 0; k < 3; ++k) {
    auto& y = in.benchmark_years[k];
    y.person_years = ByType{100, 200, 400, 300};
    y.per_capita_expenditure = all(pc[k]);
    y.risk_score = all(1.0);
    y.national_per_capita = all(national[k]);
  }
  in.benchmark_years[2].demographic_risk_score = all(1.0);
  in.performance.person_years = ByType{100, 200, 400, 300};
  in.performance.risk_score = all(1.0);
  in.performance.demographic_risk_score = all(1.0);
  in.projected_national_growth = all(0);
  return in;
}

TEST_CASE("first agreements weight 10/30/60 and add the flat dollar growth after the risk ratio") {
  MsspBenchmarkInputs in = national_trend_years(20130101, AgreementType::initial);
  // ESRD's HCC score fell (0.95: used); disabled rose (1.10: the demographic
  // ratio 1.02 is used); aged/dual: 100 newly assigned of 400 at HCC 1.2.
  in.performance.risk_score = ByType{0.95, 1.10, 1.05, 1.00};
  in.performance.demographic_risk_score = all(1.02);
  in.newly_assigned_person_years = ByType{0, 0, 100, 0};
  in.newly_assigned_risk_score = all(1.2);
  in.projected_national_growth = all(500);
  const auto c = mssp_benchmark(in);
  CHECK(c.era == BenchmarkEra::first_agreement_2012);
  CHECK(c.benchmark_years == std::array<int, 3>{2010, 2011, 2012});
  // A1 = 9,000 x 1.25 = 11,250; A2 = 9,500 x 10/9 = 10,555.5556; A3 = 10,000.
  CHECK(c.restated[0][0] == Approx(11250.0));
  CHECK(c.restated[1][0] == Approx(10555.555556));
  // HB = 1,125 + 3,166.6667 + 6,000 = 10,291.6667.
  CHECK(c.historical_benchmark_per_capita == Approx(10291.666667));
  CHECK_FALSE(c.regional);
  // Ratios: 0.95; 1.02; (100 x 1.2 + 300 x 1.02) / 400 = 1.065; 1.02.
  CHECK(c.risk_ratio_used[0] == Approx(0.95));
  CHECK(c.risk_ratio_used[1] == Approx(1.02));
  CHECK(c.risk_ratio_used[2] == Approx(1.065));
  CHECK(c.risk_ratio_used[3] == Approx(1.02));
  // UB = HB x R + 500: 10,277.0833, 10,997.50, 11,460.625, 10,997.50;
  // total = 1,027,708.33 + 2,199,500 + 4,584,250 + 3,299,250.
  CHECK(c.updated_benchmark[2] == Approx(11460.625));
  CHECK(c.total == Approx(11110708.333333).margin(0.005));
  CHECK(c.per_capita == Approx(11110.708333).margin(0.000005));
  CHECK_FALSE(c.total_without_acpt);
}

TEST_CASE("second agreements of 2016 weight equally and add the first agreement's savings") {
  MsspBenchmarkInputs in = national_trend_years(20160101, AgreementType::renewal);
  in.first_agreement_savings_per_capita = 300;
  in.first_agreement_person_years = 800;
  const auto c = mssp_benchmark(in);
  CHECK(c.era == BenchmarkEra::second_agreement_2016);
  // HB = (11,250 + 10,555.5556 + 10,000) / 3 = 10,601.8519.
  CHECK(c.historical_benchmark_per_capita == Approx(10601.851852));
  // 300 x min(1,000, 800) / 1,000 = 240, flat.
  CHECK(c.applied == BenchmarkAdjustment::savings_2016);
  CHECK(c.adjustment[0] == Approx(240.0));
  CHECK(c.total == Approx(10841851.851852).margin(0.005));
}

TEST_CASE("resets from 2017 trend and update by regional growth, adjust by 35% of the gap") {
  MsspBenchmarkInputs in = national_trend_years(20170101, AgreementType::renewal);
  const double regional[3] = {8000, 9000, 10000};
  for (std::size_t k = 0; k < 3; ++k) {
    in.benchmark_years[k].regional_per_capita = all(regional[k]);
    in.benchmark_years[k].national_per_capita.reset();
    in.benchmark_years[k].risk_score = all(1.1);
  }
  in.performance.risk_score = all(1.1);
  in.performance.regional_per_capita = all(10500);
  in.projected_national_growth.reset();
  const auto c = mssp_benchmark(in);
  CHECK(c.era == BenchmarkEra::reset_2017);
  // Regional trend equals the national one above: HB = 10,601.8519.
  CHECK(c.historical_benchmark_per_capita == Approx(10601.851852));
  // REG3 x RS3 = 11,000; D = 398.1481 > 0: lower spending, first time 35%
  // (425.603(c)(9)(ii)(B)(1)): 139.3519, no cap.
  REQUIRE(c.regional);
  CHECK(c.regional->lower_spending);
  CHECK(c.regional->weight == 0.35);
  CHECK(c.adjustment[3] == Approx(139.351852));
  CHECK_FALSE(c.regional->cap_upper);
  // UB = 10,741.2037 x 1 x 10,500 / 10,000 = 11,278.2639.
  CHECK(c.update_factor[0] == Approx(1.05));
  CHECK(c.total == Approx(11278263.888889).margin(0.005));
}

TEST_CASE("agreements from July 2019 blend the trend, cap the regional adjustment at 5%") {
  MsspBenchmarkInputs in;
  in.agreement_start = 20190701;
  in.agreement_type = AgreementType::initial;
  in.performance_year = 2020;
  const double national[3] = {8000, 9000, 10000};
  for (std::size_t k = 0; k < 3; ++k) {
    auto& y = in.benchmark_years[k];
    y.person_years = ByType{10, 330, 330, 330};
    y.per_capita_expenditure = all(10000);
    y.risk_score = all(1.0);
    y.national_per_capita = all(national[k]);
    y.regional_per_capita = ByType{20000, 10000, 10000, 10000};
  }
  in.benchmark_years[2].market_share = 0.2;
  in.performance.person_years = ByType{10, 330, 330, 330};
  in.performance.risk_score = ByType{1.05, 1, 1, 1};
  in.performance.national_per_capita = all(10500);
  in.performance.regional_per_capita = ByType{21000, 10200, 10200, 10200};
  in.performance.market_share = 0.3;
  const auto c = mssp_benchmark(in);
  CHECK(c.era == BenchmarkEra::blend_2019);
  CHECK(c.benchmark_years == std::array<int, 3>{2016, 2017, 2018});
  // TF1 = 0.2 x 1.25 + 0.8 x 1 = 1.05; TF2 = 0.2 x 10/9 + 0.8 = 1.022222.
  CHECK(c.trend_factor[0][1] == Approx(1.05));
  CHECK(c.trend_factor[1][1] == Approx(1.022222));
  // First agreement 10/30/60: 1,050 + 3,066.6667 + 6,000 = 10,116.6667.
  CHECK(c.historical_benchmark[1] == Approx(10116.666667));
  // D: ESRD 9,883.33, others -116.67; mean 98.83 - 115.50 < 0: higher
  // spending, first time 15%: ESRD 1,482.50 capped at 5% x 10,000 = 500;
  // others -17.50.
  REQUIRE(c.regional);
  CHECK_FALSE(c.regional->lower_spending);
  CHECK(c.regional->weight == 0.15);
  CHECK(c.adjustment[0] == Approx(500.0));
  CHECK(c.adjustment[1] == Approx(-17.5));
  // Risk: ESRD 1.05 capped at 1.03.
  CHECK(c.risk_ratio_used[0] == Approx(1.03));
  CHECK(c.risk_capped);
  // Update: ESRD 0.3 x 1.05 + 0.7 x 1.05 = 1.05; others 0.315 + 0.714 = 1.029.
  CHECK(c.update_factor[1] == Approx(1.029));
  // UB: 10,616.6667 x 1.03 x 1.05 = 11,481.925; 10,099.1667 x 1.029 =
  // 10,392.0425; total = 114,819.25 + 990 x 10,392.0425.
  CHECK(c.total == Approx(10402941.325).margin(0.005));
}

// docs/mssp-benchmark.md section 4, every input.
MsspBenchmarkInputs worked_example() {
  MsspBenchmarkInputs in;
  in.agreement_start = 20240101;
  in.agreement_type = AgreementType::renewal;
  in.performance_year = 2024;
  in.regional_adjustment_number = 2;
  auto& y = in.benchmark_years;
  y[0].person_years = ByType{150, 1400, 1100, 12000};
  y[1].person_years = ByType{160, 1450, 1150, 12400};
  y[2].person_years = ByType{170, 1500, 1200, 13000};
  y[0].per_capita_expenditure = ByType{82000, 11800, 19500, 10400};
  y[1].per_capita_expenditure = ByType{85500, 12200, 20300, 10900};
  y[2].per_capita_expenditure = ByType{88000, 12700, 21000, 11300};
  y[0].risk_score = ByType{1.010, 1.050, 1.120, 1.000};
  y[1].risk_score = ByType{1.020, 1.060, 1.130, 1.010};
  y[2].risk_score = ByType{1.030, 1.070, 1.150, 1.020};
  y[2].demographic_risk_score = ByType{1.000, 0.950, 1.050, 0.980};
  y[0].national_per_capita = ByType{90000, 11500, 19000, 10600};
  y[1].national_per_capita = ByType{93000, 11900, 19800, 11100};
  y[2].national_per_capita = ByType{96000, 12300, 20500, 11600};
  y[0].regional_per_capita = ByType{91700, 10650, 17500, 10300};
  y[1].regional_per_capita = ByType{94900, 11020, 18200, 10750};
  y[2].regional_per_capita = ByType{98000, 11400, 18900, 11200};
  y[2].market_share = 0.12;
  in.dual_share = 0.14;
  auto& p = in.performance;
  p.person_years = ByType{180, 1520, 1250, 13600};
  p.risk_score = ByType{1.050, 1.110, 1.200, 1.065};
  p.demographic_risk_score = ByType{1.002, 0.955, 1.056, 0.990};
  p.national_per_capita = ByType{100000, 12800, 21300, 12100};
  p.regional_per_capita = ByType{101600, 11830, 19700, 11700};
  p.market_share = 0.13;
  in.acpt = ByType{1.0420, 1.0390, 1.0380, 1.0410};
  in.regional_risk_growth_cap = all(1);
  in.prior_savings_per_capita = std::array<double, 3>{420, 510, 380};
  in.prior_savings_proration = 0.95;
  return in;
}

TEST_CASE("agreements from 2024 reproduce the worked example of docs/mssp-benchmark.md") {
  const auto c = mssp_benchmark(worked_example());
  CHECK(c.era == BenchmarkEra::acpt_2024);
  CHECK(c.trend_factor[0][0] == Approx(1.068458).margin(5e-7));
  CHECK(c.restated[0][3] == Approx(11543.7737).margin(5e-5));
  CHECK(c.restated_total[0] == Approx(13264.6315).margin(5e-5));
  CHECK(c.historical_benchmark[0] == Approx(88834.2700).margin(5e-5));
  CHECK(c.historical_benchmark_per_capita == Approx(13143.6056).margin(5e-5));
  REQUIRE(c.regional);
  CHECK(c.regional->lower_spending);
  CHECK(c.regional->weight == 0.5);
  CHECK(c.regional->average_difference == Approx(92.1096).margin(5e-5));
  CHECK(c.regional->after_cap[1] == Approx(-184.5).margin(5e-5));
  CHECK(*c.regional->average_risk_score == Approx(1.041242).margin(5e-7));
  CHECK(*c.regional->offset_factor == Approx(0.181242).margin(5e-7));
  CHECK(c.regional->value[1] == Approx(-151.0609).margin(5e-5));
  CHECK(c.regional->single_value == Approx(46.4754).margin(5e-5));
  REQUIRE(c.prior_savings);
  CHECK(*c.prior_savings->cap == Approx(662.1613).margin(5e-5));
  CHECK(c.prior_savings->value == Approx(207.4167).margin(5e-5));
  CHECK(c.applied == BenchmarkAdjustment::prior_savings);
  CHECK(c.adjusted_benchmark[3] == Approx(11646.3159).margin(5e-5));
  CHECK(*c.aggregate_hcc_ratio == Approx(1.041648).margin(5e-7));
  CHECK(*c.risk_cap == Approx(1.038621).margin(5e-7));
  CHECK(c.risk_ratio_used[1] == Approx(1.037383).margin(5e-7));
  CHECK(c.risk_ratio_used[2] == Approx(1.038621).margin(5e-7));
  CHECK((*c.two_way_growth)[0] == Approx(1.037376).margin(5e-7));
  CHECK(c.update_factor[2] == Approx(1.040599).margin(5e-7));
  CHECK(c.updated_benchmark[0] == Approx(94303.1941).margin(5e-5));
  CHECK(c.per_capita == Approx(14440.121180).margin(5e-7));
  CHECK(c.total == Approx(238984005.53).margin(0.005));
  CHECK(*c.per_capita_without_acpt == Approx(14451.833836).margin(5e-7));
}

TEST_CASE("from 2024 a net negative regional adjustment is not applied without a PSA") {
  MsspBenchmarkInputs in = worked_example();
  in.agreement_type = AgreementType::initial;
  in.prior_savings_per_capita.reset();
  // Regional spending 10% lower in BY3: the ACO becomes higher spending.
  for (double& x : *in.benchmark_years[2].regional_per_capita) x *= 0.9;
  const auto c = mssp_benchmark(in);
  REQUIRE(c.regional);
  CHECK(c.regional->single_value < 0);
  CHECK(c.applied == BenchmarkAdjustment::none);
  CHECK(c.adjustment == all(0));
  CHECK(c.adjusted_benchmark == c.historical_benchmark);
}

TEST_CASE("from 2025 the health equity adjustment applies when it is the largest") {
  MsspBenchmarkInputs in = worked_example();
  in.agreement_start = 20250101;
  in.performance_year = 2025;
  in.lis_dual_share = 0.4;
  const auto c = mssp_benchmark(in);
  REQUIRE(c.health_equity);
  // (5% x 13,243.2258 - max(46.4754, 207.4167)) x 0.4 = (662.1613 -
  // 207.4167) x 0.4 = 181.8978 < PSA 207.4167: the PSA stays.
  CHECK(c.health_equity->value == Approx(181.8978).margin(5e-5));
  CHECK(c.applied == BenchmarkAdjustment::prior_savings);
  in.prior_savings_per_capita.reset();
  const auto d = mssp_benchmark(in);
  // (662.1613 - 46.4754) x 0.4 = 246.2744 > RA 46.4754: HEBA, flat.
  CHECK(d.health_equity->value == Approx(246.2744).margin(5e-5));
  CHECK(d.applied == BenchmarkAdjustment::health_equity);
  CHECK(d.adjustment[0] == Approx(246.2744).margin(5e-5));
}

// The worked example's ACO (BASIC Level E, 16,550 person-years, PY2024)
// spending `per_capita`, with a fixed MSR and MLR `msr`.
Settlement settle_worked_example(double per_capita, double msr,
                                 std::optional<ByType> acpt = std::nullopt) {
  Program program;
  program.performance.member_months = 16550 * 12;
  program.performance.assigned_beneficiaries = 16550;
  program.performance.expenditure = per_capita * 16550;
  Contract contract;
  contract.model = Contract::Model::mssp;
  contract.mssp = MsspTerms{.track = MsspTrack::basic_e, .performance_year = 2024};
  contract.mssp->agreement_start = 20240101;
  contract.minimum_savings_rate = MinimumRate{false, msr};
  contract.quality_standard_met = true;
  contract.participant_revenue = 40000000;
  MsspBenchmarkInputs inputs = worked_example();
  if (acpt) inputs.acpt = acpt;
  contract.benchmark = Benchmark{Benchmark::Kind::mssp_inputs, 0, inputs};
  return settle(program, resolve_mssp(contract), {});
}

TEST_CASE("the ACPT guardrail settles the loss case against the two-way benchmark") {
  // Section 4: $14,800 is 2.49% above $14,440.12, at least the 2% MLR: the
  // two-way benchmark 14,451.833836 x 16,550 = $239,177,849.99 decides;
  // (14,800 - 14,451.833836) x 16,550 x 30% = $1,728,645.00, under the
  // $3,200,000 revenue limit (no EUC here).
  const Settlement s = settle_worked_example(14800, 0.02);
  CHECK(s.acpt_guardrail);
  CHECK(*s.benchmark == Approx(239177849.99).margin(0.005));
  CHECK(s.shared_losses == Approx(1728645.0039).margin(0.005));
  CHECK(*s.loss_limit == Approx(3200000.0));
  // Spending $14,600 is 1.11% above: below the MLR, no guardrail; losses
  // need the 2% MLR, so none.
  const Settlement t = settle_worked_example(14600, 0.02);
  CHECK_FALSE(t.acpt_guardrail);
  CHECK(t.shared_losses == 0);
}

TEST_CASE("under the ACPT guardrail spending below the two-way benchmark earns nothing") {
  // MSR/MLR elected at 0: $14,445 is above $14,440.12 (any excess meets a 0%
  // MLR) and below the two-way $14,451.83: no losses and no savings
  // (42 CFR 425.652(b)(5)(ii)).
  const Settlement s = settle_worked_example(14445, 0);
  CHECK(s.acpt_guardrail);
  CHECK(*s.gross_savings > 0);
  CHECK(s.savings_withheld);
  CHECK(s.shared_savings == 0);
  CHECK(s.shared_losses == 0);
}

TEST_CASE("a two-way benchmark below the updated one does not replace it") {
  // An ACPT of 1.10 for every type (above every two-way blend of section 4,
  // 1.037-1.044) makes the updated benchmark the higher one. Spending 10%
  // above it meets the 2% MLR, yet the two-way benchmark would only raise
  // the losses: the updated benchmark decides, no guardrail.
  const Settlement base = settle_worked_example(14800, 0.02, ByType{1.10, 1.10, 1.10, 1.10});
  REQUIRE(base.benchmark_calculation);
  const double updated = base.benchmark_calculation->total;
  REQUIRE(*base.benchmark_calculation->total_without_acpt < updated);
  const double per_capita = updated / 16550 * 1.10;
  const Settlement s = settle_worked_example(per_capita, 0.02, ByType{1.10, 1.10, 1.10, 1.10});
  CHECK_FALSE(s.acpt_guardrail);
  CHECK(*s.benchmark == Approx(updated));
  // Losses against the updated benchmark: 10% of it x 30%, held to the
  // $3,200,000 revenue-based limit (8% of $40,000,000).
  CHECK(updated * 0.10 * 0.30 > 3200000.0);
  CHECK(*s.loss_limit == Approx(3200000.0));
  CHECK(s.shared_losses == Approx(3200000.0));
}

TEST_CASE("agreement starts map to their eras") {
  CHECK(benchmark_era(20120401, AgreementType::initial) == BenchmarkEra::first_agreement_2012);
  CHECK(benchmark_era(20190101, AgreementType::renewal) == BenchmarkEra::reset_2017);
  CHECK(benchmark_era(20160101, AgreementType::re_entering) == BenchmarkEra::second_agreement_2016);
  CHECK(benchmark_era(20190701, AgreementType::renewal) == BenchmarkEra::blend_2019);
  CHECK(benchmark_era(20240101, AgreementType::initial) == BenchmarkEra::acpt_2024);
  CHECK_FALSE(benchmark_era(20150101, AgreementType::renewal));
  CHECK_FALSE(benchmark_era(20110101, AgreementType::initial));
}

}  // namespace
}  // namespace acocalc
