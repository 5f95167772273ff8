using PosSim.Core.Security;
using PosSim.Host;

namespace PosSim.Cli.Tests;

/// <summary>Per-terminal master keys in the provisioning: derived from a secret, never in provisioned.json, never printed.</summary>
public class ProvisioningKeysTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000102030405060708090A0B0C0D0E0F1011121314151617");

    [Fact]
    public void Without_a_secret_terminals_have_no_master_key_and_the_file_is_as_before()
    {
        var provisioning = Provisioning.Demo(terminals: 2, merchants: 1, cards: 1);

        Assert.All(provisioning.Terminals, t => Assert.Null(t.MasterKey));
        Assert.DoesNotContain("key", provisioning.ToJson(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void With_a_secret_each_terminal_has_its_own_stable_master_key()
    {
        var first = Provisioning.Demo(terminals: 3, merchants: 1, cards: 1, masterKeySecret: Secret);
        var again = Provisioning.Demo(terminals: 3, merchants: 1, cards: 1, masterKeySecret: Secret);

        var keys = first.Terminals.Select(t => Convert.ToHexString(t.MasterKey!.Key)).ToList();
        Assert.Equal(3, keys.Distinct().Count());
        Assert.Equal(keys, again.Terminals.Select(t => Convert.ToHexString(t.MasterKey!.Key)));
        Assert.Equal(TerminalMasterKey.Derive(Secret, "T0000002").CheckValue, first.MasterKeyOf("T0000002")!.CheckValue);
        Assert.Null(first.MasterKeyOf("T9999999"));
    }

    [Fact]
    public void Master_keys_are_neither_written_to_provisioned_json_nor_printed()
    {
        var provisioning = Provisioning.Demo(terminals: 2, merchants: 1, cards: 1, masterKeySecret: Secret);
        var terminal = provisioning.Terminals[0];
        var key = Convert.ToHexString(terminal.MasterKey!.Key);

        var json = provisioning.ToJson();
        var printed = terminal.ToString();

        Assert.DoesNotContain(key, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("master", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key, printed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"check value {terminal.MasterKey.CheckValue}", printed, StringComparison.Ordinal);
        Assert.Equal(provisioning.Terminals.Select(t => t.TerminalId), Provisioning.FromJson(json).Terminals.Select(t => t.TerminalId));
    }
}
