// acocalc: the command line. CLI11 wiring and exit codes; the work is in
// commands.cc, the figures in the core library.
#include <CLI/CLI.hpp>

#include <new>
#include <string>
#include <system_error>

#include "cli/commands.h"
#include "io/options.h"
#include "io/output.h"

namespace {

// Every numeric option's check: the input format's rules
// (parse_option_number), the value rewritten in its plain form (no "-0").
CLI::Validator number_rule(const acocalc::OptionRule& rule) {
  return CLI::Validator(
      [&rule](std::string& text) {
        std::string error;
        const auto x = acocalc::parse_option_number(text, rule, &error);
        if (!x) return error;
        text = acocalc::option_number_text(*x);
        return std::string();
      },
      rule.text);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace acocalc;
  guard_standard_streams();
  CLI::App app{"acocalc: accountable-care-organization outcomes and shared-savings settlement.\n"
               "Example: acocalc report data/anthem-hcp-2013h1.json",
               "acocalc"};
  app.set_version_flag("--version", "acocalc " ACOCALC_VERSION);
  app.require_subcommand(1);

  ReportCommand report;
  auto* report_cmd = app.add_subcommand(
      "report", "Compute utilization, quality and settlement for programs.\n"
                "Example: acocalc report data/*.json -f json -o report.json");
  report_cmd->add_option("files", report.files, "Input files (JSON or JSON Lines); - or none: stdin");
  report_cmd->add_option("-f,--format", report.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv", "markdown", "html"}))
      ->capture_default_str();
  report_cmd->add_option("-o,--output", report.output, "Write to this file, atomically");
  report_cmd->add_flag("--rollup", report.rollup, "Add the portfolio roll-up");
  report_cmd->add_option("--program", report.programs, "Report only this program id (repeatable)")
      ->allow_extra_args(false);
  report_cmd->add_flag("--keep-going", report.keep_going,
                       "Report valid programs even if others are invalid (exit 3)");
  report_cmd->add_option("--color", report.color, "Color the table")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  report_cmd->add_option("--confidence", report.confidence, "Confidence level of intervals")
      ->transform(number_rule(kConfidenceOption))
      ->capture_default_str();
  report_cmd
      ->add_option("-j,--threads", report.threads,
                   "Threads for large inputs (default: one per core, at most 8; 1: none)")
      ->transform(number_rule(kThreadsOption));
  report_cmd->add_option("--width", report.width, "Fit tables to N (40-1000) characters a line")
      ->transform(number_rule(kWidthOption));
  report_cmd->add_option("--cents", report.cents, "Money in tables to the cent (no: whole dollars)")
      ->check(CLI::IsMember({"yes", "no"}))
      ->capture_default_str();

  CheckCommand check;
  auto* check_cmd = app.add_subcommand(
      "check", "Evaluate each program's expect block; exit 1 if any expectation fails.\n"
               "Example: acocalc check data/*.json");
  check_cmd->add_option("files", check.files, "Input files; - or none: stdin");
  check_cmd->add_option("-f,--format", check.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  check_cmd->add_flag("--keep-going", check.keep_going, "Check valid programs even if others are invalid");

  std::vector<std::string> validate_files;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Check input documents without computing; exit 0 or 2.\n"
                  "Example: acocalc validate data/*.json");
  validate_cmd->add_option("files", validate_files, "Input files; - or none: stdin");

  ImportCommand import;
  auto* import_cmd = app.add_subcommand(
      "import", "Import programs from other formats.\n"
                "Example: acocalc import mssp-puf PY2018.csv > py2018.json");
  import_cmd->require_subcommand(1);
  auto* puf_cmd = import_cmd->add_subcommand(
      "mssp-puf", "Turn a CMS MSSP public use file into input format v1 with CMS's results as "
                  "expectations.\nExample: acocalc import mssp-puf PY2018.csv | acocalc check\n"
                  "Panel: acocalc import mssp-puf PY2021.csv PY2022.csv PY2023.csv");
  puf_cmd->add_option("puf", import.pufs,
                      "The PUF (CSV); - for stdin. Several years' files: a panel, one program "
                      "per ACO-year, each year's baseline the year before")
      ->required();
  puf_cmd->add_option("--baseline", import.baseline,
                      "An earlier year's PUF: baseline utilization (one PUF only)");
  puf_cmd->add_option("--year", import.year, "Performance year, when the file name lacks PYyyyy")
      ->transform(number_rule(kYearOption));
  puf_cmd->add_option("-o,--output", import.output, "Write to this file, atomically");

  WhatifCommand whatif;
  auto* whatif_cmd = app.add_subcommand(
      "whatif", "Settle again with changed inputs; show base and scenario side by side.\n"
                "Example: acocalc whatif data/anthem-hcp-2013h1.json --expenditure=-2%");
  whatif_cmd->add_option("files", whatif.files, "Input files; - or none: stdin");
  whatif_cmd->add_option("--program", whatif.programs, "Only this program id (repeatable)")
      ->allow_extra_args(false);
  whatif_cmd->add_option("-f,--format", whatif.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "markdown", "html"}))
      ->capture_default_str();
  whatif_cmd->add_option("--expenditure", whatif.expenditure,
                         "Change performance spending, e.g. -2% (or -0.02)");
  whatif_cmd->add_option("--utilization", whatif.utilization,
                         "Change a metric, e.g. inpatient_days=-5% (repeatable)")
      ->allow_extra_args(false);
  whatif_cmd->add_option("--quality-score", whatif.quality_score, "Use this quality score (0 to 1)")
      ->transform(number_rule(kFractionOption));
  whatif_cmd->add_option("--msr", whatif.msr, "Use this fixed minimum savings rate (0 to 1)")
      ->transform(number_rule(kFractionOption));
  whatif_cmd->add_option("--spending-cv", whatif.spending_cv,
                         "Spending's coefficient of variation: chance of meeting the MSR")
      ->transform(number_rule(kSpendingCvOption));
  whatif_cmd->add_option("--width", whatif.width, "Fit the table to N (40-1000) characters a line")
      ->transform(number_rule(kWidthOption));
  whatif_cmd->add_option("--cents", whatif.cents, "Money in the table to the cent (no: whole dollars)")
      ->check(CLI::IsMember({"yes", "no"}))
      ->capture_default_str();

