// The effect against a comparison group: every figure worked by hand in its
// comment from the definitions (README "Comparison groups"), and the
// properties any difference in differences must have.
#include <catch2/catch.hpp>
#include <cmath>

#include "acocalc/report.h"
#include "acocalc/settlement.h"

namespace acocalc {
namespace {

Metric metric(const char* name, double count) {
  Metric m;
  m.name = name;
  m.count = count;
  return m;
}

Measure measure(const char* name, double numerator, double denominator) {
  Measure m;
  m.name = name;
  m.numerator = numerator;
  m.denominator = denominator;
  return m;
}

Period period(double member_months, double expenditure, double sd, double days, double er,
              double ldl, double ldl_n) {
  Period p;
  p.member_months = member_months;
  p.expenditure = expenditure;
  p.spending_sd = sd;
  p.utilization = {metric("inpatient_days", days), metric("er_visits", er)};
  p.quality = {measure("diabetes_ldl_control", ldl, ldl_n)};
  return p;
}

// Program: 120,000 member months a period, $400 -> $410 PMPM; comparison:
// 1,200,000 member months, $400 -> $420 PMPM.
Program demo() {
  Program program;
  program.id = "demo";
  program.baseline = period(120'000, 48'000'000, 9'000, 5'000, 3'000, 600, 1'000);
  program.performance = period(120'000, 49'200'000, 9'000, 4'600, 2'900, 650, 1'000);
  ComparisonGroup c;
  c.label = "Market";
  c.baseline = period(1'200'000, 480'000'000, 9'500, 50'000, 30'000, 6'000, 10'000);
  c.performance = period(1'200'000, 504'000'000, 9'500, 46'500, 28'000, 6'200, 10'000);
  program.comparison = c;
  return program;
}

TEST_CASE("spending: difference in differences, counterfactual and interval by hand") {
  const Program program = demo();  // the report views its names
  const ProgramReport report = compute_report(program, ReportOptions{});
  REQUIRE(report.comparison.has_value());
  const SpendingEffect& s = report.comparison->spending;
  // (410 - 400) - (420 - 400) = -10 PMPM; x 12 = -120 a member-year.
  CHECK(*s.did_pmpm == Approx(-10));
  CHECK(*s.did_per_member_year == Approx(-120));
  // 400 + 20 = 420; -10 / 420 = -2.38095%; -10 x 120,000 = -$1,200,000.
  CHECK(*s.counterfactual_pmpm == Approx(420));
  CHECK(*s.relative_effect == Approx(-10.0 / 420));
  CHECK(*s.total_effect == Approx(-1'200'000));
  // SE = sqrt(2 x 9000^2 / 10,000 + 2 x 9500^2 / 100,000) = sqrt(18,005)
  // = 134.183; z 1.959964: -120 -/+ 262.994.
  const double half = 1.959963985 * std::sqrt(18'005.0);
  CHECK(*s.ci_low == Approx(-120 - half).epsilon(1e-9));
  CHECK(*s.ci_high == Approx(-120 + half).epsilon(1e-9));
  CHECK(s.significant == false);
}

TEST_CASE("utilization: ratio of rate ratios and its log-method interval by hand") {
  const Program program = demo();  // the report views its names
  const ProgramReport report = compute_report(program, ReportOptions{});
  const MetricEffect& days = report.comparison->utilization[0];
  CHECK(days.name == "inpatient_days");
  // Rates per 1,000: 500 -> 460 and 500 -> 465. DiD = -40 - (-35) = -5.
  CHECK(*days.did_per_1000 == Approx(-5));
  // (460 / 500) / (465 / 500) = 0.989247.
  CHECK(*days.ratio_of_rate_ratios == Approx(460.0 / 465.0));
  // sqrt(1/5000 + 1/4600 + 1/50000 + 1/46500) = 0.0214218.
  const double se = std::sqrt(1 / 5000.0 + 1 / 4600.0 + 1 / 50000.0 + 1 / 46500.0);
  CHECK(*days.ci_low == Approx(460.0 / 465.0 * std::exp(-1.959963985 * se)).epsilon(1e-9));
  CHECK(*days.ci_high == Approx(460.0 / 465.0 * std::exp(1.959963985 * se)).epsilon(1e-9));
  CHECK(days.significant == false);
  CHECK(days.improved == true);  // below 1, lower is better
  // ER: 300 -> 290 against 300 -> 280: ratio 1.0357, worse than the market.
  const MetricEffect& er = report.comparison->utilization[1];
  CHECK(*er.ratio_of_rate_ratios == Approx((290.0 / 300) / (280.0 / 300)));
  CHECK(er.improved == false);
}

TEST_CASE("quality: difference in differences of proportions and its Wald interval by hand") {
  const Program program = demo();  // the report views its names
  const ProgramReport report = compute_report(program, ReportOptions{});
  const MeasureEffect& ldl = report.comparison->quality[0];
  // (0.65 - 0.60) - (0.62 - 0.60) = 0.03.
  CHECK(*ldl.did_points == Approx(0.03));
  // Var = .6x.4/1000 + .65x.35/1000 + .6x.4/10000 + .62x.38/10000 = 0.00051506.
  const double half = 1.959963985 * std::sqrt(0.00051506);
  CHECK(*ldl.ci_low == Approx(0.03 - half).epsilon(1e-9));
  CHECK(*ldl.ci_high == Approx(0.03 + half).epsilon(1e-9));
  CHECK(ldl.significant == false);
  CHECK(ldl.improved == true);
}

TEST_CASE("the comparison-trended benchmark is T0 PMPM x C1/C0 x T1 member months") {
  Program program = demo();
  Contract contract;
  contract.benchmark = Benchmark{.kind = Benchmark::Kind::comparison_trend, .value = 0};
  contract.sharing_rate = 0.5;
  // 400 x (420 / 400) x 120,000 = $50,400,000.
  CHECK(*benchmark_total(program, contract) == Approx(50'400'000));
  // Risk adjusted: x 1.05 / 1.0.
  program.baseline->risk_score = 1.0;
  program.performance.risk_score = 1.05;
  contract.risk_adjust = true;
  CHECK(*benchmark_total(program, contract) == Approx(52'920'000));
}

TEST_CASE("swapping program and comparison negates every difference and inverts every ratio") {
  const Program program = demo();
  Program swapped = program;
  swapped.baseline = program.comparison->baseline;
  swapped.performance = program.comparison->performance;
  swapped.comparison->baseline = *program.baseline;
  swapped.comparison->performance = program.performance;
  const ProgramReport a = compute_report(program, ReportOptions{});
  const ProgramReport b = compute_report(swapped, ReportOptions{});
  CHECK(*b.comparison->spending.did_pmpm == Approx(-*a.comparison->spending.did_pmpm));
  for (std::size_t i = 0; i < a.comparison->utilization.size(); ++i) {
    const MetricEffect& x = a.comparison->utilization[i];
    const MetricEffect& y = b.comparison->utilization[i];
    CHECK(*y.did_per_1000 == Approx(-*x.did_per_1000));
    CHECK(*y.ratio_of_rate_ratios == Approx(1 / *x.ratio_of_rate_ratios));
    CHECK(*y.ci_low == Approx(1 / *x.ci_high));
  }
  CHECK(*b.comparison->quality[0].did_points == Approx(-*a.comparison->quality[0].did_points));
}

TEST_CASE("identical groups give no effect, with intervals straddling it") {
  Program program = demo();
  program.comparison->baseline = *program.baseline;
  program.comparison->performance = program.performance;
  const ProgramReport report = compute_report(program, ReportOptions{});
  const ComparisonEffect& c = *report.comparison;
  CHECK(*c.spending.did_pmpm == 0);
  CHECK(*c.spending.ci_low < 0);
  CHECK(*c.spending.ci_high > 0);
  for (const MetricEffect& m : c.utilization) {
    CHECK(*m.ratio_of_rate_ratios == Approx(1));
    CHECK(*m.ci_low < 1);
    CHECK(*m.ci_high > 1);
    CHECK(m.significant == false);
  }
  CHECK(*c.quality[0].did_points == Approx(0).margin(1e-15));
  CHECK(c.quality[0].significant == false);
}

TEST_CASE("what the comparison group lacks is null with a note") {
  Program program = demo();
  program.comparison->baseline.utilization.pop_back();  // no er_visits at baseline
  program.comparison->baseline.spending_sd.reset();
  program.comparison->performance.quality[0].numerator.reset();
  program.comparison->performance.quality[0].denominator.reset();
  program.comparison->performance.quality[0].rate = 0.62;
  program.comparison->performance.utilization.push_back(metric("lab_visits", 10));
  const ProgramReport report = compute_report(program, ReportOptions{});
  const ComparisonEffect& c = *report.comparison;
  CHECK_FALSE(c.spending.ci_low.has_value());
  CHECK_FALSE(c.spending.significant.has_value());
  CHECK(c.spending.did_pmpm.has_value());
  CHECK_FALSE(c.utilization[1].did_per_1000.has_value());
  CHECK(c.quality[0].did_points.has_value());
  CHECK_FALSE(c.quality[0].ci_low.has_value());
  const auto has = [&](std::string_view text) {
    for (const auto& note : report.notes) {
      if (note.find(text) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(has("spending_sd"));
  CHECK(has("er_visits: not in both periods of the comparison group"));
  CHECK(has("diabetes_ldl_control: comparison: a rate was given without numerator"));
  CHECK(has("comparison: lab_visits: not utilization metrics of the program, ignored"));
}

}  // namespace
}  // namespace acocalc
