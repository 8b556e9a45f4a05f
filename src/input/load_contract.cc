// The generic shared-savings contract: benchmark, efficiency gate, sharing
// and its caps, the terms of two-sided contracts, and the rules that tie a
// contract to the program's periods. An MSSP contract ("model": "mssp") is
// read by load_mssp.cc.
#include <fmt/format.h>

#include <array>
#include <unordered_map>

#include "acocalc/names.h"
#include "acocalc/settlement.h"
#include "input/load_parts.h"

namespace acocalc::loading {
namespace {

std::optional<MinimumRate> parse_minimum_rate(Checker& check, JsonNode object, const Place& pointer,
                                              std::string_view key) {
  if (!object.contains(key)) return std::nullopt;
  JsonNode value = object.find(key);
  if (value.is_string()) {
    if (value.string() == "mssp_table") return MinimumRate{true, 0};
    check.error(
        Place(pointer, key),
        fmt::format("must be a fraction from 0 to 1 or \"mssp_table\", got {}", describe(value)));
    return std::nullopt;
  }
  auto rate = check.number_value(value, Place(pointer, key),
                                 {0, 1, false, false, "a fraction from 0 to 1 or \"mssp_table\""});
  if (!rate) return std::nullopt;
  return MinimumRate{false, *rate};
}

}  // namespace

std::optional<Benchmark> parse_benchmark(Checker& check, JsonNode value, const Place& pointer) {
  if (!check.is_object(value, pointer, "an object with one benchmark form")) return std::nullopt;
  check.only_keys(value, pointer,
                  key_set("total", "pmpm", "per_capita", "baseline_trend", "comparison_trend"));
  static constexpr std::array<std::pair<const char*, Benchmark::Kind>, 4> forms{
      {{"total", Benchmark::Kind::total},
       {"pmpm", Benchmark::Kind::pmpm},
       {"per_capita", Benchmark::Kind::per_capita},
       {"baseline_trend", Benchmark::Kind::baseline_trend}}};
  std::optional<Benchmark> benchmark;
  int given = 0;
  std::string names;
  for (JsonNode item : value.children()) {  // document order, for the message
    if (std::any_of(forms.begin(), forms.end(),
                    [&](const auto& f) { return item.key() == f.first; }) ||
        item.key() == "comparison_trend") {
      names += fmt::format("{}\"{}\"", names.empty() ? "" : " and ", item.key());
    }
  }
  if (value.contains("comparison_trend")) {
    ++given;
    const JsonNode flag = value.find("comparison_trend");
    if (!flag.is_boolean() || !flag.boolean()) {
      check.error(Place(pointer, "comparison_trend"),
                  fmt::format("must be true (the comparison group's spending trend), got {}",
                              describe(flag)));
    } else {
      benchmark = Benchmark{Benchmark::Kind::comparison_trend, 0};
    }
  }
  for (const auto& [key, kind] : forms) {
    if (!value.contains(key)) continue;
    ++given;
    auto x = check.number(value, pointer, key,
                          kind == Benchmark::Kind::baseline_trend ? kTrend : kPositive);
    if (x) benchmark = Benchmark{kind, *x};
  }
  if (given == 0) {
    check.error(pointer,
                "needs one of \"total\", \"pmpm\", \"per_capita\", \"baseline_trend\" "
                "or \"comparison_trend\"");
  } else if (given > 1) {
    check.error(pointer,
                fmt::format("give one benchmark form (\"total\", \"pmpm\", \"per_capita\", "
                            "\"baseline_trend\" or \"comparison_trend\"), not several; "
                            "got {}",
                            names));
    return std::nullopt;
  }
  return benchmark;
}

namespace {

// `metrics`: storage for the gate's metric names (a former gate's).
std::optional<EfficiencyGate> parse_gate(Checker& check, JsonNode value, const Place& pointer,
                                         std::vector<std::string>& metrics) {
  if (!check.is_object(value, pointer, "an efficiency gate object")) return std::nullopt;
  check.only_keys(value, pointer, key_set("metrics", "require", "min_improvement", "significant"));
  EfficiencyGate gate;
  if (!check.require(value, pointer, "metrics")) return std::nullopt;
  const std::size_t errors_before = check.error_count();
  gate.metrics.swap(metrics);
  check.strings(value, pointer, "metrics", gate.metrics);
  if (check.error_count() != errors_before) return std::nullopt;
  if (gate.metrics.empty()) {
    check.error(Place(pointer, "metrics"), "must name at least one utilization metric");
    return std::nullopt;
  }
  // Each metric counts once toward "require": a repeated name would count
  // one metric's improvement twice.
  std::unordered_map<std::string_view, std::size_t> first;
  for (std::size_t i = 0; i < gate.metrics.size(); ++i) {
    const auto [at, inserted] = first.emplace(gate.metrics[i], i);
    if (!inserted) {
      check.error(Place(Place(pointer, "metrics"), i),
                  fmt::format("repeats {}, already at index {}; a gate counts each metric once",
                              quote_name(gate.metrics[i]), at->second));
    }
  }
  if (check.error_count() != errors_before) return std::nullopt;
  if (value.contains("require")) {
    JsonNode require = value.find("require");
    if (require.is_string() && require.string() == "all") {
      gate.require.reset();
    } else {
      auto k = check.number_value(require, Place(pointer, "require"),
                                  {1, static_cast<double>(gate.metrics.size()), false, true,
                                   "\"all\" or a whole number from 1 to the number of metrics"});
      if (!k) return std::nullopt;
      gate.require = static_cast<int>(*k);
    }
  }
  gate.min_improvement =
      check
          .number(value, pointer, "min_improvement", {0, 1, false, false, "a fraction from 0 to 1"})
          .value_or(0);
  gate.significant = check.boolean(value, pointer, "significant").value_or(false);
  return gate;
}

std::optional<LossSharing> parse_loss_sharing(Checker& check, JsonNode value,
                                              const Place& pointer) {
  if (value.is_object()) {
    check.only_keys(value, pointer, key_set("complement_of_sharing_rate", "min", "max"));
    auto complement = check.boolean(value, pointer, "complement_of_sharing_rate");
    if (!complement || !*complement) {
      check.error(pointer,
                  "must be a fraction or {\"complement_of_sharing_rate\": true, \"min\": "
                  "..., \"max\": ...}");
      return std::nullopt;
    }
    LossSharing loss;
    loss.kind = LossSharing::Kind::complement_of_sharing_rate;
    loss.min = check.number(value, pointer, "min", kFraction).value_or(0);
    loss.max = check.number(value, pointer, "max", kFraction).value_or(1);
    if (loss.min > loss.max) {
      check.error(Place(pointer, "min"),
                  fmt::format("must not exceed \"max\" {}, got {}", loss.max, loss.min));
      return std::nullopt;
    }
    return loss;
  }
  auto rate = check.number_value(value, pointer, kFraction);
  if (!rate) return std::nullopt;
  return LossSharing{LossSharing::Kind::fixed, *rate, 0, 1};
}

}  // namespace

// `gate_metrics`: storage for the efficiency gate's metric names.
std::optional<Contract> parse_contract(Checker& check, JsonNode value, const Place& pointer,
                                       std::vector<std::string>& gate_metrics) {
  if (!check.is_object(value, pointer, "a contract object")) return std::nullopt;
  const std::size_t errors_before = check.error_count();
  auto model = value.contains("model")
                   ? check.choice(value, pointer, "model", {"shared_savings", "mssp"})
                   : std::optional<std::string_view>("shared_savings");
  if (!model) return std::nullopt;
  if (*model == "mssp") {
    auto contract = parse_mssp_contract(check, value, pointer);
    if (check.error_count() != errors_before) return std::nullopt;
    return contract;
  }
  check.only_keys(
      value, pointer,
      key_set("model", "benchmark", "risk_adjust", "two_sided", "minimum_savings_rate",
              "minimum_loss_rate", "sharing_rate", "quality_score", "quality_standard_met",
              "quality_adjustment", "efficiency_gate", "savings_cap", "sequestration",
              "loss_sharing_rate", "loss_limit", "loss_limit_revenue", "participant_revenue",
              "loss_adjustment", "care_coordination_fee_pmpm", "spending_cv"));
  Contract contract;
  if (check.require(value, pointer, "benchmark")) {
    contract.benchmark =
        parse_benchmark(check, value.find("benchmark"), Place(pointer, "benchmark"));
  }
  contract.risk_adjust = check.boolean(value, pointer, "risk_adjust").value_or(false);
  contract.two_sided = check.boolean(value, pointer, "two_sided").value_or(false);
  contract.minimum_savings_rate =
      parse_minimum_rate(check, value, pointer, "minimum_savings_rate").value_or(MinimumRate{});
  contract.minimum_loss_rate = parse_minimum_rate(check, value, pointer, "minimum_loss_rate");
  if (check.require(value, pointer, "sharing_rate")) {
    contract.sharing_rate = check.number(value, pointer, "sharing_rate", kFraction).value_or(0);
  }
  contract.quality_score = check.number(value, pointer, "quality_score", kFraction);
  contract.quality_standard_met = check.boolean(value, pointer, "quality_standard_met");
  if (auto adjustment = check.choice(value, pointer, "quality_adjustment", {"none", "multiply"})) {
    contract.quality_adjustment =
        *adjustment == "multiply" ? QualityAdjustment::multiply : QualityAdjustment::none;
    if (contract.quality_adjustment == QualityAdjustment::multiply && !contract.quality_score &&
        !value.contains("quality_score")) {
      check.error(Place(pointer, "quality_adjustment"), "\"multiply\" needs a \"quality_score\"");
    }
  }
  if (value.contains("efficiency_gate")) {
    contract.efficiency_gate = parse_gate(check, value.find("efficiency_gate"),
                                          Place(pointer, "efficiency_gate"), gate_metrics);
  }
  contract.savings_cap = check.number(value, pointer, "savings_cap", kFraction);
  contract.sequestration = check.number(value, pointer, "sequestration", kFraction).value_or(0);
  if (value.contains("loss_sharing_rate")) {
    contract.loss_sharing_rate = parse_loss_sharing(check, value.find("loss_sharing_rate"),
                                                    Place(pointer, "loss_sharing_rate"));
  }
  contract.loss_limit = check.number(value, pointer, "loss_limit", kFraction);
  contract.loss_limit_revenue = check.number(value, pointer, "loss_limit_revenue", kFraction);
  contract.participant_revenue = check.number(value, pointer, "participant_revenue", kNonNegative);
  contract.loss_adjustment =
      check.number(value, pointer, "loss_adjustment", kNonPositive).value_or(0);
  contract.care_coordination_fee_pmpm =
      check.number(value, pointer, "care_coordination_fee_pmpm", kNonNegative).value_or(0);
  contract.spending_cv = check.number(value, pointer, "spending_cv", kSpendingCv);

  // Fields that only make sense together.
  if (!contract.two_sided) {
    for (const char* key : {"minimum_loss_rate", "loss_sharing_rate", "loss_limit",
                            "loss_limit_revenue", "loss_adjustment"}) {
      if (value.contains(key)) {
        check.error(Place(pointer, key),
                    "applies only to two-sided contracts; set \"two_sided\": true or remove it");
      }
    }
  } else if (!value.contains("loss_sharing_rate")) {
    check.error(pointer, "a two-sided contract needs \"loss_sharing_rate\"");
  }
  if (value.contains("loss_limit_revenue") && !value.contains("participant_revenue")) {
    check.error(Place(pointer, "loss_limit_revenue"), "needs \"participant_revenue\"");
  }
  if (check.error_count() != errors_before) return std::nullopt;
  return contract;
}

// Rules that tie the contract to the periods.
void check_contract_against_periods(Checker& check, const Contract& contract,
                                    const Program& program, const Place& pointer) {
  const Place cp(pointer, "contract");
  // The dollar totals the settlement starts from must be exact.
  if (contract.benchmark && contract.benchmark->mssp_inputs) {
    check_benchmark_inputs_against_period(check, *contract.benchmark->mssp_inputs,
                                          program.performance, Place(cp, "benchmark"));
  } else if (auto benchmark = benchmark_total(program, contract); benchmark && !exact(*benchmark)) {
    check.error(Place(cp, "benchmark"),
                fmt::format("makes a benchmark of {} dollars for {} member months, {}",
                            figure(*benchmark), program.performance.member_months, kBeyondExact));
  }
  if (!exact(contract.care_coordination_fee_pmpm * program.performance.member_months)) {
    check.error(
        Place(cp, "care_coordination_fee_pmpm"),
        fmt::format("times {} member months makes {} dollars of fees, {}",
                    program.performance.member_months,
                    figure(contract.care_coordination_fee_pmpm * program.performance.member_months),
                    kBeyondExact));
  }
  if (!program.performance.expenditure) {
    check.error(Place(pointer, "performance"),
                "a program with a contract needs \"expenditure\" or \"pmpm\" to be settled");
  }
  if (contract.benchmark && contract.benchmark->kind == Benchmark::Kind::baseline_trend &&
      (!program.baseline || !program.baseline->expenditure)) {
    check.error(Place(Place(cp, "benchmark"), "baseline_trend"),
                "needs the baseline period's \"expenditure\" or \"pmpm\"");
  }
  if (contract.benchmark && contract.benchmark->kind == Benchmark::Kind::comparison_trend) {
    const Place benchmark(cp, "benchmark");  // a Place chains to its parent: keep it alive
    const Place where(benchmark, "comparison_trend");
    if (!program.comparison) {
      check.error(where, "needs a comparison group (\"comparison\" in the program)");
    } else if (!program.baseline || !program.baseline->expenditure ||
               !program.comparison->baseline.expenditure ||
               !program.comparison->performance.expenditure) {
      check.error(where,
                  "needs \"expenditure\" or \"pmpm\" in the program's baseline and in "
                  "both periods of the comparison group");
    } else if (*program.comparison->baseline.expenditure == 0) {
      check.error(where, "needs a comparison baseline spending above 0 (it divides by it)");
    }
  }
  if (contract.risk_adjust &&
      (!program.baseline || !program.baseline->risk_score || !program.performance.risk_score)) {
    check.error(Place(cp, "risk_adjust"), "needs \"risk_score\" in both periods");
  }
  const bool needs_headcount =
      contract.minimum_savings_rate.mssp_table ||
      (contract.minimum_loss_rate && contract.minimum_loss_rate->mssp_table);
  if (needs_headcount && !program.performance.assigned_beneficiaries) {
    check.error(Place(pointer, "performance"),
                "the MSSP minimum savings rate table needs \"assigned_beneficiaries\"");
  }
  if (contract.efficiency_gate && !program.baseline) {
    check.error(Place(cp, "efficiency_gate"),
                "compares utilization with the baseline period, and the program has no "
                "\"baseline\"");
  } else if (contract.efficiency_gate) {
    const auto& metrics = contract.efficiency_gate->metrics;
    thread_local NameIndex<Metric> performance, baseline;  // their memory serves every program
    performance.reset(program.performance.utilization);
    baseline.reset(program.baseline->utilization);
    std::vector<std::string_view> names;  // suggestions: metrics of both periods
    bool named = false;
    std::size_t missing = 0;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      if (!performance.find(metrics[i], i) || !baseline.find(metrics[i], i)) {
        // A suggestion compares the name with every metric: only the first
        // ten get one, so that a gate of many unknown names stays linear.
        if (++missing > 10) {
          check.error(Place(Place(Place(cp, "efficiency_gate"), "metrics"), i),
                      fmt::format("names {}, which is not a utilization metric of both periods",
                                  quote_name(metrics[i])));
          continue;
        }
        if (!named) {
          named = true;
          const auto& all = program.performance.utilization;
          for (std::size_t k = 0; k < all.size(); ++k) {
            if (baseline.find(all[k].name, k)) names.push_back(all[k].name);
          }
        }
        std::string message = fmt::format(
            "names {}, which is not a utilization metric of both periods", quote_name(metrics[i]));
        const std::string suggestion = closest_name(metrics[i], names);
        if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
        check.error(Place(Place(Place(cp, "efficiency_gate"), "metrics"), i), message);
      }
    }
  }
}

}  // namespace acocalc::loading
