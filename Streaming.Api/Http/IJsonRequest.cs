namespace Streaming.Api.Http;

/// <summary>A request body that reads itself from a <see cref="JsonBody"/>, field by field.</summary>
public interface IJsonRequest<TSelf>
    where TSelf : class, IJsonRequest<TSelf>
{
    /// <summary>The request, or null when a field is invalid (<paramref name="body"/> then lists why).</summary>
    static abstract TSelf? Read(JsonBody body);
}
