// Input format v1: what the loader accepts, and the messages it gives.
#include "input/loader.h"

#include <array>
#include <catch2/catch.hpp>

using namespace acocalc;

namespace {

struct Result {
  std::vector<LoadedProgram> programs;
  std::vector<Diagnostic> errors;
};

Result load(const std::string& text) {
  Result r;
  load_value(text, ValueOrigin{"in.json", 1, 1, false}, &r.programs, &r.errors);
  return r;
}

std::vector<std::string> messages(const Result& r) {
  std::vector<std::string> out;
  for (const auto& d : r.errors) out.push_back(format_diagnostic(d));
  return out;
}

const char* kMinimal = R"({"id": "p1",
  "baseline": {"member_months": 12000, "utilization": {"inpatient_days": 500}},
  "performance": {"member_months": 12000, "utilization": {"inpatient_days": 410}}})";

}  // namespace

TEST_CASE("a minimal program loads", "[loader]") {
  const Result r = load(kMinimal);
  REQUIRE(r.errors.empty());
  REQUIRE(r.programs.size() == 1);
  CHECK(r.programs[0].program.id == "p1");
  CHECK(r.programs[0].program.name == "p1");
  CHECK(r.programs[0].program.performance.utilization[0].count == 410.0);
}

TEST_CASE("members and months make member months, pmpm makes a total", "[loader]") {
  const Result r = load(R"({"id": "p", "baseline": {"members": 1000, "months": 12, "pmpm": 400},
    "performance": {"member_months": 12000}})");
  REQUIRE(r.errors.empty());
  CHECK(r.programs[0].program.baseline->member_months == 12000.0);
  CHECK(*r.programs[0].program.baseline->expenditure == 4800000.0);
}

TEST_CASE("a syntax error names line and column", "[loader]") {
  const Result r = load("{\n  \"id\": \"p\",\n  \"name\": tru\n}");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 3);
  CHECK(format_diagnostic(r.errors[0]).starts_with("in.json:3:"));
}

TEST_CASE("an unknown field is an error with a suggestion", "[loader]") {
  const Result r =
      load(R"({"id": "p", "baseline": {"member_months": 1}, "performance": {"member_month": 5}})");
  const auto m = messages(r);
  REQUIRE_FALSE(m.empty());
  CHECK(m[0] ==
        "in.json: /performance/member_month: unknown field \"member_month\"; did you mean "
        "\"member_months\"?");
  CHECK(r.programs.empty());
}

TEST_CASE("a semantic error names the pointer, the rule and the value", "[loader]") {
  const Result r = load(R"({"acocalc": 1, "programs": [{"id": "a", "baseline": {"member_months": 1},
    "performance": {"member_months": -12}}]})");
  const auto m = messages(r);
  REQUIRE(m.size() == 1);
  CHECK(m[0] == "in.json: /programs/0/performance/member_months: must be a number > 0, got -12");
}

TEST_CASE("every error of a document is reported, and valid siblings are kept", "[loader]") {
  const Result r = load(R"({"acocalc": 1, "programs": [
    {"id": "bad", "baseline": {"member_months": 0}, "performance": {"member_months": "x"}},
    {"id": "good", "baseline": {"member_months": 1}, "performance": {"member_months": 1}}]})");
  CHECK(r.errors.size() == 2);
  REQUIRE(r.programs.size() == 1);
  CHECK(r.programs[0].program.id == "good");
}

TEST_CASE("duplicate keys are errors, not silently the last value", "[loader]") {
  const Result r = load(R"({"id": "a", "id": "b", "performance": {"member_months": 1}})");
  REQUIRE(r.errors.size() == 1);
  CHECK(format_diagnostic(r.errors[0]) ==
        "in.json: /id: duplicate key \"id\" (each key may appear once)");
}

TEST_CASE("counts must be whole numbers and numerators within denominators", "[loader]") {
  const Result r = load(R"({"id": "a", "baseline": {"member_months": 1,
      "utilization": {"er_visits": 2.5}, "quality": {"x": {"numerator": 7, "denominator": 5}}},
    "performance": {"member_months": 1, "utilization": {"er_visits": 2}, "quality": {"x": 0.5}}})");
  const auto m = messages(r);
  REQUIRE(m.size() == 2);
  CHECK(m[0] == "in.json: /baseline/utilization/er_visits: must be a whole number >= 0, got 2.5");
  CHECK(m[1] == "in.json: /baseline/quality/x/numerator: must not exceed the denominator 5, got 7");
}

