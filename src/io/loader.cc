#include "io/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "acocalc/mssp.h"
#include "acocalc/names.h"
#include "acocalc/report.h"
#include "acocalc/settlement.h"
#include "io/benchmark_inputs.h"
#include "io/check.h"
#include "io/checker.h"
#include "io/json_syntax.h"
#include "io/json_tree.h"
#include "io/json_writer.h"

namespace acocalc {
namespace {

using json = ordered_json;

constexpr std::size_t kMaxDepth = 128;

// ---------------------------------------------------------------- parsing

// Parses with nlohmann's SAX interface to word an error JsonTree found:
// duplicate keys and deep nesting (which nlohmann's parser accepts), and
// nlohmann's own message where the syntax scanner finds nothing.
class SyntaxProbe : public nlohmann::json_sax<json> {
 public:
  std::string error;
  std::size_t error_byte = 0;
  std::string duplicate_pointer;

  bool null() override { return add(); }
  bool boolean(bool) override { return add(); }
  bool number_integer(number_integer_t) override { return add(); }
  bool number_unsigned(number_unsigned_t) override { return add(); }
  bool number_float(number_float_t, const string_t&) override { return add(); }
  bool string(string_t&) override { return add(); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& key) override {
    Level& object = stack_.back();
    if (!object.keys.insert(key).second) {
      duplicate_pointer = pointer() + "/" + pointer_token(key);
      error = "duplicate key " + quote_name(key);
      return false;
    }
    key_ = std::move(key);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_byte = position;
    error = ex.what();
    return false;
  }

 private:
  struct Level {
    bool array = false;
    std::size_t size = 0;
    std::set<std::string> keys;
  };

