// Settlement arithmetic against published worked examples and hand
// calculations (each expected value is worked out in a comment).
#include "acocalc/settlement.h"

#include <catch2/catch.hpp>

#include "acocalc/report.h"

using namespace acocalc;

namespace {

// A settlement-only program: performance period with total expenditure.
Program program_with(double member_months, double expenditure) {
  Program p;
  p.id = "test";
  p.performance.member_months = member_months;
  p.performance.expenditure = expenditure;
  return p;
}

Contract one_sided(double benchmark_total, double msr, double sharing) {
  Contract c;
  c.benchmark = Benchmark{Benchmark::Kind::total, benchmark_total};
  c.minimum_savings_rate = MinimumRate{false, msr};
  c.sharing_rate = sharing;
  return c;
}

Metric count_metric(const std::string& name, double count) { return Metric{name, count, {}, {}}; }

// Baseline and performance of 120,000 member months each with the given counts.
Program program_with_metrics(
    const std::vector<std::pair<std::string, std::pair<double, double>>>& m) {
  Program p = program_with(120000, 0);
  p.baseline = Period{};
  p.baseline->member_months = 120000;
  for (const auto& [name, counts] : m) {
    p.baseline->utilization.push_back(count_metric(name, counts.first));
    p.performance.utilization.push_back(count_metric(name, counts.second));
  }
  return p;
}

}  // namespace

TEST_CASE("the savings rate is gross savings over the benchmark, not the expenditure",
          "[settlement]") {
  // 42 CFR 425.604(c): (100 - 94) / 100 = 0.06, not 6 / 94.
  REQUIRE(gross_savings(100e6, 94e6) == Approx(6e6));
  REQUIRE(*savings_rate(100e6, 94e6) == Approx(0.06));
  REQUIRE_FALSE(savings_rate(0, 10).has_value());
}

TEST_CASE("Kaufman and Canoles example pays 4.8 million on 6 million of savings", "[settlement]") {
  // Kaufman & Canoles (2011): benchmark $100M, MSR 2%, sharing 80%,
  // expenditure $94M: savings $6M = 6% >= 2%, first-dollar sharing 0.8 x 6M.
  const Program p = program_with(12000, 94e6);
  const Settlement s = settle(p, one_sided(100e6, 0.02, 0.8), {});
  CHECK(s.eligible);
  CHECK(*s.gross_savings == Approx(6e6));
  CHECK(*s.savings_rate == Approx(0.06));
  CHECK(s.shared_savings == Approx(4.8e6));
  CHECK(s.net_payment == Approx(4.8e6));
}

TEST_CASE("Axene example pays 281250 without an MSR and nothing with a 1 percent MSR",
          "[settlement]") {
  // Axene Health Partners: target $500.00 PMPM, actual $495.50 PMPM, 125,000
  // member months, sharing 50%: savings 4.50 x 125,000 = $562,500 (0.9%);
  // paid 0.5 x 562,500 = $281,250; with a 1% MSR, 0.9% < 1%: $0.
  const Program p = program_with(125000, 495.50 * 125000);
  Contract c;
  c.benchmark = Benchmark{Benchmark::Kind::pmpm, 500.0};
  c.sharing_rate = 0.5;
  const Settlement without_msr = settle(p, c, {});
  CHECK(*without_msr.gross_savings == Approx(562500.0));
  CHECK(*without_msr.savings_rate == Approx(0.009));
  CHECK(without_msr.shared_savings == Approx(281250.0));

  c.minimum_savings_rate = MinimumRate{false, 0.01};
  const Settlement with_msr = settle(p, c, {});
  CHECK_FALSE(with_msr.eligible);
  CHECK_FALSE(with_msr.minimum_savings_rate_met);
  CHECK(with_msr.shared_savings == 0.0);
}

TEST_CASE("savings exactly at the MSR qualify", "[settlement]") {
  // 42 CFR 425.604(b), "meet or exceed": (100 - 98) / 100 = 0.02 = MSR.
  const Program p = program_with(12000, 98.0);
  const Settlement s = settle(p, one_sided(100.0, 0.02, 0.5), {});
  CHECK(*s.savings_rate == 0.02);
  CHECK(s.minimum_savings_rate_met);
  CHECK(s.eligible);
  CHECK(s.shared_savings == Approx(1.0));
}

TEST_CASE("savings just below the MSR do not qualify", "[settlement]") {
  const Program p = program_with(12000, 98.01);
  const Settlement s = settle(p, one_sided(100.0, 0.02, 0.5), {});
  CHECK_FALSE(s.minimum_savings_rate_met);
  CHECK_FALSE(s.eligible);
  CHECK(s.shared_savings == 0.0);
}

