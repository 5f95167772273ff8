using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PosSim.Cli.Commands;
using PosSim.Host.Serve;
using PosSim.Tests.Shared;

namespace PosSim.Cli.Tests;

/// <summary>
/// The PAN hashing key (docs/cli.md, "Keys"): made readable by its owner only, refused when others can read it, given
/// from the environment as hex or base64 instead, and never swapped silently for another under the same data folder.
/// </summary>
public class ServeKeysTests
{
    private const string Hex32 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    public static TheoryData<string, int> GoodKeys() => new()
    {
        { Hex32, 32 },
        { Hex32.ToUpperInvariant() + "\n", 32 },
        { "00112233445566778899aabbccddeeff", 16 },
        { Convert.ToBase64String(Convert.FromHexString(Hex32)), 32 },
        { Convert.ToBase64String(new byte[64]), 64 },
    };

    [Theory]
    [MemberData(nameof(GoodKeys))]
    public void A_key_is_taken_as_hex_or_base64(string text, int length)
    {
        Assert.True(PanHashKeys.TryParse(text, out var key));
        Assert.Equal(length, key.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00112233445566778899aabbccddee")] // 15 bytes
    [InlineData("AAECAwQFBgcICQoLDA0ODw")] // 16 bytes of base64 without its padding
    [InlineData("AAECAwQFBgcICQoLDA0O")] // 15 bytes of base64
    [InlineData("this is not a key at all, is it?")]
    public void A_short_or_malformed_key_is_refused(string text) =>
        Assert.False(PanHashKeys.TryParse(text, out _));

    [Fact]
    public void A_key_longer_than_64_bytes_is_refused() =>
        Assert.False(PanHashKeys.TryParse(Convert.ToHexString(new byte[65]), out _));

    [Fact]
    public void The_key_file_is_created_readable_by_its_owner_only_and_read_back_the_same()
    {
        using var folder = new TempFolder("possim-keys-");
        var options = new ServeOptions { Data = folder.Sub("data") };

        Assert.Null(PanHashKeys.Check(options));
        var first = PanHashKeys.Load(options);
        var second = PanHashKeys.Load(options);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        var file = Path.Combine(options.Data, PanHashKeys.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(PanHashKeys.CheckValue(first), File.ReadAllText(Path.Combine(options.Data, PanHashKeys.CheckFileName)).Trim());
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused_with_what_to_do()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes only.
        }

        using var folder = new TempFolder("possim-keys-loose-");
        var options = new ServeOptions { Data = folder.Path };
        PanHashKeys.Load(options);
        var file = Path.Combine(folder.Path, PanHashKeys.FileName);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var problem = PanHashKeys.Check(options);

        Assert.Equal(
            $"{file} can be read or written by users other than its owner, and whoever reads it can turn the stored PAN hashes back into card numbers: " +
            $"run 'chmod 600 {file}' if no one else can have copied it, or give the key from the environment (POSSIM_PAN_HASH_KEY)",
            problem);
        Assert.Throws<PanHashKeyException>(() => PanHashKeys.Load(options));

        // Refused, not repaired behind the operator's back.
        Assert.NotEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Serve_refuses_a_loose_key_file_in_one_line_with_exit_2()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder("possim-keys-serve-");
        var data = Path.Combine(folder.Path, "data");
        PanHashKeys.Load(new ServeOptions { Data = data });
        File.SetUnixFileMode(Path.Combine(data, PanHashKeys.FileName), (UnixFileMode)0b110_100_100);

        var result = await ServeSettingsTests.Serve(folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(data, PanHashKeys.FileName)} can be read or written by users other than its owner", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_of_the_wrong_size_is_refused()
    {
        using var folder = new TempFolder("possim-keys-short-");
        var file = Path.Combine(folder.Path, PanHashKeys.FileName);
        File.WriteAllBytes(file, new byte[5]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.StartsWith($"{file} holds 5 bytes; a PAN hashing key file holds 16 to 64 raw bytes", PanHashKeys.Check(new ServeOptions { Data = folder.Path }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_from_the_environment_is_used_instead_of_a_file_and_no_file_is_written()
    {
        using var folder = new TempFolder("possim-keys-env-");
        var options = new ServeOptions { Data = folder.Path, PanHashKey = Convert.ToBase64String(Convert.FromHexString(Hex32)) };

        Assert.Equal(Convert.FromHexString(Hex32), PanHashKeys.Load(options));
        Assert.False(File.Exists(Path.Combine(folder.Path, PanHashKeys.FileName)));
        Assert.False(PanHashKeys.UnusedFileBesideHashes(options));
    }

    [Fact]
    public void Another_key_than_the_one_the_folder_was_written_with_is_refused()
    {
        using var folder = new TempFolder("possim-keys-changed-");
        PanHashKeys.Load(new ServeOptions { Data = folder.Path, PanHashKey = Hex32 });

        var other = new ServeOptions { Data = folder.Path, PanHashKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) };

        Assert.StartsWith($"the PAN hashing key is not the one the data in {folder.Path} was written with", PanHashKeys.Check(other), StringComparison.Ordinal);
        Assert.Throws<PanHashKeyException>(() => PanHashKeys.Load(other));
        Assert.Null(PanHashKeys.Check(new ServeOptions { Data = folder.Path, PanHashKey = Hex32.ToUpperInvariant() }));
    }

    [Fact]
    public void Moving_the_key_from_the_file_to_the_environment_takes_the_same_key_and_warns_about_the_file_left_behind()
    {
        using var folder = new TempFolder("possim-keys-move-");

        // A folder written before check values were recorded: only the key file tells which key the hashes used.
        var file = Path.Combine(folder.Path, PanHashKeys.FileName);
        var key = PanHashKeys.Load(new ServeOptions { Data = folder.Path });
        File.Delete(Path.Combine(folder.Path, PanHashKeys.CheckFileName));

        var wrong = new ServeOptions { Data = folder.Path, PanHashKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) };
        Assert.StartsWith($"the PAN hashing key given is not the one in {file}", PanHashKeys.Check(wrong), StringComparison.Ordinal);

        var same = new ServeOptions { Data = folder.Path, PanHashKey = Convert.ToHexString(key) };
        Assert.Null(PanHashKeys.Check(same));
        Assert.True(PanHashKeys.UnusedFileBesideHashes(same));
    }

    [Fact]
    public async Task Serve_takes_the_key_from_the_environment_writes_no_key_file_and_warns_about_one_left_beside_the_hashes()
    {
        using var folder = new TempFolder("possim-keys-run-");
        var data = folder.Sub("data");

        // POSSIM_PAN_HASH_KEY reaches the configuration as PAN_HASH_KEY; given here as the override it becomes.
        var (_, first) = await RunServeUntilListening(data, Hex32);

        Assert.False(File.Exists(Path.Combine(data, PanHashKeys.FileName)));
        Assert.Equal(PanHashKeys.CheckValue(Convert.FromHexString(Hex32)), File.ReadAllText(Path.Combine(data, PanHashKeys.CheckFileName)).Trim());
        Assert.DoesNotContain("warning", first, StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(data, PanHashKeys.FileName), Convert.FromHexString(Hex32));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(data, PanHashKeys.FileName), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var (_, second) = await RunServeUntilListening(data, Hex32);

        Assert.Contains($"warning: the PAN hashing key comes from the settings, but {Path.Combine(data, PanHashKeys.FileName)} is still beside the hashes it protects", second, StringComparison.Ordinal);
        Assert.DoesNotContain(Hex32, second, StringComparison.OrdinalIgnoreCase);
    }

    private static string Read(TextWriter synchronized, StringWriter inner)
    {
        lock (synchronized)
        {
            return inner.ToString();
        }
    }

    /// <summary>Runs serve in this process on a free port until it listens, then stops it; returns its exit code and stderr.</summary>
    private static async Task<(int Code, string Stderr)> RunServeUntilListening(string data, string key)
    {
        // Written from the server's threads; read through the inner writers under the synchronized writer's lock (it
        // locks itself), since a synchronized writer's ToString is only its type name.
        var output = new StringWriter();
        var errors = new StringWriter();
        var stdout = TextWriter.Synchronized(output);
        var stderr = TextWriter.Synchronized(errors);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var overrides = new Dictionary<string, string?>
        {
            ["Serve:Listen"] = "127.0.0.1:0",
            ["Serve:Data"] = data,
            ["Serve:Terminals"] = "1",
            ["Serve:Cards"] = "1",
            [ServeSettings.PanHashKeyVariable] = key,
        };

        var run = ServeCommand.RunAsync(overrides, stdout, stderr, stop.Token);
        await Poll.UntilAsync(() => Read(stdout, output).Contains("listening on", StringComparison.Ordinal) || run.IsCompleted, "serve to listen", TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        var code = await run;
        Assert.True(code == 0, $"serve ended with {code}: {errors}");
        return (code, errors.ToString());
    }

    [Fact]
    public void The_check_value_tells_keys_apart_without_being_the_key_or_its_hash()
    {
        var key = Convert.FromHexString(Hex32);

        var check = PanHashKeys.CheckValue(key);

        Assert.Equal(16, check.Length);
        Assert.NotEqual(check, PanHashKeys.CheckValue(RandomNumberGenerator.GetBytes(32)));
        Assert.DoesNotContain(check, Convert.ToHexString(SHA256.HashData(key)), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_different_keys_from_two_sources_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            KeyValuePair.Create<string, string?>("PAN_HASH_KEY", Hex32),
            KeyValuePair.Create<string, string?>("Serve:PanHashKey", "ffeeddccbbaa99887766554433221100"),
        ]).Build();

        ServeSettings.Read(configuration, out var problem);

        Assert.Equal("POSSIM_PAN_HASH_KEY and Serve:PanHashKey (POSSIM_Serve__PanHashKey) give two different PAN hashing keys; give one", problem);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_logged_exception_is_its_cause_on_the_same_line_and_its_stack_trace_only_when_verbose(bool verbose)
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("the store failed", new IOException("No space left on device"));
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var formatter = new ServeLogFormatter(new StaticOptions(new ServeLogFormatterOptions { Verbose = verbose }));
        var output = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Critical, "PosSim.Loop", new EventId(3), "commit failed", thrown, (s, _) => s), null, output);

        var text = output.ToString();
        if (verbose)
        {
            Assert.StartsWith("crit: PosSim.Loop[3] commit failed" + Environment.NewLine + "System.InvalidOperationException: the store failed", text, StringComparison.Ordinal);
            Assert.Contains("   at ", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("crit: PosSim.Loop[3] commit failed (IOException: No space left on device)" + Environment.NewLine, text);
        }
    }

    private sealed class StaticOptions(ServeLogFormatterOptions value) : IOptionsMonitor<ServeLogFormatterOptions>
    {
        public ServeLogFormatterOptions CurrentValue => value;

        public ServeLogFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ServeLogFormatterOptions, string?> listener) => null;
    }
}
