// Programs held back between the two passes of a report (input/program_codec,
// HeldPrograms in input/inputs): every sample program reads back as it was
// loaded, to the byte of its report; a damaged encoding is refused; held
// programs come back in order, on one thread or several.
#include "input/program_codec.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "acocalc/report.h"
#include "input/inputs.h"
#include "json/json_writer.h"
#include "render/render.h"

using namespace acocalc;

namespace {

// Every program of the samples in data/.
std::vector<LoadedProgram> sample_programs() {
  std::vector<LoadedProgram> programs;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(ACOCALC_DATA_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<Diagnostic> errors;
    REQUIRE(load_value(text, ValueOrigin{path.string()}, &programs, &errors));
    REQUIRE(errors.empty());
  }
  return programs;
}

// The program's JSON report, the form that shows every figure of it.
std::string report_text(const LoadedProgram& loaded) {
  std::string text;
  JsonWriter writer(text);
  write_program_json(writer, compute_report(loaded.program, {}), loaded);
  writer.flush();
  return text;
}

std::string encoded(const LoadedProgram& loaded) {
  std::string out;
  encode_program(loaded, &out);
  return out;
}

// A program with one expectation of every kind of value, and notes.
LoadedProgram with_expectations(LoadedProgram loaded) {
  loaded.expect = {{"settlement.eligible", true, 0},
                   {"settlement.gross_savings", 1234.5, 0.01},
                   {"settlement.benchmark", -7, 1e-9},
                   {"utilization.er_visits.baseline_count", 18446744073709551615u, 0},
                   {"name", "a name, \"quoted\"", 0},
                   {"comparison", nullptr, 0}};
  loaded.input_notes = {"first note", ""};
  loaded.line = 12;
  loaded.pointer = "/programs/3";
  return loaded;
}

// A program with every field of the model set, none to its default: a
// field that the encoding leaves out reads back otherwise. This list is
// written from model.h, apart from the encoding's own.
LoadedProgram everything_set() {
  double next = 0.5;
  const auto n = [&] { return next += 1.25; };
  const auto by_type = [&] { return ByType{n(), n(), n(), n()}; };
  const auto period = [&](const std::string& label) {
    Period p;
    p.label = label;
    p.start = label + "-start";
    p.end = label + "-end";
    p.member_months = n();
    p.assigned_beneficiaries = n();
    p.expenditure = n();
    p.risk_score = n();
    p.spending_sd = n();
    p.utilization = {Metric{"er_visits", n(), n(), Direction::higher_is_better},
                     Metric{"other", std::nullopt, n(), Direction::neutral}};
    p.quality = {Measure{"a1c", n(), n(), n(), Direction::lower_is_better}};
    return p;
  };
  const auto year = [&] {
    BenchmarkYearFigures y;
    y.person_years = by_type();
    y.per_capita_expenditure = by_type();
    y.risk_score = by_type();
    y.demographic_risk_score = by_type();
    y.national_per_capita = by_type();
    y.regional_per_capita = by_type();
    y.market_share = n();
    return y;
  };
  MsspBenchmarkInputs in;
  in.agreement_start = 20240101;
  in.agreement_type = AgreementType::re_entering;
  in.performance_year = 2025;
  in.benchmark_years = {year(), year(), year()};
  in.performance = year();
  in.acpt = by_type();
  in.regional_risk_growth_cap = by_type();
  in.projected_national_growth = by_type();
  in.newly_assigned_person_years = by_type();
  in.newly_assigned_risk_score = by_type();
  in.lis_dual_share = n();
  in.dual_share = n();
  in.regional_adjustment_number = 3;
  in.regional_adjustment_weight = n();
  in.acpt_weight = n();
  in.prior_savings_per_capita = std::array<double, 3>{n(), n(), n()};
  in.prior_savings_proration = n();
  in.first_agreement_savings_per_capita = n();
  in.first_agreement_person_years = n();

  MsspTerms terms;
  terms.track = MsspTrack::enhanced;
  terms.performance_year = 2025;
  terms.agreement_year = 2;
  terms.pay_for_reporting = true;
  terms.low_revenue = true;
  terms.alternative_quality_standard = true;
  terms.agreement_start = 20240101;
  terms.euc_share = n();
  terms.guardrail = true;
  terms.revenue_loss_limit = false;

  Contract c;
  c.model = Contract::Model::mssp;
  c.mssp = terms;
  c.benchmark = Benchmark{Benchmark::Kind::mssp_inputs, n(), in};
  c.risk_adjust = true;
  c.two_sided = true;
  c.minimum_savings_rate = MinimumRate{true, n()};
  c.minimum_loss_rate = MinimumRate{false, n()};
  c.sharing_rate = n();
  c.quality_score = n();
  c.quality_standard_met = false;
  c.quality_adjustment = QualityAdjustment::multiply;
  c.efficiency_gate = EfficiencyGate{{"er_visits", "other"}, 1, n(), true};
  c.savings_cap = n();
  c.sequestration = n();
  c.loss_sharing_rate = LossSharing{LossSharing::Kind::complement_of_quality_rate, n(), n(), n()};
  c.loss_limit = n();
  c.loss_limit_revenue = n();
  c.participant_revenue = n();
  c.loss_adjustment = -n();
  c.euc_share = n();
  c.withhold_savings = true;
  c.care_coordination_fee_pmpm = n();
  c.reduced_sharing_below_msr = true;
  c.spending_cv = n();

  LoadedProgram loaded;
  Program& p = loaded.program;
  p.id = "id";
  p.name = "name";
  p.description = "description";
  p.location = "location";
  p.payer_type = "payer type";
  p.population = "population";
  p.payers = {"payer"};
  p.partners = {"partner", "another"};
  p.sources = {"source"};
  p.baseline = period("baseline");
  p.performance = period("performance");
  p.comparison = ComparisonGroup{"group",
                                 "group description",
                                 {"group source"},
                                 period("group baseline"),
                                 period("group performance")};
  p.contract = c;
  return with_expectations(loaded);
}

void require_same(const LoadedProgram& a, const LoadedProgram& b) {
  CHECK(report_text(a) == report_text(b));
  REQUIRE(a.expect.size() == b.expect.size());
  for (std::size_t i = 0; i < a.expect.size(); ++i) {
    CHECK(a.expect[i].path == b.expect[i].path);
    CHECK(a.expect[i].expected == b.expect[i].expected);
    CHECK(a.expect[i].expected.type() == b.expect[i].expected.type());
    CHECK(a.expect[i].tolerance == b.expect[i].tolerance);
  }
  CHECK(a.input_notes == b.input_notes);
  CHECK(a.file == b.file);
  CHECK(a.line == b.line);
  CHECK(a.pointer == b.pointer);
  // Every field, through the encoding itself: the same bytes again.
  CHECK(encoded(a) == encoded(b));
}

}  // namespace

