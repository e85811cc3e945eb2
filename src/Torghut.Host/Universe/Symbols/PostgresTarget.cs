using Npgsql;
using Torghut.Host.Configuration;

namespace Torghut.Host.Universe.Symbols;

/// <summary>
/// DATABASE_URL parsed once: a <c>postgres://user:password@host:port/database?sslmode=…</c> URL (the form Jangar and
/// most platforms hand out) or an Npgsql keyword string (<c>Host=…;Username=…;Password=…</c>). The password lives
/// only in the connection string given to Npgsql; <see cref="Describe"/>, every message and <see cref="ToString"/>
/// leave it out.
/// </summary>
public sealed class PostgresTarget
{
    private readonly NpgsqlConnectionStringBuilder _builder;

    private PostgresTarget(NpgsqlConnectionStringBuilder builder) => _builder = builder;

    internal string ConnectionString => _builder.ConnectionString;

    /// <summary>user@host:port/database, for logs and errors.</summary>
    public string Describe() => $"{_builder.Username}@{_builder.Host}:{_builder.Port}/{_builder.Database}";

    public override string ToString() => Describe();

    /// <summary>Removes the password from a message (drivers may echo parts of a connection string).</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(_builder.Password) ? text : text.Replace(_builder.Password, "***", StringComparison.Ordinal);

    internal bool Contains(string text) => !string.IsNullOrEmpty(_builder.Password) && text.Contains(_builder.Password, StringComparison.Ordinal);

    public static PostgresTarget Parse(string value)
    {
        value = value.Trim();
        var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(value)
            : FromKeywords(value);
        if (string.IsNullOrEmpty(builder.Host)) throw new ConfigException($"{ConfigKeys.DatabaseUrl}: no host");
        if (string.IsNullOrEmpty(builder.Database)) builder.Database = builder.Username ?? "postgres";
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "torghut";
        return new PostgresTarget(builder);
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string value)
    {
        try { return new NpgsqlConnectionStringBuilder(value); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The driver's message may quote the offending pair, password included: say only what kind of problem it is.
            throw new ConfigException($"{ConfigKeys.DatabaseUrl} is neither a postgres:// URL nor a valid Npgsql connection string ({e.GetType().Name})");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ConfigException($"{ConfigKeys.DatabaseUrl}: not a valid postgres:// URL (expected postgres://user:password@host:port/database)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var raw = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = raw.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable, "allow" => SslMode.Allow, "prefer" => SslMode.Prefer, "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA, "verify-full" => SslMode.VerifyFull,
                        _ => throw new ConfigException($"{ConfigKeys.DatabaseUrl}: sslmode '{raw}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                    };
                    break;
                case "sslrootcert": builder.RootCertificate = raw; break;
                case "application_name": builder.ApplicationName = raw; break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(raw, out var seconds) && seconds > 0 ? seconds
                        : throw new ConfigException($"{ConfigKeys.DatabaseUrl}: connect_timeout must be a positive number of seconds");
                    break;
                case "schema": builder.SearchPath = raw; break;
                default:
                    throw new ConfigException($"{ConfigKeys.DatabaseUrl}: unknown URL parameter '{key}' (known: sslmode, sslrootcert, application_name, connect_timeout, schema)");
            }
        }
        return builder;
    }
}
