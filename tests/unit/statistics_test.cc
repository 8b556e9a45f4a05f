#include "acocalc/statistics.h"

#include <catch2/catch.hpp>
#include <cmath>

using acocalc::Interval;
using acocalc::newcombe_difference_interval;
using acocalc::normal_cdf;
using acocalc::normal_quantile;
using acocalc::rate_ratio_interval;
using acocalc::wilson_interval;
using acocalc::z_for_confidence;
using Catch::Matchers::WithinAbs;

// Published figures are printed to 4 decimals: they agree with ours to half a
// unit in the last place.
constexpr double kFourDecimals = 0.00005;

TEST_CASE("the normal quantile matches standard tables to 1e-12", "[statistics]") {
  // Standard normal quantiles to 16 significant digits (e.g. Wichura 1988,
  // Algorithm AS 241, Applied Statistics 37:477-484, accurate to 1e-16).
  CHECK_THAT(normal_quantile(0.975), WithinAbs(1.959963984540054, 1e-12));
  CHECK_THAT(normal_quantile(0.995), WithinAbs(2.5758293035489, 1e-12));
  CHECK_THAT(normal_quantile(0.9), WithinAbs(1.2815515655446004, 1e-12));
  CHECK_THAT(normal_quantile(0.95), WithinAbs(1.6448536269514722, 1e-12));
  CHECK_THAT(normal_quantile(0.5), WithinAbs(0.0, 1e-15));
  CHECK_THAT(normal_quantile(1e-10), WithinAbs(-6.361340902404056, 1e-12));
}

TEST_CASE("the normal quantile is antisymmetric about one half", "[statistics]") {
  // Dyadic p, so that 1 - p is exact and only the quantile is under test.
  for (const double p : {0x1p-40, 0x1p-10, 0.0234375, 0.125, 0.3125, 0.4921875}) {
    CHECK_THAT(normal_quantile(1 - p) + normal_quantile(p), WithinAbs(0.0, 1e-12));
  }
}

TEST_CASE("the normal cdf inverts the normal quantile", "[statistics]") {
  CHECK(normal_cdf(0) == 0.5);
  CHECK_THAT(normal_cdf(1.959963984540054), WithinAbs(0.975, 1e-15));
  for (const double p : {1e-12, 0.001, 0.02, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999}) {
    CHECK(normal_cdf(normal_quantile(p)) == Approx(p).epsilon(1e-13));
  }
}

TEST_CASE("a 95 percent interval uses z of 1.959963984540054", "[statistics]") {
  CHECK_THAT(z_for_confidence(0.95), WithinAbs(1.959963984540054, 1e-12));
  CHECK_THAT(z_for_confidence(0.99), WithinAbs(2.5758293035489, 1e-12));
  CHECK_THAT(z_for_confidence(0.90), WithinAbs(1.6448536269514722, 1e-12));
}

TEST_CASE("the rate ratio interval of an ACO example matches a hand calculation", "[statistics]") {
  // Performance: 3425 admissions over 164,400 member-months; baseline: 2800
  // over 165,000.
  //   rates  3425 / 164400 = 1 / 48 = 0.0208333,  2800 / 165000 = 0.0169697
  //   RR     (1 / 48) / (2800 / 165000) = 165000 / (48 * 2800) = 825 / 672 = 1.2276786
  //   se     sqrt(1/3425 + 1/2800) = sqrt(0.00029197 + 0.00035714) = 0.0254777
  //   z se   1.959964 * 0.0254777 = 0.0499354,  exp(0.0499354) = 1.0512032
  //   low    1.2276786 / 1.0512032 = 1.167879
  //   high   1.2276786 * 1.0512032 = 1.290540
  const auto interval = rate_ratio_interval(2800, 165000, 3425, 164400, 0.95);
  REQUIRE(interval.has_value());
  CHECK_THAT(interval->low, WithinAbs(1.167879, 1e-6));
  CHECK_THAT(interval->high, WithinAbs(1.290540, 1e-6));
  // The point estimate is the geometric midpoint of the log interval.
  CHECK(std::sqrt(interval->low * interval->high) == Approx(825.0 / 672.0).epsilon(1e-12));
}

