using PosSim.Reconciliation.Inputs;

namespace PosSim.Reconciliation.Rules;

/// <summary>
/// payout-missing, payout-amount-mismatch and payout-unknown. Money that resolutions moved through a payout is not
/// counted on either side (<see cref="PayoutTable.SetAside"/>), so a payout is judged as it was before the case.
/// </summary>
internal static class PayoutRules
{
    public static void Check(PayoutTable payouts, MerchantTable merchants, string settlementsFile, int asOf, List<Finding> findings)
    {
        for (var p = 0; p < payouts.Ids.Count; p++)
        {
            if (payouts.SettlementRows[p] == 0)
            {
                continue;
            }

            Finding f;
            if (payouts.StatementCount[p] == 0)
            {
                if (payouts.DueDate[p] >= asOf)
                {
                    continue;
                }

                f = new Finding(ExceptionKind.PayoutMissing) { Expected = payouts.NetSum[p], Actual = 0, DateA = payouts.DueDate[p] };
            }
            else if (payouts.StatementSum[p] - payouts.AsideNet[p] != payouts.NetSum[p])
            {
                f = new Finding(ExceptionKind.PayoutAmountMismatch)
                {
                    Expected = payouts.NetSum[p],
                    Actual = payouts.StatementSum[p] - payouts.AsideNet[p],
                    X1 = payouts.StatementCount[p],
                };
            }
            else
            {
                continue;
            }

            f.Payout = payouts.Name(p);
            f.Merchant = merchants.Name(payouts.Merchant[p]);
            f.Count = payouts.SettlementRows[p];
            f.DateB = payouts.DueDate[p];
            f.SourceFile = settlementsFile;
            f.SourceLine = payouts.SettlementLine[p];
            findings.Add(f);
        }

        foreach (var row in payouts.Statements)
        {
            if (row.Payout >= 0 && (payouts.SettlementRows[row.Payout] > 0 || payouts.IsAside(row.Payout)))
            {
                continue;
            }

            findings.Add(new Finding(ExceptionKind.PayoutUnknown)
            {
                Statement = row.StatementId,
                Payout = row.Payout >= 0 ? payouts.Name(row.Payout) : "",
                Merchant = row.Merchant,
                Expected = 0,
                Actual = row.Amount,
                SourceFile = payouts.File?.DisplayPath ?? "",
                SourceLine = row.Line,
            });
        }
    }
}
