// A parsed value of the project's reader as an nlohmann document, for the
// places where nlohmann earns its place (building small documents, the
// check command's expected values, the tests' oracle).
#pragma once

#include <nlohmann/json.hpp>

#include "json/json_tree.h"

namespace acocalc {

// A parsed value as nlohmann's, members in their order, in time linear in
// its size.
nlohmann::ordered_json json_value(JsonNode node);

}  // namespace acocalc
