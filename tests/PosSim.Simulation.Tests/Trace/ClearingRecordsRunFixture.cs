namespace PosSim.Simulation.Tests.Trace;

/// <summary>
/// scenarios/05-clearing-records.yaml run once through `possim run` into a temp folder, shared by a test class: on
/// 2026-03-02 the planned sale "dropped" (T0000001, 09:10, 56.00) was never presented for clearing, "doubled"
/// (T0000004, 13:45, 218.00) was presented twice and "altered" (T0000007, 19:05, 99.00) for 10.00 more.
/// </summary>
public sealed class ClearingRecordsRunFixture() : ShippedRunFixture("05-clearing-records.yaml", "possim-trace-clearing-");