TEST_CASE("benchmark forms give the same total", "[settlement]") {
  // 12,000 member months = 1,000 member-years. $420 PMPM = $5,040 per year.
  Program p = program_with(12000, 0);
  p.baseline = Period{};
  p.baseline->member_months = 6000;
  p.baseline->expenditure = 6000 * 400.0;  // $400 PMPM
  p.baseline->risk_score = 1.0;
  p.performance.risk_score = 1.1;
  Contract c;
  c.benchmark = Benchmark{Benchmark::Kind::pmpm, 420.0};
  CHECK(*benchmark_total(p, c) == Approx(5040000.0));
  c.benchmark = Benchmark{Benchmark::Kind::per_capita, 5040.0};
  CHECK(*benchmark_total(p, c) == Approx(5040000.0));
  c.benchmark = Benchmark{Benchmark::Kind::total, 5040000.0};
  CHECK(*benchmark_total(p, c) == Approx(5040000.0));
  // Baseline $400 PMPM x 1.05 = $420 PMPM x 12,000 = $5,040,000.
  c.benchmark = Benchmark{Benchmark::Kind::baseline_trend, 0.05};
  CHECK(*benchmark_total(p, c) == Approx(5040000.0));
  // Risk adjusted: x 1.1 / 1.0 = $5,544,000.
  c.risk_adjust = true;
  CHECK(*benchmark_total(p, c) == Approx(5544000.0));
}

TEST_CASE("quality multiplies the sharing rate, then sequestration, then the cap", "[settlement]") {
  // B = 1,000,000, E = 800,000: G = 200,000 (20%). Sharing 0.5 x quality 0.9
  // = 0.45: 90,000; sequestration 2%: 88,200; cap 5% of B = 50,000: paid 50,000.
  const Program p = program_with(12000, 800000.0);
  Contract c = one_sided(1e6, 0.02, 0.5);
  c.quality_score = 0.9;
  c.quality_adjustment = QualityAdjustment::multiply;
  c.sequestration = 0.02;
  c.savings_cap = 0.05;
  const Settlement s = settle(p, c, {});
  CHECK(s.final_sharing_rate == Approx(0.45));
  CHECK(s.shared_savings_before_sequestration == Approx(90000.0));
  CHECK(s.shared_savings_after_sequestration == Approx(88200.0));
  CHECK(*s.savings_cap == Approx(50000.0));
  CHECK(s.savings_capped);
  CHECK(s.shared_savings == Approx(50000.0));
  // Without the cap the sequestered amount is paid.
  c.savings_cap = 0.10;
  CHECK(settle(p, c, {}).shared_savings == Approx(88200.0));
}

TEST_CASE("a missed quality standard sets the sharing rate to zero", "[settlement]") {
  const Program p = program_with(12000, 900.0);
  Contract c = one_sided(1000.0, 0.02, 0.5);
  c.quality_standard_met = false;
  const Settlement s = settle(p, c, {});
  CHECK_FALSE(s.eligible);
  CHECK(s.final_sharing_rate == 0.0);
  CHECK(s.shared_savings == 0.0);
}

TEST_CASE("care coordination fees are paid whatever the verdict", "[settlement]") {
  // $10 PMPM x 12,000 member months = $120,000; no savings (E > B).
  const Program p = program_with(12000, 1100.0);
  Contract c = one_sided(1000.0, 0.0, 0.5);
  c.care_coordination_fee_pmpm = 10.0;
  const Settlement s = settle(p, c, {});
  CHECK_FALSE(s.eligible);
  CHECK(s.care_coordination_fees == Approx(120000.0));
  CHECK(s.net_payment == Approx(120000.0));
}

TEST_CASE("two-sided losses are shared, limited, then adjusted", "[settlement]") {
  // B = 1,000,000, E = 1,050,000: G = -50,000, loss rate 5% >= MLR 2%.
  // Loss share 0.6: 30,000; limit 2% of B = 20,000: 20,000; adjustment
  // -5,000 shrinks it to 15,000 owed.
  const Program p = program_with(12000, 1.05e6);
  Contract c = one_sided(1e6, 0.02, 0.5);
  c.two_sided = true;
  c.loss_sharing_rate = LossSharing{LossSharing::Kind::fixed, 0.6, 0, 1};
  c.loss_limit = 0.02;
  c.loss_adjustment = -5000.0;
  const Settlement s = settle(p, c, {});
  CHECK(*s.minimum_loss_rate == Approx(0.02));
  CHECK(*s.minimum_loss_rate_met);
  CHECK(s.shared_losses_before_limit == Approx(30000.0));
  CHECK(s.losses_limited);
  CHECK(s.shared_losses_after_limit == Approx(20000.0));
  CHECK(s.shared_losses == Approx(15000.0));
  CHECK(s.earned == Approx(-15000.0));
  CHECK(s.shared_savings == 0.0);
}

