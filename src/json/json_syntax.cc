#include "json/json_syntax.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace acocalc {
namespace {

constexpr std::size_t kShown = 24;  // characters of a bad token quoted in a message

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' ||
         c == '+' || c == '-';
}

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629, table
// 3-7 of Unicode: no overlong forms, no surrogates, at most U+10FFFF), with
// its code point; 0 when the bytes there are not UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t i, char32_t* code_point) {
  const auto byte = [&](std::size_t k) -> unsigned {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0x100;
  };
  const unsigned b0 = byte(0);
  const auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    return byte(k) >= lo && byte(k) <= hi;
  };
  std::size_t length = 0;
  if (b0 < 0x80) {
    length = 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = in(1, 0x80, 0xBF) ? 2 : 0;
  } else if (b0 == 0xE0) {
    length = in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
    length = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  } else if (b0 == 0xED) {
    length = in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  } else if (b0 == 0xF0) {
    length = in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    length = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  } else if (b0 == 0xF4) {
    length = in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (length == 0) return 0;
  char32_t cp = length == 1   ? b0
                : length == 2 ? (b0 & 0x1F)
                : length == 3 ? (b0 & 0x0F)
                              : (b0 & 0x07);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(k) & 0x3F);
  *code_point = cp;
  return length;
}

// The character at text[i] for a message: 'x' for printable ASCII, else its
// code point, or the byte when it is not UTF-8. Never echoes raw bytes.
std::string describe_char(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c >= 0x20 && c < 0x7F) return c == '\'' ? "a single quote (')" : fmt::format("'{}'", c);
  char32_t cp = 0;
  if (utf8_length(text, i, &cp) == 0) {
    return fmt::format("the byte 0x{:02X} (not UTF-8)",
                       static_cast<unsigned>(static_cast<unsigned char>(c)));
  }
  if (cp == 0x0A) return "a line break";
  if (cp == 0xFEFF) return "a byte-order mark (U+FEFF)";
  if (cp < 0x20 || cp == 0x7F)
    return fmt::format("the control character U+{:04X}", static_cast<unsigned>(cp));
  return fmt::format("the character U+{:04X}", static_cast<unsigned>(cp));
}

