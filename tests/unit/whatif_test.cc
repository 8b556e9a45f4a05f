// What-if scenarios: changes applied to a program, settled again.
#include "acocalc/whatif.h"

#include <catch2/catch.hpp>

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
