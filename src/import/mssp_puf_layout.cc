// Reading a CMS MSSP PUF by header name, whatever its year's layout
// (docs/mssp-methodology.md sections 4 and 5): its cells, its table, the
// year in its name and where it keeps each figure. mssp_puf.cc turns its
// rows into input format v1.
//
// Cells. A cell is a number ("89,403" and "$1,234" lose their separators;
// "6.46%" is 0.0646), suppressed ("*"), not applicable ("-", empty, "N/A"),
// or text ("P4R", "Low Revenue"). Text in a column that must hold a number is
// an error with its line.
//
// Units of rate columns (Sav_rate, MinSavPerc, QualScore, FinalShareRate,
// QualPerfShare / MaxShareRate) are inferred per column per file, because
// years differ and one file can mix them (PY2015):
//   - a value written with "%" is percent, whatever its column;
//   - Sav_rate without "%" is percent when its numbers are closer, summed
//     over the rows, to 100 x BnchmkMinExp / ABtotBnchmk than to the
//     fraction itself; MinSavPerc likewise against the MSR table (rows with
//     500 or more beneficiaries);
//   - the other rate columns have no reference figure and are percent when
//     any value exceeds 1 (a quality score or sharing rate is at most 1).
// The published precision of a column (its most decimals) sets the
// resolution used to widen an expectation's tolerance: PY2018 publishes
// QualScore to 4 decimals, which moves a $100M savings payment by up to
// 100M x 0.5 x 0.98 x 0.00005 = $2,450.
#include "import/mssp_puf_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

#include "acocalc/mssp.h"

namespace acocalc {
namespace puf {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// ---------------------------------------------------------------- cells

Cell read_cell(std::string_view raw) {
  Cell cell;
  const std::string_view text = trim(raw);
  cell.text = text;
  if (text.empty() || text == "-" || text == "." || lower(text) == "n/a" || lower(text) == "na") {
    cell.kind = Cell::Kind::not_applicable;
    return cell;
  }
  if (text == "*") {
    cell.kind = Cell::Kind::suppressed;
    return cell;
  }
  std::string digits;
  std::string_view rest = text;
  bool negative = false;
  if (rest.starts_with('-')) {
    negative = true;
    rest.remove_prefix(1);
  }
  if (rest.starts_with('$')) rest.remove_prefix(1);
  if (rest.ends_with('%')) {
    cell.percent = true;
    rest.remove_suffix(1);
  }
  // Thousands separators: a comma must have three digits after it.
  bool seen_point = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == ',') {
      const auto digit_at = [&](std::size_t k) { return k < rest.size() && is_digit(rest[k]); };
      const bool grouped = !seen_point && i > 0 && digit_at(i + 1) && digit_at(i + 2) &&
                           digit_at(i + 3) &&
                           (i + 4 == rest.size() || rest[i + 4] == ',' || rest[i + 4] == '.');
      if (!grouped) {
        cell.kind = Cell::Kind::text;
        return cell;
      }
      continue;
    }
    if (c == '.') seen_point = true;
    digits.push_back(c);
  }
  double value = 0;
  const char* begin = digits.data();
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (digits.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) ||
      digits.front() == '-' || digits.front() == '+') {
    cell.kind = Cell::Kind::text;
    return cell;
  }
  const std::size_t point = digits.find('.');
  const std::size_t exponent = digits.find_first_of("eE");
  if (point != std::string::npos) {
    const std::size_t stop = exponent == std::string::npos ? digits.size() : exponent;
    cell.decimals = static_cast<int>(stop - point - 1);
  }
  cell.kind = Cell::Kind::number;
  cell.value = (negative ? -value : value) / (cell.percent ? 100.0 : 1.0);
  if (cell.percent) cell.decimals += 2;
  return cell;
}

std::optional<bool> flag(const CsvRecord& row, std::size_t column) {
  const std::string text = lower(trim(row.fields[column]));
  if (text == "1" || text == "1.0" || text == "y" || text == "yes" || text == "true") return true;
  if (text == "0" || text == "0.0" || text == "n" || text == "no" || text == "false") return false;
  return std::nullopt;
}

// ---------------------------------------------------------------- table

