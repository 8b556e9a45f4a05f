// The reference for the loader's JSON parser (src/json/json_tree.h), shared by
// its unit test and the fuzz target: nlohmann's strict SAX parse, refusing
// repeated keys, nesting deeper than the loader's limit and NUL bytes.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace acocalc::testing {

inline constexpr std::size_t kDepth = 128;  // the loader's kMaxDepth

// The oracle: nlohmann's strict SAX parse, refusing repeated keys and
// nesting deeper than kDepth.
class Oracle : public nlohmann::json_sax<nlohmann::ordered_json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    keys_.emplace_back();
    return keys_.size() <= kDepth;
  }
  bool start_array(std::size_t) override {
    keys_.emplace_back();
    return keys_.size() <= kDepth;
  }
  bool end_object() override {
    keys_.pop_back();
    return true;
  }
  bool end_array() override {
    keys_.pop_back();
    return true;
  }
  bool key(string_t& key) override { return keys_.back().insert(key).second; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  std::vector<std::set<std::string>> keys_;
};

inline bool oracle_accepts(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) return false;  // the loader refuses a mid-stream BOM
  // nlohmann's lexer takes a NUL byte for the end of the input, so it would
  // accept `{}\0garbage`; JSON has no raw NUL anywhere, and the loader
  // refuses it rather than drop what follows.
  if (text.find('\0') != std::string_view::npos) return false;
  Oracle oracle;
  return nlohmann::ordered_json::sax_parse(
      text.begin(), text.end(), &oracle, nlohmann::ordered_json::input_format_t::json, true, false);
}

}  // namespace acocalc::testing
