// acocalc: the command line. CLI11 wiring and exit codes; the work is in
// commands.cc, the figures in the core library.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <iostream>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/output.h"
#include "input/loader.h"
#include "json/format.h"

namespace {

// Every numeric option's check: the input format's rules
// (parse_option_number), the value rewritten in its plain form (no "-0").
// --help shows `shown` ("N (1-64)") in place of CLI11's "UINT:..." words.
CLI::Option* number_rule(CLI::Option* option, const acocalc::OptionRule& rule,
                         const std::string& shown) {
  return option
      ->transform(CLI::Validator(
          [&rule](std::string& text) {
            std::string error;
            const auto x = acocalc::parse_option_number(text, rule, &error);
            if (!x) return error;
            text = acocalc::option_number_text(*x);
            return std::string();
          },
          ""))
      ->type_name(shown);
}

// An option with a fixed set of values: --help shows "FORMAT (table|json)".
CLI::Option* choice(CLI::Option* option, const std::string& shown,
                    const std::vector<std::string>& values) {
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "" : "|") + v;
  return option->check(CLI::IsMember(values).description(""))->type_name(shown + " (" + list + ")");
}

// "acocalc report": how the user names a subcommand.
std::string command_line(const CLI::App* app) {
  std::string words;
  for (; app != nullptr; app = app->get_parent()) {
    words = app->get_name() + (words.empty() ? "" : " ") + words;
  }
  return words;
}

// Bare `acocalc`: what there is and where to read more, on stderr.
void print_usage(const CLI::App& app) {
  std::string text = "Usage: acocalc SUBCOMMAND [OPTIONS] [FILES...]\n\nSubcommands:\n";
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    // The description's first line; cut before a parenthesis it leaves open.
    std::string line = sub->get_description().substr(0, sub->get_description().find('\n'));
    if (!line.empty() && line.back() != '.') line = line.substr(0, line.find(" (")) + ".";
    text += fmt::format("  {:<10}{}\n", sub->get_name(), line);
  }
  text +=
      "\nRun 'acocalc SUBCOMMAND --help' for a subcommand's options and an example,\n"
      "'acocalc --help' for everything, 'acocalc --version' for the version.\n";
  std::cerr << text << std::flush;
}