TEST_CASE(
    "the rate ratio interval of the breast cancer fluoroscopy data matches a hand calculation",
    "[statistics]") {
  // Counts from Boice and Monson (1977), used as the incidence-rate example
  // in Rothman, Greenland and Lash, Modern Epidemiology: 41 breast cancers in
  // 28,010 person-years among women given repeated fluoroscopy, 15 in 19,017
  // among the unexposed. The 90% interval is our hand calculation:
  //   IRR   (41 / 28010) / (15 / 19017) = 0.00146376 / 0.00078877 = 1.85576
  //   se    sqrt(1/41 + 1/15) = sqrt(0.024390 + 0.066667) = 0.301756
  //   z se  1.644854 * 0.301756 = 0.496345,  exp(0.496345) = 1.642706
  //   90% CI  1.85576 / 1.642706 = 1.1297  to  1.85576 * 1.642706 = 3.0485
  const auto interval = rate_ratio_interval(15, 19017, 41, 28010, 0.90);
  REQUIRE(interval.has_value());
  CHECK_THAT(interval->low, WithinAbs(1.1297, kFourDecimals));
  CHECK_THAT(interval->high, WithinAbs(3.0485, kFourDecimals));
}

TEST_CASE("the rate ratio interval is undefined when either count is zero", "[statistics]") {
  CHECK_FALSE(rate_ratio_interval(0, 1000, 5, 1000, 0.95).has_value());
  CHECK_FALSE(rate_ratio_interval(5, 1000, 0, 1000, 0.95).has_value());
  CHECK_FALSE(rate_ratio_interval(0, 1000, 0, 1000, 0.95).has_value());
}

TEST_CASE("swapping the two rates inverts the rate ratio interval", "[statistics]") {
  const auto forward = rate_ratio_interval(2800, 165000, 3425, 164400, 0.95);
  const auto backward = rate_ratio_interval(3425, 164400, 2800, 165000, 0.95);
  REQUIRE(forward.has_value());
  REQUIRE(backward.has_value());
  CHECK(forward->low == Approx(1 / backward->high).epsilon(1e-12));
  CHECK(forward->high == Approx(1 / backward->low).epsilon(1e-12));
}

TEST_CASE("Wilson intervals match Newcombe's published single-proportion examples",
          "[statistics]") {
  // Newcombe RG (1998). Two-sided confidence intervals for the single
  // proportion: comparison of seven methods. Stat Med 17:857-872, Table I,
  // method 3 (score interval without continuity correction), 95%.
  struct Example {
    double x, n, low, high;
  };
  const Example examples[] = {
      {81, 263, 0.2553, 0.3662},
      {15, 148, 0.0624, 0.1605},
      {0, 20, 0.0000, 0.1611},
      {1, 29, 0.0061, 0.1718},
  };
  for (const Example& e : examples) {
    INFO(e.x << " / " << e.n);
    const Interval interval = wilson_interval(e.x, e.n, 0.95);
    CHECK_THAT(interval.low, WithinAbs(e.low, kFourDecimals));
    CHECK_THAT(interval.high, WithinAbs(e.high, kFourDecimals));
  }
}

TEST_CASE("a Wilson interval of no successes starts at exactly zero", "[statistics]") {
  const Interval interval = wilson_interval(0, 20, 0.95);
  CHECK(interval.low == 0.0);
  // z^2 / (n + z^2) = 3.841459 / 23.841459 = 0.161125.
  CHECK_THAT(interval.high, WithinAbs(0.161125, 1e-6));
}

