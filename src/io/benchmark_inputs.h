// The MSSP benchmark's inputs in an MSSP contract's "benchmark" object
// (README "The MSSP benchmark from its inputs"): which fields an agreement
// period's era needs, their ranges, and the ties to the performance period.
#pragma once

#include <optional>

#include "acocalc/model.h"
#include "io/checker.h"

namespace acocalc {

// Whether a contract's "benchmark" object gives the benchmark's inputs
// rather than a figure (it names "agreement_type" or a benchmark year).
bool gives_benchmark_inputs(JsonNode benchmark);

// The benchmark's inputs from `value` (at `pointer`), for an agreement that
// started `agreement_start` (yyyymmdd; 0 when the contract gives none) and
// is settled for `performance_year`; every problem is reported to `check`.
std::optional<MsspBenchmarkInputs> parse_benchmark_inputs(Checker& check, JsonNode value,
                                                          const Place& pointer, int agreement_start,
                                                          int performance_year);

// The inputs against the program's performance period: the person-years of
// the performance year must be its member-years, and the benchmark exact.
void check_benchmark_inputs_against_period(Checker& check, const MsspBenchmarkInputs& inputs,
                                           const Period& performance, const Place& benchmark);

}  // namespace acocalc
