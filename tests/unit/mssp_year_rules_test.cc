// The rules of docs/mssp-methodology.md section 6a, each settled by hand:
// every expected figure below is worked out in its comment from the rule,
// not read from a PUF row.
#include <catch2/catch.hpp>

#include "acocalc/mssp.h"
#include "acocalc/report.h"
#include "acocalc/rollup.h"

namespace acocalc {
namespace {

// One MSSP program: benchmark and expenditure totals, N assigned.
Program mssp_program(MsspTrack track, int year, double benchmark, double expenditure,
                     double assigned) {
  Program program;
  program.id = "ACO";
  program.performance.member_months = assigned * 12;
  program.performance.assigned_beneficiaries = assigned;
  program.performance.expenditure = expenditure;
  Contract contract;
  contract.model = Contract::Model::mssp;
  contract.mssp = MsspTerms{.track = track, .performance_year = year};
  contract.benchmark = Benchmark{.kind = Benchmark::Kind::total, .value = benchmark};
  contract.minimum_savings_rate = MinimumRate{.mssp_table = true, .value = 0};
  contract.quality_standard_met = true;
  program.contract = contract;
  return program;
}

Settlement settle_program(const Program& program) {
  const ProgramReport report = compute_report(program, ReportOptions{});
  REQUIRE(report.settlement.has_value());
  return *report.settlement;
}

MsspTerms& terms(Program& program) { return *program.contract->mssp; }

TEST_CASE("PY2024: the alternative standard shares savings on the sliding scale") {
  // BASIC C, B = $100M, E = $96M: G = $4M, 4% >= the 2.5% MSR of N = 20,000.
  // Alternative standard, score 0.8: 50% x 0.8 = 40%; 4M x 0.40 x 0.98 = $1,568,000.
  Program program = mssp_program(MsspTrack::basic_c, 2024, 100e6, 96e6, 20'000);
  program.contract->quality_score = 0.8;
  terms(program).alternative_quality_standard = true;
  Settlement s = settle_program(program);
  CHECK(s.final_sharing_rate == Approx(0.40));
  CHECK(s.earned == Approx(1'568'000).margin(0.01));
  // The standard itself met: the full 50%, 4M x 0.5 x 0.98 = $1,960,000.
  terms(program).alternative_quality_standard = false;
  s = settle_program(program);
  CHECK(s.earned == Approx(1'960'000).margin(0.01));
  // Neither standard: nothing.
  program.contract->quality_standard_met = false;
  s = settle_program(program);
  CHECK(s.earned == 0);
  CHECK_FALSE(s.eligible);
}

TEST_CASE("PY2024: ENHANCED losses under the alternative standard use 1 - 0.75 x score") {
  // B = $100M, E = $105M, fixed 2% MLR: the 5% loss is owed.
  Program program = mssp_program(MsspTrack::enhanced, 2024, 100e6, 105e6, 20'000);
  program.contract->minimum_savings_rate = MinimumRate{.mssp_table = false, .value = 0.02};
  program.contract->quality_score = 0.5;
  terms(program).alternative_quality_standard = true;
  // 1 - 0.75 x 0.5 = 0.625 -> $5M x 0.625 = $3,125,000 (limit 15% = $15M).
  Settlement s = settle_program(program);
  CHECK(s.loss_sharing_rate == Approx(0.625));
  CHECK(s.earned == Approx(-3'125'000).margin(0.01));
  // Score 0.9: 1 - 0.675 = 0.325, clamped up to 40% -> $2,000,000.
  program.contract->quality_score = 0.9;
  s = settle_program(program);
  CHECK(s.earned == Approx(-2'000'000).margin(0.01));
  // Neither standard met: 75% -> $3,750,000.
  terms(program).alternative_quality_standard = false;
  program.contract->quality_standard_met = false;
  s = settle_program(program);
  CHECK(s.earned == Approx(-3'750'000).margin(0.01));
}

TEST_CASE("PY2024: savings below the MSR at half the rate, only for agreements from 2024") {
  // BASIC A, low revenue, N = 6,000: MSR 3.6%. B = $50M, E = $49M: G = $1M,
  // 2% < 3.6%. Half of 40% = 20%: $1M x 0.20 x 0.98 = $196,000.
  Program program = mssp_program(MsspTrack::basic_a, 2024, 50e6, 49e6, 6'000);
  terms(program).low_revenue = true;
  terms(program).agreement_start = 20240101;
  Settlement s = settle_program(program);
  CHECK_FALSE(s.minimum_savings_rate_met);
  CHECK(s.eligible);
  CHECK(s.final_sharing_rate == Approx(0.20));
  CHECK(s.earned == Approx(196'000).margin(0.01));
  // Under the alternative standard with score 0.9: half of 40% x 0.9 = 18%
  // -> $176,400.
  terms(program).alternative_quality_standard = true;
  program.contract->quality_score = 0.9;
  s = settle_program(program);
  CHECK(s.earned == Approx(176'400).margin(0.01));
  terms(program).alternative_quality_standard = false;
  // An agreement that began in 2022: nothing below the MSR.
  terms(program).agreement_start = 20220101;
  CHECK(settle_program(program).earned == 0);
  // High revenue: nothing.
  terms(program).agreement_start = 20240101;
  terms(program).low_revenue = false;
  CHECK(settle_program(program).earned == 0);
  // Fewer than 5,000 beneficiaries: nothing.
  terms(program).low_revenue = true;
  program.performance.assigned_beneficiaries = 4'999;
  program.performance.member_months = 4'999 * 12;
  CHECK(settle_program(program).earned == 0);
  // ENHANCED never shares below its MSR.
  Program enhanced = mssp_program(MsspTrack::enhanced, 2024, 50e6, 49e6, 6'000);
  terms(enhanced).low_revenue = true;
  terms(enhanced).agreement_start = 20240101;
  CHECK(settle_program(enhanced).earned == 0);
}

TEST_CASE("the ACPT guardrail withholds savings and leaves losses as they are") {
  // BASIC A, B = $100M, E = $95M, N = 20,000: 5% >= 2.5%; would pay
  // $5M x 0.40 x 0.98 = $1,960,000. Guardrail: nothing.
  Program program = mssp_program(MsspTrack::basic_a, 2024, 100e6, 95e6, 20'000);
  CHECK(settle_program(program).earned == Approx(1'960'000).margin(0.01));
  terms(program).guardrail = true;
  Settlement s = settle_program(program);
  CHECK(s.earned == 0);
  CHECK(s.savings_withheld);
  CHECK_FALSE(s.eligible);
  // ENHANCED with a 10% loss and a 2% MLR, standard met, score 1: 1 - 0.75 =
  // 25% -> clamped to 40%: $10M x 0.4 = $4,000,000 owed, guardrail or not.
  Program loss = mssp_program(MsspTrack::enhanced, 2024, 100e6, 110e6, 20'000);
  loss.contract->minimum_savings_rate = MinimumRate{.mssp_table = false, .value = 0.02};
  loss.contract->quality_score = 1.0;
  terms(loss).guardrail = true;
  CHECK(settle_program(loss).earned == Approx(-4'000'000).margin(0.01));
}

TEST_CASE("PY2020 to PY2022 forgive every shared loss, revenue-limited or not") {
  // ENHANCED PY2021, B = $100M, E = $110M, 2% MLR, score 0.9: 1 - 0.675 ->
  // 40%: $4,000,000 shared, all forgiven.
  Program program = mssp_program(MsspTrack::enhanced, 2021, 100e6, 110e6, 20'000);
  program.contract->minimum_savings_rate = MinimumRate{.mssp_table = false, .value = 0.02};
  program.contract->quality_score = 0.9;
  Settlement s = settle_program(program);
  CHECK(s.shared_losses_after_limit == Approx(4'000'000).margin(0.01));
  CHECK(s.losses_forgiven == Approx(4'000'000).margin(0.01));
  CHECK(s.shared_losses == 0);
  CHECK(s.earned == 0);
  CHECK(s.settled);
  // A quarter forgiven (3 months, every beneficiary): $3,000,000 owed.
  terms(program).euc_share = 0.25;
  CHECK(settle_program(program).earned == Approx(-3'000'000).margin(0.01));
  // BASIC E PY2022 without participant revenue: the limit is unknown, but
  // everything is forgiven, so the settlement is known: 0.
  Program basic = mssp_program(MsspTrack::basic_e, 2022, 100e6, 110e6, 20'000);
  basic.contract->minimum_savings_rate = MinimumRate{.mssp_table = false, .value = 0.02};
  s = settle_program(basic);
  CHECK(s.settled);
  CHECK(s.earned == 0);
  // The same in PY2023 is not settled: 30% x $10M = $3M, or less if 8% of
  // revenue is less; the roll-up leaves it out and names it.
  terms(basic).performance_year = 2023;
  s = settle_program(basic);
  CHECK_FALSE(s.settled);
  Rollup rollup;
  const ProgramReport report = compute_report(basic, ReportOptions{});
  add_to_rollup(rollup, report);
  CHECK(rollup.programs_unsettled == 1);
  CHECK(rollup.unsettled_ids == std::vector<std::string>{"ACO"});
  CHECK(rollup.shared_losses == 0);
  CHECK(rollup.net_payment == 0);
  // With the revenue: min(8% x $20M = $1.6M, 4% x $100M = $4M, $3M) = $1.6M.
  basic.contract->participant_revenue = 20e6;
  s = settle_program(basic);
  CHECK(s.settled);
  CHECK(s.earned == Approx(-1'600'000).margin(0.01));
  // Known to have been limited by the benchmark (RevLossLimit = 0): $3M.
  basic.contract->participant_revenue.reset();
  terms(basic).revenue_loss_limit = false;
  s = settle_program(basic);
  CHECK(s.settled);
  CHECK(s.earned == Approx(-3'000'000).margin(0.01));
}

TEST_CASE("sequestration follows the payment date: none on PY2019 and PY2020 savings") {
  // Track 1, B = $100M, E = $95M, N = 20,000, score 0.9: 50% x 0.9 = 45%,
  // $5M x 0.45 = $2,250,000 in PY2019 and PY2020; x 0.98 = $2,205,000 in
  // PY2018 and PY2021 (PY2021: the full 50% -> $2,450,000).
  Program program = mssp_program(MsspTrack::track_1, 2019, 100e6, 95e6, 20'000);
  program.contract->quality_score = 0.9;
  CHECK(settle_program(program).earned == Approx(2'250'000).margin(0.01));
  terms(program).performance_year = 2020;
  CHECK(settle_program(program).earned == Approx(2'250'000).margin(0.01));
  terms(program).performance_year = 2018;
  CHECK(settle_program(program).earned == Approx(2'205'000).margin(0.01));
  terms(program).performance_year = 2021;
  CHECK(settle_program(program).earned == Approx(2'450'000).margin(0.01));
}

TEST_CASE("first-year ACOs paid for reporting get the track's maximum rate") {
  // Track 1 PY2014, P4R, no score: 50%; $5M x 0.5 x 0.98 = $2,450,000.
  Program program = mssp_program(MsspTrack::track_1, 2014, 100e6, 95e6, 20'000);
  terms(program).pay_for_reporting = true;
  CHECK(settle_program(program).earned == Approx(2'450'000).margin(0.01));
}

TEST_CASE("a metric with no agreed direction gets no verdict") {
  Program program;
  program.id = "P";
  program.baseline.emplace();
  program.baseline->member_months = 12'000;
  program.performance.member_months = 12'000;
  const auto metric = [](const char* name, double count, std::optional<Direction> direction) {
    Metric m;
    m.name = name;
    m.count = count;
    m.direction = direction;
    return m;
  };
  program.baseline->utilization.push_back(metric("p_em_pcp_vis", 3000, std::nullopt));
  program.performance.utilization.push_back(metric("p_em_pcp_vis", 3300, std::nullopt));
  program.baseline->utilization.push_back(metric("home_visits", 100, Direction::neutral));
  program.performance.utilization.push_back(metric("home_visits", 50, Direction::neutral));
  const ProgramReport report = compute_report(program, ReportOptions{});
  REQUIRE(report.utilization.size() == 2);
  for (const MetricChange& change : report.utilization) {
    CHECK(change.direction == Direction::neutral);
    CHECK_FALSE(change.improved.has_value());
    CHECK(change.significant.has_value());  // the interval is still computed
  }
  CHECK(display_name("p_em_pcp_vis") == "Primary-care E&M visits");
}

}  // namespace
}  // namespace acocalc
