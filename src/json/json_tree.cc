#include "json/json_tree.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

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

}  // namespace

// Recursive descent over the text; recursion is bounded by the depth limit.
class JsonParser {
 public:
  JsonParser(JsonTree& tree, std::string_view text, std::size_t max_depth)
      : tree_(tree),
        nodes_(tree.nodes_),
        begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        max_depth_(max_depth) {}

  bool run() {
    // A byte-order mark is not JSON here: the reader has already skipped the
    // one a file may start with.
    skip_space();
    if (!value(0, nullptr, 0)) return false;
    skip_space();
    return p_ == end_ || fail();
  }

  std::size_t error_offset() const { return static_cast<std::size_t>(p_ - begin_); }

 private:
  using Node = JsonTree::Node;
  using Type = JsonNode::Type;

  bool fail() { return false; }

  char peek() const { return p_ < end_ ? *p_ : '\0'; }

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // What follows a member or an element: ',' (more follow) or `close`
  // (*closed); anything else fails with p_ on it.
  bool separator(char close, bool* closed) {
    skip_space();
    const char c = peek();
    if (c != ',' && c != close) return fail();
    ++p_;
    *closed = c == close;
    if (!*closed) skip_space();
    return true;
  }

  // Every value() adds one node; value() checks that there is room.
  std::uint32_t add(Type type, const char* key, std::uint32_t key_length) {
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
    if (nodes_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) return fail();
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

  bool literal(std::string_view word, Type type, bool flag, const char* key,
               std::uint32_t key_length) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return fail();
    }
    p_ += word.size();
    const std::uint32_t index = add(type, key, key_length);
    nodes_[index].flag = flag;
    return true;
  }

  bool object(std::size_t depth, const char* key, std::uint32_t key_length) {
    if (depth >= max_depth_) return fail();
    const std::uint32_t index = add(Type::object, key, key_length);
    ++p_;
    skip_space();
    std::uint32_t count = 0;
    if (peek() == '}') {
      ++p_;
    } else {
      for (bool closed = false; !closed;) {
        if (peek() != '"') return fail();
        const char* name = nullptr;
        std::size_t name_length = 0;
        if (!string(&name, &name_length)) return false;
        if (name_length > std::numeric_limits<std::uint32_t>::max()) return fail();
        skip_space();
        if (peek() != ':') return fail();
        ++p_;
        skip_space();
        if (!value(depth + 1, name, static_cast<std::uint32_t>(name_length))) return false;
        ++count;
        if (!separator('}', &closed)) return false;
      }
    }
    nodes_[index].size = count;
    nodes_[index].end = static_cast<std::uint32_t>(nodes_.size());
    // A larger object gets the hash table find() uses, which finds a
    // repeated key on the way; a smaller one is compared pair by pair.
    if (count > kLookupMembers) return index_members(index) || fail();
    return !has_duplicate_key(index) || fail();
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
    if (depth >= max_depth_) return fail();
    const std::uint32_t index = add(Type::array, key, key_length);
    ++p_;
    skip_space();
    std::uint32_t count = 0;
    if (peek() == ']') {
      ++p_;
    } else {
      for (bool closed = false; !closed;) {
        if (!value(depth + 1, nullptr, 0)) return false;
        ++count;
        if (!separator(']', &closed)) return false;
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

  // A string at p_ (its opening quote): its unescaped text, in the input when
  // it has no escapes, else in the tree's arena.
  bool string(const char** text, std::size_t* length) {
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
      if (p_ >= end_) return fail();
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c == '\\') {
        escapes = true;
        if (!escape(nullptr)) return false;
        continue;
      }
      if (c < 0x20) return fail();
      if (c < 0x80) {
        ++p_;
        continue;
      }
      const std::size_t n = utf8_sequence(p_, end_);
      if (n == 0) return fail();
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
        escape(&out);
      } else {
        *out++ = *p_++;
      }
    }
    p_ = resume;
    *length = static_cast<std::size_t>(out - *text);
    return true;
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

  // An escape at p_ (its backslash); decoded into *out when out is given.
  bool escape(char** out) {
    ++p_;
    if (p_ >= end_) return fail();
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
        if (first < 0) return fail();
        p_ += 4;
        char32_t cp = static_cast<char32_t>(first);
        if (first >= 0xD800 && first <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low one.
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail();
          p_ += 2;
          const long second = hex4();
          if (second < 0xDC00 || second > 0xDFFF) return fail();
          p_ += 4;
          cp = 0x10000 + ((static_cast<char32_t>(first) - 0xD800) << 10) +
               (static_cast<char32_t>(second) - 0xDC00);
        } else if (first >= 0xDC00 && first <= 0xDFFF) {
          return fail();
        }
        if (out) *out = encode_utf8(cp, *out);
        return true;
      }
      default:
        return fail();
    }
    ++p_;
    if (out) *(*out)++ = decoded;
    return true;
  }

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
      return fail();
    }
    const char* digits_end = p_;
    bool integer = true;
    if (peek() == '.') {
      ++p_;
      if (!is_digit(peek())) return fail();
      while (p_ < end_ && is_digit(*p_)) ++p_;
      integer = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++p_;
      if (peek() == '+' || peek() == '-') ++p_;
      if (!is_digit(peek())) return fail();
      while (p_ < end_ && is_digit(*p_)) ++p_;
      integer = false;
    }
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
    if (!std::isfinite(value)) return fail();
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
};

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

bool JsonTree::parse(std::string_view text, std::size_t max_depth) {
  nodes_.clear();
  lookups_.clear();
  chunk_ = 0;
  chunk_used_ = 0;
  error_offset_ = 0;
  JsonParser parser(*this, text, max_depth);
  if (parser.run()) return true;
  error_offset_ = parser.error_offset();
  nodes_.clear();
  nodes_.emplace_back();  // root() stays a valid null
  return false;
}

}  // namespace acocalc
