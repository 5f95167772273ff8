using PosSim.Desk.Records;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk;

/// <summary>
/// The run folder the desk serves, used by one request at a time. A request opens the case book (replaying
/// cases.ndjson, so steps `possim case` took meanwhile are there) and the records it needs, and closes them before
/// the next one starts: carrying out an approved case plays the run again and rewrites run.sqlite, which no reader
/// may hold open, and two steps on the same case must not both see the stage before.
/// </summary>
internal sealed class DeskRunFolder : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public DeskRunFolder(string dir) => Dir = dir;

    public string Dir { get; }

    /// <summary>Runs <paramref name="work"/> alone; when it asks, carries out approved cases after closing what it opened.</summary>
    public async Task<T> UseAsync<T>(Func<DeskSession, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            T result;
            bool carryOut;
            using (var session = new DeskSession(Dir))
            {
                result = work(session);
                carryOut = session.CarryOutAfter;
            }

            if (carryOut)
            {
                // Everything that read run.sqlite is closed: the run may now be played again over it.
                CaseExecution.CarryOut(Dir);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>What one request may open in the run folder, opened when first used and closed at the end of the request.</summary>
internal sealed class DeskSession(string dir) : IDisposable
{
    /// <summary>The run folder, for what reads it on its own (the case log's searches, training keys, the evidence pack).</summary>
    public string Dir => dir;

    private CaseBook? _book;
    private DeskRecords? _records;
    private TransactionStoryReader? _reader;

    /// <summary>The run's cases, through the same engine and log as `possim case`.</summary>
    public CaseBook Book => _book ??= CaseBook.Open(dir);

    public DeskRecords Records => _records ??= DeskRecords.Open(dir);

    /// <summary>The reader `possim trace` tells its stories from.</summary>
    public TransactionStoryReader Reader => _reader ??= TransactionStoryReader.Open(dir);

    /// <summary>Set by a step that left an approved case waiting for its way back.</summary>
    public bool CarryOutAfter { get; set; }

    public void Dispose()
    {
        _book?.Dispose();
        _records?.Dispose();
        _reader?.Dispose();
    }
}
