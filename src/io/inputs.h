// Reads the run's inputs in order (files, or standard input for "-" or no
// file), one top-level value at a time, and hands each valid program to a
// callback: memory holds one document at a time.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/diagnostic.h"
#include "io/loader.h"

namespace acocalc {

struct InputOptions {
  std::vector<std::string> files;          // empty: standard input
  std::vector<std::string> only_programs;  // --program: keep these ids only
};

// What reading the inputs found.
struct InputSummary {
  std::size_t programs = 0;       // handed to the callback
  std::vector<Diagnostic> errors;
};

// Calls `on_program` for each valid program, in input order. Program ids
// must be unique across the run: a repeated id is an error naming both
// places. Returns the summary; `summary.errors` holds every problem.
InputSummary read_inputs(const InputOptions& options,
                         const std::function<void(LoadedProgram&&)>& on_program);

}  // namespace acocalc
