using System.Security.Cryptography;
using System.Text;
using Torghut.Host.Configuration;

namespace Torghut.Host.Gateway;

/// <summary>
/// The credentials local clients authenticate with (<c>TORGHUT_GATEWAY_KEYS=key:secret[,key:secret…]</c>): the
/// gateway's own, never Alpaca's. Secrets are kept as SHA-256 hashes, compared in fixed time, and never printed:
/// <see cref="ToString"/> names the key ids only.
/// </summary>
public sealed class GatewayKeys
{
    private readonly Dictionary<string, byte[]> _secretHashes;

    private GatewayKeys(Dictionary<string, byte[]> secretHashes) => _secretHashes = secretHashes;

    public int Count => _secretHashes.Count;

    public static GatewayKeys Parse(string? text)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pairs = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var pair in pairs)
        {
            var colon = pair.IndexOf(':');
            // The message never repeats the entry: it may hold a secret.
            if (colon <= 0 || colon == pair.Length - 1)
                throw new ConfigException($"{GatewaySettings.KeysKey} entry {keys.Count + 1} is not key:secret");
            keys[pair[..colon]] = Hash(pair[(colon + 1)..]);
        }
        if (keys.Count == 0)
            throw new ConfigException(
                $"{GatewaySettings.UrlKey} is set but {GatewaySettings.KeysKey} holds no key:secret pair");
        return new GatewayKeys(keys);
    }

    public bool Accepts(string? key, string? secret) =>
        key is not null && secret is not null && _secretHashes.TryGetValue(key, out var expected) &&
        CryptographicOperations.FixedTimeEquals(expected, Hash(secret));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public override string ToString() =>
        $"{Count} key(s): {string.Join(", ", _secretHashes.Keys.Order(StringComparer.Ordinal))}";
}