TEST_CASE("losses within the minimum loss rate are not owed", "[settlement]") {
  // G = -10,000 on B = 1,000,000: 1% < MLR 2%.
  const Program p = program_with(12000, 1.01e6);
  Contract c = one_sided(1e6, 0.02, 0.5);
  c.two_sided = true;
  c.loss_sharing_rate = LossSharing{LossSharing::Kind::fixed, 0.6, 0, 1};
  const Settlement s = settle(p, c, {});
  CHECK_FALSE(*s.minimum_loss_rate_met);
  CHECK(s.shared_losses == 0.0);
}

TEST_CASE("the loss sharing rate can be the clamped complement of the final sharing rate",
          "[settlement]") {
  // Final sharing 0.5 x quality 0.9 = 0.45; 1 - 0.45 = 0.55 within [0.4, 0.75].
  // Loss 100,000 x 0.55 = 55,000. With quality 0.2: 1 - 0.1 = 0.9 -> 0.75.
  const Program p = program_with(12000, 1.1e6);
  Contract c = one_sided(1e6, 0.0, 0.5);
  c.two_sided = true;
  c.quality_score = 0.9;
  c.quality_adjustment = QualityAdjustment::multiply;
  c.loss_sharing_rate = LossSharing{LossSharing::Kind::complement_of_sharing_rate, 0, 0.4, 0.75};
  Settlement s = settle(p, c, {});
  CHECK(*s.loss_sharing_rate == Approx(0.55));
  CHECK(s.shared_losses == Approx(55000.0));
  c.quality_score = 0.2;
  s = settle(p, c, {});
  CHECK(*s.loss_sharing_rate == Approx(0.75));
}

TEST_CASE("a revenue-based loss limit is capped by the benchmark-based one", "[settlement]") {
  // Loss 100,000 x 0.3 = 30,000. Revenue 200,000 x 8% = 16,000 vs 4% of B
  // = 40,000: the smaller, 16,000, applies.
  const Program p = program_with(12000, 1.1e6);
  Contract c = one_sided(1e6, 0.0, 0.5);
  c.two_sided = true;
  c.loss_sharing_rate = LossSharing{LossSharing::Kind::fixed, 0.3, 0, 1};
  c.loss_limit = 0.04;
  c.loss_limit_revenue = 0.08;
  c.participant_revenue = 200000.0;
  const Settlement s = settle(p, c, {});
  CHECK(*s.loss_limit == Approx(16000.0));
  CHECK(s.shared_losses == Approx(16000.0));
}

TEST_CASE("the efficiency gate needs every listed metric to improve", "[settlement]") {
  // inpatient_days 1,000 -> 900 (-10%), er_visits 500 -> 510 (+2%): ER worsened.
  const Program p =
      program_with_metrics({{"inpatient_days", {1000, 900}}, {"er_visits", {500, 510}}});
  std::vector<std::string> notes;
  const auto utilization = utilization_changes(p, {}, notes);
  EfficiencyGate gate{{"inpatient_days", "er_visits"}, std::nullopt, 0, false};
  EfficiencyGateResult result = evaluate_efficiency_gate(gate, utilization);
  CHECK_FALSE(result.passed);
  CHECK(result.required == 2);
  CHECK(result.improved == 1);
  CHECK(result.metrics[0].verdict == GateVerdict::improved);
  CHECK(*result.metrics[0].improvement == Approx(0.10));
  CHECK(result.metrics[1].verdict == GateVerdict::worsened);
  CHECK(*result.metrics[1].improvement == Approx(-0.02));
  // "require": 1 passes with one improved metric.
  gate.require = 1;
  CHECK(evaluate_efficiency_gate(gate, utilization).passed);
}

TEST_CASE("holding a metric level is not an improvement", "[settlement]") {
  // Anthem: "improve ... not merely attain previous levels".
  const Program p = program_with_metrics({{"inpatient_days", {1000, 1000}}});
  std::vector<std::string> notes;
  const auto utilization = utilization_changes(p, {}, notes);
  const auto result =
      evaluate_efficiency_gate({{"inpatient_days"}, std::nullopt, 0, false}, utilization);
  CHECK_FALSE(result.passed);
  CHECK(result.metrics[0].verdict == GateVerdict::unchanged);
}

TEST_CASE("a minimum improvement and significance tighten the gate", "[settlement]") {
  // 1,000 -> 990 is a 1% drop: below a 2% minimum. 100 -> 95 events is a 5%
  // drop but not significant (log-method CI of 0.95 spans 1).
  const Program p =
      program_with_metrics({{"inpatient_days", {1000, 990}}, {"er_visits", {100, 95}}});
  std::vector<std::string> notes;
  const auto utilization = utilization_changes(p, {}, notes);
  auto result =
      evaluate_efficiency_gate({{"inpatient_days"}, std::nullopt, 0.02, false}, utilization);
  CHECK(result.metrics[0].verdict == GateVerdict::below_minimum);
  result = evaluate_efficiency_gate({{"er_visits"}, std::nullopt, 0, true}, utilization);
  CHECK(result.metrics[0].verdict == GateVerdict::not_significant);
  CHECK_FALSE(result.passed);
}

