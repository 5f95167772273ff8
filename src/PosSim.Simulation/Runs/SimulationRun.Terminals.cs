using PosSim.Iso8583;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Terminals;

namespace PosSim.Simulation.Runs;

/// <summary>The terminals' side: one request at a time, a timeout and a reversal when no answer comes, batch totals kept from the answers seen.</summary>
public sealed partial class SimulationRun
{
    private static readonly int[] ErrorEchoFields = [3, 4, 7, 11, 12, 13, 41, 42, 49];
    private readonly IsoMessage _inbound = new();
    private readonly IsoMessage _outbound = new();
    private readonly IsoMessage _rewritten = new();
    private readonly IsoMessage _errorAnswer = new();
    private long _waitSequence;

    private void Arrive(SimTerminal terminal, TerminalAction action)
    {
        if (terminal.Pending is not null)
        {
            terminal.Waiting.Enqueue(action);
            return;
        }

        Start(terminal, action);
    }

    /// <summary>Starts <paramref name="action"/>, or moves on to the next waiting one when it has nothing to send.</summary>
    private void Start(SimTerminal terminal, TerminalAction action)
    {
        var local = new DateTimeOffset(LocalNow, _scenario.UtcOffset);
        switch (action.Kind)
        {
            case ActionKind.SignOn:
                Send(terminal, action, terminal.Messages.Network(NetworkCode.SignOn, local), null);
                return;
            case ActionKind.Purchase:
            {
                // One message object for every request sent: it is encoded onto the link at once, and what a
                // reversal needs is kept in the sale (SentRequest), not the message.
                var request = _outbound;
                var nth = ++terminal.PurchasesSent;
                var card = Cards[action.Card].Read;
                var stan = terminal.Messages.WritePurchase(request, card, action.AmountMinor, local, action.Qr);
                var sale = new Sale
                {
                    Nth = nth,
                    Sent = new SentRequest(ProcessingCodes.Purchase, action.Card, action.AmountMinor, local, stan, action.Qr, null),
                    AmountMinor = action.AmountMinor,
                    Card = action.Card,
                    Qr = action.Qr,
                    BusinessDate = _businessClock.BusinessDateOf(_clock.Now),
                    Batch = terminal.Messages.BatchNumber,
                };
                _faults.OnPurchaseSent(terminal, nth, stan, action.PlannedName);
                if (TimeOnly.FromDateTime(LocalNow) >= _scenario.Traffic.BatchClose && sale.BusinessDate == DateOnly.FromDateTime(LocalNow))
                {
                    _faults.Record(FaultType.BatchSpansCutOver, terminal.TerminalId, terminal.MerchantId, stan, "",
                        $"a sale after the batch close ({_scenario.Traffic.BatchClose:HH:mm}) and before the cut-over: business date {sale.BusinessDate:yyyy-MM-dd}, batch closed the next day", sale.BusinessDate);
                }

                if (action.PlannedName is { } name)
                {
                    _plannedSales[name] = sale;
                }

                _counters.Add("purchases_sent", 1);
                Send(terminal, action, request, sale, financial: sale.Sent);
                return;
            }

            case ActionKind.Refund when OriginalOf(action) is { Rrn: { } rrn, Cancelled: false } sale && sale.AmountMinor - sale.Refunded >= action.AmountMinor:
            {
                _counters.Add("refunds_sent", 1);
                var stan = terminal.Messages.WriteRefund(_outbound, Cards[sale.Card].Read, action.AmountMinor, rrn, local, sale.Qr);
                Send(terminal, action, _outbound, null, sale, financial: new SentRequest(ProcessingCodes.Refund, sale.Card, action.AmountMinor, local, stan, sale.Qr, rrn));
                return;
            }

            case ActionKind.Void when OriginalOf(action) is { Rrn: { } rrn, Cancelled: false, Refunded: 0 } sale && terminal.OpenBatchSales.Contains(sale):
                _counters.Add("voids_sent", 1);
                terminal.Messages.WriteVoid(_outbound, Cards[sale.Card].Read, sale.AmountMinor, rrn, local);
                Send(terminal, action, _outbound, null, sale);
                return;
            case ActionKind.CancelReversal when OriginalOf(action) is { Rrn: not null, Cancelled: false } sale && terminal.OpenBatchSales.Contains(sale):
                // The terminal takes the sale off its batch as it decides to reverse, as POS terminals do, and keeps
                // sending the reversal until it is answered or it gives up.
                Unbook(terminal, sale);
                _counters.Add("reversals_sent", 1);
                Send(terminal, action, ReversalOf(terminal, sale.Sent), sale);
                return;
            case ActionKind.LateReversal when action.Original is { } sale:
                _faults.Record(FaultType.LateReversal, terminal.TerminalId, terminal.MerchantId, sale.Sent.Stan, sale.Rrn ?? "",
                    $"the terminal reversed its purchase of {sale.BusinessDate:yyyy-MM-dd} a day or more later", sale.BusinessDate);
                _counters.Add("reversals_sent", 1);
                Send(terminal, action, ReversalOf(terminal, sale.Sent), sale);
                return;
            case ActionKind.BatchClose:
                CloseBatch(terminal, action, local);
                return;
        }

        _counters.Add("actions_skipped", 1); // a refund of a sale that was cancelled meanwhile, and the like
        Next(terminal);
    }

