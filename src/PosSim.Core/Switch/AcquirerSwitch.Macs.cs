using PosSim.Core.Security;
using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>
/// Terminal authentication: a sign-on MACed under a key derived from the terminal's master key, proving it holds it;
/// working MAC keys handed out in answer under that master key; and the MAC every financial request, echo and
/// sign-off must then carry (docs/security.md, "How it is wired"). Off unless <see cref="SwitchOptions.TerminalAuth"/>
/// is set.
/// </summary>
public sealed partial class AcquirerSwitch
{
    /// <summary>63: security violation, the code for a MAC that is wrong or missing.</summary>
    public const string SecurityViolation = "63";

    /// <summary>
    /// Each terminal's working key from its latest sign-on, ready to verify with. In memory only: after a restart
    /// terminals sign on again, as real ones do when their MACs start failing. At most one per provisioned terminal.
    /// </summary>
    private readonly Dictionary<string, MessageMac> _workingKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// Proven sign-ons of the last few minutes, against replay; made at the first sign-on, since it needs the
    /// authentication options.
    /// </summary>
    private SignOnVerifier? _signOns;

    /// <summary>Requests refused 63 for a wrong or missing MAC, or from a terminal with no working key; sign-ons that did not prove the master key.</summary>
    public long MacRefusals { get; private set; }

    /// <summary>Terminals holding a working key from a sign-on, for metrics and tests.</summary>
    public int TerminalsWithWorkingKeys => _workingKeys.Count;

    /// <summary>
    /// Makes a fresh working key for <paramref name="terminal"/>, keeps it for verifying, and returns field 48 of the
    /// 0810 (the key under the terminal's master key, and its check value); null when the terminal has no master key.
    /// </summary>
    private string? IssueWorkingKey(Terminal terminal, TerminalAuthOptions auth)
    {
        if (auth.MasterKeyOf(terminal.TerminalId) is not { } masterKey)
        {
            return null;
        }

        Span<byte> key = stackalloc byte[TerminalKeys.KeySize];
        try
        {
            if (auth.Algorithm == MacAlgorithm.RetailMac)
            {
                TerminalKeys.Generate(key, auth.Random);
            }
            else
            {
                auth.Random(key); // an AES key is any 16 bytes
            }

            var field = WorkingKeyField.Format(auth.Algorithm, masterKey.Key, key);
            ForgetWorkingKey(terminal.TerminalId);
            _workingKeys.Add(terminal.TerminalId, new MessageMac(auth.Algorithm, key, auth.Codec));
            return field;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// MACs a response to a terminal holding a working key, in field 64 or 128 as a request would be, so the terminal can
    /// tell the answer is the switch's and unchanged. The role calls it on every response on its way out (the switch's
    /// reply path is shared with other work); a response already MACed (the 0810 carrying a new key) is left alone.
    /// </summary>
    public void SignResponse(IsoMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Options.TerminalAuth is null || _workingKeys.Count == 0 || response.Has(64) || response.Has(128))
        {
            return;
        }

        if (_fieldStrings.Get(response, IsoMessage.FieldTerminalId) is { } terminalId && _workingKeys.TryGetValue(terminalId, out var mac))
        {
            mac.TrySign(response);
        }
    }

    /// <summary>
    /// Refuses with 63 a sign-on that does not prove the terminal's master key: no MAC under its sign-on key, a wrong one,
    /// or one already used or too old (docs/security.md, "Sign-on proves the master key"). Called before the sign-on
    /// binds or changes anything, so a stranger's sign-on leaves the terminal's binding and working key as they were.
    /// </summary>
    private bool RefuseIfSignOnUnproven(long token, IsoMessage request, Terminal terminal, TerminalAuthOptions auth)
    {
        string? reason;
        if (auth.MasterKeyOf(terminal.TerminalId) is not { } masterKey)
        {
            reason = "no master key: the terminal cannot sign on";
        }
        else
        {
            _signOns ??= new SignOnVerifier(auth.Algorithm, auth.Codec);
            reason = _signOns.Refusal(request, terminal.TerminalId, masterKey, Options.Clock.Local(_time.GetUtcNow()));
        }

        if (reason is null)
        {
            return false;
        }

        MacRefusals++;
        auth.Refused?.Invoke(new MacRefusal(terminal.TerminalId, request.Stan, request.Mti, reason));
        Reply(token, request, SecurityViolation, echo: EchoedOnNetwork);
        return true;
    }

    /// <summary>A sign-off ends the terminal's session: its working key goes with it.</summary>
    private void ForgetWorkingKey(string terminalId)
    {
        if (_workingKeys.Remove(terminalId, out var old))
        {
            old.Dispose();
        }
    }

    /// <summary>
    /// Refuses with 63 a request that must carry a MAC and does not carry a right one: authentication on, a terminal
    /// speaking for itself (a host link's requests are the link's, authenticated by its configuration), and no working
    /// key for the terminal, no MAC, or a MAC not made with its working key over this message. Called before anything
    /// is booked or remembered, so a refused request leaves no trace but the count and the log line.
    /// </summary>
    private bool RefuseIfMacInvalid(long token, IsoMessage request, Terminal terminal, int[]? echo = null)
    {
        if (Options.TerminalAuth is not { } auth || FromHostLink())
        {
            return false;
        }

        string reason;
        if (!_workingKeys.TryGetValue(terminal.TerminalId, out var mac))
        {
            reason = "no working key: the terminal has not signed on since the switch started";
        }
        else if (!request.Has(MessageMac.FieldOf(request)))
        {
            reason = $"no MAC in field {MessageMac.FieldOf(request)}";
        }
        else if (!mac.Verify(request))
        {
            reason = $"wrong MAC in field {MessageMac.FieldOf(request)}";
        }
        else
        {
            return false;
        }

        MacRefusals++;
        auth.Refused?.Invoke(new MacRefusal(terminal.TerminalId, request.Stan, request.Mti, reason));
        Reply(token, request, SecurityViolation, echo: echo);
        return true;
    }
}
