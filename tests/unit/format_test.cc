// Renderers' number formatting: decimal rounding half away from zero.
#include "json/format.h"

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

using namespace acocalc;

TEST_CASE("money rounds half away from zero on the decimal value", "[format]") {
  // 2.675 is 2.67499999... in binary; printf would give 2.67.
  CHECK(fixed(2.675, 2) == "2.68");
  CHECK(fixed(-2.675, 2) == "-2.68");
  CHECK(fixed(0.125, 2) == "0.13");
  CHECK(fixed(1.005, 2) == "1.01");
  CHECK(fixed(9.995, 2) == "10.00");
  CHECK(round_to(2.675, 2) == 2.68);
}

TEST_CASE("no negative zero is ever printed", "[format]") {
  CHECK(fixed(-0.0, 2) == "0.00");
  CHECK(fixed(-0.001, 2) == "0.00");
  CHECK(round_to(-0.001, 2) == 0.0);
  CHECK_FALSE(std::signbit(round_to(-0.001, 2)));
  CHECK(signed_percent(-0.00001, 1) == "0.0%");
}

TEST_CASE("thousands are grouped without the locale", "[format]") {
  CHECK(grouped(4700000, 2) == "4,700,000.00");
  CHECK(grouped(999.999, 2) == "1,000.00");
  CHECK(grouped(-1234567.5, 0) == "-1,234,568");
  CHECK(money(-12.5) == "-$12.50");
  CHECK(money(132440640) == "$132,440,640.00");
}

TEST_CASE("very small and very large numbers are spelled out", "[format]") {
  CHECK(fixed(1e-7, 8) == "0.00000010");
  CHECK(fixed(1e20, 0) == "100000000000000000000");
  CHECK(fixed(1.5e-5, 4) == "0.0000");
}

TEST_CASE("percents and signs", "[format]") {
  CHECK(percent(0.18, 1) == "18.0%");
  CHECK(signed_percent(-0.18, 1) == "-18.0%");
  CHECK(signed_percent(0.038, 1) == "+3.8%");
  CHECK(signed_grouped(45.2, 2) == "+45.20");
}

TEST_CASE("round_to gives the double that the rounded decimal text reads as", "[format]") {
  // The reference: fixed()'s digits, read back by strtod (a different path:
  // text rounding, then the C library's conversion).
  const auto reference = [](double x, int decimals) {
    const double r = std::strtod(fixed(x, decimals).c_str(), nullptr);
    return r == 0 ? 0.0 : r;
  };
  std::mt19937_64 random(20261123);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 200000; ++i) {
    const double scale = std::pow(10.0, static_cast<double>(i % 36) - 12.0);
    double x = unit(random) * scale;
    if (i % 3 == 0) x = -x;
    if (i % 7 == 0) x = std::round(x * 1000.0) / 1000.0 + 0.005;  // ties in decimal
    const int decimals = i % 5 == 0 ? 0 : (i % 5 == 1 ? 4 : 2);
    const double expected = reference(x, decimals);
    const double got = round_to(x, decimals);
    if (got != expected || std::signbit(got) != std::signbit(expected)) {
      FAIL("round_to(" << x << ", " << decimals << ") = " << got << ", expected " << expected);
    }
  }
  CHECK(round_to(0.125, 2) == 0.13);
  CHECK(round_to(-1.005, 2) == -1.01);
  CHECK(round_to(9.995, 2) == 10.0);
  CHECK(round_to(145084887.355, 2) == 145084887.36);
  CHECK(round_to(1e300, 2) == 1e300);
  CHECK(round_to(4e-3, 2) == 0.0);
  CHECK(round_to(5e-3, 2) == 0.01);
  CHECK(round_to(90071992547409.93, 2) == 90071992547409.93);  // kept digits beyond 2^53
}

TEST_CASE("fixed rounds the shortest decimal digits half away from zero", "[format]") {
  // The reference: libstdc++'s shortest fixed-notation digits (to_chars
  // without a precision), rounded as text. Below 1e15, where those are the
  // shortest round-trip digits with the point placed (above, to_chars
  // prefers the exact integer to zero padding of the same length).
  const auto reference = [](double x, int decimals) {
    char buffer[512];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, std::fabs(x), std::chars_format::fixed).ptr;
    std::string digits(buffer, end);
    if (digits.find('.') == std::string::npos) digits += '.';
    const std::size_t keep = digits.find('.') + 1 + static_cast<std::size_t>(decimals);
    while (digits.size() < keep + 1) digits += '0';
    const bool up = digits[keep] >= '5';
    digits.resize(keep);
    for (int i = static_cast<int>(keep) - 1; up && i >= -1; --i) {
      if (i == -1) {
        digits.insert(digits.begin(), '1');
      } else if (digits[static_cast<std::size_t>(i)] == '.') {
        continue;
      } else if (digits[static_cast<std::size_t>(i)] == '9') {
        digits[static_cast<std::size_t>(i)] = '0';
        continue;
      } else {
        ++digits[static_cast<std::size_t>(i)];
      }
      break;
    }
    if (decimals == 0) digits.pop_back();
    const bool zero = digits.find_first_not_of("0.") == std::string::npos;
    return (x < 0 && !zero ? "-" : "") + digits;
  };
  std::mt19937_64 random(99);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 100000; ++i) {
    double x = unit(random) * std::pow(10.0, static_cast<double>(i % 40) - 25.0);
    if (i % 3 == 0) x = -x;
    if (i % 11 == 0) x = std::round(x * 100.0) / 100.0 + 0.005;
    if (i % 13 == 0) x = 9.9999999 * std::pow(10.0, static_cast<double>(i % 9));
    const int decimals = i % 4 == 0 ? 0 : (i % 4 == 1 ? 1 : (i % 4 == 2 ? 2 : 6));
    const std::string expected = reference(x, decimals);
    if (fixed(x, decimals) != expected) {
      FAIL("fixed(" << x << ", " << decimals << ") = " << fixed(x, decimals) << ", expected "
                    << expected);
    }
  }
  CHECK(fixed(1e300, 2) == "1" + std::string(300, '0') + ".00");
  CHECK(fixed(-1e-300, 3) == "0.000");
  CHECK(fixed(0.5, 0) == "1");
  CHECK(fixed(123.456, -1) == "123");  // no negative places: as 0
  CHECK(fixed(99.995, 2) == "100.00");
  CHECK(money(-1234567.5) == "-$1,234,567.50");
  CHECK(money(999.995) == "$1,000.00");
  CHECK(money(1e30) == "$1,000,000,000,000,000,000,000,000,000,000.00");
  CHECK(money(-0.004) == "$0.00");
  CHECK(money(-100) == "-$100.00");
  CHECK(percent(0.035, 1) == "3.5%");
}

TEST_CASE("n/a takes no sign, percent sign or dollar sign", "[format]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(percent(inf, 1) == "n/a");
  CHECK(signed_percent(-inf, 2) == "n/a");
  CHECK(signed_percent(std::nan(""), 2) == "n/a");
  CHECK(signed_grouped(inf, 2) == "n/a");
  CHECK(money(-inf) == "n/a");
}

TEST_CASE("a finite fraction beyond 1.8e306 is still printed as a percent", "[format]") {
  // The JSON report holds -4.8e306; the table must say the same, not n/a.
  const std::string text = signed_percent(-4.8e306, 2);
  CHECK(text.rfind("-48", 0) == 0);
  CHECK(text.size() == std::string("-48").size() + 307 + std::string(".00%").size());
  CHECK(text.substr(text.size() - 7) == "000.00%");
}
