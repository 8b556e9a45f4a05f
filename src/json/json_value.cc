#include "json/json_value.h"

#include <string>
#include <utility>

namespace acocalc {

nlohmann::ordered_json json_value(JsonNode node) {
  using json = nlohmann::ordered_json;
  switch (node.type()) {
    case JsonNode::Type::null:
      return nullptr;
    case JsonNode::Type::boolean:
      return node.boolean();
    case JsonNode::Type::integer:
      return node.integer();
    case JsonNode::Type::unsigned_integer:
      return node.unsigned_integer();
    case JsonNode::Type::floating:
      return node.number();
    case JsonNode::Type::string:
      return std::string(node.string());
    case JsonNode::Type::array: {
      json out = json::array();
      for (JsonNode element : node.children()) out.push_back(json_value(element));
      return out;
    }
    case JsonNode::Type::object: {
      // Members appended as they come: the tree's keys are unique already,
      // and ordered_json's own insertion searches every key (quadratic in a
      // report of many metrics).
      json out = json::object();
      auto& members = out.get_ref<json::object_t&>();
      members.reserve(node.size());
      for (JsonNode member : node.children()) {
        members.emplace_back(std::string(member.key()), json_value(member));
      }
      return out;
    }
  }
  return nullptr;
}

}  // namespace acocalc
