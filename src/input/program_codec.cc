#include "input/program_codec.h"

#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>
#include <vector>

namespace acocalc {
namespace {

// Each struct's fields, in the one list that encoding and decoding both
// walk. A field left out of its list is lost between the passes: the sizes
// stop the build when a struct grows (add the field here, and to
// everything_set() in program_codec_test, then the size), and that test
// compares a program with every field set, and every sample, read back. A
// field that fits in a struct's padding (a bool) leaves its size alone:
// only the test, once the field is set there, catches it.
static_assert(sizeof(Metric) == 72 && sizeof(Measure) == 88 && sizeof(Period) == 216 &&
                  sizeof(Benchmark) == 24 && sizeof(MinimumRate) == 16 &&
                  sizeof(EfficiencyGate) == 48 && sizeof(LossSharing) == 32 &&
                  sizeof(MsspTerms) == 48 && sizeof(Contract) == 400 &&
                  sizeof(ComparisonGroup) == 520 && sizeof(Program) == 1640 &&
                  sizeof(BenchmarkYearFigures) == 256 && sizeof(MsspBenchmarkInputs) == 1384 &&
                  sizeof(Expectation) == 56 && sizeof(LoadedProgram) == 1760,
              "a struct of the model changed: add its new fields to fields() below");

template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

template <class V, Is<Metric> T>
void fields(V& v, T& x) {
  v(x.name, x.count, x.per_1000, x.direction);
}
template <class V, Is<Measure> T>
void fields(V& v, T& x) {
  v(x.name, x.numerator, x.denominator, x.rate, x.direction);
}
template <class V, Is<Period> T>
void fields(V& v, T& x) {
  v(x.label, x.start, x.end, x.member_months, x.assigned_beneficiaries, x.expenditure, x.risk_score,
    x.spending_sd, x.utilization, x.quality);
}
template <class V, Is<BenchmarkYearFigures> T>
void fields(V& v, T& x) {
  v(x.person_years, x.per_capita_expenditure, x.risk_score, x.demographic_risk_score,
    x.national_per_capita, x.regional_per_capita, x.market_share);
}
template <class V, Is<MsspBenchmarkInputs> T>
void fields(V& v, T& x) {
  v(x.agreement_start, x.agreement_type, x.performance_year, x.benchmark_years, x.performance,
    x.acpt, x.regional_risk_growth_cap, x.projected_national_growth, x.newly_assigned_person_years,
    x.newly_assigned_risk_score, x.lis_dual_share, x.dual_share, x.regional_adjustment_number,
    x.regional_adjustment_weight, x.acpt_weight, x.prior_savings_per_capita,
    x.prior_savings_proration, x.first_agreement_savings_per_capita,
    x.first_agreement_person_years);
}
template <class V, Is<Benchmark> T>
void fields(V& v, T& x) {
  v(x.kind, x.value, x.mssp_inputs);
}
template <class V, Is<MinimumRate> T>
void fields(V& v, T& x) {
  v(x.mssp_table, x.value);
}
template <class V, Is<EfficiencyGate> T>
void fields(V& v, T& x) {
  v(x.metrics, x.require, x.min_improvement, x.significant);
}
template <class V, Is<LossSharing> T>
void fields(V& v, T& x) {
  v(x.kind, x.rate, x.min, x.max);
}
template <class V, Is<MsspTerms> T>
void fields(V& v, T& x) {
  v(x.track, x.performance_year, x.agreement_year, x.pay_for_reporting, x.low_revenue,
    x.alternative_quality_standard, x.agreement_start, x.euc_share, x.guardrail,
    x.revenue_loss_limit);
}
template <class V, Is<Contract> T>
void fields(V& v, T& x) {
  v(x.model, x.mssp, x.benchmark, x.risk_adjust, x.two_sided, x.minimum_savings_rate,
    x.minimum_loss_rate, x.sharing_rate, x.quality_score, x.quality_standard_met,
    x.quality_adjustment, x.efficiency_gate, x.savings_cap, x.sequestration, x.loss_sharing_rate,
    x.loss_limit, x.loss_limit_revenue, x.participant_revenue, x.loss_adjustment, x.euc_share,
    x.withhold_savings, x.care_coordination_fee_pmpm, x.reduced_sharing_below_msr, x.spending_cv);
}
template <class V, Is<ComparisonGroup> T>
void fields(V& v, T& x) {
  v(x.label, x.description, x.sources, x.baseline, x.performance);
}
template <class V, Is<Program> T>
void fields(V& v, T& x) {
  v(x.id, x.name, x.description, x.location, x.payer_type, x.population, x.payers, x.partners,
    x.sources, x.baseline, x.performance, x.comparison, x.contract);
}
template <class V, Is<Expectation> T>
void fields(V& v, T& x) {
  v(x.path, x.expected, x.tolerance);
}
template <class V, Is<LoadedProgram> T>
void fields(V& v, T& x) {
  v(x.program, x.expect, x.input_notes, x.file, x.line, x.pointer);
}

template <class T>
constexpr bool kOptional = false;
template <class T>
constexpr bool kOptional<std::optional<T>> = true;
template <class T>
constexpr bool kOptional<HeapOptional<T>> = true;
template <class T>
constexpr bool kVector = false;
template <class T>
constexpr bool kVector<std::vector<T>> = true;
template <class T>
constexpr bool kArray = false;
template <class T, std::size_t N>
constexpr bool kArray<std::array<T, N>> = true;

// A fixed-width field: a number, or an array of numbers (copied whole).
template <class T>
constexpr bool raw_field() {
  if constexpr (kArray<T>) {
    return std::is_arithmetic_v<typename T::value_type>;
  } else {
    return std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
  }
}

// The kinds of an expectation's value.
enum class JsonKind : std::uint8_t {
  null,
  boolean,
  integer,
  unsigned_integer,
  number,
  string,
  text
};

// Writes at the end of a string through a pointer, growing it in steps:
// a field costs a bounds check and a copy, not an append() call.
class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out), used_(out.size()) {}
  ~Encoder() { out_.resize(used_); }
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  template <class... T>
  void operator()(const T&... values) {
    (put(values), ...);
  }

