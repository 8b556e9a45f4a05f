// The parts of the input format v1 loader (README.md "Input format"), one file
// each: load_periods.cc (periods, their utilization metrics and quality
// measures, comparison groups), load_contract.cc (the generic contract:
// benchmark, gates, sharing, caps, two-sided terms), load_mssp.cc (MSSP
// terms); loader.cc reads documents and programs and words syntax errors.
// They share what this header declares: where a value is (Place), the check
// context that collects the errors (Checker) and the rules of numbers. Only
// the loader's files include it.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "acocalc/model.h"
#include "input/diagnostic.h"
#include "input/loader.h"
#include "json/json_tree.h"

namespace acocalc::loading {

// Totals beyond 2^53 cannot be held exactly in a double: refuse them rather
// than round silently.
inline constexpr double kMaxExact = kMaxExactWhole;

// Appends a key as a JSON pointer token (RFC 6901: "~" is "~0", "/" is "~1").
void append_pointer_token(std::string& out, std::string_view key);
std::string pointer_token(std::string_view key);

// A name from the input, quoted for a message; shortened when long (a key
// may be megabytes), never cut inside a UTF-8 character.
std::string quote_name(std::string_view name);

// A value of the input as a message shows it: "an object", "null", "2.5",
// a string quoted and shortened.
std::string describe(JsonNode value);

// Whether a figure derived from the input (a product, a rate) is finite and
// exact: within 2^53 in magnitude.
inline bool exact(double x) { return std::fabs(x) <= kMaxExact; }

// A computed figure for a message: never "inf" (a product or quotient of
// valid inputs can overflow a double).
std::string figure(double x);

inline constexpr const char* kBeyondExact =
    "beyond 2^53 = 9007199254740992, the largest figure a double "
    "holds exactly";

// A rule a number must satisfy, with its wording for messages.
struct NumberRule {
  double min = -kMaxExact;
  double max = kMaxExact;
  bool min_exclusive = false;
  bool integer = false;
  const char* text = "a number";
};

inline constexpr NumberRule kPositive{0, kMaxExact, true, false, "a number > 0"};
inline constexpr NumberRule kNonNegative{0, kMaxExact, false, false, "a number >= 0"};
inline constexpr NumberRule kCount{0, kMaxExact, false, true, "a whole number >= 0"};
inline constexpr NumberRule kFraction{0, 1, false, false, "a fraction from 0 to 1"};
inline constexpr NumberRule kNonPositive{-kMaxExact, 0, false, false, "a number <= 0"};
inline constexpr NumberRule kSpendingCv{0, 10, true, false, "a coefficient of variation > 0"};
inline constexpr NumberRule kTrend{-1, 10, true, false, "a fraction > -1 and at most 10"};

// Where a value is, as a JSON pointer made only when a message needs it: a
// whole pointer, or a parent place and one more token (a key or an index).
// Places refer to their parents and strings: they live in the calls that
// make them.
class Place {
 public:
  Place(const std::string& pointer) : base_(pointer) {}  // NOLINT: implicit by design
  Place(const char* pointer) : base_(pointer) {}         // NOLINT: implicit by design
  Place(const Place& parent, std::string_view key) : parent_(&parent), key_(key) {}
  Place(const Place& parent, std::size_t index) : parent_(&parent), index_(index), indexed_(true) {}

  // Whether this is the document itself ("").
  bool empty() const { return !parent_ && base_.empty(); }

  std::string str() const {
    if (!parent_) return std::string(base_);
    std::string out = parent_->str();
    out += '/';
    if (indexed_) {
      out += std::to_string(index_);
    } else {
      append_pointer_token(out, key_);
    }
    return out;
  }

 private:
  std::string_view base_;
  const Place* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool indexed_ = false;
};

// The check context of one top-level value: reads fields under their rules
// and collects every error with its file and pointer.
class Checker {
 public:
  // `unkept`: where errors past kValueErrors are counted instead of kept
  // (nullptr: all kept).
  Checker(const ValueOrigin& origin, std::vector<Diagnostic>* errors, std::size_t* unkept = nullptr)
      : origin_(origin), errors_(errors), first_(errors->size()), unkept_(unkept) {}

  std::size_t error_count() const { return count_; }