  std::string pointer() const {
    std::string out;
    for (const auto& token : path_) out += "/" + pointer_token(token);
    return out;
  }
  bool add() {
    if (!stack_.empty()) ++stack_.back().size;
    return true;
  }
  bool open(bool array) {
    if (stack_.size() >= kMaxDepth) {
      error = fmt::format("nesting deeper than {} levels", kMaxDepth);
      return false;
    }
    if (!stack_.empty()) {
      Level& parent = stack_.back();
      path_.push_back(parent.array ? std::to_string(parent.size) : key_);
      ++parent.size;
    }
    stack_.push_back(Level{array, 0, {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    if (!path_.empty()) path_.pop_back();
    return true;
  }

  std::vector<Level> stack_;
  std::vector<std::string> path_;
  std::string key_;
};

// nlohmann's message without its "[json.exception...] parse error at line
// 1, column 2: " prefix, whose position can point past the bad token.
std::string syntax_message(const std::string& what) {
  std::string message = what;
  if (auto pos = message.find("]"); pos != std::string::npos && message.starts_with("[json")) {
    message = message.substr(pos + 2);
  }
  if (auto pos = message.find(": ");
      pos != std::string::npos && message.starts_with("parse error")) {
    message = message.substr(pos + 2);
  }
  if (message.starts_with("syntax error while parsing ")) {
    // "syntax error while parsing value - invalid literal; last read: 'tru,'"
    if (auto dash = message.find(" - "); dash != std::string::npos) {
      message = message.substr(dash + 3);
    }
  }
  return "invalid JSON: " + message;
}

// Line and column of byte `offset` (0-based) of `text`, relative to where
// the value starts in its file.
void position_of(std::string_view text, std::size_t offset, const ValueOrigin& origin, long* line,
                 long* column) {
  *line = origin.line;
  *column = origin.column;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++*line;
      *column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++*column;  // count characters, not UTF-8 continuation bytes
    }
  }
}

// -------------------------------------------------------------- validation

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::optional<Direction> parse_direction(Checker& check, JsonNode object, const Place& pointer,
                                         const char* flag_key) {
  std::optional<Direction> direction;
  if (auto flag = check.boolean(object, pointer, flag_key)) {
    const bool lower = std::string_view(flag_key) == "lower_is_better" ? *flag : !*flag;
    direction = lower ? Direction::lower_is_better : Direction::higher_is_better;
  }
  if (auto text = check.choice(object, pointer, "direction",
                               {"lower_is_better", "higher_is_better", "neutral"})) {
    const Direction named = *text == "lower_is_better"    ? Direction::lower_is_better
                            : *text == "higher_is_better" ? Direction::higher_is_better
                                                          : Direction::neutral;
    if (direction && *direction != named) {
      check.error(Place(pointer, "direction"),
                  fmt::format("contradicts \"{}\" in the same object", flag_key));
    }
    direction = named;
  }
  return direction;
}

// Checks that an explicit direction agrees with a known name's preset one.
template <typename Item, typename Preset>
void check_preset_direction(Checker& check, const Item& item, const Place& pointer, Preset preset,
                            bool known) {
  if (!item.direction || !known) return;
  Item plain = item;
  plain.direction.reset();
  const Direction fixed = preset(plain);
  if (*item.direction != fixed) {
    check.error(pointer, fmt::format("{} is a known name whose direction is {}; it cannot be "
                                     "changed",
                                     quote_name(item.name),
                                     fixed == Direction::lower_is_better    ? "lower_is_better"
                                     : fixed == Direction::higher_is_better ? "higher_is_better"
                                                                            : "neutral"));
  }
}

// The metrics of a period into `metrics`, reusing the memory of those there.
void parse_utilization(Checker& check, JsonNode value, const Place& pointer,
                       std::vector<Metric>& metrics) {
  std::size_t n = 0;
  if (!check.is_object(value, pointer, "an object of utilization metrics")) {
    metrics.clear();
    return;
  }
  for (JsonNode item : value.children()) {
    const Place p(pointer, item.key());
    if (n == metrics.size()) metrics.emplace_back();
    Metric& metric = metrics[n];
    metric.name.assign(item.key());
    metric.count.reset();
    metric.per_1000.reset();
    metric.direction.reset();
    JsonNode v = item;
    if (v.is_number()) {
      metric.count = check.number_value(v, p, kCount);
      if (!metric.count) continue;
    } else if (v.is_object()) {
      check.only_keys(v, p, key_set("count", "per_1000", "lower_is_better", "direction"));
      metric.count = check.number(v, p, "count", kCount);
      metric.per_1000 = check.number(v, p, "per_1000", kNonNegative);
      metric.direction = parse_direction(check, v, p, "lower_is_better");
      const bool has_count = v.contains("count");
      const bool has_rate = v.contains("per_1000");
      if (has_count == has_rate) {
        check.error(p, has_count ? "give \"count\" or \"per_1000\", not both"
                                 : "missing \"count\" or \"per_1000\"");
        continue;
      }
      if (!metric.count && !metric.per_1000) continue;
      check_preset_direction(check, metric, p, direction_of_metric, is_known_metric(metric.name));
    } else {
      check.error(p, fmt::format("must be a count or an object with \"count\" or \"per_1000\", "
                                 "got {}",
                                 describe(v)));
      continue;
    }
    ++n;
  }
  metrics.resize(n);
}

// The measures of a period into `measures`, reusing the memory of those there.
void parse_quality(Checker& check, JsonNode value, const Place& pointer,
                   std::vector<Measure>& measures) {
  std::size_t n = 0;
  if (!check.is_object(value, pointer, "an object of quality measures")) {
    measures.clear();
    return;
  }
  for (JsonNode item : value.children()) {
    const Place p(pointer, item.key());
    if (n == measures.size()) measures.emplace_back();
    Measure& measure = measures[n];
    measure.name.assign(item.key());
    measure.numerator.reset();
    measure.denominator.reset();
    measure.rate.reset();
    measure.direction.reset();
    JsonNode v = item;
    if (v.is_number()) {
      measure.rate = check.number_value(v, p, kFraction);
      if (!measure.rate) continue;
    } else if (v.is_object()) {
      check.only_keys(v, p,
                      key_set("numerator", "denominator", "rate", "higher_is_better", "direction"));
      measure.direction = parse_direction(check, v, p, "higher_is_better");
      const bool has_counts = v.contains("numerator") || v.contains("denominator");
      const bool has_rate = v.contains("rate");
      if (has_counts && has_rate) {
        check.error(p, "give \"rate\" or \"numerator\" and \"denominator\", not both");
        continue;
      }
      if (has_rate) {
        measure.rate = check.number(v, p, "rate", kFraction);
        if (!measure.rate) continue;
      } else if (has_counts) {
        if (!check.require(v, p, "numerator") || !check.require(v, p, "denominator")) continue;
        measure.numerator = check.number(v, p, "numerator", kCount);
        measure.denominator = check.number(v, p, "denominator", kCount);
        if (!measure.numerator || !measure.denominator) continue;
        if (*measure.denominator == 0) {
          check.error(Place(p, "denominator"), "must be a whole number > 0, got 0");
          continue;
        }
        if (*measure.numerator > *measure.denominator) {
          check.error(Place(p, "numerator"),
                      fmt::format("must not exceed the denominator {}, got {}",
                                  describe(v.find("denominator")), describe(v.find("numerator"))));
          continue;
        }
      } else {
        check.error(p, "missing \"rate\" or \"numerator\" and \"denominator\"");
        continue;
      }
      check_preset_direction(check, measure, p, direction_of_measure,
                             is_known_measure(measure.name));
    } else {
      check.error(p, fmt::format("must be a rate or an object with \"numerator\" and "
                                 "\"denominator\" or \"rate\", got {}",
                                 describe(v)));
      continue;
    }
    ++n;
  }
  measures.resize(n);
}

// A period into `period`, reusing its memory; false when it has errors.
bool parse_period(Checker& check, JsonNode value, const Place& pointer, const char* what,
                  Period& period) {
  if (!value.is_object()) {
    check.is_object(value, pointer, fmt::format("a period object ({})", what).c_str());
    return false;
  }
  const std::size_t errors_before = check.error_count();
  check.only_keys(value, pointer,
                  key_set("label", "start", "end", "member_months", "members", "months",
                          "assigned_beneficiaries", "expenditure", "pmpm", "risk_score",
                          "spending_sd", "utilization", "quality"));
  period.label.assign(check.string(value, pointer, "label").value_or(""));
  period.start.assign(check.string(value, pointer, "start").value_or(""));
  period.end.assign(check.string(value, pointer, "end").value_or(""));
  period.member_months = 0;
  period.expenditure.reset();
  const bool has_mm = value.contains("member_months");
  const bool has_members = value.contains("members") || value.contains("months");
  if (has_mm && has_members) {
    check.error(pointer, "give \"member_months\" or \"members\" and \"months\", not both");
  } else if (has_mm) {
    period.member_months = check.number(value, pointer, "member_months", kPositive).value_or(0);
  } else if (has_members) {
    auto members = check.number(value, pointer, "members", kPositive);
    auto months = check.number(value, pointer, "months", kPositive);
    if (!value.contains("members")) check.require(value, pointer, "members");
    if (!value.contains("months")) check.require(value, pointer, "months");
    if (members && months) {
      if (exact(*members * *months)) {
        period.member_months = *members * *months;
      } else {
        check.error(Place(pointer, "members"),
                    fmt::format("times \"months\" {} makes {} member months, {}", *months,
                                figure(*members * *months), kBeyondExact));
      }
    }
  } else {
    check.error(pointer,
                "missing required field \"member_months\" (or \"members\" and \"months\")");
  }
  period.assigned_beneficiaries =
      check.number(value, pointer, "assigned_beneficiaries", kNonNegative);
  if (value.contains("expenditure") && value.contains("pmpm")) {
    check.error(pointer, "give \"expenditure\" or \"pmpm\", not both");
  } else if (auto pmpm = check.number(value, pointer, "pmpm", kNonNegative)) {
    if (period.member_months > 0) {
      if (exact(*pmpm * period.member_months)) {
        period.expenditure = *pmpm * period.member_months;
      } else {
        check.error(
            Place(pointer, "pmpm"),
            fmt::format("times {} member months makes an expenditure of {} dollars, {}",
                        period.member_months, figure(*pmpm * period.member_months), kBeyondExact));
      }
    }
  } else {
    period.expenditure = check.number(value, pointer, "expenditure", kNonNegative);
    if (period.expenditure && period.member_months > 0 &&
        !exact(*period.expenditure / period.member_months)) {
      check.error(
          Place(pointer, "member_months"),
          fmt::format("{} member months make the expenditure {} dollars per member month, {}",
                      period.member_months, figure(*period.expenditure / period.member_months),
                      kBeyondExact));
    }
  }
  period.risk_score = check.number(value, pointer, "risk_score", kPositive);
  period.spending_sd = check.number(value, pointer, "spending_sd", kPositive);
  if (!value.contains("utilization")) period.utilization.clear();
  if (!value.contains("quality")) period.quality.clear();
  if (value.contains("utilization")) {
    parse_utilization(check, value.find("utilization"), Place(pointer, "utilization"),
                      period.utilization);
    // Rates and counts derived from the exposure must stay exact too.
    for (const Metric& metric : period.utilization) {
      if (period.member_months <= 0) break;
      const Place utilization(pointer, "utilization");
      if (metric.count && !exact(per_1000(*metric.count, period.member_months))) {
        check.error(
            Place(utilization, metric.name),
            fmt::format("{} events over {} member months make {} per 1,000 member-years, {}",
                        *metric.count, period.member_months,
                        figure(per_1000(*metric.count, period.member_months)), kBeyondExact));
      } else if (metric.per_1000 && !exact(*metric.per_1000 * period.member_months / 12000.0)) {
        check.error(
            Place(utilization, metric.name),
            fmt::format("{} per 1,000 member-years over {} member months make {} events, {}",
                        *metric.per_1000, period.member_months,
                        figure(*metric.per_1000 * period.member_months / 12000.0), kBeyondExact));
      }
    }
  }
  if (value.contains("quality")) {
    parse_quality(check, value.find("quality"), Place(pointer, "quality"), period.quality);
  }
  return check.error_count() == errors_before;
}

std::optional<MinimumRate> parse_minimum_rate(Checker& check, JsonNode object, const Place& pointer,
                                              std::string_view key) {
  if (!object.contains(key)) return std::nullopt;
  JsonNode value = object.find(key);
  if (value.is_string()) {
    if (value.string() == "mssp_table") return MinimumRate{true, 0};
    check.error(
        Place(pointer, key),
        fmt::format("must be a fraction from 0 to 1 or \"mssp_table\", got {}", describe(value)));
    return std::nullopt;
  }
  auto rate = check.number_value(value, Place(pointer, key),
                                 {0, 1, false, false, "a fraction from 0 to 1 or \"mssp_table\""});
  if (!rate) return std::nullopt;
  return MinimumRate{false, *rate};
}

std::optional<Benchmark> parse_benchmark(Checker& check, JsonNode value, const Place& pointer) {
  if (!check.is_object(value, pointer, "an object with one benchmark form")) return std::nullopt;
  check.only_keys(value, pointer,
                  key_set("total", "pmpm", "per_capita", "baseline_trend", "comparison_trend"));
  static constexpr std::array<std::pair<const char*, Benchmark::Kind>, 4> forms{
      {{"total", Benchmark::Kind::total},
       {"pmpm", Benchmark::Kind::pmpm},
       {"per_capita", Benchmark::Kind::per_capita},
       {"baseline_trend", Benchmark::Kind::baseline_trend}}};
  std::optional<Benchmark> benchmark;
  int given = 0;
  std::string names;
  for (JsonNode item : value.children()) {  // document order, for the message
    if (std::any_of(forms.begin(), forms.end(),
                    [&](const auto& f) { return item.key() == f.first; }) ||
        item.key() == "comparison_trend") {
      names += fmt::format("{}\"{}\"", names.empty() ? "" : " and ", item.key());
    }
  }
  if (value.contains("comparison_trend")) {
    ++given;
    const JsonNode flag = value.find("comparison_trend");
    if (!flag.is_boolean() || !flag.boolean()) {
      check.error(Place(pointer, "comparison_trend"),
                  fmt::format("must be true (the comparison group's spending trend), got {}",
                              describe(flag)));
    } else {
      benchmark = Benchmark{Benchmark::Kind::comparison_trend, 0};
    }
  }
  for (const auto& [key, kind] : forms) {
    if (!value.contains(key)) continue;
    ++given;
    auto x = check.number(value, pointer, key,
                          kind == Benchmark::Kind::baseline_trend ? kTrend : kPositive);
    if (x) benchmark = Benchmark{kind, *x};
  }
  if (given == 0) {
    check.error(pointer,
                "needs one of \"total\", \"pmpm\", \"per_capita\", \"baseline_trend\" "
                "or \"comparison_trend\"");
  } else if (given > 1) {
    check.error(pointer,
                fmt::format("give one benchmark form (\"total\", \"pmpm\", \"per_capita\", "
                            "\"baseline_trend\" or \"comparison_trend\"), not several; "
                            "got {}",
                            names));
    return std::nullopt;
  }
  return benchmark;
}

// `metrics`: storage for the gate's metric names (a former gate's).
std::optional<EfficiencyGate> parse_gate(Checker& check, JsonNode value, const Place& pointer,
                                         std::vector<std::string>& metrics) {
  if (!check.is_object(value, pointer, "an efficiency gate object")) return std::nullopt;
  check.only_keys(value, pointer, key_set("metrics", "require", "min_improvement", "significant"));
  EfficiencyGate gate;
  if (!check.require(value, pointer, "metrics")) return std::nullopt;
  const std::size_t errors_before = check.error_count();
  gate.metrics.swap(metrics);
  check.strings(value, pointer, "metrics", gate.metrics);
  if (check.error_count() != errors_before) return std::nullopt;
  if (gate.metrics.empty()) {
    check.error(Place(pointer, "metrics"), "must name at least one utilization metric");
    return std::nullopt;
  }
  // Each metric counts once toward "require": a repeated name would count
  // one metric's improvement twice.
  std::unordered_map<std::string_view, std::size_t> first;
  for (std::size_t i = 0; i < gate.metrics.size(); ++i) {
    const auto [at, inserted] = first.emplace(gate.metrics[i], i);
    if (!inserted) {
      check.error(Place(Place(pointer, "metrics"), i),
                  fmt::format("repeats {}, already at index {}; a gate counts each metric once",
                              quote_name(gate.metrics[i]), at->second));
    }
  }
  if (check.error_count() != errors_before) return std::nullopt;
  if (value.contains("require")) {
    JsonNode require = value.find("require");
    if (require.is_string() && require.string() == "all") {
      gate.require.reset();
    } else {
      auto k = check.number_value(require, Place(pointer, "require"),
                                  {1, static_cast<double>(gate.metrics.size()), false, true,
                                   "\"all\" or a whole number from 1 to the number of metrics"});
      if (!k) return std::nullopt;
      gate.require = static_cast<int>(*k);
    }
  }
  gate.min_improvement =
      check
          .number(value, pointer, "min_improvement", {0, 1, false, false, "a fraction from 0 to 1"})
          .value_or(0);
  gate.significant = check.boolean(value, pointer, "significant").value_or(false);
  return gate;
}

std::optional<LossSharing> parse_loss_sharing(Checker& check, JsonNode value,
                                              const Place& pointer) {
  if (value.is_object()) {
    check.only_keys(value, pointer, key_set("complement_of_sharing_rate", "min", "max"));
    auto complement = check.boolean(value, pointer, "complement_of_sharing_rate");
    if (!complement || !*complement) {
      check.error(pointer,
                  "must be a fraction or {\"complement_of_sharing_rate\": true, \"min\": "
                  "..., \"max\": ...}");
      return std::nullopt;
    }
    LossSharing loss;
    loss.kind = LossSharing::Kind::complement_of_sharing_rate;
    loss.min = check.number(value, pointer, "min", kFraction).value_or(0);
    loss.max = check.number(value, pointer, "max", kFraction).value_or(1);
    if (loss.min > loss.max) {
      check.error(Place(pointer, "min"),
                  fmt::format("must not exceed \"max\" {}, got {}", loss.max, loss.min));
      return std::nullopt;
    }
    return loss;
  }
  auto rate = check.number_value(value, pointer, kFraction);
  if (!rate) return std::nullopt;
  return LossSharing{LossSharing::Kind::fixed, *rate, 0, 1};
}

constexpr std::array<std::string_view, 10> kMsspTracks{
    "TRACK_1", "TRACK_1_PLUS", "TRACK_2", "TRACK_3", "BASIC_A",
    "BASIC_B", "BASIC_C",      "BASIC_D", "BASIC_E", "ENHANCED"};

bool is_one_sided(MsspTrack track) {
  return track == MsspTrack::track_1 || track == MsspTrack::basic_a || track == MsspTrack::basic_b;
}

// "2024-01-01" as 20240101; nullopt unless a real calendar date.
std::optional<int> iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = starts[i]; k < starts[i] + lengths[i]; ++k) {
      if (text[k] < '0' || text[k] > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (text[k] - '0');
    }
  }
  const int year = parts[0];
  const int month = parts[1];
  const int day = parts[2];
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  return year * 10000 + month * 100 + day;
}

std::optional<Contract> parse_mssp_contract(Checker& check, JsonNode value, const Place& pointer) {
  check.only_keys(
      value, pointer,
      key_set("model", "track", "performance_year", "msr", "quality_score", "quality_standard_met",
              "agreement_year", "benchmark", "loss_adjustment", "pay_for_reporting", "low_revenue",
              "alternative_quality_standard", "participant_revenue", "spending_cv",
              "agreement_start", "euc_share", "guardrail", "revenue_loss_limit"));
  Contract contract;
  contract.model = Contract::Model::mssp;
  MsspTerms terms;
  bool ok = check.require(value, pointer, "track");
  ok = check.require(value, pointer, "performance_year") && ok;
  ok = check.require(value, pointer, "benchmark") && ok;
  if (auto track = check.choice(value, pointer, "track", kMsspTracks)) {
    terms.track = *mssp_track_from_name(*track);
  } else {
    ok = false;
  }
  const int first_year = mssp_years().front().year;
  const int last_year = mssp_years().back().year;
  const std::string year_rule =
      fmt::format("a performance year from {} to {} (the years whose rules acocalc knows)",
                  first_year, last_year);
  if (auto year =
          check.number(value, pointer, "performance_year",
                       {2012, static_cast<double>(last_year), false, true, year_rule.c_str()})) {
    terms.performance_year = static_cast<int>(*year);
  } else {
    ok = false;
  }
  if (ok && !mssp_track_valid_in(terms.track, terms.performance_year)) {
    std::vector<std::string_view> valid;
    for (MsspTrack track : mssp_tracks()) {
      if (mssp_track_valid_in(track, terms.performance_year))
        valid.push_back(mssp_track_name(track));
    }
    check.error(
        Place(pointer, "track"),
        fmt::format("{} is not a track of performance year {} (valid that year: {})",
                    mssp_track_name(terms.track), terms.performance_year, fmt::join(valid, ", ")));
    ok = false;
  }
  terms.agreement_year =
      static_cast<int>(check
                           .number(value, pointer, "agreement_year",
                                   {1, 5, false, true, "a whole number from 1 to 5"})
                           .value_or(1));
  terms.pay_for_reporting = check.boolean(value, pointer, "pay_for_reporting").value_or(false);
  terms.low_revenue = check.boolean(value, pointer, "low_revenue").value_or(false);
  terms.alternative_quality_standard =
      check.boolean(value, pointer, "alternative_quality_standard").value_or(false);
  if (auto start = check.string(value, pointer, "agreement_start")) {
    if (auto date = iso_date(*start)) {
      terms.agreement_start = *date;
    } else {
      check.error(Place(pointer, "agreement_start"),
                  fmt::format("must be a date as YYYY-MM-DD, got {}", quote_name(*start)));
      ok = false;
    }
  }
  terms.euc_share = check.number(value, pointer, "euc_share", kFraction);
  terms.guardrail = check.boolean(value, pointer, "guardrail").value_or(false);
  terms.revenue_loss_limit = check.boolean(value, pointer, "revenue_loss_limit");
  contract.mssp = terms;
  contract.minimum_savings_rate = MinimumRate{true, 0};
  if (value.contains("msr")) {
    JsonNode msr = value.find("msr");
    if (msr.is_string() && msr.string() == "variable") {
      contract.minimum_savings_rate = MinimumRate{true, 0};
    } else if (const double rate = msr.number();
               msr.is_number() &&
               (rate == 0 || rate == 0.005 || rate == 0.01 || rate == 0.015 || rate == 0.02)) {
      if (ok && is_one_sided(terms.track)) {
        check.error(Place(pointer, "msr"),
                    "a fixed MSR is elected only on two-sided tracks; one-sided "
                    "tracks use \"variable\"");
        ok = false;
      }
      contract.minimum_savings_rate = MinimumRate{false, msr.number()};
    } else {
      check.error(Place(pointer, "msr"),
                  fmt::format("must be \"variable\" or one of 0, 0.005, 0.01, 0.015, 0.02, got {}",
                              describe(msr)));
      ok = false;
    }
  }
  contract.quality_score = check.number(value, pointer, "quality_score", kFraction);
  contract.quality_standard_met = check.boolean(value, pointer, "quality_standard_met");
  if (value.contains("benchmark") && gives_benchmark_inputs(value.find("benchmark"))) {
    // The benchmark's inputs instead of its figure (benchmark_inputs.cc);
    // a bad agreement_start has had its message.
    auto inputs =
        value.contains("agreement_start") && terms.agreement_start == 0
            ? std::nullopt
            : parse_benchmark_inputs(check, value.find("benchmark"), Place(pointer, "benchmark"),
                                     terms.agreement_start, terms.performance_year);
    if (inputs) {
      contract.benchmark = Benchmark{Benchmark::Kind::mssp_inputs, 0, std::move(inputs)};
    } else {
      ok = false;
    }
  } else if (value.contains("benchmark")) {
    contract.benchmark =
        parse_benchmark(check, value.find("benchmark"), Place(pointer, "benchmark"));
    if (contract.benchmark && (contract.benchmark->kind == Benchmark::Kind::baseline_trend ||
                               contract.benchmark->kind == Benchmark::Kind::comparison_trend)) {
      check.error(Place(pointer, "benchmark"),
                  "an MSSP benchmark is given as \"total\", \"per_capita\" "
                  "or \"pmpm\"");
    }
  }
  contract.loss_adjustment =
      check.number(value, pointer, "loss_adjustment", kNonPositive).value_or(0);
  contract.participant_revenue = check.number(value, pointer, "participant_revenue", kNonNegative);
  contract.spending_cv = check.number(value, pointer, "spending_cv", kSpendingCv);
  if (!ok) return std::nullopt;
  return contract;
}

// `gate_metrics`: storage for the efficiency gate's metric names.
std::optional<Contract> parse_contract(Checker& check, JsonNode value, const Place& pointer,
                                       std::vector<std::string>& gate_metrics) {
  if (!check.is_object(value, pointer, "a contract object")) return std::nullopt;
  const std::size_t errors_before = check.error_count();
  auto model = value.contains("model")
                   ? check.choice(value, pointer, "model", {"shared_savings", "mssp"})
                   : std::optional<std::string_view>("shared_savings");
  if (!model) return std::nullopt;
  if (*model == "mssp") {
    auto contract = parse_mssp_contract(check, value, pointer);
    if (check.error_count() != errors_before) return std::nullopt;
    return contract;
  }
  check.only_keys(
      value, pointer,
      key_set("model", "benchmark", "risk_adjust", "two_sided", "minimum_savings_rate",
              "minimum_loss_rate", "sharing_rate", "quality_score", "quality_standard_met",
              "quality_adjustment", "efficiency_gate", "savings_cap", "sequestration",
              "loss_sharing_rate", "loss_limit", "loss_limit_revenue", "participant_revenue",
              "loss_adjustment", "care_coordination_fee_pmpm", "spending_cv"));
  Contract contract;
  if (check.require(value, pointer, "benchmark")) {
    contract.benchmark =
        parse_benchmark(check, value.find("benchmark"), Place(pointer, "benchmark"));
  }
  contract.risk_adjust = check.boolean(value, pointer, "risk_adjust").value_or(false);
  contract.two_sided = check.boolean(value, pointer, "two_sided").value_or(false);
  contract.minimum_savings_rate =
      parse_minimum_rate(check, value, pointer, "minimum_savings_rate").value_or(MinimumRate{});
  contract.minimum_loss_rate = parse_minimum_rate(check, value, pointer, "minimum_loss_rate");
  if (check.require(value, pointer, "sharing_rate")) {
    contract.sharing_rate = check.number(value, pointer, "sharing_rate", kFraction).value_or(0);
  }
  contract.quality_score = check.number(value, pointer, "quality_score", kFraction);
  contract.quality_standard_met = check.boolean(value, pointer, "quality_standard_met");
  if (auto adjustment = check.choice(value, pointer, "quality_adjustment", {"none", "multiply"})) {
    contract.quality_adjustment =
        *adjustment == "multiply" ? QualityAdjustment::multiply : QualityAdjustment::none;
    if (contract.quality_adjustment == QualityAdjustment::multiply && !contract.quality_score &&
        !value.contains("quality_score")) {
      check.error(Place(pointer, "quality_adjustment"), "\"multiply\" needs a \"quality_score\"");
    }
  }
  if (value.contains("efficiency_gate")) {
    contract.efficiency_gate = parse_gate(check, value.find("efficiency_gate"),
                                          Place(pointer, "efficiency_gate"), gate_metrics);
  }
  contract.savings_cap = check.number(value, pointer, "savings_cap", kFraction);
  contract.sequestration = check.number(value, pointer, "sequestration", kFraction).value_or(0);
  if (value.contains("loss_sharing_rate")) {
    contract.loss_sharing_rate = parse_loss_sharing(check, value.find("loss_sharing_rate"),
                                                    Place(pointer, "loss_sharing_rate"));
  }
  contract.loss_limit = check.number(value, pointer, "loss_limit", kFraction);
  contract.loss_limit_revenue = check.number(value, pointer, "loss_limit_revenue", kFraction);
  contract.participant_revenue = check.number(value, pointer, "participant_revenue", kNonNegative);
  contract.loss_adjustment =
      check.number(value, pointer, "loss_adjustment", kNonPositive).value_or(0);
  contract.care_coordination_fee_pmpm =
      check.number(value, pointer, "care_coordination_fee_pmpm", kNonNegative).value_or(0);
  contract.spending_cv = check.number(value, pointer, "spending_cv", kSpendingCv);

  // Fields that only make sense together.
  if (!contract.two_sided) {
    for (const char* key : {"minimum_loss_rate", "loss_sharing_rate", "loss_limit",
                            "loss_limit_revenue", "loss_adjustment"}) {
      if (value.contains(key)) {
        check.error(Place(pointer, key),
                    "applies only to two-sided contracts; set \"two_sided\": true or remove it");
      }
    }
  } else if (!value.contains("loss_sharing_rate")) {
    check.error(pointer, "a two-sided contract needs \"loss_sharing_rate\"");
  }
  if (value.contains("loss_limit_revenue") && !value.contains("participant_revenue")) {
    check.error(Place(pointer, "loss_limit_revenue"), "needs \"participant_revenue\"");
  }
  if (check.error_count() != errors_before) return std::nullopt;
  return contract;
}

// Rules that tie the contract to the periods.
void check_contract_against_periods(Checker& check, const Contract& contract,
                                    const Program& program, const Place& pointer) {
  const Place cp(pointer, "contract");
  // The dollar totals the settlement starts from must be exact.
  if (contract.benchmark && contract.benchmark->mssp_inputs) {
    check_benchmark_inputs_against_period(check, *contract.benchmark->mssp_inputs,
                                          program.performance, Place(cp, "benchmark"));
  } else if (auto benchmark = benchmark_total(program, contract); benchmark && !exact(*benchmark)) {
    check.error(Place(cp, "benchmark"),
                fmt::format("makes a benchmark of {} dollars for {} member months, {}",
                            figure(*benchmark), program.performance.member_months, kBeyondExact));
  }
  if (!exact(contract.care_coordination_fee_pmpm * program.performance.member_months)) {
    check.error(
        Place(cp, "care_coordination_fee_pmpm"),
        fmt::format("times {} member months makes {} dollars of fees, {}",
                    program.performance.member_months,
                    figure(contract.care_coordination_fee_pmpm * program.performance.member_months),
                    kBeyondExact));
  }
  if (!program.performance.expenditure) {
    check.error(Place(pointer, "performance"),
                "a program with a contract needs \"expenditure\" or \"pmpm\" to be settled");
  }
  if (contract.benchmark && contract.benchmark->kind == Benchmark::Kind::baseline_trend &&
      (!program.baseline || !program.baseline->expenditure)) {
    check.error(Place(Place(cp, "benchmark"), "baseline_trend"),
                "needs the baseline period's \"expenditure\" or \"pmpm\"");
  }
  if (contract.benchmark && contract.benchmark->kind == Benchmark::Kind::comparison_trend) {
    const Place benchmark(cp, "benchmark");  // a Place chains to its parent: keep it alive
    const Place where(benchmark, "comparison_trend");
    if (!program.comparison) {
      check.error(where, "needs a comparison group (\"comparison\" in the program)");
    } else if (!program.baseline || !program.baseline->expenditure ||
               !program.comparison->baseline.expenditure ||
               !program.comparison->performance.expenditure) {
      check.error(where,
                  "needs \"expenditure\" or \"pmpm\" in the program's baseline and in "
                  "both periods of the comparison group");
    } else if (*program.comparison->baseline.expenditure == 0) {
      check.error(where, "needs a comparison baseline spending above 0 (it divides by it)");
    }
  }
  if (contract.risk_adjust &&
      (!program.baseline || !program.baseline->risk_score || !program.performance.risk_score)) {
    check.error(Place(cp, "risk_adjust"), "needs \"risk_score\" in both periods");
  }
  const bool needs_headcount =
      contract.minimum_savings_rate.mssp_table ||
      (contract.minimum_loss_rate && contract.minimum_loss_rate->mssp_table);
  if (needs_headcount && !program.performance.assigned_beneficiaries) {
    check.error(Place(pointer, "performance"),
                "the MSSP minimum savings rate table needs \"assigned_beneficiaries\"");
  }
  if (contract.efficiency_gate && !program.baseline) {
    check.error(Place(cp, "efficiency_gate"),
                "compares utilization with the baseline period, and the program has no "
                "\"baseline\"");
  } else if (contract.efficiency_gate) {
    const auto& metrics = contract.efficiency_gate->metrics;
    thread_local NameIndex<Metric> performance, baseline;  // their memory serves every program
    performance.reset(program.performance.utilization);
    baseline.reset(program.baseline->utilization);
    std::vector<std::string_view> names;  // suggestions: metrics of both periods
    bool named = false;
    std::size_t missing = 0;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      if (!performance.find(metrics[i], i) || !baseline.find(metrics[i], i)) {
        // A suggestion compares the name with every metric: only the first
        // ten get one, so that a gate of many unknown names stays linear.
        if (++missing > 10) {
          check.error(Place(Place(Place(cp, "efficiency_gate"), "metrics"), i),
                      fmt::format("names {}, which is not a utilization metric of both periods",
                                  quote_name(metrics[i])));
          continue;
        }
        if (!named) {
          named = true;
          const auto& all = program.performance.utilization;
          for (std::size_t k = 0; k < all.size(); ++k) {
            if (baseline.find(all[k].name, k)) names.push_back(all[k].name);
          }
        }
        std::string message = fmt::format(
            "names {}, which is not a utilization metric of both periods", quote_name(metrics[i]));
        const std::string suggestion = closest_name(metrics[i], names);
        if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
        check.error(Place(Place(Place(cp, "efficiency_gate"), "metrics"), i), message);
      }
    }
  }
}

