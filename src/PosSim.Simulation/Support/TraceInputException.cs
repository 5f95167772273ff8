namespace PosSim.Simulation.Support;

/// <summary>The run folder cannot be traced (missing, not a run, unreadable): the message says what to do next.</summary>
public sealed class TraceInputException(string message) : Exception(message);
