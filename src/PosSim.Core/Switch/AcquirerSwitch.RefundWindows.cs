namespace PosSim.Core.Switch;

/// <summary>
/// Refund windows per merchant agreement: a refund of a sale older than its merchant's window is refused (12),
/// whatever the switch still remembers; originals are kept as long as the longest window needs them.
/// </summary>
public sealed partial class AcquirerSwitch
{
    private readonly Dictionary<string, int> _refundWindowDays = new(StringComparer.Ordinal);
    private int _longestRefundWindowDays;

    /// <summary>Sets <paramref name="merchantId"/>'s refund window (days after a sale's business date); others keep <see cref="SwitchOptions.RefundWindow"/>.</summary>
    public void SetRefundWindow(string merchantId, int days)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        _refundWindowDays[merchantId] = days;
        _longestRefundWindowDays = Math.Max(_longestRefundWindowDays, days);
    }

    /// <summary>The refund window of a merchant's agreement, in days.</summary>
    public int RefundWindowDaysOf(string merchantId) =>
        _refundWindowDays.TryGetValue(merchantId, out var days) ? days : Options.RefundWindow.Days;

    /// <summary>How long originals for refunds are kept: the longest window of any merchant.</summary>
    private int RetainedRefundDays => Math.Max(Options.RefundWindow.Days, _longestRefundWindowDays);

    private bool PastRefundWindow(TranlogEntry original, DateTimeOffset now) =>
        BusinessDateOf(now) > original.BusinessDate.AddDays(RefundWindowDaysOf(original.MerchantId));
}
