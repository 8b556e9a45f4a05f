#include "json/json_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_set>

#include "json/json_text.h"

namespace acocalc {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

using json_lookup::kLookupMembers;
using json_lookup::lookup_bits;
using json_lookup::lookup_slot;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char* encode_utf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// ------------------------------------------------ the words of an error

constexpr std::size_t kShown = 24;  // characters of a bad token quoted in a message

// Characters that run together into one token in a message ("found 'tru'"):
// JSON's number and literal characters and a few that are not JSON's.
constexpr std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                         (c >= 'A' && c <= 'Z') || c == '_' || c == '.' ||
                                         c == '+' || c == '-';
  }
  return table;
}();

bool is_word(char c) { return kWordByte[static_cast<unsigned char>(c)]; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The character at p for a message: 'x' for printable ASCII, else its code
// point, or the byte when it is not UTF-8. Never echoes raw bytes.
std::string describe_char(const char* p, const char* end) {
  const char c = *p;
  if (c >= 0x20 && c < 0x7F) return c == '\'' ? "a single quote (')" : fmt::format("'{}'", c);
  const std::size_t length = static_cast<unsigned char>(c) < 0x80 ? 1 : utf8_sequence(p, end);
  if (length == 0) {
    return fmt::format("the byte 0x{:02X} (not UTF-8)",
                       static_cast<unsigned>(static_cast<unsigned char>(c)));
  }
  const char32_t cp = utf8_code_point(p, length);
  if (cp == 0x0A) return "a line break";
  if (cp == 0xFEFF) return "a byte-order mark (U+FEFF)";
  if (cp < 0x20 || cp == 0x7F) {
    return fmt::format("the control character U+{:04X}", static_cast<unsigned>(cp));
  }
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

// What the parser waits for where it stops.
enum class Expect : std::uint8_t {
  value,          // a value: top level, after ':', after ',' in an array
  first_key,      // after '{': a key or '}'
  key,            // after ',' in an object
  colon,          // after a key
  object_next,    // after a member: ',' or '}'
  first_element,  // after '[': a value or ']'
  array_next,     // after an element: ',' or ']'
  end,            // after the top-level value
};

// Where and why a parse stopped, gathered as it returns: the innermost
// container still open, the key whose value was being read.
struct Failure {
  Expect expect = Expect::value;
  const char* at = nullptr;   // what was found (or the end of the text)
  std::string message;        // when worded where it was found (strings, depth)
  const char* key = nullptr;  // Expect::colon: the key's text between its quotes
  const char* key_end = nullptr;
  const char* open = nullptr;  // the innermost open container's bracket, if any
  // A key read whose value has no node yet, and its object.
  const char* pending_key = nullptr;
  std::uint32_t pending_length = 0;
  std::uint32_t pending_object = 0;
};

}  // namespace

// Recursive descent over the text; recursion is bounded by the depth limit.
// The valid path only builds; a failure records where it stopped and what
// was expected there, and error() words it after the parse has returned.
class JsonParser {
 public:
  JsonParser(JsonTree& tree, std::string_view text, std::size_t max_depth,
             std::string_view end_name)
      : tree_(tree),
        nodes_(tree.nodes_),
        begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        max_depth_(max_depth),
        end_name_(end_name) {}

  bool run() {
    // A byte-order mark is not JSON here: the reader has already skipped the
    // one a file may start with.
    skip_space();
    if (!value(0, nullptr, 0)) return false;
    skip_space();
    return p_ == end_ || fail(Expect::end, p_);
  }

  // Why run() failed; the nodes are those it had built, each container's
  // end set.
  JsonError error(const JsonSource& source) const;

 private:
  using Node = JsonTree::Node;
  using Type = JsonNode::Type;

  [[gnu::cold]] bool fail(Expect expect, const char* at) {
    failure_.expect = expect;
    failure_.at = at;
    return false;
  }

  [[gnu::cold]] bool fail(const char* at, std::string message) {
    failure_.at = at;
    failure_.message = std::move(message);
    return false;
  }

  // A container left by a failure inside it: its subtree ends where the
  // nodes end; the first one left is the innermost open.
  [[gnu::cold]] bool leave(std::uint32_t index, const char* open) {
    nodes_[index].end = static_cast<std::uint32_t>(nodes_.size());
    if (!failure_.open) failure_.open = open;
    return false;
  }

  [[gnu::cold]] bool too_deep(char bracket, std::size_t depth) {
    return fail(p_, fmt::format("found '{}' nested {} levels deep, expected at most {} levels of "
                                "nested objects and arrays",
                                bracket, depth + 1, max_depth_));
  }

  char peek() const { return p_ < end_ ? *p_ : '\0'; }

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // What follows a member or an element: ',' (more follow) or `close`
  // (*closed); anything else fails with p_ on it.
  bool separator(char close, bool* closed, Expect expect) {
    skip_space();
    const char c = peek();
    if (c != ',' && c != close) return fail(expect, p_);
    ++p_;
    *closed = c == close;
    if (!*closed) skip_space();
    return true;
  }

  // Every value() adds one node; value() checks that there is room.
  [[gnu::always_inline]] std::uint32_t add(Type type, const char* key, std::uint32_t key_length) {
    nodes_.emplace_back();
    Node& node = nodes_.back();
    node.type = type;
    node.key = key;
    node.key_length = key_length;
    if (key) node.key_word = key_word(std::string_view(key, key_length));
    const auto index = static_cast<std::uint32_t>(nodes_.size() - 1);
    node.end = index + 1;
    return index;
  }

  bool value(std::size_t depth, const char* key, std::uint32_t key_length) {
    if (nodes_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      return fail(p_, "found more values than one document may hold");
    }
    switch (peek()) {
      case '{':
        return object(depth, key, key_length);
      case '[':
        return array(depth, key, key_length);
      case '"': {
        const char* text = nullptr;
        std::size_t length = 0;
        if (!string(&text, &length)) return false;
        const std::uint32_t index = add(Type::string, key, key_length);
        nodes_[index].text = text;
        nodes_[index].length = static_cast<std::uint32_t>(length);
        return true;
      }
      case 't':
        return literal("true", Type::boolean, true, key, key_length);
      case 'f':
        return literal("false", Type::boolean, false, key, key_length);
      case 'n':
        return literal("null", Type::null, false, key, key_length);
      default:
        return number(key, key_length);
    }
  }

  // A literal ends where a token would: "truex" is one bad token.
  bool literal(std::string_view word, Type type, bool flag, const char* key,
               std::uint32_t key_length) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0 ||
        (static_cast<std::size_t>(end_ - p_) > word.size() && is_word(p_[word.size()]))) {
      return fail(Expect::value, p_);
    }
    p_ += word.size();
    const std::uint32_t index = add(type, key, key_length);
    nodes_[index].flag = flag;
    return true;
  }

  bool object(std::size_t depth, const char* key, std::uint32_t key_length) {
    if (depth >= max_depth_) return too_deep('{', depth);
    const char* open = p_;
    const std::uint32_t index = add(Type::object, key, key_length);
    ++p_;
    skip_space();
    std::uint32_t count = 0;
    if (peek() == '}') {
      ++p_;
    } else {
      for (bool closed = false; !closed;) {
        if (peek() != '"') {
          fail(count == 0 ? Expect::first_key : Expect::key, p_);
          return leave(index, open);
        }
        const char* quote = p_;
        const char* name = nullptr;
        std::size_t name_length = 0;
        if (!string(&name, &name_length)) return leave(index, open);
        if (name_length > std::numeric_limits<std::uint32_t>::max()) {
          fail(quote, "found a key longer than 4 GiB");
          return leave(index, open);
        }
        const auto length = static_cast<std::uint32_t>(name_length);
        const char* close_quote = p_ - 1;
        skip_space();
        const std::size_t nodes_before = nodes_.size();
        if (peek() != ':') {
          failure_.key = quote + 1;
          failure_.key_end = close_quote;
          fail(Expect::colon, p_);
          return pending(index, open, name, length);
        }
        ++p_;
        skip_space();
        if (!value(depth + 1, name, length)) {
          if (nodes_.size() == nodes_before) return pending(index, open, name, length);
          return leave(index, open);
        }
        ++count;
        if (!separator('}', &closed, Expect::object_next)) return leave(index, open);
      }
    }
    nodes_[index].size = count;
    nodes_[index].end = static_cast<std::uint32_t>(nodes_.size());
    // A larger object gets the hash table find() uses, which finds a
    // repeated key on the way; a smaller one is compared pair by pair
    // (error() finds which key repeats).
    if (count > kLookupMembers) return index_members(index) || repeated_key();
    return !has_duplicate_key(index) || repeated_key();
  }

  [[gnu::cold]] bool repeated_key() { return fail(p_, "found a repeated key"); }

  // An object left with a key read whose value has no node: the key counts
  // among its members when error() looks for a repeated one.
  [[gnu::cold]] bool pending(std::uint32_t object, const char* open, const char* name,
                             std::uint32_t length) {
    failure_.pending_key = name;
    failure_.pending_length = length;
    failure_.pending_object = object;
    return leave(object, open);
  }

  // Builds the hash table of a larger object's members; false when a key
  // repeats.
  bool index_members(std::uint32_t object) {
    auto& table = tree_.lookups_;
    const std::size_t base = table.size();
    const std::uint32_t bits = lookup_bits(nodes_[object].size);
    const std::uint32_t mask = (1u << bits) - 1;
    table.resize(base + mask + 1, 0);
    const std::uint32_t end = nodes_[object].end;
    for (std::uint32_t i = object + 1; i < end; i = nodes_[i].end) {
      const Node& member = nodes_[i];
      const std::string_view key(member.key, member.key_length);
      std::uint32_t slot = lookup_slot(key, member.key_word, bits);
      while (const std::uint32_t other = table[base + slot]) {
        const Node& seen = nodes_[other - 1];
        if (same_key(key, member.key_word, std::string_view(seen.key, seen.key_length),
                     seen.key_word)) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      table[base + slot] = i + 1;
    }
    nodes_[object].lookup = static_cast<std::uint32_t>(base + 1);
    return true;
  }

  bool array(std::size_t depth, const char* key, std::uint32_t key_length) {
    if (depth >= max_depth_) return too_deep('[', depth);
    const char* open = p_;
    const std::uint32_t index = add(Type::array, key, key_length);
    ++p_;
    skip_space();
    std::uint32_t count = 0;
    if (peek() == ']') {
      ++p_;
    } else {
      for (bool closed = false; !closed;) {
        const char* start = p_;
        if (!value(depth + 1, nullptr, 0)) {
          // What does not start a value right after '[' is worded as such.
          if (count == 0 && failure_.at == start && failure_.expect == Expect::value) {
            failure_.expect = Expect::first_element;
          }
          return leave(index, open);
        }
        ++count;
        if (!separator(']', &closed, Expect::array_next)) return leave(index, open);
      }
    }
    nodes_[index].size = count;
    nodes_[index].end = static_cast<std::uint32_t>(nodes_.size());
    return true;
  }

  // Whether a key repeats in a small object (index_members() finds it in a
  // larger one).
  bool has_duplicate_key(std::uint32_t object) {
    const Node& node = nodes_[object];
    if (node.size < 2) return false;
    const auto key_of = [&](std::uint32_t i) {
      return std::string_view(nodes_[i].key, nodes_[i].key_length);
    };
    for (std::uint32_t i = object + 1; i < node.end; i = nodes_[i].end) {
      for (std::uint32_t j = nodes_[i].end; j < node.end; j = nodes_[j].end) {
        if (same_key(key_of(i), nodes_[i].key_word, key_of(j), nodes_[j].key_word)) return true;
      }
    }
    return false;
  }

  [[gnu::cold]] bool unclosed_string(const char* quote) {
    return fail(quote, fmt::format("found a string without its closing '\"', expected '\"' "
                                   "before {}",
                                   end_name_));
  }

  // A string at p_ (its opening quote): its unescaped text, in the input when
  // it has no escapes, else in the tree's arena.
  bool string(const char** text, std::size_t* length) {
    const char* quote = p_;
    ++p_;
    const char* start = p_;
    p_ = skip_plain_string_bytes(p_, end_);
    if (p_ < end_ && *p_ == '"') {
      *text = start;
      *length = static_cast<std::size_t>(p_ - start);
      ++p_;
      return true;
    }
    // Escapes, UTF-8 or an error: validate to the closing quote, then decode.
    bool escapes = false;
    while (true) {
      if (p_ >= end_) return unclosed_string(quote);
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c == '\\') {
        escapes = true;
        if (!escape(quote, nullptr)) return false;
        continue;
      }
      if (c < 0x20) return bad_string_byte();
      if (c < 0x80) {
        ++p_;
        continue;
      }
      const std::size_t n = utf8_sequence(p_, end_);
      if (n == 0) return bad_string_byte();
      p_ += n;
    }
    const char* close = p_;
    ++p_;
    if (!escapes) {
      *text = start;
      *length = static_cast<std::size_t>(close - start);
      return true;
    }
    char* out = tree_.reserve_text(static_cast<std::size_t>(close - start));
    *text = out;
    const char* resume = p_;
    p_ = start;
    while (p_ < close) {
      if (*p_ == '\\') {
        escape(quote, &out);
      } else {
        *out++ = *p_++;
      }
    }
    p_ = resume;
    *length = static_cast<std::size_t>(out - *text);
    return true;
  }

  // A control character or a byte that is not UTF-8 at p_, in a string.
  [[gnu::cold]] bool bad_string_byte() {
    const char c = *p_;
    if (c == '\n')
      return fail(p_, "found a line break in a string, expected the closing '\"' (or \\n)");
    const std::string what = describe_char(p_, end_);
    if (static_cast<unsigned char>(c) >= 0x80) {
      return fail(p_, fmt::format("found {} in a string, expected UTF-8 text", what));
    }
    return fail(p_, fmt::format("found {} in a string, expected it escaped{}", what,
                                c == '\t' ? " as \\t" : ""));
  }

  // Four hex digits at p_ as a code unit, or -1.
  long hex4() const {
    if (end_ - p_ < 4) return -1;
    long value = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_value(p_[i]);
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  // An escape at p_ (its backslash), in the string opened at `quote`;
  // decoded into *out when out is given (the text is then known valid).
  bool escape(const char* quote, char** out) {
    const char* backslash = p_;
    ++p_;
    if (p_ >= end_) return unclosed_string(quote);
    char decoded = 0;
    switch (*p_) {
      case '"':
        decoded = '"';
        break;
      case '\\':
        decoded = '\\';
        break;
      case '/':
        decoded = '/';
        break;
      case 'b':
        decoded = '\b';
        break;
      case 'f':
        decoded = '\f';
        break;
      case 'n':
        decoded = '\n';
        break;
      case 'r':
        decoded = '\r';
        break;
      case 't':
        decoded = '\t';
        break;
      case 'u': {
        ++p_;
        const long first = hex4();
        if (first < 0) return bad_hex(backslash);
        p_ += 4;
        char32_t cp = static_cast<char32_t>(first);
        if (first >= 0xD800 && first <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low one.
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u')
            return lone_surrogate(backslash, first);
          p_ += 2;
          const long second = hex4();
          if (second < 0xDC00 || second > 0xDFFF) return lone_surrogate(backslash, first);
          p_ += 4;
          cp = 0x10000 + ((static_cast<char32_t>(first) - 0xD800) << 10) +
               (static_cast<char32_t>(second) - 0xDC00);
        } else if (first >= 0xDC00 && first <= 0xDFFF) {
          return lone_surrogate(backslash, first);
        }
        if (out) *out = encode_utf8(cp, *out);
        return true;
      }
      default:
        return bad_escape(backslash);
    }
    ++p_;
    if (out) *(*out)++ = decoded;
    return true;
  }

  [[gnu::cold]] bool bad_hex(const char* backslash) {
    const char* end = backslash + 2;
    while (end < end_ && end < backslash + 6 && hex_value(*end) >= 0) ++end;
    return fail(backslash, fmt::format("found {} in a string, expected four hex digits after \\u",
                                       quote_token(std::string_view(
                                           backslash, static_cast<std::size_t>(end - backslash)))));
  }

  [[gnu::cold]] bool lone_surrogate(const char* backslash, long unit) {
    if (unit >= 0xDC00) {
      return fail(backslash, fmt::format("found the low surrogate \\u{:04x} alone in a string, "
                                         "expected a high surrogate \\ud800 to \\udbff before it",
                                         unit));
    }
    return fail(backslash, fmt::format("found the high surrogate \\u{:04x} alone in a string, "
                                       "expected a low surrogate \\udc00 to \\udfff after it",
                                       unit));
  }

  [[gnu::cold]] bool bad_escape(const char* backslash) {
    const char e = backslash[1];
    return fail(
        backslash,
        fmt::format(
            "found the escape \\{} in a string, expected one of \\\" \\\\ "
            "\\/ \\b \\f \\n \\r \\t \\uXXXX",
            (e >= 0x20 && e < 0x7F)
                ? std::string(1, e)
                : fmt::format("x{:02X}", static_cast<unsigned>(static_cast<unsigned char>(e)))));
  }

  // A number at p_ (RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?),
  // ending where a token would ("1x" is one bad token).
  bool number(const char* key, std::uint32_t key_length) {
    const char* start = p_;
    const bool negative = peek() == '-';
    if (negative) ++p_;
    const char* digits = p_;
    if (peek() == '0') {
      ++p_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (p_ < end_ && is_digit(*p_)) ++p_;
    } else {
      return fail(Expect::value, start);
    }
    const char* digits_end = p_;
    bool integer = true;
    if (peek() == '.') {
      ++p_;
      if (!is_digit(peek())) return fail(Expect::value, start);
      while (p_ < end_ && is_digit(*p_)) ++p_;
      integer = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++p_;
      if (peek() == '+' || peek() == '-') ++p_;
      if (!is_digit(peek())) return fail(Expect::value, start);
      while (p_ < end_ && is_digit(*p_)) ++p_;
      integer = false;
    }
    if (p_ < end_ && is_word(*p_)) return fail(Expect::value, start);
    if (integer) {
      // nlohmann: an integer that fits 64 bits keeps its kind; a wider one
      // becomes a floating-point number.
      std::uint64_t magnitude = 0;
      bool fits = true;
      if (digits_end - digits <= 19) {  // below 10^19: no overflow possible
        for (const char* d = digits; d < digits_end; ++d) {
          magnitude = magnitude * 10 + static_cast<unsigned>(*d - '0');
        }
      } else {
        for (const char* d = digits; d < digits_end && fits; ++d) {
          fits = !__builtin_mul_overflow(magnitude, 10u, &magnitude) &&
                 !__builtin_add_overflow(magnitude, static_cast<unsigned>(*d - '0'), &magnitude);
        }
      }
      if (fits && !negative) {
        const std::uint32_t index = add(Type::unsigned_integer, key, key_length);
        nodes_[index].unsigned_integer = magnitude;
        return true;
      }
      constexpr std::uint64_t kMinMagnitude = std::uint64_t{1} << 63;
      if (fits && negative && magnitude <= kMinMagnitude) {
        const std::uint32_t index = add(Type::integer, key, key_length);
        nodes_[index].integer = magnitude == kMinMagnitude
                                    ? std::numeric_limits<std::int64_t>::min()
                                    : -static_cast<std::int64_t>(magnitude);
        return true;
      }
    }
    double value = 0;
    const auto result = std::from_chars(start, p_, value);
    if (result.ec != std::errc() || result.ptr != p_) {
      // Out of range: strtod's value, as nlohmann takes it (an underflow is
      // kept, an overflow to infinity is an error).
      value = std::strtod(std::string(start, p_).c_str(), nullptr);
    }
    if (!std::isfinite(value)) return fail(Expect::value, start);
    const std::uint32_t index = add(Type::floating, key, key_length);
    nodes_[index].floating = value;
    return true;
  }

  JsonTree& tree_;
  std::vector<Node>& nodes_;
  const char* begin_;
  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  std::string_view end_name_;
  Failure failure_;
};