  std::string schema_which = "input";
  auto* schema_cmd = app.add_subcommand(
      "schema", "Print the JSON Schema of the input format or of the JSON report.\n"
                "Example: acocalc schema report > report.schema.json");
  schema_cmd->add_option("which", schema_which, "input or report")
      ->check(CLI::IsMember({"input", "report"}))
      ->capture_default_str();

  RulesCommand rules;
  auto* rules_cmd = app.add_subcommand(
      "rules", "Print the MSSP rules acocalc applies by performance year (tracks, quality,\n"
               "sharing below the MSR, loss forgiveness, sequestration).\n"
               "Example: acocalc rules 2024 -f json");
  rules_cmd->add_option("year", rules.year, "One performance year (default: every year)")
      ->transform(number_rule(kYearOption));
  rules_cmd->add_option("-f,--format", rules.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (message.empty()) message = "a subcommand is required (report, check, validate, whatif, import, schema, rules)";
    print_error(message + " (run 'acocalc --help')");
    return kExitBadInput;
  }

  // Memory (or a thread) refused, under `ulimit -v` say: a one-line error
  // and exit 2, the -o temporary file removed on the way out.
  try {
    if (*report_cmd) return run_report(report);
    if (*check_cmd) return run_check(check);
    if (*validate_cmd) return run_validate(validate_files);
    if (*whatif_cmd) return run_whatif(whatif);
    if (*puf_cmd) return run_import_mssp_puf(import);
    if (*schema_cmd) return run_schema(schema_which);
    if (*rules_cmd) return run_rules(rules);
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return kExitBadInput;
  } catch (const std::system_error& e) {
    print_error(std::string("cannot go on: ") + e.what());
    return kExitBadInput;
  }
  return kExitBadInput;
}
