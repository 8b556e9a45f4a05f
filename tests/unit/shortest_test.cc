// shortest_decimal against two independent references: reading back with
// strtod (the digits are x, and no digit fewer is), and fmt's public "{}"
// (Dragonbox, another algorithm, which gives the shortest closest digits).
#include "json/shortest.h"

#include <fmt/format.h>

#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

using namespace acocalc;

namespace {

// The significant digits of fmt's shortest text, without trailing zeros.
std::string fmt_digits(double x) {
  const std::string text = fmt::format("{}", x);
  std::string digits;
  for (char c : text.substr(0, text.find('e'))) {
    if (c == '.' || (digits.empty() && c == '0')) continue;
    digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return digits;
}

int failures = 0;

void check_shortest(double x) {
  const Decimal d = shortest_decimal(x);
  if (d.significand % 10 == 0) ++failures;  // a trailing zero
  std::string ours = std::to_string(d.significand);
  const std::string text = fmt::format("{}e{}", d.significand, d.exponent);
  bool ok = std::strtod(text.c_str(), nullptr) == std::fabs(x);
  while (ours.size() > 1 && ours.back() == '0') ours.pop_back();
  ok = ok && ours == fmt_digits(std::fabs(x));
  if (!ok && ++failures <= 10) {
    UNSCOPED_INFO(fmt::format("{:a} ({}): ours {} against fmt's {}", x, x, text,
                              fmt::format("{}", std::fabs(x))));
  }
}

}  // namespace

TEST_CASE("shortest_decimal: edge values", "[shortest]") {
  failures = 0;
  for (double x : {1.0,
                   0.1,
                   0.2,
                   0.3,
                   1.0 / 3,
                   2.0 / 3,
                   123.456,
                   14440.12,
                   238984005.53,
                   1e21,
                   1e22,
                   1e23,
                   9007199254740991.0,
                   9007199254740992.0,
                   9007199254740993.0,
                   std::numeric_limits<double>::min(),
                   std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::denorm_min(),
                   2.2250738585072009e-308,
                   4.9406564584124654e-324,
                   5e-324,
                   1e-323,
                   0.000001,
                   1e-7,
                   -2.5,
                   5e15,
                   1e16}) {
    check_shortest(x);
  }
  // Every power of two and of ten, and their neighbours.
  for (int e = -1074; e <= 1023; ++e) {
    const double p = std::ldexp(1.0, e);
    check_shortest(p);
    if (e > -1074) check_shortest(std::nextafter(p, 0.0));
    if (std::isfinite(std::nextafter(p, HUGE_VAL))) check_shortest(std::nextafter(p, HUGE_VAL));
  }
  for (int e = -323; e <= 308; ++e) {
    const double p = std::strtod(fmt::format("1e{}", e).c_str(), nullptr);
    check_shortest(p);
    if (p > std::numeric_limits<double>::denorm_min()) check_shortest(std::nextafter(p, 0.0));
    if (e < 308) check_shortest(std::nextafter(p, HUGE_VAL));
  }
  CHECK(failures == 0);
}

TEST_CASE("shortest_decimal: random doubles of every exponent, and money", "[shortest]") {
  failures = 0;
  std::mt19937_64 random(20261206);
  for (int i = 0; i < 300000; ++i) {
    const double any = std::bit_cast<double>(random());
    if (std::isfinite(any) && any != 0) check_shortest(any);
  }
  // Cents and rates as reports have them.
  std::uniform_int_distribution<std::int64_t> cents(-100000000000, 100000000000);
  std::uniform_real_distribution<double> rate(0, 2000);
  for (int i = 0; i < 100000; ++i) {
    const double c = static_cast<double>(cents(random)) / 100;
    if (c != 0) check_shortest(c);
    check_shortest(rate(random) + 1e-9);
  }
  CHECK(failures == 0);
}

TEST_CASE("shortest_decimal: significand and exponent by hand, no trailing zero", "[shortest]") {
  CHECK(shortest_decimal(1.0).significand == 1);
  CHECK(shortest_decimal(1.0).exponent == 0);
  CHECK(shortest_decimal(4700000.0).significand == 47);
  CHECK(shortest_decimal(4700000.0).exponent == 5);
  CHECK(shortest_decimal(14440.12).significand == 1444012);
  CHECK(shortest_decimal(14440.12).exponent == -2);
  CHECK(shortest_decimal(1.0 / 3).significand == 3333333333333333);
  CHECK(shortest_decimal(1.0 / 3).exponent == -16);
  CHECK(shortest_decimal(0.5).significand == 5);
  CHECK(shortest_decimal(0.5).exponent == -1);
  CHECK(shortest_decimal(1e23).significand == 1);
  CHECK(shortest_decimal(1e23).exponent == 23);
  CHECK(shortest_decimal(5e-324).significand == 5);
  CHECK(shortest_decimal(5e-324).exponent == -324);
}
