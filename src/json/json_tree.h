// One JSON value parsed for the loader: a flat array of nodes in document
// order over the input text, reused from value to value so that a stream of
// programs parses without allocating. It accepts what nlohmann's strict
// parser accepts (RFC 8259: UTF-8 validated, no comments, nothing after the
// value), keeps nlohmann's number kinds (unsigned, negative integer,
// floating), and also rejects duplicate keys, nesting deeper than a limit
// and a NUL byte after the value (which nlohmann takes for the end of the
// input, dropping what follows). When it rejects a text it says why, for a
// person: what it found where, and what it expected there (JsonError).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace acocalc {

class JsonTree;

// A key as one word, for quick comparisons: equal keys give equal words, and
// keys of up to 8 bytes and equal length have equal words only when they are
// equal (same_key() finishes the comparison of longer ones).
constexpr std::uint64_t key_word(std::string_view key) {
  const char* p = key.data();
  const std::size_t n = key.size();
  // Little-endian loads; spelled out byte by byte where memcpy cannot go (at
  // compile time) or would give another order.
  const auto load = [&](std::size_t at, std::size_t bytes) -> std::uint64_t {
    if (!std::is_constant_evaluated() && std::endian::native == std::endian::little) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + at, bytes);
      return word;
    }
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      word |= std::uint64_t{static_cast<unsigned char>(p[at + i])} << (8 * i);
    }
    return word;
  };
  if (n >= 8) return load(0, 8);
  if (n >= 4) return load(0, 4) | (load(n - 4, 4) << 32);  // overlapping: every byte
  if (n > 0) {
    return std::uint64_t{static_cast<unsigned char>(p[0])} |
           (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
           (std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
  }
  return 0;
}

// A fixed set of keys with their words, made at compile time:
// key_set("label", "start").
template <std::size_t N>
struct KeySet {
  std::array<std::string_view, N> names{};
  std::array<std::uint64_t, N> words{};
};

template <typename... Names>
consteval KeySet<sizeof...(Names)> key_set(Names... names) {
  KeySet<sizeof...(Names)> set{{std::string_view(names)...}, {}};
  for (std::size_t i = 0; i < sizeof...(Names); ++i) set.words[i] = key_word(set.names[i]);
  return set;
}

// Whether keys `a` and `b` with words `wa` and `wb` (key_word()) are equal.
[[gnu::always_inline]] inline bool same_key(std::string_view a, std::uint64_t wa,
                                            std::string_view b, std::uint64_t wb) {
  if (wa != wb || a.size() != b.size()) return false;
  const std::size_t n = a.size();
  if (n <= 8) return true;
  const auto word_at = [](const char* p) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
    return word;
  };
  // The last 8 bytes, and up to 24 the 8 after the first: with the first 8,
  // every byte.
  if (word_at(a.data() + n - 8) != word_at(b.data() + n - 8)) return false;
  if (n <= 16) return true;
  if (word_at(a.data() + 8) != word_at(b.data() + 8)) return false;
  if (n <= 24) return true;
  return std::memcmp(a.data() + 16, b.data() + 16, n - 24) == 0;
}

namespace json_lookup {
// Objects with more members than this get a hash table for find(); in
// smaller ones a scan is as quick.
inline constexpr std::uint32_t kLookupMembers = 6;
inline constexpr std::uint32_t kLookupBits = 5;
inline constexpr std::uint32_t kLookupSlots = 1u << kLookupBits;  // at most half full

// The table of an object of `members` members: kLookupBits for most, more
// for a larger object, so that it stays at most half full (and find() near
// constant time however many members an object has).
inline std::uint32_t lookup_bits(std::size_t members) {
  if (members <= kLookupSlots / 2) return kLookupBits;
  return static_cast<std::uint32_t>(std::bit_width(2 * members - 1));
}

// The first slot to try for `key` (whose key_word() is `word`) in a table
// of 1 << bits slots. Small tables hash the word (quick for a literal key);
// larger ones the whole key, since keys that share their first 8 bytes
// share their word.
inline std::uint32_t lookup_slot(std::string_view key, std::uint64_t word,
                                 std::uint32_t bits = kLookupBits) {
  const std::uint64_t h =
      bits == kLookupBits
          ? (word ^ (word >> 29) ^ key.size()) * 0x9E3779B97F4A7C15ull
          : std::uint64_t{std::hash<std::string_view>{}(key)} * 0x9E3779B97F4A7C15ull;
  return static_cast<std::uint32_t>(h >> (64 - bits));
}
}  // namespace json_lookup

