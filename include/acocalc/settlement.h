// Shared-savings settlement: benchmark, savings rate, minimum savings rate,
// gates, sharing, sequestration, cap, losses. docs/mssp-methodology.md
// section 1 gives the order; README "Settlement" restates it.
#pragma once

#include <optional>
#include <vector>

#include "acocalc/model.h"
#include "acocalc/report.h"

namespace acocalc {

// Gross savings, benchmark minus expenditure (negative is a loss).
double gross_savings(double benchmark, double expenditure);

// Gross savings over the benchmark. The denominator is the benchmark, not
// the expenditure (42 CFR 425.604(c)). nullopt when the benchmark is 0.
std::optional<double> savings_rate(double benchmark, double expenditure);

// The benchmark total for the performance period, or nullopt when the
// contract's form needs a figure the program lacks (documented per form).
std::optional<double> benchmark_total(const Program& program, const Contract& contract);

// The efficiency gate's verdict over the program's utilization changes; the
// second form writes into `result`, reusing its memory.
EfficiencyGateResult evaluate_efficiency_gate(const EfficiencyGate& gate,
                                              const std::vector<MetricChange>& utilization);
void evaluate_efficiency_gate(const EfficiencyGate& gate,
                              const std::vector<MetricChange>& utilization,
                              EfficiencyGateResult& result);

// The break-even and headroom figures of a settled program (filled by settle()).
Headroom settlement_headroom(const Contract& contract, const Settlement& settlement);

// The chance that spending with mean `expected_expenditure` and coefficient of
// variation `cv` (normal model) is at most `threshold`.
double probability_at_most(double threshold, double expected_expenditure, double cv);

// Settles a program under a generic contract (MSSP contracts are resolved to
// one first, see mssp.h). `utilization` feeds the efficiency gate. The
// second form writes into `settlement`, reusing its memory.
Settlement settle(const Program& program, const Contract& contract,
                  const std::vector<MetricChange>& utilization);
void settle(const Program& program, const Contract& contract,
            const std::vector<MetricChange>& utilization, Settlement& settlement);

}  // namespace acocalc
