// The MSSP benchmark's inputs (load_parts.h).
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <string>

#include "acocalc/mssp_benchmark.h"
#include "input/load_parts.h"
#include "json/format.h"

namespace acocalc::loading {
namespace {

// Eras as bits, for the table of which field an era needs or allows.
constexpr unsigned kFirst = 1U << static_cast<unsigned>(BenchmarkEra::first_agreement_2012);
constexpr unsigned kSecond = 1U << static_cast<unsigned>(BenchmarkEra::second_agreement_2016);
constexpr unsigned kReset = 1U << static_cast<unsigned>(BenchmarkEra::reset_2017);
constexpr unsigned kBlend = 1U << static_cast<unsigned>(BenchmarkEra::blend_2019);
constexpr unsigned kAcpt = 1U << static_cast<unsigned>(BenchmarkEra::acpt_2024);
constexpr unsigned kAllEras = kFirst | kSecond | kReset | kBlend | kAcpt;
constexpr unsigned kRegionalEras = kReset | kBlend | kAcpt;

const char* era_text(BenchmarkEra era) {
  switch (era) {
    case BenchmarkEra::first_agreement_2012:
      return "first agreement periods starting 2012 through January 1, 2019 (42 CFR 425.602)";
    case BenchmarkEra::second_agreement_2016:
      return "second agreement periods starting in 2016 (42 CFR 425.603(b))";
    case BenchmarkEra::reset_2017:
      return "agreement periods renewed from 2017 through January 1, 2019 (42 CFR 425.603(c))";
    case BenchmarkEra::blend_2019:
      return "agreement periods starting July 1, 2019 through 2023 (42 CFR 425.601)";
    case BenchmarkEra::acpt_2024:
      return "agreement periods starting January 1, 2024 or later (42 CFR 425.652)";
  }
  return "";
}

inline constexpr NumberRule kAnyNumber{};
inline constexpr NumberRule kRiskScore{0, 100, true, false, "a risk score > 0 and at most 100"};

// A figure by enrollment type: {"esrd", "disabled", "aged_dual", "aged_non_dual"}.
std::optional<ByType> by_type(Checker& check, JsonNode parent, const Place& pointer,
                              std::string_view key, const NumberRule& rule) {
  const JsonNode value = parent.find(key);
  if (!value) return std::nullopt;
  const Place place(pointer, key);
  if (!check.is_object(value, place,
                       "an object by enrollment type (\"esrd\", \"disabled\", \"aged_dual\", "
                       "\"aged_non_dual\")")) {
    return std::nullopt;
  }
  check.only_keys(value, place, key_set("esrd", "disabled", "aged_dual", "aged_non_dual"));
  ByType out{};
  bool ok = true;
  for (std::size_t e = 0; e < kEnrollmentTypes; ++e) {
    if (!check.require(value, place, kEnrollmentTypeKeys[e])) {
      ok = false;
      continue;
    }
    const auto x = check.number(value, place, kEnrollmentTypeKeys[e], rule);
    if (x) {
      out[e] = *x;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

// One figure of a year object: its name, where it goes, its rule, the eras
// whose year objects may hold it, and the eras whose calculation reads it
// (mssp_benchmark.cc) in BY1 and BY2, in BY3 and in the performance year,
// which need it there. A figure allowed where its era does not read it is
// part of the year's record, checked when given: BY1 and BY2 person-years
// (only BY3's mix weights the types, 425.602(a)(6)), and the performance
// year's national per capita of first agreements before July 2019 and second
// agreements of 2016 (their update is a flat dollar growth, 425.602(b)).
struct YearField {
  std::string_view name;
  std::optional<ByType> BenchmarkYearFigures::*member;
  NumberRule rule;
  unsigned allowed;
  unsigned required_by1_by2;
  unsigned required_by3;
  unsigned required_performance;
};

constexpr unsigned kDemographicEras = kFirst | kSecond | kReset | kAcpt;
constexpr unsigned kNationalEras = kFirst | kSecond | kBlend | kAcpt;

constexpr std::array<YearField, 6> kYearFields{{
    {"person_years", &BenchmarkYearFigures::person_years, kNonNegative, kAllEras, 0, kAllEras,
     kAllEras},
    {"per_capita_expenditure", &BenchmarkYearFigures::per_capita_expenditure, kNonNegative,
     kAllEras, kAllEras, kAllEras, 0},
    {"risk_score", &BenchmarkYearFigures::risk_score, kRiskScore, kAllEras, kAllEras, kAllEras,
     kAllEras},
    {"demographic_risk_score", &BenchmarkYearFigures::demographic_risk_score, kRiskScore,
     kDemographicEras, 0, kDemographicEras, kDemographicEras},
    {"national_per_capita", &BenchmarkYearFigures::national_per_capita, kPositive, kNationalEras,
     kNationalEras, kNationalEras, kBlend | kAcpt},
    {"regional_per_capita", &BenchmarkYearFigures::regional_per_capita, kPositive, kRegionalEras,
     kRegionalEras, kRegionalEras, kRegionalEras},
}};

// Figures of the performance year only.
struct PerformanceField {
  std::string_view name;
  std::optional<ByType> MsspBenchmarkInputs::*member;
  NumberRule rule;
  unsigned required;
  unsigned allowed;
};

constexpr std::array<PerformanceField, 5> kPerformanceFields{{
    {"acpt",
     &MsspBenchmarkInputs::acpt,
     {0, 10, true, false, "a growth factor > 0 and at most 10"},
     kAcpt,
     kAcpt},
    {"regional_risk_growth_cap",
     &MsspBenchmarkInputs::regional_risk_growth_cap,
     {0, 10, true, false, "a factor > 0 and at most 10"},
     0,
     kAcpt},
    {"projected_national_growth", &MsspBenchmarkInputs::projected_national_growth, kAnyNumber,
     kFirst | kSecond, kFirst | kSecond},
    {"newly_assigned_person_years", &MsspBenchmarkInputs::newly_assigned_person_years, kNonNegative,
     0, kFirst | kSecond | kReset},
    {"newly_assigned_risk_score", &MsspBenchmarkInputs::newly_assigned_risk_score, kRiskScore, 0,
     kFirst | kSecond | kReset},
}};

// The year's figures (slot 0-2: benchmark years, 3: the performance year).
// Which fields the year object may hold; the era decides which it needs.
void parse_year(Checker& check, JsonNode value, const Place& pointer, std::size_t slot,
                BenchmarkEra era, MsspBenchmarkInputs& in) {
  if (!check.is_object(value, pointer, "an object of the year's figures")) return;
  const bool by3 = slot == 2;
  const bool py = slot == 3;
  if (py) {
    check.only_keys(
        value, pointer,
        key_set("person_years", "per_capita_expenditure", "risk_score", "demographic_risk_score",
                "national_per_capita", "regional_per_capita", "market_share", "acpt",
                "regional_risk_growth_cap", "projected_national_growth",
                "newly_assigned_person_years", "newly_assigned_risk_score", "lis_dual_share"));
  } else if (by3) {
    check.only_keys(
        value, pointer,
        key_set("person_years", "per_capita_expenditure", "risk_score", "demographic_risk_score",
                "national_per_capita", "regional_per_capita", "market_share", "dual_share"));
  } else {
    check.only_keys(value, pointer,
                    key_set("person_years", "per_capita_expenditure", "risk_score",
                            "national_per_capita", "regional_per_capita"));
  }
  BenchmarkYearFigures& year = py ? in.performance : in.benchmark_years[slot];
  const unsigned bit = 1U << static_cast<unsigned>(era);
  const auto field_rule = [&](std::string_view name, unsigned required, unsigned allowed) {
    if (value.contains(name) && !(allowed & bit)) {
      check.error(Place(pointer, name), fmt::format("is not used by {}", era_text(era)));
      return false;
    }
    if (!value.contains(name) && (required & bit)) {
      check.error(pointer,
                  fmt::format("missing required field \"{}\", needed by {}", name, era_text(era)));
      return false;
    }
    return value.contains(name);
  };
  for (const YearField& f : kYearFields) {
    // Demographic scores only in BY3 and the PY; expenditure not in the PY.
    if (f.name == "demographic_risk_score" && slot < 2) continue;
    if (f.name == "per_capita_expenditure" && py) {
      if (value.contains(f.name)) {
        check.error(Place(pointer, f.name),
                    "is not a benchmark input (the performance year's spending is the "
                    "performance period's \"expenditure\")");
      }
      continue;
    }
    const unsigned required = py    ? f.required_performance
                              : by3 ? f.required_by3
                                    : f.required_by1_by2;
    if (field_rule(f.name, required, f.allowed)) {
      year.*f.member = by_type(check, value, pointer, f.name, f.rule);
    }
  }
  if ((by3 || py) && field_rule("market_share", kBlend | kAcpt, kBlend | kAcpt)) {
    year.market_share = check.number(value, pointer, "market_share", kFraction);
  }
  if (by3 && field_rule("dual_share", kAcpt, kAcpt)) {
    in.dual_share = check.number(value, pointer, "dual_share", kFraction);
  }
  if (!py) return;
  for (const PerformanceField& f : kPerformanceFields) {
    if (field_rule(f.name, f.required, f.allowed)) {
      in.*f.member = by_type(check, value, pointer, f.name, f.rule);
    }
  }
  if (field_rule("lis_dual_share", 0, kAcpt)) {
    if (in.agreement_start < 20250101) {
      check.error(Place(pointer, "lis_dual_share"),
                  "is not used by agreement periods starting before January 1, 2025 (the health "
                  "equity adjustment, 42 CFR 425.662)");
    } else {
      in.lis_dual_share = check.number(value, pointer, "lis_dual_share", kFraction);
    }
  }
  if (value.contains("newly_assigned_person_years") !=
      value.contains("newly_assigned_risk_score")) {
    check.error(pointer,
                "give \"newly_assigned_person_years\" and \"newly_assigned_risk_score\" "
                "together");
  }
}

// The sum of person-years must be positive where the types are weighted.
void check_people(Checker& check, const std::optional<ByType>& people, const Place& year) {
  if (!people) return;
  double sum = 0;
  for (double x : *people) sum += x;
  if (sum <= 0) {
    check.error(Place(year, "person_years"),
                "must add up to more than 0 (the enrollment types are weighted by them)");
  }
}

void parse_prior_savings(Checker& check, JsonNode value, const Place& pointer,
                         MsspBenchmarkInputs& in) {
  if (!check.is_object(value, pointer, "an object with \"per_capita\" and \"proration_factor\"")) {
    return;
  }
  check.only_keys(value, pointer, key_set("per_capita", "proration_factor"));
  const bool has_list = check.require(value, pointer, "per_capita");
  const bool has_factor = check.require(value, pointer, "proration_factor");
  if (has_factor) {
    in.prior_savings_proration = check.number(value, pointer, "proration_factor", kPositive);
  }
  if (!has_list) return;
  const Place list(pointer, "per_capita");
  const JsonNode items = value.find("per_capita");
  if (!items.is_array() || items.size() != 3) {
    check.error(list, fmt::format("must be an array of 3 per-capita savings (the three performance "
                                  "years before the agreement, oldest first; null when not "
                                  "reconciled), got {}",
                                  describe(items)));
    return;
  }
  std::array<double, 3> savings{};
  std::size_t i = 0;
  bool ok = true;
  for (JsonNode item : items.children()) {
    if (!item.is_null()) {
      const auto x = check.number_value(item, Place(list, i), kAnyNumber);
      if (x) {
        savings[i] = *x;
      } else {
        ok = false;
      }
    }
    ++i;
  }
  if (ok) in.prior_savings_per_capita = savings;
}

void parse_first_agreement(Checker& check, JsonNode value, const Place& pointer,
                           MsspBenchmarkInputs& in) {
  if (!check.is_object(value, pointer, "an object with \"per_capita\" and \"person_years\"")) {
    return;
  }
  check.only_keys(value, pointer, key_set("per_capita", "person_years"));
  if (check.require(value, pointer, "per_capita")) {
    in.first_agreement_savings_per_capita = check.number(value, pointer, "per_capita", kAnyNumber);
  }
  if (check.require(value, pointer, "person_years")) {
    in.first_agreement_person_years = check.number(value, pointer, "person_years", kPositive);
  }
}

constexpr std::array<std::string_view, 4> kYearKeys{"benchmark_year_1", "benchmark_year_2",
                                                    "benchmark_year_3", "performance_year"};

}  // namespace

bool gives_benchmark_inputs(JsonNode benchmark) {
  if (!benchmark.is_object()) return false;
  if (benchmark.contains("agreement_type")) return true;
  for (std::string_view key : kYearKeys) {
    if (benchmark.contains(key)) return true;
  }
  return false;
}

std::optional<MsspBenchmarkInputs> parse_benchmark_inputs(Checker& check, JsonNode value,
                                                          const Place& pointer, int agreement_start,
                                                          int performance_year) {
  const std::size_t errors_before = check.error_count();
  check.only_keys(
      value, pointer,
      key_set("agreement_type", "regional_adjustment_number", "regional_adjustment_weight",
              "acpt_weight", "benchmark_year_1", "benchmark_year_2", "benchmark_year_3",
              "performance_year", "prior_savings", "first_agreement_savings"));
  MsspBenchmarkInputs in;
  in.agreement_start = agreement_start;
  in.performance_year = performance_year;
  if (!check.require(value, pointer, "agreement_type")) return std::nullopt;
  const auto type =
      check.choice(value, pointer, "agreement_type", {"initial", "renewal", "re_entering"});
  if (!type) return std::nullopt;
  in.agreement_type = *type == "initial"   ? AgreementType::initial
                      : *type == "renewal" ? AgreementType::renewal
                                           : AgreementType::re_entering;
  if (agreement_start == 0) {
    check.error(pointer,
                "the benchmark's inputs need the contract's \"agreement_start\" (the "
                "agreement period's first day decides its rules and benchmark years)");
    return std::nullopt;
  }
  const auto era = benchmark_era(agreement_start, in.agreement_type);
  if (!era) {
    check.error(Place(pointer, "agreement_type"),
                fmt::format("no MSSP agreement period of type \"{}\" started on {} "
                            "(first agreements from 2012, second agreements from 2016)",
                            *type, iso_date(agreement_start)));
    return std::nullopt;
  }
  const int start_year = agreement_start / 10000;
  if (performance_year != 0 &&
      (performance_year < start_year || performance_year > start_year + 5)) {
    check.error(pointer, fmt::format("performance year {} is not in the agreement period starting "
                                     "{} (at most 6 calendar years from its start)",
                                     performance_year, iso_date(agreement_start)));
    return std::nullopt;
  }
  const unsigned bit = 1U << static_cast<unsigned>(*era);
  for (std::size_t slot = 0; slot < kYearKeys.size(); ++slot) {
    if (!check.require(value, pointer, kYearKeys[slot])) continue;
    parse_year(check, value.find(kYearKeys[slot]), Place(pointer, kYearKeys[slot]), slot, *era, in);
  }
  {
    const Place by3(pointer, "benchmark_year_3");
    const Place py(pointer, "performance_year");
    check_people(check, in.benchmark_years[2].person_years, by3);
    check_people(check, in.performance.person_years, py);
    if (in.newly_assigned_person_years && in.performance.person_years) {
      for (std::size_t e = 0; e < kEnrollmentTypes; ++e) {
        if ((*in.newly_assigned_person_years)[e] > (*in.performance.person_years)[e]) {
          check.error(
              Place(Place(py, "newly_assigned_person_years"), kEnrollmentTypeKeys[e]),
              fmt::format("must not exceed the year's person-years {}, got {}",
                          (*in.performance.person_years)[e], (*in.newly_assigned_person_years)[e]));
        }
      }
    }
  }
  const auto only_in = [&](std::string_view key, unsigned allowed) {
    if (!value.contains(key)) return false;
    if (allowed & bit) return true;
    check.error(Place(pointer, key), fmt::format("is not used by {}", era_text(*era)));
    return false;
  };
  if (only_in("regional_adjustment_number", kRegionalEras)) {
    in.regional_adjustment_number = static_cast<int>(
        check
            .number(value, pointer, "regional_adjustment_number",
                    {1, 99, false, true,
                     "a whole number from 1 (the first agreement period adjusted for regional "
                     "spending)"})
            .value_or(1));
  } else if ((bit & kRegionalEras) && in.agreement_type != AgreementType::initial &&
             !value.contains("regional_adjustment_weight")) {
    check.error(pointer,
                "missing required field \"regional_adjustment_number\" (a renewing or "
                "re-entering ACO's regional adjustment percentage depends on how many times its "
                "benchmark has been adjusted for regional spending)");
  }
  if (only_in("regional_adjustment_weight", kRegionalEras)) {
    in.regional_adjustment_weight =
        check.number(value, pointer, "regional_adjustment_weight", kFraction);
  }
  if (only_in("acpt_weight", kAcpt)) {
    in.acpt_weight = check.number(value, pointer, "acpt_weight", kFraction).value_or(1.0 / 3.0);
  }
  if (only_in("prior_savings", kAcpt)) {
    if (in.agreement_type == AgreementType::initial) {
      check.error(Place(pointer, "prior_savings"),
                  "applies only to renewing or re-entering ACOs (42 CFR 425.658(a))");
    } else {
      parse_prior_savings(check, value.find("prior_savings"), Place(pointer, "prior_savings"), in);
    }
  }
  if (only_in("first_agreement_savings", kSecond)) {
    parse_first_agreement(check, value.find("first_agreement_savings"),
                          Place(pointer, "first_agreement_savings"), in);
  } else if (bit & kSecond) {
    check.error(pointer, fmt::format("missing required field \"first_agreement_savings\", needed "
                                     "by {}",
                                     era_text(*era)));
  }
  if (check.error_count() != errors_before) return std::nullopt;
  return in;
}

void check_benchmark_inputs_against_period(Checker& check, const MsspBenchmarkInputs& inputs,
                                           const Period& performance, const Place& benchmark) {
  double people = 0;
  for (double x : *inputs.performance.person_years) people += x;
  const double member_years = performance.member_months / 12.0;
  if (std::fabs(member_years - people) > 1e-6 * std::max(1.0, people)) {
    check.error(Place(Place(benchmark, "performance_year"), "person_years"),
                fmt::format("add up to {} person-years, but the performance period has {} "
                            "member months ({} member-years); per-capita spending and the "
                            "benchmark must count the same people",
                            people, performance.member_months, member_years));
  }
  const MsspBenchmarkCalculation c = mssp_benchmark(inputs);
  if (!std::isfinite(c.per_capita) || !exact(c.total) ||
      (c.total_without_acpt && !exact(*c.total_without_acpt))) {
    check.error(benchmark,
                fmt::format("makes a benchmark of {} dollars, {}", figure(c.total), kBeyondExact));
  } else if (c.total <= 0) {
    check.error(benchmark, fmt::format("makes a benchmark of {} dollars; a benchmark must be above "
                                       "0 (the savings rate divides by it)",
                                       figure(c.total)));
  }
}

}  // namespace acocalc::loading