// A node of a JsonTree: a handle, valid while its tree holds that parse.
class JsonNode {
 public:
  enum class Type : std::uint8_t {
    null,
    boolean,
    integer,
    unsigned_integer,
    floating,
    string,
    array,
    object
  };

  JsonNode() = default;
  // False for the "absent" node find() returns.
  explicit operator bool() const { return tree_ != nullptr; }

  Type type() const;
  bool is_null() const { return type() == Type::null; }
  bool is_boolean() const { return type() == Type::boolean; }
  // Any number; "integer" as in nlohmann: written without fraction or
  // exponent and within 64 bits ("unsigned" when not negative).
  bool is_number() const;
  bool is_number_integer() const;
  bool is_number_unsigned() const { return type() == Type::unsigned_integer; }
  bool is_number_float() const { return type() == Type::floating; }
  bool is_string() const { return type() == Type::string; }
  bool is_array() const { return type() == Type::array; }
  bool is_object() const { return type() == Type::object; }
  bool is_structured() const { return is_array() || is_object(); }

  bool boolean() const;
  double number() const;  // any number, converted as nlohmann's get<double>()
  std::int64_t integer() const;
  std::uint64_t unsigned_integer() const;
  std::string_view string() const;  // unescaped

  // Members (objects) or elements (arrays).
  std::size_t size() const;
  // The member named `key`, or an absent node. Inline: for a literal key the
  // compiler works out its word and hash slot.
  [[gnu::always_inline]] JsonNode find(std::string_view key) const;
  [[gnu::always_inline]] bool contains(std::string_view key) const {
    return static_cast<bool>(find(key));
  }
  // The key of an object's member, and its key_word().
  std::string_view key() const;
  std::uint64_t key_word() const;

  // Children in document order: `for (JsonNode member : object.children())`.
  class Iterator {
   public:
    Iterator(const JsonTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}
    JsonNode operator*() const { return JsonNode(tree_, index_); }
    Iterator& operator++();
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }

   private:
    const JsonTree* tree_;
    std::uint32_t index_;
  };
  struct Children {
    Iterator first, last;
    Iterator begin() const { return first; }
    Iterator end() const { return last; }
  };
  Children children() const;

  // Position in the tree's document order (pre-order): equal nodes, same index.
  std::uint32_t index() const { return index_; }

 private:
  friend class JsonTree;
  JsonNode(const JsonTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}

  const JsonTree* tree_ = nullptr;
  std::uint32_t index_ = 0;
};

// Where a text starts in its file, for the places an error names.
struct JsonSource {
  long line = 1;
  long column = 1;
  std::string_view end_name = "the end of the input";  // "the end of the line" for JSON Lines
};

// Why a text is not one JSON value: the first problem, as nlohmann's SAX
// parser meets them in document order (a repeated key is one as soon as it
// is read). A syntax error is found at `offset` (`line`:`column`, counted
// in characters from the JsonSource's start), with a message such as
// "found '}', expected a string key in double quotes; JSON allows no comma
// before '}'". A repeated key has an empty message: `key` is the key and
// `path` the keys and indexes from the root to it, the key last.
struct JsonError {
  std::size_t offset = 0;
  long line = 0;
  long column = 0;
  std::string message;
  std::string key;
  std::vector<std::string> path;
};

class JsonTree {
 public:
  JsonTree();
  ~JsonTree();
  JsonTree(const JsonTree&) = delete;
  JsonTree& operator=(const JsonTree&) = delete;

  // Parses `text` as one JSON value, nested at most `max_depth` levels.
  // False when the text is not valid JSON, repeats a key within an object or
  // nests deeper; `error()` then says why, placed from `source`. The text
  // must outlive the nodes: strings without escapes point into it.
  bool parse(std::string_view text, std::size_t max_depth, const JsonSource& source = {});
  const JsonError& error() const { return error_; }

  JsonNode root() const { return JsonNode(this, 0); }

 private:
  friend class JsonNode;
  friend class JsonParser;