TEST_CASE("every sample program reads back as it was loaded", "[program_codec]") {
  const std::vector<LoadedProgram> programs = sample_programs();
  REQUIRE(programs.size() >= 10);
  bool mssp_inputs = false, comparison = false;
  for (const LoadedProgram& original : programs) {
    const LoadedProgram loaded = with_expectations(original);
    mssp_inputs = mssp_inputs || (loaded.program.contract && loaded.program.contract->benchmark &&
                                  loaded.program.contract->benchmark->mssp_inputs);
    comparison = comparison || loaded.program.comparison.has_value();
    const std::string bytes = encoded(loaded);
    CHECK(encoded_length(bytes) == bytes.size());
    LoadedProgram fresh;
    REQUIRE(decode_program(bytes, &fresh));
    CHECK(fresh == loaded);
    require_same(loaded, fresh);
  }
  // The samples reach the model's rarer parts.
  CHECK(mssp_inputs);
  CHECK(comparison);
}

TEST_CASE("every field of the model reads back", "[program_codec]") {
  const LoadedProgram loaded = everything_set();
  LoadedProgram fresh;
  REQUIRE(decode_program(encoded(loaded), &fresh));
  CHECK(fresh == loaded);
  // And over a slot that held it: no field kept from before.
  LoadedProgram slot = loaded;
  REQUIRE(decode_program(encoded(LoadedProgram{}), &slot));
  CHECK(slot == LoadedProgram{});
}

