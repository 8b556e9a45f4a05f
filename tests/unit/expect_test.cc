// `check`: paths into a program's JSON report.
#include "input/expect.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "acocalc/report.h"
#include "json/json_tree.h"
#include "json/json_writer.h"
#include "render/render.h"

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
  for (const char* bad :
       {"", ".a", "a.", "a..b", "a.[0]", "a[]", "a[x]", "a[0", "a]b", "a[0].", "a[-1]", "a[1.5]"}) {
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

namespace {

// An independent lookup for the oracle: the path walked over nlohmann's
// document of the same text (nullptr when it names nothing).
const nlohmann::ordered_json* nlohmann_path(const nlohmann::ordered_json& doc,
                                            std::string_view path) {
  const nlohmann::ordered_json* node = &doc;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos || !node->is_array()) return nullptr;
      const std::string digits(path.substr(pos + 1, close - pos - 1));
      if (digits.empty() || digits.size() > 18 ||
          digits.find_first_not_of("0123456789") != std::string::npos) {
        return nullptr;
      }
      const std::size_t index = std::stoull(digits);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
      pos = close + 1;
    } else {
      std::size_t end = path.find_first_of(".[", pos);
      if (end == std::string_view::npos) end = path.size();
      const std::string name(path.substr(pos, end - pos));
      if (!node->is_object() || !node->contains(name)) return nullptr;
      node = &(*node)[name];
      pos = end;
    }
    if (pos < path.size() && path[pos] == '.') ++pos;
  }
  return node;
}

// The old way `check` evaluated: the report's text parsed with nlohmann.
std::vector<ExpectationResult> evaluate_with_nlohmann(std::string_view text,
                                                      const std::vector<Expectation>& expect) {
  const auto doc = nlohmann::ordered_json::parse(text);
  std::vector<ExpectationResult> results;
  for (const auto& e : expect) {
    ExpectationResult r;
    r.path = e.path;
    r.expected = e.expected;
    r.tolerance = e.tolerance;
    const auto* computed = nlohmann_path(doc, e.path);
    r.found = computed != nullptr;
    if (computed) {
      r.computed = *computed;
      r.passed = e.expected.is_number() && computed->is_number()
                     ? std::fabs(computed->get<double>() - e.expected.get<double>()) <= e.tolerance
                     : r.computed == e.expected;
    }
    results.push_back(std::move(r));
  }
  return results;
}

void require_same(const std::vector<ExpectationResult>& a,
                  const std::vector<ExpectationResult>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].path);
    CHECK(a[i].path == b[i].path);
    CHECK(a[i].found == b[i].found);
    CHECK(a[i].passed == b[i].passed);
    CHECK(a[i].expected == b[i].expected);
    CHECK(a[i].computed == b[i].computed);
    CHECK(a[i].computed.type() == b[i].computed.type());  // unsigned, integer, float as before
    CHECK(a[i].computed.dump() == b[i].computed.dump());
  }
}

Expectation expect_of(std::string path, nlohmann::ordered_json value, double tolerance = 1e-9) {
  return Expectation{std::move(path), std::move(value), tolerance};
}

// Every value of `v` with its path ("a.b[0].c").
void collect_paths(const nlohmann::ordered_json& v, const std::string& path,
                   std::vector<std::pair<std::string, const nlohmann::ordered_json*>>& out) {
  if (!path.empty()) out.emplace_back(path, &v);
  if (v.is_object()) {
    for (const auto& item : v.items()) {
      collect_paths(item.value(), path.empty() ? item.key() : path + "." + item.key(), out);
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      collect_paths(v[i], path + "[" + std::to_string(i) + "]", out);
    }
  }
}

}  // namespace

TEST_CASE("find_path over a JsonTree: numbers, booleans, strings, null, nesting, indexes",
          "[check]") {
  const std::string text =
      R"({"id": "p1", "count": 7, "negative": -3, "rate": 0.25, "big": 18446744073709551615,)"
      R"( "none": null, "yes": true, "no": false, "escaped": "a\"b\u00e9",)"
      R"( "settlement": {"eligible": true, "reasons": [{"passed": false, "rule": "msr"},)"
      R"( {"passed": true}], "gate": {"a": {"b": [1, [2, 3]]}}}, "empty": {}, "list": []})";
  JsonTree tree;
  REQUIRE(tree.parse(text, 64));
  const JsonNode root = tree.root();
  CHECK(find_path(root, "count").integer() == 7);
  CHECK(find_path(root, "count").is_number_unsigned());
  CHECK(find_path(root, "negative").integer() == -3);
  CHECK(find_path(root, "rate").number() == 0.25);
  CHECK(find_path(root, "none").is_null());
  CHECK(find_path(root, "yes").boolean());
  CHECK_FALSE(find_path(root, "no").boolean());
  CHECK(find_path(root, "escaped").string() == "a\"b\xc3\xa9");
  CHECK(find_path(root, "settlement.eligible").boolean());
  CHECK_FALSE(find_path(root, "settlement.reasons[0].passed").boolean());
  CHECK(find_path(root, "settlement.reasons[0]passed").is_boolean());
  CHECK(find_path(root, "settlement.reasons[1].passed").boolean());
  CHECK(find_path(root, "settlement.reasons[0].rule").string() == "msr");
  CHECK(find_path(root, "settlement.gate.a.b[1][1]").integer() == 3);
  CHECK(find_path(root, "settlement.gate.a").is_object());
  CHECK(find_path(root, "settlement.reasons").is_array());
  // Missing: names, indexes past the end, indexes into objects, names into
  // arrays and scalars, huge and malformed indexes.
  for (const char* missing :
       {"nothing", "settlement.nothing", "settlement.reasons[2].passed", "settlement.reasons[2]",
        "settlement[0]", "settlement.reasons.passed", "count.x", "count[0]", "empty.x", "list[0]",
        "settlement.reasons[99999999999999999999999].passed",
        "settlement.reasons[18446744073709551616]", "settlement.reasons[-1]",
        "settlement.reasons[x]", "settlement.reasons[0", "Count"}) {
    INFO(missing);
    CHECK_FALSE(find_path(root, missing));
    CHECK(nlohmann_path(nlohmann::ordered_json::parse(text), missing) == nullptr);
  }
}