  std::size_t used() const { return used_; }
  char* at(std::size_t offset) { return out_.data() + offset; }

 private:
  template <class T>
  void put(const T& value) {
    if constexpr (raw_field<T>()) {
      std::memcpy(room(sizeof value), &value, sizeof value);
      used_ += sizeof value;
    } else if constexpr (std::is_same_v<T, bool> || std::is_enum_v<T>) {
      static_assert(sizeof(T) <= 4, "an enumeration of more than a byte's values");
      *room(1) = static_cast<char>(value);
      ++used_;
    } else if constexpr (std::is_same_v<T, std::string>) {
      size(value.size());
      std::memcpy(room(value.size()), value.data(), value.size());
      used_ += value.size();
    } else if constexpr (kOptional<T>) {
      put(value.has_value());
      if (value) put(*value);
    } else if constexpr (kVector<T>) {
      size(value.size());
      for (const auto& item : value) put(item);
    } else if constexpr (kArray<T>) {
      for (const auto& item : value) put(item);
    } else if constexpr (std::is_same_v<T, ordered_json>) {
      json(value);
    } else {
      fields(*this, value);
    }
  }

  // Room for `n` more bytes at the end of what is written: the string grows
  // a kilobyte at a time (its capacity, geometrically).
  char* room(std::size_t n) {
    if (out_.size() - used_ < n) out_.resize(used_ + n + 1024);
    return out_.data() + used_;
  }

  // A count or a length: 7 bits a byte, low bits first.
  void size(std::size_t n) {
    char* p = room(10);
    char* const start = p;
    while (n >= 0x80) {
      *p++ = static_cast<char>(n | 0x80);
      n >>= 7;
    }
    *p++ = static_cast<char>(n);
    used_ += static_cast<std::size_t>(p - start);
  }

  void json(const ordered_json& value) {
    if (value.is_null()) {
      put(JsonKind::null);
    } else if (value.is_boolean()) {
      put(JsonKind::boolean);
      put(value.get<bool>());
    } else if (value.is_number_unsigned()) {
      put(JsonKind::unsigned_integer);
      put(value.get<std::uint64_t>());
    } else if (value.is_number_integer()) {
      put(JsonKind::integer);
      put(value.get<std::int64_t>());
    } else if (value.is_number_float()) {
      put(JsonKind::number);
      put(value.get<double>());
    } else if (value.is_string()) {
      put(JsonKind::string);
      put(value.get_ref<const std::string&>());
    } else {  // not an expectation's value today; kept whole all the same
      put(JsonKind::text);
      put(value.dump());
    }
  }

