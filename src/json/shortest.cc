#include "json/shortest.h"

#include <bit>
#include <cmath>
#include <cstring>

#include "json/pow10_table.h"

namespace acocalc {
namespace {

__extension__ using uint128 = unsigned __int128;

// floor(log2(10^e)) for |e| <= 1233, floor(log10(2^e)) for |e| <= 2620, and
// floor(log10(3/4 x 2^e)) for |e| <= 2620: the usual integer
// approximations, exact in those ranges.
constexpr int floor_log2_pow10(int e) { return (e * 1741647) >> 19; }
constexpr int floor_log10_pow2(int e) { return (e * 1262611) >> 22; }
constexpr int floor_log10_three_quarters_pow2(int e) { return (e * 1262611 - 524031) >> 22; }

// floor(g x cp / 2^128), its lowest bit set when the product has bits
// below (g is one above the power it stands for, so "below" means more
// than that one): the scaled bound rounded to odd.
std::uint64_t round_to_odd(const shortest::Pow10& g, std::uint64_t cp) {
  const uint128 x = static_cast<uint128>(g.low) * cp;
  const uint128 y = static_cast<uint128>(g.high) * cp + static_cast<std::uint64_t>(x >> 64);
  const auto y0 = static_cast<std::uint64_t>(y);
  const auto y1 = static_cast<std::uint64_t>(y >> 64);
  return y1 | (y0 > 1 ? 1 : 0);
}

// Without its trailing zeros.
Decimal trimmed(std::uint64_t significand, int exponent) {
  while (significand % 10 == 0) {
    significand /= 10;
    ++exponent;
  }
  return {significand, exponent};
}

Decimal schubfach(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(std::fabs(x));
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  const int biased = static_cast<int>(bits >> 52);
  std::uint64_t c = 0;  // |x| = c x 2^q
  int q = 0;
  if (biased != 0) {
    c = fraction | (std::uint64_t{1} << 52);
    q = biased - 1075;
    // Integers below 2^53: the rounding interval holds no other, so their
    // own digits are the shortest.
    if (q <= 0 && -q < 53) {
      const std::uint64_t m = c >> -q;
      if ((m << -q) == c) return {m, 0};
    }
  } else {
    c = fraction;
    q = 1 - 1075;
  }
  // The rounding interval [cbl, cbr] x 2^(q-2) around cb x 2^(q-2) = |x|,
  // its ends included when c is even (ties to even read back as x).
  const bool even = (c % 2) == 0;
  const bool lower_closer = fraction == 0 && biased > 1;
  const std::uint64_t cbl = 4 * c - 2 + (lower_closer ? 1 : 0);
  const std::uint64_t cb = 4 * c;
  const std::uint64_t cbr = 4 * c + 2;
  // 10^k just below the interval's width; the interval scaled by 10^-k.
  const int k = lower_closer ? floor_log10_three_quarters_pow2(q) : floor_log10_pow2(q);
  const int h = q + floor_log2_pow10(-k) + 1;
  const shortest::Pow10& g = shortest::kPow10[static_cast<std::size_t>(-k - shortest::kPow10Min)];
  const std::uint64_t vbl = round_to_odd(g, cbl << h);
  const std::uint64_t vb = round_to_odd(g, cb << h);
  const std::uint64_t vbr = round_to_odd(g, cbr << h);
  const std::uint64_t lower = vbl + (even ? 0 : 1);
  const std::uint64_t upper = vbr - (even ? 0 : 1);
  // One digit fewer than s, when one of its two neighbours is inside.
  const std::uint64_t s = vb / 4;
  if (s >= 10) {
    const std::uint64_t sp = s / 10;
    const bool up_inside = lower <= 40 * sp;
    const bool wp_inside = 40 * sp + 40 <= upper;
    if (up_inside != wp_inside) return {sp + (wp_inside ? 1 : 0), k + 1};
  }
  // Else s or s + 1, whichever is inside; the closer when both are (ties
  // to the even one).
  const bool u_inside = lower <= 4 * s;
  const bool w_inside = 4 * s + 4 <= upper;
  if (u_inside != w_inside) return {s + (w_inside ? 1 : 0), k};
  const std::uint64_t mid = 4 * s + 2;
  const bool round_up = vb > mid || (vb == mid && (s & 1) != 0);
  return {s + (round_up ? 1 : 0), k};
}

}  // namespace

Decimal shortest_decimal(double x) {
  const Decimal d = schubfach(x);
  return trimmed(d.significand, d.exponent);
}

}  // namespace acocalc
