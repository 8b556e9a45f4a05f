#include "json/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "json/shortest.h"

namespace acocalc {
namespace {

// Appends `text` ("-1234567.50") with its whole part grouped in threes,
// `after_sign` between the sign and the digits: "-$1,234,567.50".
void append_grouped(std::string& out, std::string_view text, std::string_view after_sign = {}) {
  const std::size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  const std::size_t end = std::min(text.find('.'), text.size());
  out.append(text.substr(0, start));
  out.append(after_sign);
  for (std::size_t i = start; i < end; ++i) {
    out += text[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out.append(text.substr(end));
}

}  // namespace

void append_fixed(std::string& out, double x, int decimals) {
  if (!std::isfinite(x)) {
    out += "n/a";
    return;
  }
  decimals = std::max(decimals, 0);
  // x's shortest digits, rounded: significand x 10^exponent with exponent
  // >= -decimals, written out as significand, then zeros down to the last
  // decimal place, then the point put `decimals` places from the end.
  const RoundedDigits kept = x == 0 ? RoundedDigits{0, -decimals} : rounded_digits(x, decimals);
  char digits[24];
  const auto length = static_cast<int>(
      std::to_chars(digits, digits + sizeof digits, kept.significand).ptr - digits);
  const int zeros = kept.exponent + decimals;
  if (x < 0 && kept.significand != 0) out += '-';  // no "-0.00"
  if (length + zeros <= decimals)
    out.append(static_cast<std::size_t>(decimals + 1 - length - zeros), '0');
  out.append(digits, static_cast<std::size_t>(length));
  out.append(static_cast<std::size_t>(zeros), '0');
  if (decimals > 0) out.insert(out.end() - decimals, '.');
}

std::string fixed(double x, int decimals) {
  std::string out;
  append_fixed(out, x, decimals);
  return out;
}

RoundedDigits rounded_digits(double x, int decimals) {
  const Decimal decimal = shortest_decimal(x);
  const int drop = -decimals - decimal.exponent;  // digits to remove
  if (drop <= 0) return {decimal.significand, decimal.exponent};
  std::uint64_t kept = 0;
  if (drop < 20) {
    const std::uint64_t power = kPowersOf10[static_cast<std::size_t>(drop)];
    kept = decimal.significand / power;
    if (decimal.significand % power >= power / 2) ++kept;  // half away from zero
  }
  return {kept, -decimals};
}

double round_to(double x, int decimals) {
  // The same rounding as fixed(), on the shortest digits as an integer.
  // When the kept digits fit in 2^53, dividing them by 10^decimals (exact
  // below 10^22) is one correctly rounded operation, so the result is the
  // double the decimal text would parse to.
  if (x == 0) return 0.0;
  if (std::isfinite(x) && decimals >= 0 && decimals <= 15) {
    const RoundedDigits kept = rounded_digits(x, decimals);
    if (kept.exponent > -decimals) return x;  // no more decimals than asked
    if (kept.significand == 0) return 0.0;
    if (kept.significand <= (std::uint64_t{1} << 53)) {
      const double magnitude = static_cast<double>(kept.significand) /
                               static_cast<double>(kPowersOf10[static_cast<std::size_t>(decimals)]);
      return x < 0 ? -magnitude : magnitude;
    }
  }
  const double rounded = std::strtod(fixed(x, decimals).c_str(), nullptr);
  return rounded == 0 ? 0.0 : rounded;
}

std::string iso_date(int yyyymmdd) {
  return fmt::format("{:04}-{:02}-{:02}", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
}

std::string grouped(double x, int decimals) {
  std::string out;
  append_grouped(out, fixed(x, decimals));
  return out;
}

void append_money(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "n/a";  // not "$n/a"
    return;
  }
  std::string plain;
  append_fixed(plain, x, 2);
  append_grouped(out, plain, "$");
}

std::string money(double x) {
  std::string out;
  append_money(out, x);
  return out;
}

void append_percent(std::string& out, double fraction, int decimals) {
  if (!std::isfinite(fraction)) {
    out += "n/a";  // not "n/a%"
    return;
  }
  const double scaled = fraction * 100.0;
  if (std::isfinite(scaled)) {
    append_fixed(out, scaled, decimals);
  } else {
    // Beyond 1.8e306 a fraction is a whole number: its digits and two zeros
    // (the JSON report holds the same figure).
    append_fixed(out, fraction, 0);
    out += "00";
    if (decimals > 0) out += "." + std::string(static_cast<std::size_t>(decimals), '0');
  }
  out += '%';
}

std::string percent(double fraction, int decimals) {
  std::string out;
  append_percent(out, fraction, decimals);
  return out;
}

std::string signed_percent(double fraction, int decimals) {
  std::string text = percent(fraction, decimals);
  return text[0] == '-' || text == "n/a" || text.find_first_not_of("0.%") == std::string::npos
             ? text
             : "+" + text;
}

std::string signed_grouped(double x, int decimals) {
  std::string text = grouped(x, decimals);
  return text[0] == '-' || text == "n/a" || text.find_first_not_of("0.,") == std::string::npos
             ? text
             : "+" + text;
}

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace acocalc
