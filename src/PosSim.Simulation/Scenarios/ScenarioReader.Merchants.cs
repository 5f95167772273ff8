namespace PosSim.Simulation.Scenarios;

/// <summary>The merchant groups, and the ids <see cref="ScenarioLayout"/> derives from them.</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] MerchantKeys =
    [
        "id", "count", "category", "terminals", "mdr_card_bps", "mdr_qr_bps", "qr_share", "settle_days", "refund_window_days",
        "settlement_account", "instant", "weight",
    ];

    private static readonly string[] InstantKeys = ["window", "daily_quota_minor"];

    /// <summary>A card acceptor id (ISO 8583 field 42) has 15 characters; generated ids add 4 digits to the group's.</summary>
    private const int MaxMerchantIdLength = 15;

    private List<MerchantGroup> ReadMerchants(YamlValue value)
    {
        var items = value.List();
        if (items.Count == 0)
        {
            throw value.Error("needs at least one merchant group");
        }

        var groups = new List<MerchantGroup>();
        var firstGroupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        long terminals = 0;
        foreach (var item in items)
        {
            var map = item.Map();
            var group = ReadMerchantGroup(map);
            for (var i = 1; i <= group.Count; i++)
            {
                var id = ScenarioLayout.MerchantId(group, i);
                if (!firstGroupOf.TryAdd(id, item.Path))
                {
                    throw map.Required("id").Error($"merchant id {id} is already taken by {firstGroupOf[id]}");
                }
            }

            terminals += (long)group.Count * group.TerminalsEach;
            if (terminals > ScenarioLayout.MaxTerminals)
            {
                throw item.Error($"the merchants up to here have {terminals} terminals; terminal ids allow at most {ScenarioLayout.MaxTerminals}");
            }

            groups.Add(group);
        }

        return groups;
    }

    private static MerchantGroup ReadMerchantGroup(YamlMap map)
    {
        map.Allow(MerchantKeys);
        var defaults = new MerchantGroup { Id = "" };
        var count = map.Optional("count")?.Int(1, ScenarioLayout.MaxGroupCount) ?? 1;
        var idValue = map.Required("id");
        var id = idValue.Name();
        var longest = count == 1 ? id.Length : id.Length + 4;
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw idValue.Error($"{YamlValue.Quote(id)} may hold only letters, digits, - and _");
        }

        if (longest > MaxMerchantIdLength)
        {
            throw idValue.Error(count == 1
                ? $"{id} is longer than {MaxMerchantIdLength} characters"
                : $"{id} is longer than {MaxMerchantIdLength - 4} characters; with count {count} a 4-digit ordinal is added to it");
        }

        string? account = null;
        if (map.Optional("settlement_account") is { } accountValue)
        {
            account = count == 1 ? accountValue.Name() : throw map.KeyOf("settlement_account")
                .Error($"only a single merchant (count 1) can name its account; this group has count {count}");
        }

        return new MerchantGroup
        {
            Id = id,
            Count = count,
            Category = map.Optional("category")?.Digits(4, 4, "a merchant category code (4 digits, 5411 for groceries)") ?? defaults.Category,
            TerminalsEach = map.Optional("terminals")?.Int(1, ScenarioLayout.MaxTerminals) ?? defaults.TerminalsEach,
            MdrCardBps = map.Optional("mdr_card_bps")?.Int(0, 10_000) ?? defaults.MdrCardBps,
            MdrQrBps = map.Optional("mdr_qr_bps")?.Int(0, 10_000) ?? defaults.MdrQrBps,
            QrShare = map.Optional("qr_share")?.Share() ?? defaults.QrShare,
            SettleDays = map.Optional("settle_days")?.Int(0, 366) ?? defaults.SettleDays,
            RefundWindowDays = map.Optional("refund_window_days")?.Int(1, 3660) ?? defaults.RefundWindowDays,
            SettlementAccount = account,
            Instant = map.Optional("instant") is { } instant ? ReadInstant(instant.Map()) : null,
            Weight = map.Optional("weight")?.Number(0) ?? defaults.Weight,
            Where = map.Where,
        };
    }

    private static InstantSpec ReadInstant(YamlMap map)
    {
        map.Allow(InstantKeys);
        var window = map.Required("window");
        if (!ScenarioFormats.TryWindow(window.Text(), out var from, out var to))
        {
            throw window.Error($"expected {ScenarioFormats.WindowForm}, found {window.Describe()}");
        }

        if (from >= to)
        {
            throw window.Error($"the window must start before it ends ({from:HH:mm:ss} is not before {to:HH:mm:ss})");
        }

        return new InstantSpec(from, to, map.Required("daily_quota_minor").Long(0));
    }
}
