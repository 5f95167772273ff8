namespace PosSim.Simulation.Scenarios;

/// <summary>The support section: merchants' complaints about planned purchases, and whether the automatic agent works them.</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] SupportKeys = ["agent", "complaints"];

    private static readonly string[] ComplaintKeys = ["ref", "words", "agree", "around", "terminal_known"];

    private static readonly string[] Agents = ["auto", "none"];

    private static readonly string[] Agreements = ["refund", "pay-late"];

    private SupportSpec ReadSupport(YamlMap map, Scenario scenario)
    {
        map.Allow(SupportKeys);
        var merchantOf = ScenarioLayout.Terminals(scenario).ToDictionary(t => t.TerminalId, t => t.MerchantId, StringComparer.Ordinal);
        var complaints = new List<ComplaintSpec>();
        foreach (var item in map.Required("complaints").List())
        {
            var c = item.Map();
            c.Allow(ComplaintKeys);
            var purchase = PlannedPurchase(c.Required("ref"));
            var date = scenario.Start.AddDays(purchase.Day - 1);
            // People remember a round time: the sale at 14:02 is "around two", unless the scenario says what they say.
            var around = c.Optional("around")?.Time() ?? new TimeOnly(purchase.Time.Hour, purchase.Time.Minute / 15 * 15);
            complaints.Add(new ComplaintSpec
            {
                Ref = purchase.Name!,
                MerchantId = merchantOf[purchase.TerminalId],
                TerminalId = c.Optional("terminal_known")?.Bool() == true ? purchase.TerminalId : null,
                Around = date.ToDateTime(around),
                AmountMinor = purchase.AmountMinor,
                Words = c.Optional("words")?.Text() ?? "I took the payment and the money never arrived",
                PayLate = c.Optional("agree") is { } agree && OneOf(agree, Agreements) == "pay-late",
                Where = c.Where,
            });
        }

        return new SupportSpec
        {
            Agent = map.Optional("agent") is not { } agent || OneOf(agent, Agents) == "auto",
            Complaints = complaints,
        };
    }
}
