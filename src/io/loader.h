// Input format v1: JSON text in, validated programs (and diagnostics) out.
// The loader collects every problem of a value before giving up on it, and
// never decides policy: it checks the rules of SPEC.md "Input format" and
// fills the model.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "acocalc/model.h"
#include "io/diagnostic.h"
#include "io/json_tree.h"

namespace acocalc {

using ordered_json = nlohmann::ordered_json;

// One entry of a program's `expect` block.
struct Expectation {
  std::string path;       // in the program's JSON report: "settlement.gross_savings"
  ordered_json expected;  // number, boolean, string or null
  double tolerance = 1e-9;
};

// A valid program, with where it came from.
struct LoadedProgram {
  Program program;
  std::vector<Expectation> expect;
  std::vector<std::string> input_notes;  // the input's own "notes"
  std::string file;
  long line = 0;        // where its document starts
  std::string pointer;  // "/programs/3", or "" for a single-program document
};

// Where a top-level value sits in its file.
struct ValueOrigin {
  std::string file;
  long line = 1;
  long column = 1;
  bool show_line = false;  // the file holds several values (JSON Lines): name the line
  bool one_line = false;   // the value is one line of a JSON Lines file
};

// Parses one top-level JSON value (a program or a {"acocalc": 1, "programs":
// [...]} document) and validates it. Valid programs are appended to
// `programs`; every problem is appended to `errors`. A program with any error
// is left out; its siblings are kept. Returns false on a syntax error.
bool load_value(std::string_view text, const ValueOrigin& origin,
                std::vector<LoadedProgram>* programs, std::vector<Diagnostic>* errors);
// The same, parsing into `tree`, which keeps its memory from value to value.
bool load_value(std::string_view text, const ValueOrigin& origin, JsonTree& tree,
                std::vector<LoadedProgram>* programs, std::vector<Diagnostic>* errors);

// The closest of `candidates` to `name` when it is close enough to be a
// likely typo ("did you mean"), else "".
std::string closest_name(std::string_view name, std::span<const std::string_view> candidates);

}  // namespace acocalc
