// A small RFC 4180 reader: comma-separated fields, records ended by CRLF or
// LF, double-quoted fields that may hold commas, line breaks and doubled
// quotes (""), and a leading UTF-8 byte-order mark skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace acocalc {

// One record and the 1-based line where it starts.
struct CsvRecord {
  long line = 0;
  std::vector<std::string> fields;
};

// Splits `text` into records. Empty lines are skipped (a file's trailing
// newline does not make an empty record). False, with `*error` set to
// "LINE:COLUMN: MESSAGE", on a NUL byte (not text), a quote inside an
// unquoted field, text after a closing quote, or a quoted field left open at
// the end of the input. Fields keep their bytes: no trimming, no conversion.
bool parse_csv(std::string_view text, std::vector<CsvRecord>* records, std::string* error);

}  // namespace acocalc
