// The Medicare Shared Savings Program's rules as data: the minimum savings
// rate table and the track parameters (docs/mssp-methodology.md, sections 2
// and 3; 42 CFR 425.604, 425.605, 425.606, 425.610).
#pragma once

#include <optional>
#include <string_view>

#include "acocalc/model.h"

namespace acocalc {

// The MSR for `assigned_beneficiaries` (PUF N_AB), linear within a band of the
// table with the band width hi - lo as denominator. nullopt below 500, where
// the table gives no value.
std::optional<double> mssp_minimum_savings_rate(double assigned_beneficiaries);

// The track's name as in input format v1 ("TRACK_1", "BASIC_C", "ENHANCED").
std::string_view mssp_track_name(MsspTrack track);
std::optional<MsspTrack> mssp_track_from_name(std::string_view name);

// Whether performance year `year` falls within the years the track existed
// (first agreements to last reconciliation); advisory, for the loader's checks.
bool mssp_track_offered_in(MsspTrack track, int year);

// Whether the track shares losses (two-sided risk).
bool mssp_track_two_sided(MsspTrack track);

// Fills the generic parameters of an MSSP contract (sharing rate, quality
// rule, cap, sequestration, loss sharing, loss limit, MSR/MLR default) from
// the track table and the performance year. Fields the input sets explicitly
// (benchmark, minimum_savings_rate, quality, loss_adjustment, revenue) are
// kept. Requires contract.mssp.
Contract resolve_mssp(const Contract& contract);

}  // namespace acocalc