TEST_CASE("expectations over a JsonTree evaluate as over nlohmann's document", "[check]") {
  const std::string text =
      R"({"id": "p1", "count": 7, "negative": -3, "rate": 0.25, "big": 18446744073709551615,)"
      R"( "none": null, "yes": true, "name": "x", "obj": {"k": [1, {"z": null}]}})";
  const std::vector<Expectation> expect = {expect_of("count", 7),
                                           expect_of("count", 7.0),
                                           expect_of("count", 8),
                                           expect_of("count", 7.5, 0.5),
                                           expect_of("count", "7"),
                                           expect_of("negative", -3),
                                           expect_of("rate", 0.25),
                                           expect_of("rate", 0.2500001, 1e-9),
                                           expect_of("big", 1.8446744073709552e19),
                                           expect_of("none", nullptr),
                                           expect_of("none", false),
                                           expect_of("yes", true),
                                           expect_of("yes", 1),
                                           expect_of("name", "x"),
                                           expect_of("name", "y"),
                                           expect_of("obj", nullptr),
                                           expect_of("obj.k", 1),
                                           expect_of("obj.k[1].z", nullptr),
                                           expect_of("obj.k[2]", nullptr),
                                           expect_of("missing", nullptr)};
  JsonTree tree;
  REQUIRE(tree.parse(text, 64));
  std::vector<ExpectationResult> results(3);  // reused: resized to the expectations
  results[0].path = "stale";
  evaluate_expectations(tree.root(), expect, results);
  require_same(results, evaluate_with_nlohmann(text, expect));
  CHECK(results[0].passed);
  CHECK(results[1].passed);
  CHECK_FALSE(results[2].passed);
  CHECK(results[3].passed);
  CHECK_FALSE(results[4].passed);
  CHECK(results[9].passed);
  CHECK_FALSE(results[10].passed);
  CHECK(results[15].computed.dump() == R"({"k":[1,{"z":null}]})");
  CHECK_FALSE(results[18].found);
  CHECK(results[18].computed.is_null());
  // Reused again with fewer expectations.
  evaluate_expectations(tree.root(), {expect_of("rate", 0.25)}, results);
  REQUIRE(results.size() == 1);
  CHECK(results[0].passed);
}

TEST_CASE("expectations over the sample programs' reports: JsonTree as nlohmann", "[check]") {
  std::size_t programs = 0, paths = 0;
  JsonTree tree;
  std::vector<ExpectationResult> results;
  for (const auto& entry : std::filesystem::directory_iterator(ACOCALC_DATA_DIR)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<LoadedProgram> loaded;
    std::vector<Diagnostic> errors;
    if (!load_value(input, ValueOrigin{entry.path().string()}, &loaded, &errors)) continue;
    for (const auto& program : loaded) {
      INFO(program.program.id);
      std::string text;
      {
        JsonWriter w(text);
        write_program_json(w, compute_report(program.program, {}), program);
        w.flush();
      }
      // The program's own expectations, and every figure of its report
      // (numbers, booleans, strings, null, objects, array elements).
      std::vector<Expectation> expect = program.expect;
      const auto doc = nlohmann::ordered_json::parse(text);
      std::vector<std::pair<std::string, const nlohmann::ordered_json*>> figures;
      collect_paths(doc, "", figures);
      for (const auto& [path, value] : figures) {
        expect.push_back(expect_of(path, value->is_structured() ? nullptr : *value));
        expect.push_back(expect_of(path, 0));
        expect.push_back(expect_of(path + ".missing", nullptr));
        expect.push_back(expect_of(path + "[0]", nullptr));
      }
      expect.push_back(expect_of("settlement", nullptr));
      expect.push_back(expect_of("settlement.reasons[0]", nullptr));
      REQUIRE(tree.parse(text, 64));
      evaluate_expectations(tree.root(), expect, results);
      const auto old = evaluate_with_nlohmann(text, expect);
      require_same(results, old);
      for (std::size_t i = 0; i < program.expect.size(); ++i) CHECK(results[i].passed);
      std::size_t found = 0;
      for (const auto& r : results) found += r.found ? 1 : 0;
      CHECK(found > expect.size() / 2);
      ++programs;
      paths += expect.size();
    }
  }
  CHECK(programs >= 5);
  CHECK(paths > 1000);
}