    private void CloseBatch(SimTerminal terminal, TerminalAction action, DateTimeOffset local)
    {
        var date = _businessClock.BusinessDateOf(_clock.Now);
        var (skip, addMinor) = _faults.BatchFault(terminal, date);
        if (skip)
        {
            // The batch stays open on both sides: the next close carries this day's sales too.
            _faults.Record(FaultType.BatchNotClosed, terminal.TerminalId, terminal.MerchantId, 0, "", "the terminal did not close its batch", date);
            Next(terminal);
            return;
        }

        if (addMinor != 0)
        {
            _faults.Record(FaultType.BatchOutOfBalance, terminal.TerminalId, terminal.MerchantId, 0, "",
                $"the terminal reported its sales {addMinor} minor units higher than it took", date);
        }

        var message = terminal.Messages.BatchTotals((int)terminal.DebitCount, checked(terminal.DebitAmount + addMinor), (int)terminal.CreditCount, terminal.CreditAmount, local);
        _counters.Add("batches_closed", 1);
        Send(terminal, action, message, null);
    }

    private Sale? OriginalOf(TerminalAction action) =>
        action.Original ?? (action.PlannedRef is { } name ? _plannedSales.GetValueOrDefault(name) : null);

    /// <summary>The 0400 reversing a request the terminal sent (written again from what it kept of it).</summary>
    private IsoMessage ReversalOf(SimTerminal terminal, SentRequest sent)
    {
        terminal.Messages.WriteFinancialAgain(_rewritten, sent.TransactionType, Cards[sent.Card].Read, sent.AmountMinor, sent.SentAt, sent.Stan, sent.OriginalRrn, sent.Qr);
        return TerminalMessages.Reversal(_rewritten);
    }

    /// <summary>
    /// Sends a request and starts waiting for its answer. <paramref name="sale"/> is the purchase it is, or reverses
    /// (faults aimed at that purchase apply); <paramref name="about"/> a sale it refers to otherwise.
    /// </summary>
    private void Send(SimTerminal terminal, TerminalAction action, IsoMessage request, Sale? sale, Sale? about = null, int attempt = 1, SentRequest? financial = null)
    {
        var isReversal = request.Mti is "0400" or "0401";
        var pending = new PendingRequest
        {
            Action = action,
            Stan = request.Stan ?? 0,
            AnswerMti = MessageTypes.ResponseTo(request.MtiBytes) ?? "",
            Financial = financial,
            Reversal = isReversal ? request : null,
            WaitId = ++_waitSequence,
            Sale = sale ?? about,
            Aimed = sale,
            Try = attempt,
        };
        terminal.Pending = pending;
        _agenda.Schedule(_clock.Now + _scenario.Acquirer.TerminalTimeout, new SimEvent(SimEventKind.TerminalTimeout, terminal.Index, pending.WaitId));
        Transmit(toSwitch: true, terminal, request, sale);
    }

