#include "json/json_writer.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

#include "json/format.h"
#include "json/json_text.h"
#include "json/shortest.h"

namespace acocalc {
namespace {

// Two decimal digits for each number below 100.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> table{};
  for (std::size_t i = 0; i < 100; ++i) {
    table[2 * i] = static_cast<char>('0' + i / 10);
    table[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return table;
}();

// How many decimal digits `v` has (1 for 0): log10 from the bit length
// (1233/4096 is about log10(2)), then corrected.
int digit_count(std::uint64_t v) {
  const int guess = ((64 - __builtin_clzll(v | 1)) * 1233) >> 12;
  return v == 0 ? 1 : guess + (v >= kPowersOf10[guess] ? 1 : 0);
}

// The 4 digits of v < 10000 at out, leading zeros included.
inline void write_4_digits(char* out, std::uint32_t v) {
  std::memcpy(out, &kDigitPairs[std::size_t{v / 100} * 2], 2);
  std::memcpy(out + 2, &kDigitPairs[std::size_t{v % 100} * 2], 2);
}

// Exactly `count` digits of `v` at `out`, leading zeros included. Blocks of
// 8 digits, each split in two halves of 4 and those in pairs, keep the
// chains of divisions short; digits are written once and never read back
// (a read of freshly written bytes stalls the store buffer).
void write_fixed_digits(char* out, std::uint64_t v, int count) {
  while (count > 8) {
    const auto block = static_cast<std::uint32_t>(v % 100000000);
    v /= 100000000;
    count -= 8;
    write_4_digits(out + count, block / 10000);
    write_4_digits(out + count + 4, block % 10000);
  }
  auto rest = static_cast<std::uint32_t>(v);  // below 10^8
  if (count > 4) {
    write_4_digits(out + count - 4, rest % 10000);
    rest /= 10000;
    count -= 4;
  }
  char* p = out + count;
  while (p - out >= 2) {
    p -= 2;
    std::memcpy(p, &kDigitPairs[static_cast<std::size_t>(rest % 100) * 2], 2);
    rest /= 100;
  }
  if (p > out) *--p = static_cast<char>('0' + rest % 10);
}

// The decimal digits of `v` at `out` (room for 20); returns their count.
int write_digits(char* out, std::uint64_t v) {
  const int count = digit_count(v);
  write_fixed_digits(out, v, count);
  return count;
}

// nlohmann's layout of significand x 10^exponent (its format_buffer with
// kMinExp = -4 and kMaxExp = 15), written at `out`; returns the end. The
// significand has no trailing zeros.
char* write_layout(char* out, std::uint64_t significand, int exponent) {
  constexpr int kMinExp = -4;
  constexpr int kMaxExp = 15;
  const int k = digit_count(significand);
  const int n = k + exponent;    // where the point goes, from the first digit
  if (k <= n && n <= kMaxExp) {  // digits[000].0
    write_fixed_digits(out, significand, k);
    out += k;
    for (int i = k; i < n; ++i) *out++ = '0';
    *out++ = '.';
    *out++ = '0';
    return out;
  }
  if (0 < n && n <= kMaxExp) {  // dig.its
    const std::uint64_t split = kPowersOf10[k - n];
    write_fixed_digits(out, significand / split, n);
    out += n;
    *out++ = '.';
    write_fixed_digits(out, significand % split, k - n);
    return out + (k - n);
  }
  if (kMinExp < n && n <= 0) {  // 0.[000]digits
    *out++ = '0';
    *out++ = '.';
    for (int i = n; i < 0; ++i) *out++ = '0';
    write_fixed_digits(out, significand, k);
    return out + k;
  }
  const std::uint64_t split = kPowersOf10[k - 1];  // d[.igits]e+NN
  *out++ = static_cast<char>('0' + significand / split);
  if (k > 1) {
    *out++ = '.';
    write_fixed_digits(out, significand % split, k - 1);
    out += k - 1;
  }
  int e = n - 1;
  *out++ = 'e';
  *out++ = e < 0 ? '-' : '+';
  e = e < 0 ? -e : e;
  if (e < 10) *out++ = '0';
  return out + write_digits(out, static_cast<std::uint64_t>(e));
}

// The escape for a byte that JSON does not allow raw in a string, or "".
std::string_view escape_of(unsigned char c, char (&hex)[6]) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      hex[0] = '\\';
      hex[1] = 'u';
      hex[2] = '0';
      hex[3] = '0';
      hex[4] = kHex[c >> 4];
      hex[5] = kHex[c & 0xF];
      return std::string_view(hex, 6);
  }
}

// Calls `copy(piece)` with the pieces of `text` as a JSON string, without its
// quotes; false (having copied nothing yet trusted) when the text is not
// valid UTF-8.
template <typename Copy>
bool escape_pieces(std::string_view text, Copy copy) {
  std::size_t start = 0;  // bytes [start, i) are copied as they are
  const char* const end = text.data() + text.size();
  const auto next_special = [&](std::size_t i) {
    return static_cast<std::size_t>(skip_plain_string_bytes(text.data() + i, end) - text.data());
  };
  for (std::size_t i = next_special(0); i < text.size(); i = next_special(i)) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence(text.data() + i, end);
      if (length == 0) return false;
      i += length;
      continue;
    }
    copy(text.substr(start, i - start));
    char hex[6];
    copy(escape_of(c, hex));
    start = ++i;
  }
  copy(text.substr(start));
  return true;
}