namespace {

// A key as the messages show it after "the key": escapes as the character
// after their backslash ('?' for \uXXXX), about 200 bytes at most.
std::string shown_key(const char* p, const char* end) {
  std::string out;
  while (p < end) {
    if (*p == '\\') {
      if (p[1] == 'u') {
        const bool pair = end - p >= 12 && p[6] == '\\' && p[7] == 'u' &&
                          (p[2] == 'd' || p[2] == 'D') && std::strchr("89abAB", p[3]);
        p += pair ? 12 : 6;
        if (out.size() < 200) out.push_back('?');
      } else {
        if (out.size() < 200) out.push_back(p[1]);
        p += 2;
      }
      continue;
    }
    const std::size_t length = static_cast<unsigned char>(*p) < 0x80 ? 1 : utf8_sequence(p, end);
    if (out.size() < 200) out.append(p, length);
    p += length;
  }
  return out;
}

}  // namespace

JsonError JsonParser::error(const JsonSource& source) const {
  JsonError error;
  const std::string_view text(begin_, static_cast<std::size_t>(end_ - begin_));
  // "LINE:COLUMN" of a byte, in characters from the source's start.
  const auto place = [&](std::size_t offset, long* line, long* column) {
    *line = source.line;
    *column = source.column;
    for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
      if (text[i] == '\n') {
        ++*line;
        *column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++*column;  // count characters, not UTF-8 continuation bytes
      }
    }
  };
  const auto place_text = [&](const char* at) {
    long line = 0, column = 0;
    place(static_cast<std::size_t>(at - begin_), &line, &column);
    return fmt::format("{}:{}", line, column);
  };
  const auto done = [&](const char* at, std::string message) {
    error.offset = static_cast<std::size_t>(at - begin_);
    place(error.offset, &error.line, &error.column);
    error.message = std::move(message);
    return error;
  };
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    return done(begin_,
                "found a UTF-16 byte-order mark, expected UTF-8 text; save the file as UTF-8");
  }

  // A repeated key comes first when it was read before the parse stopped:
  // of all keys read, the first that repeats one of its object's. The key
  // whose value has no node yet comes after every node.
  const auto key_of = [&](std::uint32_t i) {
    return std::string_view(nodes_[i].key, nodes_[i].key_length);
  };
  const std::string_view pending_key(failure_.pending_key, failure_.pending_length);
  const auto pending = static_cast<std::uint32_t>(nodes_.size());
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t repeat = kNone;  // the node of the key that repeats, or `pending`
  std::uint32_t repeat_object = 0;
  for (std::uint32_t o = 0; o < nodes_.size(); ++o) {
    if (nodes_[o].type != Type::object) continue;
    std::unordered_set<std::string_view> seen;
    std::uint32_t i = o + 1;
    while (i < nodes_[o].end && i < repeat && seen.insert(key_of(i)).second) i = nodes_[i].end;
    if (i < nodes_[o].end && i < repeat) {
      repeat = i;
      repeat_object = o;
    } else if (failure_.pending_key && failure_.pending_object == o && pending < repeat &&
               seen.contains(pending_key)) {
      repeat = pending;
      repeat_object = o;
    }
  }
  if (repeat != kNone) {
    error.key = std::string(repeat == pending ? pending_key : key_of(repeat));
    // The path: from the root down to the object, then the key.
    for (std::uint32_t c = 0; c != repeat_object;) {
      std::uint32_t child = c + 1;
      std::size_t position = 0;
      while (nodes_[child].end <= repeat_object) {
        child = nodes_[child].end;
        ++position;
      }
      error.path.push_back(nodes_[c].type == Type::array ? std::to_string(position)
                                                         : std::string(key_of(child)));
      c = child;
    }
    error.path.push_back(error.key);
    return error;
  }
  if (!failure_.message.empty()) return done(failure_.at, failure_.message);

  const Expect expect = failure_.expect;
  const char* open = failure_.open;
  const char open_bracket = open ? *open : '\0';
  if (failure_.at == end_) {
    // Point just past the last character, where something was expected.
    const char* at = end_;
    while (at > begin_ && is_space(at[-1])) --at;
    static constexpr std::array<const char*, 8> kWanted = {
        "a JSON value", "a string key or '}'", "a string key", "':'",
        "',' or '}'",   "a JSON value or ']'", "',' or ']'",   "a JSON value"};
    std::string message = fmt::format("found {}, expected {}", source.end_name,
                                      kWanted[static_cast<std::size_t>(expect)]);
    if (open) {
      message += fmt::format("; the {} opened at {} is not closed",
                             open_bracket == '{' ? "object" : "array", place_text(open));
    } else if (at == begin_) {
      message = "found no JSON value, expected a JSON document";
    }
    return done(at, message);
  }

  const char* at = failure_.at;
  const char c = *at;
  const char* token_end = at;
  while (token_end < end_ && is_word(*token_end)) ++token_end;
  const std::string_view token(at, static_cast<std::size_t>(token_end - at));
  // What starts at `at`, for "found ...".
  const auto found = [&]() -> std::string {
    if (c == '"') return "a string";
    if (!token.empty()) {
      if (token == "true" || token == "false" || token == "null") return std::string(token);
      if (is_digit(c) || c == '-') return "the number " + std::string(token);
      return quote_token(token);
    }
    return describe_char(at, end_);
  };
  const bool comment = c == '/' && at + 1 < end_ && (at[1] == '/' || at[1] == '*');
  switch (expect) {
    case Expect::end:
      return done(at, fmt::format("found {} after the end of the JSON value, expected the end of "
                                  "the input",
                                  found()));
    case Expect::colon:
      return done(at, fmt::format("found {}, expected ':' after the key \"{}\"", found(),
                                  shown_key(failure_.key, failure_.key_end)));
    case Expect::object_next:
    case Expect::array_next: {
      const char close = expect == Expect::object_next ? '}' : ']';
      std::string message = fmt::format("found {}, expected ',' or '{}'", found(), close);
      if (c == '}' || c == ']') {
        message +=
            fmt::format(" to close the {} opened at {}",
                        expect == Expect::object_next ? "object" : "array", place_text(open));
      } else if (expect == Expect::object_next && (c == '"' || is_word(c))) {
        message += " (a comma is missing after the previous member)";
      } else if (expect == Expect::array_next && (c == '"' || c == '{' || c == '[' || is_word(c))) {
        message += " (a comma is missing after the previous element)";
      }
      return done(at, message);
    }
    case Expect::first_key:
    case Expect::key: {
      std::string message = fmt::format("found {}, expected a string key in double quotes{}",
                                        found(), expect == Expect::first_key ? " or '}'" : "");
      if (c == '}') message += "; JSON allows no comma before '}'";
      if (c == '\'') message += "; JSON strings use double quotes";
      if (comment) message += "; JSON has no comments";
      return done(at, message);
    }
    case Expect::value:
    case Expect::first_element:
      break;
  }
  if (c == '-' || is_digit(c)) {
    // A number token: which of RFC 8259's rules it breaks.
    const auto bad = [&](const char* expected) {
      return done(at, fmt::format("found {}, expected {}", quote_token(token), expected));
    };
    if (is_non_finite_name(token)) return bad("a JSON value; JSON numbers have no NaN or Infinity");
    const char* k = at;
    if (*k == '-') ++k;
    if (k >= token_end || !is_digit(*k)) return bad("a digit after '-'");
    if (*k == '0' && k + 1 < token_end && is_digit(k[1]))
      return bad("a number without leading zeros");
    while (k < token_end && is_digit(*k)) ++k;
    if (k < token_end && *k == '.') {
      ++k;
      if (k >= token_end || !is_digit(*k)) return bad("a digit after the decimal point");
      while (k < token_end && is_digit(*k)) ++k;
    }
    if (k < token_end && (*k == 'e' || *k == 'E')) {
      ++k;
      if (k < token_end && (*k == '+' || *k == '-')) ++k;
      if (k >= token_end || !is_digit(*k)) return bad("digits after the exponent's 'e'");
      while (k < token_end && is_digit(*k)) ++k;
    }
    if (k != token_end) return bad("a number");
    return done(at, fmt::format("found the number {}, which is out of range, expected a number of "
                                "magnitude below 1.8e308",
                                token.size() <= kShown
                                    ? std::string(token)
                                    : fmt::format("{}... ({} characters)", token.substr(0, kShown),
                                                  token.size())));
  }
  if (!token.empty()) {
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
    return done(at, message);
  }
  std::string message =
      fmt::format("found {}, expected {}", found(),
                  expect == Expect::first_element ? "a JSON value or ']'" : "a JSON value");
  if (c == ']' && !open) message += "; no array is open";
  if (c == '}' && !open) message += "; no object is open";
  if (c == ']' && open && open_bracket == '[') message += "; JSON allows no comma before ']'";
  if (c == '\'') message += "; JSON strings use double quotes";
  if (comment) message += "; JSON has no comments";
  return done(at, message);
}

