using Torghut.Host.Cli;

namespace Torghut.Tests.Support;

/// <summary>Runs the real `torghut` command line in-process with a given environment.</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TorghutCli.InvokeAsync(args, new CliContext(output, error, env));
        return (code, output.ToString(), error.ToString());
    }
}
