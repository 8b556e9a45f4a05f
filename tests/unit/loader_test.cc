// Input format v1: what the loader accepts, and the messages it gives.
#include "input/loader.h"

#include <array>
#include <catch2/catch.hpp>

#include "acocalc/mssp_benchmark.h"

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

// Replaces every `key` of `text` by `value`.
std::string replaced(std::string text, const std::string& key, const std::string& value) {
  for (std::size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

// An MSSP program of 1,000 PY person-years whose benchmark is computed from
// its inputs, the figures alike for every type: per capita 9,000 / 9,500 /
// 10,000, national per capita 8,000 / 9,000 / 10,000, risk and demographic
// scores 1, $500 of projected national growth; a first agreement of 2013
// or a second of 2016. BY12 and PY stand for extra fields of BY1 and BY2,
// and of the performance year ("" or ", ...").
std::string mssp_program(bool second_agreement, const std::string& by1_by2,
                         const std::string& performance) {
  std::string text = R"({"id": "bm",
    "performance": {"member_months": 12000, "expenditure": 10000000, "assigned_beneficiaries": 1000},
    "contract": {"model": "mssp", "track": "TRACK_1", "performance_year": YEAR,
      "agreement_start": "YEAR-01-01", "quality_standard_met": true, "quality_score": 0.9,
      "participant_revenue": 10000000,
      "benchmark": {"agreement_type": "TYPE" SAVINGS,
        "benchmark_year_1": {
          "per_capita_expenditure": {"esrd": 9000, "disabled": 9000, "aged_dual": 9000, "aged_non_dual": 9000},
          "risk_score": {"esrd": 1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1},
          "national_per_capita": {"esrd": 8000, "disabled": 8000, "aged_dual": 8000, "aged_non_dual": 8000}
          BY12},
        "benchmark_year_2": {
          "per_capita_expenditure": {"esrd": 9500, "disabled": 9500, "aged_dual": 9500, "aged_non_dual": 9500},
          "risk_score": {"esrd": 1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1},
          "national_per_capita": {"esrd": 9000, "disabled": 9000, "aged_dual": 9000, "aged_non_dual": 9000}
          BY12},
        "benchmark_year_3": {
          "person_years": {"esrd": 100, "disabled": 200, "aged_dual": 400, "aged_non_dual": 300},
          "per_capita_expenditure": {"esrd": 10000, "disabled": 10000, "aged_dual": 10000, "aged_non_dual": 10000},
          "risk_score": {"esrd": 1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1},
          "demographic_risk_score": {"esrd": 1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1},
          "national_per_capita": {"esrd": 10000, "disabled": 10000, "aged_dual": 10000, "aged_non_dual": 10000}},
        "performance_year": {
          "person_years": {"esrd": 100, "disabled": 200, "aged_dual": 400, "aged_non_dual": 300},
          "risk_score": {"esrd": 1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1},
          "demographic_risk_score": {"esrd": 1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1},
          "projected_national_growth": {"esrd": 500, "disabled": 500, "aged_dual": 500, "aged_non_dual": 500}
          PY}}}})";
  text = replaced(text, "YEAR", second_agreement ? "2016" : "2013");
  text = replaced(text, "TYPE", second_agreement ? "renewal" : "initial");
  text = replaced(text, "SAVINGS",
                  second_agreement
                      ? R"(, "first_agreement_savings": {"per_capita": 300, "person_years": 800})"
                      : "");
  text = replaced(text, "BY12", by1_by2);
  return replaced(text, "PY", performance);
}

double mssp_benchmark_total(const std::string& text) {
  const Result r = load(text);
  for (const auto& d : r.errors) FAIL_CHECK(format_diagnostic(d));
  REQUIRE(r.programs.size() == 1);
  const Program& p = r.programs[0].program;
  REQUIRE(p.contract);
  REQUIRE(p.contract->benchmark);
  REQUIRE(p.contract->benchmark->mssp_inputs);
  return mssp_benchmark(*p.contract->benchmark->mssp_inputs).total;
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

TEST_CASE("MSSP benchmark inputs the calculation never reads are optional, and checked when given",
          "[loader]") {
  // Only BY3's person-years weight the types (docs/mssp-benchmark.md 2.0),
  // and before 2017 the update is a flat dollar growth (425.602(b)), not
  // the PY's national per capita.
  const std::string by1_by2 =
      R"(, "person_years": {"esrd": 50, "disabled": 900, "aged_dual": 0, "aged_non_dual": 20})";
  const std::string performance =
      R"(, "national_per_capita": {"esrd": 10500, "disabled": 10500, "aged_dual": 10500,
                                   "aged_non_dual": 10500})";
  // 2013, first agreement: A1 = 9,000 x 10,000 / 8,000 = 11,250;
  // A2 = 9,500 x 10,000 / 9,000 = 10,555.5556; A3 = 10,000; HB = 0.1 A1 +
  // 0.3 A2 + 0.6 A3 = 10,291.6667; risk ratio 1; UB = HB + 500 =
  // 10,791.6667; total = 1,000 x UB.
  const double first = 10791666.666667;
  CHECK(mssp_benchmark_total(mssp_program(false, "", "")) == Approx(first).margin(0.005));
  CHECK(mssp_benchmark_total(mssp_program(false, by1_by2, performance)) ==
        Approx(first).margin(0.005));
  // 2016, second agreement: HB = (A1 + A2 + A3) / 3 = 10,601.8519; the first
  // agreement's savings 300 x min(1,000, 800) / 1,000 = 240; UB = HB + 240 +
  // 500 = 11,341.8519; total = 1,000 x UB.
  const double second = 11341851.851852;
  CHECK(mssp_benchmark_total(mssp_program(true, "", "")) == Approx(second).margin(0.005));
  CHECK(mssp_benchmark_total(mssp_program(true, by1_by2, performance)) ==
        Approx(second).margin(0.005));

  const auto m = messages(load(mssp_program(
      false, R"(, "person_years": {"esrd": -1, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1})",
      R"(, "national_per_capita": {"esrd": 0, "disabled": 1, "aged_dual": 1, "aged_non_dual": 1})")));
  REQUIRE(m.size() == 3);
  CHECK(m[0] ==
        "in.json: /contract/benchmark/benchmark_year_1/person_years/esrd: must be a number >= 0, "
        "got -1");
  CHECK(m[2] ==
        "in.json: /contract/benchmark/performance_year/national_per_capita/esrd: must be a number "
        "> 0, got 0");
}
