using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// YamlDotNet's parser, remembering where it got to, so that a failure of the parser itself (not a
/// <see cref="YamlException"/>) can still be reported at a place in the file.
/// </summary>
/// <remarks>
/// Implementation note: YamlDotNet 18.1 throws <see cref="InvalidOperationException"/> from its scanner when the
/// text ends inside an unclosed flow collection (<c>holidays: [2025-01-01</c>). The innermost open <c>[</c> or
/// <c>{</c> is then the place to look.
/// </remarks>
internal sealed class TrackingParser(IParser inner) : IParser
{
    private readonly Stack<Mark> _openFlows = new();

    public ParsingEvent? Current => inner.Current;

    /// <summary>The end of the last event read: how far the text was understood.</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    /// <summary>Where the innermost flow collection that is still open starts, if any.</summary>
    public Mark? OpenFlow => _openFlows.Count > 0 ? _openFlows.Peek() : null;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case SequenceStart { Style: SequenceStyle.Flow } s:
                _openFlows.Push(s.Start);
                break;
            case MappingStart { Style: MappingStyle.Flow } m:
                _openFlows.Push(m.Start);
                break;
            // Flow collections hold only flow collections, so while one is open every end closes the innermost.
            case SequenceEnd or MappingEnd when _openFlows.Count > 0:
                _openFlows.Pop();
                break;
        }

        LastGood = inner.Current?.End ?? LastGood;
        return true;
    }

}