// nlohmann's text for a string with invalid UTF-8 (U+FFFD replacements).
std::string replaced_string(std::string_view text) {
  return nlohmann::ordered_json(std::string(text))
      .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The number significand x 10^exponent (negative when asked), laid out at
// `out` (room for kMaxJsonNumber).
char* write_decimal(char* out, bool negative, std::uint64_t significand, int exponent) {
  if (negative) *out++ = '-';
  if (significand == 0) {
    std::memcpy(out, "0.0", 3);  // NOLINT(bugprone-not-null-terminated-result): JSON text
    return out + 3;
  }
  while (significand % 10 == 0) {
    significand /= 10;
    ++exponent;
  }
  return write_layout(out, significand, exponent);
}

}  // namespace

char* write_json_number(char* out, double x) {
  if (!std::isfinite(x)) {
    std::memcpy(out, "null", 4);  // NOLINT(bugprone-not-null-terminated-result): JSON text
    return out + 4;
  }
  const bool negative = std::signbit(x);
  if (x == 0) return write_decimal(out, negative, 0, 0);
  const Decimal decimal = shortest_decimal(x);
  return write_decimal(out, negative, decimal.significand, decimal.exponent);
}

char* write_json_cents(char* out, double x) {
  if (!std::isfinite(x) || x == 0) return write_json_number(out, x == 0 ? 0.0 : x);
  const RoundedDigits cents = rounded_digits(x, 2);
  if (cents.significand == 0) return write_decimal(out, false, 0, 0);
  // Up to 15 significant digits, the double nearest the rounded decimal
  // prints as exactly its digits (DBL_DIG): no second conversion needed.
  if (cents.exponent > -2 || cents.significand < kPowersOf10[15]) {
    return write_decimal(out, x < 0, cents.significand, cents.exponent);
  }
  return write_json_number(out, round_to(x, 2));
}

void append_json_number(std::string& out, double x) {
  char text[kMaxJsonNumber];
  out.append(text, static_cast<std::size_t>(write_json_number(text, x) - text));
}

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t begin = out.size();
  out += '"';
  if (!escape_pieces(text, [&](std::string_view piece) { out.append(piece); })) {
    out.resize(begin);
    out.append(replaced_string(text));
    return;
  }
  out += '"';
}

void JsonWriter::open(char bracket) {
  char* p = before_value(1);
  *p++ = bracket;
  size_ = static_cast<std::size_t>(p - buffer_);
  ++depth_;
  ++level_;
  first_ = true;
}

void JsonWriter::close(char bracket) {
  --depth_;
  --level_;
  char* p = reserve(1 + newline_room());
  if (!first_) p = newline(p, depth_);
  *p++ = bracket;
  size_ = static_cast<std::size_t>(p - buffer_);
  first_ = false;
}

void JsonWriter::key(std::string_view name) {
  char* p = reserve(2 + newline_room());
  if (!first_) *p++ = ',';
  p = newline(p, depth_);
  size_ = static_cast<std::size_t>(p - buffer_);
  first_ = false;
  after_key_ = true;  // so that string() adds no separator of its own
  string(name);
  char* q = reserve(2);
  *q++ = ':';
  if (indent_ >= 0) *q++ = ' ';
  size_ = static_cast<std::size_t>(q - buffer_);
  after_key_ = true;
}

void JsonWriter::whole(std::uint64_t value) {
  char* p = before_value(24);
  size_ = static_cast<std::size_t>(p + write_digits(p, value) - buffer_);
}

void JsonWriter::whole(std::int64_t value) {
  char* p = before_value(24);
  size_ = static_cast<std::size_t>(std::to_chars(p, p + 24, value).ptr - buffer_);
}

void JsonWriter::string(std::string_view value) {
  char* p = before_value(1);
  *p++ = '"';
  size_ = static_cast<std::size_t>(p - buffer_);
  const std::size_t mark = out_.size() + size_ - 1;  // where the opening quote lands
  const auto copy = [&](std::string_view piece) {
    if (piece.empty()) return;
    if (piece.size() > kBuffer / 2) {
      flush();
      out_.append(piece);
      return;
    }
    char* q = reserve(piece.size());
    std::memcpy(q, piece.data(), piece.size());
    size_ += piece.size();
  };
  if (!escape_pieces(value, copy)) {
    flush();
    out_.resize(mark);
    out_.append(replaced_string(value));
    return;
  }
  char* q = reserve(1);
  *q = '"';
  ++size_;
}

void JsonWriter::value(const nlohmann::ordered_json& value) {
  using json = nlohmann::ordered_json;
  switch (value.type()) {
    case json::value_t::object:
      begin_object();
      for (const auto& item : value.items()) {
        key(item.key());
        this->value(item.value());
      }
      end_object();
      return;
    case json::value_t::array:
      begin_array();
      for (const auto& item : value) this->value(item);
      end_array();
      return;
    case json::value_t::string:
      string(value.get_ref<const std::string&>());
      return;
    case json::value_t::boolean:
      boolean(value.get<bool>());
      return;
    case json::value_t::number_integer:
      whole(value.get<std::int64_t>());
      return;
    case json::value_t::number_unsigned:
      whole(value.get<std::uint64_t>());
      return;
    case json::value_t::number_float:
      number(value.get<double>());
      return;
    case json::value_t::null:
    case json::value_t::binary:
    case json::value_t::discarded:
      null();
      return;
  }
}

std::string json_text(const nlohmann::ordered_json& value, int indent, int depth) {
  std::string out;
  {
    JsonWriter writer(out, indent, depth);
    writer.value(value);
  }
  return out;
}

}  // namespace acocalc
