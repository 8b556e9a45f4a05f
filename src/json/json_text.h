// Facts about JSON text that its reader and its writer share.
#pragma once

#include <array>
#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace acocalc {

// Bytes a JSON string holds as they are: printable ASCII but '"' and '\'.
inline constexpr std::array<bool, 256> kPlainStringByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return table;
}();

// The first byte at or after p that a JSON string cannot hold as it is (a
// quote, a backslash, a control character, or the start of a multi-byte
// UTF-8 sequence), or end; 16 bytes at a time with SSE2.
inline const char* skip_plain_string_bytes(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed: bytes 0x80 and above are negative, so below 0x20 as well.
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                     _mm_cmplt_epi8(chunk, space));
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && kPlainStringByte[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

// The length of the well-formed UTF-8 sequence of two to four bytes at p
// (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF), or 0.
inline std::size_t utf8_sequence(const char* p, const char* end) {
  const auto byte = [&](std::ptrdiff_t k) -> unsigned {
    return p + k < end ? static_cast<unsigned char>(p[k]) : 0x100u;
  };
  const auto in = [&](std::ptrdiff_t k, unsigned lo, unsigned hi) {
    return byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned b0 = byte(0);
  if (b0 >= 0xC2 && b0 <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (b0 == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (b0 == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) {
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (b0 == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

// The code point of the well-formed sequence of `length` bytes at p (1 to 4,
// as utf8_sequence() measured it).
inline char32_t utf8_code_point(const char* p, std::size_t length) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  char32_t cp = length == 1   ? b0
                : length == 2 ? (b0 & 0x1F)
                : length == 3 ? (b0 & 0x0F)
                              : (b0 & 0x07);
  for (std::size_t k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(p[k]) & 0x3F);
  return cp;
}

}  // namespace acocalc
