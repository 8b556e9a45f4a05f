// The terms of an MSSP contract ("model": "mssp"): track, performance year
// and the elections; the year's rules come from the MSSP table
// (include/acocalc/mssp.h).
#include <fmt/format.h>

#include <array>

#include "acocalc/mssp.h"
#include "input/load_parts.h"

namespace acocalc::loading {
namespace {

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

}  // namespace

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
    // The benchmark's inputs instead of its figure (load_benchmark.cc); a
    // bad agreement_start has had its message.
    auto inputs =
        value.contains("agreement_start") && terms.agreement_start == 0
            ? std::nullopt
            : parse_benchmark_inputs(check, value.find("benchmark"), Place(pointer, "benchmark"),
                                     terms.agreement_start, terms.performance_year);
    if (inputs) {
      contract.benchmark = Benchmark{Benchmark::Kind::mssp_inputs, 0, inputs};
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

}  // namespace acocalc::loading
