// What-if scenarios: changes applied to a program, settled again.
#include "acocalc/whatif.h"

#include <catch2/catch.hpp>

#include "acocalc/mssp_benchmark.h"
#include "acocalc/report.h"

using namespace acocalc;

namespace {

Program sample() {
  Program p;
  p.id = "w";
  p.baseline = Period{};
  p.baseline->member_months = 12000;
  p.baseline->utilization.push_back({"er_visits", 500.0, {}, {}});
  p.performance.member_months = 12000;
  p.performance.expenditure = 990000.0;
  p.performance.utilization.push_back({"er_visits", 510.0, {}, {}});
  Contract c;
  c.benchmark = Benchmark{Benchmark::Kind::total, 1e6};
  c.minimum_savings_rate = MinimumRate{false, 0.02};
  c.sharing_rate = 0.5;
  c.efficiency_gate = EfficiencyGate{{"er_visits"}, std::nullopt, 0, false};
  p.contract = c;
  return p;
}

ByType all(double x) { return {x, x, x, x}; }

// A program of 1,000 PY person-years whose benchmark is computed from its
// inputs: an initial agreement starting 2024-01-01 with every figure alike
// for every type and year (per capita, national and regional 10,000, risk
// and demographic scores 1, market shares 0, ACPT 1), so that the historical
// benchmark is 10,000, no adjustment applies, and the update is two thirds
// of the regional growth plus one third of the ACPT.
Program acpt_sample() {
  MsspBenchmarkInputs in;
  in.agreement_start = 20240101;
  in.agreement_type = AgreementType::initial;
  in.performance_year = 2024;
  for (BenchmarkYearFigures& y : in.benchmark_years) {
    y.per_capita_expenditure = all(10000);
    y.risk_score = all(1);
    y.national_per_capita = all(10000);
    y.regional_per_capita = all(10000);
  }
  BenchmarkYearFigures& by3 = in.benchmark_years[2];
  by3.person_years = all(250);
  by3.demographic_risk_score = all(1);
  by3.market_share = 0;
  in.dual_share = 0;
  in.performance.person_years = all(250);
  in.performance.risk_score = all(1);
  in.performance.demographic_risk_score = all(1);
  in.performance.national_per_capita = all(10000);
  in.performance.regional_per_capita = all(10000);
  in.performance.market_share = 0;
  in.acpt = all(1);
  Program p = sample();
  p.performance.utilization.clear();
  p.contract->efficiency_gate.reset();
  p.contract->benchmark = Benchmark{Benchmark::Kind::mssp_inputs, 0, in};
  return p;
}

// acpt_sample() as a first agreement of 2013: no regional figures, market
// shares or ACPT; its update is the flat `update` dollars of 425.602(b),
// and newly assigned beneficiaries (10 person-years a type) have their own
// risk score `newly_assigned_risk`.
Program first_agreement_2013(double update, double newly_assigned_risk) {
  Program p = acpt_sample();
  MsspBenchmarkInputs& in = *p.contract->benchmark->mssp_inputs;
  in.agreement_start = 20130101;
  in.performance_year = 2013;
  for (BenchmarkYearFigures& y : in.benchmark_years) y.regional_per_capita.reset();
  in.performance.regional_per_capita.reset();
  in.performance.national_per_capita.reset();
  in.performance.market_share.reset();
  in.benchmark_years[2].market_share.reset();
  in.dual_share.reset();
  in.acpt.reset();
  in.projected_national_growth = all(update);
  in.newly_assigned_person_years = all(10);
  in.newly_assigned_risk_score = all(newly_assigned_risk);
  return p;
}

}  // namespace

TEST_CASE("a spending cut can clear the MSR", "[whatif]") {
  // E 990,000 x (1 - 0.02) = 970,200: G = 29,800 = 2.98% >= 2%.
  Scenario scenario;
  scenario.expenditure_change = -0.02;
  const Program changed = apply_scenario(sample(), scenario);
  CHECK(*changed.performance.expenditure == Approx(970200.0));
  const auto s = *compute_report(changed, {}).settlement;
  CHECK(*s.savings_rate == Approx(0.0298));
  CHECK(s.minimum_savings_rate_met);
  CHECK_FALSE(s.eligible);  // the gate still fails: ER visits rose
}

TEST_CASE("a utilization change can pass the gate", "[whatif]") {
  // 510 x (1 - 0.05) = 484.5 < 500: ER visits improve.
  Scenario scenario;
  scenario.expenditure_change = -0.02;
  scenario.utilization.emplace_back("er_visits", -0.05);
  const Program changed = apply_scenario(sample(), scenario);
  CHECK(*changed.performance.utilization[0].count == Approx(484.5));
  const auto s = *compute_report(changed, {}).settlement;
  CHECK(s.efficiency_gate->passed);
  CHECK(s.eligible);
  CHECK(s.shared_savings == Approx(14900.0));  // 29,800 x 0.5
}

TEST_CASE("a fixed MSR and a quality score replace the contract's", "[whatif]") {
  Scenario scenario;
  scenario.minimum_savings_rate = 0.005;
  scenario.quality_score = 0.8;
  const Program changed = apply_scenario(sample(), scenario);
  CHECK(changed.contract->minimum_savings_rate.value == 0.005);
  CHECK(*changed.contract->quality_score == 0.8);
}

