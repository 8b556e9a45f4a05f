#include "input/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "acocalc/model.h"
#include "input/expect.h"
#include "input/load_parts.h"
#include "json/json_tree.h"
#include "json/json_writer.h"

namespace acocalc {
namespace loading {

// Appends a key as a JSON pointer token (RFC 6901: "~" is "~0", "/" is "~1").
void append_pointer_token(std::string& out, std::string_view key) {
  if (std::none_of(key.begin(), key.end(), [](char c) { return c == '~' || c == '/'; })) {
    out.append(key);
    return;
  }
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

std::string pointer_token(std::string_view key) {
  std::string out;
  append_pointer_token(out, key);
  return out;
}

// A name from the input, quoted for a message; shortened when long (a key
// may be megabytes), never cut inside a UTF-8 character.
std::string quote_name(std::string_view name) {
  constexpr std::size_t kLongest = 60;
  if (name.size() <= kLongest) return "\"" + std::string(name) + "\"";
  std::size_t cut = kLongest - 3;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("\"{}...\" ({} bytes)", name.substr(0, cut), name.size());
}

std::string describe(JsonNode value) {
  switch (value.type()) {
    case JsonNode::Type::object:
      return "an object";
    case JsonNode::Type::array:
      return "an array";
    case JsonNode::Type::null:
      return "null";
    case JsonNode::Type::string: {
      // JSON's escapes keep control characters visible; long strings shortened.
      std::string text;
      append_json_string(text, value.string());
      return quote_name(std::string_view(text).substr(1, text.size() - 2));
    }
    case JsonNode::Type::boolean:
      return value.boolean() ? "true" : "false";
    case JsonNode::Type::integer:
      return std::to_string(value.integer());
    case JsonNode::Type::unsigned_integer:
      return std::to_string(value.unsigned_integer());
    case JsonNode::Type::floating: {
      std::string text;
      append_json_number(text, value.number() == 0 ? 0.0 : value.number());  // never "-0.0"
      return text;
    }
  }
  return "";
}

// A computed figure for a message: never "inf" (a product or quotient of
// valid inputs can overflow a double).
std::string figure(double x) {
  if (std::isfinite(x)) return fmt::format("{}", x == 0 ? 0.0 : x);
  return x > 0 ? "more than 1.8e308" : "less than -1.8e308";
}

}  // namespace loading

using namespace loading;  // Place, Checker and the parts (load_parts.h)

namespace {

using json = ordered_json;

constexpr std::size_t kMaxDepth = 128;

// ---------------------------------------------------------------- parsing

// -------------------------------------------------------------- validation

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 200 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// A scalar of the input as a JSON value (expectations keep theirs).
ordered_json scalar_json(JsonNode value) {
  switch (value.type()) {
    case JsonNode::Type::boolean:
      return value.boolean();
    case JsonNode::Type::integer:
      return value.integer();
    case JsonNode::Type::unsigned_integer:
      return value.unsigned_integer();
    case JsonNode::Type::floating:
      return value.number() == 0 ? 0.0 : value.number();  // `check` never prints "-0"
    case JsonNode::Type::string:
      return std::string(value.string());
    default:
      return nullptr;
  }
}

std::vector<Expectation> parse_expect(Checker& check, JsonNode value, const Place& pointer) {
  std::vector<Expectation> out;
  if (!check.is_object(value, pointer, "an object of expected values")) return out;
  for (JsonNode item : value.children()) {
    const Place p(pointer, item.key());
    Expectation e;
    e.path = item.key();
    JsonNode expected = item;
    if (item.is_object()) {
      check.only_keys(item, p, key_set("value", "tolerance"));
      if (!check.require(item, p, "value")) continue;
      expected = item.find("value");
      if (auto tolerance = check.number(item, p, "tolerance", kNonNegative))
        e.tolerance = *tolerance;
    }
    if (expected.is_structured()) {
      check.error(p, "an expected value must be a number, a boolean, a string or null");
      continue;
    }
    if (auto problem = expect_path_problem(e.path)) {
      check.error(p, *problem);
      continue;
    }
    e.expected = scalar_json(expected);
    out.push_back(std::move(e));
  }
  return out;
}

// Validates one program object into the next slot of `programs`, reusing
// its memory; keeps it when it has no errors.
void load_program(Checker& check, JsonNode value, const Place& pointer, const ValueOrigin& origin,
                  ProgramList* programs) {
  if (!check.is_object(value, pointer, "a program object")) return;
  const std::size_t errors_before = check.error_count();
  check.only_keys(value, pointer,
                  key_set("id", "name", "description", "location", "payer_type", "payers",
                          "partners", "population", "sources", "notes", "baseline", "performance",
                          "comparison", "contract", "expect"));
  LoadedProgram& loaded = programs->next();
  Program& program = loaded.program;
  program.id.clear();
  if (check.require(value, pointer, "id")) {
    if (auto id = check.string(value, pointer, "id")) {
      if (valid_id(*id)) {
        program.id.assign(*id);
      } else {
        check.error(Place(pointer, "id"),
                    fmt::format("must be 1 to 200 characters of A-Z a-z 0-9 . _ -, got {}",
                                describe(value.find("id"))));
      }
    }
  }
  program.name.assign(check.string(value, pointer, "name").value_or(program.id));
  program.description.assign(check.string(value, pointer, "description").value_or(""));
  program.location.assign(check.string(value, pointer, "location").value_or(""));
  program.population.assign(check.string(value, pointer, "population").value_or(""));
  program.payer_type.assign(
      check
          .choice(value, pointer, "payer_type",
                  {"commercial", "medicare", "medicaid", "medicare_advantage", "mixed"})
          .value_or(""));
  check.strings(value, pointer, "payers", program.payers);
  check.strings(value, pointer, "partners", program.partners);
  check.strings(value, pointer, "sources", program.sources);
  check.strings(value, pointer, "notes", loaded.input_notes);
  if (value.contains("baseline")) {
    if (!program.baseline) program.baseline.emplace();
    parse_period(check, value.find("baseline"), Place(pointer, "baseline"), "baseline",
                 *program.baseline);
  } else {
    program.baseline.reset();
  }
  if (check.require(value, pointer, "performance")) {
    parse_period(check, value.find("performance"), Place(pointer, "performance"), "performance",
                 program.performance);
  }
  if (value.contains("comparison")) {
    if (!program.comparison) program.comparison.emplace();
    parse_comparison(check, value.find("comparison"), Place(pointer, "comparison"),
                     *program.comparison);
    if (!value.contains("baseline")) {
      check.error(Place(pointer, "comparison"),
                  "needs the program's \"baseline\": an effect against a comparison group "
                  "compares both groups' changes");
    }
  } else {
    program.comparison.reset();
  }
  std::vector<std::string> gate_metrics;  // the last gate's, for its memory
  if (program.contract && program.contract->efficiency_gate) {
    gate_metrics.swap(program.contract->efficiency_gate->metrics);
  }
  program.contract.reset();
  if (value.contains("contract")) {
    program.contract =
        parse_contract(check, value.find("contract"), Place(pointer, "contract"), gate_metrics);
  }
  loaded.expect.clear();
  if (value.contains("expect")) {
    loaded.expect = parse_expect(check, value.find("expect"), Place(pointer, "expect"));
  }
  // A baseline is required unless the contract gives the benchmark directly.
  const bool direct_benchmark =
      program.contract && program.contract->benchmark &&
      program.contract->benchmark->kind != Benchmark::Kind::baseline_trend &&
      program.contract->benchmark->kind != Benchmark::Kind::comparison_trend;
  if (!value.contains("baseline") && !direct_benchmark && check.error_count() == errors_before) {
    check.error(pointer,
                "missing required field \"baseline\" (only a settlement-only program "
                "whose contract gives the benchmark directly may omit it)");
  }
  if (check.error_count() != errors_before) return;
  check_periods_match(check, program, pointer);
  if (program.contract) check_contract_against_periods(check, *program.contract, program, pointer);
  if (check.error_count() != errors_before) return;
  loaded.file.assign(origin.file);
  loaded.line = origin.line;
  if (pointer.empty()) {
    loaded.pointer.clear();
  } else {
    loaded.pointer = pointer.str();
  }
  programs->keep();
}

// A whole top-level value: one program, or a {"acocalc": 1, "programs": [...]}
// document.
void validate_document(Checker& check, JsonNode root, const ValueOrigin& origin,
                       ProgramList* programs) {
  if (!root.is_object()) {
    check.error("", fmt::format("a document must be a program object or {{\"acocalc\": 1, "
                                "\"programs\": [...]}}, got {}",
                                describe(root)));
    return;
  }
  if (!root.contains("acocalc") && !root.contains("programs")) {
    load_program(check, root, "", origin, programs);
    return;
  }
  check.only_keys(root, "", key_set("acocalc", "programs"));
  bool ok = root.contains("acocalc");
  if (!ok)
    check.error("", "missing required field \"acocalc\" (the format version: \"acocalc\": 1)");
  if (ok) {
    JsonNode version = root.find("acocalc");
    if (version.is_number() && !(version.is_number_integer() && version.number() == 1)) {
      check.error("/acocalc", fmt::format("unsupported format version {}; this acocalc reads "
                                          "version 1",
                                          describe(version)));
      ok = false;
    } else if (!version.is_number()) {
      check.error("/acocalc", fmt::format("must be the format version 1 (a number), got {}",
                                          describe(version)));
      ok = false;
    }
  }
  if (!check.require(root, "", "programs")) return;
  JsonNode list = root.find("programs");
  if (!list.is_array()) {
    check.error("/programs", fmt::format("must be an array of programs, got {}", describe(list)));
    return;
  }
  if (list.size() == 0) {
    check.error("/programs", "must hold at least one program, got an empty array");
    return;
  }
  if (!ok) return;
  std::size_t i = 0;
  for (JsonNode program : list.children()) {
    load_program(check, program, fmt::format("/programs/{}", i++), origin, programs);
  }
}

// Puts the errors of one value in document order: by where the value each
// names ends, so that an object's own errors (a missing field, fields that
// contradict each other) come after those of its members, where a reader
// reaching its closing brace would notice them. Errors of the same value keep
// the checks' order.
void sort_in_document_order(JsonNode root, const std::string& root_pointer,
                            std::vector<Diagnostic>::iterator first,
                            std::vector<Diagnostic>::iterator last) {
  if (last - first < 2) return;
  std::unordered_map<std::string, std::size_t> order;
  struct Node {
    JsonNode value;
    std::string pointer;
    bool expanded;
  };
  std::vector<Node> pending{{root, root_pointer, false}};
  while (!pending.empty()) {  // depth first, children in document order, parents after them
    Node& node = pending.back();
    if (node.expanded || !node.value.is_structured()) {
      order.emplace(node.pointer.empty() ? "/" : node.pointer, order.size());
      pending.pop_back();
      continue;
    }
    node.expanded = true;
    const JsonNode value = node.value;
    const std::string pointer = node.pointer;  // `node` dangles once children are pushed
    std::vector<Node> children;
    std::size_t i = 0;
    for (JsonNode child : value.children()) {
      children.push_back(
          {child,
           pointer + "/" + (value.is_object() ? pointer_token(child.key()) : std::to_string(i++)),
           false});
    }
    pending.insert(pending.end(), std::make_move_iterator(children.rbegin()),
                   std::make_move_iterator(children.rend()));
  }
  const auto rank = [&](const Diagnostic& d) {
    // A pointer to something absent ranks with its closest present parent.
    std::string pointer = d.pointer;
    while (true) {
      if (auto it = order.find(pointer); it != order.end()) return it->second;
      const auto slash = pointer.rfind('/');
      if (slash == 0 || slash == std::string::npos) {
        const auto top = order.find("/");
        return top == order.end() ? std::size_t{0} : top->second;
      }
      pointer.resize(slash);
    }
  };
  std::vector<std::pair<std::size_t, Diagnostic>> ranked;
  for (auto it = first; it != last; ++it) ranked.emplace_back(rank(*it), std::move(*it));
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& item : ranked) *first++ = std::move(item.second);
}

// Control characters (from escapes such as \n in keys and strings) would
// break the one-line-per-error rule and could drive a terminal: show them
// escaped.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(byte));
    } else {
      out += c;
    }
  }
  return out;
}

