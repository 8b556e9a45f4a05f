// A CMS MSSP PUF's rows into input format v1, one program per ACO, with
// CMS's published results as expectations. mssp_puf_layout.cc reads the file
// and finds its columns.
//
// Quality standard. Met_QPS when the file has it (and the cell is 0 or 1).
// Earlier files (PY2014, PY2015) have none: CMS sets FinalShareRate to 0
// exactly when the standard is missed (a QualScore of 0, or a first-year
// ACO that did not report fully), so the standard counts as met iff
// FinalShareRate > 0; without FinalShareRate, iff QualScore > 0 or P4R.
//
// Elected MSR of two-sided ACOs. The PUF publishes only the MSR applied
// (MinSavPerc). It is an election when it is one of 0, 0.5, 1, 1.5, 2% and
// differs from the table value for N_AB; it is "variable" when it equals the
// table value (at 60,000+ beneficiaries a 2% election and the table agree, so
// "variable" settles the same). Anything else is imported with a note.
//
// Agreement year (Track 2's loss limit): the performance year minus the
// year of Current_Start_Date (Start_Date before 2016) plus one, except that
// ACOs starting in April or July 2012 had a first performance year running
// to the end of 2013 (42 CFR 425.608), so for them it is the year minus 2012.
#include "import/mssp_puf.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "acocalc/mssp.h"
#include "acocalc/report.h"
#include "import/csv.h"
#include "import/mssp_puf_layout.h"
#include "input/loader.h"
#include "json/format.h"
#include "json/json_writer.h"

