using PosSim.Core.Cases;

namespace PosSim.Simulation.Support;

/// <summary>The places a transaction's message or money passes through, in the order it meets them.</summary>
public enum Hop
{
    Terminal,
    Switch,
    Issuer,
    Clearing,
    Settlement,
    Payout,
    Bank,
    Merchant,

    /// <summary>The acquirer's support desk, carrying out a case's way back.</summary>
    Support,
}

/// <summary>One hop of the story: the message or money went from one place to the next, at a time, and this is what happened.</summary>
/// <param name="Trouble">True when this is where something went wrong, so a reader's eye goes there first.</param>
public sealed record TraceStep(Hop From, Hop To, string Time, string Text, bool Trouble);

/// <summary>The story of one transaction, told in one language: the hops, where the money is, and what support says and does.</summary>
public sealed record TraceStory(
    TranlogRow Transaction,
    string Title,
    IReadOnlyList<TraceStep> Steps,
    MoneyState Money,
    string MoneyNow,
    string TellMerchant,
    IReadOnlyList<string> NextSteps,
    IReadOnlyList<string> Findings);
