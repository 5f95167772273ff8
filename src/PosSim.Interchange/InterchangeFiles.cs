namespace PosSim.Interchange;

/// <summary>
/// Names of the interchange files and of their columns, in the order they are written
/// (docs/interchange-files.md). The exporter writes headers from <c>Columns</c>; the matcher looks columns
/// up by these names, so a file is read by name and a reader never depends on column order.
/// </summary>
public static class InterchangeFiles
{
    /// <summary>Version of the file set these names describe.</summary>
    public const int Version = 1;

    public static class Merchants
    {
        public const string Name = "merchants.csv";
        public const string MerchantId = "merchant_id";
        public const string SettlementAccount = "settlement_account";
        public const string MdrCardBps = "mdr_card_bps";
        public const string MdrQrBps = "mdr_qr_bps";
        public const string SettleDays = "settle_days";

        public static IReadOnlyList<string> Columns { get; } = [MerchantId, SettlementAccount, MdrCardBps, MdrQrBps, SettleDays];
    }

    public static class Transactions
    {
        public const string Name = "transactions.csv";
        public const string TxnId = "txn_id";
        public const string Kind = "kind";
        public const string Rrn = "rrn";
        public const string Stan = "stan";
        public const string TerminalId = "terminal_id";
        public const string MerchantId = "merchant_id";
        public const string Channel = "channel";
        public const string AmountMinor = "amount_minor";
        public const string Currency = "currency";
        public const string ResponseCode = "response_code";
        public const string AuthCode = "auth_code";
        public const string BusinessDate = "business_date";
        public const string LocalTime = "local_time";
        public const string OriginalRrn = "original_rrn";

        public static IReadOnlyList<string> Columns { get; } =
            [TxnId, Kind, Rrn, Stan, TerminalId, MerchantId, Channel, AmountMinor, Currency, ResponseCode, AuthCode, BusinessDate, LocalTime, OriginalRrn];
    }

    public static class Clearing
    {
        public const string Name = "clearing.csv";
        public const string ClearingId = "clearing_id";
        public const string Kind = "kind";
        public const string Rrn = "rrn";
        public const string TerminalId = "terminal_id";
        public const string MerchantId = "merchant_id";
        public const string AuthCode = "auth_code";
        public const string AmountMinor = "amount_minor";
        public const string Currency = "currency";
        public const string BusinessDate = "business_date";
        public const string ClearingDate = "clearing_date";

        /// <summary>
        /// Optional column 11, written only when a run presented something under a stand-in policy: `issuer` (an
        /// issuer authorised it) or `stand-in` (an offline approval no issuer authorised, paid at the acquirer's risk).
        /// </summary>
        public const string Authorisation = "authorisation";

        public const string AuthorisedByIssuer = "issuer";
        public const string AuthorisedByStandIn = "stand-in";

        public static IReadOnlyList<string> Columns { get; } =
            [ClearingId, Kind, Rrn, TerminalId, MerchantId, AuthCode, AmountMinor, Currency, BusinessDate, ClearingDate];

        /// <summary><see cref="Columns"/> and the optional <see cref="Authorisation"/>.</summary>
        public static IReadOnlyList<string> ColumnsWithAuthorisation { get; } = [.. Columns, Authorisation];
    }

    public static class Settlements
    {
        public const string Name = "settlements.csv";
        public const string PayoutId = "payout_id";
        public const string ClearingId = "clearing_id";
        public const string Rrn = "rrn";
        public const string TerminalId = "terminal_id";
        public const string MerchantId = "merchant_id";
        public const string GrossMinor = "gross_minor";
        public const string FeeMinor = "fee_minor";
        public const string NetMinor = "net_minor";
        public const string ValueDate = "value_date";

        public static IReadOnlyList<string> Columns { get; } =
            [PayoutId, ClearingId, Rrn, TerminalId, MerchantId, GrossMinor, FeeMinor, NetMinor, ValueDate];
    }

