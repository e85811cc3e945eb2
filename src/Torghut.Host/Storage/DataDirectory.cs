using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Storage;

/// <summary>
/// Where local state lives (the symbols database, the embedded DuckDB file): TORGHUT_DATA_DIR, else the user's data
/// directory (<c>$XDG_DATA_HOME/torghut</c>, <c>~/.local/share/torghut</c>, %LOCALAPPDATA%\torghut). Never the working
/// directory by default: `dotnet run` starts in the project folder, and state there dirtied the clone.
/// </summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration) =>
        CoreCatalogue.DataDir.Read(configuration) is { } configured ? Path.GetFullPath(configured) : UserDefault();

    private static string UserDefault()
    {
        // .NET maps LocalApplicationData to $XDG_DATA_HOME or ~/.local/share on Linux; empty only without a home.
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(root) ? Path.GetFullPath("data") : Path.Combine(root, "torghut");
    }
}
