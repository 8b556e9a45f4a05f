#include "acocalc/mssp_benchmark.h"

#include <algorithm>
#include <cassert>

namespace acocalc {
namespace {

constexpr std::size_t kTypes = kEnrollmentTypes;

double weighted_sum(const ByType& weights, const ByType& values) {
  double sum = 0;
  for (std::size_t e = 0; e < kTypes; ++e) sum += weights[e] * values[e];
  return sum;
}

double sum_of(const ByType& values) {
  double sum = 0;
  for (double x : values) sum += x;
  return sum;
}

// docs/mssp-benchmark.md 2.3(e)3 (425.603(c)(9)(ii)(B)) and 2.4(e)3
// (425.601(f), 425.656): the percentage of the regional difference, by
// how many times the benchmark has been adjusted, lower / higher spending.
struct RegionalWeights {
  double lower;
  double higher;
};
constexpr std::array<RegionalWeights, 3> kResetWeights{{{0.35, 0.25}, {0.70, 0.50}, {0.70, 0.70}}};
constexpr std::array<RegionalWeights, 4> kBlendWeights{
    {{0.35, 0.15}, {0.50, 0.25}, {0.50, 0.35}, {0.50, 0.50}}};

double regional_weight(BenchmarkEra era, int number, bool lower) {
  const auto pick = [&](const auto& table) {
    const std::size_t i = static_cast<std::size_t>(std::clamp(number, 1, int(table.size())) - 1);
    return lower ? table[i].lower : table[i].higher;
  };
  return era == BenchmarkEra::reset_2017 ? pick(kResetWeights) : pick(kBlendWeights);
}

bool has_regional_adjustment(BenchmarkEra era) {
  return era == BenchmarkEra::reset_2017 || era == BenchmarkEra::blend_2019 ||
         era == BenchmarkEra::acpt_2024;
}

// Steps b-d: trend and restate each benchmark year, weight them.
void historical_benchmark(const MsspBenchmarkInputs& in, MsspBenchmarkCalculation& c) {
  const BenchmarkYearFigures& by3 = in.benchmark_years[2];
  const ByType& n3 = *by3.person_years;
  const double total3 = sum_of(n3);
  for (std::size_t e = 0; e < kTypes; ++e) c.by3_share[e] = n3[e] / total3;
  const double w3 = by3.market_share.value_or(0);
  for (std::size_t k = 0; k < 3; ++k) {
    const BenchmarkYearFigures& by = in.benchmark_years[k];
    for (std::size_t e = 0; e < kTypes; ++e) {
      double trend = 1;
      if (k < 2) {
        switch (c.era) {
          case BenchmarkEra::first_agreement_2012:
          case BenchmarkEra::second_agreement_2016:  // 425.602(a)(5): national growth
            trend = (*by3.national_per_capita)[e] / (*by.national_per_capita)[e];
            break;
          case BenchmarkEra::reset_2017:  // 425.603(c)(5): regional growth
            trend = (*by3.regional_per_capita)[e] / (*by.regional_per_capita)[e];
            break;
          case BenchmarkEra::blend_2019:
          case BenchmarkEra::acpt_2024:  // 425.601(a)(5), 425.652(a)(5): the blend
            trend = w3 * (*by3.national_per_capita)[e] / (*by.national_per_capita)[e] +
                    (1 - w3) * (*by3.regional_per_capita)[e] / (*by.regional_per_capita)[e];
            break;
        }
      }
      c.trend_factor[k][e] = trend;
      c.risk_ratio[k][e] = k < 2 ? (*by3.risk_score)[e] / (*by.risk_score)[e] : 1.0;
      c.restated[k][e] = (*by.per_capita_expenditure)[e] * c.risk_ratio[k][e] * trend;
    }
    c.restated_total[k] = weighted_sum(c.by3_share, c.restated[k]);
  }
  // 425.602(a)(7), 425.601(a)(7), 425.652(a)(7): 10/30/60 for first
  // agreements; equal weights later (425.603(b)(1), (c)(7), 425.601(e)(2)(i),
  // 425.652(c)(2)).
  const bool first = c.era == BenchmarkEra::first_agreement_2012 ||
                     ((c.era == BenchmarkEra::blend_2019 || c.era == BenchmarkEra::acpt_2024) &&
                      in.agreement_type == AgreementType::initial);
  c.weights = first ? std::array<double, 3>{0.1, 0.3, 0.6}
                    : std::array<double, 3>{1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0};
  for (std::size_t e = 0; e < kTypes; ++e) {
    c.historical_benchmark[e] = 0;
    for (std::size_t k = 0; k < 3; ++k)
      c.historical_benchmark[e] += c.weights[k] * c.restated[k][e];
  }
  c.historical_benchmark_per_capita = weighted_sum(c.by3_share, c.historical_benchmark);
}

// Step e: the regional adjustment per type.
RegionalAdjustment regional_adjustment(const MsspBenchmarkInputs& in,
                                       const MsspBenchmarkCalculation& c) {
  const BenchmarkYearFigures& by3 = in.benchmark_years[2];
  RegionalAdjustment r;
  for (std::size_t e = 0; e < kTypes; ++e) {
    r.regional_risk_adjusted[e] = (*by3.regional_per_capita)[e] * (*by3.risk_score)[e];
    r.difference[e] = r.regional_risk_adjusted[e] - c.historical_benchmark[e];
  }
  r.average_difference = weighted_sum(c.by3_share, r.difference);
  r.lower_spending = r.average_difference > 0;
  r.number = in.regional_adjustment_number;
  r.weight_given = in.regional_adjustment_weight.has_value();
  r.weight = in.regional_adjustment_weight.value_or(
      regional_weight(c.era, in.regional_adjustment_number, r.lower_spending));
  for (std::size_t e = 0; e < kTypes; ++e) r.before_cap[e] = r.weight * r.difference[e];
  r.after_cap = r.before_cap;
  if (c.era == BenchmarkEra::blend_2019 || c.era == BenchmarkEra::acpt_2024) {
    // 425.601(a)(8)(ii)(C): +-5% of national; 425.656(c)(3): +5% / -1.5%.
    const double lower_share = c.era == BenchmarkEra::blend_2019 ? 0.05 : 0.015;
    r.cap_upper.emplace();
    r.cap_lower.emplace();
    for (std::size_t e = 0; e < kTypes; ++e) {
      const double national = (*by3.national_per_capita)[e];
      (*r.cap_upper)[e] = 0.05 * national;
      (*r.cap_lower)[e] = -lower_share * national;
      r.after_cap[e] = std::clamp(r.before_cap[e], (*r.cap_lower)[e], (*r.cap_upper)[e]);
    }
  }
  r.value = r.after_cap;
  if (c.era == BenchmarkEra::acpt_2024) {
    // 425.656(c)(4)-(5): negative values shrink by the offset factor, the
    // dual share plus the ACO's average BY3 risk score above 1.
    const ByType& rs = *by3.risk_score;
    const ByType& pc = *by3.per_capita_expenditure;
    const ByType& n = *by3.person_years;
    double num = 0;
    double den = 0;
    for (std::size_t e = 0; e < kTypes; ++e) {
      num += rs[e] * pc[e] * n[e];
      den += pc[e] * n[e];
    }
    r.average_risk_score = den > 0 ? num / den : 1.0;
    r.offset_factor = std::clamp(in.dual_share.value_or(0) + (*r.average_risk_score - 1), 0.0, 1.0);
    for (double& x : r.value) {
      if (x < 0) x *= 1 - *r.offset_factor;
    }
  }
  r.single_value = weighted_sum(c.by3_share, r.value);
  return r;
}

// Step f (425.658): the prior savings adjustment, a flat dollar amount.
PriorSavingsAdjustment prior_savings_adjustment(const MsspBenchmarkInputs& in,
                                                double national_per_capita) {
  PriorSavingsAdjustment p;
  if (!in.prior_savings_per_capita) return p;
  const auto& s = *in.prior_savings_per_capita;
  p.mean = (s[0] + s[1] + s[2]) / 3.0;
  p.eligible = p.mean > 0;
  if (!p.eligible) return p;
  p.prorated = p.mean * in.prior_savings_proration.value_or(1.0);
  p.half = 0.5 * *p.prorated;
  p.cap = 0.05 * national_per_capita;
  p.value = std::min(*p.half, *p.cap);
  return p;
}

void set_flat(ByType& adjustment, double value) { adjustment.fill(value); }

// Steps e-f and the choice among the adjustments.
void adjust(const MsspBenchmarkInputs& in, MsspBenchmarkCalculation& c) {
  const BenchmarkYearFigures& by3 = in.benchmark_years[2];
  c.adjustment.fill(0);
  if (has_regional_adjustment(c.era)) c.regional = regional_adjustment(in, c);
  if (c.era == BenchmarkEra::second_agreement_2016) {
    // 425.603(b)(2): the first agreement's average per-capita savings,
    // limited to its average assigned person-years (reading of section 2.2).
    PriorSavingsAdjustment p;
    p.mean = in.first_agreement_savings_per_capita.value_or(0);
    p.eligible = true;
    const double now = sum_of(*by3.person_years);
    const double limit = in.first_agreement_person_years.value_or(now);
    p.value = p.mean * std::min(now, limit) / now;
    c.prior_savings = p;
    c.applied = BenchmarkAdjustment::savings_2016;
    set_flat(c.adjustment, p.value);
  } else if (c.era == BenchmarkEra::reset_2017 || c.era == BenchmarkEra::blend_2019) {
    // Always applied, positive or negative (425.603(c)(9), 425.601(a)(8)).
    c.applied = BenchmarkAdjustment::regional;
    c.adjustment = c.regional->value;
  } else if (c.era == BenchmarkEra::acpt_2024) {
    const double national = weighted_sum(c.by3_share, *by3.national_per_capita);
    if (in.agreement_type != AgreementType::initial) {
      c.prior_savings = prior_savings_adjustment(in, national);
    }
    const bool psa = c.prior_savings && c.prior_savings->eligible;
    const double ras = c.regional->single_value;
    // 425.652(a)(8)(i)-(v): a net negative regional adjustment is not
    // applied; with an eligible PSA, the larger of the two.
    double chosen = 0;
    if (ras > 0 && (!psa || ras >= c.prior_savings->value)) {
      c.applied = BenchmarkAdjustment::regional;
      chosen = ras;
    } else if (psa) {
      c.applied = BenchmarkAdjustment::prior_savings;
      chosen = c.prior_savings->value;
    }
    if (in.agreement_start >= 20250101) {
      // 425.662(b): the health equity benchmark adjustment; the largest of
      // the three applies (section 2.5(f), UNSURE reading).
      HealthEquityAdjustment h;
      h.national_per_capita = national;
      h.larger_adjustment = std::max(ras, psa ? c.prior_savings->value : 0.0);
      h.scaler = 0.05 * national - h.larger_adjustment;
      h.lis_dual_share = in.lis_dual_share.value_or(0);
      h.eligible = in.lis_dual_share && *in.lis_dual_share >= 0.15;
      h.value = h.eligible ? h.scaler * h.lis_dual_share : 0;
      if (h.eligible && h.value > 0 && h.value > chosen) {
        c.applied = BenchmarkAdjustment::health_equity;
        chosen = h.value;
      }
      c.health_equity = h;
    }
    if (c.applied == BenchmarkAdjustment::regional) {
      c.adjustment = c.regional->value;
    } else if (c.applied != BenchmarkAdjustment::none) {
      set_flat(c.adjustment, chosen);
    }
  }
  for (std::size_t e = 0; e < kTypes; ++e) {
    c.adjusted_benchmark[e] = c.historical_benchmark[e] + c.adjustment[e];
  }
}

// Step h: the performance year's risk ratios.
void risk_adjust(const MsspBenchmarkInputs& in, MsspBenchmarkCalculation& c) {
  const BenchmarkYearFigures& by3 = in.benchmark_years[2];
  const BenchmarkYearFigures& py = in.performance;
  const ByType& n = *py.person_years;
  for (std::size_t e = 0; e < kTypes; ++e) {
    c.hcc_ratio[e] = (*py.risk_score)[e] / (*by3.risk_score)[e];
  }
  c.risk_ratio_used = c.hcc_ratio;
  switch (c.era) {
    case BenchmarkEra::first_agreement_2012:
    case BenchmarkEra::second_agreement_2016:
    case BenchmarkEra::reset_2017: {
      // 425.602(a)(9), 425.604(a), 425.610(a)(1): newly assigned by HCC;
      // continuously assigned by demographic score, or by HCC when it fell.
      c.demographic_ratio.emplace();
      c.continuously_assigned_ratio.emplace();
      for (std::size_t e = 0; e < kTypes; ++e) {
        const double d = (*py.demographic_risk_score)[e] / (*by3.demographic_risk_score)[e];
        (*c.demographic_ratio)[e] = d;
        const double continuing = c.hcc_ratio[e] < 1 ? c.hcc_ratio[e] : d;
        (*c.continuously_assigned_ratio)[e] = continuing;
        const double newly =
            in.newly_assigned_person_years ? (*in.newly_assigned_person_years)[e] : 0;
        const double newly_ratio =
            newly > 0 ? (*in.newly_assigned_risk_score)[e] / (*by3.risk_score)[e] : 0;
        c.risk_ratio_used[e] =
            n[e] > 0 ? (newly * newly_ratio + (n[e] - newly) * continuing) / n[e] : continuing;
      }
      break;
    }
    case BenchmarkEra::blend_2019:
      // 425.601(a)(10), 425.605(a)(1)(i): growth capped at 3%.
      c.risk_cap = 1.03;
      for (std::size_t e = 0; e < kTypes; ++e) {
        if (c.hcc_ratio[e] > 1.03) c.risk_capped = true;
        c.risk_ratio_used[e] = std::min(c.hcc_ratio[e], 1.03);
      }
      break;
    case BenchmarkEra::acpt_2024: {
      // 425.605(a)(1)(ii), 425.610(a)(2)(ii): the aggregate HCC growth is
      // capped at the aggregate demographic growth plus 3 points.
      c.demographic_ratio.emplace();
      ByType v{};
      for (std::size_t e = 0; e < kTypes; ++e) {
        (*c.demographic_ratio)[e] =
            (*py.demographic_risk_score)[e] / (*by3.demographic_risk_score)[e];
        v[e] = c.adjusted_benchmark[e] * n[e];
      }
      const double total = sum_of(v);
      const double rh = total != 0 ? weighted_sum(v, c.hcc_ratio) / total : 1.0;
      const double rd = total != 0 ? weighted_sum(v, *c.demographic_ratio) / total : 1.0;
      c.aggregate_hcc_ratio = rh;
      c.aggregate_demographic_ratio = rd;
      c.risk_cap = rd + 0.03;
      if (rh > *c.risk_cap) {
        c.risk_capped = true;
        for (std::size_t e = 0; e < kTypes; ++e) {
          c.risk_ratio_used[e] = std::min(c.hcc_ratio[e], *c.risk_cap);
        }
      }
      break;
    }
  }
}

// Step g and i: update to the performance year, combine the types.
void update(const MsspBenchmarkInputs& in, MsspBenchmarkCalculation& c) {
  const BenchmarkYearFigures& by3 = in.benchmark_years[2];
  const BenchmarkYearFigures& py = in.performance;
  const ByType& n = *py.person_years;
  c.update_factor.fill(1);
  ByType flat{};
  switch (c.era) {
    case BenchmarkEra::first_agreement_2012:
    case BenchmarkEra::second_agreement_2016:
      // 425.602(b): the projected absolute growth in national spending.
      c.flat_dollar_update = *in.projected_national_growth;
      flat = *in.projected_national_growth;
      break;
    case BenchmarkEra::reset_2017:  // 425.603(d): regional growth
      c.regional_growth.emplace();
      for (std::size_t e = 0; e < kTypes; ++e) {
        (*c.regional_growth)[e] = (*py.regional_per_capita)[e] / (*by3.regional_per_capita)[e];
      }
      c.update_factor = *c.regional_growth;
      break;
    case BenchmarkEra::blend_2019:
    case BenchmarkEra::acpt_2024: {
      // 425.601(b), 425.652(b)(2): national and regional growth blended by
      // the PY market share; from 2024 the regional part times the 425.655
      // factor, and the blend two-thirds against the ACPT's third.
      const double w = *py.market_share;
      c.national_growth.emplace();
      c.regional_growth.emplace();
      c.two_way_growth.emplace();
      for (std::size_t e = 0; e < kTypes; ++e) {
        const double national = (*py.national_per_capita)[e] / (*by3.national_per_capita)[e];
        const double regional = (*py.regional_per_capita)[e] / (*by3.regional_per_capita)[e];
        const double cap = c.era == BenchmarkEra::acpt_2024 && in.regional_risk_growth_cap
                               ? (*in.regional_risk_growth_cap)[e]
                               : 1.0;
        (*c.national_growth)[e] = national;
        (*c.regional_growth)[e] = regional;
        (*c.two_way_growth)[e] = w * national + (1 - w) * regional * cap;
      }
      c.update_factor = *c.two_way_growth;
      if (c.era == BenchmarkEra::acpt_2024) {
        c.regional_risk_growth_cap_given = in.regional_risk_growth_cap.has_value();
        for (std::size_t e = 0; e < kTypes; ++e) {
          c.update_factor[e] =
              (1 - in.acpt_weight) * (*c.two_way_growth)[e] + in.acpt_weight * (*in.acpt)[e];
        }
      }
      break;
    }
  }
  // 2.6: types combined by PY person-years; nothing rounded.
  const double people = sum_of(n);
  for (std::size_t e = 0; e < kTypes; ++e) {
    c.updated_benchmark[e] =
        c.adjusted_benchmark[e] * c.risk_ratio_used[e] * c.update_factor[e] + flat[e];
  }
  c.total = weighted_sum(n, c.updated_benchmark);
  c.per_capita = c.total / people;
  if (c.era == BenchmarkEra::acpt_2024) {
    c.updated_benchmark_without_acpt.emplace();
    for (std::size_t e = 0; e < kTypes; ++e) {
      (*c.updated_benchmark_without_acpt)[e] =
          c.adjusted_benchmark[e] * c.risk_ratio_used[e] * (*c.two_way_growth)[e];
    }
    c.total_without_acpt = weighted_sum(n, *c.updated_benchmark_without_acpt);
    c.per_capita_without_acpt = *c.total_without_acpt / people;
  }
}

}  // namespace

std::optional<BenchmarkEra> benchmark_era(int agreement_start, AgreementType type) {
  if (agreement_start >= 20240101) return BenchmarkEra::acpt_2024;
  if (agreement_start >= 20190701) return BenchmarkEra::blend_2019;
  if (agreement_start < 20120101) return std::nullopt;
  if (type == AgreementType::initial) return BenchmarkEra::first_agreement_2012;
  const int year = agreement_start / 10000;
  if (year == 2016) return BenchmarkEra::second_agreement_2016;
  if (year >= 2017) return BenchmarkEra::reset_2017;
  return std::nullopt;
}

std::string_view benchmark_era_name(BenchmarkEra era) {
  switch (era) {
    case BenchmarkEra::first_agreement_2012:
      return "first_agreement_2012";
    case BenchmarkEra::second_agreement_2016:
      return "second_agreement_2016";
    case BenchmarkEra::reset_2017:
      return "reset_2017";
    case BenchmarkEra::blend_2019:
      return "blend_2019";
    case BenchmarkEra::acpt_2024:
      return "acpt_2024";
  }
  return "";
}

std::string_view benchmark_era_rule(BenchmarkEra era) {
  switch (era) {
    case BenchmarkEra::first_agreement_2012:
      return "42 CFR 425.602";
    case BenchmarkEra::second_agreement_2016:
      return "42 CFR 425.603(b)";
    case BenchmarkEra::reset_2017:
      return "42 CFR 425.603(c)-(f)";
    case BenchmarkEra::blend_2019:
      return "42 CFR 425.601";
    case BenchmarkEra::acpt_2024:
      return "42 CFR 425.652-425.662";
  }
  return "";
}

std::string_view benchmark_adjustment_name(BenchmarkAdjustment adjustment) {
  switch (adjustment) {
    case BenchmarkAdjustment::none:
      return "none";
    case BenchmarkAdjustment::regional:
      return "regional";
    case BenchmarkAdjustment::prior_savings:
      return "prior_savings";
    case BenchmarkAdjustment::health_equity:
      return "health_equity";
    case BenchmarkAdjustment::savings_2016:
      return "first_agreement_savings";
  }
  return "";
}

std::string_view agreement_type_name(AgreementType type) {
  switch (type) {
    case AgreementType::initial:
      return "initial";
    case AgreementType::renewal:
      return "renewal";
    case AgreementType::re_entering:
      return "re_entering";
  }
  return "";
}

void append_benchmark_notes(const MsspBenchmarkCalculation& c, bool guardrail,
                            std::vector<std::string>& notes) {
  const auto note = [&](const char* text) { notes.emplace_back(text); };
  switch (c.era) {
    case BenchmarkEra::first_agreement_2012:
    case BenchmarkEra::second_agreement_2016:
      note(
          "Benchmark: the flat dollar update (42 CFR 425.602(b)) is added after the performance "
          "year's risk ratio (UNSURE; docs/mssp-benchmark.md 2.1(g)).");
      break;
    case BenchmarkEra::reset_2017:
    case BenchmarkEra::blend_2019:
      break;
    case BenchmarkEra::acpt_2024:
      note(
          "Benchmark: the ACPT is the BY3-to-PY factor of the ACO's benchmark report, weighted "
          "one third unless acpt_weight says otherwise (42 CFR 425.660 not available; UNSURE).");
      note(
          "Benchmark: the regional adjustment's single value and the prior savings adjustment's "
          "national per capita are weighted by BY3 person-years (UNSURE).");
      if (!c.regional_risk_growth_cap_given) {
        note(
            "Benchmark: no regional_risk_growth_cap given: the 42 CFR 425.655 factor is taken as "
            "1 for every type (the cap did not bind).");
      }
      if (c.health_equity) {
        note(
            "Benchmark: the health equity adjustment is applied when it is the largest of the "
            "positive regional adjustment, the prior savings adjustment and itself, as a flat "
            "amount (42 CFR 425.662(c); UNSURE).");
        if (!c.health_equity->eligible && c.health_equity->lis_dual_share == 0) {
          note(
              "Benchmark: without performance_year.lis_dual_share (or below 15%) no health equity "
              "adjustment applies.");
        }
      }
      break;
  }
  if (c.era == BenchmarkEra::second_agreement_2016) {
    note(
        "Benchmark: the first agreement's savings are limited by its average person-years "
        "against BY3's (42 CFR 425.603(b)(2); UNSURE reading).");
  }
  if (c.era == BenchmarkEra::first_agreement_2012 || c.era == BenchmarkEra::second_agreement_2016 ||
      c.era == BenchmarkEra::reset_2017) {
    note(
        "Benchmark: newly and continuously assigned beneficiaries' risk ratios are combined by "
        "person-years (SPEC).");
  }
  if (c.regional) {
    note(
        "Benchmark: regional spending is risk adjusted to the ACO's population as the "
        "risk-standardized regional per capita times the ACO's BY3 risk score (SPEC).");
  }
  if (guardrail) {
    note(
        "Benchmark: under the ACPT guardrail the minimum loss rate, the loss limit and the "
        "savings cap apply to the benchmark without the ACPT (42 CFR 425.652(b)(5); UNSURE).");
  }
}

MsspBenchmarkCalculation mssp_benchmark(const MsspBenchmarkInputs& in) {
  MsspBenchmarkCalculation c;
  c.agreement_start = in.agreement_start;
  c.agreement_type = in.agreement_type;
  c.performance_year = in.performance_year;
  const auto era = benchmark_era(in.agreement_start, in.agreement_type);
  assert(era && "the loader refuses agreement starts of no era");
  c.era = era.value_or(BenchmarkEra::acpt_2024);
  const int start_year = in.agreement_start / 10000;
  c.benchmark_years = {start_year - 3, start_year - 2, start_year - 1};
  historical_benchmark(in, c);
  adjust(in, c);
  risk_adjust(in, c);
  update(in, c);
  return c;
}

}  // namespace acocalc
