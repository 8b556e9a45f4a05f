// `acocalc rules`: the MSSP year table and track table as acocalc applies
// them (include/acocalc/mssp.h), as a table or as JSON.
#include <fmt/format.h>

#include "acocalc/mssp.h"
#include "json/format.h"
#include "json/json_writer.h"
#include "render/render.h"

namespace acocalc {
namespace {

std::string tracks_of(const MsspYearRules& year, std::string_view separator) {
  std::string out;
  for (MsspTrack track : mssp_tracks()) {
    if (!mssp_track_valid_in(track, year.year)) continue;
    if (!out.empty()) out += separator;
    out += mssp_track_name(track);
  }
  return out;
}

std::string_view quality_words(MsspQualityRule rule) {
  switch (rule) {
    case MsspQualityRule::score_scales_rate:
      return "max rate x quality score (P4R: max rate)";
    case MsspQualityRule::standard_full_rate:
      return "max rate once the standard is met";
    case MsspQualityRule::standard_or_alternative:
      return "max rate at the standard; x score under the alternative";
  }
  return "";
}

std::string_view loss_rule_name(MsspLossRule rule) {
  switch (rule) {
    case MsspLossRule::none:
      return "none";
    case MsspLossRule::fixed:
      return "fixed";
    case MsspLossRule::complement:
      return "complement";
  }
  return "";
}

std::string loss_words(const MsspTrackRules& t, const MsspYearRules& year) {
  switch (t.loss_rule) {
    case MsspLossRule::none:
      return "one-sided";
    case MsspLossRule::fixed:
      return percent(t.loss_rate, 0);
    case MsspLossRule::complement:
      return fmt::format("1 - {} in [{}, {}]",
                         year.quality == MsspQualityRule::score_scales_rate
                             ? std::string("final rate")
                             : fixed(t.max_sharing_rate, 2) + " x score",
                         percent(t.loss_min, 0), percent(t.loss_max, 0));
  }
  return "";
}

std::string limit_words(const MsspTrackRules& t) {
  if (t.loss_rule == MsspLossRule::none) return "";
  std::string benchmark = percent(t.loss_limit[0], 1);
  if (t.loss_limit[1] != t.loss_limit[0] || t.loss_limit[2] != t.loss_limit[0]) {
    benchmark = fmt::format("{}/{}/{}", percent(t.loss_limit[0], 1), percent(t.loss_limit[1], 1),
                            percent(t.loss_limit[2], 1));
  }
  if (t.loss_limit_revenue > 0) {
    return fmt::format("{} of revenue, at most {} of B", percent(t.loss_limit_revenue, 0),
                       benchmark);
  }
  return benchmark + " of B";
}

}  // namespace

std::string render_mssp_rules_table(std::span<const MsspYearRules> years) {
  std::string out = "== MSSP rules by performance year\n";
  out += fmt::format("  {:<4}  {:<13}  {:<5}  {:<6}  {:<10}  {}\n", "Year", "Sequestration", "EUC",
                     "<MSR", "Quality", "Tracks");
  for (const MsspYearRules& y : years) {
    out += fmt::format("  {:<4}  {:<13}  {:<5}  {:<6}  {:<10}  {}\n", y.year,
                       percent(y.sequestration, 0), percent(y.euc_share, 0),
                       y.reduced_sharing_below_msr ? "half" : "none",
                       y.quality == MsspQualityRule::score_scales_rate    ? "x score"
                       : y.quality == MsspQualityRule::standard_full_rate ? "standard"
                                                                          : "std/alt",
                       tracks_of(y, " "));
  }
  out +=
      "\n  EUC: share of shared losses forgiven (extreme and uncontrollable circumstances)\n"
      "  <MSR: low-revenue BASIC ACOs with 5,000+ beneficiaries in an agreement from\n"
      "        2024-01-01 share savings below the MSR at half the rate\n";
  out += "  Quality rules:\n";
  for (MsspQualityRule rule :
       {MsspQualityRule::score_scales_rate, MsspQualityRule::standard_full_rate,
        MsspQualityRule::standard_or_alternative}) {
    const std::string_view word = rule == MsspQualityRule::score_scales_rate    ? "x score"
                                  : rule == MsspQualityRule::standard_full_rate ? "standard"
                                                                                : "std/alt";
    out += fmt::format("    {:<9} {}\n", word, quality_words(rule));
  }
  if (years.size() == 1) {
    const MsspYearRules& y = years.front();
    out += fmt::format("\n== Tracks of PY{}\n", y.year);
    out += fmt::format("  {:<12}  {:>7}  {:>4}  {:<28}  {}\n", "Track", "Sharing", "Cap",
                       "Loss sharing", "Loss limit");
    for (MsspTrack track : mssp_tracks()) {
      if (!mssp_track_valid_in(track, y.year)) continue;
      const MsspTrackRules& t = mssp_track_rules(track);
      out += fmt::format("  {:<12}  {:>7}  {:>4}  {:<28}  {}\n", t.name,
                         percent(t.max_sharing_rate, 0), percent(t.savings_cap, 0),
                         loss_words(t, y), limit_words(t));
    }
  }
  return out;
}

std::string render_mssp_rules_json(std::span<const MsspYearRules> years) {
  std::string out;
  {
    JsonWriter w(out, 2);
    w.begin_object();
    w.simple_key("years");
    w.begin_array();
    for (const MsspYearRules& y : years) {
      w.begin_object();
      w.simple_key("performance_year");
      w.number(y.year);
      w.simple_key("tracks");
      w.begin_array();
      for (MsspTrack track : mssp_tracks()) {
        if (!mssp_track_valid_in(track, y.year)) continue;
        const MsspTrackRules& t = mssp_track_rules(track);
        w.begin_object();
        w.simple_key("track");
        w.string(t.name);
        w.simple_key("max_sharing_rate");
        w.number(t.max_sharing_rate);
        w.simple_key("savings_cap");
        w.number(t.savings_cap);
        w.simple_key("loss_rule");
        w.string(loss_rule_name(t.loss_rule));
        w.simple_key("loss_rate");
        w.number(t.loss_rate);
        w.simple_key("loss_min");
        w.number(t.loss_min);
        w.simple_key("loss_max");
        w.number(t.loss_max);
        w.simple_key("loss_limit_by_agreement_year");
        w.begin_array();
        for (double limit : t.loss_limit) w.number(limit);
        w.end_array();
        w.simple_key("loss_limit_revenue");
        w.number(t.loss_limit_revenue);
        w.end_object();
      }
      w.end_array();
      w.simple_key("quality_rule");
      w.string(mssp_quality_rule_name(y.quality));
      w.simple_key("reduced_sharing_below_msr");
      w.boolean(y.reduced_sharing_below_msr);
      w.simple_key("euc_share");
      w.number(y.euc_share);
      w.simple_key("sequestration");
      w.number(y.sequestration);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  out += '\n';
  return out;
}

}  // namespace acocalc
