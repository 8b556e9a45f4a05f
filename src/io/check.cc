#include "io/check.h"

#include <charconv>
#include <cmath>

#include "io/render.h"

namespace acocalc {

JsonNode find_path(JsonNode report, std::string_view path) {
  JsonNode node = report;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos || !node.is_array()) return {};
      const std::string_view digits = path.substr(pos + 1, close - pos - 1);
      std::size_t index = 0;
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), index);
      // Digits only; an index beyond any array's size names nothing.
      if (digits.empty() || digits[0] == '-' || digits[0] == '+' ||
          end != digits.data() + digits.size() || error != std::errc() || index >= node.size()) {
        return {};
      }
      JsonNode element;
      for (JsonNode child : node.children()) {
        if (index-- == 0) {
          element = child;
          break;
        }
      }
      node = element;
      pos = close + 1;
      if (pos < path.size() && path[pos] == '.') ++pos;
      continue;
    }
    std::size_t end = path.find_first_of(".[", pos);
    if (end == std::string_view::npos) end = path.size();
    if (!node.is_object()) return {};
    node = node.find(path.substr(pos, end - pos));
    if (!node) return {};
    pos = end < path.size() && path[end] == '.' ? end + 1 : end;
  }
  return node;
}

std::vector<ExpectationResult> evaluate_expectations(JsonNode report,
                                                     const std::vector<Expectation>& expect) {
  std::vector<ExpectationResult> results;
  results.reserve(expect.size());
  for (const auto& e : expect) {
    ExpectationResult r;
    r.path = e.path;
    r.expected = e.expected;
    r.tolerance = e.tolerance;
    const JsonNode computed = find_path(report, e.path);
    r.found = static_cast<bool>(computed);
    if (computed) {
      r.computed = json_value(computed);
      r.passed = e.expected.is_number() && computed.is_number()
                     ? std::fabs(computed.number() - e.expected.get<double>()) <= e.tolerance
                     : r.computed == e.expected;
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace acocalc
