// Importing CMS MSSP PUFs: small hand-written files in each year's layout
// (docs/mssp-methodology.md section 5). Rows reuse the figures of real PUF
// rows (PY2018 A1002: N 9,139, B 91,914,080, E 79,742,206, earned
// 5,071,450) so that expected values are CMS's own.
#include "import/mssp_puf.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace acocalc {
namespace {

using json = nlohmann::json;

json import(std::string_view name, std::string_view text, std::string_view baseline_name = {},
            std::string_view baseline_text = {}, std::vector<std::string>* notes = nullptr) {
  const MsspPufFile puf{.name = name, .text = text, .performance_year = std::nullopt};
  const MsspPufFile baseline{.name = baseline_name, .text = baseline_text, .performance_year = {}};
  std::string out;
  std::vector<std::string> errors;
  const bool ok =
      import_mssp_puf(puf, baseline_name.empty() ? nullptr : &baseline, &out, &errors, notes);
  for (const auto& error : errors) UNSCOPED_INFO(error);
  REQUIRE(ok);
  return json::parse(out);
}

std::vector<std::string> import_errors(std::string_view name, std::string_view text) {
  const MsspPufFile puf{.name = name, .text = text, .performance_year = std::nullopt};
  std::string out;
  std::vector<std::string> errors;
  CHECK_FALSE(import_mssp_puf(puf, nullptr, &out, &errors));
  CHECK(out.empty());
  return errors;
}

double expected(const json& program, const char* path) {
  return program.at("expect").at(path).at("value").get<double>();
}

bool expects(const json& program, const char* path) {
  return program.contains("expect") && program.at("expect").contains(path);
}

bool has_note(const json& program, std::string_view text) {
  if (!program.contains("notes")) return false;
  for (const auto& note : program.at("notes")) {
    if (note.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

// PY2018 layout: ACO_ID, fractions, Current_Track_* flags, Met_QPS.
constexpr std::string_view kPy2018 =
    "ACO_ID,ACO_Name,ACO_State,Current_Start_Date,Current_Track_1,Current_Track_2,"
    "Current_Track_3,Current_Track_1_Plus,N_AB,Sav_rate,MinSavPerc,BnchmkMinExp,GenSaveLoss,"
    "DisAdj,EarnSaveLoss,Met_QPS,QualScore,ABtotBnchmk,ABtotExp,FinalShareRate,Rev_Exp_Cat,"
    "RevLossLimit,N_AB_Year_PY,ADM,P_EDV_Vis,readm_Rate_1000\n"
    "A1002,CCACO,\"NY, NJ\",01/01/2016 12:00:00 AM,1,0,0,0,9139,0.132426658,0.030860861,"
    "12171874,12171874,,5071450,1,0.8503,91914080,79742206,0.4252,Low Revenue,0,8925,169,290,"
    "150\n"
    "A3743,Loss ACO,TX,01/01/2018 12:00:00 AM,0,0,1,0,6003,-0.032713734,0.01,-2828054,-2828054,"
    "-2797,-2118244,0,0.4545,86449046,89277100,0,Low Revenue,0,5800,300,600,160\n";

TEST_CASE("a PY2018 row becomes a program with CMS's results as expectations") {
  const json doc = import("PY2018.csv", kPy2018);
  CHECK(doc.at("acocalc") == 1);
  REQUIRE(doc.at("programs").size() == 2);
  const json& p = doc["programs"][0];
  CHECK(p["id"] == "A1002");
  CHECK(p["name"] == "CCACO");
  CHECK(p["location"] == "NY, NJ");
  CHECK(p["payer_type"] == "medicare");
  CHECK(p["payers"] == json::array({"Medicare"}));
  CHECK(p["performance"]["label"] == "PY2018");
  CHECK(p["performance"]["member_months"] == 8925 * 12);
  CHECK(p["performance"]["assigned_beneficiaries"] == 9139);
  CHECK(p["performance"]["expenditure"] == 79742206);
  const json& c = p["contract"];
  CHECK(c["model"] == "mssp");
  CHECK(c["track"] == "TRACK_1");
  CHECK(c["performance_year"] == 2018);
  CHECK_FALSE(c.contains("msr"));  // one-sided: always the table
  CHECK(c["quality_score"] == 0.8503);
  CHECK(c["quality_standard_met"] == true);
  CHECK(c["agreement_year"] == 3);  // agreement from 2016: 2018 is year 3
  CHECK(c["benchmark"]["total"] == 91914080);
  CHECK(c["low_revenue"] == true);
  CHECK_FALSE(c.contains("participant_revenue"));
  CHECK(expected(p, "settlement.minimum_savings_rate") == 0.030860861);
  CHECK(expected(p, "settlement.savings_rate") == 0.132426658);
  CHECK(expected(p, "settlement.gross_savings") == 12171874);
  CHECK(expected(p, "settlement.final_sharing_rate") == 0.4252);
  CHECK(expected(p, "settlement.earned") == 5071450);
  CHECK(p["expect"]["settlement.gross_savings"]["tolerance"] == 2);
}

TEST_CASE("tolerances widen to the rounding of a 4-decimal quality score") {
  // 12,171,874 x 0.5 x 0.98 x 0.00005 = $298.2, plus $2, rounded up: $301.
  // FinalShareRate 0.00005 + 0.5 x 0.00005 + 1e-6 = 0.000076.
  const json doc = import("PY2018.csv", kPy2018);
  const json& expect = doc["programs"][0]["expect"];
  CHECK(expect["settlement.earned"]["tolerance"] == 301);
  CHECK(expect["settlement.final_sharing_rate"]["tolerance"].get<double>() ==
        Approx(0.000076).margin(1e-12));
  CHECK(expect["settlement.savings_rate"]["tolerance"].get<double>() == 1e-6);
  CHECK(has_note(doc["programs"][0], "tolerance widened"));
}

TEST_CASE(
    "a two-sided row keeps its elected MSR, its loss adjustment and its missed quality standard") {
  const json doc = import("PY2018.csv", kPy2018);
  const json& p = doc["programs"][1];
  CHECK(p["contract"]["track"] == "TRACK_3");
  CHECK(p["contract"]["msr"] == 0.01);
  CHECK(p["contract"]["quality_standard_met"] == false);
  CHECK(p["contract"]["loss_adjustment"] == -2797);
  CHECK(p["contract"]["agreement_year"] == 1);
  CHECK_FALSE(expects(p, "settlement.minimum_savings_rate"));  // elected, not the table
  CHECK(expected(p, "settlement.earned") == -2118244);
}

TEST_CASE("a two-sided row whose MSR is the table value elects variable") {
  // PY2018 A3454: Track 3, N 59,974, MinSavPerc 0.020005001 (the table).
  const std::string text =
      "ACO_ID,Current_Track_1,Current_Track_3,N_AB,MinSavPerc,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A3454,0,1,59974,0.020005001,667172890,641023049,58000\n"
      "A1061,0,1,31675,0,319418716,319034944,31000\n";
  const json doc = import("PY2018.csv", text);
  CHECK(doc["programs"][0]["contract"]["msr"] == "variable");
  CHECK(expected(doc["programs"][0], "settlement.minimum_savings_rate") == 0.020005001);
  CHECK(doc["programs"][1]["contract"]["msr"] == 0);
}

TEST_CASE("PY2014 layout: BOM, ACO_Num, percent rates, Track1 and Track2, P4R") {
  // PY2014 rows A67373 (Track 1) and A85439 (Track 2, fixed 2% MSR), and a
  // P4R row whose final sharing rate of 0 marks a missed standard (A80939).
  const std::string text =
      "\xEF\xBB\xBF"
      "ACO_Num,ACO_NAME,ACO_State,Start_Date,Track1,Track2,N_AB,Sav_rate,MinSavPerc,"
      "BnchmkMinExp,EarnSaveLoss,QualScore,ABtotBnchmk,ABtotExp,QualPerfShare,FinalShareRate,"
      "N_AB_Year\n"
      "A67373,First,CA,07/01/2012,1,0,34601,7.135345566,2.353985133,32173449,14455933,"
      "0.916964286,450902466,418729017,0.5,0.458482143,33676.25\n"
      "A85439,Second,TX,04/01/2012,0,1,7863,12.6924469,2,13767494,7528797,0.930022321,108469737,"
      "94702243,0.6,0.558013393,7600\n"
      "A80939,Third,NC,01/01/2014,1,0,5668,6.291704515,3.699399399,3396127,0,P4R,53977860,"
      "50581733,0.5,0,5500\n";
  const json doc = import("data/PY2014.csv", text);
  REQUIRE(doc["programs"].size() == 3);
  const json& first = doc["programs"][0];
  CHECK(first["id"] == "A67373");
  CHECK(first["name"] == "First");
  CHECK(first["performance"]["member_months"] == 33676.25 * 12);
  CHECK(first["contract"]["agreement_year"] == 2);  // a July 2012 start: 2012-2013 was year 1
  CHECK(first["contract"]["quality_standard_met"] == true);
  CHECK(expected(first, "settlement.savings_rate") == Approx(0.07135345566).margin(1e-12));
  CHECK(expected(first, "settlement.minimum_savings_rate") == Approx(0.02353985133).margin(1e-12));
  CHECK(first["expect"]["settlement.earned"]["tolerance"] == 2);  // 9 decimals: no widening
  CHECK_FALSE(first.contains("notes"));
  const json& second = doc["programs"][1];
  CHECK(second["contract"]["track"] == "TRACK_2");
  CHECK(second["contract"]["msr"] == 0.02);
  const json& third = doc["programs"][2];
  CHECK(third["contract"]["pay_for_reporting"] == true);
  CHECK_FALSE(third["contract"].contains("quality_score"));
  CHECK(third["contract"]["quality_standard_met"] == false);
  CHECK(has_note(third, "derived from FinalShareRate = 0"));
}

TEST_CASE("percent strings and thousands separators are read as fractions and numbers") {
  const std::string text =
      "aco_id,current_track_1,n_ab,SAV_RATE,MinSavPerc,QualScore,FinalShareRate,"
      "ABtotBnchmk,ABtotExp,BnchmkMinExp,EarnSaveLoss,N_AB_Year_PY\n"
      "A1002,1,\"9,139\",13.24%,3.0860861%,85.03%,42.52%,\"91,914,080\",\"79,742,206\","
      "\"12,171,874\",\"5,071,450\",\"8,925\"\n";
  const json doc = import("PY2019.csv", text);
  const json& p = doc["programs"][0];
  CHECK(p["performance"]["assigned_beneficiaries"] == 9139);
  CHECK(p["contract"]["benchmark"]["total"] == 91914080);
  CHECK(p["contract"]["quality_score"].get<double>() == Approx(0.8503).margin(1e-12));
  CHECK(expected(p, "settlement.savings_rate") == Approx(0.1324).margin(1e-12));
  CHECK(expected(p, "settlement.minimum_savings_rate") == Approx(0.030860861).margin(1e-12));
  CHECK(expected(p, "settlement.final_sharing_rate") == Approx(0.4252).margin(1e-12));
  CHECK(expected(p, "settlement.earned") == 5071450);
  // "13.24%" is published to 0.0001: half of it is the tolerance.
  CHECK(p["expect"]["settlement.savings_rate"]["tolerance"].get<double>() ==
        Approx(0.00005).margin(1e-12));
}

TEST_CASE("percent numbers without a sign are recognised per column") {
  // PY2015 style: savings rates as fractions, quality and sharing as percent numbers.
  const std::string text =
      "ACO_Num,Track1,Track2,N_AB,Sav_rate,MinSavPerc,QualScore,FinalShareRate,ABtotBnchmk,"
      "ABtotExp,N_AB_Year\n"
      "A1,1,0,9139,0.132426658,0.030860861,85.03,42.515,91914080,79742206,8925\n";
  const json doc = import("PY2015.csv", text);
  const json& p = doc["programs"][0];
  CHECK(p["contract"]["quality_score"].get<double>() == Approx(0.8503).margin(1e-12));
  CHECK(expected(p, "settlement.savings_rate") == 0.132426658);
  CHECK(expected(p, "settlement.final_sharing_rate") == Approx(0.42515).margin(1e-12));
}

TEST_CASE("a savings rate in percent is told from one in fractions by the dollar columns") {
  // All rates below 1 either way: only B and E can tell 0.9 (%) from 0.9.
  const std::string text =
      "ACO_ID,Current_Track_1,N_AB,Sav_rate,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A1,1,9139,0.9,1000000,991000,8925\n";
  const json doc = import("PY2017.csv", text);
  CHECK(expected(doc["programs"][0], "settlement.savings_rate") == Approx(0.009).margin(1e-12));
}

TEST_CASE("suppressed and missing cells are notes and drop only what they feed") {
  const std::string text =
      "ACO_ID,Current_Track_1,N_AB,MinSavPerc,QualScore,Met_QPS,ABtotBnchmk,ABtotExp,"
      "EarnSaveLoss,N_AB_Year_PY\n"
      "A1,1,9139,0.030860861,*,1,91914080,79742206,5071450,8925\n"
      "A2,1,152,0.2542,0.9,1,10000000,9000000,0,150\n"
      "A3,1,9139,0.030860861,0.9,-,91914080,79742206,5071450,8925\n"
      "A4,1,9139,0.030860861,0.9,1,*,79742206,5071450,8925\n";
  std::vector<std::string> left_out;
  const json doc = import("PY2018.csv", text, {}, {}, &left_out);
  // A4 has neither a contract (no benchmark) nor a baseline: left out.
  REQUIRE(doc["programs"].size() == 3);
  REQUIRE(left_out.size() == 1);
  CHECK(left_out[0] == "PY2018.csv:5: ACO A4 left out: no contract: ABtotBnchmk is suppressed (*)");
  const json& suppressed_quality = doc["programs"][0];
  CHECK(has_note(suppressed_quality, "quality score unknown: QualScore is suppressed (*)"));
  CHECK_FALSE(suppressed_quality["contract"].contains("quality_score"));
  CHECK_FALSE(expects(suppressed_quality, "settlement.earned"));
  CHECK(expects(suppressed_quality, "settlement.minimum_savings_rate"));
  const json& small = doc["programs"][1];
  CHECK(has_note(small, "MSR outside the table: N_AB 152 is below 500 (CMS applied 0.2542)"));
  CHECK_FALSE(expects(small, "settlement.minimum_savings_rate"));
  CHECK_FALSE(expects(small, "settlement.earned"));
  CHECK_FALSE(small.contains("expect"));  // nor Sav_rate, BnchmkMinExp, FinalShareRate
  const json& no_standard = doc["programs"][2];
  CHECK(has_note(no_standard, "quality standard unknown: Met_QPS is not published"));
  CHECK_FALSE(expects(no_standard, "settlement.earned"));
}

TEST_CASE("a loss that participant revenue may limit is not checked") {
  // PY2018 A2392: Track 1+, RevLossLimit 1, a loss beyond the MLR.
  const std::string text =
      "ACO_ID,Current_Track_1,Current_Track_1_Plus,N_AB,MinSavPerc,QualScore,Met_QPS,"
      "ABtotBnchmk,ABtotExp,DisAdj,EarnSaveLoss,RevLossLimit,N_AB_Year_PY\n"
      "A2392,0,1,14719,0.027168034,0.9732,1,130265792,136127125,-717,-1757683,1,14462\n"
      "A3764,0,1,19192,0,1,1,214771297,218153794,-11504,-1003245,0,18000\n";
  const json doc = import("PY2018.csv", text);
  const json& limited = doc["programs"][0];
  CHECK(limited["contract"]["track"] == "TRACK_1_PLUS");
  CHECK(has_note(limited, "participant revenue"));
  CHECK_FALSE(expects(limited, "settlement.earned"));
  const json& benchmark_limited = doc["programs"][1];
  CHECK(expected(benchmark_limited, "settlement.earned") == -1003245);
}

TEST_CASE("PY2021 layout: BASIC and ENHANCED flags win over the old track flags") {
  const std::string text =
      "ACO_ID,Current_Track_1,Current_Track_3,Current_BASIC_A,Current_BASIC_E,Current_ENHANCED,"
      "N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A1,0,1,0,0,1,9139,100,90,8000\n"
      "A2,1,0,0,1,0,9139,100,90,8000\n";
  const json doc = import("PY2021.csv", text);
  CHECK(doc["programs"][0]["contract"]["track"] == "ENHANCED");
  CHECK(doc["programs"][1]["contract"]["track"] == "BASIC_E");
}

TEST_CASE("PY2022 layout: Current_Track letters name the level") {
  const std::string text =
      "ACO_ID,Current_Track,Risk_Model,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A1,A,One-Sided,9139,100,90,8000\n"
      "A2,C,Two-Sided,9139,100,90,8000\n"
      "A3,EN,Two-Sided,9139,100,90,8000\n";
  const json doc = import("PY2022.csv", text);
  CHECK(doc["programs"][0]["contract"]["track"] == "BASIC_A");
  CHECK(doc["programs"][1]["contract"]["track"] == "BASIC_C");
  CHECK(doc["programs"][2]["contract"]["track"] == "ENHANCED");
}

TEST_CASE("Current_Track spelled out names the track too") {
  const std::string text =
      "ACO_ID,Current_Track,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A1,BASIC Level C,9139,100,90,8000\n"
      "A2,Track 1+,9139,100,90,8000\n"
      "A3,ENHANCED,9139,100,90,8000\n"
      "A4,Track_2,9139,100,90,8000\n";
  const json doc = import("PY2019.csv", text);
  CHECK(doc["programs"][0]["contract"]["track"] == "BASIC_C");
  CHECK(doc["programs"][1]["contract"]["track"] == "TRACK_1_PLUS");
  CHECK(doc["programs"][2]["contract"]["track"] == "ENHANCED");
  CHECK(doc["programs"][3]["contract"]["track"] == "TRACK_2");
}

TEST_CASE("a row with no track flag set is imported without a contract, or left out") {
  const std::string text =
      "ACO_ID,Current_Track_1,Current_Track_2,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY,ADM\n"
      "A1,0,0,9139,100,90,8000,170\n"
      "A2,1,0,9139,100,90,8000,170\n";
  const std::string baseline = "ACO_ID,N_AB_Year_PY,ADM\nA1,7900,180\n";
  const json doc = import("PY2017.csv", text, "PY2016.csv", baseline);
  CHECK_FALSE(doc["programs"][0].contains("contract"));
  CHECK(doc["programs"][0].contains("baseline"));
  CHECK(has_note(doc["programs"][0], "no contract: no track flag is set"));
  // Without a baseline the row is nothing acocalc can compute: a file of
  // such rows only is an error naming them.
  const auto errors = import_errors("PY2017.csv", text.substr(0, text.rfind("A2")));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "PY2017.csv:2: ACO A1 left out: no contract: no track flag is set");
  CHECK(errors[1] == "PY2017.csv: no row could be imported (each needs a contract or a baseline)");
}

TEST_CASE("a baseline file adds utilization, as counts reconstructed from rate and person-years") {
  const std::string baseline =
      "ACO_ID,N_AB_Year_PY,ADM,P_EDV_Vis,P_CT_VIS,P_EM_PCP_Vis,readm_Rate_1000\n"
      "A1002,8800,180,300,*,4000,151\n";
  const json doc = import("PY2018.csv", kPy2018, "PY2017.csv", baseline);
  const json& p = doc["programs"][0];
  CHECK(p["baseline"]["label"] == "PY2017");
  CHECK(p["baseline"]["member_months"] == 8800 * 12);
  // 180 per 1,000 x 8,800 person-years = 1,584 admissions; 169 x 8,925 =
  // 1,508.3 -> 1,508; 290 x 8,925 = 2,588.25 -> 2,588.
  CHECK(p["baseline"]["utilization"]["inpatient_admissions"] == json{{"count", 1584}});
  CHECK(p["performance"]["utilization"]["inpatient_admissions"] == json{{"count", 1508}});
  CHECK(p["performance"]["utilization"]["er_visits"] == json{{"count", 2588}});
  CHECK(has_note(p, "utilization counts reconstructed"));
  // Per 1,000 discharges, not person-years: left out.
  CHECK_FALSE(p["performance"]["utilization"].contains("readm_rate_1000"));
  // Only in one file: left out.
  CHECK_FALSE(p["performance"]["utilization"].contains("ct_visits"));
  CHECK(has_note(doc["programs"][1], "not in the baseline file PY2017.csv"));
  CHECK_FALSE(doc["programs"][1].contains("baseline"));
}

TEST_CASE("PUF utilization columns get the core's names and directions") {
  const std::string performance =
      "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY,P_CT_VIS,P_EM_PCP_Vis,"
      "P_Nurse_Vis\n"
      "A1,1,9139,100,90,8000,700,5649,12\n";
  const std::string baseline =
      "ACO_ID,N_AB_Year_PY,P_CT_VIS,P_EM_PCP_Vis,P_Nurse_Vis\nA1,7900,710,5600,*\n";
  const json doc = import("PY2018.csv", performance, "PY2016.csv", baseline);
  const json& use = doc["programs"][0]["performance"]["utilization"];
  // 700 x 8,000 / 1,000 = 5,600 scans; 5,649 x 8 = 45,192 visits.
  CHECK(use["ct_visits"] == json{{"count", 5600}});  // a known name: its direction is fixed
  // Primary-care visits have no agreed direction: a known neutral name.
  CHECK(use["p_em_pcp_vis"] == json{{"count", 45192}});
  CHECK_FALSE(use.contains("p_nurse_vis"));  // suppressed in the baseline
  CHECK(has_note(doc["programs"][0], "not a number in both files: P_Nurse_Vis"));
}

TEST_CASE("several years' files make a panel: one program per ACO-year") {
  const std::string py2016 =
      "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY,ADM\n"
      "A1,1,9139,100,90,8000,170\n"
      "A2,1,9139,100,90,8000,150\n";
  const std::string py2017 =
      "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY,ADM\n"
      "A1,1,9139,100,95,9000,160\n";
  const std::string py2018 =
      "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY,ADM\n"
      "B7,1,9139,100,95,9000,160\n";
  // Given out of order: the years decide.
  const std::vector<MsspPufFile> files{
      {.name = "PY2017.csv", .text = py2017, .performance_year = std::nullopt},
      {.name = "PY2016.csv", .text = py2016, .performance_year = std::nullopt},
      {.name = "PY2018.csv", .text = py2018, .performance_year = std::nullopt}};
  std::string out;
  std::vector<std::string> errors;
  std::vector<std::string> notes;
  REQUIRE(import_mssp_puf_panel(files, &out, &errors, &notes));
  const json doc = json::parse(out);
  REQUIRE(doc["programs"].size() == 4);
  CHECK(doc["programs"][0]["id"] == "A1-PY2016");
  CHECK(doc["programs"][1]["id"] == "A2-PY2016");
  CHECK_FALSE(doc["programs"][0].contains("baseline"));  // no earlier year given
  const json& later = doc["programs"][2];
  CHECK(later["id"] == "A1-PY2017");
  CHECK(later["baseline"]["label"] == "PY2016");
  CHECK(later["baseline"]["member_months"] == 8000 * 12);
  // 170 per 1,000 x 8,000 person-years = 1,360; 160 x 9,000 = 1,440.
  CHECK(later["baseline"]["utilization"]["inpatient_admissions"]["count"] == 1360);
  CHECK(later["performance"]["utilization"]["inpatient_admissions"]["count"] == 1440);
  CHECK(doc["programs"][3]["id"] == "B7-PY2018");
  // PY2018 matches no ACO of PY2017: said, not silent.
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] ==
        "PY2018.csv: none of its ACOs is in PY2017.csv, so no program of it has a baseline "
        "(CMS changed ACO identifiers in PY2018, from A67373-style ACO_Num to A1001-style "
        "ACO_ID)");
  // One file a year.
  const std::vector<MsspPufFile> twice{files[0], files[0]};
  errors.clear();
  CHECK_FALSE(import_mssp_puf_panel(twice, &out, &errors, &notes));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "PY2017.csv: PY2017 is given twice (also PY2017.csv)");
}

