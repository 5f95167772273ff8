namespace PosSim.Simulation.Support.Cases;

/// <summary>The case cannot be worked as asked (no such case, a damaged case log): the message says what and what to do.</summary>
public sealed class CaseInputException(string message) : Exception(message);
