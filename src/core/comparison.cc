// The program's effect against its comparison group: difference in
// differences of spending, utilization rates and quality proportions, with
// intervals (README "Comparison groups" pins the definitions).
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "acocalc/report.h"
#include "acocalc/statistics.h"

namespace acocalc {
namespace {

std::optional<double> pmpm(const Period& period) {
  if (!period.expenditure || period.member_months <= 0) return std::nullopt;
  return *period.expenditure / period.member_months;
}

double member_years(const Period& period) { return period.member_months / 12.0; }

// Names to items of one period, built once a program (no quadratic lookups).
template <typename Item>
std::unordered_map<std::string_view, const Item*> index_of(const std::vector<Item>& items) {
  std::unordered_map<std::string_view, const Item*> index;
  index.reserve(items.size());
  for (const Item& item : items) index.emplace(item.name, &item);
  return index;
}

template <typename Item>
const Item* find(const std::unordered_map<std::string_view, const Item*>& index,
                 std::string_view name) {
  auto found = index.find(name);
  return found == index.end() ? nullptr : found->second;
}

// One note naming the comparison group's items the program lacks.
template <typename Item>
void note_extras(const std::vector<Item>& baseline, const std::vector<Item>& performance,
                 const std::unordered_map<std::string_view, const Item*>& program_index,
                 std::string_view what, std::vector<std::string>& notes) {
  std::unordered_set<std::string_view> seen;
  std::string extra;
  for (const auto* items : {&baseline, &performance}) {
    for (const Item& item : *items) {
      if (find(program_index, item.name) || !seen.insert(item.name).second) continue;
      extra += (extra.empty() ? "" : ", ") + item.name;
    }
  }
  if (!extra.empty()) {
    notes.push_back("comparison: " + extra + ": not " + std::string(what) +
                    " of the program, ignored");
  }
}

std::optional<bool> moved_better(Direction direction, double change) {
  if (direction == Direction::neutral) return std::nullopt;
  return direction == Direction::lower_is_better ? change < 0 : change > 0;
}

void fill_spending(const Program& program, double z, SpendingEffect& e,
                   std::vector<std::string>& notes) {
  e = SpendingEffect{};
  const Period& t0 = *program.baseline;
  const Period& t1 = program.performance;
  const Period& c0 = program.comparison->baseline;
  const Period& c1 = program.comparison->performance;
  e.baseline_pmpm = pmpm(t0);
  e.performance_pmpm = pmpm(t1);
  e.comparison_baseline_pmpm = pmpm(c0);
  e.comparison_performance_pmpm = pmpm(c1);
  if (!e.baseline_pmpm || !e.performance_pmpm || !e.comparison_baseline_pmpm ||
      !e.comparison_performance_pmpm) {
    notes.push_back(
        "comparison: spending needs \"expenditure\" or \"pmpm\" in all four periods "
        "(both groups, both periods), so the spending effect is undefined");
    return;
  }
  const double trend = *e.comparison_performance_pmpm - *e.comparison_baseline_pmpm;
  const double did = (*e.performance_pmpm - *e.baseline_pmpm) - trend;
  e.did_pmpm = did;
  e.did_per_member_year = 12.0 * did;
  e.counterfactual_pmpm = *e.baseline_pmpm + trend;
  if (*e.counterfactual_pmpm > 0) {
    e.relative_effect = did / *e.counterfactual_pmpm;
  } else {
    notes.push_back(
        "comparison: the counterfactual spending (the program's baseline plus the "
        "comparison group's change) is not above zero, so the relative effect is "
        "undefined");
  }
  e.total_effect = did * t1.member_months;
  if (!t0.spending_sd || !t1.spending_sd || !c0.spending_sd || !c1.spending_sd) {
    notes.push_back(
        "comparison: \"spending_sd\" is not given in all four periods, so the "
        "spending effect has no confidence interval");
    return;
  }
  double variance = 0;
  for (const Period* period : {&t0, &t1, &c0, &c1}) {
    variance += *period->spending_sd * *period->spending_sd / member_years(*period);
  }
  const double half = z * std::sqrt(variance);
  e.ci_low = *e.did_per_member_year - half;
  e.ci_high = *e.did_per_member_year + half;
  e.significant = *e.ci_low > 0 || *e.ci_high < 0;
}

void fill_utilization(const Program& program, double z, std::vector<MetricEffect>& effects,
                      std::vector<std::string>& notes) {
  const Period& t0 = *program.baseline;
  const Period& t1 = program.performance;
  const Period& c0 = program.comparison->baseline;
  const Period& c1 = program.comparison->performance;
  const auto base_index = index_of(t0.utilization);
  const auto c0_index = index_of(c0.utilization);
  const auto c1_index = index_of(c1.utilization);
  const auto t1_index = index_of(t1.utilization);
  effects.clear();
  std::string missing;
  std::string without_interval;
  for (const Metric& metric : t1.utilization) {
    MetricEffect& e = effects.emplace_back();
    e.name = metric.name;
    e.direction = direction_of_metric(metric);
    const Metric* m0 = find(base_index, metric.name);
    const Metric* k0 = find(c0_index, metric.name);
    const Metric* k1 = find(c1_index, metric.name);
    if (!m0) continue;  // the loader guarantees both periods of the program
    e.baseline_per_1000 = rate_per_1000(*m0, t0.member_months);
    e.performance_per_1000 = rate_per_1000(metric, t1.member_months);
    if (!k0 || !k1) {
      missing += (missing.empty() ? "" : ", ") + std::string(metric.name);
      continue;
    }
    e.comparison_baseline_per_1000 = rate_per_1000(*k0, c0.member_months);
    e.comparison_performance_per_1000 = rate_per_1000(*k1, c1.member_months);
    const double t0r = *e.baseline_per_1000;
    const double t1r = *e.performance_per_1000;
    const double c0r = *e.comparison_baseline_per_1000;
    const double c1r = *e.comparison_performance_per_1000;
    e.did_per_1000 = (t1r - t0r) - (c1r - c0r);
    if (t0r > 0 && c0r > 0 && c1r > 0) {
      e.ratio_of_rate_ratios = (t1r / t0r) / (c1r / c0r);
      e.improved = moved_better(e.direction, std::log(*e.ratio_of_rate_ratios));
    } else {
      notes.push_back(std::string(metric.name) +
                      ": comparison: a baseline or comparison rate is zero, so the ratio of rate "
                      "ratios is undefined");
    }
    const bool counts = m0->count && metric.count && k0->count && k1->count;
    if (e.ratio_of_rate_ratios && counts && *m0->count > 0 && *metric.count > 0 && *k0->count > 0 &&
        *k1->count > 0) {
      const double se =
          std::sqrt(1 / *m0->count + 1 / *metric.count + 1 / *k0->count + 1 / *k1->count);
      const double log_rrr = std::log(*e.ratio_of_rate_ratios);
      e.ci_low = std::exp(log_rrr - z * se);
      e.ci_high = std::exp(log_rrr + z * se);
      e.significant = *e.ci_low > 1 || *e.ci_high < 1;
    } else if (e.ratio_of_rate_ratios) {
      without_interval += (without_interval.empty() ? "" : ", ") + std::string(metric.name);
    }
  }
  if (!missing.empty()) {
    notes.push_back(missing +
                    ": not in both periods of the comparison group, so no effect "
                    "against it");
  }
  if (!without_interval.empty()) {
    notes.push_back(without_interval +
                    ": comparison: a count is zero or a rate was given without counts, so the "
                    "ratio of rate ratios has no interval");
  }
  note_extras(c0.utilization, c1.utilization, t1_index, "utilization metrics", notes);
}

void fill_quality(const Program& program, double z, std::vector<MeasureEffect>& effects,
                  std::vector<std::string>& notes) {
  const Period& t0 = *program.baseline;
  const Period& t1 = program.performance;
  const Period& c0 = program.comparison->baseline;
  const Period& c1 = program.comparison->performance;
  const auto base_index = index_of(t0.quality);
  const auto c0_index = index_of(c0.quality);
  const auto c1_index = index_of(c1.quality);
  const auto t1_index = index_of(t1.quality);
  effects.clear();
  std::string missing;
  std::string without_interval;
  std::string small;
  for (const Measure& measure : t1.quality) {
    MeasureEffect& e = effects.emplace_back();
    e.name = measure.name;
    e.direction = direction_of_measure(measure);
    const Measure* m0 = find(base_index, measure.name);
    const Measure* k0 = find(c0_index, measure.name);
    const Measure* k1 = find(c1_index, measure.name);
    if (!m0) continue;
    e.baseline_rate = measure_rate(*m0);
    e.performance_rate = measure_rate(measure);
    if (!k0 || !k1) {
      missing += (missing.empty() ? "" : ", ") + std::string(measure.name);
      continue;
    }
    e.comparison_baseline_rate = measure_rate(*k0);
    e.comparison_performance_rate = measure_rate(*k1);
    const double did = (*e.performance_rate - *e.baseline_rate) -
                       (*e.comparison_performance_rate - *e.comparison_baseline_rate);
    e.did_points = did;
    e.improved = moved_better(e.direction, did);
    const Measure* four[] = {m0, &measure, k0, k1};
    bool sizes = true;
    bool few = false;
    double variance = 0;
    for (const Measure* m : four) {
      if (!m->numerator || !m->denominator) {
        sizes = false;
        break;
      }
      const double p = *m->numerator / *m->denominator;
      variance += p * (1 - p) / *m->denominator;
      few = few || *m->numerator < 5 || *m->denominator - *m->numerator < 5;
    }
    if (!sizes) {
      without_interval += (without_interval.empty() ? "" : ", ") + std::string(measure.name);
      continue;
    }
    const double half = z * std::sqrt(variance);
    e.ci_low = did - half;
    e.ci_high = did + half;
    e.significant = *e.ci_low > 0 || *e.ci_high < 0;
    if (few) small += (small.empty() ? "" : ", ") + std::string(measure.name);
  }
  if (!missing.empty()) {
    notes.push_back(missing +
                    ": not in both periods of the comparison group, so no effect "
                    "against it");
  }
  if (!without_interval.empty()) {
    notes.push_back(without_interval +
                    ": comparison: a rate was given without numerator and denominator, so the "
                    "difference in differences has no interval");
  }
  if (!small.empty()) {
    notes.push_back(small +
                    ": comparison: fewer than 5 events or non-events in a period, so the Wald "
                    "interval is approximate");
  }
  note_extras(c0.quality, c1.quality, t1_index, "quality measures", notes);
}

}  // namespace

void compute_comparison(const Program& program, const ReportOptions& options,
                        ComparisonEffect& effect, std::vector<std::string>& notes) {
  const double z = z_for_confidence(options.confidence);
  effect.label = program.comparison->label;
  fill_spending(program, z, effect.spending, notes);
  fill_utilization(program, z, effect.utilization, notes);
  fill_quality(program, z, effect.quality, notes);
}

}  // namespace acocalc