bool read_table(const MsspPufFile& file, Table* table, std::vector<std::string>* errors) {
  table->name = std::string(file.name);
  std::string error;
  std::vector<CsvRecord> records;
  if (!parse_csv(file.text, &records, &error)) {
    errors->push_back(fmt::format("{}:{} (not a CSV file?)", file.name, error));
    return false;
  }
  if (records.empty()) {
    errors->push_back(fmt::format("{}: empty file: expected a CSV header line", file.name));
    return false;
  }
  table->headers = records.front().fields;
  bool ok = true;
  for (std::size_t i = 0; i < table->headers.size(); ++i) {
    const std::string key = lower(trim(table->headers[i]));
    if (key.empty()) continue;
    if (!table->columns.emplace(key, i).second) {
      errors->push_back(
          fmt::format("{}:1: column \"{}\" appears twice", file.name, trim(table->headers[i])));
      ok = false;
    }
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].fields.size() != table->headers.size()) {
      errors->push_back(fmt::format("{}:{}: {} fields, but the header has {}", file.name,
                                    records[r].line, records[r].fields.size(),
                                    table->headers.size()));
      ok = false;
    }
  }
  records.erase(records.begin());
  table->rows = std::move(records);
  return ok;
}

namespace {

// ---------------------------------------------------------------- columns

// Sets the resolution from the most decimals written in the column.
void set_resolution(const Table& table, RateColumn* column) {
  int decimals = 0;
  for (const CsvRecord& row : table.rows) {
    const Cell cell = Table::cell(row, column->index);
    if (cell.kind == Cell::Kind::number) {
      decimals = std::max(decimals, cell.decimals + (cell.percent ? 0 : column->scale < 1 ? 2 : 0));
    }
  }
  column->resolution = 0.5 * std::pow(10.0, -decimals);
}

// Percent when any plain number exceeds 1 (rates bounded by 1).
RateColumn bounded_rate_column(const Table& table, std::optional<std::size_t> index) {
  RateColumn column{.index = index};
  for (const CsvRecord& row : table.rows) {
    const Cell cell = Table::cell(row, index);
    if (cell.kind == Cell::Kind::number && !cell.percent && std::abs(cell.value) > 1) {
      column.scale = 0.01;
    }
  }
  set_resolution(table, &column);
  return column;
}

// Percent when the plain numbers sit closer to 100 x `reference` than to it.
template <typename Reference>
RateColumn referenced_rate_column(const Table& table, std::optional<std::size_t> index,
                                  Reference reference) {
  RateColumn column{.index = index};
  double as_fraction = 0;
  double as_percent = 0;
  for (const CsvRecord& row : table.rows) {
    const Cell cell = Table::cell(row, index);
    if (cell.kind != Cell::Kind::number || cell.percent) continue;
    const std::optional<double> expected = reference(row);
    if (!expected) continue;
    as_fraction += std::abs(cell.value - *expected);
    as_percent += std::abs(cell.value / 100 - *expected);
  }
  if (as_percent < as_fraction) column.scale = 0.01;
  set_resolution(table, &column);
  return column;
}

}  // namespace

std::optional<double> number(const CsvRecord& row, std::optional<std::size_t> column) {
  const Cell cell = Table::cell(row, column);
  if (cell.kind != Cell::Kind::number) return std::nullopt;
  return cell.value;
}

