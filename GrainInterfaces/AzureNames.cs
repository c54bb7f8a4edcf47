using System.Text;

namespace MusicRecs.GrainInterfaces;

/// <summary>Azure Storage names (queues, tables) from free text: lower-case letters and digits, single dashes between.</summary>
public static class AzureNames
{
    public static string Clean(string value)
    {
        var collapsed = new StringBuilder();
        foreach (var ch in value.ToLowerInvariant().Select(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? ch : '-'))
        {
            if (ch != '-' || (collapsed.Length > 0 && collapsed[^1] != '-'))
            {
                collapsed.Append(ch);
            }
        }

        return collapsed.ToString().Trim('-');
    }
}
