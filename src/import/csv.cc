#include "import/csv.h"

#include <fmt/format.h>

namespace acocalc {

bool parse_csv(std::string_view text, std::vector<CsvRecord>* records, std::string* error) {
  records->clear();
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  std::size_t i = text.starts_with(kBom) ? kBom.size() : 0;
  long line = 1;
  std::size_t line_start = 0;  // offset of the current line's first byte
  const auto fail = [&](std::size_t at, std::string_view message) {
    *error = fmt::format("{}:{}: {}", line, static_cast<long>(at - line_start) + 1, message);
    return false;
  };
  const auto end_of_line = [&](std::size_t at) {  // at: offset of '\n' or lone '\r'
    ++line;
    line_start = at + 1;
  };

  CsvRecord record{.line = line, .fields = {}};
  std::string field;
  bool quoted = false;  // the current field was quoted
  const auto finish_record = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    // An empty line is no record (RFC 4180 would make it one empty field).
    if (!(record.fields.size() == 1 && record.fields[0].empty() && !quoted)) {
      records->push_back(std::move(record));
    }
    record = CsvRecord{.line = line, .fields = {}};
    quoted = false;
  };

  const std::size_t n = text.size();
  bool at_field_start = true;
  while (i < n) {
    const char c = text[i];
    if (c == '\0') return fail(i, "NUL byte: not a text file");
    if (at_field_start && c == '"') {
      // Quoted field: runs to the closing quote; "" is one quote.
      quoted = true;
      const std::size_t open = i;
      const long open_line = line;
      const std::size_t open_line_start = line_start;
      ++i;
      for (;;) {
        if (i >= n) {
          line = open_line;
          line_start = open_line_start;
          return fail(open, "quoted field is not closed");
        }
        const char q = text[i];
        if (q == '\0') return fail(i, "NUL byte: not a text file");
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (q == '\n') end_of_line(i);
        if (q == '\r' && !(i + 1 < n && text[i + 1] == '\n')) end_of_line(i);
        field.push_back(q);
        ++i;
      }
      at_field_start = false;
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return fail(i, "expected ',' or end of line after a closing quote");
      }
      continue;
    }
    at_field_start = false;
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      quoted = false;
      at_field_start = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      const std::size_t at = (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? i + 1 : i;
      end_of_line(at);
      finish_record();
      at_field_start = true;
      i = at + 1;
    } else if (c == '"') {
      return fail(i, "quote inside an unquoted field (quote the whole field and double the quote)");
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (!at_field_start || !record.fields.empty() || quoted) finish_record();
  return true;
}

}  // namespace acocalc