// Metrics and measures must be in both periods, with one direction.
void check_periods_match(Checker& check, const Program& program, const Place& pointer) {
  if (!program.baseline) return;
  const auto compare = [&](const auto& base, const auto& perf, const char* section,
                           auto& base_index, auto& perf_index) {
    base_index.reset(base);
    perf_index.reset(perf);
    for (std::size_t i = 0; i < perf.size(); ++i) {
      const auto& item = perf[i];
      const auto* other = base_index.find(item.name, i);
      if (!other) {
        check.error(Place(Place(Place(pointer, "performance"), section), item.name),
                    "is not in the baseline period; a change needs both periods");
      } else if (other->direction && item.direction && *other->direction != *item.direction) {
        check.error(Place(Place(Place(pointer, "performance"), section), item.name),
                    "has a different direction than in the baseline period");
      }
    }
    for (std::size_t i = 0; i < base.size(); ++i) {
      if (!perf_index.find(base[i].name, i)) {
        check.error(Place(Place(Place(pointer, "baseline"), section), base[i].name),
                    "is not in the performance period; a change needs both periods");
      }
    }
  };
  // Their memory serves program after program.
  thread_local NameIndex<Metric> base_metrics, perf_metrics;
  thread_local NameIndex<Measure> base_measures, perf_measures;
  compare(program.baseline->utilization, program.performance.utilization, "utilization",
          base_metrics, perf_metrics);
  compare(program.baseline->quality, program.performance.quality, "quality", base_measures,
          perf_measures);
}

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 200 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// A scalar of the input as a JSON value (expectations keep theirs).
ordered_json scalar_json(JsonNode value) {
  switch (value.type()) {
    case JsonNode::Type::boolean:
      return value.boolean();
    case JsonNode::Type::integer:
      return value.integer();
    case JsonNode::Type::unsigned_integer:
      return value.unsigned_integer();
    case JsonNode::Type::floating:
      return value.number() == 0 ? 0.0 : value.number();  // `check` never prints "-0"
    case JsonNode::Type::string:
      return std::string(value.string());
    default:
      return nullptr;
  }
}

