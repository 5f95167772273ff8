using PosSim.Core.Accounts;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Iso8583.Cards;

namespace PosSim.Simulation.Outputs.Database;

/// <summary>Who a ledger account belongs to, for people: a name, a kind, and the merchant or masked card behind it.</summary>
internal readonly record struct AccountOwner(string Name, string Kind, string? MerchantId = null, string? PanMasked = null);

/// <summary>
/// Names the ledger's accounts from what the run knows: the acquirer's and scheme's own accounts by their fixed
/// ids, merchants by their agreements, cardholders by their card, masked. The clear PAN is read here only to mask it.
/// </summary>
internal sealed class AccountDirectory
{
    // AccountIds gives every kind of account its own upper 64 bits; the kinds with many accounts are known by those.
    private static readonly UInt128 CardholderSpace = AccountIds.ForCardholder(0) >> 64;
    private static readonly UInt128 MerchantSpace = AccountIds.ForMerchant(0) >> 64;

    private readonly Dictionary<UInt128, AccountOwner> _owners = [];

    public AccountDirectory(BackOffice office, CardIssuer issuer)
    {
        _owners[AccountIds.Scheme] = new("scheme settlement", "scheme");
        _owners[AccountIds.Clearing] = new("acquirer clearing", "clearing");
        _owners[AccountIds.Fees] = new("acquirer fee income", "fees");
        _owners[AccountIds.IssuerFunding] = new("issuer funding", "funding");
        foreach (var agreement in office.Engine.Merchants)
        {
            // Registered merchants only: AccountOf would register an unknown one.
            _owners[office.Engine.AccountOf(agreement.MerchantId)] =
                new($"merchant {agreement.MerchantId} settlement ({agreement.SettlementAccount})", "merchant", MerchantId: agreement.MerchantId);
        }

        foreach (var card in issuer.Cards)
        {
            var masked = Pan.Mask(card.Pan);
            _owners[card.AccountId] = new($"cardholder {masked}", "cardholder", PanMasked: masked);
        }
    }

    public AccountOwner this[UInt128 accountId] =>
        _owners.TryGetValue(accountId, out var owner) ? owner
        : (accountId >> 64) == CardholderSpace ? new("cardholder (card unknown to the issuer)", "cardholder")
        : (accountId >> 64) == MerchantSpace ? new("merchant (no agreement)", "merchant")
        : new("account " + Names.Id(accountId), "other");

    public string KindOf(UInt128 accountId) => this[accountId].Kind;
}
