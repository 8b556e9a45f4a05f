// The loader's JSON parser: it must accept exactly what nlohmann's strict
// parser accepts (less duplicate keys and deep nesting), with the same values.
#include "json/json_tree.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/json_oracle.h"

using namespace acocalc;
using json = nlohmann::ordered_json;
using acocalc::testing::kDepth;
using acocalc::testing::oracle_accepts;

namespace {

// The tree's value as nlohmann's, kinds included.
bool same(JsonNode node, const json& value) {
  switch (node.type()) {
    case JsonNode::Type::null:
      return value.is_null();
    case JsonNode::Type::boolean:
      return value.is_boolean() && value.get<bool>() == node.boolean();
    case JsonNode::Type::integer:
      return value.is_number_integer() && !value.is_number_unsigned() &&
             value.get<std::int64_t>() == node.integer();
    case JsonNode::Type::unsigned_integer:
      return value.is_number_unsigned() && value.get<std::uint64_t>() == node.unsigned_integer();
    case JsonNode::Type::floating: {
      if (!value.is_number_float()) return false;
      const double a = value.get<double>(), b = node.number();
      return a == b && std::signbit(a) == std::signbit(b);
    }
    case JsonNode::Type::string:
      return value.is_string() && value.get_ref<const std::string&>() == node.string();
    case JsonNode::Type::array: {
      if (!value.is_array() || value.size() != node.size()) return false;
      std::size_t i = 0;
      for (JsonNode child : node.children()) {
        if (!same(child, value[i++])) return false;
      }
      return true;
    }
    case JsonNode::Type::object: {
      if (!value.is_object() || value.size() != node.size()) return false;
      auto it = value.items().begin();
      for (JsonNode child : node.children()) {
        if (child.key() != it.key() || !same(child, it.value())) return false;
        ++it;
      }
      return true;
    }
  }
  return false;
}

// Parses with both; on acceptance, compares the values.
void agree(const std::string& text) {
  JsonTree tree;
  const bool accepted = tree.parse(text, kDepth);
  const bool expected = oracle_accepts(text);
  INFO("text: " << text);
  REQUIRE(accepted == expected);
  if (accepted) REQUIRE(same(tree.root(), json::parse(text)));
}

const std::vector<std::string> kSamples = {
    R"({"id": "p1", "baseline": {"member_months": 12000, "utilization": {"inpatient_days": 500}},
        "performance": {"member_months": 12000.5e0, "pmpm": -0.0, "x": [1, -2, 3.25e-3, true, null]}})",
    R"([{"a": "\u00e9\ud83d\ude00\n\t\"\\\/"}, [], {}, [[[]]], "caf\u00e9", "naïve €"])",
    R"(  -0  )",
    R"(18446744073709551615)",
    R"(-9223372036854775808)",
    R"("\b\f\r")",
};

}  // namespace

TEST_CASE("the tree agrees with nlohmann on valid and broken JSON", "[json]") {
  const std::vector<std::string> cases = {"",
                                          " ",
                                          "{",
                                          "}",
                                          "[",
                                          "]",
                                          "{}",
                                          "[]",
                                          "[,]",
                                          "[1,]",
                                          "{\"a\":1,}",
                                          "{\"a\" 1}",
                                          "{a:1}",
                                          "{\"a\":1 \"b\":2}",
                                          "tru",
                                          "true",
                                          "truex",
                                          "nul",
                                          "null",
                                          "false",
                                          "falsey",
                                          "01",
                                          "-01",
                                          "-",
                                          "1.",
                                          ".5",
                                          "1e",
                                          "1e+",
                                          "1E5",
                                          "1e-5",
                                          "-1.5E+10",
                                          "1e400",
                                          "-1e400",
                                          "1e-400",
                                          "18446744073709551616",
                                          "-9223372036854775809",
                                          "123456789012345678901234567890",
                                          "\"abc",
                                          "\"a\\\"",
                                          "\"\\x\"",
                                          "\"\\u12\"",
                                          "\"\\u12G4\"",
                                          "\"\\ud800\"",
                                          "\"\\ud800\\u0041\"",
                                          "\"\\udc00\"",
                                          "\"\\ud800\\udc00\"",
                                          "\"\\u0000\"",
                                          std::string("\"a\0b\"", 5),
                                          "\"tab\tin\"",
                                          "\"\x7f\"",
                                          "\"\xc3\xa9\"",
                                          "\"\xc3\"",
                                          "\"\xe0\x80\x80\"",
                                          "\"\xed\xa0\x80\"",
                                          "\"\xf4\x90\x80\x80\"",
                                          "\"\xff\"",
                                          "\xEF\xBB\xBF{}",
                                          "{} {}",
                                          "[1] x",
                                          "1 2",
                                          "{\"a\":1,\"a\":2}",
                                          "{\"a\":{\"b\":1,\"b\":1}}",
                                          "{\"a\":1,\"b\":[{\"a\":1}],\"c\":{\"a\":1}}",
                                          "[\"a\",\"a\"]",
                                          "/* c */ 1",
                                          "\t\n\r 1 \r\n",
                                          "[1 , 2 ,3]",
                                          "{\"\":1}",
                                          "{\"\":1,\"\":2}",
                                          "\"\\/\"",
                                          "[-]",
                                          "[+1]",
                                          "[0x10]",
                                          "[NaN]",
                                          "[Infinity]",
                                          "{\"a\":}",
                                          "{\"a\"}",
                                          "{,}",
                                          "[\"\\ud83d\\ude00\"]",
                                          std::string("{}\0garbage", 10),
                                          std::string("1\0", 2),
                                          std::string("[1\0]", 4),
                                          std::string("\0", 1)};
  for (const auto& text : cases) agree(text);
  for (const auto& text : kSamples) agree(text);
}

