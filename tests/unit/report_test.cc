// Per-1,000 rates, utilization and quality changes, against hand calculations.
#include "acocalc/report.h"

#include <catch2/catch.hpp>

using namespace acocalc;

namespace {

Program two_periods(double base_mm, double perf_mm) {
  Program p;
  p.id = "t";
  p.baseline = Period{};
  p.baseline->member_months = base_mm;
  p.performance.member_months = perf_mm;
  return p;
}

}  // namespace

TEST_CASE("per 1,000 is events times 12,000 over member months", "[report]") {
  // 3,425 inpatient days over 164,400 member months (13,700 member-years):
  // 3,425 / 13,700 x 1,000 = 250.0 per 1,000 member-years.
  CHECK(per_1000(3425, 164400) == Approx(250.0));
  CHECK(per_1000(0, 100) == 0.0);
}

TEST_CASE("a utilization change has rate, change, percent change and ratio", "[report]") {
  // Baseline 500 days / 12,000 mm = 500 per 1,000; performance 410 / 12,000
  // = 410: change -90, -18%, ratio 0.82; lower is better: improved.
  Program p = two_periods(12000, 12000);
  p.baseline->utilization.push_back({"inpatient_days", 500.0, {}, {}});
  p.performance.utilization.push_back({"inpatient_days", 410.0, {}, {}});
  const ProgramReport r = compute_report(p, {});
  REQUIRE(r.utilization.size() == 1);
  const MetricChange& m = r.utilization[0];
  CHECK(m.direction == Direction::lower_is_better);
  CHECK(*m.baseline_per_1000 == Approx(500.0));
  CHECK(*m.performance_per_1000 == Approx(410.0));
  CHECK(*m.change_per_1000 == Approx(-90.0));
  CHECK(*m.pct_change == Approx(-0.18));
  CHECK(*m.rate_ratio == Approx(0.82));
  CHECK(*m.improved);
  // Log-method interval: se = sqrt(1/410 + 1/500) = 0.0666260; z = 1.959964:
  // 0.82 x exp(-0.130585) = 0.719617, 0.82 x exp(0.130585) = 0.934385.
  CHECK(*m.ci_low == Approx(0.719617).epsilon(1e-5));
  CHECK(*m.ci_high == Approx(0.934385).epsilon(1e-5));
  CHECK(*m.significant);
}

TEST_CASE("a higher-is-better metric improves when it rises", "[report]") {
  Program p = two_periods(12000, 12000);
  p.baseline->utilization.push_back({"generic_dispensing", {}, 600.0, {}});
  p.performance.utilization.push_back({"generic_dispensing", {}, 630.0, {}});
  const ProgramReport r = compute_report(p, {});
  const MetricChange& m = r.utilization[0];
  CHECK(m.direction == Direction::higher_is_better);
  CHECK(*m.pct_change == Approx(0.05));
  CHECK(*m.improved);
  // Rates without counts have no interval, and a note says so.
  CHECK_FALSE(m.ci_low.has_value());
  CHECK_FALSE(m.significant.has_value());
  CHECK(r.notes.size() == 1);
}

TEST_CASE("a custom metric keeps the direction it is given", "[report]") {
  Metric metric{"care_transitions", 120.0, {}, Direction::higher_is_better};
  CHECK(direction_of_metric(metric) == Direction::higher_is_better);
  metric.direction.reset();
  CHECK(direction_of_metric(metric) == Direction::lower_is_better);
}

TEST_CASE("a zero baseline leaves percent change and ratio undefined with a note", "[report]") {
  Program p = two_periods(12000, 12000);
  p.baseline->utilization.push_back({"er_visits", 0.0, {}, {}});
  p.performance.utilization.push_back({"er_visits", 10.0, {}, {}});
  const ProgramReport r = compute_report(p, {});
  const MetricChange& m = r.utilization[0];
  CHECK(*m.change_per_1000 == Approx(10.0));
  CHECK_FALSE(m.pct_change.has_value());
  CHECK_FALSE(m.rate_ratio.has_value());
  CHECK_FALSE(m.ci_low.has_value());
  CHECK_FALSE(*m.improved);
  CHECK(r.notes.size() == 2);  // undefined percent change, no interval
}

TEST_CASE("a quality change is in points and relative", "[report]") {
  // 450/600 = 0.75 -> 510/600 = 0.85: +0.10 points, +13.33% relative.
  Program p = two_periods(12000, 12000);
  p.baseline->quality.push_back({"diabetes_ldl_control", 450.0, 600.0, {}, {}});
  p.performance.quality.push_back({"diabetes_ldl_control", 510.0, 600.0, {}, {}});
  const ProgramReport r = compute_report(p, {});
  const MeasureChange& m = r.quality[0];
  CHECK(*m.baseline_rate == Approx(0.75));
  CHECK(*m.performance_rate == Approx(0.85));
  CHECK(*m.change_points == Approx(0.10));
  CHECK(*m.pct_change == Approx(0.133333).epsilon(1e-5));
  CHECK(*m.improved);
  CHECK(*m.significant);
  CHECK(*m.ci_low < 0.10);
  CHECK(*m.ci_high > 0.10);
}

TEST_CASE("an inverse quality measure improves when it falls", "[report]") {
  Program p = two_periods(12000, 12000);
  p.baseline->quality.push_back({"hba1c_poor_control", {}, {}, 0.20, {}});
  p.performance.quality.push_back({"hba1c_poor_control", {}, {}, 0.15, {}});
  const ProgramReport r = compute_report(p, {});
  CHECK(r.quality[0].direction == Direction::lower_is_better);
  CHECK(*r.quality[0].change_points == Approx(-0.05));
  CHECK(*r.quality[0].improved);
}

TEST_CASE("known names have display names and custom names keep theirs", "[report]") {
  CHECK(display_name("inpatient_days") == "Inpatient days");
  CHECK(display_name("care_transitions") == "care_transitions");
}

TEST_CASE("a program without a contract has no settlement", "[report]") {
  Program p = two_periods(12000, 12000);
  CHECK_FALSE(compute_report(p, {}).settlement.has_value());
}
