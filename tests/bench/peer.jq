# The jq peer (Debian jq 1.6): the figures acocalc reports, computed the
# plain way, one JSON line per program (run with jq -c -f peer.jq FILE).
# Reads JSON Lines or one {"acocalc": 1, "programs": [...]} document. Same
# figures and order of operations as tests/bench/peer.py; see that file.

def ratio($n; $d): if $n == null or $d == null or $d == 0 then null else $n / $d end;
def per_1000($count; $mm): $count * 12000 / $mm;
# `//` treats false as missing, so defaults for booleans need has().
def get($key; $default): if has($key) then .[$key] else $default end;

(if type == "object" and has("programs") then .programs[] else . end)
| . as $p
| $p.baseline as $base
| $p.performance as $perf
| (reduce ($perf.utilization | keys_unsorted[]) as $k ({};
    per_1000($base.utilization[$k]; $base.member_months) as $b
    | per_1000($perf.utilization[$k]; $perf.member_months) as $q
    | .[$k] = {baseline_per_1000: $b, performance_per_1000: $q, pct_change: ratio($q - $b; $b)}))
  as $util
| (reduce ($perf.quality | keys_unsorted[]) as $k ({};
    ($base.quality[$k] | .numerator / .denominator) as $b
    | ($perf.quality[$k] | .numerator / .denominator) as $q
    | .[$k] = {baseline_rate: $b, performance_rate: $q, pct_change: ratio($q - $b; $b)}))
  as $quality
| (if $p | has("contract") | not then null else
    $p.contract as $c
    | (if $c.benchmark | has("pmpm") then $c.benchmark.pmpm * $perf.member_months
       else $c.benchmark.total end) as $benchmark
    | ($benchmark - $perf.expenditure) as $gross
    | ($gross / $benchmark) as $savings_rate
    | ($savings_rate >= ($c | get("minimum_savings_rate"; 0))) as $msr_met
    | ($c | get("quality_standard_met"; true)) as $quality_met
    | (if $c | has("efficiency_gate") | not then true else
        $c.efficiency_gate as $g
        | ([$g.metrics[] | $util[.].pct_change
            | select(. != null and -(.) > 0 and -(.) >= ($g | get("min_improvement"; 0)))]
           | length) as $improved
        | ($g | get("require"; "all")) as $require
        | $improved >= (if $require == "all" then ($g.metrics | length) else $require end)
      end) as $gate_passed
    | ($gross > 0 and $msr_met and $quality_met and $gate_passed) as $eligible
    | (if $quality_met then $c.sharing_rate else 0 end) as $sharing_rate
    | (if $eligible then $gross * $sharing_rate * (1 - ($c | get("sequestration"; 0))) else 0 end)
      as $shared
    | (if $c | has("savings_cap") then [$shared, $c.savings_cap * $benchmark] | min
       else $shared end) as $shared
    | {benchmark: $benchmark, gross_savings: $gross, savings_rate: $savings_rate,
       eligible: $eligible, shared_savings: $shared}
  end) as $settlement
| {id: $p.id, utilization: $util, quality: $quality, settlement: $settlement}
