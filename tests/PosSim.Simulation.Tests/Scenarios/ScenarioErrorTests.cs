using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Tests.Scenarios;

/// <summary>
/// Each way a scenario can be wrong, with the place and words of its error. Most cases add lines to
/// <see cref="ScenarioTexts.Minimal"/> (7 lines, so added text starts on line 8) or replace one of its values.
/// </summary>
public class ScenarioErrorTests
{
    private const string File = "t.yaml";

    private static string Add(string lines) => ScenarioTexts.Minimal + lines;

    private static string Swap(string from, string to) => ScenarioTexts.Minimal.Replace(from, to, StringComparison.Ordinal);

    public static TheoryData<string, string, int, int, string> Cases() => new()
    {
        // The file and the top level.
        { "empty file", "", 1, 1, "the file is empty" },
        { "two documents", "name: a\n---\nname: b\n", 3, 1, "a scenario file holds one YAML document" },
        { "not a mapping", "- a\n- b\n", 1, 1, "expected keys (key: value), found a list" },
        { "yaml syntax", Add("holidays: [2025-03-03\n"), 9, 1, "not valid YAML: " },
        { "duplicate key", Add("seed: 1\nseed: 2\n"), 9, 1, "not valid YAML: Duplicate key seed" },
        { "key not a name", Add("? [a]\n: 1\n"), 8, 3, "a key must be a name, found a list" },
        { "missing name", "start: 2025-03-03\nmerchants:\n  - id: M\n", 1, 1, "name: required key is missing" },
        { "missing start", "name: x\nmerchants:\n  - id: M\n", 1, 1, "start: required key is missing" },
        { "missing merchants", "name: x\nstart: 2025-03-03\n", 1, 1, "merchants: required key is missing" },
        { "unknown top key", Add("seeed: 3\n"), 8, 1, "seeed: unknown key seeed (did you mean seed?); allowed here: name, description, seed," },
        { "blank name", Swap("name: minimal", "name: \" \""), 1, 7, "name: must not be empty" },
        { "null value", Add("description:\n"), 8, 13, "description: expected a text value, found nothing" },
        { "seed not a number", Add("seed: abc\n"), 8, 7, "seed: expected a whole number, found abc" },
        { "seed quoted", Add("seed: \"5\"\n"), 8, 7, "seed: expected a whole number, found the text \"5\"" },
        { "seed too large", Add("seed: 99999999999\n"), 8, 7, "seed: 99999999999 is too large" },
        { "days zero", Swap("days: 2", "days: 0"), 3, 7, "days: 0 is not between 1 and 3660" },
        { "settle_days negative", Add("settle_days: -1\n"), 8, 14, "settle_days: -1 is not between 0 and 3660" },
        { "start not a date", Swap("start: 2025-03-03", "start: 2025-13-01"), 2, 8, "start: expected a date yyyy-MM-dd (2025-03-14), found 2025-13-01" },
        { "utc offset out of range", Add("utc_offset: \"+15:00\"\n"), 8, 13, "utc_offset: expected an offset from UTC" },
        { "cut over not a time", Add("cut_over: \"25:00\"\n"), 8, 11, "cut_over: expected a time of day HH:mm or HH:mm:ss" },
        { "framing none", Add("framing: none\n"), 8, 10, "framing: \"none\" is not one of binary2, ascii4, bcd2" },
        { "unknown dialect", Add("dialect: iso93\n"), 8, 10, "dialect: \"iso93\" is not a built-in dialect (iso87-ascii, " },
        { "currency two digits", Add("currency: \"15\"\n"), 8, 11, "currency: \"15\" is not an ISO 4217 numeric currency" },
        { "holiday twice", Add("holidays: [2025-03-03, 2025-03-03]\n"), 8, 24, "holidays[1]: 2025-03-03 is listed twice" },
        { "holiday not a date", Add("holidays: [2025-02-30]\n"), 8, 12, "holidays[0]: expected a date" },

        // The acquirer.
        { "acquirer unknown key", Add("acquirer:\n  issuer_timout: 5s\n"), 9, 3, "acquirer.issuer_timout: unknown key issuer_timout (did you mean issuer_timeout?)" },
        { "duration without unit", Add("acquirer:\n  issuer_timeout: 5\n"), 9, 19, "acquirer.issuer_timeout: expected a whole number with a unit: ms, s, m or h" },
        { "duration unit unknown", Add("acquirer:\n  terminal_timeout: 5d\n"), 9, 21, "acquirer.terminal_timeout: expected a whole number with a unit" },
        { "duration zero", Add("acquirer:\n  issuer_timeout: 0s\n"), 9, 19, "acquirer.issuer_timeout: 0s is too short; it must be at least 1ms" },
        { "tries zero", Add("acquirer:\n  reversal_max_tries: 0\n"), 9, 23, "acquirer.reversal_max_tries: 0 is less than 1" },
        { "max backoff below backoff", Add("acquirer:\n  reversal_backoff: 10s\n  reversal_max_backoff: 5s\n"), 10, 25, "acquirer.reversal_max_backoff: 5s is shorter than reversal_backoff 10s" },
        { "acquirer not a mapping", Add("acquirer: fast\n"), 8, 11, "acquirer: expected keys (key: value), found fast" },

        // Merchants.
        { "merchants empty", "name: t\nstart: 2025-03-03\nmerchants: []\n", 3, 12, "merchants: needs at least one merchant group" },
        { "merchants not a list", "name: t\nstart: 2025-03-03\nmerchants: M\n", 3, 12, "merchants: expected a list, found M" },
        { "merchant without id", "name: t\nstart: 2025-03-03\nmerchants:\n  - count: 2\n", 4, 5, "merchants[0].id: required key is missing" },
        { "merchant unknown key", Add("    mdr_bps: 60\n"), 8, 5, "merchants[0].mdr_bps: unknown key mdr_bps" },
        { "duplicate generated merchant id", Add("  - id: M0002\n"), 8, 9, "merchants[1].id: merchant id M0002 is already taken by merchants[0]" },
        { "merchant count negative", Swap("count: 2", "count: -1"), 6, 12, "merchants[0].count: -1 is not between 1 and 9999" },
        { "terminals zero", Swap("terminals: 2", "terminals: 0"), 7, 16, "merchants[0].terminals: 0 is not between 1 and 9999999" },
        { "merchant id too long for count", Swap("id: M", "id: ABCDEFGHIJKL"), 5, 9, "merchants[0].id: ABCDEFGHIJKL is longer than 11 characters; with count 2" },
        { "merchant id with spaces", Swap("id: M", "id: \"M X\""), 5, 9, "merchants[0].id: \"M X\" may hold only letters, digits, - and _" },
        { "qr share above one", Add("    qr_share: 1.5\n"), 8, 15, "merchants[0].qr_share: 1.5 is not a share between 0 and 1" },
        { "category three digits", Add("    category: 541\n"), 8, 15, "merchants[0].category: \"541\" is not a merchant category code" },
        { "mdr above 100 percent", Add("    mdr_card_bps: 10001\n"), 8, 19, "merchants[0].mdr_card_bps: 10001 is not between 0 and 10000" },
        { "settlement account for a group", Add("    settlement_account: SA-1\n"), 8, 5, "merchants[0].settlement_account: only a single merchant (count 1) can name its account; this group has count 2" },
        { "instant window backwards", Add("    instant:\n      window: 20:00-08:00\n      daily_quota_minor: 1\n"), 9, 15, "merchants[0].instant.window: the window must start before it ends" },
        { "instant window malformed", Add("    instant:\n      window: 8-20\n      daily_quota_minor: 1\n"), 9, 15, "merchants[0].instant.window: expected a window HH:mm-HH:mm" },
        { "instant without quota", Add("    instant:\n      window: 08:00-20:00\n"), 9, 7, "merchants[0].instant.daily_quota_minor: required key is missing" },
        { "weight negative", Add("    weight: -2\n"), 8, 13, "merchants[0].weight: -2 is less than 0" },

        // Cardholders and traffic.
        { "bin too short", Add("cardholders:\n  bin: 12345\n"), 9, 8, "cardholders.bin: \"12345\" is not a BIN of 6 to 8 digits" },
        { "balances reversed", Add("cardholders:\n  balance_min_minor: 10\n  balance_max_minor: 5\n"), 9, 22, "cardholders.balance_min_minor: balance_min_minor 10 is more than balance_max_minor 5" },
        { "card shares above one", Add("cardholders:\n  expired_share: 0.6\n  low_balance_share: 0.6\n"), 10, 22, "cardholders.low_balance_share: expired_share and low_balance_share add up to more than 1" },
        { "cardholder count zero", Add("cardholders:\n  count: 0\n"), 9, 10, "cardholders.count: 0 is less than 1" },
        { "curve of 23", Add("traffic:\n  hourly_curve: [" + string.Join(", ", Enumerable.Repeat("1", 23)) + "]\n"), 9, 17, "traffic.hourly_curve: needs 24 numbers, one per hour from 00 to 23; found 23" },
        { "curve all zero", Add("traffic:\n  hourly_curve: [" + string.Join(", ", Enumerable.Repeat("0", 24)) + "]\n"), 9, 17, "traffic.hourly_curve: every hour is 0" },
        { "curve negative hour", Add("traffic:\n  hourly_curve: [1, 1, 1, -1" + string.Concat(Enumerable.Repeat(", 1", 20)) + "]\n"), 9, 27, "traffic.hourly_curve[3]: -1 is less than 0" },
        { "curve not a list", Add("traffic:\n  hourly_curve: flat\n"), 9, 17, "traffic.hourly_curve: expected a list, found flat" },
        { "purchases negative", Add("traffic:\n  purchases_per_day: -5\n"), 9, 22, "traffic.purchases_per_day: -5 is less than 0" },
        { "amount min above max", Add("traffic:\n  amount_min_minor: 500\n  amount_max_minor: 100\n"), 9, 21, "traffic.amount_min_minor: amount_min_minor 500 is more than amount_max_minor 100" },
        { "median outside range", Add("traffic:\n  amount_median_minor: 99\n  amount_min_minor: 100\n"), 9, 24, "traffic.amount_median_minor: amount_median_minor 99 is outside amount_min_minor..amount_max_minor" },
        { "refund rate two", Add("traffic:\n  refund_rate: 2\n"), 9, 16, "traffic.refund_rate: 2 is not a share between 0 and 1" },
        { "rates add above one", Add("traffic:\n  refund_rate: 0.5\n  void_rate: 0.3\n  reversal_rate: 0.3\n"), 11, 18, "traffic.reversal_rate: refund_rate, void_rate and reversal_rate add up to more than 1" },
        { "open after batch close", Add("traffic:\n  open: \"23:00\"\n"), 9, 9, "traffic.open: open 23:00:00 is not before batch_close 22:30:00" },
        { "weekend factor not a number", Add("traffic:\n  weekend_factor: lots\n"), 9, 19, "traffic.weekend_factor: expected a number, found lots" },

        // Planned transactions.
        { "planned not a list", Add("planned: none\n"), 8, 10, "planned: expected a list, found none" },
        { "planned unknown terminal", Add("planned:\n  - terminal: T0000009\n    time: \"10:00\"\n"), 9, 15, "planned[0].terminal: no terminal T0000009 in this scenario; its terminals are T0000001 to T0000004" },
        { "planned terminal id too long", Add("planned:\n  - terminal: T00000001\n    time: \"10:00\"\n"), 9, 15, "planned[0].terminal: \"T00000001\" is longer than 8 characters" },
        { "planned day past the last", Add("planned:\n  - terminal: T0000001\n    day: 3\n    time: \"10:00\"\n"), 10, 10, "planned[0].day: day 3 is outside the scenario's trading days 1..2" },
        { "planned without time", Add("planned:\n  - terminal: T0000001\n"), 9, 5, "planned[0].time: required key is missing" },
        { "planned bad time", Add("planned:\n  - terminal: T0000001\n    time: \"10h\"\n"), 10, 11, "planned[0].time: expected a time of day" },
        { "planned kind unknown", Add("planned:\n  - kind: sale\n    terminal: T0000001\n    time: \"10:00\"\n"), 9, 11, "planned[0].kind: \"sale\" is not one of purchase, refund, void, reversal" },
        { "planned amount zero", Add("planned:\n  - terminal: T0000001\n    time: \"10:00\"\n    amount_minor: 0\n"), 11, 19, "planned[0].amount_minor: 0 is less than 1" },
        { "planned channel", Add("planned:\n  - terminal: T0000001\n    time: \"10:00\"\n    channel: cash\n"), 11, 14, "planned[0].channel: \"cash\" is not one of card, qr" },
        { "refund without ref", Add("planned:\n  - kind: refund\n    terminal: T0000001\n    time: \"10:00\"\n"), 9, 5, "planned[0].ref: required key is missing (a refund names the planned purchase it undoes)" },
        { "purchase with ref", Add("planned:\n  - terminal: T0000001\n    time: \"10:00\"\n    ref: x\n"), 11, 5, "planned[0].ref: a purchase refers to nothing" },
        { "ref to unknown name", Add("planned:\n  - name: p\n    terminal: T0000001\n    time: \"10:00\"\n  - kind: void\n    terminal: T0000001\n    time: \"10:05\"\n    ref: q\n"), 15, 10, "planned[1].ref: no planned purchase is named q; named purchases: p" },
        { "refund on another terminal", Add("planned:\n  - name: p\n    terminal: T0000001\n    time: \"10:00\"\n  - kind: refund\n    terminal: T0000002\n    time: \"10:05\"\n    ref: p\n"), 15, 10, "planned[1].ref: p was made on terminal T0000001, not T0000002" },
        { "reversal before its purchase", Add("planned:\n  - kind: reversal\n    terminal: T0000001\n    time: \"09:00\"\n    ref: p\n  - name: p\n    terminal: T0000001\n    time: \"10:00\"\n"), 12, 10, "planned[0].ref: p happens on day 1 at 10:00:00, not before this reversal (day 1 at 09:00:00)" },
        { "ref to a refund", Add("planned:\n  - name: p\n    terminal: T0000001\n    time: \"10:00\"\n  - name: r\n    kind: refund\n    terminal: T0000001\n    time: \"11:00\"\n    ref: p\n  - kind: void\n    terminal: T0000001\n    time: \"12:00\"\n    ref: r\n"), 20, 10, "planned[2].ref: r is a planned refund, not a purchase" },
        { "planned name twice", Add("planned:\n  - name: p\n    terminal: T0000001\n    time: \"10:00\"\n  - name: p\n    terminal: T0000001\n    time: \"11:00\"\n"), 12, 11, "planned[1].name: the name p is already used by the planned transaction at line 9" },

        // Faults.
        { "fault without type", Add("faults:\n  - rate: 0.1\n"), 9, 5, "faults[0].type: required key is missing" },
        { "unknown fault type", Add("faults:\n  - type: response-lots\n"), 9, 11, "faults[0].type: unknown fault type \"response-lots\"; the types are request-lost, response-lost, reversal-lost, link-delay," },
        { "fault rate above one", Add("faults:\n  - type: response-lost\n    rate: 1.5\n"), 10, 11, "faults[0].rate: 1.5 is not a share between 0 and 1" },
        { "key of another fault type", Add("faults:\n  - type: response-lost\n    rate: 0.1\n    jitter: 1s\n"), 11, 5, "faults[0].jitter: response-lost does not take jitter; it takes terminal, nth, ref, rate, day, from, to" },
        { "unknown fault key", Add("faults:\n  - type: response-lost\n    ratee: 0.1\n"), 10, 5, "faults[0].ratee: unknown key ratee (did you mean rate?); allowed here: type, terminal, nth, ref, rate, day, from, to" },
        { "aimed with a rate", Add("faults:\n  - type: response-lost\n    terminal: T0000001\n    nth: 1\n    rate: 0.1\n"), 12, 5, "faults[0].rate: an aimed fault (terminal + nth, or ref) hits one transaction and takes no rate" },
        { "aimed with a day", Add("faults:\n  - type: clearing-dropped\n    terminal: T0000001\n    nth: 1\n    day: 1\n"), 12, 5, "faults[0].day: an aimed fault (terminal + nth, or ref) hits one transaction and takes no day" },
        { "terminal without nth", Add("faults:\n  - type: response-lost\n    terminal: T0000001\n"), 9, 5, "faults[0].nth: required key is missing (terminal + nth aims at the n-th purchase that terminal sends)" },
        { "nth without terminal", Add("faults:\n  - type: reversal-lost\n    nth: 1\n"), 9, 5, "faults[0].terminal: required key is missing" },
        { "ref and terminal", Add("planned:\n  - name: p\n    terminal: T0000001\n    time: \"10:00\"\nfaults:\n  - type: duplicate\n    ref: p\n    terminal: T0000001\n    nth: 1\n"), 14, 5, "faults[0].ref: aim with terminal + nth or with ref, not both" },
        { "fault without aim", Add("faults:\n  - type: response-lost\n"), 9, 5, "faults[0]: response-lost needs terminal + nth, or ref, or a rate" },
        { "link delay without aim", Add("faults:\n  - type: link-delay\n    delay: 1s\n"), 9, 5, "faults[0]: link-delay needs terminal + nth, or ref, or a rate, or a window from + to" },
        { "nth zero", Add("faults:\n  - type: response-lost\n    terminal: T0000001\n    nth: 0\n"), 11, 10, "faults[0].nth: 0 is less than 1" },
        { "fault unknown terminal", Add("faults:\n  - type: batch-not-closed\n    terminal: T0000005\n"), 10, 15, "faults[0].terminal: no terminal T0000005 in this scenario" },
        { "fault ref unknown", Add("faults:\n  - type: clearing-dropped\n    ref: nope\n"), 10, 10, "faults[0].ref: no planned purchase is named nope; give one a name: under planned" },
        { "fault day past the last", Add("faults:\n  - type: issuer-down\n    day: 3\n    from: \"10:00\"\n    to: \"10:05\"\n"), 10, 10, "faults[0].day: day 3 is outside the scenario's trading days 1..2" },
        { "window backwards", Add("faults:\n  - type: issuer-down\n    from: \"10:00\"\n    to: \"09:00\"\n"), 11, 9, "faults[0].to: 09:00:00 is not after from 10:00:00" },
        { "window without to", Add("faults:\n  - type: request-lost\n    rate: 0.1\n    from: \"10:00\"\n"), 9, 5, "faults[0].to: required key is missing (a window needs from and to)" },
        { "issuer down without window", Add("faults:\n  - type: issuer-down\n    day: 1\n"), 9, 5, "faults[0].from: required key is missing (issuer-down needs from, to)" },
        { "issuer slow without delay", Add("faults:\n  - type: issuer-slow\n    from: \"10:00\"\n    to: \"10:05\"\n"), 9, 5, "faults[0].delay: required key is missing (issuer-slow needs from, to, delay)" },
        { "corrupt without field", Add("faults:\n  - type: corrupt\n    rate: 0.1\n"), 9, 5, "faults[0].field: required key is missing" },
        { "corrupt field one", Add("faults:\n  - type: corrupt\n    rate: 0.1\n    field: 1\n"), 11, 12, "faults[0].field: 1 is not between 2 and 128" },
        { "late reversal with rate", Add("faults:\n  - type: late-reversal\n    rate: 0.1\n"), 10, 5, "faults[0].rate: late-reversal does not take rate; it takes terminal, nth, ref, days" },
        { "partition with nth", Add("faults:\n  - type: partition\n    nth: 2\n    from: \"10:00\"\n    to: \"10:05\"\n"), 10, 5, "faults[0].nth: partition does not take nth" },
        { "partition of terminal and merchant", Add("faults:\n  - type: partition\n    terminal: T0000001\n    merchant: M0001\n    from: \"10:00\"\n    to: \"10:05\"\n"), 11, 5, "faults[0].merchant: partition cuts off a terminal or a merchant, not both" },
        { "switch restart without at", Add("faults:\n  - type: switch-restart\n    day: 1\n"), 9, 5, "faults[0].at: required key is missing (switch-restart needs at)" },
        { "switch restart with a window", Add("faults:\n  - type: switch-restart\n    at: \"12:00\"\n    to: \"12:05\"\n"), 11, 5, "faults[0].to: switch-restart does not take to; it takes at, day, delay" },
        { "switch down too long", Add("faults:\n  - type: switch-restart\n    at: \"12:00\"\n    delay: 13h\n"), 11, 12, "faults[0].delay: switch-restart lasts at most 12h" },
        { "cut-over skew without delay", Add("faults:\n  - type: cut-over-skew\n    day: 1\n"), 9, 5, "faults[0].delay: required key is missing (cut-over-skew needs delay)" },
        { "cut-over skew too far", Add("faults:\n  - type: cut-over-skew\n    delay: 24h\n"), 10, 12, "faults[0].delay: cut-over-skew lasts at most 12h" },
        { "batch not closed without terminal", Add("faults:\n  - type: batch-not-closed\n    day: 1\n"), 9, 5, "faults[0].terminal: required key is missing (batch-not-closed needs terminal)" },
        { "out of balance by zero", Add("faults:\n  - type: batch-out-of-balance\n    terminal: T0000001\n    by_minor: 0\n"), 11, 15, "faults[0].by_minor: 0 is not an amount to add" },
        { "altered by a negative amount", Add("faults:\n  - type: clearing-altered\n    rate: 0.1\n    by_minor: -50\n"), 11, 15, "faults[0].by_minor: -50 is not an amount to add; give a positive number" },
        { "risk hold unknown merchant", Add("faults:\n  - type: risk-hold\n    merchant: M\n    day: 1\n"), 10, 15, "faults[0].merchant: no merchant M in this scenario; its merchants are M0001, M0002" },
        { "risk hold without day", Add("faults:\n  - type: risk-hold\n    merchant: M0001\n"), 9, 5, "faults[0].day: required key is missing (risk-hold needs merchant, day)" },
        { "until day past the run", Add("faults:\n  - type: risk-hold\n    merchant: M0001\n    day: 1\n    until_day: 8\n"), 12, 16, "faults[0].until_day: 8 is outside the run's days 1..7 (days + settle_days)" },
        { "until day not after day", Add("faults:\n  - type: payout-bounce\n    merchant: M0001\n    day: 2\n    until_day: 2\n"), 12, 16, "faults[0].until_day: 2 is not after day 2" },
        { "bounce reason unknown", Add("faults:\n  - type: payout-bounce\n    merchant: M0001\n    day: 1\n    reason: closed\n"), 12, 13, "faults[0].reason: \"closed\" is not one of frozen, wrong-account" },
        { "settlement delayed zero days", Add("faults:\n  - type: settlement-delayed\n    rate: 0.1\n    days: 0\n"), 11, 11, "faults[0].days: 0 is not between 1 and 366" },
        { "bank maintenance day zero", Add("faults:\n  - type: bank-maintenance\n    day: 0\n    from: \"01:00\"\n    to: \"02:00\"\n"), 10, 10, "faults[0].day: day 0 is outside the scenario's trading days 1..2" },
        { "link delay jitter negative", Add("faults:\n  - type: link-delay\n    rate: 0.5\n    delay: 1s\n    jitter: -1s\n"), 12, 13, "faults[0].jitter: expected a whole number with a unit" },
        { "fault not a mapping", Add("faults:\n  - response-lost\n"), 9, 5, "faults[0]: expected keys (key: value), found response-lost" },

        // Expectations.
        { "expect unknown key", Add("expect:\n  money: true\n"), 9, 3, "expect.money: unknown key money; allowed here: exceptions, money_conserved, findings_match_faults, counters" },
        { "unknown exception kind", Add("expect:\n  exceptions:\n    lost-money: 1\n"), 10, 5, "expect.exceptions.lost-money: lost-money is not an exception kind; the kinds are approved-not-cleared," },
        { "exception count negative", Add("expect:\n  exceptions:\n    approved-not-cleared: -1\n"), 10, 27, "expect.exceptions.approved-not-cleared: -1 is less than 0" },
        { "bool written yes", Add("expect:\n  money_conserved: yes\n"), 9, 20, "expect.money_conserved: expected true or false, found yes" },
        { "counter range empty", Add("expect:\n  counters:\n    approvals: 5..2\n"), 10, 16, "expect.counters.approvals: 5..2 is an empty range: 5 is more than 2" },
        { "counter not a count", Add("expect:\n  counters:\n    approvals: many\n"), 10, 16, "expect.counters.approvals: expected a count N, or a range N..M, N.. or ..M" },
        { "counter open both ends", Add("expect:\n  counters:\n    approvals: \"..\"\n"), 10, 16, "expect.counters.approvals: expected a count N" },
        { "counter name spelled oddly", Add("expect:\n  counters:\n    Approvals: 1\n"), 10, 5, "expect.counters.Approvals: \"Approvals\" is not a counter name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wrong_scenario_is_named_by_file_line_column_and_key(string name, string yaml, int line, int column, string what)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, File));

        Assert.True(e.Message.StartsWith($"{File}:{line}:{column}: {what}", StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.Equal(new SourceMark(File, line, column), e.Where);
    }
}
