// Number formatting for renderers: decimal rounding half away from zero on
// the shortest representation of a double (so 2.675 rounds to 2.68), thousands
// separators without the locale, and no negative zero.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace acocalc {

// 10^0 to 10^19: every power of ten a 64-bit unsigned integer holds.
inline constexpr std::array<std::uint64_t, 20> kPowersOf10 = [] {
  std::array<std::uint64_t, 20> powers{};
  std::uint64_t power = 1;
  for (auto& p : powers) {
    p = power;
    power *= 10;
  }
  return powers;
}();

// `x` with `decimals` digits after the point, rounded half away from zero.
std::string fixed(double x, int decimals);
void append_fixed(std::string& out, double x, int decimals);

// `x` rounded like fixed(), as a number (money to cents: decimals = 2).
double round_to(double x, int decimals);

// The digits round_to() keeps: |x| (finite, not 0) as significand x
// 10^exponent, its shortest digits rounded half away from zero to
// `decimals` places (0 or more). Already short enough, they are x's own
// digits (exponent >= -decimals); else exponent is -decimals, and the
// significand 0 when nothing is left.
struct RoundedDigits {
  std::uint64_t significand = 0;
  int exponent = 0;
};
RoundedDigits rounded_digits(double x, int decimals);

// fixed() with thousands separators: 4700000 -> "4,700,000.00".
std::string grouped(double x, int decimals);

// A date held as yyyymmdd (20240101) as ISO 8601 text: "2024-01-01".
std::string iso_date(int yyyymmdd);

// "$4,700,000.00", "-$12.50".
std::string money(double x);
void append_money(std::string& out, double x);

// A fraction as a percent: 0.18 -> "18.0%" (decimals after the point).
std::string percent(double fraction, int decimals);
void append_percent(std::string& out, double fraction, int decimals);

// Like percent() and grouped(), with a sign always: "+3.8%", "-45.20".
std::string signed_percent(double fraction, int decimals);
std::string signed_grouped(double x, int decimals);

// Text from the input made safe for a terminal: control characters (escape,
// bell, line breaks...) become visible escapes such as "\x1B".
std::string printable(const std::string& text);

}  // namespace acocalc
