namespace Streaming.Hosting.Redis;

/// <summary>
/// A Redis Cluster as one resource: its connection string lists every node, so StackExchange.Redis discovers the
/// cluster from whichever node answers and routes each command by slot. The nodes are resources of their own (an
/// operator can stop or kill one); this resource is healthy while the cluster serves every slot.
/// </summary>
public sealed class RedisClusterResource(string name) : Resource(name), IResourceWithConnectionString
{
    private readonly List<EndpointReference> _nodes = [];

    public IReadOnlyList<EndpointReference> Nodes => _nodes;

    internal void AddNode(EndpointReference endpoint) => _nodes.Add(endpoint);

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            for (var i = 0; i < _nodes.Count; i++)
            {
                if (i > 0)
                {
                    builder.AppendLiteral(",");
                }
                builder.Append($"{_nodes[i].Property(EndpointProperty.Host)}:{_nodes[i].Property(EndpointProperty.Port)}");
            }
            return builder.Build();
        }
    }

    /// <summary>The same properties as a single Redis (REDIS_HOST, ...), naming the first node: any node leads a client to all.</summary>
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{_nodes[0].Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{_nodes[0].Property(EndpointProperty.Port)}")),
        new("Password", ReferenceExpression.Create($"")), // loopback only, no password
        new("Uri", ReferenceExpression.Create($"redis://{_nodes[0].Property(EndpointProperty.Host)}:{_nodes[0].Property(EndpointProperty.Port)}")),
    ];
}
