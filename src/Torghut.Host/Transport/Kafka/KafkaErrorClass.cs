using Confluent.Kafka;

namespace Torghut.Host.Transport.Kafka;

/// <summary>Upstream's stable readiness error classes for Kafka (contract §3.8) and the mapping from client errors.</summary>
public static class KafkaErrorClass
{
    public const string Auth = "kafka_auth";
    public const string Metadata = "kafka_metadata";
    public const string Produce = "kafka_produce";

    /// <summary>
    /// SASL/authentication/authorization → kafka_auth; timeouts, unknown topic/partition, leader problems and
    /// unreachable brokers → kafka_metadata (a delivery that times out is how an unreachable or leaderless topic shows
    /// up); everything else → kafka_produce.
    /// </summary>
    public static string Classify(ErrorCode code) => code switch
    {
        ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_Authentication or ErrorCode.IllegalSaslState
            or ErrorCode.UnsupportedSaslMechanism or ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed
            or ErrorCode.ClusterAuthorizationFailed or ErrorCode.TransactionalIdAuthorizationFailed
            or ErrorCode.DelegationTokenAuthorizationFailed or ErrorCode.DelegationTokenAuthDisabled
            or ErrorCode.Local_Ssl => Auth,
        ErrorCode.Local_MsgTimedOut or ErrorCode.Local_TimedOut or ErrorCode.Local_TimedOutQueue or ErrorCode.RequestTimedOut
            or ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition
            or ErrorCode.LeaderNotAvailable or ErrorCode.NotLeaderForPartition or ErrorCode.Local_AllBrokersDown
            or ErrorCode.Local_Transport or ErrorCode.Local_Resolve or ErrorCode.BrokerNotAvailable
            or ErrorCode.ReplicaNotAvailable or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend
            or ErrorCode.FencedLeaderEpoch or ErrorCode.UnknownLeaderEpoch or ErrorCode.Local_Partial => Metadata,
        _ => Produce,
    };
}
