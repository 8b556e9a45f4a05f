// settlement.benchmark_calculation in the JSON report: the MSSP benchmark's
// steps (README "Benchmark, step by step"). Money is rounded to cents,
// factors and shares are kept whole.
#include <fmt/format.h>

#include <array>

#include "acocalc/mssp_benchmark.h"
#include "io/json_writer.h"
#include "io/render.h"

namespace acocalc {
namespace {

constexpr std::array<std::string_view, kEnrollmentTypes> kTypeKeys{"esrd", "disabled", "aged_dual",
                                                                   "aged_non_dual"};

class StepWriter {
 public:
  explicit StepWriter(JsonWriter& w) : w_(w) {}

  void number(std::string_view key, double x) {
    w_.simple_key(key);
    w_.number(x == 0 ? 0.0 : x);
  }
  void number(std::string_view key, const std::optional<double>& x) {
    if (x) return number(key, *x);
    null(key);
  }
  void dollars(std::string_view key, double x) {
    w_.simple_key(key);
    w_.cents(x);
  }
  void dollars(std::string_view key, const std::optional<double>& x) {
    if (x) return dollars(key, *x);
    null(key);
  }
  void null(std::string_view key) {
    w_.simple_key(key);
    w_.null();
  }
  void boolean(std::string_view key, bool x) {
    w_.simple_key(key);
    w_.boolean(x);
  }
  void string(std::string_view key, std::string_view x) {
    w_.simple_key(key);
    w_.string(x);
  }
  // {"esrd": ..., "disabled": ..., "aged_dual": ..., "aged_non_dual": ...},
  // then `total` under "per_capita" when given.
  void types(std::string_view key, const ByType& values, bool money,
             std::optional<double> per_capita = std::nullopt) {
    w_.simple_key(key);
    w_.begin_object();
    for (std::size_t e = 0; e < kEnrollmentTypes; ++e) {
      if (money) {
        dollars(kTypeKeys[e], values[e]);
      } else {
        number(kTypeKeys[e], values[e]);
      }
    }
    if (per_capita) dollars("per_capita", *per_capita);
    w_.end_object();
  }
  void types(std::string_view key, const std::optional<ByType>& values, bool money) {
    if (values) return types(key, *values, money);
    null(key);
  }
  JsonWriter& writer() { return w_; }

 private:
  JsonWriter& w_;
};

void write_regional(StepWriter& f, const RegionalAdjustment& r) {
  JsonWriter& w = f.writer();
  w.begin_object();
  f.types("regional_risk_adjusted", r.regional_risk_adjusted, true);
  f.types("difference", r.difference, true);
  f.dollars("average_difference", r.average_difference);
  f.boolean("lower_spending", r.lower_spending);
  f.number("weight", r.weight);
  f.types("before_cap", r.before_cap, true);
  f.types("cap_upper", r.cap_upper, true);
  f.types("cap_lower", r.cap_lower, true);
  f.types("after_cap", r.after_cap, true);
  f.number("average_risk_score", r.average_risk_score);
  f.number("offset_factor", r.offset_factor);
  f.types("value", r.value, true);
  f.dollars("single_value", r.single_value);
  w.end_object();
}

void write_prior_savings(StepWriter& f, const PriorSavingsAdjustment& p) {
  f.writer().begin_object();
  f.dollars("mean", p.mean);
  f.boolean("eligible", p.eligible);
  f.dollars("prorated", p.prorated);
  f.dollars("half", p.half);
  f.dollars("cap", p.cap);
  f.dollars("value", p.value);
  f.writer().end_object();
}

void write_health_equity(StepWriter& f, const HealthEquityAdjustment& h) {
  f.writer().begin_object();
  f.dollars("national_per_capita", h.national_per_capita);
  f.dollars("larger_adjustment", h.larger_adjustment);
  f.dollars("scaler", h.scaler);
  f.number("lis_dual_share", h.lis_dual_share);
  f.boolean("eligible", h.eligible);
  f.dollars("value", h.value);
  f.writer().end_object();
}

}  // namespace

void write_benchmark_calculation_json(JsonWriter& w, const MsspBenchmarkCalculation& c) {
  StepWriter f(w);
  w.begin_object();
  f.string("era", benchmark_era_name(c.era));
  f.string("rule", benchmark_era_rule(c.era));
  f.string("agreement_start", fmt::format("{:04}-{:02}-{:02}", c.agreement_start / 10000,
                                          c.agreement_start / 100 % 100, c.agreement_start % 100));
  f.string("agreement_type", agreement_type_name(c.agreement_type));
  f.number("performance_year", c.performance_year);
  f.dollars("per_capita", c.per_capita);
  f.dollars("total", c.total);
  f.dollars("per_capita_without_acpt", c.per_capita_without_acpt);
  f.dollars("total_without_acpt", c.total_without_acpt);
  w.simple_key("benchmark_years");
  w.begin_array();
  for (std::size_t k = 0; k < 3; ++k) {
    w.begin_object();
    f.number("year", c.benchmark_years[k]);
    f.number("weight", c.weights[k]);
    f.types("trend_factor", c.trend_factor[k], false);
    f.types("risk_ratio", c.risk_ratio[k], false);
    f.types("restated", c.restated[k], true, c.restated_total[k]);
    w.end_object();
  }
  w.end_array();
  f.types("benchmark_year_3_share", c.by3_share, false);
  f.types("historical_benchmark", c.historical_benchmark, true, c.historical_benchmark_per_capita);
  w.simple_key("regional_adjustment");
  if (c.regional) {
    write_regional(f, *c.regional);
  } else {
    w.null();
  }
  w.simple_key("prior_savings_adjustment");
  if (c.prior_savings) {
    write_prior_savings(f, *c.prior_savings);
  } else {
    w.null();
  }
  w.simple_key("health_equity_adjustment");
  if (c.health_equity) {
    write_health_equity(f, *c.health_equity);
  } else {
    w.null();
  }
  f.string("adjustment_applied", benchmark_adjustment_name(c.applied));
  f.types("adjustment", c.adjustment, true);
  f.types("adjusted_benchmark", c.adjusted_benchmark, true);
  w.simple_key("risk_adjustment");
  w.begin_object();
  f.types("hcc_ratio", c.hcc_ratio, false);
  f.types("demographic_ratio", c.demographic_ratio, false);
  f.types("continuously_assigned_ratio", c.continuously_assigned_ratio, false);
  f.number("aggregate_hcc_ratio", c.aggregate_hcc_ratio);
  f.number("aggregate_demographic_ratio", c.aggregate_demographic_ratio);
  f.number("cap", c.risk_cap);
  f.boolean("capped", c.risk_capped);
  f.types("ratio_used", c.risk_ratio_used, false);
  w.end_object();
  w.simple_key("update");
  w.begin_object();
  f.types("national_growth", c.national_growth, false);
  f.types("regional_growth", c.regional_growth, false);
  f.types("two_way_growth", c.two_way_growth, false);
  f.types("flat_dollar_update", c.flat_dollar_update, true);
  f.types("factor", c.update_factor, false);
  f.boolean("regional_risk_growth_cap_given", c.regional_risk_growth_cap_given);
  w.end_object();
  f.types("updated_benchmark", c.updated_benchmark, true, c.per_capita);
  f.types("updated_benchmark_without_acpt", c.updated_benchmark_without_acpt, true);
  w.end_object();
}

}  // namespace acocalc
