#include "acocalc/report.h"

#include <array>
#include <cassert>
#include <string>

#include "acocalc/mssp.h"
#include "acocalc/names.h"
#include "acocalc/settlement.h"
#include "acocalc/statistics.h"

namespace acocalc {
namespace {

struct KnownName {
  std::string_view name;
  std::string_view display;
  Direction direction;
};

// Known utilization metrics: a fixed direction and a display name.
constexpr std::array kKnownMetrics{
    KnownName{"inpatient_days", "Inpatient days", Direction::lower_is_better},
    KnownName{"inpatient_admissions", "Inpatient admissions", Direction::lower_is_better},
    KnownName{"outpatient_visits", "Outpatient visits (incl. ER)", Direction::lower_is_better},
    KnownName{"er_visits", "ER visits", Direction::lower_is_better},
    KnownName{"lab_visits", "Lab visits", Direction::lower_is_better},
    KnownName{"professional_visits", "Professional visits", Direction::lower_is_better},
    KnownName{"readmissions", "Readmissions", Direction::lower_is_better},
    KnownName{"snf_admissions", "SNF admissions", Direction::lower_is_better},
    KnownName{"ct_visits", "CT scans", Direction::lower_is_better},
    KnownName{"mri_visits", "MRI scans", Direction::lower_is_better},
    KnownName{"em_visits", "E&M visits", Direction::lower_is_better},
    KnownName{"generic_dispensing", "Generic dispensing", Direction::higher_is_better},
    // MSSP PUF columns (acocalc import mssp-puf keeps their lower-cased names).
    KnownName{"adm_s_trm", "Short-term hospital admissions", Direction::lower_is_better},
    KnownName{"adm_l_trm", "Long-term hospital admissions", Direction::lower_is_better},
    KnownName{"adm_rehab", "Rehabilitation admissions", Direction::lower_is_better},
    KnownName{"adm_psych", "Psychiatric admissions", Direction::lower_is_better},
    KnownName{"chf_adm", "CHF admissions", Direction::lower_is_better},
    KnownName{"copd_adm", "COPD admissions", Direction::lower_is_better},
    KnownName{"pneu_adm", "Pneumonia admissions", Direction::lower_is_better},
    KnownName{"p_edv_vis_hosp", "ER visits leading to a stay", Direction::lower_is_better},
    KnownName{"p_em_sp_vis", "Specialist E&M visits", Direction::lower_is_better},
    // Care an ACO aims to raise or hold: no agreed direction, no verdict.
    KnownName{"p_em_pcp_vis", "Primary-care E&M visits", Direction::neutral},
    KnownName{"p_nurse_vis", "Nurse visits", Direction::neutral},
    KnownName{"p_fqhc_rhc_vis", "FQHC/RHC visits", Direction::neutral},
};

// Known quality measures: higher is better except the inverse ones.
constexpr std::array kKnownMeasures{
    KnownName{"diabetes_ldl_control", "Diabetes LDL control", Direction::higher_is_better},
    KnownName{"cholesterol_management_cvd", "Cholesterol management (CVD)",
              Direction::higher_is_better},
    KnownName{"hba1c_poor_control", "HbA1c poor control (>9%)", Direction::lower_is_better},
    KnownName{"readmissions", "Readmissions", Direction::lower_is_better},
};

template <std::size_t N>
const KnownName* find_known(const std::array<KnownName, N>& table, std::string_view name) {
  for (const auto& known : table) {
    if (known.name == name) return &known;
  }
  return nullptr;
}

std::optional<double> ratio(std::optional<double> numerator, std::optional<double> denominator) {
  if (!numerator || !denominator || *denominator == 0) return std::nullopt;
  return *numerator / *denominator;
}

// A change counts as "improved" only when it moves the better way; no
// change at all is not an improvement ("not merely attain previous levels").
std::optional<bool> improved(Direction direction, std::optional<double> change) {
  if (!change || direction == Direction::neutral) return std::nullopt;
  return direction == Direction::lower_is_better ? *change < 0 : *change > 0;
}

}  // namespace

std::optional<double> rate_per_1000(const Metric& metric, double member_months) {
  if (metric.count) return per_1000(*metric.count, member_months);
  return metric.per_1000;
}

std::optional<double> measure_rate(const Measure& measure) {
  if (measure.rate) return measure.rate;
  if (!measure.numerator || !measure.denominator || *measure.denominator == 0) return std::nullopt;
  return *measure.numerator / *measure.denominator;
}

Direction direction_of_metric(const Metric& metric) {
  if (metric.direction) return *metric.direction;
  const auto* known = find_known(kKnownMetrics, metric.name);
  return known ? known->direction : Direction::lower_is_better;
}

Direction direction_of_measure(const Measure& measure) {
  if (measure.direction) return *measure.direction;
  const auto* known = find_known(kKnownMeasures, measure.name);
  return known ? known->direction : Direction::higher_is_better;
}

bool is_known_metric(std::string_view name) { return find_known(kKnownMetrics, name) != nullptr; }
bool is_known_measure(std::string_view name) { return find_known(kKnownMeasures, name) != nullptr; }

std::string_view display_name(std::string_view name) {
  if (const auto* known = find_known(kKnownMetrics, name)) return known->display;
  if (const auto* known = find_known(kKnownMeasures, name)) return known->display;
  return name;
}

double per_1000(double events, double member_months) {
  assert(member_months > 0);
  return events * 12000.0 / member_months;
}

namespace {

void fill_utilization_changes(const Program& program, const ReportOptions& options,
                              std::vector<MetricChange>& changes, std::vector<std::string>& notes) {
  const Period& performance = program.performance;
  changes.clear();
  thread_local std::vector<std::string_view> without_counts;  // its memory serves every program
  without_counts.clear();
  thread_local NameIndex<Metric> baseline;  // its memory serves program after program
  if (program.baseline) baseline.reset(program.baseline->utilization);
  for (const auto& metric : performance.utilization) {
    const std::size_t position = changes.size();
    MetricChange& change = changes.emplace_back();
    change.name = metric.name;
    change.direction = direction_of_metric(metric);
    change.performance_count = metric.count;
    change.performance_per_1000 = rate_per_1000(metric, performance.member_months);
    const Metric* base = program.baseline ? baseline.find(metric.name, position) : nullptr;
    if (base) {
      change.baseline_count = base->count;
      change.baseline_per_1000 = rate_per_1000(*base, program.baseline->member_months);
      change.change_per_1000 = *change.performance_per_1000 - *change.baseline_per_1000;
      change.rate_ratio = ratio(change.performance_per_1000, change.baseline_per_1000);
      change.pct_change = ratio(change.change_per_1000, change.baseline_per_1000);
      change.improved = improved(change.direction, change.change_per_1000);
      if (!change.pct_change) {
        notes.push_back(std::string(metric.name) +
                        ": the baseline rate is zero, so percent change and rate ratio are "
                        "undefined");
      }
      if (base->count && metric.count) {
        auto interval =
            rate_ratio_interval(*base->count, program.baseline->member_months, *metric.count,
                                performance.member_months, options.confidence);
        if (interval) {
          change.ci_low = interval->low;
          change.ci_high = interval->high;
          change.significant = interval->low > 1.0 || interval->high < 1.0;
        } else {
          notes.push_back(std::string(metric.name) +
                          ": a count is zero, so the rate ratio has no log-method interval");
        }
      } else {
        without_counts.push_back(metric.name);
      }
    }
  }
  // One note for every metric given as a rate, not one a metric.
  if (!without_counts.empty()) {
    std::string note;
    for (std::string_view name : without_counts) {
      if (!note.empty()) note += ", ";
      note += name;
    }
    note += without_counts.size() == 1
                ? ": given as a rate per 1,000 without counts, so it has no confidence interval"
                : ": given as rates per 1,000 without counts, so they have no confidence "
                  "intervals";
    notes.push_back(std::move(note));
  }
}

void fill_quality_changes(const Program& program, const ReportOptions& options,
                          std::vector<MeasureChange>& changes, std::vector<std::string>& notes) {
  changes.clear();
  thread_local NameIndex<Measure> baseline;
  if (program.baseline) baseline.reset(program.baseline->quality);
  for (const auto& measure : program.performance.quality) {
    const std::size_t position = changes.size();
    MeasureChange& change = changes.emplace_back();
    change.name = measure.name;
    change.direction = direction_of_measure(measure);
    change.performance_numerator = measure.numerator;
    change.performance_denominator = measure.denominator;
    change.performance_rate = measure_rate(measure);
    const Measure* base = program.baseline ? baseline.find(measure.name, position) : nullptr;
    if (base) {
      change.baseline_numerator = base->numerator;
      change.baseline_denominator = base->denominator;
      change.baseline_rate = measure_rate(*base);
      change.change_points = *change.performance_rate - *change.baseline_rate;
      change.pct_change = ratio(change.change_points, change.baseline_rate);
      change.improved = improved(change.direction, change.change_points);
      if (!change.pct_change) {
        notes.push_back(std::string(measure.name) +
                        ": the baseline rate is zero, so the relative change is undefined");
      }
      if (base->numerator && measure.numerator) {
        auto interval =
            newcombe_difference_interval(*base->numerator, *base->denominator, *measure.numerator,
                                         *measure.denominator, options.confidence);
        change.ci_low = interval.low;
        change.ci_high = interval.high;
        change.significant = interval.low > 0.0 || interval.high < 0.0;
      } else {
        notes.push_back(std::string(measure.name) +
                        ": given as a rate without numerator and denominator, so it has no "
                        "confidence interval");
      }
    }
  }
}

}  // namespace

std::vector<MetricChange> utilization_changes(const Program& program, const ReportOptions& options,
                                              std::vector<std::string>& notes) {
  std::vector<MetricChange> changes;
  fill_utilization_changes(program, options, changes, notes);
  return changes;
}

std::vector<MeasureChange> quality_changes(const Program& program, const ReportOptions& options,
                                           std::vector<std::string>& notes) {
  std::vector<MeasureChange> changes;
  fill_quality_changes(program, options, changes, notes);
  return changes;
}

void compute_report(const Program& program, const ReportOptions& options, ProgramReport& report) {
  report.program = &program;
  report.notes.clear();
  fill_utilization_changes(program, options, report.utilization, report.notes);
  fill_quality_changes(program, options, report.quality, report.notes);
  if (program.comparison && program.baseline) {
    if (!report.comparison) report.comparison.emplace();
    compute_comparison(program, options, *report.comparison, report.notes);
  } else {
    report.comparison.reset();
  }
  if (!program.contract) {
    report.settlement.reset();
    return;
  }
  if (!report.settlement) report.settlement.emplace();
  if (program.contract->model == Contract::Model::mssp) {
    settle(program, resolve_mssp(*program.contract), report.utilization, *report.settlement);
    if (report.settlement->benchmark_calculation) {
      append_benchmark_notes(*report.settlement->benchmark_calculation,
                             report.settlement->acpt_guardrail, report.notes);
    }
  } else {
    settle(program, *program.contract, report.utilization, *report.settlement);
  }
}

ProgramReport compute_report(const Program& program, const ReportOptions& options) {
  ProgramReport report;
  compute_report(program, options, report);
  return report;
}

}  // namespace acocalc