TEST_CASE("duplicate keys are found in large objects too", "[json]") {
  std::string object = "{";
  for (int i = 0; i < 100; ++i)
    object += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  agree(object + "\"k99\":0}");
  agree(object + "\"k100\":0}");
}

TEST_CASE("nesting is limited to 128 levels", "[json]") {
  const auto nested = [](std::size_t levels) {
    return std::string(levels, '[') + std::string(levels, ']');
  };
  JsonTree tree;
  CHECK(tree.parse(nested(128), kDepth));
  CHECK_FALSE(tree.parse(nested(129), kDepth));
  agree(nested(128));
  agree(nested(129));
  agree("{\"a\":" + nested(127) + "}");
  agree("{\"a\":" + nested(128) + "}");
}

TEST_CASE("numbers keep nlohmann's kinds", "[json]") {
  JsonTree tree;
  REQUIRE(tree.parse("[0, -0, 7, -7, 1.0, 18446744073709551616, 1e-400]", kDepth));
  std::vector<JsonNode> items;
  for (JsonNode node : tree.root().children()) items.push_back(node);
  CHECK(items[0].is_number_unsigned());
  CHECK(items[1].is_number_integer());
  CHECK_FALSE(items[1].is_number_unsigned());
  CHECK(items[2].unsigned_integer() == 7);
  CHECK(items[3].integer() == -7);
  CHECK(items[4].is_number_float());
  CHECK(items[5].number() == 18446744073709551616.0);
  CHECK(items[6].number() == 0.0);
}

TEST_CASE("escaped strings are decoded and members found by key", "[json]") {
  JsonTree tree;
  REQUIRE(tree.parse(R"({"name": "a\"b\u00e9\ud83d\ude00", "n": 1, "plain": "x"})", kDepth));
  CHECK(tree.root().find("name").string() == "a\"b\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(tree.root().find("plain").string() == "x");
  CHECK(tree.root().contains("n"));
  CHECK_FALSE(tree.root().contains("missing"));
  CHECK(tree.root().size() == 3);
  // The same tree parses the next value with the memory of the last.
  REQUIRE(tree.parse(R"(["\n", "\t"])", kDepth));
  CHECK(tree.root().size() == 2);
}

TEST_CASE("mutated documents are accepted or refused as nlohmann does", "[json]") {
  // Random edits of valid documents: bytes replaced, removed or inserted,
  // drawn from the characters JSON gives meaning to.
  const std::string alphabet = "{}[]\":,\\ -+.0123456789eEtrufalsn\t\n\xc3\xa9\xff\x01u/b";
  std::mt19937 random(42);
  for (int round = 0; round < 30000; ++round) {
    std::string text = kSamples[static_cast<std::size_t>(round) % kSamples.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.erase(at, 1);
          break;
        default:
          text.insert(at, 1, c);
          break;
      }
    }
    agree(text);
  }
}

TEST_CASE("keys compare equal only when every byte is", "[json]") {
  // Every length up to 40, and a difference at every position: the word
  // and its overlapping loads must see each byte.
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i % 26);
    const std::string same = a;
    CHECK(same_key(a, key_word(a), same, key_word(same)));
    for (std::size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = '#';
      if (same_key(a, key_word(a), b, key_word(b))) FAIL("length " << n << ", byte " << i);
    }
    const std::string longer = a + "z";
    CHECK_FALSE(same_key(a, key_word(a), longer, key_word(longer)));
  }
  // The compile-time words of key_set() are the run-time ones.
  constexpr auto keys = key_set("id", "label", "member_months", "assigned_beneficiaries",
                                "care_coordination_fee_pmpm");
  for (std::size_t i = 0; i < keys.names.size(); ++i)
    CHECK(keys.words[i] == key_word(keys.names[i]));
}