TEST_CASE("contradictory benchmark forms are refused", "[loader]") {
  const Result r = load(R"({"id": "a", "performance": {"member_months": 1, "expenditure": 5},
    "contract": {"benchmark": {"total": 10, "pmpm": 4}, "sharing_rate": 0.5}})");
  const auto m = messages(r);
  REQUIRE_FALSE(m.empty());
  CHECK(m[0].find("/contract/benchmark: give one benchmark form") != std::string::npos);
}

TEST_CASE("a gate naming a metric the periods lack is refused", "[loader]") {
  const Result r = load(R"({"id": "a",
    "baseline": {"member_months": 1, "expenditure": 5, "utilization": {"inpatient_days": 5}},
    "performance": {"member_months": 1, "expenditure": 5, "utilization": {"inpatient_days": 4}},
    "contract": {"benchmark": {"total": 10}, "sharing_rate": 0.5,
                 "efficiency_gate": {"metrics": ["inpatient_day"]}}})");
  const auto m = messages(r);
  REQUIRE(m.size() == 1);
  CHECK(m[0] ==
        "in.json: /contract/efficiency_gate/metrics/0: names \"inpatient_day\", which is "
        "not a utilization metric of both periods; did you mean \"inpatient_days\"?");
}

TEST_CASE("the format version must be 1", "[loader]") {
  const auto m = messages(load(R"({"acocalc": 2, "programs": [{"id": "a"}]})"));
  REQUIRE(m.size() == 1);
  CHECK(m[0] == "in.json: /acocalc: unsupported format version 2; this acocalc reads version 1");
}

TEST_CASE("closest name suggests only near misses", "[loader]") {
  const std::array<std::string_view, 2> names{"sharing_rate", "savings_cap"};
  CHECK(closest_name("sharing_rat", names) == "sharing_rate");
  CHECK(closest_name("zzz", names).empty());
}

TEST_CASE("a contract may give the spending CV, and an MSSP contract the alternative standard",
          "[loader]") {
  const Result r = load(R"({"id": "a", "performance": {"member_months": 12, "expenditure": 9800,
      "assigned_beneficiaries": 6000},
    "contract": {"model": "mssp", "track": "BASIC_A", "performance_year": 2024,
                 "benchmark": {"total": 10000}, "alternative_quality_standard": true,
                 "spending_cv": 0.045}})");
  REQUIRE(r.errors.empty());
  const Contract& c = *r.programs[0].program.contract;
  CHECK(*c.spending_cv == 0.045);
  CHECK(c.mssp->alternative_quality_standard);
  const auto m = messages(load(R"({"id": "a", "performance": {"member_months": 1, "expenditure": 5},
    "contract": {"benchmark": {"total": 10}, "sharing_rate": 0.5, "spending_cv": 0}})"));
  REQUIRE(m.size() == 1);
  CHECK(m[0] == "in.json: /contract/spending_cv: must be a coefficient of variation > 0, got 0");
}

TEST_CASE("a utilization metric named like a quality measure keeps its own direction", "[loader]") {
  const Result r = load(R"({"id": "a",
    "baseline": {"member_months": 1, "utilization": {"diabetes_ldl_control": {"count": 1, "lower_is_better": false}}},
    "performance": {"member_months": 1, "utilization": {"diabetes_ldl_control": {"count": 2, "lower_is_better": false}}}})");
  CHECK(r.errors.empty());
}

TEST_CASE("a document with an empty programs array is refused", "[loader]") {
  const auto m = messages(load(R"({"acocalc": 1, "programs": []})"));
  REQUIRE(m.size() == 1);
  CHECK(m[0] == "in.json: /programs: must hold at least one program, got an empty array");
}

TEST_CASE("past kValueErrors a value's errors are counted, not kept", "[loader]") {
  std::string metrics;
  for (int i = 0; i < 1500; ++i) metrics += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":-1";
  const std::string period = "{\"member_months\":1200,\"utilization\":{" + metrics + "}}";
  const std::string text =
      "{\"id\":\"bad\",\"baseline\":" + period + ",\"performance\":" + period + "}";
  JsonTree tree;
  ProgramList programs;
  std::vector<Diagnostic> errors;
  std::size_t unkept = 0;
  load_value(text, ValueOrigin{"in.json", 1, 1, false}, tree, &programs, &errors, &unkept);
  CHECK(programs.size() == 0);
  CHECK(errors.size() == kValueErrors);
  CHECK(errors.size() + unkept == 3000);
  CHECK(errors.front().pointer == "/baseline/utilization/m0");
  // Without a counter, every error is kept.
  errors.clear();
  load_value(text, ValueOrigin{"in.json", 1, 1, false}, tree, &programs, &errors);
  CHECK(errors.size() == 3000);
}