std::vector<Expectation> parse_expect(Checker& check, JsonNode value, const Place& pointer) {
  std::vector<Expectation> out;
  if (!check.is_object(value, pointer, "an object of expected values")) return out;
  for (JsonNode item : value.children()) {
    const Place p(pointer, item.key());
    Expectation e;
    e.path = item.key();
    JsonNode expected = item;
    if (item.is_object()) {
      check.only_keys(item, p, key_set("value", "tolerance"));
      if (!check.require(item, p, "value")) continue;
      expected = item.find("value");
      if (auto tolerance = check.number(item, p, "tolerance", kNonNegative))
        e.tolerance = *tolerance;
    }
    if (expected.is_structured()) {
      check.error(p, "an expected value must be a number, a boolean, a string or null");
      continue;
    }
    if (auto problem = expect_path_problem(e.path)) {
      check.error(p, *problem);
      continue;
    }
    e.expected = scalar_json(expected);
    out.push_back(std::move(e));
  }
  return out;
}

// A comparison group into `group`, reusing its memory.
void parse_comparison(Checker& check, JsonNode value, const Place& pointer,
                      ComparisonGroup& group) {
  if (!check.is_object(value, pointer, "a comparison group object")) return;
  check.only_keys(value, pointer,
                  key_set("label", "description", "sources", "baseline", "performance"));
  group.label.assign(check.string(value, pointer, "label").value_or(""));
  group.description.assign(check.string(value, pointer, "description").value_or(""));
  check.strings(value, pointer, "sources", group.sources);
  if (check.require(value, pointer, "baseline")) {
    parse_period(check, value.find("baseline"), Place(pointer, "baseline"),
                 "the comparison group's baseline", group.baseline);
  }
  if (check.require(value, pointer, "performance")) {
    parse_period(check, value.find("performance"), Place(pointer, "performance"),
                 "the comparison group's performance", group.performance);
  }
}