    /// <summary>The bank statement of payouts received.</summary>
    public static class Payouts
    {
        public const string Name = "payouts.csv";
        public const string StatementId = "statement_id";
        public const string PayoutId = "payout_id";
        public const string MerchantId = "merchant_id";
        public const string AmountMinor = "amount_minor";
        public const string ValueDate = "value_date";

        public static IReadOnlyList<string> Columns { get; } = [StatementId, PayoutId, MerchantId, AmountMinor, ValueDate];
    }

    public static class Batches
    {
        public const string Name = "batches.csv";
        public const string TerminalId = "terminal_id";
        public const string MerchantId = "merchant_id";
        public const string BusinessDate = "business_date";
        public const string BatchNo = "batch_no";
        public const string DebitCount = "debit_count";
        public const string DebitAmountMinor = "debit_amount_minor";
        public const string CreditCount = "credit_count";
        public const string CreditAmountMinor = "credit_amount_minor";

        public static IReadOnlyList<string> Columns { get; } =
            [TerminalId, MerchantId, BusinessDate, BatchNo, DebitCount, DebitAmountMinor, CreditCount, CreditAmountMinor];
    }

    public static class Holidays
    {
        public const string Name = "holidays.csv";
        public const string Date = "date";

        public static IReadOnlyList<string> Columns { get; } = [Date];
    }

    /// <summary>
    /// Optional input: the support cases whose resolution moved money, one row per case, and the rows that
    /// movement created in the other files (so the matcher can set them aside and check them).
    /// </summary>
    public static class Adjustments
    {
        public const string Name = "adjustments.csv";
        public const string CaseId = "case_id";
        public const string WayBack = "way_back";
        public const string TerminalId = "terminal_id";
        public const string Rrn = "rrn";
        public const string AmountMinor = "amount_minor";
        public const string Currency = "currency";
        public const string ExecutedAt = "executed_at";
        public const string MessageRrn = "message_rrn";
        public const string ClearingId = "clearing_id";
        public const string PayoutId = "payout_id";

        public static IReadOnlyList<string> Columns { get; } =
            [CaseId, WayBack, TerminalId, Rrn, AmountMinor, Currency, ExecutedAt, MessageRrn, ClearingId, PayoutId];
    }

    /// <summary>The ways back of adjustments.csv (<c>way_back</c>): how a resolution moved the money.</summary>
    public static class WayBacks
    {
        public const string ReleaseHold = "release-hold";
        public const string ReturnFromClearing = "return-from-clearing";
        public const string RefundFromMerchant = "refund-from-merchant";
        public const string PayMerchantLate = "pay-merchant-late";
    }

    /// <summary>The matcher's output: one row per exception.</summary>
    public static class Exceptions
    {
        public const string Name = "exceptions.csv";

        public static IReadOnlyList<string> Columns { get; } =
            ["kind", "merchant_id", "terminal_id", "rrn", "payout_id", "statement_id", "business_date", "expected_minor", "actual_minor", "detail"];
    }

    /// <summary>The matcher's output: the exceptions a support case resolved, with the proof.</summary>
    public static class Resolved
    {
        public const string Name = "resolved.csv";

        public static IReadOnlyList<string> Columns { get; } =
            ["kind", "terminal_id", "rrn", "payout_id", "case_id", "way_back", "amount_minor", "evidence"];
    }

    /// <summary>The matcher's output: counts and sums as JSON.</summary>
    public static class Summary
    {
        public const string Name = "summary.json";
    }

    /// <summary>Transaction kinds as written in transactions.csv.</summary>
    public static class TransactionKinds
    {
        public const string Purchase = "purchase";
        public const string Refund = "refund";
        public const string Reversal = "reversal";
        public const string Void = "void";
    }

    /// <summary>Channels as written in transactions.csv: they pick the fee rate.</summary>
    public static class Channels
    {
        public const string Card = "card";
        public const string Qr = "qr";
    }
}