TEST_CASE("a failed gate makes savings ineligible however large", "[settlement]") {
  const Program base = program_with_metrics({{"er_visits", {500, 510}}});
  Program p = base;
  p.performance.expenditure = 800.0;
  Contract c = one_sided(1000.0, 0.02, 0.5);
  c.efficiency_gate = EfficiencyGate{{"er_visits"}, std::nullopt, 0, false};
  std::vector<std::string> notes;
  const Settlement s = settle(p, c, utilization_changes(p, {}, notes));
  CHECK(s.minimum_savings_rate_met);
  CHECK_FALSE(s.efficiency_gate->passed);
  CHECK_FALSE(s.eligible);
  CHECK(s.shared_savings == 0.0);
}

TEST_CASE("break-even shows the spending that meets the MSR and the saving still needed",
          "[settlement]") {
  // B = 1,000,000, MSR 2%: met at spending <= 980,000. E = 990,000: 10,000
  // more savings needed, 10,000 / 990,000 = 1.0101% of spending.
  const Program p = program_with(12000, 990000.0);
  Contract c = one_sided(1e6, 0.02, 0.5);
  c.savings_cap = 0.10;
  const Settlement s = settle(p, c, {});
  CHECK(*s.headroom.msr_expenditure == Approx(980000.0));
  CHECK(*s.headroom.savings_needed == Approx(10000.0));
  CHECK(*s.headroom.savings_needed_share == Approx(0.0101010101));
  // Cap 100,000 = G x 0.5: binds at G = 200,000, spending 800,000; 190,000 to go.
  CHECK(*s.headroom.cap_expenditure == Approx(800000.0));
  CHECK(*s.headroom.cap_headroom == Approx(190000.0));
}

TEST_CASE("two-sided break-even shows where losses start and their maximum", "[settlement]") {
  // MLR 2% on B = 1,000,000: losses owed above 1,020,000; limit 5% = 50,000.
  const Program p = program_with(12000, 1.05e6);
  Contract c = one_sided(1e6, 0.02, 0.5);
  c.two_sided = true;
  c.loss_sharing_rate = LossSharing{LossSharing::Kind::fixed, 0.6, 0, 1};
  c.loss_limit = 0.05;
  const Settlement s = settle(p, c, {});
  CHECK(*s.headroom.loss_expenditure == Approx(1020000.0));
  CHECK(*s.headroom.max_shared_losses == Approx(50000.0));
}

TEST_CASE("a failed gate metric shows the change per 1,000 it still needs", "[settlement]") {
  // er_visits 500 -> 510 events over 120,000 member months each: 50 -> 51
  // per 1,000; with a 2% minimum it must reach 50 x 0.98 = 49: a change of
  // 49 - 51 = -2 per 1,000.
  const Program p = program_with_metrics({{"er_visits", {500, 510}}});
  std::vector<std::string> notes;
  const auto result = evaluate_efficiency_gate({{"er_visits"}, std::nullopt, 0.02, false},
                                               utilization_changes(p, {}, notes));
  CHECK(*result.metrics[0].required_per_1000 == Approx(49.0));
  CHECK(*result.metrics[0].required_change_per_1000 == Approx(-2.0));
}

TEST_CASE("the chance of a loss matches the Buckhead FMV example", "[settlement]") {
  // Buckhead FMV's note: expected spending 2% under a $10,000 benchmark with
  // sigma about 4.5% gives a 32.7% chance of a loss. Normal model, sigma =
  // cv x expected spending = 0.045 x 9,800 = 441: P(E > 10,000) =
  // 1 - Phi(200 / 441) = 1 - Phi(0.4535) = 0.3251, within "about" of 32.7%.
  CHECK(1.0 - probability_at_most(10000.0, 9800.0, 0.045) == Approx(0.3251).margin(0.0005));
  CHECK(1.0 - probability_at_most(10000.0, 9800.0, 0.045) == Approx(0.327).margin(0.005));
  // P(savings rate >= MSR 2%) = P(E <= 9,800) = 0.5 exactly at the mean.
  CHECK(probability_at_most(9800.0, 9800.0, 0.045) == Approx(0.5));
  const Program p = program_with(12, 9800.0);
  Contract c = one_sided(10000.0, 0.02, 0.5);
  c.spending_cv = 0.045;
  const Settlement s = settle(p, c, {});
  CHECK(*s.headroom.probability_msr_met == Approx(0.5));
  CHECK(*s.headroom.probability_loss == Approx(0.3251).margin(0.0005));
}
