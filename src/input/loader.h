// Input format v1: JSON text in, validated programs (and diagnostics) out.
// The loader collects every problem of a value before giving up on it, and
// never decides policy: it checks the rules of SPEC.md "Input format" and
// fills the model.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "acocalc/model.h"
#include "input/diagnostic.h"
#include "json/json_tree.h"

namespace acocalc {

using ordered_json = nlohmann::ordered_json;

// One entry of a program's `expect` block.
struct Expectation {
  std::string path;       // in the program's JSON report: "settlement.gross_savings"
  ordered_json expected;  // number, boolean, string or null
  double tolerance = 1e-9;

  bool operator==(const Expectation&) const = default;
};

// A valid program, with where it came from.
struct LoadedProgram {
  Program program;
  std::vector<Expectation> expect;
  std::vector<std::string> input_notes;  // the input's own "notes"
  std::string file;
  long line = 0;        // where its document starts
  std::string pointer;  // "/programs/3", or "" for a single-program document

  bool operator==(const LoadedProgram&) const = default;
};

// Programs loaded value after value into the same memory: a program loaded
// into a slot that held another reuses its strings and vectors, so that a
// long run stops allocating once its programs stop growing.
class ProgramList {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  LoadedProgram& operator[](std::size_t i) { return items_[i]; }
  const LoadedProgram& operator[](std::size_t i) const { return items_[i]; }
  LoadedProgram* begin() { return items_.data(); }
  LoadedProgram* end() { return items_.data() + size_; }
  // Forgets the programs; their memory stays for the next ones.
  void clear() { size_ = 0; }
  // The slot for the next program (a former program's, when there is one);
  // keep() adds it to the list.
  LoadedProgram& next();
  void keep() { ++size_; }

 private:
  std::vector<LoadedProgram> items_;
  std::size_t size_ = 0;
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
// The same, parsing into `tree` and loading into `programs`, which keep
// their memory from value to value.
//
// With `unkept`, errors past the first kValueErrors of the value are only
// counted there, so that memory stays bounded however many a value has.
bool load_value(std::string_view text, const ValueOrigin& origin, JsonTree& tree,
                ProgramList* programs, std::vector<Diagnostic>* errors,
                std::size_t* unkept = nullptr);
inline constexpr std::size_t kValueErrors = 1000;

// One program of a streamed {"acocalc": 1, "programs": [...]} document
// (ValueReader::split_documents()): the element at `index`, with `origin`
// the document's. The same programs and messages as the whole document
// gives, as long as the document is valid JSON: false, and no diagnostic,
// when the element is not (the caller then reads the document whole).
bool load_element(std::string_view text, const ValueOrigin& origin, std::size_t index,
                  JsonTree& tree, ProgramList* programs, std::vector<Diagnostic>* errors,
                  std::size_t* unkept = nullptr);

// The closest of `candidates` to `name` when it is close enough to be a
// likely typo ("did you mean"), else "".
std::string closest_name(std::string_view name, std::span<const std::string_view> candidates);

}  // namespace acocalc