    /// <summary>Puts a message on the terminal's link, where the scenario's faults may lose, delay, repeat or damage it.</summary>
    private void Transmit(bool toSwitch, SimTerminal terminal, IsoMessage message, Sale? sale)
    {
        var verdict = _faults.OnTerminalFrame(toSwitch, terminal, message, sale);

        var offline = _clock.Now < terminal.OfflineUntil;
        _events.Message(_clock.Now, toSwitch ? "terminal" : "switch", toSwitch ? "switch" : "terminal", terminal.TerminalId, message, Link.Dialect, verdict.Lost || offline);
        _counters.Add("messages", 1);
        if (verdict.Lost || offline)
        {
            _counters.Add("messages_lost", 1);
            return;
        }

        var frame = Link.Encode(message, verdict.CorruptField);
        var due = _clock.Now + Link.Latency + verdict.Delay;
        var kind = toSwitch ? SimEventKind.FrameToSwitch : SimEventKind.FrameToTerminal;
        _agenda.Schedule(due, new SimEvent(kind, terminal.Index, terminal.Connection, frame));
        if (verdict.Duplicate)
        {
            _agenda.Schedule(due, new SimEvent(kind, terminal.Index, terminal.Connection, frame));
        }
    }

    /// <summary>The connections in the fault's scope drop: what is on the wire is lost, and they are back after its delay.</summary>
    private void Disconnect(ActiveFault fault)
    {
        var back = _clock.Now + (fault.Spec.Delay ?? TimeSpan.FromSeconds(2));
        foreach (var terminal in _terminals)
        {
            if (fault.Scopes(terminal.TerminalId, terminal.MerchantId))
            {
                terminal.Connection++;
                terminal.OfflineUntil = back;
                _faults.Record(FaultType.Disconnect, terminal.TerminalId, terminal.MerchantId, terminal.Pending?.Stan ?? 0, "",
                    $"the terminal's connection dropped{(terminal.Pending is { } p ? $" while it waited on STAN {p.Stan:D6}" : "")}; back at {back.ToOffset(_scenario.UtcOffset):HH:mm:ss}",
                    _businessClock.BusinessDateOf(_clock.Now));
            }
        }
    }

    /// <summary>A frame on a connection that has since dropped never arrives.</summary>
    private bool Arrives(SimTerminal terminal, long connection)
    {
        if (connection == terminal.Connection)
        {
            return true;
        }

        _counters.Add("messages_lost", 1);
        return false;
    }

    private void DeliverToSwitch(SimTerminal terminal, byte[] frame)
    {
        if (Link.TryDecode(frame, _inbound, out var error))
        {
            _acquirer.Submit(terminal.Index, _inbound);
            return;
        }

        _counters.Add("frames_undecodable", 1);
        _events.Note(_clock.Now, "switch", terminal.TerminalId, "undecodable frame: " + error);
        if (MessageTypes.IsRequest(_inbound.MtiBytes) && _inbound.Has(IsoMessage.FieldStan) && _inbound.Has(IsoMessage.FieldTerminalId))
        {
            // As the live server does: answer 30 when the request can still be named, so the terminal stops waiting.
            Replies.Begin(_inbound, _errorAnswer, ErrorEchoFields).ResponseCode = ResponseCodes.FormatError;
            Transmit(toSwitch: false, terminal, _errorAnswer, SaleAwaiting(terminal, _errorAnswer));
        }
    }

    /// <summary>The switch answers a terminal (now, or later for a timed-out request).</summary>
    private void OnSwitchAnswer(long token, IsoMessage response)
    {
        var terminal = _terminals[(int)token];
        Transmit(toSwitch: false, terminal, response, SaleAwaiting(terminal, response));
    }

    /// <summary>The purchase a response answers, when the terminal waits on that purchase (or its reversal).</summary>
    private static Sale? SaleAwaiting(SimTerminal terminal, IsoMessage response) =>
        terminal.Pending is { Aimed: { } sale } pending
        && pending.Stan == response.Stan
            ? sale
            : null;

