// Reading a CMS MSSP PUF: its cells, its table, and where its year's layout
// keeps each figure the import needs (mssp_puf_layout.cc). The rows become
// programs in mssp_puf.cc.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "acocalc/model.h"
#include "import/csv.h"
#include "import/mssp_puf.h"

namespace acocalc::puf {

std::string lower(std::string_view text);
// Without the spaces and tabs around it.
std::string_view trim(std::string_view text);
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------- cells

// One cell as a figure, read by read_cell (the rules: mssp_puf_layout.cc).
struct Cell {
  enum class Kind { number, suppressed, not_applicable, text };
  Kind kind = Kind::not_applicable;
  double value = 0;      // Kind::number; percent strings already divided by 100
  bool percent = false;  // written with "%"
  int decimals = 0;      // digits after the decimal point as written
  std::string_view text;
};

Cell read_cell(std::string_view raw);

// A cell read as a flag: true for 1, 1.0, y, yes or true, false for 0, 0.0, n,
// no or false (any case); else nullopt.
std::optional<bool> flag(const CsvRecord& row, std::size_t column);

// ---------------------------------------------------------------- table

// A PUF's rows, and its columns by header name (any case).
struct Table {
  std::string name;
  std::vector<CsvRecord> rows;                 // without the header
  std::map<std::string, std::size_t> columns;  // lower-cased header -> index
  std::vector<std::string> headers;            // as written

  std::optional<std::size_t> find(std::initializer_list<std::string_view> names) const {
    for (std::string_view wanted : names) {
      auto it = columns.find(lower(wanted));
      if (it != columns.end()) return it->second;
    }
    return std::nullopt;
  }
  static Cell cell(const CsvRecord& row, std::optional<std::size_t> column) {
    if (!column) return Cell{};
    return read_cell(row.fields[*column]);
  }
  std::string_view raw(const CsvRecord& row, std::optional<std::size_t> column) const {
    if (!column) return {};
    return trim(row.fields[*column]);
  }
};

// Reads `file` as a CSV with a header line; false, with the reasons in
// `errors` ("FILE:LINE: ..."), when it is not one or its rows are ragged.
bool read_table(const MsspPufFile& file, Table* table, std::vector<std::string>* errors);

// ---------------------------------------------------------------- layout

// A rate column and how its numbers become fractions.
struct RateColumn {
  std::optional<std::size_t> index;
  double scale = 1;       // 0.01 when the column's plain numbers are percent
  double resolution = 0;  // half a unit of the last published decimal, as a fraction

  // The cell as a fraction; nullopt unless a number.
  std::optional<double> value(const CsvRecord& row) const {
    const Cell cell = Table::cell(row, index);
    if (cell.kind != Cell::Kind::number) return std::nullopt;
    return cell.percent ? cell.value : cell.value * scale;
  }
};

// Where a PUF keeps each figure the import needs.
struct Layout {
  std::optional<std::size_t> id, name, state, assigned, person_years, benchmark, expenditure,
      gross_savings, earned, loss_adjustment, met_qps, met_alt_qps, met_40pctl, revenue_category,
      revenue_loss_limit, start_date, current_track, risk_model, guardrail;
  RateColumn savings_rate, minimum_savings_rate, quality_score, final_sharing_rate;
  // Track flag columns (0/1) of every era, with the track each one means.
  std::vector<std::pair<std::size_t, MsspTrack>> old_flags;  // Track1.., Current_Track_*
  std::vector<std::pair<std::size_t, MsspTrack>> new_flags;  // Current_BASIC_*, _ENHANCED
};

// The cell as a number; nullopt unless a number.
std::optional<double> number(const CsvRecord& row, std::optional<std::size_t> column);

// Finds where `table` keeps each figure, and the units of its rate columns;
// false, with the missing columns in `errors`.
bool find_layout(const Table& table, Layout* layout, std::vector<std::string>* errors);

// Every numeric column the import reads must hold numbers (or *, -, empty).
bool check_numbers(const Table& table, const Layout& l, std::vector<std::string>* errors);

}  // namespace acocalc::puf
