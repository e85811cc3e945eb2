using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Torghut.Host.Logging;

namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// librdkafka's error and log callbacks for the producer and the consumer, as readable lines: each error code and
/// each log facility is logged once per minute with the count of repeats held back (RepeatLimiter). The texts are
/// librdkafka's (broker address, error); they never contain configuration values such as the SASL password.
/// </summary>
internal sealed class KafkaClientLog(ILogger logger, string client, TimeProvider? time = null)
{
    private readonly RepeatLimiter _repeats = new(TimeSpan.FromSeconds(60), time ?? TimeProvider.System);

    public void Error(Error error)
    {
        if (_repeats.Admit($"error:{error.Code}", out var repeated))
            logger.LogWarning("kafka {Client} error {Code}: {Reason}{Repeated}", client, error.Code, error.Reason, repeated);
    }

    public void Log(LogMessage message, LogLevel level)
    {
        if (!logger.IsEnabled(level) || !_repeats.Admit($"log:{message.Facility}:{level}", out var repeated)) return;
        logger.Log(level, "librdkafka {Facility}: {Message}{Repeated}", message.Facility, message.Message, repeated);
    }

    /// <summary>librdkafka's syslog levels as .NET log levels.</summary>
    public static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