    private void DeliverToTerminal(SimTerminal terminal, byte[] frame)
    {
        if (!Link.TryDecode(frame, _inbound, out _))
        {
            _counters.Add("frames_undecodable", 1);
            return;
        }

        var pending = terminal.Pending;
        if (pending is null || pending.Stan != _inbound.Stan || !System.Text.Ascii.Equals(_inbound.MtiBytes, pending.AnswerMti))
        {
            _counters.Add("answers_ignored", 1); // late, repeated, or for a request the terminal gave up on
            return;
        }

        terminal.Pending = null;
        var approved = _inbound.ResponseCode == ResponseCodes.Approved;
        switch (pending.Action.Kind)
        {
            case ActionKind.Purchase when approved:
                var sale = pending.Sale!;
                sale.Rrn = _inbound.Rrn;
                terminal.DebitCount++;
                terminal.DebitAmount += sale.AmountMinor;
                terminal.OpenBatchSales.Add(sale);
                _counters.Add("purchases_approved", 1);
                FollowUps(terminal, sale, pending.Action.PlannedName is not null);
                break;
            case ActionKind.Purchase:
                _counters.Add("purchases_declined", 1);
                break;
            case ActionKind.Refund when approved:
                terminal.CreditCount++;
                terminal.CreditAmount += pending.Action.AmountMinor;
                pending.Sale!.Refunded += pending.Action.AmountMinor;
                _counters.Add("refunds_approved", 1);
                break;
            case ActionKind.Void when approved:
                Unbook(terminal, pending.Sale!);
                _counters.Add("voids_approved", 1);
                break;
            case ActionKind.BatchClose when approved:
                terminal.ResetBooks(); // closed on both sides: a new batch opens
                break;
            case ActionKind.BatchClose: // out of balance (95): the batch stays open on both sides
                _counters.Add("batches_out_of_balance", 1);
                break;
        }

        if (terminal.Pending is null)
        {
            Next(terminal);
        }
    }

    /// <summary>No answer in time: a financial request is shown as declined and reversed; a reversal is sent again, a few times.</summary>
    private void TimedOut(SimTerminal terminal, long waitId)
    {
        var pending = terminal.Pending;
        if (pending is null || pending.WaitId != waitId)
        {
            return; // answered meanwhile
        }

        terminal.Pending = null;
        _counters.Add("terminal_timeouts", 1);
        _events.Timer(_clock.Now, terminal.TerminalId, 1);
        switch (pending.Action.Kind)
        {
            case ActionKind.Purchase or ActionKind.Refund when pending.Financial is { } sent:
                _counters.Add("reversals_sent", 1);
                var reversal = new TerminalAction { Kind = ActionKind.TimeoutReversal, Original = pending.Sale };
                Send(terminal, reversal, ReversalOf(terminal, sent), pending.Action.Kind == ActionKind.Purchase ? pending.Sale : null, pending.Sale);
                return;
            case ActionKind.CancelReversal or ActionKind.TimeoutReversal or ActionKind.LateReversal when pending.Try < _scenario.Acquirer.TerminalReversalTries && pending.Reversal is { } repeat:
                repeat.Mti = "0401";
                Send(terminal, pending.Action, repeat, pending.Aimed, pending.Sale, pending.Try + 1);
                return;
            case ActionKind.CancelReversal or ActionKind.TimeoutReversal or ActionKind.LateReversal:
                _counters.Add("reversals_abandoned", 1);
                break;
        }

        Next(terminal);
    }

    private void Next(SimTerminal terminal)
    {
        while (terminal.Pending is null && terminal.Waiting.TryDequeue(out var action))
        {
            Start(terminal, action);
        }
    }

    private static void Unbook(SimTerminal terminal, Sale sale)
    {
        sale.Cancelled = true;
        if (terminal.OpenBatchSales.Remove(sale))
        {
            terminal.DebitCount--;
            terminal.DebitAmount -= sale.AmountMinor;
        }
    }
}