// The diagnostic for a text JsonTree rejected.
Diagnostic syntax_diagnostic(const JsonError& error, const ValueOrigin& origin) {
  Diagnostic d;
  d.file = origin.file;
  if (!error.path.empty()) {
    d.line = origin.show_line ? origin.line : 0;
    for (const std::string& token : error.path) {
      d.pointer += '/';
      append_pointer_token(d.pointer, token);
    }
    d.message = "duplicate key " + quote_name(error.key) + " (each key may appear once)";
  } else {
    d.line = error.line;
    d.column = error.column;
    d.message = "invalid JSON: " + error.message;
  }
  return d;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  // A JSON pointer names keys in full; a megabyte key is shortened for print.
  std::string pointer;
  for (std::size_t start = 0; start < d.pointer.size();) {
    std::size_t end = d.pointer.find('/', start + 1);
    if (end == std::string::npos) end = d.pointer.size();
    std::string_view token = std::string_view(d.pointer).substr(start, end - start);
    if (token.size() > 80) {
      std::size_t cut = 77;
      while (cut > 1 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;
      pointer += std::string(token.substr(0, cut)) + "...";
    } else {
      pointer += token;
    }
    start = end;
  }
  std::string line;
  if (d.pointer.empty()) {
    if (d.line > 0) {
      line = fmt::format("{}:{}:{}: {}", d.file, d.line, d.column, d.message);
    } else {
      line = fmt::format("{}: {}", d.file, d.message);
    }
  } else if (d.line > 0) {
    line = fmt::format("{}:{}: {}: {}", d.file, d.line, pointer, d.message);
  } else {
    line = fmt::format("{}: {}: {}", d.file, pointer, d.message);
  }
  return printable(line);
}

std::string closest_name(std::string_view name, std::span<const std::string_view> candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length: skip the quadratic
    // work when that alone rules a candidate out (names can be megabytes).
    const std::size_t gap = name.size() > candidate.size() ? name.size() - candidate.size()
                                                           : candidate.size() - name.size();
    if (gap >= best_distance) continue;
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

bool load_value(std::string_view text, const ValueOrigin& origin, JsonTree& tree,
                ProgramList* programs, std::vector<Diagnostic>* errors, std::size_t* unkept) {
  const JsonSource source{origin.line, origin.column,
                          origin.one_line ? "the end of the line" : "the end of the input"};
  if (!tree.parse(text, kMaxDepth, source)) {
    errors->push_back(syntax_diagnostic(tree.error(), origin));
    return false;
  }
  const std::size_t errors_before = errors->size();
  Checker check(origin, errors, unkept);
  validate_document(check, tree.root(), origin, programs);
  sort_in_document_order(
      tree.root(), "", errors->begin() + static_cast<std::ptrdiff_t>(errors_before), errors->end());
  return true;
}

bool load_element(std::string_view text, const ValueOrigin& origin, std::size_t index,
                  JsonTree& tree, ProgramList* programs, std::vector<Diagnostic>* errors,
                  std::size_t* unkept) {
  // Two levels less: the document's object and its "programs" array.
  if (!tree.parse(text, kMaxDepth - 2)) return false;
  const std::size_t errors_before = errors->size();
  Checker check(origin, errors, unkept);
  const std::string pointer = "/programs/" + std::to_string(index);
  load_program(check, tree.root(), pointer, origin, programs);
  sort_in_document_order(tree.root(), pointer,
                         errors->begin() + static_cast<std::ptrdiff_t>(errors_before),
                         errors->end());
  return true;
}

bool load_value(std::string_view text, const ValueOrigin& origin,
                std::vector<LoadedProgram>* programs, std::vector<Diagnostic>* errors) {
  JsonTree tree;
  ProgramList loaded;
  const bool parsed = load_value(text, origin, tree, &loaded, errors);
  for (auto& program : loaded) programs->push_back(std::move(program));
  return parsed;
}

LoadedProgram& ProgramList::next() {
  if (size_ == items_.size()) items_.emplace_back();
  return items_[size_];
}

}  // namespace acocalc