  struct Node {
    JsonNode::Type type = JsonNode::Type::null;
    bool flag = false;       // boolean value
    std::uint32_t end = 0;   // index one past this node's subtree
    std::uint32_t size = 0;  // children of an array or object
    std::uint32_t key_length = 0;
    const char* key = nullptr;   // a member's key
    std::uint64_t key_word = 0;  // key_word() of the key
    std::uint32_t length = 0;    // a string's length
    std::uint32_t lookup = 0;    // an object's hash table in lookups_ (+1), or 0: none
    union {
      const char* text;  // a string (into the input or the arena)
      double floating;
      std::int64_t integer;
      std::uint64_t unsigned_integer;
    };
    Node() : text(nullptr) {}
  };

  // Room for `length` bytes of unescaped text that stays put until the next
  // parse (chunks are kept and reused).
  char* reserve_text(std::size_t length);

  std::vector<Node> nodes_;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::size_t> chunk_sizes_;
  std::size_t chunk_ = 0;       // chunk in use
  std::size_t chunk_used_ = 0;  // bytes used in it
  // Hash tables of the members of larger objects, 1 << lookup_bits(members)
  // slots each: member node index + 1, 0 for an empty slot.
  std::vector<std::uint32_t> lookups_;
  JsonError error_;
};

inline JsonNode JsonNode::find(std::string_view key) const {
  const auto& nodes = tree_->nodes_;
  const auto& node = nodes[index_];
  if (node.type != Type::object) return {};
  const std::uint64_t word = acocalc::key_word(key);
  const auto matches = [&](const JsonTree::Node& member) __attribute__((always_inline)) {
    return same_key(std::string_view(member.key, member.key_length), member.key_word, key, word);
  };
  if (node.lookup != 0) {
    const std::uint32_t* table = tree_->lookups_.data() + (node.lookup - 1);
    const std::uint32_t bits = json_lookup::lookup_bits(node.size);
    const std::uint32_t mask = (1u << bits) - 1;
    for (std::uint32_t slot = json_lookup::lookup_slot(key, word, bits);;
         slot = (slot + 1) & mask) {
      const std::uint32_t member = table[slot];
      if (member == 0) return {};
      if (matches(nodes[member - 1])) return JsonNode(tree_, member - 1);
    }
  }
  for (std::uint32_t i = index_ + 1; i < node.end; i = nodes[i].end) {
    if (matches(nodes[i])) return JsonNode(tree_, i);
  }
  return {};
}

inline JsonNode::Type JsonNode::type() const { return tree_->nodes_[index_].type; }

inline bool JsonNode::is_number() const {
  const Type t = type();
  return t == Type::integer || t == Type::unsigned_integer || t == Type::floating;
}

inline bool JsonNode::is_number_integer() const {
  const Type t = type();
  return t == Type::integer || t == Type::unsigned_integer;
}

inline bool JsonNode::boolean() const { return tree_->nodes_[index_].flag; }

inline double JsonNode::number() const {
  const auto& node = tree_->nodes_[index_];
  switch (node.type) {
    case Type::integer:
      return static_cast<double>(node.integer);
    case Type::unsigned_integer:
      return static_cast<double>(node.unsigned_integer);
    case Type::floating:
      return node.floating;
    default:
      return 0;
  }
}

inline std::int64_t JsonNode::integer() const {
  const auto& node = tree_->nodes_[index_];
  if (node.type == Type::unsigned_integer) return static_cast<std::int64_t>(node.unsigned_integer);
  if (node.type == Type::floating) return static_cast<std::int64_t>(node.floating);
  return node.integer;
}

inline std::uint64_t JsonNode::unsigned_integer() const {
  const auto& node = tree_->nodes_[index_];
  if (node.type == Type::integer) return static_cast<std::uint64_t>(node.integer);
  if (node.type == Type::floating) return static_cast<std::uint64_t>(node.floating);
  return node.unsigned_integer;
}

inline std::string_view JsonNode::string() const {
  const auto& node = tree_->nodes_[index_];
  return node.type == Type::string ? std::string_view(node.text, node.length) : std::string_view();
}

inline std::size_t JsonNode::size() const { return tree_->nodes_[index_].size; }

inline std::string_view JsonNode::key() const {
  const auto& node = tree_->nodes_[index_];
  return std::string_view(node.key, node.key_length);
}

inline std::uint64_t JsonNode::key_word() const { return tree_->nodes_[index_].key_word; }

inline JsonNode::Iterator& JsonNode::Iterator::operator++() {
  index_ = tree_->nodes_[index_].end;
  return *this;
}

inline JsonNode::Children JsonNode::children() const {
  const auto& node = tree_->nodes_[index_];
  return {Iterator(tree_, index_ + 1), Iterator(tree_, node.end)};
}

}  // namespace acocalc