TEST_CASE("every member of a large object is found, keys sharing their first bytes too", "[json]") {
  // Sizes around the table sizes, and keys alike in their first 8 bytes
  // (which key_word() takes): each is found, a missing one is not.
  for (const std::size_t members : {7, 16, 17, 33, 1000, 20000}) {
    std::string text = "{";
    for (std::size_t i = 0; i < members; ++i) {
      text += (i ? "," : "") + std::string("\"utilization_metric_") + std::to_string(i) +
              "\":" + std::to_string(i);
    }
    text += "}";
    JsonTree tree;
    REQUIRE(tree.parse(text, 8));
    const JsonNode root = tree.root();
    REQUIRE(root.size() == members);
    for (std::size_t i = 0; i < members; ++i) {
      const JsonNode found = root.find("utilization_metric_" + std::to_string(i));
      REQUIRE(found);
      CHECK(found.unsigned_integer() == i);
    }
    CHECK_FALSE(root.find("utilization_metric_" + std::to_string(members)));
    CHECK_FALSE(root.find("utilization_metric_"));
    // The same key twice, far apart, is refused.
    const std::string repeated = text.substr(0, text.size() - 1) + ",\"utilization_metric_0\":1}";
    CHECK_FALSE(tree.parse(repeated, 8));
  }
}

namespace {

// The words of a refused text, with its place: "LINE:COLUMN: MESSAGE", or
// "/PATH/TO/KEY: duplicate KEY" for a repeated key (tokens unescaped).
std::string refusal(std::string_view text, const JsonSource& source = {}) {
  JsonTree tree;
  if (tree.parse(text, kDepth, source)) return "accepted";
  const JsonError& error = tree.error();
  if (!error.path.empty()) {
    std::string path;
    for (const std::string& token : error.path) path += "/" + token;
    return path + ": duplicate " + error.key;
  }
  return std::to_string(error.line) + ":" + std::to_string(error.column) + ": " + error.message;
}

}  // namespace

