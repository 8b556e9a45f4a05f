// The shortest decimal digits that read back as a double: the project's own
// conversion (Schubfach, R. Giulietti, "The Schubfach way to render
// doubles", 2020), for the JSON writer and decimal rounding.
#pragma once

#include <cstdint>

namespace acocalc {

// |x| = significand x 10^exponent with the fewest significant digits that
// read back as |x| (the closest to |x| when several are as short). `x`
// finite and not zero; the significand ends in no zero.
struct Decimal {
  std::uint64_t significand = 0;
  int exponent = 0;
};
Decimal shortest_decimal(double x);

}  // namespace acocalc