TEST_CASE("a scenario naming an unknown metric is refused", "[whatif]") {
  Scenario scenario;
  scenario.utilization.emplace_back("er_visit", -0.05);
  CHECK(scenario_problem(sample(), scenario).has_value());
  scenario.utilization.clear();
  CHECK_FALSE(scenario_problem(sample(), scenario).has_value());
}

TEST_CASE("a scenario may not take a figure beyond the input format's 2^53", "[whatif]") {
  const Program p = sample();
  Scenario s;
  s.expenditure_change = 1e15;  // 990,000 x 1e15 dollars
  auto problem = scenario_problem(p, s);
  REQUIRE(problem);
  CHECK(problem->find("2^53") != std::string::npos);
  s.expenditure_change = 1.0;  // doubled: fine
  CHECK_FALSE(scenario_problem(p, s));

  Scenario u;
  u.utilization.emplace_back("er_visits", 1e300);
  problem = scenario_problem(p, u);
  REQUIRE(problem);
  CHECK(problem->find("\"er_visits\"") != std::string::npos);
  u.utilization.back().second = 1e14;  // 5.1e16 visits: beyond 2^53
  CHECK(scenario_problem(p, u));
  u.utilization.back().second = 1e12;  // 5.1e14 visits: exact
  CHECK_FALSE(scenario_problem(p, u));
  u.utilization.back().second = -0.5;
  CHECK_FALSE(scenario_problem(p, u));
}

TEST_CASE("an MSSP two-sided contract takes only the MSR values it can elect", "[whatif]") {
  Program p = sample();
  p.contract->mssp = MsspTerms{};
  p.contract->mssp->track = MsspTrack::enhanced;
  Scenario s;
  s.minimum_savings_rate = 0.3;
  CHECK(scenario_problem(p, s));
  s.minimum_savings_rate = 0.015;
  CHECK_FALSE(scenario_problem(p, s));
}

TEST_CASE("a benchmark input change may not take the benchmark without the ACPT beyond 2^53",
          "[whatif]") {
  const Program p = acpt_sample();
  Scenario s;
  // Regional spending x (1 + 1e9): the two-way growth is 1,000,000,001, the
  // update 2/3 x 1,000,000,001 + 1/3 x 1 = 666,666,667. The benchmark is
  // 1,000 x 10,000 x 666,666,667 = 6.67e15, below 2^53 = 9.007e15; without
  // the ACPT it is 1,000 x 10,000 x 1,000,000,001 = 1.00e16, beyond.
  s.regional_spending = 1e9;
  const MsspBenchmarkCalculation c =
      mssp_benchmark(*apply_scenario(p, s).contract->benchmark->mssp_inputs);
  CHECK(c.total == Approx(6666666670000000.0));
  CHECK(*c.total_without_acpt == Approx(10000000010000000.0));
  const auto problem = scenario_problem(p, s);
  REQUIRE(problem);
  CHECK(*problem ==
        "the benchmark input change makes the benchmark without the ACPT beyond 2^53 = "
        "9007199254740992 dollars, the largest figure a double holds exactly");
  // x (1 + 1e8): 1,000 x 10,000 x 100,000,001 = 1.00e15 without the ACPT.
  s.regional_spending = 1e8;
  CHECK_FALSE(scenario_problem(p, s));
}

TEST_CASE("a risk score change may not take a newly assigned risk score above 100", "[whatif]") {
  // A first agreement of 2013: newly assigned beneficiaries have their own
  // risk scores, the loader's rule for which is > 0 and at most 100.
  const Program p = first_agreement_2013(500, 60);
  Scenario s;
  s.risk_score_growth = 0.7;  // PY scores 1.7; newly assigned 60 x 1.7 = 102
  const auto problem = scenario_problem(p, s);
  REQUIRE(problem);
  CHECK(*problem == "the risk score change makes a newly assigned risk score above 100");
  s.risk_score_growth = 0.6;  // 60 x 1.6 = 96
  CHECK_FALSE(scenario_problem(p, s));
}

TEST_CASE("a benchmark input change may not take the benchmark to 0 or below", "[whatif]") {
  // A first agreement of 2013, its update a flat -9,000 dollars added after
  // the risk ratio: 10,000 x ratio - 9,000 per capita, over 1,000
  // person-years. Risk scores x 0.05 make every ratio 0.05:
  // 10,000 x 0.05 - 9,000 = -8,500, a benchmark of -8,500,000 dollars.
  const Program p = first_agreement_2013(-9000, 1);
  CHECK(mssp_benchmark(*p.contract->benchmark->mssp_inputs).total ==
        Approx(1000000.0));  // 1,000 x (10,000 - 9,000)
  Scenario s;
  s.risk_score_growth = -0.95;
  CHECK(mssp_benchmark(*apply_scenario(p, s).contract->benchmark->mssp_inputs).total ==
        Approx(-8500000.0));
  const auto problem = scenario_problem(p, s);
  REQUIRE(problem);
  CHECK(*problem ==
        "the benchmark input change makes a benchmark of 0 dollars or less; a benchmark must be "
        "above 0 (the savings rate divides by it)");
  s.risk_score_growth = -0.05;  // 10,000 x 0.95 - 9,000 = 500 a person-year
  CHECK_FALSE(scenario_problem(p, s));
}