bool looks_like_option(std::string_view word) {
  if (word.size() < 2 || word[0] != '-') return false;
  const char c = word[1] == '-' && word.size() > 2 ? word[2] : word[1];
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// After CLI11 refused the command line: a message that names the word at
// fault (an unknown option or subcommand, with the closest known name) and
// the help to read, that of the subcommand being used.
std::string parse_error_message(const CLI::App& app, int argc, char** argv,
                                const CLI::ParseError& e) {
  const CLI::App* current = &app;
  std::string stray_word;  // a word where a subcommand was expected
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--") break;
    if (looks_like_option(word)) {
      const bool is_long = word.substr(0, 2) == "--";
      const std::string name(is_long ? word.substr(0, word.find('=')) : word.substr(0, 2));
      const CLI::Option* option = current->get_option_no_throw(name);
      if (option == nullptr) {
        std::vector<std::string> names;
        for (const CLI::Option* o : current->get_options()) {
          for (const auto& l : o->get_lnames()) names.push_back("--" + l);
          for (const auto& s : o->get_snames()) names.push_back("-" + s);
        }
        const std::vector<std::string_view> views(names.begin(), names.end());
        // One letter from another is no sign of a typo: short options are
        // suggested only for a letter in the wrong case (-v: -V).
        std::string near;
        if (is_long) {
          near = acocalc::closest_name(name, views);
        } else {
          for (const auto& n : names) {
            if (n.size() == 2 && n != name && std::tolower(n[1]) == std::tolower(name[1])) near = n;
          }
        }
        std::string where = current == &app ? "" : " for " + command_line(current).substr(8);
        return fmt::format("unknown option \"{}\"{}{} (run '{} --help')", acocalc::printable(name),
                           where, near.empty() ? "" : "; did you mean \"" + near + "\"?",
                           command_line(current));
      }
      // An option's value is the next word, unless given as --name=value.
      const bool joined = is_long ? word.find('=') != std::string_view::npos : word.size() > 2;
      if (!joined && option->get_type_size() > 0 && i + 1 < argc) ++i;
      continue;
    }
    const auto subs = current->get_subcommands([](const CLI::App*) { return true; });
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : subs) {
      if (sub->get_name() == word) next = sub;
    }
    if (next != nullptr) {
      current = next;
    } else if (!subs.empty() && stray_word.empty()) {
      stray_word = std::string(word);
    }
  }
  const auto subs = current->get_subcommands([](const CLI::App*) { return true; });
  const bool needs_subcommand = !subs.empty() && current->get_require_subcommand_min() > 0;
  if (needs_subcommand) {
    std::vector<std::string> names;
    names.reserve(subs.size());
    for (const CLI::App* sub : subs) names.push_back(sub->get_name());
    if (!stray_word.empty()) {
      const std::vector<std::string_view> views(names.begin(), names.end());
      const std::string near = acocalc::closest_name(stray_word, views);
      return fmt::format(
          "unknown subcommand \"{}\"{} (run '{} --help')", acocalc::printable(stray_word),
          near.empty() ? "" : "; did you mean \"" + near + "\"?", command_line(current));
    }
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    if (current == &app)
      return fmt::format("a subcommand is required: {} (run 'acocalc --help')", list);
    return fmt::format("{} needs a subcommand: {} (run '{} --help')",
                       command_line(current).substr(8), list, command_line(current));
  }
  std::string message = e.what();
  return message + " (run '" + command_line(current) + " --help')";
}

}  // namespace

