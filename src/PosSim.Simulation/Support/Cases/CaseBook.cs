using System.Globalization;
using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// The support cases of one run: its records (run.sqlite, read-only) and its case log (cases.ndjson), replayed into
/// cases on opening. Every step goes through <see cref="CaseEngine"/>, and an accepted one is appended to the log.
/// Steps happen in the run's time: each a minute after the later of the run's end and the step before it.
/// </summary>
public sealed class CaseBook : IDisposable
{
    private readonly string _runDir;
    private readonly TransactionStoryReader _reader;
    private readonly RunCaseFacts _facts;
    private readonly SortedDictionary<long, SupportCase> _cases = [];
    private DateTime _lastAt;

    private CaseBook(string runDir, TransactionStoryReader reader)
    {
        _runDir = runDir;
        _reader = reader;
        _facts = new RunCaseFacts(reader);
        _lastAt = reader.RunValue("simulated_to") is { } end
            ? DateTime.ParseExact(end, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
            : DateTime.MinValue;
    }

    public CasePolicy Policy { get; } = CasePolicy.Default;

    public ICaseFacts Facts => _facts;

    public IReadOnlyCollection<SupportCase> Cases => _cases.Values;

    /// <summary>When the next step happens, in the run's time.</summary>
    public DateTime NextAt => _lastAt.AddMinutes(1);

    /// <exception cref="TraceInputException">DIR is not a run folder.</exception>
    /// <exception cref="CaseInputException">The case log is damaged or no longer agrees with the records.</exception>
    public static CaseBook Open(string runDir)
    {
        var reader = TransactionStoryReader.Open(runDir);
        var book = new CaseBook(runDir, reader);
        try
        {
            book.Replay();
        }
        catch
        {
            book.Dispose();
            throw;
        }

        return book;
    }

    public SupportCase Get(long id) =>
        _cases.TryGetValue(id, out var c) ? c
            : throw new CaseInputException(_cases.Count == 0
                ? $"no case {id} in {_runDir}: open one with `possim case open`"
                : $"no case {id} in {_runDir}; its cases are {string.Join(", ", _cases.Keys)}");

    public SupportCase OpenCase(string actor, Complaint complaint)
    {
        var id = _cases.Count == 0 ? 1 : _cases.Keys.Max() + 1;
        var at = NextAt;
        var opened = CaseEngine.Open(id, actor, at, complaint);
        CaseLog.Append(_runDir, new CaseLog.Entry(id, complaint, actor, at, null));
        _cases[id] = opened;
        _lastAt = at;
        return opened;
    }

    /// <summary>
    /// Takes a step on a case and writes it to the log; a refused one is logged as tried, and changes nothing (not
    /// even the clock).
    /// </summary>
    public CaseDecision Do(long id, Func<DateTime, CaseAction> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var current = Get(id);
        var action = step(NextAt);
        var decision = CaseEngine.Apply(current, action, _facts, Policy);
        CaseLog.Append(_runDir, decision.Accepted
            ? new CaseLog.Entry(id, null, action.Actor, action.At, action, SeenBy(current, action))
            : new CaseLog.Entry(id, null, action.Actor, action.At, action) { Refused = decision.Refusal });
        if (decision.Accepted)
        {
            _cases[id] = decision.Case;
            _lastAt = action.At;
        }

        return decision;
    }

    /// <summary>Searches the records for a case's complaint (<see cref="Candidates"/>), and logs that they were searched.</summary>
    public IReadOnlyList<TransactionFacts> Search(long id, string actor)
    {
        var found = Candidates(Get(id));
        CaseLog.Append(_runDir, new CaseLog.Entry(id, null, actor, NextAt, null) { Searched = found.Count });
        return found;
    }

    /// <summary>The transactions that fit a complaint: the merchant's purchases of that amount within the search window.</summary>
    public IReadOnlyList<TransactionFacts> Candidates(SupportCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var complaint = c.Complaint;
        return _facts.Search(new TransactionQuery(complaint.MerchantId, complaint.TerminalId,
            complaint.ApproximateTime - Policy.MatchWindow, complaint.ApproximateTime + Policy.MatchWindow, complaint.AmountMinor));
    }

    /// <summary>The terminal of the merchant's purchase with that RRN (RRNs repeat across terminals), or null.</summary>
    public string? TerminalOf(string merchantId, string rrn) =>
        _reader.Find(new TraceQuery.ByRrn(rrn)).FirstOrDefault(r => r.Kind == "purchase" && r.MerchantId == merchantId)?.TerminalId;

    public IReadOnlyList<CaseRefusal> Check(SupportCase c, RefundApplication application) =>
        CaseEngine.Check(c, application, NextAt, _facts, Policy);

    public void Dispose() => _reader.Dispose();

    /// <summary>The transaction a step is about, as the records show it now: kept with the step for replay.</summary>
    private TransactionFacts? SeenBy(SupportCase current, CaseAction action) => action switch
    {
        ConfirmRecords confirm => _facts.Find(confirm.TerminalId, confirm.Rrn),
        _ when current.Transaction is { } t => _facts.Find(t.TerminalId, t.Rrn),
        _ => null,
    };

    /// <summary>
    /// Answers a replayed step with the transaction as its taker saw it, once the records still hold that very
    /// transaction (same merchant, time, amount and card): its money may have moved since, because a resolution
    /// was carried out; anything else means the run folder was written by another run.
    /// </summary>
    private sealed class RecordedFacts(TransactionFacts seen, ICaseFacts records, int line) : ICaseFacts
    {
        public IReadOnlyList<TransactionFacts> Search(TransactionQuery query) => records.Search(query);

        public TransactionFacts? Find(string terminalId, string rrn)
        {
            if (terminalId != seen.TerminalId || rrn != seen.Rrn)
            {
                return records.Find(terminalId, rrn);
            }

            var now = records.Find(terminalId, rrn);
            if (now is null || now.MerchantId != seen.MerchantId || now.LocalTime != seen.LocalTime || now.AmountMinor != seen.AmountMinor || now.PanMasked != seen.PanMasked)
            {
                throw new CaseInputException(
                    $"{CaseLog.FileName}:{line}: the run's records no longer hold transaction {rrn} of terminal {terminalId} as it was when this step was taken; the run folder was written by another run");
            }

            return seen;
        }
    }

    private void Replay()
    {
        var line = 0;
        foreach (var entry in CaseLog.Read(_runDir))
        {
            line++;
            if (entry.ChangesNothing)
            {
                continue;
            }

            if (entry.Opened is { } complaint)
            {
                _cases[entry.CaseId] = CaseEngine.Open(entry.CaseId, entry.Actor, entry.At, complaint);
            }
            else
            {
                var facts = entry.Facts is { } seen ? new RecordedFacts(seen, _facts, line) : (ICaseFacts)_facts;
                var decision = CaseEngine.Apply(Get(entry.CaseId), entry.Step!, facts, Policy);
                if (!decision.Accepted)
                {
                    throw new CaseInputException(
                        $"{Path.Combine(_runDir, CaseLog.FileName)}:{line}: this step of case {entry.CaseId} no longer agrees with the run's records ({CaseNames.Of(decision.Refusal!.Reason)}); the run folder changed since the case was worked");
                }

                _cases[entry.CaseId] = decision.Case;
            }

            if (entry.At > _lastAt)
            {
                _lastAt = entry.At;
            }
        }
    }
}