// A run of token characters, quoted, printable, shortened.
std::string quote_token(std::string_view token) {
  std::string out = "'";
  std::size_t n = 0;
  for (char c : token) {
    if (n++ == kShown) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c < 0x7F)
               ? std::string(1, c)
               : fmt::format("\\x{:02X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
  }
  return out + "'";
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_non_finite_name(std::string_view word) {
  if (!word.empty() && (word[0] == '-' || word[0] == '+')) word.remove_prefix(1);
  return equals_ignoring_case(word, "nan") || equals_ignoring_case(word, "inf") ||
         equals_ignoring_case(word, "infinity");
}

// What the parser waits for.
enum class Expect {
  value,          // a value: top level, after ':', after ',' in an array
  first_key,      // after '{': a key or '}'
  key,            // after ',' in an object
  colon,          // after a key
  object_next,    // after a member: ',' or '}'
  first_element,  // after '[': a value or ']'
  array_next,     // after an element: ',' or ']'
  end,            // after the top-level value
};

struct Open {
  char bracket;        // '{' or '['
  std::size_t offset;  // where it opened
};

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t max_depth,
          const std::function<std::string(std::size_t)>& place, std::string_view end_name)
      : text_(text), max_depth_(max_depth), place_(place), end_name_(end_name) {}

  std::optional<SyntaxError> run() {
    if (text_.starts_with("\xFF\xFE") || text_.starts_with("\xFE\xFF")) {
      return fail(0, "found a UTF-16 byte-order mark, expected UTF-8 text; save the file as UTF-8");
    }
    Expect expect = Expect::value;
    std::string last_key;
    while (true) {
      while (i_ < text_.size() && is_space(text_[i_])) ++i_;
      if (i_ == text_.size()) {
        if (expect == Expect::end) return std::nullopt;
        return end_of_input(expect);
      }
      const std::size_t start = i_;
      const char c = text_[i_];
      switch (expect) {
        case Expect::end:
          return fail(start,
                      fmt::format("found {} after the end of the JSON value, expected the end "
                                  "of the input",
                                  found(start)));
        case Expect::colon:
          if (c != ':') {
            return fail(start, fmt::format("found {}, expected ':' after the key \"{}\"",
                                           found(start), last_key));
          }
          ++i_;
          expect = Expect::value;
          continue;
        case Expect::object_next:
        case Expect::array_next: {
          const char close = expect == Expect::object_next ? '}' : ']';
          if (c == ',') {
            ++i_;
            expect = expect == Expect::object_next ? Expect::key : Expect::value;
            continue;
          }
          if (c == close) {
            ++i_;
            expect = closed();
            continue;
          }
          const char* what = expect == Expect::object_next ? "object" : "array";
          std::string message = fmt::format("found {}, expected ',' or '{}'", found(start), close);
          if (c == '}' || c == ']') {
            message +=
                fmt::format(" to close the {} opened at {}", what, place_(stack_.back().offset));
          } else if (expect == Expect::object_next && (c == '"' || is_word(c))) {
            message += " (a comma is missing after the previous member)";
          } else if (expect == Expect::array_next &&
                     (c == '"' || c == '{' || c == '[' || is_word(c))) {
            message += " (a comma is missing after the previous element)";
          }
          return fail(start, message);
        }
        case Expect::first_key:
        case Expect::key: {
          if (c == '}' && expect == Expect::first_key) {
            ++i_;
            expect = closed();
            continue;
          }
          if (c == '"') {
            auto error = string(&last_key);
            if (error) return error;
            expect = Expect::colon;
            continue;
          }
          std::string message =
              fmt::format("found {}, expected a string key in double quotes{}", found(start),
                          expect == Expect::first_key ? " or '}'" : "");
          if (c == '}') message += "; JSON allows no comma before '}'";
          if (c == '\'') message += "; JSON strings use double quotes";
          if (c == '/' && i_ + 1 < text_.size() && (text_[i_ + 1] == '/' || text_[i_ + 1] == '*')) {
            message += "; JSON has no comments";
          }
          return fail(start, message);
        }
        case Expect::value:
        case Expect::first_element: {
          if (c == ']' && expect == Expect::first_element) {
            ++i_;
            expect = closed();
            continue;
          }
          if (c == '{' || c == '[') {
            if (stack_.size() >= max_depth_) {
              return fail(start,
                          fmt::format("found '{}' nested {} levels deep, expected at most {} "
                                      "levels of nested objects and arrays",
                                      c, stack_.size() + 1, max_depth_));
            }
            stack_.push_back({c, start});
            ++i_;
            expect = c == '{' ? Expect::first_key : Expect::first_element;
            continue;
          }
          if (c == '"') {
            std::string ignored;
            if (auto error = string(&ignored)) return error;
          } else if (c == '-' || is_digit(c)) {
            if (auto error = number()) return error;
          } else if (is_word(c)) {
            if (auto error = literal()) return error;
          } else {
            std::string message =
                fmt::format("found {}, expected {}", found(start), expected_value(expect));
            if (c == ']' && stack_.empty()) message += "; no array is open";
            if (c == '}' && stack_.empty()) message += "; no object is open";
            if (c == ']' && !stack_.empty() && stack_.back().bracket == '[') {
              message += "; JSON allows no comma before ']'";
            }
            if (c == '\'') message += "; JSON strings use double quotes";
            if (c == '/' && i_ + 1 < text_.size() &&
                (text_[i_ + 1] == '/' || text_[i_ + 1] == '*')) {
              message += "; JSON has no comments";
            }
            return fail(start, message);
          }
          expect = after_value();
          continue;
        }
      }
    }
  }

 private:
  std::optional<SyntaxError> fail(std::size_t offset, std::string message) {
    return SyntaxError{offset, std::move(message)};
  }

  static const char* expected_value(Expect expect) {
    return expect == Expect::first_element ? "a JSON value or ']'" : "a JSON value";
  }

  Expect after_value() const {
    if (stack_.empty()) return Expect::end;
    return stack_.back().bracket == '{' ? Expect::object_next : Expect::array_next;
  }

  Expect closed() {
    stack_.pop_back();
    return after_value();
  }

  // What starts at `start`, for "found ...".
  std::string found(std::size_t start) const {
    const char c = text_[start];
    if (c == '"') return "a string";
    if (is_word(c)) {
      std::size_t end = start;
      while (end < text_.size() && is_word(text_[end])) ++end;
      const std::string_view token = text_.substr(start, end - start);
      if (token == "true" || token == "false" || token == "null") return std::string(token);
      if (is_digit(c) || c == '-') return "the number " + std::string(token);
      return quote_token(token);
    }
    return describe_char(text_, start);
  }

  std::optional<SyntaxError> end_of_input(Expect expect) {
    // Point just past the last character, where something was expected.
    std::size_t at = text_.size();
    while (at > 0 && is_space(text_[at - 1])) --at;
    std::string wanted;
    switch (expect) {
      case Expect::value:
      case Expect::end:
        wanted = "a JSON value";
        break;
      case Expect::first_element:
        wanted = "a JSON value or ']'";
        break;
      case Expect::first_key:
        wanted = "a string key or '}'";
        break;
      case Expect::key:
        wanted = "a string key";
        break;
      case Expect::colon:
        wanted = "':'";
        break;
      case Expect::object_next:
        wanted = "',' or '}'";
        break;
      case Expect::array_next:
        wanted = "',' or ']'";
        break;
    }
    std::string message = fmt::format("found {}, expected {}", end_name_, wanted);
    if (!stack_.empty()) {
      const Open& open = stack_.back();
      message += fmt::format("; the {} opened at {} is not closed",
                             open.bracket == '{' ? "object" : "array", place_(open.offset));
    } else if (at == 0) {
      message = "found no JSON value, expected a JSON document";
    }
    return fail(at, message);
  }

  // A string starting at i_ (a '"'); its text (unescaped) in *out, for
  // naming a key in later messages.
  std::optional<SyntaxError> string(std::string* out) {
    const std::size_t open = i_++;
    out->clear();
    while (true) {
      if (i_ >= text_.size()) {
        return fail(open, fmt::format("found a string without its closing '\"', expected '\"' "
                                      "before {}",
                                      end_name_));
      }
      const char c = text_[i_];
      if (c == '"') {
        ++i_;
        return std::nullopt;
      }
      if (c == '\\') {
        const std::size_t at = i_;
        if (i_ + 1 >= text_.size()) {
          return fail(open, fmt::format("found a string without its closing '\"', expected '\"' "
                                        "before {}",
                                        end_name_));
        }
        const char e = text_[i_ + 1];
        if (e == 'u') {
          unsigned unit = 0;
          if (auto error = hex4(at, &unit)) return error;
          if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return fail(at, fmt::format("found the low surrogate \\u{:04x} alone in a string, "
                                        "expected a high surrogate \\ud800 to \\udbff before it",
                                        unit));
          }
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            unsigned low = 0;
            if (i_ + 1 >= text_.size() || text_[i_] != '\\' || text_[i_ + 1] != 'u' ||
                hex4(i_, &low) || low < 0xDC00 || low > 0xDFFF) {
              return fail(at, fmt::format("found the high surrogate \\u{:04x} alone in a string, "
                                          "expected a low surrogate \\udc00 to \\udfff after it",
                                          unit));
            }
          }
          if (out->size() < 200) out->push_back('?');
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return fail(
              at, fmt::format("found the escape \\{} in a string, expected one of \\\" \\\\ "
                              "\\/ \\b \\f \\n \\r \\t \\uXXXX",
                              (e >= 0x20 && e < 0x7F)
                                  ? std::string(1, e)
                                  : fmt::format("x{:02X}", static_cast<unsigned>(
                                                               static_cast<unsigned char>(e)))));
        }
        if (out->size() < 200) out->push_back(e);
        i_ += 2;
        continue;
      }
      char32_t cp = 0;
      const std::size_t length = utf8_length(text_, i_, &cp);
      if (length == 0) {
        return fail(
            i_, fmt::format("found {} in a string, expected UTF-8 text", describe_char(text_, i_)));
      }
      if (cp < 0x20) {
        std::string message =
            fmt::format("found {} in a string, expected it escaped", describe_char(text_, i_));
        if (cp == '\n')
          message = "found a line break in a string, expected the closing '\"' (or \\n)";
        if (cp == '\t') message += " as \\t";
        return fail(i_, message);
      }
      if (out->size() < 200) out->append(text_.substr(i_, length));
      i_ += length;
    }
  }

  // "\uXXXX" at `at`: four hex digits; advances past them.
  std::optional<SyntaxError> hex4(std::size_t at, unsigned* unit) {
    std::size_t k = at + 2;
    unsigned value = 0;
    for (int n = 0; n < 4; ++n, ++k) {
      if (k >= text_.size() || !is_hex(text_[k])) {
        std::size_t end = at + 2;
        while (end < text_.size() && end < at + 6 && is_hex(text_[end])) ++end;
        return fail(at, fmt::format("found {} in a string, expected four hex digits after \\u",
                                    quote_token(text_.substr(at, end - at))));
      }
      const char c = text_[k];
      value = value * 16 + static_cast<unsigned>(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    *unit = value;
    i_ = k;
    return std::nullopt;
  }

  // A number at i_ (RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?).
  std::optional<SyntaxError> number() {
    const std::size_t start = i_;
    std::size_t end = start;
    while (end < text_.size() && is_word(text_[end])) ++end;
    const std::string_view token = text_.substr(start, end - start);
    const auto bad = [&](const char* expected) {
      return fail(start, fmt::format("found {}, expected {}", quote_token(token), expected));
    };
    if (is_non_finite_name(token)) {
      return bad("a JSON value; JSON numbers have no NaN or Infinity");
    }
    std::size_t k = start;
    if (text_[k] == '-') ++k;
    if (k >= end || !is_digit(text_[k])) return bad("a digit after '-'");
    if (text_[k] == '0' && k + 1 < end && is_digit(text_[k + 1])) {
      return bad("a number without leading zeros");
    }
    while (k < end && is_digit(text_[k])) ++k;
    if (k < end && text_[k] == '.') {
      ++k;
      if (k >= end || !is_digit(text_[k])) return bad("a digit after the decimal point");
      while (k < end && is_digit(text_[k])) ++k;
    }
    if (k < end && (text_[k] == 'e' || text_[k] == 'E')) {
      ++k;
      if (k < end && (text_[k] == '+' || text_[k] == '-')) ++k;
      if (k >= end || !is_digit(text_[k])) return bad("digits after the exponent's 'e'");
      while (k < end && is_digit(text_[k])) ++k;
    }
    if (k != end) return bad("a number");
    const std::string copy(token);
    const double x = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(x)) {
      return fail(start, fmt::format("found the number {}, which is out of range, expected a "
                                     "number of magnitude below 1.8e308",
                                     token.size() <= kShown
                                         ? std::string(token)
                                         : fmt::format("{}... ({} characters)",
                                                       token.substr(0, kShown), token.size())));
    }
    i_ = end;
    return std::nullopt;
  }

  // true, false or null at i_; anything else is an error.
  std::optional<SyntaxError> literal() {
    const std::size_t start = i_;
    std::size_t end = start;
    while (end < text_.size() && is_word(text_[end])) ++end;
    const std::string_view token = text_.substr(start, end - start);
    if (token == "true" || token == "false" || token == "null") {
      i_ = end;
      return std::nullopt;
    }
    std::string message = fmt::format("found {}, expected a JSON value", quote_token(token));
    if (is_non_finite_name(token)) {
      message += "; JSON numbers have no NaN or Infinity";
    } else if (token[0] == '+') {
      message += "; a JSON number has no '+' sign";
    } else if (token[0] == '.') {
      message += "; a JSON number needs a digit before the decimal point";
    } else if (equals_ignoring_case(token, "true") || equals_ignoring_case(token, "false") ||
               equals_ignoring_case(token, "null")) {
      message += "; true, false and null are lower case";
    } else {
      message += "; strings need double quotes";
    }
    return fail(start, message);
  }

  std::string_view text_;
  std::size_t max_depth_;
  const std::function<std::string(std::size_t)>& place_;
  std::string_view end_name_;
  std::size_t i_ = 0;
  std::vector<Open> stack_;
};

}  // namespace

std::optional<SyntaxError> find_syntax_error(std::string_view text, std::size_t max_depth,
                                             const std::function<std::string(std::size_t)>& place,
                                             std::string_view end_name) {
  return Scanner(text, max_depth, place, end_name).run();
}

}  // namespace acocalc