TEST_CASE("the output is deterministic and has one program per line") {
  const MsspPufFile puf{.name = "PY2018.csv", .text = kPy2018, .performance_year = {}};
  std::string first;
  std::string second;
  std::vector<std::string> errors;
  REQUIRE(import_mssp_puf(puf, nullptr, &first, &errors));
  REQUIRE(import_mssp_puf(puf, nullptr, &second, &errors));
  CHECK(first == second);
  CHECK(first.starts_with("{\"acocalc\": 1, \"programs\": [\n{\"id\":\"A1002\""));
  CHECK(std::count(first.begin(), first.end(), '\n') == 4);
}

TEST_CASE("the performance year comes from the file name") {
  CHECK(mssp_puf_year_from_name("PY2018.csv") == 2018);
  CHECK(mssp_puf_year_from_name("/data/puf/py2014.csv") == 2014);
  CHECK(mssp_puf_year_from_name("2019_Shared_Savings_Program_PUF.csv") == 2019);
  CHECK(mssp_puf_year_from_name("2019/PY2020_ACO.csv") == 2020);
  CHECK_FALSE(mssp_puf_year_from_name("puf.csv").has_value());
  CHECK_FALSE(mssp_puf_year_from_name("-").has_value());
  CHECK_FALSE(mssp_puf_year_from_name("2018_vs_2019.csv").has_value());
}