// Validates one program object into the next slot of `programs`, reusing
// its memory; keeps it when it has no errors.
void load_program(Checker& check, JsonNode value, const Place& pointer, const ValueOrigin& origin,
                  ProgramList* programs) {
  if (!check.is_object(value, pointer, "a program object")) return;
  const std::size_t errors_before = check.error_count();
  check.only_keys(value, pointer,
                  key_set("id", "name", "description", "location", "payer_type", "payers",
                          "partners", "population", "sources", "notes", "baseline", "performance",
                          "comparison", "contract", "expect"));
  LoadedProgram& loaded = programs->next();
  Program& program = loaded.program;
  program.id.clear();
  if (check.require(value, pointer, "id")) {
    if (auto id = check.string(value, pointer, "id")) {
      if (valid_id(*id)) {
        program.id.assign(*id);
      } else {
        check.error(Place(pointer, "id"),
                    fmt::format("must be 1 to 200 characters of A-Z a-z 0-9 . _ -, got {}",
                                describe(value.find("id"))));
      }
    }
  }
  program.name.assign(check.string(value, pointer, "name").value_or(program.id));
  program.description.assign(check.string(value, pointer, "description").value_or(""));
  program.location.assign(check.string(value, pointer, "location").value_or(""));
  program.population.assign(check.string(value, pointer, "population").value_or(""));
  program.payer_type.assign(
      check
          .choice(value, pointer, "payer_type",
                  {"commercial", "medicare", "medicaid", "medicare_advantage", "mixed"})
          .value_or(""));
  check.strings(value, pointer, "payers", program.payers);
  check.strings(value, pointer, "partners", program.partners);
  check.strings(value, pointer, "sources", program.sources);
  check.strings(value, pointer, "notes", loaded.input_notes);
  if (value.contains("baseline")) {
    if (!program.baseline) program.baseline.emplace();
    parse_period(check, value.find("baseline"), Place(pointer, "baseline"), "baseline",
                 *program.baseline);
  } else {
    program.baseline.reset();
  }
  if (check.require(value, pointer, "performance")) {
    parse_period(check, value.find("performance"), Place(pointer, "performance"), "performance",
                 program.performance);
  }
  if (value.contains("comparison")) {
    if (!program.comparison) program.comparison.emplace();
    parse_comparison(check, value.find("comparison"), Place(pointer, "comparison"),
                     *program.comparison);
    if (!value.contains("baseline")) {
      check.error(Place(pointer, "comparison"),
                  "needs the program's \"baseline\": an effect against a comparison group "
                  "compares both groups' changes");
    }
  } else {
    program.comparison.reset();
  }
  std::vector<std::string> gate_metrics;  // the last gate's, for its memory
  if (program.contract && program.contract->efficiency_gate) {
    gate_metrics.swap(program.contract->efficiency_gate->metrics);
  }
  program.contract.reset();
  if (value.contains("contract")) {
    program.contract =
        parse_contract(check, value.find("contract"), Place(pointer, "contract"), gate_metrics);
  }
  loaded.expect.clear();
  if (value.contains("expect")) {
    loaded.expect = parse_expect(check, value.find("expect"), Place(pointer, "expect"));
  }
  // A baseline is required unless the contract gives the benchmark directly.
  const bool direct_benchmark =
      program.contract && program.contract->benchmark &&
      program.contract->benchmark->kind != Benchmark::Kind::baseline_trend &&
      program.contract->benchmark->kind != Benchmark::Kind::comparison_trend;
  if (!value.contains("baseline") && !direct_benchmark && check.error_count() == errors_before) {
    check.error(pointer,
                "missing required field \"baseline\" (only a settlement-only program "
                "whose contract gives the benchmark directly may omit it)");
  }
  if (check.error_count() != errors_before) return;
  check_periods_match(check, program, pointer);
  if (program.contract) check_contract_against_periods(check, *program.contract, program, pointer);
  if (check.error_count() != errors_before) return;
  loaded.file.assign(origin.file);
  loaded.line = origin.line;
  if (pointer.empty()) {
    loaded.pointer.clear();
  } else {
    loaded.pointer = pointer.str();
  }
  programs->keep();
}

