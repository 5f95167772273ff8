using PosSim.Iso8583;
using PosSim.Iso8583.Matching;

namespace PosSim.Core.Switch;

/// <summary>
/// The store-and-forward queue: reversal advices (0420) and completion advices (0220) the issuer must
/// receive. Each item is sent, waits for its acknowledgement, and is repeated (0421, 0221) with exponential
/// backoff; after <see cref="SwitchOptions.ReversalMaxTries"/> sends it is parked for people to look at.
/// Items move independently, so one the issuer keeps refusing never holds up the others.
/// </summary>
public sealed partial class AcquirerSwitch
{
    private readonly Dictionary<long, QueuedAdvice> _queue = [];
    private readonly Dictionary<MatchKey, QueuedAdvice> _queueByAck = [];
    private readonly List<QueuedAdvice> _parked = [];
    private long _queueSequence;

    /// <summary>Advices waiting to be sent or acknowledged.</summary>
    public IReadOnlyCollection<QueuedAdvice> Queue => _queue.Values;

    /// <summary>Advices that ran out of tries.</summary>
    public IReadOnlyList<QueuedAdvice> Parked => _parked;

    /// <summary>Changes whenever the queue or the parked list does (an advice sent, repeated, acknowledged or parked): a store rewrites them then.</summary>
    public long QueueVersion { get; private set; }

    /// <summary>Queues a reversal advice for a request the issuer may have approved.</summary>
    private void EnqueueReversal(IsoMessage forwardedOriginal, TranlogEntry original, DateTimeOffset now)
    {
        var advice = new IsoMessage("0420");
        forwardedOriginal.CopyFieldsTo(advice, [2, 3, 4, 7, 11, 12, 13, 32, 41, 42, 49]);
        advice.Rrn = original.Rrn;
        advice.Set(IsoMessage.FieldOriginalData, OriginalDataOf(original));
        if (Enqueue(advice, "0421", original, now))
        {
            Counters.ReversalsQueued++;
        }
    }

    /// <summary>
    /// Queues a reversal of <paramref name="original"/>, taking card data from <paramref name="template"/> (a
    /// later request about the same card) and the original's own STAN, time and transaction type.
    /// </summary>
    private void QueueReversalOf(TranlogEntry original, IsoMessage template, DateTimeOffset now)
    {
        var subject = new IsoMessage("0200");
        template.CopyFieldsTo(subject, [2, 12, 13, 41, 42, 49]);
        subject.ProcessingCode = original.Kind == TransactionKind.Refund ? "200000" : "000000";
        subject.AmountMinor = original.AmountMinor;
        subject.Stan = original.Stan;
        subject.Set(32, Options.AcquirerId);
        if (original.TransmissionDateTime.Length > 0)
        {
            subject.Set(IsoMessage.FieldTransmissionDateTime, original.TransmissionDateTime);
        }

        EnqueueReversal(subject, original, now);
    }

    private bool Enqueue(IsoMessage advice, string repeatMti, TranlogEntry subject, DateTimeOffset now)
    {
        var ackKey = KeyOf(advice);
        if (_queueByAck.ContainsKey(ackKey))
        {
            return false; // the same advice is already on its way
        }

        var item = new QueuedAdvice(++_queueSequence, advice, repeatMti, ackKey, subject);
        _queue.Add(item.Id, item);
        _queueByAck.Add(ackKey, item);
        Send(item, now);
        return true;
    }

    private void Send(QueuedAdvice item, DateTimeOffset now)
    {
        if (item.Tries > 0)
        {
            item.Message.Mti = item.RepeatMti;
        }

        item.Tries++;
        QueueVersion++;
        item.State = QueuedAdviceState.AwaitingAcknowledgement;
        item.LastSentAt = now;
        _effects.ToIssuer(item.Message);
        _effects.SetTimer(new SwitchTimer(SwitchTimerKind.StoreAndForward, item.Id), now + Options.ReversalAckTimeout);
    }

