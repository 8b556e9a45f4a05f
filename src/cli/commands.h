// The subcommands, each a function from parsed options to an exit code.
// Only this layer writes to stdout and stderr.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace acocalc {

// Exit codes (README "Exit codes").
constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitPartial = 3;

struct ReportCommand {
  std::vector<std::string> files;
  std::string format = "table";  // table | json | jsonl | csv | markdown
  std::string output;            // -o; empty = stdout
  bool rollup = false;
  std::vector<std::string> programs;
  bool keep_going = false;
  std::string color = "auto";  // auto | always | never
  double confidence = 0.95;
  std::optional<unsigned> threads;  // --threads; default: one per core
  std::optional<unsigned> width;    // --width; default: the terminal's (table_width())
  std::string cents = "yes";        // yes | no: money in tables to the cent or dollar
};

struct CheckCommand {
  std::vector<std::string> files;
  std::string format = "table";  // table | json
  bool keep_going = false;
};

struct ImportCommand {
  std::vector<std::string> pufs;  // one PUF, or several years: a panel
  std::string baseline;
  std::string output;
  std::optional<int> year;
};

struct WhatifCommand {
  std::vector<std::string> files;
  std::vector<std::string> programs;
  std::string format = "table";          // table | json | markdown
  std::string color = "auto";            // auto | always | never
  std::string expenditure;               // "-2%" or "-0.02"
  std::vector<std::string> utilization;  // "inpatient_days=-5%"
  std::optional<double> quality_score;
  std::optional<double> msr;
  std::optional<double> spending_cv;
  std::string risk_score_growth;  // MSSP benchmark inputs: "+1%"
  std::string regional_spending;  // MSSP benchmark inputs: "-2%"
  std::optional<unsigned> width;  // as ReportCommand
  std::string cents = "yes";
};

int run_whatif(const WhatifCommand& command);
int run_report(const ReportCommand& command);
int run_check(const CheckCommand& command);
int run_validate(const std::vector<std::string>& files);
int run_import_mssp_puf(const ImportCommand& command);
int run_schema(const std::string& which);

struct RulesCommand {
  std::optional<int> year;       // one performance year; none: every year
  std::string format = "table";  // table | json
};
int run_rules(const RulesCommand& command);

// A table's width (RenderOptions::width): `forced` (--width); else, when
// stdout is a terminal and not redirected by -o (`to_terminal`), COLUMNS if
// it is a whole number, else the terminal's own width, clamped to 40..1000;
// else 0 (no limit: a pipe or file gets the full table).
std::size_t table_width(const std::optional<unsigned>& forced, bool to_terminal);

// Prints "acocalc: MESSAGE" on stderr.
void print_error(const std::string& message);

}  // namespace acocalc
