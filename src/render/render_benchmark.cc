// settlement.benchmark_calculation in the JSON report: the MSSP benchmark's
// steps (README "Benchmark, step by step"). Money is rounded to cents,
// factors and shares are kept whole.
#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "acocalc/mssp_benchmark.h"
#include "json/format.h"
#include "json/json_writer.h"
#include "render/render.h"

namespace acocalc {
namespace {

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
  void whole(std::string_view key, int x) {
    w_.simple_key(key);
    w_.whole(static_cast<std::int64_t>(x));
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
        dollars(kEnrollmentTypeKeys[e], values[e]);
      } else {
        number(kEnrollmentTypeKeys[e], values[e]);
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
  f.whole("number", r.number);
  f.number("weight", r.weight);
  f.boolean("weight_given", r.weight_given);
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

// The paragraph of 42 CFR 425 for each step of the benchmark, by era
// (docs/mssp-benchmark.md section 2; "" when the era has no such step).
enum class BenchmarkStep {
  trend,
  risk,
  restate,
  weights,
  regional,
  regional_weight,
  regional_cap,
  offset,
  prior_savings,
  health_equity,
  choice,
  performance_risk,
  update,
  combine
};

std::string_view step_rule(BenchmarkStep step, BenchmarkEra era) {
  static constexpr std::array<std::array<std::string_view, 5>, 14> kRules{{
      {"425.602(a)(5)", "425.603(b)", "425.603(c)(5)", "425.601(a)(5)", "425.652(a)(5)"},
      {"425.602(a)(3)", "425.603(b)", "425.603(c)(3)", "425.601(a)(3)", "425.652(a)(3)"},
      {"425.602(a)(6)", "425.603(b)", "425.603(c)(6)", "425.601(a)(6)", "425.652(a)(6)"},
      {"425.602(a)(7)", "425.603(b)(1)", "425.603(c)(7)", "425.601(a)(7), (e)(2)",
       "425.652(a)(7), (c)(2)"},
      {"", "", "425.603(c)(9)(i)", "425.601(a)(8)(i)", "425.656(b)-(c)(1)"},
      {"", "", "425.603(c)(9)(ii)", "425.601(f)", "425.656(d)"},
      {"", "", "", "425.601(a)(8)(ii)(C)", "425.656(c)(3)"},
      {"", "", "", "", "425.656(c)(4)-(5)"},
      {"", "425.603(b)(2)", "", "", "425.658(b)-(c)"},
      {"", "", "", "", "425.662(b)"},
      {"", "425.603(b)(2)", "425.603(c)(9)", "425.601(a)(8)", "425.652(a)(8)"},
      {"425.602(a)(9)", "425.604(a)", "425.603(c)(10)", "425.601(a)(10)", "425.652(a)(10)"},
      {"425.602(b)", "425.602(b)", "425.603(d)", "425.601(b)", "425.652(b)"},
      {"425.605(a), SPEC", "425.605(a), SPEC", "425.605(a), SPEC", "425.605(a), SPEC",
       "425.605(a), SPEC"},
  }};
  return kRules[static_cast<std::size_t>(step)][static_cast<std::size_t>(era)];
}

std::string_view adjustment_words(BenchmarkAdjustment adjustment) {
  switch (adjustment) {
    case BenchmarkAdjustment::none:
      return "none";
    case BenchmarkAdjustment::regional:
      return "regional adjustment";
    case BenchmarkAdjustment::prior_savings:
      return "prior savings adjustment";
    case BenchmarkAdjustment::health_equity:
      return "health equity adjustment";
    case BenchmarkAdjustment::savings_2016:
      return "first agreement's savings";
  }
  return "";
}

}  // namespace

// "Benchmark, step by step": each figure of the MSSP benchmark computed from
// its inputs, by enrollment type, with the rule it follows.
BenchmarkStepTable benchmark_step_table(const MsspBenchmarkCalculation& c) {
  BenchmarkStepTable table;
  auto& rows = table.rows;
  const auto rule = [&](BenchmarkStep step) { return std::string(step_rule(step, c.era)); };
  const auto dollars = [&](double x) { return grouped(x, 2); };
  const auto factor = [](double x) { return fixed(x, 6); };
  const auto row = [&](std::string label, std::string cfr, const ByType* values, bool money,
                       std::optional<double> all) {
    std::vector<std::string> cells{std::move(label), std::move(cfr)};
    for (std::size_t e = 0; e < kEnrollmentTypes; ++e) {
      cells.push_back(values ? (money ? dollars((*values)[e]) : factor((*values)[e])) : "");
    }
    cells.push_back(all ? (money ? dollars(*all) : factor(*all)) : "");
    rows.push_back(std::move(cells));
  };
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string by = fmt::format("BY{} ({})", k + 1, c.benchmark_years[k]);
    row(by + " trend to BY3", rule(BenchmarkStep::trend), &c.trend_factor[k], false, {});
    row(by + " risk ratio BY3/BY" + std::to_string(k + 1), rule(BenchmarkStep::risk),
        &c.risk_ratio[k], false, {});
    row(by + " restated", rule(BenchmarkStep::restate), &c.restated[k], true, c.restated_total[k]);
  }
  row(fmt::format("BY3 ({}) per capita", c.benchmark_years[2]), rule(BenchmarkStep::restate),
      &c.restated[2], true, c.restated_total[2]);
  row("BY3 share of person-years", rule(BenchmarkStep::restate), &c.by3_share, false, 1.0);
  row(c.weights[0] == c.weights[2]
          ? std::string("Historical benchmark (thirds)")
          : fmt::format("Historical benchmark ({}/{}/{})", percent(c.weights[0], 0),
                        percent(c.weights[1], 0), percent(c.weights[2], 0)),
      rule(BenchmarkStep::weights), &c.historical_benchmark, true,
      c.historical_benchmark_per_capita);
  if (c.regional) {
    const RegionalAdjustment& r = *c.regional;
    row("Regional x BY3 risk score", rule(BenchmarkStep::regional), &r.regional_risk_adjusted, true,
        {});
    row("Regional minus historical", rule(BenchmarkStep::regional), &r.difference, true,
        r.average_difference);
    row(r.weight_given ? fmt::format("x {} (weight given)", percent(r.weight, 0))
                       : fmt::format("x {} ({} spending, time {})", percent(r.weight, 0),
                                     r.lower_spending ? "lower" : "higher", r.number),
        rule(BenchmarkStep::regional_weight), &r.before_cap, true, {});
    if (r.cap_upper) {
      row("Cap, upper", rule(BenchmarkStep::regional_cap), &*r.cap_upper, true, {});
      row("Cap, lower", rule(BenchmarkStep::regional_cap), &*r.cap_lower, true, {});
      row("After the cap", rule(BenchmarkStep::regional_cap), &r.after_cap, true, {});
    }
    if (r.offset_factor) {
      row(fmt::format("Negatives x (1 - offset {})", factor(*r.offset_factor)),
          rule(BenchmarkStep::offset), &r.value, true, r.single_value);
    } else {
      row("Regional adjustment", rule(BenchmarkStep::regional_weight), &r.value, true,
          r.single_value);
    }
  }
  if (c.prior_savings && c.era == BenchmarkEra::acpt_2024) {
    const PriorSavingsAdjustment& p = *c.prior_savings;
    row("Prior savings, mean of 3 PYs", rule(BenchmarkStep::prior_savings), nullptr, true, p.mean);
    if (p.eligible) {
      row("x proration factor", rule(BenchmarkStep::prior_savings), nullptr, true, p.prorated);
      row("Half", rule(BenchmarkStep::prior_savings), nullptr, true, p.half);
      row("Cap: 5% of national per capita", rule(BenchmarkStep::prior_savings), nullptr, true,
          p.cap);
    }
    row(p.eligible ? "Prior savings adjustment" : "Prior savings adjustment (not eligible)",
        rule(BenchmarkStep::prior_savings), nullptr, true, p.value);
  }
  if (c.health_equity) {
    const HealthEquityAdjustment& h = *c.health_equity;
    row(fmt::format("Health equity: (5% x {} - {}) x {}", dollars(h.national_per_capita),
                    dollars(h.larger_adjustment), factor(h.lis_dual_share)),
        rule(BenchmarkStep::health_equity), nullptr, true, h.value);
  }
  row(fmt::format("Applied: {}", adjustment_words(c.applied)), rule(BenchmarkStep::choice),
      &c.adjustment, true, {});
  row("Adjusted historical benchmark", rule(BenchmarkStep::choice), &c.adjusted_benchmark, true,
      {});
  row("HCC risk ratio PY/BY3", rule(BenchmarkStep::performance_risk), &c.hcc_ratio, false,
      c.aggregate_hcc_ratio);
  if (c.demographic_ratio) {
    row("Demographic ratio PY/BY3", rule(BenchmarkStep::performance_risk), &*c.demographic_ratio,
        false, c.aggregate_demographic_ratio);
  }
  if (c.continuously_assigned_ratio) {
    row("Continuously assigned ratio", rule(BenchmarkStep::performance_risk),
        &*c.continuously_assigned_ratio, false, {});
  }
  row(c.risk_cap ? fmt::format("Risk ratio used (cap {})", factor(*c.risk_cap))
                 : std::string("Risk ratio used"),
      rule(BenchmarkStep::performance_risk), &c.risk_ratio_used, false, {});
  if (c.national_growth) {
    row("National growth PY/BY3", rule(BenchmarkStep::update), &*c.national_growth, false, {});
  }
  if (c.regional_growth) {
    row("Regional growth PY/BY3", rule(BenchmarkStep::update), &*c.regional_growth, false, {});
  }
  if (c.two_way_growth && c.era == BenchmarkEra::acpt_2024) {
    row("Two-way blend", rule(BenchmarkStep::update), &*c.two_way_growth, false, {});
    row("Update factor with the ACPT", rule(BenchmarkStep::update), &c.update_factor, false, {});
  } else if (c.flat_dollar_update) {
    row("Flat dollar update", rule(BenchmarkStep::update), &*c.flat_dollar_update, true, {});
  } else {
    row("Update factor", rule(BenchmarkStep::update), &c.update_factor, false, {});
  }
  row("Updated benchmark", rule(BenchmarkStep::combine), &c.updated_benchmark, true, c.per_capita);
  if (c.updated_benchmark_without_acpt) {
    row("Updated benchmark without the ACPT", "425.652(b)(5)", &*c.updated_benchmark_without_acpt,
        true, c.per_capita_without_acpt);
  }
  row("Total benchmark", rule(BenchmarkStep::combine), nullptr, true, c.total);
  table.title = fmt::format("Benchmark, step by step ({}, {} agreement from {}, PY{})",
                            benchmark_era_rule(c.era), agreement_type_name(c.agreement_type),
                            iso_date(c.agreement_start), c.performance_year);
  table.header = {"Step", "42 CFR", "ESRD", "Disabled", "Aged/dual", "Aged/non-dual", "All"};
  table.right = {false, false, true, true, true, true, true};
  return table;
}

void write_benchmark_calculation_json(JsonWriter& w, const MsspBenchmarkCalculation& c) {
  StepWriter f(w);
  w.begin_object();
  f.string("era", benchmark_era_name(c.era));
  f.string("rule", benchmark_era_rule(c.era));
  f.string("agreement_start", iso_date(c.agreement_start));
  f.string("agreement_type", agreement_type_name(c.agreement_type));
  f.whole("performance_year", c.performance_year);
  f.dollars("per_capita", c.per_capita);
  f.dollars("total", c.total);
  f.dollars("per_capita_without_acpt", c.per_capita_without_acpt);
  f.dollars("total_without_acpt", c.total_without_acpt);
  w.simple_key("benchmark_years");
  w.begin_array();
  for (std::size_t k = 0; k < 3; ++k) {
    w.begin_object();
    f.whole("year", c.benchmark_years[k]);
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
