using System.Text;

namespace PosSim.Simulation;

/// <summary>How scenario files, run outputs and case logs name enum values: kebab case (IssuerDown → issuer-down).</summary>
internal static class KebabCase
{
    public static string Of(string pascalCase)
    {
        var text = new StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            if (char.IsUpper(pascalCase[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(pascalCase[i]));
        }

        return text.ToString();
    }
}
