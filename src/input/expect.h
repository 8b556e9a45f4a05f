// `acocalc check`: a program's expectations against its computed report.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/loader.h"
#include "json/json_tree.h"

namespace acocalc {

struct ExpectationResult {
  std::string path;
  nlohmann::ordered_json expected;
  nlohmann::ordered_json computed;  // null when the path names no figure
  double tolerance = 0;
  bool passed = false;
  bool found = false;
};

// The value at a dotted path ("settlement.efficiency_gate.passed",
// "settlement.reasons[0].passed") of a program's parsed JSON report (as
// `check` has it, from a JsonTree: a lookup by name in constant time,
// however many metrics the report has), or an absent node.
JsonNode find_path(JsonNode report, std::string_view path);

// Why `path` cannot name a figure of a report, or nullopt when it is well
// formed: names joined by "." with array indexes such as [0] (at most 2^53).
std::optional<std::string> expect_path_problem(std::string_view path);

// Numbers within the absolute tolerance; booleans, strings and null exactly.
std::vector<ExpectationResult> evaluate_expectations(JsonNode report,
                                                     const std::vector<Expectation>& expect);

// The same into `results` (resized to one result an expectation; its
// strings' memory is reused), for a loop over many programs.
void evaluate_expectations(JsonNode report, const std::vector<Expectation>& expect,
                           std::vector<ExpectationResult>& results);

}  // namespace acocalc
