// `check`: paths into a program's JSON report.
#include "io/check.h"

#include <catch2/catch.hpp>

#include "io/json_tree.h"

using namespace acocalc;

TEST_CASE("find_path finds figures and nothing past an array's end", "[check]") {
  JsonTree tree;
  REQUIRE(tree.parse(R"({"settlement": {"eligible": true, "reasons": [{"passed": false}]}})", 16));
  const JsonNode report = tree.root();
  REQUIRE(find_path(report, "settlement.eligible"));
  CHECK(find_path(report, "settlement.eligible").boolean());
  REQUIRE(find_path(report, "settlement.reasons[0].passed"));
  CHECK_FALSE(find_path(report, "settlement.reasons[0].passed").boolean());
  CHECK_FALSE(find_path(report, "settlement.reasons[1].passed"));
  // Beyond unsigned long: no element, not an exception.
  CHECK_FALSE(find_path(report, "settlement.reasons[99999999999999999999999].passed"));
  CHECK_FALSE(find_path(report, "settlement.reasons[18446744073709551616]"));
  CHECK_FALSE(find_path(report, "settlement.reasons[-1]"));
}

TEST_CASE("expect paths are names and indexes, indexes at most 2^53", "[check]") {
  for (const char* good : {"settlement.eligible", "settlement.reasons[0].passed",
                           "settlement.reasons[0]passed", "a[0][1]", "a[9007199254740992]", "x"}) {
    INFO(good);
    CHECK_FALSE(expect_path_problem(good));
  }
  for (const char* bad : {"", ".a", "a.", "a..b", "a.[0]", "a[]", "a[x]", "a[0", "a]b", "a[0].",
                          "a[-1]", "a[1.5]"}) {
    INFO(bad);
    const auto problem = expect_path_problem(bad);
    REQUIRE(problem);
    CHECK(problem->rfind("must be a path", 0) == 0);
  }
  for (const char* huge : {"a[9007199254740993]", "a[99999999999999999999999]"}) {
    INFO(huge);
    const auto problem = expect_path_problem(huge);
    REQUIRE(problem);
    CHECK(problem->find("beyond 2^53") != std::string::npos);
  }
}