  void error(const Place& place, std::string message) {
    if (unkept_ && errors_->size() - first_ >= kValueErrors) {
      ++*unkept_;
      ++count_;
      return;
    }
    Diagnostic d;
    d.file = origin_.file;
    d.line = origin_.show_line ? origin_.line : 0;
    d.pointer = place.str();
    if (d.pointer.empty()) d.pointer = "/";
    d.message = std::move(message);
    errors_->push_back(std::move(d));
    ++count_;
  }

  // Reports keys of `object` not in `allowed`, with a "did you mean".
  template <std::size_t N>
  void only_keys(JsonNode object, const Place& pointer, const KeySet<N>& allowed) {
    for (const auto& item : object.children()) {
      const std::string_view key = item.key();
      const std::uint64_t word = item.key_word();
      bool known = false;
      for (std::size_t i = 0; i < N && !known; ++i) {
        known = same_key(key, word, allowed.names[i], allowed.words[i]);
      }
      if (known) continue;
      std::string message = "unknown field " + quote_name(key);
      const std::string suggestion = closest_name(key, allowed.names);
      if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
      error(Place(pointer, key), message);
    }
  }

  bool is_object(JsonNode value, const Place& pointer, const char* what) {
    if (value.is_object()) return true;
    error(pointer, fmt::format("must be {}, got {}", what, describe(value)));
    return false;
  }

  [[gnu::always_inline]] bool require(JsonNode object, const Place& pointer, std::string_view key) {
    if (object.contains(key)) return true;
    error(pointer, fmt::format("missing required field \"{}\"", key));
    return false;
  }

  [[gnu::always_inline]] std::optional<double> number(JsonNode object, const Place& pointer,
                                                      std::string_view key,
                                                      const NumberRule& rule) {
    const JsonNode value = object.find(key);
    if (!value) return std::nullopt;
    return number_value(value, Place(pointer, key), rule);
  }

  std::optional<double> number_value(JsonNode value, const Place& place, const NumberRule& rule) {
    if (!value.is_number()) {
      error(place.str(), fmt::format("must be {}, got {}", rule.text, describe(value)));
      return std::nullopt;
    }
    const double x = value.number();
    // An integer beyond 2^53 rounds on the way to a double (2^53 + 1 reads
    // as 2^53): compare the integer itself.
    const bool beyond_exact =
        (value.is_number_unsigned() && value.unsigned_integer() > (std::uint64_t{1} << 53)) ||
        (value.is_number_integer() && !value.is_number_unsigned() &&
         value.integer() < -(std::int64_t{1} << 53)) ||
        std::fabs(x) > kMaxExact;
    if (beyond_exact && x > 0 && rule.max >= kMaxExact) {
      error(place.str(),
            fmt::format("must be {} and at most 2^53 = 9007199254740992 (larger figures "
                        "are not exact in double precision), got {}",
                        rule.text, describe(value)));
      return std::nullopt;
    }
    if (beyond_exact && x < 0 && rule.min <= -kMaxExact) {
      error(place.str(), fmt::format("must be {} and at least -2^53 = -9007199254740992 (larger "
                                     "figures are not exact in double precision), got {}",
                                     rule.text, describe(value)));
      return std::nullopt;
    }
    const bool below = rule.min_exclusive ? !(x > rule.min) : !(x >= rule.min);
    if (below || x > rule.max) {
      error(place.str(), fmt::format("must be {}, got {}", rule.text, describe(value)));
      return std::nullopt;
    }
    if (rule.integer && std::floor(x) != x) {
      error(place.str(), fmt::format("must be {}, got {}", rule.text, describe(value)));
      return std::nullopt;
    }
    return x == 0 ? 0.0 : x;  // never keep a negative zero
  }

  [[gnu::always_inline]] std::optional<std::string_view> string(JsonNode object,
                                                                const Place& pointer,
                                                                std::string_view key) {
    const JsonNode value = object.find(key);
    if (!value) return std::nullopt;
    if (!value.is_string()) {
      error(Place(pointer, key), fmt::format("must be a string, got {}", describe(value)));
      return std::nullopt;
    }
    return value.string();
  }