namespace {

int run_main(int argc, char** argv) {
  using namespace acocalc;
  guard_standard_streams();
  CLI::App app{
      "acocalc: accountable-care-organization outcomes and shared-savings settlement.\n"
      "Example: acocalc report data/anthem-hcp-2013h1.json",
      "acocalc"};
  app.set_version_flag("-V,--version", "acocalc " ACOCALC_VERSION);
  app.require_subcommand(1);

  ReportCommand report;
  auto* report_cmd =
      app.add_subcommand("report",
                         "Compute utilization, quality and settlement for programs.\n"
                         "Example: acocalc report data/*.json -f json -o report.json");
  report_cmd
      ->add_option("files", report.files, "Input files (JSON or JSON Lines); - or none: stdin")
      ->type_name("FILE");
  choice(report_cmd->add_option("-f,--format", report.format, "Output format"), "FORMAT",
         {"table", "json", "jsonl", "csv", "markdown", "html"})
      ->capture_default_str();
  report_cmd->add_option("-o,--output", report.output, "Write to this file, atomically")
      ->type_name("FILE");
  report_cmd->add_flag("--rollup", report.rollup, "Add the portfolio roll-up");
  report_cmd->add_option("--program", report.programs, "Report only this program id (repeatable)")
      ->allow_extra_args(false)
      ->type_name("ID");
  report_cmd->add_flag("--keep-going", report.keep_going,
                       "Report valid programs even if others are invalid (exit 3)");
  choice(report_cmd->add_option("--color", report.color,
                                "Color the table (auto: on a terminal, without NO_COLOR)"),
         "WHEN", {"auto", "always", "never"})
      ->capture_default_str();
  number_rule(
      report_cmd->add_option("--confidence", report.confidence, "Confidence level of intervals"),
      kConfidenceOption, "LEVEL (0.5-0.9999)")
      ->capture_default_str();
  number_rule(report_cmd->add_option(
                  "-j,--threads", report.threads,
                  "Threads for large inputs (default: one per core, at most 8; 1: none)"),
              kThreadsOption, "N (1-64)");
  number_rule(
      report_cmd->add_option("--width", report.width, "Fit tables to this many characters a line"),
      kWidthOption, "N (40-1000)");
  choice(report_cmd->add_option("--cents", report.cents,
                                "Money in tables to the cent (no: whole dollars)"),
         "CENTS", {"yes", "no"})
      ->capture_default_str();

  CheckCommand check;
  auto* check_cmd =
      app.add_subcommand("check",
                         "Evaluate each program's expect block; exit 1 if any expectation fails.\n"
                         "Example: acocalc check data/*.json");
  check_cmd->add_option("files", check.files, "Input files; - or none: stdin")->type_name("FILE");
  choice(check_cmd->add_option("-f,--format", check.format, "Output format"), "FORMAT",
         {"table", "json"})
      ->capture_default_str();
  check_cmd->add_flag("--keep-going", check.keep_going,
                      "Check valid programs even if others are invalid");

  std::vector<std::string> validate_files;
  auto* validate_cmd = app.add_subcommand("validate",
                                          "Check input documents without computing; exit 0 or 2.\n"
                                          "Example: acocalc validate data/*.json");
  validate_cmd->add_option("files", validate_files, "Input files; - or none: stdin")
      ->type_name("FILE");

  ImportCommand import;
  auto* import_cmd =
      app.add_subcommand("import",
                         "Import programs from other formats.\n"
                         "Example: acocalc import mssp-puf PY2018.csv > py2018.json");
  import_cmd->require_subcommand(1);
  auto* puf_cmd = import_cmd->add_subcommand(
      "mssp-puf",
      "Turn a CMS MSSP public use file into input format v1 with CMS's results as "
      "expectations.\nExample: acocalc import mssp-puf PY2018.csv | acocalc check\n"
      "Panel: acocalc import mssp-puf PY2021.csv PY2022.csv PY2023.csv");
  puf_cmd
      ->add_option("puf", import.pufs,
                   "The PUF (CSV); - for stdin. Several years' files: a panel, one program "
                   "per ACO-year, each year's baseline the year before")
      ->required()
      ->type_name("PUF");
  puf_cmd
      ->add_option("--baseline", import.baseline,
                   "An earlier year's PUF: baseline utilization (one PUF only)")
      ->type_name("PUF");
  number_rule(puf_cmd->add_option("--year", import.year,
                                  "Performance year, when the file name lacks PYyyyy"),
              kYearOption, "YEAR (2012-2026)");
  puf_cmd->add_option("-o,--output", import.output, "Write to this file, atomically")
      ->type_name("FILE");

  WhatifCommand whatif;
  auto* whatif_cmd =
      app.add_subcommand("whatif",
                         "Settle again with changed inputs; show base and scenario side by side.\n"
                         "Example: acocalc whatif data/anthem-hcp-2013h1.json --expenditure=-2%");
  whatif_cmd->add_option("files", whatif.files, "Input files; - or none: stdin")->type_name("FILE");
  whatif_cmd->add_option("--program", whatif.programs, "Only this program id (repeatable)")
      ->allow_extra_args(false)
      ->type_name("ID");
  choice(whatif_cmd->add_option("-f,--format", whatif.format, "Output format"), "FORMAT",
         {"table", "json", "markdown", "html"})
      ->capture_default_str();
  choice(whatif_cmd->add_option("--color", whatif.color,
                                "Color the table (auto: on a terminal, without NO_COLOR)"),
         "WHEN", {"auto", "always", "never"})
      ->capture_default_str();
  whatif_cmd
      ->add_option("--expenditure", whatif.expenditure,
                   "Change performance spending, e.g. -2% (or -0.02)")
      ->type_name("CHANGE");
  whatif_cmd
      ->add_option("--utilization", whatif.utilization,
                   "Change a metric, e.g. inpatient_days=-5% (repeatable)")
      ->allow_extra_args(false)
      ->type_name("METRIC=CHANGE");
  whatif_cmd
      ->add_option("--risk-score-growth", whatif.risk_score_growth,
                   "MSSP benchmark from its inputs: change the performance year's risk scores, "
                   "e.g. +1%")
      ->type_name("CHANGE");
  whatif_cmd
      ->add_option("--regional-spending", whatif.regional_spending,
                   "MSSP benchmark from its inputs: change the performance year's regional "
                   "spending, e.g. -2%")
      ->type_name("CHANGE");
  number_rule(
      whatif_cmd->add_option("--quality-score", whatif.quality_score, "Use this quality score"),
      kFractionOption, "SCORE (0-1)");
  number_rule(whatif_cmd->add_option("--msr", whatif.msr, "Use this fixed minimum savings rate"),
              kFractionOption, "RATE (0-1)");
  number_rule(
      whatif_cmd->add_option("--spending-cv", whatif.spending_cv,
                             "Spending's coefficient of variation: chance of meeting the MSR"),
      kSpendingCvOption, "CV (above 0, at most 10)");
  number_rule(whatif_cmd->add_option("--width", whatif.width,
                                     "Fit the table to this many characters a line"),
              kWidthOption, "N (40-1000)");
  choice(whatif_cmd->add_option("--cents", whatif.cents,
                                "Money in the table to the cent (no: whole dollars)"),
         "CENTS", {"yes", "no"})
      ->capture_default_str();

  std::string schema_which = "input";
  auto* schema_cmd =
      app.add_subcommand("schema",
                         "Print the JSON Schema of the input format or of a JSON output.\n"
                         "Example: acocalc schema report > report.schema.json");
  choice(schema_cmd->add_option("which", schema_which,
                                "input, or the output of report, whatif or check (-f json)"),
         "WHICH", {"input", "report", "whatif", "check"})
      ->capture_default_str();

  RulesCommand rules;
  auto* rules_cmd = app.add_subcommand(
      "rules",
      "Print the MSSP rules acocalc applies by performance year (tracks, quality,\n"
      "sharing below the MSR, loss forgiveness, sequestration).\n"
      "Example: acocalc rules 2024 -f json");
  number_rule(
      rules_cmd->add_option("year", rules.year, "One performance year (default: every year)"),
      kYearOption, "YEAR (2012-2026)");
  choice(rules_cmd->add_option("-f,--format", rules.format, "Output format"), "FORMAT",
         {"table", "json"})
      ->capture_default_str();

  if (argc <= 1) {
    print_usage(app);
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(parse_error_message(app, argc, argv, e));
    return kExitBadInput;
  }

  // Out of memory (an input beyond what the machine holds, a ulimit): one
  // line and exit 2, the output discarded as the commands unwind.
  try {
    if (*report_cmd) return run_report(report);
    if (*check_cmd) return run_check(check);
    if (*validate_cmd) return run_validate(validate_files);
    if (*whatif_cmd) return run_whatif(whatif);
    if (*puf_cmd) return run_import_mssp_puf(import);
    if (*schema_cmd) return run_schema(schema_which);
    if (*rules_cmd) return run_rules(rules);
  } catch (const std::bad_alloc&) {
    print_error("out of memory: the run stopped (see \"Limits\" in the README)");
    return kExitBadInput;
  } catch (const std::length_error&) {
    print_error("out of memory: the run stopped (see \"Limits\" in the README)");
    return kExitBadInput;
  } catch (const std::system_error& e) {
    print_error(std::string("cannot go on: ") + e.what());
    return kExitBadInput;
  }
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  // Anything else thrown is a broken promise of the code itself: one line
  // on stderr and exit 2, not an abort.
  try {
    return run_main(argc, argv);
  } catch (const std::exception& e) {
    std::fputs("acocalc: internal error, please report it: ", stderr);
    std::fputs(e.what(), stderr);
    std::fputs("\n", stderr);
  } catch (...) {
    std::fputs("acocalc: internal error, please report it\n", stderr);
  }
  return acocalc::kExitBadInput;
}
