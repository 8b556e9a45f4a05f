// A problem found in an input: the file, the place, the rule.
#pragma once

#include <string>

namespace acocalc {

struct Diagnostic {
  std::string file;
  long line = 0;        // 1-based; 0 when unknown
  long column = 0;      // 1-based; 0 when unknown (semantic errors)
  std::string pointer;  // JSON pointer of the offending value, "" for syntax errors
  std::string message;
};

// "FILE:LINE:COLUMN: MESSAGE" for syntax errors, "FILE: /pointer: MESSAGE"
// for semantic ones ("FILE:LINE: /pointer: MESSAGE" when the file holds
// several documents, as JSON Lines do). Without the "acocalc: " prefix.
std::string format_diagnostic(const Diagnostic& diagnostic);

}  // namespace acocalc
