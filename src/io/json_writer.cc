#include "io/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace acocalc {
namespace {

// nlohmann's layout of a decimal `digits` x 10^exponent (its format_buffer
// with kMinExp = -4 and kMaxExp = 15), written at `out` (room for 32 bytes);
// returns the end.
char* write_layout(char* out, const char* digits, int length, int exponent) {
  constexpr int kMinExp = -4;
  constexpr int kMaxExp = 15;
  const int k = length;
  const int n = length + exponent;  // where the point goes, from the first digit
  const auto copy = [&](const char* from, int count) {
    std::memcpy(out, from, static_cast<std::size_t>(count));
    out += count;
  };
  if (k <= n && n <= kMaxExp) {  // digits[000].0
    copy(digits, k);
    std::memset(out, '0', static_cast<std::size_t>(n - k));
    out += n - k;
    *out++ = '.';
    *out++ = '0';
    return out;
  }
  if (0 < n && n <= kMaxExp) {  // dig.its
    copy(digits, n);
    *out++ = '.';
    copy(digits + n, k - n);
    return out;
  }
  if (kMinExp < n && n <= 0) {  // 0.[000]digits
    *out++ = '0';
    *out++ = '.';
    std::memset(out, '0', static_cast<std::size_t>(-n));
    out += -n;
    copy(digits, k);
    return out;
  }
  *out++ = digits[0];  // d[.igits]e+NN
  if (k > 1) {
    *out++ = '.';
    copy(digits + 1, k - 1);
  }
  int e = n - 1;
  *out++ = 'e';
  *out++ = e < 0 ? '-' : '+';
  e = e < 0 ? -e : e;
  if (e < 10) *out++ = '0';
  return std::to_chars(out, out + 4, e).ptr;
}

// The length of the valid UTF-8 sequence starting at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t j) {
    return j < text.size() ? static_cast<unsigned char>(text[j]) : 0u;
  };
  const unsigned c = byte(i);
  const auto tail = [&](std::size_t j) { return (byte(j) & 0xC0u) == 0x80u; };
  if (c >= 0xC2 && c <= 0xDF) return tail(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned c1 = byte(i + 1);
    const bool ok = (c == 0xE0 ? c1 >= 0xA0 && c1 <= 0xBF
                     : c == 0xED ? c1 >= 0x80 && c1 <= 0x9F
                                 : tail(i + 1)) &&
                    tail(i + 2);
    return ok ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned c1 = byte(i + 1);
    const bool ok = (c == 0xF0 ? c1 >= 0x90 && c1 <= 0xBF
                     : c == 0xF4 ? c1 >= 0x80 && c1 <= 0x8F
                                 : tail(i + 1)) &&
                    tail(i + 2) && tail(i + 3);
    return ok ? 4 : 0;
  }
  return 0;
}

// Bytes a JSON string holds as they are: printable ASCII but '"' and '\\'.
constexpr std::array<bool, 256> kPlainByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return table;
}();

}  // namespace

void append_json_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out.append("null");
    return;
  }
  char text[40];
  char* end = text;
  if (std::signbit(x)) {
    *end++ = '-';
    x = -x;
  }
  if (x == 0) {
    *end++ = '0';
    *end++ = '.';
    *end++ = '0';
  } else {
    const auto decimal = fmt::detail::dragonbox::to_decimal(x);
    std::uint64_t significand = decimal.significand;
    int exponent = decimal.exponent;
    while (significand % 10 == 0) {
      significand /= 10;
      ++exponent;
    }
    char digits[24];
    const char* digits_end = std::to_chars(digits, digits + sizeof digits, significand).ptr;
    end = write_layout(end, digits, static_cast<int>(digits_end - digits), exponent);
  }
  out.append(text, static_cast<std::size_t>(end - text));
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t begin = out.size();
  out += '"';
  std::size_t start = 0;  // bytes [start, i) are copied as they are
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kPlainByte[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence(text, i);
      if (length == 0) {
        // Invalid UTF-8 (never from a validated input): nlohmann's
        // replacement rules, for this rare string.
        out.resize(begin);
        out.append(nlohmann::ordered_json(std::string(text))
                       .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        return;
      }
      i += length;
      continue;
    }
    out.append(text.data() + start, i - start);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
    start = ++i;
  }
  out.append(text.data() + start, text.size() - start);
  out += '"';
}

void JsonWriter::newline(int depth) {
  if (indent_ < 0) return;
  out_ += '\n';
  out_.append(static_cast<std::size_t>(indent_) * static_cast<std::size_t>(depth), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (level_ == 0) return;
  if (!first_) out_ += ',';
  newline(depth_);
  first_ = false;
}

void JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  ++depth_;
  ++level_;
  first_ = true;
}

void JsonWriter::close(char bracket) {
  --depth_;
  --level_;
  if (!first_) newline(depth_);
  out_ += bracket;
  first_ = false;
}

void JsonWriter::key(std::string_view name) {
  if (!first_) out_ += ',';
  newline(depth_);
  first_ = false;
  append_json_string(out_, name);
  out_.append(indent_ < 0 ? ":" : ": ");
  after_key_ = true;
}

void JsonWriter::simple_key(std::string_view name) {
  char text[80];
  if (name.size() + 4 + static_cast<std::size_t>(indent_ < 0 ? 0 : 1) > sizeof text) {
    key(name);
    return;
  }
  if (!first_) out_ += ',';
  newline(depth_);
  first_ = false;
  char* end = text;
  *end++ = '"';
  std::memcpy(end, name.data(), name.size());
  end += name.size();
  *end++ = '"';
  *end++ = ':';
  if (indent_ >= 0) *end++ = ' ';
  out_.append(text, static_cast<std::size_t>(end - text));
  after_key_ = true;
}

void JsonWriter::null() {
  before_value();
  out_.append("null");
}

void JsonWriter::boolean(bool value) {
  before_value();
  out_.append(value ? "true" : "false");
}

void JsonWriter::number(double value) {
  before_value();
  append_json_number(out_, value);
}

void JsonWriter::whole(std::uint64_t value) {
  before_value();
  char buffer[24];
  out_.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void JsonWriter::whole(std::int64_t value) {
  before_value();
  char buffer[24];
  out_.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void JsonWriter::string(std::string_view value) {
  before_value();
  append_json_string(out_, value);
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
  JsonWriter writer(out, indent, depth);
  writer.value(value);
  return out;
}

}  // namespace acocalc
