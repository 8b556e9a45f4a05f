// Interval estimates: the normal quantile, Poisson rate ratios, Wilson and
// Newcombe intervals for proportions.
#include "acocalc/statistics.h"

#include <array>
#include <cassert>
#include <cmath>
#include <numbers>

namespace acocalc {

namespace {

// Acklam's rational approximation of the normal quantile (relative error
// below 1.15e-9), refined below by one Halley step. Coefficients from Peter J.
// Acklam, "An algorithm for computing the inverse normal cumulative
// distribution function" (2003).
constexpr std::array<double, 6> kCentralNumerator = {-3.969683028665376e+01, 2.209460984245205e+02,
                                                     -2.759285104469687e+02, 1.383577518672690e+02,
                                                     -3.066479806614716e+01, 2.506628277459239e+00};
constexpr std::array<double, 5> kCentralDenominator = {
    -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
    -1.328068155288572e+01};
constexpr std::array<double, 6> kTailNumerator = {-7.784894002430293e-03, -3.223964580411365e-01,
                                                  -2.400758277161838e+00, -2.549732539343734e+00,
                                                  4.374664141464968e+00,  2.938163982698783e+00};
constexpr std::array<double, 4> kTailDenominator = {7.784695709041462e-03, 3.224671290700398e-01,
                                                    2.445134137142996e+00, 3.754408661907416e+00};
constexpr double kTailBreak = 0.02425;

// Acklam's first approximation for 0 < p <= 0.5.
double acklam_lower_half(double p) {
  const auto& a = kCentralNumerator;
  const auto& b = kCentralDenominator;
  const auto& c = kTailNumerator;
  const auto& d = kTailDenominator;
  if (p < kTailBreak) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// The quantile for 0 < p <= 0.5, where z <= 0 and the cdf, through erfc, keeps
// its full relative precision, so the Halley step can reach ~1e-15.
double lower_half_quantile(double p) {
  double z = acklam_lower_half(p);
  const double density = std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
  if (density > 0) {  // Zero only past z = -38, where p is subnormal.
    const double u = (normal_cdf(z) - p) / density;
    z -= u / (1 + z * u / 2);
  }
  return z;
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double normal_quantile(double p) {
  assert(p > 0 && p < 1);
  // 1 - p is exact for p in [0.5, 1) (Sterbenz), so the upper half reuses the
  // lower half by symmetry without losing precision.
  if (p > 0.5) return -lower_half_quantile(1 - p);
  return lower_half_quantile(p);
}

double z_for_confidence(double confidence) {
  assert(confidence > 0 && confidence < 1);
  // A run asks for one level again and again (every metric of every
  // program): keep the last one.
  thread_local double last_confidence = 0;
  thread_local double last_z = 0;
  if (confidence != last_confidence) {
    last_z = -normal_quantile((1 - confidence) / 2);
    last_confidence = confidence;
  }
  return last_z;
}

std::optional<Interval> rate_ratio_interval(double count0, double exposure0, double count1,
                                            double exposure1, double confidence) {
  assert(count0 >= 0 && count1 >= 0 && exposure0 > 0 && exposure1 > 0);
  if (count0 == 0 || count1 == 0) return std::nullopt;
  const double ratio = (count1 / exposure1) / (count0 / exposure0);
  const double log_standard_error = std::sqrt(1 / count1 + 1 / count0);
  const double factor = std::exp(z_for_confidence(confidence) * log_standard_error);
  return Interval{ratio / factor, ratio * factor};
}

Interval wilson_interval(double x, double n, double confidence) {
  assert(n > 0 && x >= 0 && x <= n);
  const double z = z_for_confidence(confidence);
  const double z2 = z * z;
  const double center = (x + z2 / 2) / (n + z2);
  const double half_width = z / (n + z2) * std::sqrt(x * (n - x) / n + z2 / 4);
  // At x = 0 and x = n one bound is exactly 0 or 1 algebraically; set it so
  // rounding cannot leave it a hair inside or outside [0, 1].
  return Interval{x == 0 ? 0 : center - half_width, x == n ? 1 : center + half_width};
}

Interval newcombe_difference_interval(double x1, double n1, double x2, double n2,
                                      double confidence) {
  // Newcombe (1998), Stat Med 17:873-890, method 10, written for p2 - p1.
  const double p1 = x1 / n1;
  const double p2 = x2 / n2;
  const Interval w1 = wilson_interval(x1, n1, confidence);
  const Interval w2 = wilson_interval(x2, n2, confidence);
  const double difference = p2 - p1;
  return Interval{difference - std::hypot(p2 - w2.low, w1.high - p1),
                  difference + std::hypot(w2.high - p2, p1 - w1.low)};
}

}  // namespace acocalc