// One case a kind of error, with the words written out by hand: they are
// what tests/bad-inputs/ pins through the command line.
TEST_CASE("a refused text says what was found where, and what was expected there", "[json]") {
  // Nothing, or the end too early.
  CHECK(refusal("") == "1:1: found no JSON value, expected a JSON document");
  CHECK(refusal(" \n ") == "1:1: found no JSON value, expected a JSON document");
  CHECK(refusal("{\"a\": [1,\n  2") ==
        "2:4: found the end of the input, expected ',' or ']'; the array opened at 1:7 is not "
        "closed");
  CHECK(refusal("{\"a\"") ==
        "1:5: found the end of the input, expected ':'; the object opened at 1:1 is not closed");
  CHECK(refusal("{", JsonSource{3, 1, "the end of the line"}) ==
        "3:2: found the end of the line, expected a string key or '}'; the object opened at 3:1 "
        "is not closed");
  // Separators and keys.
  CHECK(refusal("{\"a\": 1 \"b\": 2}") ==
        "1:9: found a string, expected ',' or '}' (a comma is missing after the previous member)");
  CHECK(refusal("[1 2]") ==
        "1:4: found the number 2, expected ',' or ']' (a comma is missing after the previous "
        "element)");
  CHECK(refusal("{\"a\": [1}") ==
        "1:9: found '}', expected ',' or ']' to close the array opened at 1:7");
  CHECK(refusal("{\"a\": 1,}") ==
        "1:9: found '}', expected a string key in double quotes; JSON allows no comma before '}'");
  CHECK(refusal("{'a': 1}") ==
        "1:2: found a single quote ('), expected a string key in double quotes or '}'; JSON "
        "strings use double quotes");
  CHECK(refusal("{\"caf\\u00e9\" 1}") ==
        "1:14: found the number 1, expected ':' after the key \"caf?\"");
  CHECK(refusal("[1,]") ==
        "1:4: found ']', expected a JSON value; JSON allows no comma before ']'");
  CHECK(refusal("[// x\n]") ==
        "1:2: found '/', expected a JSON value or ']'; JSON has no comments");
  CHECK(refusal("}") == "1:1: found '}', expected a JSON value; no object is open");
  CHECK(refusal("{} x") ==
        "1:4: found 'x' after the end of the JSON value, expected the end of the input");
  CHECK(refusal(std::string("{}\0", 3)) ==
        "1:3: found the control character U+0000 after the end of the JSON value, expected the "
        "end of the input");
  CHECK(refusal("\xEF\xBB\xBF{}") ==
        "1:1: found a byte-order mark (U+FEFF), expected a JSON value");
  CHECK(refusal("\xFF\xFE{") ==
        "1:1: found a UTF-16 byte-order mark, expected UTF-8 text; save the file as UTF-8");
  // Literals and numbers.
  CHECK(refusal("[truex]") ==
        "1:2: found 'truex', expected a JSON value; strings need double quotes");
  CHECK(refusal("True") ==
        "1:1: found 'True', expected a JSON value; true, false and null are lower case");
  CHECK(refusal("NaN") ==
        "1:1: found 'NaN', expected a JSON value; JSON numbers have no NaN or Infinity");
  CHECK(refusal("-Infinity") ==
        "1:1: found '-Infinity', expected a JSON value; JSON numbers have no NaN or Infinity");
  CHECK(refusal("+1") == "1:1: found '+1', expected a JSON value; a JSON number has no '+' sign");
  CHECK(refusal(".5") ==
        "1:1: found '.5', expected a JSON value; a JSON number needs a digit before the decimal "
        "point");
  CHECK(refusal("-") == "1:1: found '-', expected a digit after '-'");
  CHECK(refusal("012") == "1:1: found '012', expected a number without leading zeros");
  CHECK(refusal("1.") == "1:1: found '1.', expected a digit after the decimal point");
  CHECK(refusal("1e+") == "1:1: found '1e+', expected digits after the exponent's 'e'");
  CHECK(refusal("1.5.3") == "1:1: found '1.5.3', expected a number");
  CHECK(refusal("[1e999]") ==
        "1:2: found the number 1e999, which is out of range, expected a number of magnitude "
        "below 1.8e308");
  // Strings.
  CHECK(refusal("\"abc") ==
        "1:1: found a string without its closing '\"', expected '\"' before the end of the input");
  CHECK(refusal("\"a\nb\"") ==
        "1:3: found a line break in a string, expected the closing '\"' (or \\n)");
  CHECK(refusal("\"a\tb\"") ==
        "1:3: found the control character U+0009 in a string, expected it escaped as \\t");
  CHECK(refusal("\"\xC3(\"") ==
        "1:2: found the byte 0xC3 (not UTF-8) in a string, expected UTF-8 text");
  CHECK(refusal("\"\\q\"") ==
        "1:2: found the escape \\q in a string, expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
        "\\uXXXX");
  CHECK(refusal("\"\\u12\"") ==
        "1:2: found '\\u12' in a string, expected four hex digits after \\u");
  CHECK(refusal("\"\\udc00\"") ==
        "1:2: found the low surrogate \\udc00 alone in a string, expected a high surrogate "
        "\\ud800 to \\udbff before it");
  CHECK(refusal("\"\\ud800x\"") ==
        "1:2: found the high surrogate \\ud800 alone in a string, expected a low surrogate "
        "\\udc00 to \\udfff after it");
  // Depth.
  CHECK(refusal(std::string(129, '[')) ==
        "1:129: found '[' nested 129 levels deep, expected at most 128 levels of nested objects "
        "and arrays");
}

TEST_CASE("a repeated key is refused as soon as it is read, with its pointer", "[json]") {
  CHECK(refusal(R"({"a": 1, "a": 2})") == "/a: duplicate a");
  // Read before the syntax error that follows it.
  CHECK(refusal(R"({"a": 1, "a" 2})") == "/a: duplicate a");
  CHECK(refusal(R"({"a": 1, "a": [})") == "/a: duplicate a");
  // The first to repeat, in document order, across nested objects.
  CHECK(refusal(R"({"x": [0, {"b~/": 1, "b~/": 2}], "x": 3})") == "/x/1/b~/: duplicate b~/");
  CHECK(refusal(R"({"x": 1, "y": {"z": 1, "x": 2}, "x": 3, "y": {"z": 1, "z": 2}})") ==
        "/x: duplicate x");
  // Escapes are decoded before keys are compared.
  CHECK(refusal(R"({"a": 1, "\u0061": 2})") == "/a: duplicate a");
  // A syntax error first wins.
  CHECK(refusal(R"({"a": 1,, "a": 2})") ==
        "1:9: found ',', expected a string key in double quotes");
  CHECK(refusal(R"({"a": 1, "a\q": 2})") ==
        "1:12: found the escape \\q in a string, expected one of \\\" \\\\ \\/ \\b \\f \\n \\r "
        "\\t \\uXXXX");
}
