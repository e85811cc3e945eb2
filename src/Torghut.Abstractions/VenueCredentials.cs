namespace Torghut.Abstractions;

/// <summary>
/// An API key pair. <see cref="ToString"/> never reveals the secret, so a credential that ends up in a log line,
/// exception or metric label stays safe.
/// </summary>
public sealed class VenueCredentials
{
    /// <summary>Creates a key pair.</summary>
    public VenueCredentials(string keyId, string secret)
    {
        KeyId = keyId ?? throw new ArgumentNullException(nameof(keyId));
        Secret = secret ?? throw new ArgumentNullException(nameof(secret));
    }

    /// <summary>The key id (e.g. Alpaca <c>APCA-API-KEY-ID</c>).</summary>
    public string KeyId { get; }

    /// <summary>The secret. Only message builders may read it; never log it.</summary>
    public string Secret { get; }

    /// <summary>Redacted form: the key id's last 4 characters only.</summary>
    public override string ToString() =>
        $"VenueCredentials(key=…{(KeyId.Length > 4 ? KeyId[^4..] : "")}, secret=***)";
}

/// <summary>
/// Optional, on an <see cref="IVenuePlugin"/> (contract 1.3): the names of the settings that hold the venue's
/// credentials for lanes that have no lane-specific ones (e.g. Alpaca's <c>ALPACA_KEY_ID</c> and
/// <c>ALPACA_SECRET_KEY</c>), so the host knows no venue's names. Without it, only the lane's own
/// <c>TORGHUT_LANE_&lt;NAME&gt;_KEY_ID</c> / <c>_SECRET_KEY</c> are read. The host never logs the secret's value.
/// </summary>
public interface IVenueCredentialSettings
{
    /// <summary>The setting that holds the key id.</summary>
    string KeyIdSetting { get; }

    /// <summary>The setting that holds the secret.</summary>
    string SecretSetting { get; }
}
