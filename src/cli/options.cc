#include "cli/options.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "json/format.h"

namespace acocalc {
namespace {

// `text` quoted for a message: control characters escaped, long text cut.
std::string quoted(std::string_view text) {
  constexpr std::size_t kLongest = 40;
  if (text.size() > kLongest) {
    return fmt::format("\"{}...\" ({} bytes)", printable(std::string(text.substr(0, kLongest - 3))),
                       text.size());
  }
  return "\"" + printable(std::string(text)) + "\"";
}

}  // namespace

std::optional<double> parse_option_number(std::string_view text, const OptionRule& rule,
                                          std::string* error) {
  // A zero is echoed as "0", whatever its sign: no message says "-0".
  bool zero = false;
  const auto refuse = [&] {
    *error = fmt::format("must be {}, got {}", rule.text, zero ? "0" : quoted(text));
    return std::nullopt;
  };
  std::string_view digits = text;
  const bool percent = rule.percent && !digits.empty() && digits.back() == '%';
  if (percent) digits.remove_suffix(1);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double x = 0;
  const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  const bool whole = end == digits.data() + digits.size();
  if (whole &&
      (status == std::errc::result_out_of_range || (status == std::errc() && !std::isfinite(x)))) {
    // Not echoed: a message never says "nan" or "inf".
    *error = fmt::format("must be {}, got {}", rule.text,
                         status == std::errc() ? "a value that is not a finite number"
                                               : "a value beyond the range of a double");
    return std::nullopt;
  }
  // A number starts with a digit or a point after its sign.
  const std::size_t first = !digits.empty() && digits.front() == '-' ? 1 : 0;
  if (status != std::errc() || !whole || digits.size() <= first ||
      !(std::isdigit(static_cast<unsigned char>(digits[first])) || digits[first] == '.')) {
    return refuse();
  }
  zero = x == 0;
  if (percent) x /= 100.0;
  const bool below = rule.min_exclusive ? !(x > rule.min) : !(x >= rule.min);
  if (below || !(x <= rule.max) || (rule.integer && std::floor(x) != x)) return refuse();
  return x == 0 ? 0.0 : x;
}

std::string option_number_text(double x) {
  if (!std::isfinite(x)) return "n/a";
  return fmt::format("{}", x == 0 ? 0.0 : x);
}

}  // namespace acocalc