JsonTree::JsonTree() = default;
JsonTree::~JsonTree() = default;

char* JsonTree::reserve_text(std::size_t length) {
  constexpr std::size_t kChunk = std::size_t{64} * 1024;
  if (!chunks_.empty() && chunk_sizes_[chunk_] - chunk_used_ >= length) {
    char* out = chunks_[chunk_].get() + chunk_used_;
    chunk_used_ += length;
    return out;
  }
  // The next kept chunk that is large enough, else a new one.
  std::size_t next = chunks_.empty() ? 0 : chunk_ + 1;
  while (next < chunks_.size() && chunk_sizes_[next] < length) ++next;
  if (next == chunks_.size()) {
    const std::size_t size = std::max(kChunk, length);
    chunks_.push_back(std::make_unique<char[]>(size));
    chunk_sizes_.push_back(size);
  }
  chunk_ = next;
  chunk_used_ = length;
  return chunks_[chunk_].get();
}

bool JsonTree::parse(std::string_view text, std::size_t max_depth, const JsonSource& source) {
  nodes_.clear();
  lookups_.clear();
  chunk_ = 0;
  chunk_used_ = 0;
  JsonParser parser(*this, text, max_depth, source.end_name);
  if (parser.run()) return true;
  error_ = parser.error(source);
  nodes_.clear();
  nodes_.emplace_back();  // root() stays a valid null
  return false;
}

}  // namespace acocalc
