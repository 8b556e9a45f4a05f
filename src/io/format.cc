#include "io/format.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace acocalc {
namespace {

// Rounds the decimal digits of a non-negative number given as its shortest
// round-trip text in fixed notation ("2.675") to `decimals`, half up.
std::string round_decimal_text(std::string digits, int decimals) {
  std::size_t point = digits.find('.');
  if (point == std::string::npos) {
    digits += '.';
    point = digits.size() - 1;
  }
  const std::size_t keep = point + 1 + static_cast<std::size_t>(decimals);
  while (digits.size() < keep + 1) digits += '0';
  const bool round_up = digits[keep] >= '5';
  digits.resize(keep);
  if (round_up) {
    int i = static_cast<int>(digits.size()) - 1;
    for (; i >= 0; --i) {
      if (digits[i] == '.') continue;
      if (digits[i] == '9') {
        digits[i] = '0';
      } else {
        ++digits[i];
        break;
      }
    }
    if (i < 0) digits.insert(digits.begin(), '1');
  }
  if (decimals == 0) digits.pop_back();  // the point
  return digits;
}

std::string group(const std::string& text) {
  std::size_t start = text[0] == '-' ? 1 : 0;
  std::size_t end = text.find('.');
  if (end == std::string::npos) end = text.size();
  std::string out = text.substr(0, start);
  for (std::size_t i = start; i < end; ++i) {
    out += text[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + text.substr(end);
}

// The shortest round-trip digits of a non-negative finite x in fixed
// notation: fmt's "{}" may use an exponent (1e-07, 1e+20); spell it out.
std::string shortest_fixed(double x) {
  std::string text = fmt::format("{}", x);
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return text;
  const int exponent = std::atoi(text.c_str() + e + 1);
  std::string mantissa = text.substr(0, e);
  std::size_t point = mantissa.find('.');
  std::string digits = mantissa;
  if (point != std::string::npos) digits.erase(point, 1);
  const int int_digits = (point == std::string::npos ? static_cast<int>(mantissa.size())
                                                      : static_cast<int>(point)) + exponent;
  if (int_digits <= 0) return "0." + std::string(static_cast<std::size_t>(-int_digits), '0') + digits;
  if (int_digits >= static_cast<int>(digits.size())) {
    return digits + std::string(static_cast<std::size_t>(int_digits) - digits.size(), '0');
  }
  return digits.substr(0, static_cast<std::size_t>(int_digits)) + "." +
         digits.substr(static_cast<std::size_t>(int_digits));
}

// The same digits as round_decimal_text(shortest_fixed(a), decimals), for
// a non-negative finite `a` of ordinary size, built in `out` (128 bytes);
// returns the end, or nullptr when `a` is too large or too small for it.
char* write_fixed(char* out, double a, int decimals) {
  if (decimals < 0 || decimals > 40) return nullptr;
  std::uint64_t significand = 0;
  int exponent = 0;
  if (a != 0) {
    const auto decimal = fmt::detail::dragonbox::to_decimal(a);
    significand = decimal.significand;
    exponent = decimal.exponent;
    while (significand % 10 == 0) {
      significand /= 10;
      ++exponent;
    }
  }
  char digits[24];
  const int k =
      static_cast<int>(std::to_chars(digits, digits + sizeof digits, significand).ptr - digits);
  const int n = k + exponent;  // digits before the point
  if (n > 40 || n < -40) return nullptr;
  // The shortest text in fixed notation, then padded to decimals + 1 places.
  char* p = out;
  int point = 0;  // index of the point in out
  if (n <= 0) {
    *p++ = '0';
    point = 1;
    *p++ = '.';
    for (int i = 0; i < -n; ++i) *p++ = '0';
    for (int i = 0; i < k; ++i) *p++ = digits[i];
  } else if (n >= k) {
    for (int i = 0; i < k; ++i) *p++ = digits[i];
    for (int i = k; i < n; ++i) *p++ = '0';
    point = n;
    *p++ = '.';
  } else {
    for (int i = 0; i < n; ++i) *p++ = digits[i];
    point = n;
    *p++ = '.';
    for (int i = n; i < k; ++i) *p++ = digits[i];
  }
  const int keep = point + 1 + decimals;
  while (p - out < keep + 1) *p++ = '0';
  const bool round_up = out[keep] >= '5';
  p = out + keep;
  if (round_up) {
    int i = keep - 1;
    for (; i >= 0; --i) {
      if (out[i] == '.') continue;
      if (out[i] == '9') {
        out[i] = '0';
      } else {
        ++out[i];
        break;
      }
    }
    if (i < 0) {  // 9.99 -> 10.00: one more digit in front
      std::memmove(out + 1, out, static_cast<std::size_t>(keep));
      out[0] = '1';
      ++p;
    }
  }
  if (decimals == 0) --p;  // the point
  return p;
}

}  // namespace

void append_fixed(std::string& out, double x, int decimals) {
  if (!std::isfinite(x)) {
    out += "n/a";
    return;
  }
  const bool negative = x < 0;
  char text[128];
  const char* end = write_fixed(text, std::fabs(x), decimals);
  std::string slow;
  std::string_view digits;
  if (end) {
    digits = std::string_view(text, static_cast<std::size_t>(end - text));
  } else {
    slow = round_decimal_text(shortest_fixed(std::fabs(x)), decimals);
    digits = slow;
  }
  const bool zero = digits.find_first_not_of("0.") == std::string_view::npos;
  if (negative && !zero) out += '-';
  out += digits;
}

std::string fixed(double x, int decimals) {
  std::string out;
  append_fixed(out, x, decimals);
  return out;
}

RoundedDigits rounded_digits(double x, int decimals) {
  const auto decimal = fmt::detail::dragonbox::to_decimal(std::fabs(x));
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

std::string grouped(double x, int decimals) { return group(fixed(x, decimals)); }

void append_money(std::string& out, double x) {
  char text[160];
  std::string plain;
  append_fixed(plain, x, 2);
  // Group the whole part: "-1234567.50" -> "-$1,234,567.50".
  std::size_t start = plain[0] == '-' ? 1 : 0;
  std::size_t end = plain.find('.');
  if (end == std::string::npos) end = plain.size();
  char* p = text;
  if (start == 1) *p++ = '-';
  *p++ = '$';
  for (std::size_t i = start; i < end && p < text + sizeof text - 48; ++i) {
    *p++ = plain[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) *p++ = ',';
  }
  if (p >= text + sizeof text - 48) {  // beyond any realistic amount
    out += (start == 1 ? "-$" : "$") + group(plain).substr(start);
    return;
  }
  out.append(text, static_cast<std::size_t>(p - text));
  out.append(plain, end, std::string::npos);
}

std::string money(double x) {
  std::string out;
  append_money(out, x);
  return out;
}

void append_percent(std::string& out, double fraction, int decimals) {
  append_fixed(out, fraction * 100.0, decimals);
  out += '%';
}

std::string percent(double fraction, int decimals) {
  std::string out;
  append_percent(out, fraction, decimals);
  return out;
}

std::string signed_percent(double fraction, int decimals) {
  std::string text = percent(fraction, decimals);
  return text[0] == '-' || text.find_first_not_of("0.%") == std::string::npos ? text : "+" + text;
}

std::string signed_grouped(double x, int decimals) {
  std::string text = grouped(x, decimals);
  return text[0] == '-' || text.find_first_not_of("0.,") == std::string::npos ? text : "+" + text;
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