bool find_layout(const Table& table, Layout* layout, std::vector<std::string>* errors) {
  Layout& l = *layout;
  l.id = table.find({"ACO_ID", "ACO_Num"});
  l.name = table.find({"ACO_Name"});
  l.state = table.find({"ACO_State"});
  l.assigned = table.find({"N_AB"});
  l.person_years = table.find({"N_AB_Year_PY", "N_AB_Year"});
  l.benchmark = table.find({"ABtotBnchmk"});
  l.expenditure = table.find({"ABtotExp"});
  l.gross_savings = table.find({"BnchmkMinExp"});
  l.earned = table.find({"EarnSaveLoss"});
  l.loss_adjustment = table.find({"DisAdj"});
  l.met_qps = table.find({"Met_QPS"});
  l.met_alt_qps = table.find({"Met_AltQPS"});
  l.met_40pctl = table.find({"Met_40pctl"});
  l.revenue_category = table.find({"Rev_Exp_Cat"});
  l.revenue_loss_limit = table.find({"RevLossLimit"});
  l.start_date = table.find({"Current_Start_Date", "Start_Date"});
  l.current_track = table.find({"Current_Track"});
  l.risk_model = table.find({"Risk_Model"});
  l.guardrail = table.find({"Guardrail"});

  const std::array<std::pair<std::string_view, MsspTrack>, 6> old_names{
      {{"Track1", MsspTrack::track_1},
       {"Track2", MsspTrack::track_2},
       {"Current_Track_1", MsspTrack::track_1},
       {"Current_Track_2", MsspTrack::track_2},
       {"Current_Track_3", MsspTrack::track_3},
       {"Current_Track_1_Plus", MsspTrack::track_1_plus}}};
  const std::array<std::pair<std::string_view, MsspTrack>, 6> new_names{
      {{"Current_BASIC_A", MsspTrack::basic_a},
       {"Current_BASIC_B", MsspTrack::basic_b},
       {"Current_BASIC_C", MsspTrack::basic_c},
       {"Current_BASIC_D", MsspTrack::basic_d},
       {"Current_BASIC_E", MsspTrack::basic_e},
       {"Current_ENHANCED", MsspTrack::enhanced}}};
  for (const auto& [name, track] : old_names) {
    if (auto index = table.find({name})) l.old_flags.emplace_back(*index, track);
  }
  for (const auto& [name, track] : new_names) {
    if (auto index = table.find({name})) l.new_flags.emplace_back(*index, track);
  }

  bool ok = true;
  const auto require = [&](const std::optional<std::size_t>& column, std::string_view what) {
    if (!column) {
      errors->push_back(fmt::format("{}: missing column {}", table.name, what));
      ok = false;
    }
  };
  require(l.id, "ACO_ID (or ACO_Num)");
  require(l.assigned, "N_AB");
  require(l.person_years, "N_AB_Year_PY (or N_AB_Year)");
  require(l.benchmark, "ABtotBnchmk");
  require(l.expenditure, "ABtotExp");
  if (!l.current_track && l.old_flags.empty() && l.new_flags.empty()) {
    errors->push_back(fmt::format(
        "{}: missing track columns: expected Current_Track, Current_BASIC_A ... Current_ENHANCED, "
        "Current_Track_1 ... Current_Track_1_Plus, or Track1 and Track2",
        table.name));
    ok = false;
  }
  if (!ok) return false;

  l.savings_rate =
      referenced_rate_column(table, table.find({"Sav_rate"}), [&](const CsvRecord& row) {
        const auto b = number(row, l.benchmark);
        const auto e = number(row, l.expenditure);
        return (b && e && *b != 0) ? std::optional<double>((*b - *e) / *b) : std::nullopt;
      });
  l.minimum_savings_rate =
      referenced_rate_column(table, table.find({"MinSavPerc"}), [&](const CsvRecord& row) {
        const auto n = number(row, l.assigned);
        return n ? mssp_minimum_savings_rate(*n) : std::nullopt;
      });
  l.quality_score = bounded_rate_column(table, table.find({"QualScore"}));
  l.final_sharing_rate = bounded_rate_column(table, table.find({"FinalShareRate"}));
  return true;
}

// Every numeric column the import reads must hold numbers (or *, -, empty).
bool check_numbers(const Table& table, const Layout& l, std::vector<std::string>* errors) {
  bool ok = true;
  const std::vector<std::optional<std::size_t>> numeric{l.assigned,
                                                        l.person_years,
                                                        l.benchmark,
                                                        l.expenditure,
                                                        l.gross_savings,
                                                        l.earned,
                                                        l.loss_adjustment,
                                                        l.savings_rate.index,
                                                        l.minimum_savings_rate.index,
                                                        l.final_sharing_rate.index};
  for (const CsvRecord& row : table.rows) {
    for (const auto& column : numeric) {
      if (!column) continue;
      const Cell cell = Table::cell(row, column);
      if (cell.kind == Cell::Kind::text) {
        errors->push_back(fmt::format("{}:{}: column {}: expected a number, got \"{}\"", table.name,
                                      row.line, trim(table.headers[*column]), cell.text));
        ok = false;
      }
    }
    const Cell quality = Table::cell(row, l.quality_score.index);
    if (quality.kind == Cell::Kind::text && lower(quality.text) != "p4r") {
      errors->push_back(fmt::format("{}:{}: column {}: expected a number or P4R, got \"{}\"",
                                    table.name, row.line,
                                    trim(table.headers[*l.quality_score.index]), quality.text));
      ok = false;
    }
  }
  return ok;
}

}  // namespace puf

using namespace puf;  // lower(), is_digit()

namespace {

// ---------------------------------------------------------------- year

std::optional<int> year_at(std::string_view text, std::size_t at) {
  if (at + 4 > text.size()) return std::nullopt;
  int year = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    year = year * 10 + (text[i] - '0');
  }
  if (at + 4 < text.size() && is_digit(text[at + 4])) return std::nullopt;
  return year;
}

}  // namespace

std::optional<int> mssp_puf_year_from_name(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  const std::string base = lower(slash == std::string_view::npos ? name : name.substr(slash + 1));
  for (std::size_t at = base.find("py"); at != std::string::npos; at = base.find("py", at + 1)) {
    if (auto year = year_at(base, at + 2)) return year;
  }
  std::set<int> years;
  for (std::size_t i = 0; i + 4 <= base.size(); ++i) {
    if (i > 0 && is_digit(base[i - 1])) continue;
    if (auto year = year_at(base, i); year && *year >= 2012 && *year <= 2099) years.insert(*year);
  }
  if (years.size() == 1) return *years.begin();
  return std::nullopt;
}

}  // namespace acocalc