namespace acocalc {
using namespace puf;  // the cells, the table and the layout (mssp_puf_layout.h)

namespace {

using json = nlohmann::ordered_json;

constexpr double kRateTolerance = 1e-6;
constexpr double kDollarTolerance = 2;

// ---------------------------------------------------------------- rows

// The row's track; `problem` says why when there is none.
std::optional<MsspTrack> track_of(const Table& table, const Layout& l, const CsvRecord& row,
                                  std::string* problem) {
  const auto from_flags =
      [&](const std::vector<std::pair<std::size_t, MsspTrack>>& flags) -> std::vector<MsspTrack> {
    std::vector<MsspTrack> set;
    for (const auto& [column, track] : flags) {
      if (flag(row, column) == true) set.push_back(track);
    }
    return set;
  };
  // Newest convention first: PY2021 files also carry the old flags.
  if (l.current_track) {
    // "A" ... "E", "EN"; also spelled "BASIC Level A", "Level A", "Track 1+",
    // "Track_2", "ENHANCED".
    std::string code = lower(table.raw(row, l.current_track));
    for (std::string_view prefix : {"basic_", "basic ", "level ", "track_", "track "}) {
      if (code.starts_with(prefix)) code.erase(0, prefix.size());
    }
    for (std::string_view prefix : {"level ", "level_"}) {
      if (code.starts_with(prefix)) code.erase(0, prefix.size());
    }
    static const std::array<std::pair<std::string_view, MsspTrack>, 12> kCodes{
        {{"a", MsspTrack::basic_a},
         {"b", MsspTrack::basic_b},
         {"c", MsspTrack::basic_c},
         {"d", MsspTrack::basic_d},
         {"e", MsspTrack::basic_e},
         {"en", MsspTrack::enhanced},
         {"enhanced", MsspTrack::enhanced},
         {"1", MsspTrack::track_1},
         {"1+", MsspTrack::track_1_plus},
         {"1_plus", MsspTrack::track_1_plus},
         {"2", MsspTrack::track_2},
         {"3", MsspTrack::track_3}}};
    for (const auto& [name, track] : kCodes) {
      if (code == name) return track;
    }
    if (l.new_flags.empty() && l.old_flags.empty()) {
      *problem = fmt::format("Current_Track \"{}\" is not a known track (A to E, EN)",
                             table.raw(row, l.current_track));
      return std::nullopt;
    }
  }
  for (const auto* flags : {&l.new_flags, &l.old_flags}) {
    const std::vector<MsspTrack> set = from_flags(*flags);
    if (set.size() == 1) return set.front();
    if (set.size() > 1) {
      *problem = "several track flags are set";
      return std::nullopt;
    }
  }
  *problem = "no track flag is set";
  return std::nullopt;
}

// A start date as yyyymmdd: "07/01/2012", "7/1/2012", "07/01/2012 12:00:00
// AM" or "2012-07-01"; nullopt unless a plausible calendar date.
std::optional<int> date_of(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  const auto digits = [&](std::string_view part, int* out) {
    if (part.empty() || part.size() > 4) return false;
    *out = 0;
    for (char c : part) {
      if (!is_digit(c)) return false;
      *out = *out * 10 + (c - '0');
    }
    return true;
  };
  text = text.substr(0, text.find(' '));
  const std::size_t first = text.find_first_of("/-");
  const std::size_t second =
      first == std::string_view::npos ? std::string_view::npos : text.find(text[first], first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view a = text.substr(0, first);
  const std::string_view b = text.substr(first + 1, second - first - 1);
  const std::string_view c = text.substr(second + 1);
  const bool iso = text[first] == '-';
  if (!digits(iso ? a : c, &year) || !digits(iso ? b : a, &month) || !digits(iso ? c : b, &day)) {
    return std::nullopt;
  }
  if (year < 2000 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  return year * 10000 + month * 100 + day;
}

// The agreement year from the start date (see the top of this file).
std::optional<int> agreement_year(int date, int performance_year) {
  const int year = date / 10000;
  const int month = date / 100 % 100;
  const int agreement =
      (year == 2012 && month > 1) ? performance_year - 2012 : performance_year - year + 1;
  if (agreement < 1) return std::nullopt;
  return agreement;
}

// Integral dollar and count figures print without ".0".
json number_json(double value) {
  if (value == 0) return json(0);  // never a negative zero
  if (value == std::floor(value) && std::abs(value) < 9e15) {
    return json(static_cast<std::int64_t>(value));
  }
  return json(value);
}

json expectation(double value, double tolerance) {
  json e = json::object();
  e["value"] = number_json(value);
  e["tolerance"] = number_json(tolerance);
  return e;
}

// Rounds a widened tolerance up to a tidy figure: whole dollars, or 1e-6.
double round_up(double value, double unit) {
  return std::ceil(value / unit - 1e-9) / std::round(1 / unit);
}

std::string money(double value) {
  std::string digits = fmt::format("{:.0f}", std::abs(value));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return (value < 0 ? "-$" : "$") + digits;
}

// The utilization columns: per 1,000 person-years. Readmission columns
// (readm_Rate_1000, prov_Rate_1000) are per 1,000 discharges and stay out.
std::optional<std::string> metric_name(std::string_view header, bool* known) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> kKnown{
      {{"adm", "inpatient_admissions"},
       {"p_edv_vis", "er_visits"},
       {"p_ct_vis", "ct_visits"},
       {"p_mri_vis", "mri_visits"},
       {"p_em_total", "em_visits"},
       {"p_snf_adm", "snf_admissions"}}};
  const std::string key = lower(trim(header));
  for (const auto& [column, name] : kKnown) {
    if (key == column) {
      *known = true;  // names the core knows, with their direction
      return std::string(name);
    }
  }
  *known = is_known_metric(key);  // PUF columns the core names (and directs)
  if (key.starts_with("adm_") || key.ends_with("_adm") || key.starts_with("p_")) return key;
  return std::nullopt;
}

struct Utilization {
  std::string name;
  bool known = false;
  std::size_t performance_column = 0;
  std::size_t baseline_column = 0;
};

std::vector<Utilization> shared_utilization(const Table& performance, const Table& baseline) {
  std::vector<Utilization> out;
  for (std::size_t i = 0; i < performance.headers.size(); ++i) {
    bool known = false;
    auto name = metric_name(performance.headers[i], &known);
    if (!name) continue;
    auto in_baseline = baseline.find({trim(performance.headers[i])});
    if (!in_baseline) continue;
    out.push_back(Utilization{*name, known, i, *in_baseline});
  }
  return out;
}

// ---------------------------------------------------------------- one program

struct Baseline {
  const Table* table = nullptr;
  const Layout* layout = nullptr;
  std::optional<int> year;
  std::map<std::string, const CsvRecord*> by_id;
  std::vector<Utilization> utilization;
};

// Why a cell gives no figure: "N_AB_Year_PY is suppressed (*)".
std::string cell_note(const Table& table, std::optional<std::size_t> column, const Cell& cell) {
  if (!column || *column >= table.headers.size()) return "a column is not in the file";
  const std::string name(trim(table.headers[*column]));
  return cell.kind == Cell::Kind::suppressed ? fmt::format("{} is suppressed (*)", name)
                                             : fmt::format("{} is not published", name);
}

// The performance period's member months: person-years x 12, else the
// headcount x 12 (with a note); nullopt, with the error, when neither is a
// positive number.
std::optional<double> member_months_of(const Table& table, const Layout& l, const CsvRecord& row,
                                       const std::string& id, std::vector<std::string>& notes,
                                       std::vector<std::string>* errors) {
  const Cell assigned = Table::cell(row, l.assigned);
  const Cell person_years = Table::cell(row, l.person_years);
  if (person_years.kind == Cell::Kind::number && person_years.value > 0) {
    return person_years.value * 12;
  }
  if (assigned.kind == Cell::Kind::number && assigned.value > 0) {
    notes.push_back(fmt::format("{}: member_months is N_AB x 12 (headcount, not person-years)",
                                cell_note(table, l.person_years, person_years)));
    return assigned.value * 12;
  }
  errors->push_back(fmt::format("{}:{}: ACO {}: neither {} nor N_AB is a positive number",
                                table.name, row.line, id, trim(table.headers[*l.person_years])));
  return std::nullopt;
}

// The utilization both files publish, into both periods (`base_use`,
// `perf_use`) as counts of events.
void add_utilization(const Table& table, const CsvRecord& row, const CsvRecord& base_row,
                     const Baseline& baseline, double base_person_years, double member_months,
                     json& base_use, json& perf_use, std::vector<std::string>& notes) {
  std::vector<std::string> missing;
  bool reconstructed = false;
  for (const Utilization& metric : baseline.utilization) {
    const Cell b = read_cell(base_row.fields[metric.baseline_column]);
    const Cell p = read_cell(row.fields[metric.performance_column]);
    if (b.kind != Cell::Kind::number || p.kind != Cell::Kind::number) {
      missing.push_back(std::string(trim(table.headers[metric.performance_column])));
      continue;
    }
    // Events reconstructed from the published rate and person-years,
    // so that the rate ratio has an interval.
    const double perf_person_years = member_months / 12;
    for (auto [use, value, years] : {std::tuple{&base_use, b.value, base_person_years},
                                     std::tuple{&perf_use, p.value, perf_person_years}}) {
      json rate = json::object();
      rate["count"] = number_json(std::round(value * years / 1000));
      if (!metric.known) rate["lower_is_better"] = true;
      (*use)[metric.name] = rate;
    }
    reconstructed = true;
  }
  if (reconstructed) {
    notes.push_back(
        "utilization counts reconstructed as the published rate per 1,000 x person-years "
        "/ 1,000, rounded to whole events (the PUF publishes rates only); intervals rest on "
        "them");
  }
  if (!missing.empty()) {
    notes.push_back(fmt::format("utilization left out, not a number in both files: {}",
                                fmt::join(missing, ", ")));
  }
}

// The program's baseline period, from the same ACO's row of the baseline
// file, and the utilization of both periods; a note when there is none.
void add_baseline(const Table& table, const CsvRecord& row, const std::string& id,
                  double member_months, const Baseline& baseline, json& program, json& performance,
                  std::vector<std::string>& notes) {
  auto found = baseline.by_id.find(id);
  if (found == baseline.by_id.end()) {
    notes.push_back(fmt::format("not in the baseline file {}: no baseline or utilization",
                                baseline.table->name));
    return;
  }
  const CsvRecord& base_row = *found->second;
  const Cell base_years = Table::cell(base_row, baseline.layout->person_years);
  if (base_years.kind != Cell::Kind::number || base_years.value <= 0) {
    notes.push_back(
        fmt::format("baseline {}: no baseline or utilization",
                    cell_note(*baseline.table, baseline.layout->person_years, base_years)));
    return;
  }
  json base = json::object();
  if (baseline.year) base["label"] = fmt::format("PY{}", *baseline.year);
  base["member_months"] = number_json(base_years.value * 12);
  json base_use = json::object();
  json perf_use = json::object();
  add_utilization(table, row, base_row, baseline, base_years.value, member_months, base_use,
                  perf_use, notes);
  base["utilization"] = base_use;
  program["baseline"] = base;
  performance["utilization"] = perf_use;
}

// The row's track when the row can have a contract: a known track, valid in
// its year, with a published benchmark and expenditure; else notes why not.
std::optional<MsspTrack> contract_track(const Table& table, const Layout& l, const CsvRecord& row,
                                        int year, const std::string& label,
                                        std::vector<std::string>& notes) {
  const Cell benchmark = Table::cell(row, l.benchmark);
  const Cell expenditure = Table::cell(row, l.expenditure);
  std::string track_problem;
  const std::optional<MsspTrack> track = track_of(table, l, row, &track_problem);
  if (!track) notes.push_back(fmt::format("no contract: {}", track_problem));
  if (track && benchmark.kind != Cell::Kind::number) {
    notes.push_back(fmt::format("no contract: {}", cell_note(table, l.benchmark, benchmark)));
  }
  if (track && expenditure.kind != Cell::Kind::number) {
    notes.push_back(fmt::format("no settlement: {}", cell_note(table, l.expenditure, expenditure)));
  }
  if (track && !mssp_track_valid_in(*track, year)) {
    notes.push_back(
        fmt::format("no contract: {} is not a track of {}", mssp_track_name(*track), label));
  }
  if (!track || benchmark.kind != Cell::Kind::number || expenditure.kind != Cell::Kind::number ||
      !mssp_track_valid_in(*track, year)) {
    return std::nullopt;
  }
  return track;
}

// A row's MSSP contract: the terms as written (`contract_json`) and as the
// model holds them (`contract`, then `resolved`), with what the expectations
// need to know of them.
struct RowContract {
  MsspTrack track = MsspTrack::track_1;
  Contract contract;
  MsspTerms terms;
  json contract_json = json::object();
  Contract resolved;  // resolve_mssp(contract)

  // Which published results can be reproduced from the published inputs.
  bool msr_known = true;  // the MSR (or MLR) the row was settled with
  bool quality_known = true;

  std::optional<double> table_msr;      // the MSR table's, for N_AB
  std::optional<double> published_msr;  // MinSavPerc
  bool variable = true;                 // the MSR is the table's
  std::optional<double> quality_score;
  std::optional<bool> met;          // the quality standard
  bool quality_in_savings = false;  // the score feeds the final sharing rate
  bool quality_in_losses = false;   // the score feeds the loss rate
  double quality_resolution = 0;    // the published score's rounding, carried into the results
  std::optional<int> agreement;     // the agreement year, uncapped
  Cell adjustment;                  // DisAdj
  bool forgiven_year = false;       // every shared loss forgiven that year
};

// MSR: the table, or the two-sided ACO's election.
void read_minimum_savings_rate(const Table& table, const Layout& l, const CsvRecord& row,
                               RowContract& c, std::vector<std::string>& notes) {
  const Cell assigned = Table::cell(row, l.assigned);
  c.table_msr = assigned.kind == Cell::Kind::number ? mssp_minimum_savings_rate(assigned.value)
                                                    : std::nullopt;
  c.published_msr = l.minimum_savings_rate.value(row);
  const double msr_precision = std::max(kRateTolerance, l.minimum_savings_rate.resolution + 1e-12);
  if (mssp_track_two_sided(c.track)) {
    static constexpr std::array<double, 5> kElections{0, 0.005, 0.01, 0.015, 0.02};
    std::optional<double> election;
    if (c.published_msr) {
      for (double e : kElections) {
        if (std::abs(*c.published_msr - e) <= 1e-9) election = e;
      }
    }
    if (!c.published_msr) {
      c.msr_known = false;
      notes.push_back(fmt::format("elected MSR unknown: {}",
                                  l.minimum_savings_rate.index
                                      ? cell_note(table, l.minimum_savings_rate.index,
                                                  Table::cell(row, l.minimum_savings_rate.index))
                                      : std::string("MinSavPerc is not published")));
    } else if (c.table_msr && std::abs(*c.published_msr - *c.table_msr) <= msr_precision) {
      // The table's value as published: rounded from PY2016 (2.30% for 2.2978%).
      c.variable = true;
    } else if (election) {
      c.variable = false;
      c.contract_json["msr"] = *election;
      c.contract.minimum_savings_rate = MinimumRate{.mssp_table = false, .value = *election};
    } else {
      c.msr_known = false;
      notes.push_back(fmt::format(
          "MinSavPerc {} is neither the MSR table's value{} nor a fixed election (0, 0.5, 1, 1.5, "
          "2%)",
          table.raw(row, l.minimum_savings_rate.index),
          c.table_msr ? fmt::format(" ({:.9f})", *c.table_msr) : std::string(" (N_AB below 500)")));
    }
    if (c.variable) {
      c.contract_json["msr"] = "variable";
      c.contract.minimum_savings_rate = MinimumRate{.mssp_table = true, .value = 0};
    }
  }
  if (c.variable && c.msr_known && !c.table_msr) {
    c.msr_known = false;
    notes.push_back(
        assigned.kind == Cell::Kind::number
            ? fmt::format(
                  "MSR outside the table: N_AB {} is below 500{}", table.raw(row, l.assigned),
                  c.published_msr ? fmt::format(" (CMS applied {})",
                                                table.raw(row, l.minimum_savings_rate.index))
                                  : std::string())
            : fmt::format("MSR unknown: {}", cell_note(table, l.assigned, assigned)));
  }
}

// Quality: the score (or pay for reporting) and whether the standard was met.
void read_quality(const Table& table, const Layout& l, const CsvRecord& row,
                  const MsspYearRules& year_rules, RowContract& c,
                  std::vector<std::string>& notes) {
  const Cell quality = Table::cell(row, l.quality_score.index);
  c.quality_score = l.quality_score.value(row);
  const std::optional<double> published_final_rate = l.final_sharing_rate.value(row);
  const double max_rate = mssp_track_rules(c.track).max_sharing_rate;
  // A first-year ACO paid for reporting: "P4R", or (PY2013-PY2015 files) a
  // blank QualScore beside the track's maximum rate as FinalShareRate.
  const bool blank_p4r = year_rules.quality == MsspQualityRule::score_scales_rate &&
                         quality.kind == Cell::Kind::not_applicable && published_final_rate &&
                         std::abs(*published_final_rate - max_rate) <=
                             std::max(kRateTolerance, l.final_sharing_rate.resolution);
  if (quality.kind == Cell::Kind::text || blank_p4r) {  // P4R (checked before)
    c.terms.pay_for_reporting = true;
    c.contract_json["pay_for_reporting"] = true;
    if (blank_p4r) {
      notes.push_back(
          "paid for reporting: QualScore is blank and FinalShareRate is the track's "
          "maximum rate");
    }
  } else if (c.quality_score) {
    c.contract_json["quality_score"] = *c.quality_score;
    c.contract.quality_score = c.quality_score;
  }
  // PY2024+: the alternative standard (Met_AltQPS) is a standard met, with
  // the sliding scale; only both flags 0 is a missed standard.
  const bool alternative = year_rules.quality == MsspQualityRule::standard_or_alternative &&
                           l.met_alt_qps && flag(row, *l.met_alt_qps) == true &&
                           !(l.met_qps && flag(row, *l.met_qps) == true);
  if (alternative) {
    c.met = true;
    c.terms.alternative_quality_standard = true;
    c.contract_json["alternative_quality_standard"] = true;
  } else if (l.met_qps) {
    c.met = flag(row, *l.met_qps);
    if (!c.met) {
      c.quality_known = false;
      notes.push_back(fmt::format("quality standard unknown: {}",
                                  cell_note(table, l.met_qps, Table::cell(row, l.met_qps))));
    }
  } else {
    const std::optional<double> final_rate = l.final_sharing_rate.value(row);
    if (final_rate) {
      c.met = *final_rate > 0;
    } else if (c.terms.pay_for_reporting) {
      c.met = true;
    } else if (c.quality_score) {
      c.met = *c.quality_score > 0;
    } else {
      c.quality_known = false;
      notes.push_back("quality standard unknown: no Met_QPS, FinalShareRate or QualScore");
    }
    if (c.met == false) {
      notes.push_back(
          fmt::format("quality standard missed: derived from {} = 0 (no Met_QPS "
                      "column in this file)",
                      final_rate ? "FinalShareRate" : "QualScore"));
    }
  }
  if (c.met) {
    c.contract_json["quality_standard_met"] = *c.met;
    c.contract.quality_standard_met = c.met;
  }
}

// The agreement (year, start), the guardrail and the benchmark.
void read_agreement(const Table& table, const Layout& l, const CsvRecord& row, int year,
                    RowContract& c) {
  const std::optional<int> start =
      l.start_date ? date_of(table.raw(row, l.start_date)) : std::nullopt;
  c.agreement = start ? agreement_year(*start, year) : std::nullopt;
  if (c.agreement) {
    c.terms.agreement_year = std::min(*c.agreement, 5);
    c.contract_json["agreement_year"] = c.terms.agreement_year;
  }
  if (start && *start <= (year + 1) * 10000 + 101) {
    c.terms.agreement_start = *start;
    c.contract_json["agreement_start"] = iso_date(*start);
  }
  if (l.guardrail && flag(row, *l.guardrail) == true) {
    c.terms.guardrail = true;
    c.contract_json["guardrail"] = true;
  }
  json benchmark_json = json::object();
  benchmark_json["total"] = number_json(Table::cell(row, l.benchmark).value);
  c.contract_json["benchmark"] = benchmark_json;
}

// Losses: their forgiveness or adjustment, the revenue-based limit and the
// revenue category.
void read_losses(const Table& table, const Layout& l, const CsvRecord& row,
                 const MsspYearRules& year_rules, RowContract& c) {
  // PY2020-PY2022: every shared loss forgiven (extreme and uncontrollable
  // circumstances); DisAdj is then minus the loss after the limit, not an
  // adjustment on top of it. Other years: DisAdj as published.
  c.adjustment = Table::cell(row, l.loss_adjustment);
  c.forgiven_year = year_rules.euc_share > 0;
  if (c.forgiven_year) {
    c.terms.euc_share = year_rules.euc_share;
    c.contract_json["euc_share"] = number_json(year_rules.euc_share);
  } else if (c.adjustment.kind == Cell::Kind::number && c.adjustment.value != 0) {
    c.contract_json["loss_adjustment"] = number_json(std::min(c.adjustment.value, 0.0));
    c.contract.loss_adjustment = std::min(c.adjustment.value, 0.0);
  }
  const std::optional<bool> revenue_limit =
      l.revenue_loss_limit ? flag(row, *l.revenue_loss_limit) : std::nullopt;
  if (mssp_track_two_sided(c.track) && mssp_track_rules(c.track).loss_limit_revenue > 0 &&
      revenue_limit) {
    c.terms.revenue_loss_limit = revenue_limit;
    c.contract_json["revenue_loss_limit"] = *revenue_limit;
  }
  if (l.revenue_category) {
    const std::string category = lower(table.raw(row, l.revenue_category));
    if (category.find("low") != std::string::npos) {
      c.terms.low_revenue = true;
      c.contract_json["low_revenue"] = true;
    } else if (category.find("high") != std::string::npos) {
      c.contract_json["low_revenue"] = false;
    }
  }
}

// The row's contract on `track` in `year`, written and resolved.
RowContract contract_of(const Table& table, const Layout& l, const CsvRecord& row, int year,
                        MsspTrack track, std::vector<std::string>& notes) {
  RowContract c;
  c.track = track;
  c.contract.model = Contract::Model::mssp;
  c.terms.track = track;
  c.terms.performance_year = year;
  c.contract_json["model"] = "mssp";
  c.contract_json["track"] = mssp_track_name(track);
  c.contract_json["performance_year"] = year;
  const MsspYearRules& year_rules = *mssp_year_rules(year);
  read_minimum_savings_rate(table, l, row, c, notes);
  read_quality(table, l, row, year_rules, c, notes);
  read_agreement(table, l, row, year, c);
  read_losses(table, l, row, year_rules, c);

  c.contract.mssp = c.terms;
  c.contract.benchmark =
      Benchmark{.kind = Benchmark::Kind::total, .value = Table::cell(row, l.benchmark).value};
  c.resolved = resolve_mssp(c.contract);

  // Does the quality score feed the final sharing rate or the loss rate?
  const Contract& resolved = c.resolved;
  c.quality_in_savings = resolved.quality_adjustment == QualityAdjustment::multiply;
  c.quality_in_losses =
      resolved.loss_sharing_rate && resolved.loss_sharing_rate->kind != LossSharing::Kind::fixed &&
      !(resolved.loss_sharing_rate->kind == LossSharing::Kind::complement_of_sharing_rate &&
        !c.quality_in_savings);
  // Rounding of the published quality score, carried into the results.
  c.quality_resolution =
      (c.quality_score && !c.terms.pay_for_reporting) ? l.quality_score.resolution : 0;
  if (!c.quality_score && !c.terms.pay_for_reporting &&
      (c.quality_in_savings || c.quality_in_losses) && c.met != false) {
    c.quality_known = false;
    notes.push_back(fmt::format(
        "quality score unknown: {}",
        l.quality_score.index
            ? cell_note(table, l.quality_score.index, Table::cell(row, l.quality_score.index))
            : std::string("QualScore is not published")));
  }
  return c;
}

// The earned amount CMS published, when the row's contract reproduces it:
// not when a revenue-based loss limit, an unknown agreement year or a
// suppressed adjustment may have changed it. Notes say why not.
void expect_earned(const Table& table, const Layout& l, const CsvRecord& row,
                   const std::string& label, const RowContract& c, double gross, double rate,
                   json& expect, std::vector<std::string>& widened,
                   std::vector<std::string>& notes) {
  const Contract& resolved = c.resolved;
  bool earned_reproducible = true;
  // Losses that a revenue-based limit may have cut: participant revenue is
  // not in the PUF (RevLossLimit = 0 says the benchmark-based limit applied).
  const double minimum_loss_rate = resolved.minimum_savings_rate.mssp_table
                                       ? c.table_msr.value_or(0)
                                       : resolved.minimum_savings_rate.value;
  const bool owes_losses = mssp_track_two_sided(c.track) && gross < 0 && -rate >= minimum_loss_rate;
  if (owes_losses && resolved.loss_limit_revenue && resolved.euc_share < 1) {
    earned_reproducible = false;
    notes.push_back(fmt::format(
        "shared losses may be limited by {:.0f}% of participant revenue, which the PUF does not "
        "publish: earned not checked",
        *resolved.loss_limit_revenue * 100));
  }
  if (owes_losses && c.forgiven_year) {
    notes.push_back(fmt::format(
        "shared losses forgiven (extreme and uncontrollable circumstances, {}){}", label,
        c.adjustment.kind == Cell::Kind::number && c.adjustment.value < 0
            ? fmt::format(": DisAdj {} is the loss after the limit", money(c.adjustment.value))
            : std::string()));
  }
  if (owes_losses && c.track == MsspTrack::track_2 && !c.agreement && resolved.euc_share < 1) {
    earned_reproducible = false;
    notes.push_back(
        "agreement year unknown (no start date): Track 2 loss limit, earned not "
        "checked");
  }
  if (owes_losses && c.adjustment.kind == Cell::Kind::suppressed && !c.forgiven_year) {
    earned_reproducible = false;
    notes.push_back("DisAdj is suppressed (*): earned not checked");
  }
  if (const auto published = number(row, l.earned);
      published && c.msr_known && c.quality_known && earned_reproducible) {
    double rounding = 0;
    if (gross > 0 && c.quality_in_savings) {
      rounding =
          gross * resolved.sharing_rate * (1 - resolved.sequestration) * c.quality_resolution;
    } else if (gross < 0 && c.quality_in_losses) {
      rounding = -gross * resolved.sharing_rate * c.quality_resolution * (1 - resolved.euc_share);
    }
    const double tolerance =
        rounding >= 0.5 ? round_up(kDollarTolerance + rounding, 1) : kDollarTolerance;
    if (tolerance > kDollarTolerance)
      widened.push_back(fmt::format("earned +/-{}", money(tolerance)));
    expect["settlement.earned"] = expectation(*published, tolerance);
  } else if (!number(row, l.earned) && l.earned) {
    notes.push_back(cell_note(table, l.earned, Table::cell(row, l.earned)));
  }
}

// The results CMS published for the row, as the program's expectations, with
// tolerances widened to the published rounding.
json expectations_of(const Table& table, const Layout& l, const CsvRecord& row,
                     const std::string& label, const RowContract& c,
                     std::vector<std::string>& notes) {
  const double benchmark = Table::cell(row, l.benchmark).value;
  const double gross = benchmark - Table::cell(row, l.expenditure).value;
  const double rate = benchmark != 0 ? gross / benchmark : 0;
  json expect = json::object();
  if (c.variable && c.msr_known && c.published_msr) {
    expect["settlement.minimum_savings_rate"] =
        expectation(*c.published_msr,
                    round_up(std::max(kRateTolerance, l.minimum_savings_rate.resolution), 1e-6));
  }
  if (const auto published = l.savings_rate.value(row); published && benchmark != 0) {
    expect["settlement.savings_rate"] = expectation(
        *published, round_up(std::max(kRateTolerance, l.savings_rate.resolution), 1e-6));
  }
  if (const auto published = number(row, l.gross_savings)) {
    expect["settlement.gross_savings"] = expectation(*published, kDollarTolerance);
  }

  std::vector<std::string> widened;
  // A guardrail row's published sharing rate may or may not reflect the
  // withheld savings: not checked.
  const bool withheld = c.terms.guardrail && gross > 0;
  if (withheld) notes.push_back("ACPT guardrail: savings withheld; FinalShareRate not checked");
  if (const auto published = l.final_sharing_rate.value(row);
      published && c.quality_known && !withheld) {
    const double rounding =
        l.final_sharing_rate.resolution +
        (c.quality_in_savings ? c.resolved.sharing_rate * c.quality_resolution : 0);
    const double tolerance =
        rounding > kRateTolerance / 10 ? round_up(kRateTolerance + rounding, 1e-6) : kRateTolerance;
    if (tolerance > kRateTolerance) {
      widened.push_back(fmt::format("final_sharing_rate +/-{:.6f}", tolerance));
    }
    expect["settlement.final_sharing_rate"] = expectation(*published, tolerance);
  }
  expect_earned(table, l, row, label, c, gross, rate, expect, widened, notes);
  if (!widened.empty()) {
    notes.push_back(
        fmt::format("tolerance widened to the rounding of the published {}: {}",
                    c.quality_resolution > 5e-9 ? "QualScore and FinalShareRate" : "FinalShareRate",
                    fmt::join(widened, ", ")));
  }
  return expect;
}

// One row as a program: the performance period, the baseline and
// utilization (with a baseline file), the contract and CMS's results as
// expectations; notes say what could not be read or checked. Null, with the
// error, when the row has no exposure.
json program_of(const Table& table, const Layout& l, const CsvRecord& row, int year,
                const Baseline* baseline, std::vector<std::string>* errors) {
  json program = json::object();
  std::vector<std::string> notes;
  const std::string id(table.raw(row, l.id));
  program["id"] = id;
  if (l.name && !table.raw(row, l.name).empty()) program["name"] = table.raw(row, l.name);
  program["payer_type"] = "medicare";
  program["payers"] = json::array({"Medicare"});
  if (l.state && !table.raw(row, l.state).empty()) program["location"] = table.raw(row, l.state);

  const std::string label = fmt::format("PY{}", year);
  const std::optional<double> member_months = member_months_of(table, l, row, id, notes, errors);
  if (!member_months) return json();
  json performance = json::object();
  performance["label"] = label;
  performance["member_months"] = number_json(*member_months);
  if (const Cell assigned = Table::cell(row, l.assigned); assigned.kind == Cell::Kind::number) {
    performance["assigned_beneficiaries"] = number_json(assigned.value);
  }
  if (const Cell expenditure = Table::cell(row, l.expenditure);
      expenditure.kind == Cell::Kind::number) {
    performance["expenditure"] = number_json(expenditure.value);
  }
  if (baseline) {
    add_baseline(table, row, id, *member_months, *baseline, program, performance, notes);
  }
  program["performance"] = performance;

  const std::optional<MsspTrack> track = contract_track(table, l, row, year, label, notes);
  if (!track) {
    program["notes"] = notes;
    return program;
  }
  const RowContract contract = contract_of(table, l, row, year, *track, notes);
  program["contract"] = contract.contract_json;
  json expect = expectations_of(table, l, row, label, contract, notes);
  if (!expect.empty()) program["expect"] = expect;
  if (!notes.empty()) program["notes"] = notes;
  return program;
}

bool year_of(const MsspPufFile& file, std::optional<int>* year, std::vector<std::string>* errors) {
  *year = file.performance_year ? file.performance_year : mssp_puf_year_from_name(file.name);
  if (!*year) {
    errors->push_back(
        fmt::format("{}: cannot tell the performance year: name the file as CMS does (PY2018.csv, "
                    "2018_Shared_Savings_Program_PUF.csv) or give the year (--year)",
                    file.name));
    return false;
  }
  if (!mssp_year_rules(**year)) {
    errors->push_back(fmt::format(
        "{}: performance year {} is outside the years whose rules acocalc knows ({} to {}; see "
        "'acocalc rules')",
        file.name, **year, mssp_years().front().year, mssp_years().back().year));
    return false;
  }
  return true;
}

}  // namespace

namespace {

// One file's programs, each with its row, before they are checked and
// written; `left_out` the rows with nothing to compute.
struct Collected {
  std::vector<json> programs;
  std::vector<long> lines;
  std::vector<std::string> files;  // each program's file name
  std::vector<std::string> left_out;
};

// Reads `puf` (with `baseline_file`, when not null) into `collected`; ids
// get `id_suffix` (panels: one program an ACO-year). False, with the
// reasons in `errors`, when the files cannot be read. `notes` gets a line
// when a baseline file matches no ACO of `puf`.
bool collect_programs(const MsspPufFile& puf, const MsspPufFile* baseline_file,
                      std::string_view id_suffix, Collected* collected,
                      std::vector<std::string>* errors, std::vector<std::string>* notes) {
  const std::size_t errors_before = errors->size();
  std::optional<int> year;
  bool ok = year_of(puf, &year, errors);
  Table table;
  Layout layout;
  if (read_table(puf, &table, errors) && find_layout(table, &layout, errors)) {
    ok = check_numbers(table, layout, errors) && ok;
  } else {
    ok = false;
  }

  Table base_table;
  Layout base_layout;
  Baseline baseline;
  if (baseline_file) {
    std::optional<int> base_year = baseline_file->performance_year
                                       ? baseline_file->performance_year
                                       : mssp_puf_year_from_name(baseline_file->name);
    if (read_table(*baseline_file, &base_table, errors)) {
      base_layout.id = base_table.find({"ACO_ID", "ACO_Num"});
      base_layout.person_years = base_table.find({"N_AB_Year_PY", "N_AB_Year"});
      if (!base_layout.id) {
        errors->push_back(fmt::format("{}: missing column ACO_ID (or ACO_Num)", base_table.name));
        ok = false;
      }
      if (!base_layout.person_years) {
        errors->push_back(
            fmt::format("{}: missing column N_AB_Year_PY (or N_AB_Year)", base_table.name));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (year && base_year && *base_year >= *year) {
      errors->push_back(fmt::format("{}: the baseline (PY{}) must be earlier than {} (PY{})",
                                    baseline_file->name, *base_year, puf.name, *year));
      ok = false;
    }
    baseline.table = &base_table;
    baseline.layout = &base_layout;
    baseline.year = base_year;
  }
  if (!ok) return false;

  if (baseline_file) {
    for (const CsvRecord& row : base_table.rows) {
      baseline.by_id.emplace(std::string(base_table.raw(row, base_layout.id)), &row);
    }
    baseline.utilization = shared_utilization(table, base_table);
  }

  if (table.rows.empty()) {
    errors->push_back(fmt::format("{}: no ACO rows after the header", table.name));
    return false;
  }
  std::set<std::string> ids;
  std::size_t matched = 0;
  for (const CsvRecord& row : table.rows) {
    const std::string id(table.raw(row, layout.id));
    if (id.empty()) {
      errors->push_back(fmt::format("{}:{}: empty ACO id", table.name, row.line));
      continue;
    }
    if (!ids.insert(id).second) {
      errors->push_back(fmt::format("{}:{}: ACO id {} appears twice", table.name, row.line, id));
      continue;
    }
    if (baseline_file && baseline.by_id.count(id) != 0) ++matched;
    json program =
        program_of(table, layout, row, *year, baseline_file ? &baseline : nullptr, errors);
    if (program.is_null()) continue;
    if (!id_suffix.empty()) program["id"] = id + std::string(id_suffix);
    // Neither a contract nor a baseline: nothing to compute, and not valid
    // input. Left out, with the reasons.
    if (!program.contains("contract") && !program.contains("baseline")) {
      std::vector<std::string> reasons;
      if (program.contains("notes")) {
        for (const auto& note : program["notes"]) reasons.push_back(note.get<std::string>());
      }
      collected->left_out.push_back(fmt::format("{}:{}: ACO {} left out: {}", table.name, row.line,
                                                id, fmt::join(reasons, "; ")));
      continue;
    }
    collected->programs.push_back(std::move(program));
    collected->lines.push_back(row.line);
    collected->files.push_back(table.name);
  }
  if (baseline_file && matched == 0 && notes) {
    notes->push_back(
        fmt::format("{}: none of its ACOs is in {}, so no program of it has a baseline{}", puf.name,
                    baseline_file->name,
                    baseline.year && *baseline.year < 2018 && *year >= 2018
                        ? " (CMS changed ACO identifiers in PY2018, from A67373-style ACO_Num to "
                          "A1001-style ACO_ID)"
                        : ""));
  }
  return errors->size() == errors_before;
}

// Checks every collected program with the loader and writes the document;
// a row the loader refuses fails the import with its line.
bool write_programs(Collected& collected, std::string* out_json, std::vector<std::string>* errors,
                    std::vector<std::string>* notes) {
  const std::size_t errors_before = errors->size();
  if (collected.programs.empty()) {
    for (std::string& reason : collected.left_out) errors->push_back(std::move(reason));
    errors->push_back("no row could be imported (each needs a contract or a baseline)");
    return false;
  }
  // What the import writes is valid input, whatever the file held: each
  // program goes through the loader, and a row it refuses fails the import.
  std::string out = "{\"acocalc\": 1, \"programs\": [\n";
  std::vector<LoadedProgram> loaded;
  std::vector<Diagnostic> problems;
  for (std::size_t i = 0; i < collected.programs.size(); ++i) {
    const json& program = collected.programs[i];
    const std::string text = json_text(program);
    loaded.clear();
    problems.clear();
    load_value(text, ValueOrigin{.file = collected.files[i]}, &loaded, &problems);
    for (const Diagnostic& problem : problems) {
      errors->push_back(fmt::format(
          "{}:{}: ACO {}: the row gives an invalid program: {}: {}", collected.files[i],
          collected.lines[i], program["id"].get<std::string>(), problem.pointer, problem.message));
    }
    out += text;
    out += i + 1 < collected.programs.size() ? ",\n" : "\n";
  }
  if (errors->size() != errors_before) return false;
  out += "]}\n";
  *out_json = std::move(out);
  if (notes) {
    for (std::string& reason : collected.left_out) notes->push_back(std::move(reason));
  }
  return true;
}

}  // namespace

bool import_mssp_puf(const MsspPufFile& puf, const MsspPufFile* baseline_file,
                     std::string* out_json, std::vector<std::string>* errors,
                     std::vector<std::string>* notes) {
  out_json->clear();
  Collected collected;
  if (!collect_programs(puf, baseline_file, "", &collected, errors, notes)) return false;
  if (collected.programs.empty()) {
    for (std::string& reason : collected.left_out) errors->push_back(std::move(reason));
    errors->push_back(
        fmt::format("{}: no row could be imported (each needs a contract or a "
                    "baseline)",
                    puf.name));
    return false;
  }
  return write_programs(collected, out_json, errors, notes);
}

bool import_mssp_puf_panel(std::span<const MsspPufFile> files, std::string* out_json,
                           std::vector<std::string>* errors, std::vector<std::string>* notes) {
  out_json->clear();
  // Years first: the files go in year order, whatever the order given.
  std::vector<std::pair<int, const MsspPufFile*>> by_year;
  bool ok = true;
  for (const MsspPufFile& file : files) {
    std::optional<int> year;
    if (!year_of(file, &year, errors)) {
      ok = false;
      continue;
    }
    for (const auto& [other, seen] : by_year) {
      if (other == *year) {
        errors->push_back(
            fmt::format("{}: PY{} is given twice (also {})", file.name, *year, seen->name));
        ok = false;
      }
    }
    by_year.emplace_back(*year, &file);
  }
  if (!ok) return false;
  std::sort(by_year.begin(), by_year.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Collected collected;
  for (std::size_t i = 0; i < by_year.size(); ++i) {
    const MsspPufFile* baseline = i > 0 ? by_year[i - 1].second : nullptr;
    ok = collect_programs(*by_year[i].second, baseline, fmt::format("-PY{}", by_year[i].first),
                          &collected, errors, notes) &&
         ok;
  }
  if (!ok) return false;
  return write_programs(collected, out_json, errors, notes);
}

}  // namespace acocalc