  std::string& out_;
  std::size_t used_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  template <class... T>
  void operator()(T&... values) {
    (get(values), ...);
  }

  // Whether everything read was there, and nothing is left.
  bool done() const { return ok_ && in_.empty(); }

 private:
  template <class T>
  void get(T& value) {
    if constexpr (raw_field<T>()) {
      if (in_.size() < sizeof value) return fail();
      std::memcpy(&value, in_.data(), sizeof value);
      in_.remove_prefix(sizeof value);
    } else if constexpr (std::is_same_v<T, bool> || std::is_enum_v<T>) {
      if (in_.empty()) return fail();
      const auto byte = static_cast<unsigned char>(in_.front());
      in_.remove_prefix(1);
      if constexpr (std::is_same_v<T, bool>) {
        value = byte != 0;
      } else {
        value = static_cast<T>(byte);
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      const std::size_t n = size();
      value.assign(in_.data(), n);
      in_.remove_prefix(n);
    } else if constexpr (kOptional<T>) {
      bool has = false;
      get(has);
      if (!has) {
        value.reset();
      } else {
        if (!value) value.emplace();
        get(*value);
      }
    } else if constexpr (kVector<T>) {
      value.resize(size());
      for (auto& item : value) get(item);
    } else if constexpr (kArray<T>) {
      for (auto& item : value) get(item);
    } else if constexpr (std::is_same_v<T, ordered_json>) {
      json(value);
    } else {
      fields(*this, value);
    }
  }

  // A count or a length: no more than the bytes left (every element takes
  // at least one).
  std::size_t size() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) break;
      const auto byte = static_cast<unsigned char>(in_.front());
      in_.remove_prefix(1);
      n |= std::uint64_t{byte & 0x7Fu} << shift;
      if (byte < 0x80) {
        if (n <= in_.size()) return static_cast<std::size_t>(n);
        break;
      }
    }
    fail();
    return 0;
  }

  template <class T>
  void json_as(ordered_json& value) {
    T n{};
    get(n);
    value = n;
  }

  void json(ordered_json& value) {
    JsonKind kind = JsonKind::null;
    get(kind);
    switch (kind) {
      case JsonKind::null:
        value = nullptr;
        break;
      case JsonKind::boolean:
        json_as<bool>(value);
        break;
      case JsonKind::integer:
        json_as<std::int64_t>(value);
        break;
      case JsonKind::unsigned_integer:
        json_as<std::uint64_t>(value);
        break;
      case JsonKind::number:
        json_as<double>(value);
        break;
      case JsonKind::string:
        json_as<std::string>(value);
        break;
      case JsonKind::text: {
        std::string text;
        get(text);
        value = ordered_json::parse(text, nullptr, false);
        if (value.is_discarded()) fail();
        break;
      }
      default:
        fail();
    }
  }

  void fail() {
    ok_ = false;
    in_ = {};
  }

  std::string_view in_;
  bool ok_ = true;
};

constexpr std::size_t kLengthBytes = sizeof(std::uint64_t);

}  // namespace

void encode_program(const LoadedProgram& loaded, std::string* out) {
  const std::size_t start = out->size();
  Encoder encoder(*out);
  const std::uint64_t zero = 0;
  encoder(zero);  // the length's place
  encoder(loaded);
  const std::uint64_t length = encoder.used() - start;
  std::memcpy(encoder.at(start), &length, sizeof length);
}

std::size_t encoded_length(std::string_view in) {
  if (in.size() < kLengthBytes) return 0;
  std::uint64_t length = 0;
  std::memcpy(&length, in.data(), sizeof length);
  return length < kLengthBytes ? 0 : static_cast<std::size_t>(length);
}

bool decode_program(std::string_view in, LoadedProgram* out) {
  const std::size_t length = encoded_length(in);
  if (length == 0 || length > in.size()) return false;
  Decoder decoder(in.substr(kLengthBytes, length - kLengthBytes));
  decoder(*out);
  return decoder.done();
}

}  // namespace acocalc
