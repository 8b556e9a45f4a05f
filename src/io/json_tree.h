// One JSON value parsed for the loader: a flat array of nodes in document
// order over the input text, reused from value to value so that a stream of
// programs parses without allocating. It accepts what nlohmann's strict
// parser accepts (RFC 8259: UTF-8 validated, no comments, nothing after the
// value), keeps nlohmann's number kinds (unsigned, negative integer,
// floating), and also rejects duplicate keys, nesting deeper than a limit
// and a NUL byte after the value (which nlohmann takes for the end of the
// input, dropping what follows). It says only whether the text is valid: the loader words the
// errors (see load_value()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace acocalc {

class JsonTree;

// A key as one word, for quick comparisons: equal keys give equal words, and
// keys of up to 8 bytes and equal length have equal words only when they are
// equal (same_key() finishes the comparison of longer ones).
inline std::uint64_t key_word(std::string_view key) {
  const char* p = key.data();
  const std::size_t n = key.size();
  std::uint64_t word = 0;
  if (n >= 8) {
    std::memcpy(&word, p, 8);
  } else if (n >= 4) {  // two loads that overlap cover every byte
    std::uint32_t head = 0, tail = 0;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    word = head | (std::uint64_t{tail} << 32);
  } else if (n > 0) {
    word = static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[n / 2]) << 8) |
           (static_cast<unsigned char>(p[n - 1]) << 16);
  }
  return word;
}

// Whether keys `a` and `b` with words `wa` and `wb` (key_word()) are equal.
inline bool same_key(std::string_view a, std::uint64_t wa, std::string_view b, std::uint64_t wb) {
  if (wa != wb || a.size() != b.size()) return false;
  const std::size_t n = a.size();
  if (n <= 8) return true;
  if (n <= 16) {  // the last 8 bytes: with the first 8, every byte
    std::uint64_t ta = 0, tb = 0;
    std::memcpy(&ta, a.data() + n - 8, 8);
    std::memcpy(&tb, b.data() + n - 8, 8);
    return ta == tb;
  }
  return std::memcmp(a.data() + 8, b.data() + 8, n - 8) == 0;
}

// A node of a JsonTree: a handle, valid while its tree holds that parse.
class JsonNode {
 public:
  enum class Type : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

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
  // The member named `key`, or an absent node.
  JsonNode find(std::string_view key) const;
  bool contains(std::string_view key) const { return static_cast<bool>(find(key)); }
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

class JsonTree {
 public:
  JsonTree();
  ~JsonTree();
  JsonTree(const JsonTree&) = delete;
  JsonTree& operator=(const JsonTree&) = delete;

  // Parses `text` as one JSON value, nested at most `max_depth` levels.
  // False when the text is not valid JSON, repeats a key within an object or
  // nests deeper; `error_offset()` is then near the first problem. The text
  // must outlive the nodes: strings without escapes point into it.
  bool parse(std::string_view text, std::size_t max_depth);
  std::size_t error_offset() const { return error_offset_; }

  JsonNode root() const { return JsonNode(this, 0); }

 private:
  friend class JsonNode;
  friend class JsonParser;

  struct Node {
    JsonNode::Type type = JsonNode::Type::null;
    bool flag = false;        // boolean value
    std::uint32_t end = 0;    // index one past this node's subtree
    std::uint32_t size = 0;   // children of an array or object
    std::uint32_t key_length = 0;
    const char* key = nullptr;     // a member's key
    std::uint64_t key_word = 0;    // key_word() of the key
    std::uint32_t length = 0;      // a string's length
    std::uint32_t lookup = 0;      // an object's hash table in lookups_ (+1), or 0: none
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
  std::vector<std::string_view> keys_;  // scratch for duplicate detection
  // Hash tables of the members of larger objects, kLookupSlots each: member
  // node index + 1, 0 for an empty slot.
  std::vector<std::uint32_t> lookups_;
  std::size_t error_offset_ = 0;
};

}  // namespace acocalc