// A whole top-level value: one program, or a {"acocalc": 1, "programs": [...]}
// document.
void validate_document(Checker& check, JsonNode root, const ValueOrigin& origin,
                       ProgramList* programs) {
  if (!root.is_object()) {
    check.error("", fmt::format("a document must be a program object or {{\"acocalc\": 1, "
                                "\"programs\": [...]}}, got {}",
                                describe(root)));
    return;
  }
  if (!root.contains("acocalc") && !root.contains("programs")) {
    load_program(check, root, "", origin, programs);
    return;
  }
  check.only_keys(root, "", key_set("acocalc", "programs"));
  bool ok = root.contains("acocalc");
  if (!ok)
    check.error("", "missing required field \"acocalc\" (the format version: \"acocalc\": 1)");
  if (ok) {
    JsonNode version = root.find("acocalc");
    if (version.is_number() && !(version.is_number_integer() && version.number() == 1)) {
      check.error("/acocalc", fmt::format("unsupported format version {}; this acocalc reads "
                                          "version 1",
                                          describe(version)));
      ok = false;
    } else if (!version.is_number()) {
      check.error("/acocalc", fmt::format("must be the format version 1 (a number), got {}",
                                          describe(version)));
      ok = false;
    }
  }
  if (!check.require(root, "", "programs")) return;
  JsonNode list = root.find("programs");
  if (!list.is_array()) {
    check.error("/programs", fmt::format("must be an array of programs, got {}", describe(list)));
    return;
  }
  if (list.size() == 0) {
    check.error("/programs", "must hold at least one program, got an empty array");
    return;
  }
  if (!ok) return;
  std::size_t i = 0;
  for (JsonNode program : list.children()) {
    load_program(check, program, fmt::format("/programs/{}", i++), origin, programs);
  }
}