TEST_CASE("a year given by the caller overrides the file name") {
  const MsspPufFile puf{.name = "-", .text = kPy2018, .performance_year = 2018};
  std::string out;
  std::vector<std::string> errors;
  CHECK(import_mssp_puf(puf, nullptr, &out, &errors));
}

TEST_CASE("a file without a year in its name is an error") {
  const auto errors = import_errors("puf.csv", kPy2018);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].starts_with("puf.csv: cannot tell the performance year"));
}

TEST_CASE("missing required columns are each reported") {
  const auto errors = import_errors("PY2018.csv", "ACO_ID,N_AB\nA1,9139\n");
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "PY2018.csv: missing column N_AB_Year_PY (or N_AB_Year)");
  CHECK(errors[1] == "PY2018.csv: missing column ABtotBnchmk");
  CHECK(errors[2] == "PY2018.csv: missing column ABtotExp");
  CHECK(errors[3].starts_with("PY2018.csv: missing track columns"));
}

TEST_CASE("a file that is not a CSV is an error with its place") {
  const auto errors = import_errors("PY2018.csv", "{\"acocalc\": 1, \"programs\": []}\n");
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].starts_with("PY2018.csv:1:"));
}

TEST_CASE("text in a number column is an error with its line") {
  const std::string text =
      "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A1,1,many,100,90,8000\n";
  const auto errors = import_errors("PY2018.csv", text);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "PY2018.csv:2: column N_AB: expected a number, got \"many\"");
}

TEST_CASE("a row with the wrong number of fields is an error") {
  const auto errors = import_errors(
      "PY2018.csv", "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY\nA1,1,9139\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "PY2018.csv:2: 3 fields, but the header has 6");
}

TEST_CASE("a repeated ACO id is an error") {
  const std::string text =
      "ACO_ID,Current_Track_1,N_AB,ABtotBnchmk,ABtotExp,N_AB_Year_PY\n"
      "A1,1,9139,100,90,8000\nA1,1,9139,100,90,8000\n";
  const auto errors = import_errors("PY2018.csv", text);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "PY2018.csv:3: ACO id A1 appears twice");
}

}  // namespace
}  // namespace acocalc
