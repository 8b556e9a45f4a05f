// Interval estimates for rate ratios and differences of proportions.
#pragma once

#include <optional>

namespace acocalc {

// A two-sided confidence interval.
struct Interval {
  double low = 0;
  double high = 0;
};

// The standard normal quantile: the z with P(Z <= z) = p, for 0 < p < 1.
double normal_quantile(double p);

// The z of a two-sided interval at `confidence` (0.95 gives 1.959964).
double z_for_confidence(double confidence);

// The standard normal cumulative distribution P(Z <= z).
double normal_cdf(double z);

// The log-method interval of the ratio of two Poisson rates,
// (count1 / exposure1) / (count0 / exposure0): exp(log RR +- z sqrt(1/c1 + 1/c0)).
// nullopt when either count is zero (the log method has no interval there).
std::optional<Interval> rate_ratio_interval(double count0, double exposure0, double count1,
                                            double exposure1, double confidence);

// Wilson's score interval for a proportion x / n (n > 0).
Interval wilson_interval(double x, double n, double confidence);

// Newcombe's hybrid score interval (1998, method 10) for the difference of two
// independent proportions x2 / n2 - x1 / n1.
Interval newcombe_difference_interval(double x1, double n1, double x2, double n2,
                                      double confidence);

}  // namespace acocalc