// Puts the errors of one value in document order: by where the value each
// names ends, so that an object's own errors (a missing field, fields that
// contradict each other) come after those of its members, where a reader
// reaching its closing brace would notice them. Errors of the same value keep
// the checks' order.
void sort_in_document_order(JsonNode root, const std::string& root_pointer,
                            std::vector<Diagnostic>::iterator first,
                            std::vector<Diagnostic>::iterator last) {
  if (last - first < 2) return;
  std::unordered_map<std::string, std::size_t> order;
  struct Node {
    JsonNode value;
    std::string pointer;
    bool expanded;
  };
  std::vector<Node> pending{{root, root_pointer, false}};
  while (!pending.empty()) {  // depth first, children in document order, parents after them
    Node& node = pending.back();
    if (node.expanded || !node.value.is_structured()) {
      order.emplace(node.pointer.empty() ? "/" : node.pointer, order.size());
      pending.pop_back();
      continue;
    }
    node.expanded = true;
    const JsonNode value = node.value;
    const std::string pointer = node.pointer;  // `node` dangles once children are pushed
    std::vector<Node> children;
    std::size_t i = 0;
    for (JsonNode child : value.children()) {
      children.push_back(
          {child,
           pointer + "/" + (value.is_object() ? pointer_token(child.key()) : std::to_string(i++)),
           false});
    }
    pending.insert(pending.end(), std::make_move_iterator(children.rbegin()),
                   std::make_move_iterator(children.rend()));
  }
  const auto rank = [&](const Diagnostic& d) {
    // A pointer to something absent ranks with its closest present parent.
    std::string pointer = d.pointer;
    while (true) {
      if (auto it = order.find(pointer); it != order.end()) return it->second;
      const auto slash = pointer.rfind('/');
      if (slash == 0 || slash == std::string::npos) {
        const auto top = order.find("/");
        return top == order.end() ? std::size_t{0} : top->second;
      }
      pointer.resize(slash);
    }
  };
  std::vector<std::pair<std::size_t, Diagnostic>> ranked;
  for (auto it = first; it != last; ++it) ranked.emplace_back(rank(*it), std::move(*it));
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& item : ranked) *first++ = std::move(item.second);
}

