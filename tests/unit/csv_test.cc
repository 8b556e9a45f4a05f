// RFC 4180 reading: each case is a fixture of the rule it shows.
#include "import/csv.h"

#include <catch2/catch.hpp>

namespace acocalc {
namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> parse(std::string_view text) {
  std::vector<CsvRecord> records;
  std::string error;
  INFO(error);
  REQUIRE(parse_csv(text, &records, &error));
  return records;
}

std::string parse_error(std::string_view text) {
  std::vector<CsvRecord> records;
  std::string error;
  CHECK_FALSE(parse_csv(text, &records, &error));
  return error;
}

TEST_CASE("plain fields are split on commas and records on newlines") {
  const auto records = parse("a,b,c\n1,2,3\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == Fields{"a", "b", "c"});
  CHECK(records[1].fields == Fields{"1", "2", "3"});
  CHECK(records[0].line == 1);
  CHECK(records[1].line == 2);
}

TEST_CASE("the last record needs no newline") {
  const auto records = parse("a,b\n1,2");
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == Fields{"1", "2"});
}

TEST_CASE("empty fields are kept, including a trailing one") {
  const auto records = parse("a,,c,\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields == Fields{"a", "", "c", ""});
}

TEST_CASE("quoted fields may hold commas") {
  const auto records = parse("id,name\nA1,\"Health, Inc.\"\n");
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == Fields{"A1", "Health, Inc."});
}

TEST_CASE("quoted fields may hold line breaks and later records keep their line numbers") {
  const auto records = parse("a,b\n\"line one\nline two\",x\nlast,y\n");
  REQUIRE(records.size() == 3);
  CHECK(records[1].fields == Fields{"line one\nline two", "x"});
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 4);
}

TEST_CASE("doubled quotes inside a quoted field are one quote") {
  const auto records = parse("\"say \"\"hi\"\"\",\"\"\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields == Fields{"say \"hi\"", ""});
}

TEST_CASE("CRLF line ends are one record end") {
  const auto records = parse("a,b\r\n1,2\r\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == Fields{"a", "b"});
  CHECK(records[1].fields == Fields{"1", "2"});
  CHECK(records[1].line == 2);
}

TEST_CASE("a CRLF inside a quoted field is kept") {
  const auto records = parse("\"x\r\ny\",z\r\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields == Fields{"x\r\ny", "z"});
}

TEST_CASE("a leading UTF-8 byte-order mark is skipped") {
  const auto records = parse(
      "\xEF\xBB\xBF"
      "ACO_Num,N_AB\nA1,5000\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == Fields{"ACO_Num", "N_AB"});
}

TEST_CASE("a byte-order mark before a quoted first field is skipped") {
  const auto records = parse("\xEF\xBB\xBF\"ACO_ID\",x\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields == Fields{"ACO_ID", "x"});
}

TEST_CASE("empty lines are no records") {
  const auto records = parse("a\n\n\r\nb\n\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == Fields{"a"});
  CHECK(records[1].fields == Fields{"b"});
  CHECK(records[1].line == 4);
}

TEST_CASE("an empty input has no records") { CHECK(parse("").empty()); }

TEST_CASE("an unclosed quoted field is an error at its opening quote") {
  CHECK(parse_error("a,b\n1,\"open\n") == "2:3: quoted field is not closed");
}

TEST_CASE("a quote inside an unquoted field is an error") {
  CHECK(parse_error("a,b\"c\n").starts_with("1:4: quote inside an unquoted field"));
}

TEST_CASE("text after a closing quote is an error") {
  CHECK(parse_error("\"a\"b,c\n") == "1:4: expected ',' or end of line after a closing quote");
}

TEST_CASE("a NUL byte means the input is not text") {
  CHECK(parse_error(std::string_view("a,b\nc\0d\n", 8)) == "2:2: NUL byte: not a text file");
}

}  // namespace
}  // namespace acocalc
