using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Torghut.LocalServers;

/// <summary>What the launchers need from the machine: Debian packages installed on demand and free loopback ports.</summary>
internal static class LocalMachine
{
    /// <summary>apt-get install, with one `apt-get update` and a retry when the package lists are stale.</summary>
    public static async Task AptInstallAsync(params string[] packages)
    {
        var install = "install -y -qq " + string.Join(' ', packages);
        if (await AptAsync(install) == 0) return;
        await AptAsync("update -qq");
        if (await AptAsync(install) != 0)
            throw new InvalidOperationException($"could not install {string.Join(", ", packages)} with apt");
    }

    private static async Task<int> AptAsync(string arguments)
    {
        var psi = new ProcessStartInfo("apt-get", arguments) { UseShellExecute = false };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode;
    }

    /// <summary>A loopback port free right now (bound, then released).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
