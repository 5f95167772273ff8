using Microsoft.AspNetCore.Http;

namespace PosSim.Desk.Pages;

/// <summary>A page's address rebuilt from its query: the language switch, the pager, the masked card and the token's redirect keep the rest.</summary>
internal static class QueryPairs
{
    /// <summary>The query's parameters as escaped <c>key=value</c> pairs, in order, without those named.</summary>
    public static IEnumerable<string> Without(IQueryCollection query, params string[] names) =>
        query.Where(q => !names.Contains(q.Key)).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
}
