// Numbers given on the command line, under the input format's rules: finite,
// within a range (2^53 at most), worded like the loader's messages. Every
// numeric option goes through parse_option_number(); nothing else parses one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acocalc/model.h"

namespace acocalc {

struct OptionRule {
  double min = -kMaxExactWhole;
  double max = kMaxExactWhole;
  bool min_exclusive = false;
  bool integer = false;
  bool percent = false;  // "-2%" means -0.02
  const char* text = "a number";
};

// The same ranges as the input format's fields of the same meaning.
inline constexpr OptionRule kConfidenceOption{
    0.5, 0.9999, false, false, false, "a confidence level from 0.5 to 0.9999"};
inline constexpr OptionRule kFractionOption{0, 1, false, false, false, "a fraction from 0 to 1"};
inline constexpr OptionRule kSpendingCvOption{
    0, 10, true, false, false, "a coefficient of variation > 0 and at most 10"};
inline constexpr OptionRule kChangeOption{
    -1, kMaxExactWhole, false, false, true, "a change of -100% or more, such as -2% or -0.02"};
inline constexpr OptionRule kThreadsOption{1,    64,    false,
                                           true, false, "a whole number from 1 to 64"};
// --width: characters a table line (a terminal's own width is clamped to it).
inline constexpr OptionRule kWidthOption{40,   1000,  false,
                                         true, false, "a whole number from 40 to 1000"};
// The MSSP year table's years (include/acocalc/mssp.h: mssp_years()).
inline constexpr OptionRule kYearOption{2012, 2026,  false,
                                        true, false, "a performance year from 2012 to 2026"};

// The number `text` gives under `rule` (never a negative zero), or nullopt
// with `*error` saying why: "must be a fraction from 0 to 1, got \"x\"" (a
// value beyond a finite double is not echoed: no message says "nan" or "inf").
// Decimal notation only (an optional sign, digits, a point, an exponent).
std::optional<double> parse_option_number(std::string_view text, const OptionRule& rule,
                                          std::string* error);

// A number for a message or label: shortest round-trip digits, never "-0".
std::string option_number_text(double x);

}  // namespace acocalc