// Control characters (from escapes such as \n in keys and strings) would
// break the one-line-per-error rule and could drive a terminal: show them
// escaped.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(byte));
    } else {
      out += c;
    }
  }
  return out;
}

// The diagnostic for a text JsonTree rejected: a repeated key with its
// pointer; else our own scanner's description at the start of the bad token
// (nlohmann's position can be past it); else nlohmann's message.
Diagnostic syntax_diagnostic(std::string_view text, const ValueOrigin& origin,
                             std::size_t tree_offset) {
  SyntaxProbe probe;
  // nlohmann skips a byte-order mark at the start of its input; the reader
  // has already skipped the one a file may begin with, so any other is an
  // error (the scanner below names it).
  const bool parsed =
      !text.starts_with("\xEF\xBB\xBF") &&
      json::sax_parse(text.begin(), text.end(), &probe, json::input_format_t::json, true, false);
  Diagnostic d;
  d.file = origin.file;
  if (!probe.duplicate_pointer.empty()) {
    d.line = origin.show_line ? origin.line : 0;
    d.pointer = probe.duplicate_pointer;
    d.message = probe.error + " (each key may appear once)";
  } else if (auto syntax = find_syntax_error(
                 text, kMaxDepth,
                 [&](std::size_t offset) {
                   long line = 0, column = 0;
                   position_of(text, offset, origin, &line, &column);
                   return fmt::format("{}:{}", line, column);
                 },
                 origin.one_line ? "the end of the line" : "the end of the input")) {
    position_of(text, syntax->offset, origin, &d.line, &d.column);
    d.message = "invalid JSON: " + syntax->message;
  } else if (!parsed) {
    // nlohmann's byte position is one past the offending character.
    position_of(text, probe.error_byte > 0 ? probe.error_byte - 1 : 0, origin, &d.line, &d.column);
    d.message = probe.error.starts_with("nesting") ? "invalid JSON: " + probe.error
                                                   : syntax_message(probe.error);
  } else {
    // The two parsers disagree (a bug): refuse the value all the same.
    position_of(text, tree_offset, origin, &d.line, &d.column);
    d.message = "invalid JSON";
  }
  return d;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  // A JSON pointer names keys in full; a megabyte key is shortened for print.
  std::string pointer;
  for (std::size_t start = 0; start < d.pointer.size();) {
    std::size_t end = d.pointer.find('/', start + 1);
    if (end == std::string::npos) end = d.pointer.size();
    std::string_view token = std::string_view(d.pointer).substr(start, end - start);
    if (token.size() > 80) {
      std::size_t cut = 77;
      while (cut > 1 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;
      pointer += std::string(token.substr(0, cut)) + "...";
    } else {
      pointer += token;
    }
    start = end;
  }
  std::string line;
  if (d.pointer.empty()) {
    if (d.line > 0) {
      line = fmt::format("{}:{}:{}: {}", d.file, d.line, d.column, d.message);
    } else {
      line = fmt::format("{}: {}", d.file, d.message);
    }
  } else if (d.line > 0) {
    line = fmt::format("{}:{}: {}: {}", d.file, d.line, pointer, d.message);
  } else {
    line = fmt::format("{}: {}: {}", d.file, pointer, d.message);
  }
  return printable(line);
}

std::string closest_name(std::string_view name, std::span<const std::string_view> candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length: skip the quadratic
    // work when that alone rules a candidate out (names can be megabytes).
    const std::size_t gap = name.size() > candidate.size() ? name.size() - candidate.size()
                                                           : candidate.size() - name.size();
    if (gap >= best_distance) continue;
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

bool load_value(std::string_view text, const ValueOrigin& origin, JsonTree& tree,
                ProgramList* programs, std::vector<Diagnostic>* errors, std::size_t* unkept) {
  if (!tree.parse(text, kMaxDepth)) {
    errors->push_back(syntax_diagnostic(text, origin, tree.error_offset()));
    return false;
  }
  const std::size_t errors_before = errors->size();
  Checker check(origin, errors, unkept);
  validate_document(check, tree.root(), origin, programs);
  sort_in_document_order(
      tree.root(), "", errors->begin() + static_cast<std::ptrdiff_t>(errors_before), errors->end());
  return true;
}

bool load_element(std::string_view text, const ValueOrigin& origin, std::size_t index,
                  JsonTree& tree, ProgramList* programs, std::vector<Diagnostic>* errors,
                  std::size_t* unkept) {
  // Two levels less: the document's object and its "programs" array.
  if (!tree.parse(text, kMaxDepth - 2)) return false;
  const std::size_t errors_before = errors->size();
  Checker check(origin, errors, unkept);
  const std::string pointer = "/programs/" + std::to_string(index);
  load_program(check, tree.root(), pointer, origin, programs);
  sort_in_document_order(tree.root(), pointer,
                         errors->begin() + static_cast<std::ptrdiff_t>(errors_before),
                         errors->end());
  return true;
}

bool load_value(std::string_view text, const ValueOrigin& origin,
                std::vector<LoadedProgram>* programs, std::vector<Diagnostic>* errors) {
  JsonTree tree;
  ProgramList loaded;
  const bool parsed = load_value(text, origin, tree, &loaded, errors);
  for (auto& program : loaded) programs->push_back(std::move(program));
  return parsed;
}

LoadedProgram& ProgramList::next() {
  if (size_ == items_.size()) items_.emplace_back();
  return items_[size_];
}

}  // namespace acocalc