TEST_CASE("a Wilson interval of all successes ends at exactly one", "[statistics]") {
  const Interval interval = wilson_interval(20, 20, 0.95);
  CHECK(interval.high == 1.0);
  // n / (n + z^2) = 20 / 23.841459 = 0.838875.
  CHECK_THAT(interval.low, WithinAbs(0.838875, 1e-6));
}

TEST_CASE("Wilson intervals of x and n - x mirror each other", "[statistics]") {
  for (const double x : {0.0, 1.0, 7.0, 15.0, 29.0}) {
    const Interval successes = wilson_interval(x, 29, 0.95);
    const Interval failures = wilson_interval(29 - x, 29, 0.95);
    CHECK_THAT(successes.low, WithinAbs(1 - failures.high, 1e-12));
    CHECK_THAT(successes.high, WithinAbs(1 - failures.low, 1e-12));
  }
}

TEST_CASE("Newcombe difference intervals match the published method 10 examples", "[statistics]") {
  // Newcombe RG (1998). Interval estimation for the difference between
  // independent proportions: comparison of eleven methods. Stat Med
  // 17:873-890, Table II, method 10 (hybrid score, no continuity correction),
  // 95%. The table gives theta = p1 - p2 with its first sample first; our
  // function takes the baseline first and returns performance minus baseline,
  // so the table's first sample is our second argument pair.
  struct Example {
    double table_x1, table_n1, table_x2, table_n2, difference, low, high;
  };
  const Example examples[] = {
      {56, 70, 48, 80, 0.2000, 0.0524, 0.3339},  // (a)
      {9, 10, 3, 10, 0.6000, 0.1705, 0.8090},    // (b)
      {6, 7, 2, 7, 0.5714, 0.0582, 0.8062},      // (c)
      {5, 56, 0, 29, 0.0893, -0.0381, 0.1926},   // (d)
      {0, 10, 0, 20, 0.0000, -0.1611, 0.2775},   // (e)
      {0, 10, 0, 10, 0.0000, -0.2775, 0.2775},   // (f)
      {10, 10, 0, 20, 1.0000, 0.6791, 1.0000},   // (g)
      {10, 10, 0, 10, 1.0000, 0.6075, 1.0000},   // (h)
  };
  for (const Example& e : examples) {
    INFO(e.table_x1 << " / " << e.table_n1 << " minus " << e.table_x2 << " / " << e.table_n2);
    const Interval interval =
        newcombe_difference_interval(e.table_x2, e.table_n2, e.table_x1, e.table_n1, 0.95);
    CHECK_THAT(e.table_x1 / e.table_n1 - e.table_x2 / e.table_n2,
               WithinAbs(e.difference, kFourDecimals));
    CHECK_THAT(interval.low, WithinAbs(e.low, kFourDecimals));
    CHECK_THAT(interval.high, WithinAbs(e.high, kFourDecimals));
  }
}

TEST_CASE("swapping the two samples negates the Newcombe interval", "[statistics]") {
  const Interval forward = newcombe_difference_interval(48, 80, 56, 70, 0.95);
  const Interval backward = newcombe_difference_interval(56, 70, 48, 80, 0.95);
  CHECK_THAT(forward.low, WithinAbs(-backward.high, 1e-12));
  CHECK_THAT(forward.high, WithinAbs(-backward.low, 1e-12));
}

TEST_CASE("a wider confidence level widens every interval", "[statistics]") {
  const Interval wilson95 = wilson_interval(15, 148, 0.95);
  const Interval wilson99 = wilson_interval(15, 148, 0.99);
  CHECK(wilson99.low < wilson95.low);
  CHECK(wilson99.high > wilson95.high);
  const Interval newcombe95 = newcombe_difference_interval(48, 80, 56, 70, 0.95);
  const Interval newcombe99 = newcombe_difference_interval(48, 80, 56, 70, 0.99);
  CHECK(newcombe99.low < newcombe95.low);
  CHECK(newcombe99.high > newcombe95.high);
}
