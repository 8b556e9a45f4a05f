// Numbers from the command line: the input format's rules, one parser.
#include "cli/options.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

using namespace acocalc;

namespace {

struct Case {
  const char* text;
  bool accepted;
  double value;  // when accepted
};

void check_cases(const OptionRule& rule, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    INFO(rule.text << ": \"" << c.text << "\"");
    std::string error;
    const auto x = parse_option_number(c.text, rule, &error);
    REQUIRE(x.has_value() == c.accepted);
    if (x) {
      CHECK(*x == c.value);
      CHECK_FALSE((std::signbit(*x) && *x == 0));
    } else {
      CHECK(error.rfind("must be ", 0) == 0);
      CHECK(error.find('\n') == std::string::npos);
      for (const char* word : {"nan", "inf"}) {
        const bool echoed = std::string(c.text).find(word) != std::string::npos;
        if (!echoed) CHECK(error.find(word) == std::string::npos);
      }
    }
  }
}

// Values no numeric option accepts.
const std::vector<Case> kHostile = {
    {"nan", false, 0},   {"NaN", false, 0},      {"-nan", false, 0},  {"inf", false, 0},
    {"-inf", false, 0},  {"infinity", false, 0}, {"1e308", false, 0}, {"-1e308", false, 0},
    {"1e400", false, 0}, {"", false, 0},         {"-", false, 0},     {"+", false, 0},
    {"1e", false, 0},    {"0x10", false, 0},     {" 1", false, 0},    {"1 ", false, 0},
    {"1,5", false, 0},   {"--1", false, 0},      {"%", false, 0},     {"1e-400", false, 0},
};

}  // namespace

TEST_CASE("no numeric option takes a non-finite, huge or malformed value", "[options]") {
  for (const OptionRule* rule : {&kConfidenceOption, &kFractionOption, &kSpendingCvOption,
                                 &kChangeOption, &kThreadsOption, &kYearOption}) {
    check_cases(*rule, kHostile);
  }
}

TEST_CASE("a value beyond a double is refused without echoing nan or inf", "[options]") {
  std::string error;
  CHECK_FALSE(parse_option_number("nan", kFractionOption, &error));
  CHECK(error == "must be a fraction from 0 to 1, got a value that is not a finite number");
  CHECK_FALSE(parse_option_number("2", kFractionOption, &error));
  CHECK(error == "must be a fraction from 0 to 1, got \"2\"");
  CHECK_FALSE(parse_option_number("a\x1b[2Jb", kFractionOption, &error));
  CHECK(error == "must be a fraction from 0 to 1, got \"a\\x1B[2Jb\"");
}

TEST_CASE("each rule keeps the input format's range", "[options]") {
  check_cases(kFractionOption, {{"0", true, 0},
                                {"-0", true, 0},
                                {"1", true, 1},
                                {"0.25", true, 0.25},
                                {"+0.5", true, 0.5},
                                {".5", true, 0.5},
                                {"1.0000001", false, 0},
                                {"-0.1", false, 0},
                                {"50%", false, 0}});
  check_cases(kConfidenceOption, {{"0.95", true, 0.95},
                                  {"0.5", true, 0.5},
                                  {"0.9999", true, 0.9999},
                                  {"0.49", false, 0},
                                  {"1", false, 0},
                                  {"-0.95", false, 0}});
  check_cases(kSpendingCvOption, {{"0.03", true, 0.03},
                                  {"10", true, 10},
                                  {"0", false, 0},
                                  {"-0", false, 0},
                                  {"10.5", false, 0},
                                  {"-0.03", false, 0}});
  check_cases(kChangeOption, {{"-2%", true, -0.02},
                              {"-0.02", true, -0.02},
                              {"5%", true, 0.05},
                              {"-100%", true, -1},
                              {"-0%", true, 0},
                              {"-1", true, -1},
                              {"-1.01", false, 0},
                              {"-101%", false, 0},
                              {"1e16", false, 0},
                              {"9007199254740992", true, 9007199254740992.0},
                              {"2%%", false, 0}});
  check_cases(kThreadsOption, {{"1", true, 1},
                               {"64", true, 64},
                               {"0", false, 0},
                               {"65", false, 0},
                               {"1.5", false, 0},
                               {"-1", false, 0},
                               {"4e0", true, 4}});
  check_cases(kYearOption,
              {{"2018", true, 2018}, {"2011", false, 0}, {"2101", false, 0}, {"2018.5", false, 0}});
}

TEST_CASE("option numbers print without negative zero or non-finite words", "[options]") {
  CHECK(option_number_text(-0.0) == "0");
  CHECK(option_number_text(0.25) == "0.25");
  CHECK(option_number_text(1e-5) == "1e-05");
}
