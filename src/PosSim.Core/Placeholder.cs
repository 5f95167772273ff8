namespace PosSim.Core;

/// <summary>Marker for the core assembly; lets tests and tools find it by type.</summary>
public static class CoreAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(CoreAssembly).Assembly;
}
