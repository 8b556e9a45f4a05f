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

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace acocalc {

// Appends the JSON number for `x` (null when not finite).
void append_json_number(std::string& out, double x);

// Appends `text` as a JSON string: quotes, the escapes \" \\ \b \f \n \r \t
// and \u00XX for other control characters; UTF-8 passes through, invalid
// UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view text);

// Builds JSON text member by member. `indent` < 0: compact, as one line;
// otherwise pretty with that many spaces a level, starting `depth` levels in
// (for a value nested in a document written around it).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, int indent = -1, int depth = 0)
      : out_(out), indent_(indent), depth_(depth) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The key of the next member of the current object.
  void key(std::string_view name);
  // The same for a name known to need no escaping (the report's own keys).
  void simple_key(std::string_view name);

  void null();
  void boolean(bool value);
  void number(double value);  // null when not finite
  void whole(std::uint64_t value);
  void whole(std::int64_t value);
  void string(std::string_view value);
  // Any nlohmann value (what-if and check documents, expectations).
  void value(const nlohmann::ordered_json& value);

 private:
  void open(char bracket);
  void close(char bracket);
  void before_value();
  void newline(int depth);

  std::string& out_;
  int indent_;
  int depth_;
  int level_ = 0;           // containers open in this writer
  bool first_ = true;       // no member yet in the current container
  bool after_key_ = false;  // a key was written; its value comes next
};

// The text of `value` with this writer's layout (indent < 0: compact).
std::string json_text(const nlohmann::ordered_json& value, int indent = -1, int depth = 0);

}  // namespace acocalc
