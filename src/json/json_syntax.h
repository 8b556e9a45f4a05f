// Why a text is not one JSON value (RFC 8259), worded for a person: what was
// found where, and what was expected there. The loader parses with nlohmann;
// when that fails, this scanner finds the same first error and describes it
// (nlohmann's own messages point past the bad token and name lexer states).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace acocalc {

struct SyntaxError {
  std::size_t offset = 0;  // byte offset in the text of what was found
  std::string message;     // "found '}', expected a string key in double quotes; ..."
};

// The first syntax error of `text` read as one JSON value, with objects and
// arrays nested at most `max_depth` levels; nullopt when there is none.
// `place` turns a byte offset into "LINE:COLUMN" for messages that name a
// second place ("... the object opened at 2:18 is not closed"); `end_name`
// names where the text ends ("the end of the line" for JSON Lines).
// Iterative: any nesting depth is safe.
std::optional<SyntaxError> find_syntax_error(std::string_view text, std::size_t max_depth,
                                             const std::function<std::string(std::size_t)>& place,
                                             std::string_view end_name = "the end of the input");

}  // namespace acocalc
