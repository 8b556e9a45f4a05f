// JSON text out: the one serializer of every JSON acocalc prints (reports,
// JSON Lines, check and what-if documents, diagnostics). It appends to a
// caller's string, so that a batch of reports reuses one buffer, and lays
// text out as nlohmann's dump() does (compact, or pretty with an indent).
//
// Numbers: a double is printed as the shortest decimal that reads back as
// the same double (Dragonbox, through fmt), in nlohmann's layout: "2.0" for a
// whole number, "0.0001" down to 1e-04 and "1e-05" below, plain digits up to
// 15 before the point and an exponent beyond ("1e+15"). NaN and infinity
// print as null.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace acocalc {

// The longest text write_json_number() makes ("-1.2345678901234567e-308").
inline constexpr std::size_t kMaxJsonNumber = 32;

// Writes the JSON number for `x` (null when not finite) at `out`, which has
// room for kMaxJsonNumber bytes; returns the end.
char* write_json_number(char* out, double x);

// Writes the JSON number for round_to(x, 2) (money: to the cent, no
// negative zero) at `out`, with room for kMaxJsonNumber bytes; returns the
// end.
char* write_json_cents(char* out, double x);

// Appends the JSON number for `x` (null when not finite).
void append_json_number(std::string& out, double x);

// Appends `text` as a JSON string: quotes, the escapes \" \\ \b \f \n \r \t
// and \u00XX for other control characters; UTF-8 passes through, invalid
// UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view text);

// Builds JSON text member by member. `indent` < 0: compact, as one line;
// otherwise pretty with that many spaces a level, starting `depth` levels in
// (for a value nested in a document written around it). Text gathers in the
// writer and reaches `out` on flush() or when the writer goes away.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, int indent = -1, int depth = 0)
      : out_(out), indent_(indent), depth_(depth), exceptions_(std::uncaught_exceptions()) {}
  // Flushes, unless an exception is on its way through (std::bad_alloc from
  // a refill): a destructor must not throw. Writers that may run out of
  // memory flush() before they go away.
  ~JsonWriter() {
    if (std::uncaught_exceptions() == exceptions_) flush();
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The key of the next member of the current object.
  void key(std::string_view name);
  // The same for a name known to need no escaping (the report's own keys).
  [[gnu::always_inline]] void simple_key(std::string_view name) {
    if (name.size() > 64) return key(name);
    char* p = reserve(name.size() + 8 + newline_room());
    if (!first_) *p++ = ',';
    p = newline(p, depth_);
    first_ = false;
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    if (indent_ >= 0) *p++ = ' ';
    size_ = static_cast<std::size_t>(p - buffer_);
    after_key_ = true;
  }

  [[gnu::always_inline]] void null() { put_value("null"); }
  [[gnu::always_inline]] void boolean(bool value) {
    put_value(value ? std::string_view("true") : "false");
  }
  // A number; null when not finite.
  [[gnu::always_inline]] void number(double value) {
    char* p = before_value(kMaxJsonNumber);
    size_ = static_cast<std::size_t>(write_json_number(p, value) - buffer_);
  }
  // Money rounded to the cent (write_json_cents()).
  [[gnu::always_inline]] void cents(double value) {
    char* p = before_value(kMaxJsonNumber);
    size_ = static_cast<std::size_t>(write_json_cents(p, value) - buffer_);
  }
  void whole(std::uint64_t value);
  void whole(std::int64_t value);
  void string(std::string_view value);
  // Any nlohmann value (what-if and check documents, expectations).
  void value(const nlohmann::ordered_json& value);

  // Moves the text gathered so far into the string.
  void flush() {
    out_.append(buffer_, size_);
    size_ = 0;
  }

 private:
  static constexpr std::size_t kBuffer = 4096;

  // Room for `n` more bytes at the end of the buffer (n well below kBuffer).
  [[gnu::always_inline]] char* reserve(std::size_t n) {
    if (size_ + n > kBuffer) flush();
    return buffer_ + size_;
  }
  std::size_t newline_room() const {
    return indent_ < 0
               ? 0
               : 1 + static_cast<std::size_t>(indent_) * static_cast<std::size_t>(depth_ + 1);
  }
  // A line break and the indentation of `depth` (pretty layout only).
  [[gnu::always_inline]] char* newline(char* p, int depth) const {
    if (indent_ < 0) return p;
    *p++ = '\n';
    const std::size_t spaces = static_cast<std::size_t>(indent_) * static_cast<std::size_t>(depth);
    std::memset(p, ' ', spaces);
    return p + spaces;
  }
  // Reserves room for the separator before a value and `n` more bytes.
  [[gnu::always_inline]] char* before_value(std::size_t n) {
    char* p = reserve(n + 2 + newline_room());
    if (after_key_) {
      after_key_ = false;
    } else if (level_ > 0) {
      if (!first_) *p++ = ',';
      p = newline(p, depth_);
      first_ = false;
    }
    return p;
  }
  [[gnu::always_inline]] void put_value(std::string_view text) {
    char* p = before_value(text.size());
    std::memcpy(p, text.data(), text.size());
    size_ = static_cast<std::size_t>(p + text.size() - buffer_);
  }
  void open(char bracket);
  void close(char bracket);

  std::string& out_;
  int indent_;
  int depth_;
  int exceptions_;          // uncaught when the writer was made
  int level_ = 0;           // containers open in this writer
  bool first_ = true;       // no member yet in the current container
  bool after_key_ = false;  // a key was written; its value comes next
  std::size_t size_ = 0;
  char buffer_[kBuffer];
};

// The text of `value` with this writer's layout (indent < 0: compact).
std::string json_text(const nlohmann::ordered_json& value, int indent = -1, int depth = 0);

}  // namespace acocalc
