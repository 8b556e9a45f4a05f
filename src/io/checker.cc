#include "io/checker.h"

#include "io/json_writer.h"

namespace acocalc {

// Appends a key as a JSON pointer token (RFC 6901: "~" is "~0", "/" is "~1").
void append_pointer_token(std::string& out, std::string_view key) {
  if (std::none_of(key.begin(), key.end(), [](char c) { return c == '~' || c == '/'; })) {
    out.append(key);
    return;
  }
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

std::string pointer_token(std::string_view key) {
  std::string out;
  append_pointer_token(out, key);
  return out;
}

// A name from the input, quoted for a message; shortened when long (a key
// may be megabytes), never cut inside a UTF-8 character.
std::string quote_name(std::string_view name) {
  constexpr std::size_t kLongest = 60;
  if (name.size() <= kLongest) return "\"" + std::string(name) + "\"";
  std::size_t cut = kLongest - 3;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("\"{}...\" ({} bytes)", name.substr(0, cut), name.size());
}

std::string describe(JsonNode value) {
  switch (value.type()) {
    case JsonNode::Type::object:
      return "an object";
    case JsonNode::Type::array:
      return "an array";
    case JsonNode::Type::null:
      return "null";
    case JsonNode::Type::string: {
      // JSON's escapes keep control characters visible; long strings shortened.
      std::string text;
      append_json_string(text, value.string());
      return quote_name(std::string_view(text).substr(1, text.size() - 2));
    }
    case JsonNode::Type::boolean:
      return value.boolean() ? "true" : "false";
    case JsonNode::Type::integer:
      return std::to_string(value.integer());
    case JsonNode::Type::unsigned_integer:
      return std::to_string(value.unsigned_integer());
    case JsonNode::Type::floating: {
      std::string text;
      append_json_number(text, value.number() == 0 ? 0.0 : value.number());  // never "-0.0"
      return text;
    }
  }
  return "";
}

// Whether a figure derived from the input (a product, a rate) is finite and
// exact: within 2^53 in magnitude.
bool exact(double x) { return std::fabs(x) <= kMaxExact; }

// A computed figure for a message: never "inf" (a product or quotient of
// valid inputs can overflow a double).
std::string figure(double x) {
  if (std::isfinite(x)) return fmt::format("{}", x == 0 ? 0.0 : x);
  return x > 0 ? "more than 1.8e308" : "less than -1.8e308";
}

}  // namespace acocalc