  [[gnu::always_inline]] std::optional<bool> boolean(JsonNode object, const Place& pointer,
                                                     std::string_view key) {
    const JsonNode value = object.find(key);
    if (!value) return std::nullopt;
    if (!value.is_boolean()) {
      error(Place(pointer, key), fmt::format("must be true or false, got {}", describe(value)));
      return std::nullopt;
    }
    return value.boolean();
  }

  // The strings of array `key` into `out` (empty when absent), reusing its
  // memory.
  void strings(JsonNode object, const Place& pointer, std::string_view key,
               std::vector<std::string>& out) {
    std::size_t n = 0;
    const JsonNode value = object.find(key);
    if (value && !value.is_array()) {
      error(Place(pointer, key),
            fmt::format("must be an array of strings, got {}", describe(value)));
    } else if (value) {
      std::size_t i = 0;
      for (JsonNode item : value.children()) {
        if (!item.is_string()) {
          error(Place(Place(pointer, key), i++),
                fmt::format("must be a string, got {}", describe(item)));
          continue;
        }
        if (n == out.size()) out.emplace_back();
        out[n++].assign(item.string());
        ++i;
      }
    }
    out.resize(n);
  }

  // One of `choices`, or an error listing them.
  std::optional<std::string_view> choice(JsonNode object, const Place& pointer,
                                         std::string_view key,
                                         std::initializer_list<std::string_view> choices) {
    return choice(object, pointer, key,
                  std::span<const std::string_view>(choices.begin(), choices.size()));
  }

  std::optional<std::string_view> choice(JsonNode object, const Place& pointer,
                                         std::string_view key,
                                         std::span<const std::string_view> choices) {
    auto value = string(object, pointer, key);
    if (!value) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : " | ") + std::string(c);
    std::string message = fmt::format("must be one of {}, got {}", list, quote_name(*value));
    const std::string suggestion = closest_name(*value, choices);
    if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
    error(Place(pointer, key), message);
    return std::nullopt;
  }

 private:
  const ValueOrigin& origin_;
  std::vector<Diagnostic>* errors_;
  std::size_t first_ = 0;  // the value's first error in errors_
  std::size_t* unkept_ = nullptr;
  std::size_t count_ = 0;
};

// ---------------------------------------------------------------- the parts

// load_periods.cc

// A period into `period`, reusing its memory; false when it has errors.
bool parse_period(Checker& check, JsonNode value, const Place& pointer, const char* what,
                  Period& period);
// Metrics and measures must be in both periods, with one direction.
void check_periods_match(Checker& check, const Program& program, const Place& pointer);
// A comparison group into `group`, reusing its memory.
void parse_comparison(Checker& check, JsonNode value, const Place& pointer, ComparisonGroup& group);

// load_contract.cc

std::optional<Benchmark> parse_benchmark(Checker& check, JsonNode value, const Place& pointer);
// `gate_metrics`: storage for the efficiency gate's metric names.
std::optional<Contract> parse_contract(Checker& check, JsonNode value, const Place& pointer,
                                       std::vector<std::string>& gate_metrics);
// Rules that tie the contract to the periods.
void check_contract_against_periods(Checker& check, const Contract& contract,
                                    const Program& program, const Place& pointer);

// load_mssp.cc

std::optional<Contract> parse_mssp_contract(Checker& check, JsonNode value, const Place& pointer);

// load_benchmark.cc: the MSSP benchmark's inputs in an MSSP contract's
// "benchmark" object (README "The MSSP benchmark from its inputs"): which
// fields an agreement period's era needs, their ranges, and the ties to the
// performance period.

// Whether a contract's "benchmark" object gives the benchmark's inputs
// rather than a figure (it names "agreement_type" or a benchmark year).
bool gives_benchmark_inputs(JsonNode benchmark);

// The benchmark's inputs from `value` (at `pointer`), for an agreement that
// started `agreement_start` (yyyymmdd; 0 when the contract gives none) and
// is settled for `performance_year`; every problem is reported to `check`.
std::optional<MsspBenchmarkInputs> parse_benchmark_inputs(Checker& check, JsonNode value,
                                                          const Place& pointer, int agreement_start,
                                                          int performance_year);

// The inputs against the program's performance period: the person-years of
// the performance year must be its member-years, and the benchmark exact.
void check_benchmark_inputs_against_period(Checker& check, const MsspBenchmarkInputs& inputs,
                                           const Period& performance, const Place& benchmark);

}  // namespace acocalc::loading
