#include "input/expect.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "json/json_value.h"

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

std::optional<std::string> expect_path_problem(std::string_view path) {
  const auto malformed = [&] {
    return std::string(
        "must be a path of names joined by \".\" and array indexes such as [0], like "
        "\"settlement.reasons[0].passed\"");
  };
  if (path.empty()) return malformed();
  std::size_t pos = 0;
  bool after_index = false;  // "[0].name" and "[0]name" both name a key after an index
  while (pos < path.size()) {
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos || close == pos + 1) return malformed();
      const std::string_view digits = path.substr(pos + 1, close - pos - 1);
      if (digits.find_first_not_of("0123456789") != std::string_view::npos) return malformed();
      std::uint64_t index = 0;
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (error != std::errc() || end != digits.data() + digits.size() ||
          index > (std::uint64_t{1} << 53)) {
        return std::string(
            "has an array index beyond 2^53 = 9007199254740992; no report holds such an element");
      }
      pos = close + 1;
      after_index = true;
      if (pos < path.size() && path[pos] == '.') {  // a name must follow
        ++pos;
        after_index = false;
        if (pos == path.size()) return malformed();
      }
      continue;
    }
    const std::size_t end = std::min(path.find_first_of(".[]", pos), path.size());
    if (end == pos && !after_index) return malformed();
    if (end < path.size() && path[end] == ']') return malformed();
    pos = end;
    after_index = false;
    if (pos < path.size() && path[pos] == '.') {
      ++pos;
      if (pos == path.size() || path[pos] == '.' || path[pos] == '[') return malformed();
    }
  }
  return std::nullopt;
}

std::vector<ExpectationResult> evaluate_expectations(JsonNode report,
                                                     const std::vector<Expectation>& expect) {
  std::vector<ExpectationResult> results;
  evaluate_expectations(report, expect, results);
  return results;
}

void evaluate_expectations(JsonNode report, const std::vector<Expectation>& expect,
                           std::vector<ExpectationResult>& results) {
  results.resize(expect.size());
  for (std::size_t i = 0; i < expect.size(); ++i) {
    const Expectation& e = expect[i];
    ExpectationResult& r = results[i];
    r.path = e.path;
    r.expected = e.expected;
    r.tolerance = e.tolerance;
    const JsonNode computed = find_path(report, e.path);
    r.found = static_cast<bool>(computed);
    r.computed = computed ? json_value(computed) : nlohmann::ordered_json();
    if (!computed) {
      r.passed = false;
    } else if (e.expected.is_number() && computed.is_number()) {
      r.passed = std::fabs(computed.number() - e.expected.get<double>()) <= e.tolerance;
    } else {
      r.passed = r.computed == e.expected;
    }
  }
}

}  // namespace acocalc
