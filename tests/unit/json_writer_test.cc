// The JSON serializer: numbers (shortest round-trip digits in nlohmann's
// layout), strings, and compact and pretty layouts.
#include "json/json_writer.h"

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "json/format.h"

using namespace acocalc;
using json = nlohmann::ordered_json;

namespace {

std::string number_text(double x) {
  std::string out;
  append_json_number(out, x);
  return out;
}

// The significant digits of a number's text ("0.0012300" -> "123").
std::string significant_digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c == 'e' || c == 'E') break;
    if (c >= '0' && c <= '9') digits += c;
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  digits.erase(0, first);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return digits;
}

}  // namespace

TEST_CASE("numbers use nlohmann's layout: a point in whole numbers, exponents far out", "[json]") {
  // By hand from nlohmann's format_buffer (kMinExp -4, kMaxExp 15).
  CHECK(number_text(1.0) == "1.0");
  CHECK(number_text(100.0) == "100.0");
  CHECK(number_text(0.0) == "0.0");
  CHECK(number_text(-0.0) == "-0.0");
  CHECK(number_text(123.456) == "123.456");
  CHECK(number_text(-2.5) == "-2.5");
  CHECK(number_text(0.0001) == "0.0001");
  CHECK(number_text(0.00001) == "1e-05");
  CHECK(number_text(0.000123) == "0.000123");
  CHECK(number_text(1.5e-7) == "1.5e-07");
  CHECK(number_text(1e14) == "100000000000000.0");
  CHECK(number_text(123456789012345.0) == "123456789012345.0");
  CHECK(number_text(1e15) == "1e+15");
  CHECK(number_text(1.5e300) == "1.5e+300");
  CHECK(number_text(5e-324) == "5e-324");
  CHECK(number_text(std::nan("")) == "null");
  CHECK(number_text(INFINITY) == "null");
  // The same values through nlohmann's own dump, where its digits are also
  // the shortest.
  for (double x : {1.0, 100.0, 123.456, 0.0001, 0.00001, 1.5e-7, 1e14, 1e15, 1.5e300, 5e-324}) {
    CHECK(number_text(x) == json(x).dump());
  }
}

TEST_CASE("numbers are the shortest text that reads back as the same double", "[json]") {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::uint64_t> bits;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 200000; ++i) {
    double x = 0;
    if (i % 2 == 0) {
      const std::uint64_t b = bits(random);
      std::memcpy(&x, &b, sizeof x);
      if (!std::isfinite(x)) continue;
    } else {
      x = unit(random) * std::pow(10.0, static_cast<double>(i % 30) - 10.0);
    }
    const std::string text = number_text(x);
    const double back = std::strtod(text.c_str(), nullptr);
    if (back != x) FAIL(text << " reads back as " << back);
    // libstdc++'s to_chars (Ryu) gives the shortest round-trip digits.
    char buffer[64];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific).ptr;
    const std::string shortest(buffer, end);
    if (significant_digits(text) != significant_digits(shortest)) {
      FAIL(text << " is not the shortest, " << shortest);
    }
  }
}

TEST_CASE("strings escape what JSON requires and pass UTF-8 through", "[json]") {
  for (const std::string& s :
       {std::string("plain"), std::string("quote \" and backslash \\"),
        std::string("tab\tnewline\nreturn\rbell\x07 esc\x1b del\x7f"), std::string("b\bf\f"),
        std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), std::string("\x00 nul", 5),
        std::string()}) {
    std::string out;
    append_json_string(out, s);
    CHECK(out == json(s).dump());
  }
  // Invalid UTF-8 becomes U+FFFD, as nlohmann's replace mode does.
  for (const std::string& s :
       {std::string("bad \xff byte"), std::string("cut \xe2\x82"),
        std::string("surrogate \xed\xa0\x80"), std::string("overlong \xc0\xaf")}) {
    std::string out = "prefix:";
    append_json_string(out, s);
    CHECK(out == "prefix:" + json(s).dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

TEST_CASE("compact and pretty layouts match nlohmann's dump", "[json]") {
  const json value = json::parse(R"({"id": "a", "n": 3, "neg": -4, "x": 0.25, "flag": true,
    "none": null, "empty_object": {}, "empty_array": [], "list": [1, [2, {}], {"k": "v"}],
    "nested": {"deeper": {"deepest": [false]}}})");
  CHECK(json_text(value) == value.dump());
  CHECK(json_text(value, 2) == value.dump(2));
  CHECK(json_text(value, 4) == value.dump(4));
  CHECK(json_text(json::array()) == "[]");
  for (std::uint64_t n :
       {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{10}, std::uint64_t{99999999},
        std::uint64_t{100000000}, std::uint64_t{1234567890123456789},
        std::uint64_t{18446744073709551615ull}}) {
    CHECK(json_text(json(n)) == std::to_string(n));
  }
  CHECK(json_text(json(nullptr), 2) == "null");
}

TEST_CASE("a pretty value nested in a document is indented from its depth", "[json]") {
  std::string out;
  JsonWriter writer(out, 2, 1);
  writer.begin_object();
  writer.key("a");
  writer.whole(std::uint64_t{1});
  writer.key("b");
  writer.begin_array();
  writer.number(0.5);
  writer.end_array();
  writer.end_object();
  writer.flush();
  CHECK(out == "{\n    \"a\": 1,\n    \"b\": [\n      0.5\n    ]\n  }");
}

TEST_CASE("long output and long strings pass through the writer's buffer whole", "[json]") {
  // More than the writer's 4 KiB buffer, and strings longer than half of it,
  // escapes included, against nlohmann's dump of the same value.
  json value = json::array();
  for (int i = 0; i < 300; ++i) {
    value.push_back({{"i", i},
                     {"x", 0.1 * i},
                     {"s", std::string(static_cast<std::size_t>(i) * 7, 'a') + "\n\""}});
  }
  value.push_back(std::string(10000, 'z') + "\t");
  CHECK(json_text(value) == value.dump());
  CHECK(json_text(value, 2) == value.dump(2));
  // Invalid UTF-8 after the buffer has been flushed once.
  json tail = json::array({std::string(5000, 'y'), std::string("bad \xff")});
  CHECK(json_text(tail) == tail.dump(-1, ' ', false, json::error_handler_t::replace));
}

TEST_CASE("money is the JSON number of the amount rounded to the cent", "[json]") {
  // write_json_cents() against the two steps it saves: round_to(), then the
  // number of the rounded double.
  const auto cents_text = [](double x) {
    char text[kMaxJsonNumber];
    return std::string(text, write_json_cents(text, x));
  };
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 300000; ++i) {
    double x = unit(random) * std::pow(10.0, static_cast<double>(i % 24) - 6.0);
    if (i % 2 == 0) x = -x;
    if (i % 5 == 0) x = std::round(x * 1000.0) / 1000.0;  // ties and exact cents
    const double rounded = acocalc::round_to(x, 2);
    const std::string expected = number_text(rounded == 0 ? 0.0 : rounded);
    if (cents_text(x) != expected)
      FAIL(x << " gives " << cents_text(x) << ", expected " << expected);
  }
  CHECK(cents_text(2.675) == "2.68");
  CHECK(cents_text(-0.004) == "0.0");
  CHECK(cents_text(-0.0) == "0.0");
  CHECK(cents_text(145084887.355) == "145084887.36");
  CHECK(cents_text(1e20) == "1e+20");
  CHECK(cents_text(std::nan("")) == "null");
}