    private void OnQueueTimer(long id, DateTimeOffset now)
    {
        if (!_queue.TryGetValue(id, out var item))
        {
            return; // acknowledged meanwhile
        }

        if (item.State == QueuedAdviceState.WaitingToRepeat)
        {
            Send(item, now);
            return;
        }

        if (item.Tries >= Options.ReversalMaxTries)
        {
            item.State = QueuedAdviceState.Parked;
            _queue.Remove(id);
            _queueByAck.Remove(item.AckKey);
            _parked.Add(item);
            QueueVersion++;
            Counters.ReversalsParked++;
            SettleAdvice(item, AdviceOutcome.Undelivered);
            return;
        }

        item.State = QueuedAdviceState.WaitingToRepeat;
        _effects.SetTimer(new SwitchTimer(SwitchTimerKind.StoreAndForward, item.Id), now + Backoff(item.Tries));
    }

    private TimeSpan Backoff(int tries)
    {
        var backoff = Options.ReversalBackoff * Math.Pow(2, Math.Min(tries - 1, 30));
        return backoff < Options.ReversalMaxBackoff ? backoff : Options.ReversalMaxBackoff;
    }

    /// <summary>An acknowledgement (0430, 0230) of a queued advice. Any answer counts as delivered; the code is kept.</summary>
    private bool TryAcknowledgeQueued(MatchKey key, IsoMessage response)
    {
        if (!_queueByAck.Remove(key, out var item))
        {
            return false;
        }

        _queue.Remove(item.Id);
        QueueVersion++;
        item.State = QueuedAdviceState.Acknowledged;
        item.AcknowledgementCode = response.ResponseCode;
        SettleAdvice(item, response.ResponseCode == ResponseCodes.Approved ? AdviceOutcome.Accepted : AdviceOutcome.Refused);
        return true;
    }

    /// <summary>
    /// Records on an advised purchase what the issuer made of its advice (0220/0221; a reversal of it is another
    /// item): clearing presents it only when accepted, or when a stand-in policy pays without the issuer.
    /// </summary>
    private void SettleAdvice(QueuedAdvice item, AdviceOutcome outcome)
    {
        if (item.Subject.Advice == AdviceOutcome.Pending && item.Message.Mti is "0220" or "0221")
        {
            item.Subject.Advice = outcome;
            _effects.Record(item.Subject);
        }
    }
}

public enum QueuedAdviceState
{
    AwaitingAcknowledgement,
    WaitingToRepeat,
    Acknowledged,
    Parked,
}

/// <summary>One advice in the store-and-forward queue.</summary>
public sealed class QueuedAdvice
{
    /// <summary>An advice as a store kept it, for <see cref="AcquirerSwitch.Recover"/>; the acknowledgement key comes from the message.</summary>
    public static QueuedAdvice Stored(long id, IsoMessage message, string repeatMti, TranlogEntry subject, int tries, bool parked)
    {
        ArgumentNullException.ThrowIfNull(message);
        MatchKeySpec.Default.TryGetKey(message, out var key);
        return new QueuedAdvice(id, message, repeatMti, key, subject)
        {
            Tries = tries,
            State = parked ? QueuedAdviceState.Parked : QueuedAdviceState.WaitingToRepeat,
        };
    }

    internal QueuedAdvice(long id, IsoMessage message, string repeatMti, MatchKey ackKey, TranlogEntry subject)
    {
        Id = id;
        Message = message;
        RepeatMti = repeatMti;
        AckKey = ackKey;
        Subject = subject;
    }

    public long Id { get; }

    public IsoMessage Message { get; }

    public string RepeatMti { get; }

    public MatchKey AckKey { get; }

    /// <summary>The transaction the advice is about.</summary>
    public TranlogEntry Subject { get; }

    public int Tries { get; internal set; }

    public QueuedAdviceState State { get; internal set; }

    public DateTimeOffset LastSentAt { get; internal set; }

    public string? AcknowledgementCode { get; internal set; }
}
