using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

internal static class FlagBool
{
    /// <summary>Parses the boolean spellings operators use in env files; anything else is a config error.</summary>
    public static bool Parse(string? value, string origin) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new ConfigException($"{origin}: '{value}' is not a boolean (use true or false)"),
    };

    public static string Text(bool value) => value ? "true" : "false";
}
