// `acocalc import mssp-puf`: turns a CMS Medicare Shared Savings Program
// public use file (PUF, any performance year) into input format v1, one
// program per ACO, with CMS's published results as `expect` entries.
// docs/mssp-methodology.md sections 4 and 5 describe the layouts.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace acocalc {

// One PUF file as the command line read it.
struct MsspPufFile {
  std::string_view name;  // the path as given ("-" for stdin): messages, and the year
  std::string_view text;  // the file's bytes
  // The performance year when the caller knows it (a --year option); else
  // it comes from the file name (see mssp_puf_year_from_name).
  std::optional<int> performance_year;
};

// The performance year in a PUF's file name: "PY2018" anywhere in the base
// name (case-insensitive), else the one year 2012-2099 standing alone in it
// ("2018_Shared_Savings_Program_PUF.csv"). nullopt when neither or several.
std::optional<int> mssp_puf_year_from_name(std::string_view name);

// Reads `puf` (and `baseline`, an earlier year's PUF for the same ACOs, when
// not null) and writes the input document to `*out_json`: deterministic,
// one program per line. False, with every problem in `*errors` as
// "FILE: MESSAGE" or "FILE:LINE: MESSAGE", when a file is not a CSV, lacks a
// required column, holds a malformed number, or its year cannot be told;
// `*out_json` is then left empty. What it writes is always valid input:
// every program is checked by the loader, and a row that would give an
// invalid program fails the import with its line. A row with neither a
// contract nor a baseline is left out, with a line in `*notes` (when given)
// saying why.
bool import_mssp_puf(const MsspPufFile& puf, const MsspPufFile* baseline, std::string* out_json,
                     std::vector<std::string>* errors, std::vector<std::string>* notes = nullptr);

// A panel: several years' PUFs (any order, one file a year) into one
// document, one program per ACO-year with the id "ACO_ID-PYyyyy", whose
// baseline is the same ACO's row in the next earlier year given. `notes`
// as above, plus a line for each pairing that matches no ACO at all.
bool import_mssp_puf_panel(std::span<const MsspPufFile> files, std::string* out_json,
                           std::vector<std::string>* errors, std::vector<std::string>* notes);

}  // namespace acocalc