TEST_CASE("a program decoded over another takes nothing of it", "[program_codec]") {
  const std::vector<LoadedProgram> programs = sample_programs();
  // Each program into a slot that held each other one (the reading reuses
  // its slots from batch to batch).
  for (const LoadedProgram& earlier : programs) {
    for (const LoadedProgram& later : programs) {
      LoadedProgram slot = with_expectations(earlier);
      REQUIRE(decode_program(encoded(later), &slot));
      CHECK(slot == later);
    }
  }
}

TEST_CASE("a damaged encoding is refused", "[program_codec]") {
  const std::vector<LoadedProgram> programs = sample_programs();
  const std::string bytes = encoded(with_expectations(programs.back()));
  LoadedProgram out;
  SECTION("every shorter piece") {
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      CHECK_FALSE(decode_program(std::string_view(bytes).substr(0, n), &out));
    }
  }
  SECTION("a length that says less, or more, than the fields take") {
    for (const std::int64_t change : {-1, 1}) {
      std::string damaged = bytes + "x";
      std::uint64_t length = bytes.size() + static_cast<std::uint64_t>(change);
      std::memcpy(damaged.data(), &length, sizeof length);
      CHECK_FALSE(decode_program(damaged, &out));
    }
  }
  SECTION("a count beyond the bytes left") {
    // The first field is the id's length: 7 bits a byte.
    std::string damaged = bytes;
    damaged[8] = static_cast<char>(0x7F);
    CHECK_FALSE(decode_program(damaged, &out));
  }
}

TEST_CASE("held programs come back in order, rendered", "[program_codec]") {
  const std::vector<LoadedProgram> samples = sample_programs();
  // Enough programs for many batches.
  std::vector<LoadedProgram> programs;
  for (int i = 0; i < 3000; ++i) {
    LoadedProgram p = samples[static_cast<std::size_t>(i) % samples.size()];
    p.program.id = "p" + std::to_string(i);
    programs.push_back(std::move(p));
  }
  for (const unsigned threads : {0u, 2u}) {
    HeldPrograms held;
    for (const LoadedProgram& p : programs) held.add(encoded(p));
    REQUIRE(held.ok());
    std::vector<std::string> ids;
    std::size_t wrong = 0;
    std::string error;
    const bool ok = held.replay(
        threads,
        [](const LoadedProgram& loaded, std::string* out) {
          *out += "<" + loaded.program.id + ">";
        },
        [&](LoadedProgram& loaded, std::string_view text) {
          if (text != "<" + loaded.program.id + ">") ++wrong;
          if (ids.size() < programs.size() &&
              report_text(loaded) != report_text(programs[ids.size()]))
            ++wrong;
          ids.push_back(loaded.program.id);
        },
        &error);
    CHECK(ok);
    CHECK(error.empty());
    CHECK(wrong == 0);
    REQUIRE(ids.size() == programs.size());
    for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == programs[i].program.id);
  }
}

TEST_CASE("nothing held where no temporary file can be made", "[program_codec]") {
  const std::vector<LoadedProgram> samples = sample_programs();
  const char* saved = std::getenv("TMPDIR");
  const std::string before = saved ? saved : "";
  setenv("TMPDIR", "/nonexistent-acocalc-folder", 1);
  HeldPrograms held;
  held.add(encoded(samples.front()));
  if (saved) {
    setenv("TMPDIR", before.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  CHECK_FALSE(held.ok());
  std::string error;
  std::size_t emitted = 0;
  CHECK_FALSE(held.replay(
      0, RenderProgram(), [&](LoadedProgram&, std::string_view) { ++emitted; }, &error));
  CHECK(emitted == 0);
  CHECK_FALSE(error.empty());
  // Cleared, it holds again.
  held.clear();
  held.add(encoded(samples.front()));
  CHECK(held.ok());
}
