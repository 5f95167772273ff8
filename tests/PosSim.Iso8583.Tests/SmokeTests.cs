namespace PosSim.Iso8583.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_loads() => Assert.True(true);
}
