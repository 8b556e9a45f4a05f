#include "io/check.h"

#include <cmath>

namespace acocalc {

const nlohmann::ordered_json* find_path(const nlohmann::ordered_json& report,
                                        const std::string& path) {
  const nlohmann::ordered_json* node = &report;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string::npos || !node->is_array()) return nullptr;
      const std::string digits = path.substr(pos + 1, close - pos - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        return nullptr;
      }
      const std::size_t index = std::stoul(digits);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
      pos = close + 1;
      if (pos < path.size() && path[pos] == '.') ++pos;
      continue;
    }
    std::size_t end = path.find_first_of(".[", pos);
    if (end == std::string::npos) end = path.size();
    const std::string key = path.substr(pos, end - pos);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &node->at(key);
    pos = end < path.size() && path[end] == '.' ? end + 1 : end;
  }
  return node;
}

std::vector<ExpectationResult> evaluate_expectations(const nlohmann::ordered_json& report,
                                                     const std::vector<Expectation>& expect) {
  std::vector<ExpectationResult> results;
  for (const auto& e : expect) {
    ExpectationResult r;
    r.path = e.path;
    r.expected = e.expected;
    r.tolerance = e.tolerance;
    const auto* computed = find_path(report, e.path);
    r.found = computed != nullptr;
    if (computed) {
      r.computed = *computed;
      if (e.expected.is_number() && computed->is_number()) {
        const double difference =
            std::fabs(computed->get<double>() - e.expected.get<double>());
        r.passed = difference <= e.tolerance;
      } else {
        r.passed = *computed == e.expected;
      }
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace acocalc
