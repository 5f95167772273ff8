namespace PosSim.Core;

/// <summary>Marker type for this assembly.</summary>
public static class AssemblyMarker;
