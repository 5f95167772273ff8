using System.Globalization;
using PosSim.Reconciliation.Inputs;

namespace PosSim.Reconciliation.Rules;

/// <summary>
/// Turns raw findings into exception rows: one row per kind and key, sorted by kind name and then the key
/// columns (ordinal), each with a sentence a support agent can read out. Findings of one group are put in a
/// canonical order before they are folded, so the result never depends on the order rows were read in.
/// </summary>
internal static class FindingMerger
{
    private static readonly int[] Rank = RankOfKinds();

    private static int[] RankOfKinds()
    {
        var rank = new int[Enum.GetValues<ExceptionKind>().Length];
        var order = ExceptionKinds.InOutputOrder;
        for (var i = 0; i < order.Count; i++)
        {
            rank[(int)order[i]] = i;
        }

        return rank;
    }

    public static List<ExceptionRow> Merge(List<Finding> findings)
    {
        findings.Sort(Compare);
        var rows = new List<ExceptionRow>();
        for (var i = 0; i < findings.Count;)
        {
            var j = i + 1;
            while (j < findings.Count && SameKey(findings[i], findings[j]))
            {
                j++;
            }

            rows.Add(ToRow(Fold(findings, i, j)));
            i = j;
        }

        return rows;
    }

    private static int Compare(Finding a, Finding b)
    {
        var c = Rank[(int)a.Kind].CompareTo(Rank[(int)b.Kind]);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Key1(a), Key1(b));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Key2(a), Key2(b));
        if (c != 0)
        {
            return c;
        }

        // Canonical order inside a group: every field that comes from the data, none that come from reading order.
        c = string.CompareOrdinal(a.Merchant, b.Merchant);
        c = c != 0 ? c : string.CompareOrdinal(a.BusinessDate, b.BusinessDate);
        c = c != 0 ? c : string.CompareOrdinal(a.Payout, b.Payout);
        c = c != 0 ? c : string.CompareOrdinal(a.Statement, b.Statement);
        c = c != 0 ? c : string.CompareOrdinal(a.TxnKind, b.TxnKind);
        c = c != 0 ? c : string.CompareOrdinal(a.Note, b.Note);
        c = c != 0 ? c : Nullable.Compare(a.Expected, b.Expected);
        c = c != 0 ? c : Nullable.Compare(a.Actual, b.Actual);
        c = c != 0 ? c : a.DateA.CompareTo(b.DateA);
        c = c != 0 ? c : a.DateB.CompareTo(b.DateB);
        c = c != 0 ? c : a.X1.CompareTo(b.X1);
        c = c != 0 ? c : a.X2.CompareTo(b.X2);
        c = c != 0 ? c : a.X3.CompareTo(b.X3);
        c = c != 0 ? c : a.X4.CompareTo(b.X4);
        return c != 0 ? c : a.Count.CompareTo(b.Count);
    }

    private static string Key1(Finding f) => f.Kind.Key() switch
    {
        ExceptionKey.Transaction or ExceptionKey.TerminalDay => f.Terminal,
        ExceptionKey.Payout => f.Payout,
        _ => f.Statement,
    };

    private static string Key2(Finding f) => f.Kind.Key() switch
    {
        ExceptionKey.Transaction => f.Rrn,
        ExceptionKey.TerminalDay => f.BusinessDate,
        _ => "",
    };

    private static bool SameKey(Finding a, Finding b) =>
        a.Kind == b.Kind && string.Equals(Key1(a), Key1(b), StringComparison.Ordinal) && string.Equals(Key2(a), Key2(b), StringComparison.Ordinal);

    private static bool Sums(ExceptionKind kind) => kind is ExceptionKind.ClearedWithoutApproval or ExceptionKind.ClearedAfterReversal
        or ExceptionKind.ClearedNotSettled or ExceptionKind.DuplicateClearing or ExceptionKind.DuplicateSettlement or ExceptionKind.PayoutUnknown;

    private static Finding Fold(List<Finding> group, int from, int to)
    {
        var first = group[from];
        if (to - from == 1)
        {
            return first;
        }

        var count = 0L;
        for (var i = from; i < to; i++)
        {
            count += group[i].Count;
        }

        first.Count = count;
        if (Sums(first.Kind))
        {
            Int128? expected = 0;
            Int128 actual = 0;
            var dateA = int.MaxValue;
            var payouts = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = from; i < to; i++)
            {
                var f = group[i];
                expected = expected is { } e && f.Expected is { } fe ? e + fe : null;
                actual += f.Actual ?? 0;
                dateA = f.DateA >= 0 ? Math.Min(dateA, f.DateA) : dateA;
                foreach (var p in f.Note.Split(", ", StringSplitOptions.RemoveEmptyEntries))
                {
                    payouts.Add(p);
                }
            }

            first.Expected = expected;
            first.Actual = actual;
            first.DateA = dateA == int.MaxValue ? -1 : dateA;
            if (first.Kind == ExceptionKind.DuplicateSettlement)
            {
                first.Note = string.Join(", ", payouts);
            }
        }

        return first;
    }

    private static ExceptionRow ToRow(Finding f)
    {
        var expected = Fit(f.Expected, f);
        var actual = Fit(f.Actual, f);
        var key = f.Kind.Key();
        return new ExceptionRow(
            f.Kind,
            f.Merchant,
            key is ExceptionKey.Transaction or ExceptionKey.TerminalDay ? f.Terminal : "",
            key is ExceptionKey.Transaction ? f.Rrn : "",
            key is ExceptionKey.Payout or ExceptionKey.Statement ? f.Payout : "",
            f.Statement,
            key is ExceptionKey.Transaction or ExceptionKey.TerminalDay ? f.BusinessDate : "",
            expected,
            actual,
            Sentence(f, expected ?? 0, actual ?? 0));
    }

    private static long? Fit(Int128? value, Finding f)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v < long.MinValue || v > long.MaxValue)
        {
            throw new ReconciliationInputException(f.SourceFile, f.SourceLine, f.SourceColumn,
                $"the amounts behind this {f.Kind.Name()} exception add up beyond what 64-bit minor units can hold");
        }

        return (long)v;
    }

    private static string Sentence(Finding f, long exp, long act)
    {
        var k = f.TxnKind.Length > 0 ? f.TxnKind : "transaction";
        var times = f.Count > 1 ? $" ({f.Count} rows)" : "";
        switch (f.Kind)
        {
            case ExceptionKind.ApprovedNotCleared:
                return $"The {k} of {Money(exp)} approved on {f.BusinessDate} was never sent for clearing (due by {Day(f.DateA)}), so the money for it has not moved.";
            case ExceptionKind.ClearedWithoutApproval:
                var reason = f.Note switch
                {
                    "declined" => $"the switch did not approve this {k}",
                    "other-kind" => $"the switch has this terminal and RRN only as a different kind of transaction, not a {k}",
                    _ => $"the switch has no {k} with this terminal and RRN",
                };
                var rows = f.Count > 1 ? $" in {f.Count} rows" : "";
                return $"A {k} of {Money(act)} was sent for clearing{rows} but {reason}, so money may move for a {k} that never went through.";
            case ExceptionKind.ClearedAfterReversal:
                return $"The {k} was cancelled by an approved reversal or void but {Money(act)} was still sent for clearing{times}, so money may move for a cancelled {k}.";
            case ExceptionKind.DuplicateClearing:
                var instead = f.Expected is null ? "" : $" instead of {Money(exp)}";
                return $"The {k} was sent for clearing {f.Count} times, {Money(act)} in total{instead}; it should be cleared once.";
            case ExceptionKind.ClearingAmountMismatch:
                return $"The {k} was approved for {Money(exp)} but sent for clearing as {Money(act)}, so the merchant would be settled the wrong amount.";
            case ExceptionKind.ClearedNotSettled:
                return $"The {k} of {Money(exp)} was cleared but never settled to the merchant{times}; settlement was due on {Day(f.DateA)}.";
            case ExceptionKind.FeeMismatch:
                return f.TxnKind == "refund"
                    ? $"A fee of {Money(act)} was taken on the refund of {Money(f.X1)} in payout {f.Payout}, but refunds carry no fee."
                    : $"The fee on the {k} of {Money(f.X1)} in payout {f.Payout} was {Money(act)}, but at {f.X2} basis points for {(f.Note == "qr" ? "QR code" : "card")} payments it should be {Money(exp)}.";
            case ExceptionKind.DuplicateSettlement:
                var inPayouts = f.Note.Contains(',', StringComparison.Ordinal) ? $"in payouts {f.Note}" : $"in payout {f.Note}";
                return $"The {k} was settled {f.Count} times ({inPayouts}), paying {Money(act)} instead of {Money(exp)}; it should be paid once.";
            case ExceptionKind.SettledLate:
                return $"The {k} was paid to the merchant in payout {f.Payout} with value date {Day(f.DateB)}, later than it was due on {Day(f.DateA)}.";
            case ExceptionKind.PayoutMissing:
                return $"Payout {f.Payout} of {Money(exp)}{ToMerchant(f)} was due on {Day(f.DateA)} but has not arrived on the merchant's bank statement.";
            case ExceptionKind.PayoutAmountMismatch:
                return $"Payout {f.Payout}{ToMerchant(f)} should have been {Money(exp)}, but the bank statement shows {Money(act)}.";
            case ExceptionKind.PayoutUnknown:
                var forMerchant = f.Merchant.Length > 0 ? $" for merchant {f.Merchant}" : "";
                return f.Payout.Length == 0
                    ? $"The bank statement line {f.Statement} shows {Money(act)}{forMerchant} with no payout reference, so it cannot be traced to any settled transaction."
                    : $"The bank statement line {f.Statement} shows {Money(act)}{forMerchant} for payout {f.Payout}, which is not in the settlement detail, so it cannot be traced to any settled transaction.";
            case ExceptionKind.RefundWithoutOriginal:
                if (f.Note.Length == 0)
                {
                    return $"The refund of {Money(act)} names no original purchase, so money went back to a card without a matching sale.";
                }

                var why = f.X1 switch
                {
                    1 => "which is a refund, not a purchase",
                    2 => "whose purchase was not approved",
                    3 => "whose purchase was reversed or voided",
                    _ => $"which the switch has no purchase for on terminal {f.Terminal}",
                };
                return $"The refund of {Money(act)} points at RRN {f.Note}, {why}, so money went back to a card without a matching sale.";
            case ExceptionKind.RefundExceedsOriginal:
                return $"With this refund of {Money(f.X1)}, refunds of purchase RRN {f.Note} add up to {Money(act)}, more than the {Money(exp)} that was paid.";
            case ExceptionKind.BatchOutOfBalance:
                var n = f.Numbers;
                return $"The terminal's batch for {f.BusinessDate} shows {Count(n[0], "purchase")} for {Money(n[1])} and {Count(n[2], "refund")} for {Money(n[3])}, "
                    + $"but the switch approved {Count(n[4], "purchase")} for {Money(n[5])} and {Count(n[6], "refund")} for {Money(n[7])}.";
            default:
                return "";
        }
    }

    private static string ToMerchant(Finding f) => f.Merchant.Length > 0 ? $" to merchant {f.Merchant}" : "";

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";

    private static string Day(int dayNumber) => ClearingStore.Day(dayNumber);

    /// <summary>Minor units shown with two decimals, as for CNY, USD or EUR: 35000 is 350.00.</summary>
    public static string Money(long minor)
    {
        var negative = minor < 0;
        var magnitude = negative ? (ulong)(-(minor + 1)) + 1 : (ulong)minor;
        var text = (magnitude / 100).ToString("N0", CultureInfo.InvariantCulture) + "." + (magnitude % 100).ToString("D2", CultureInfo.InvariantCulture);
        return negative ? "-" + text : text;
    }
}
