using PosSim.Iso8583;

namespace PosSim.Core.Tests.Switch;

internal static class BatchTotals
{
    public static IsoMessage Message(long debits = 0, long debitAmount = 0, long credits = 0, long creditAmount = 0, string terminal = AcquirerFixture.Terminal)
    {
        var m = new IsoMessage("0500");
        m.Set(7, "1129150000");
        m.Stan = 900;
        m.TerminalId = terminal;
        m.MerchantId = AcquirerFixture.Merchant;
        m.SetNumber(74, credits, 10);
        m.SetNumber(76, debits, 10);
        m.SetNumber(86, creditAmount, 16);
        m.SetNumber(88, debitAmount, 16);
        return m;
    }
}
