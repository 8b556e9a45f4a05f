// Periods, their utilization metrics and quality measures, and comparison
// groups (two periods of a group of their own).
#include <fmt/format.h>

#include "acocalc/names.h"
#include "acocalc/report.h"
#include "input/load_parts.h"

namespace acocalc::loading {
namespace {

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

}  // namespace

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

}  // namespace acocalc::loading
