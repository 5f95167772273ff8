namespace PosSim.Net;

/// <summary>Marker type for this assembly.</summary>
public static class AssemblyMarker;
