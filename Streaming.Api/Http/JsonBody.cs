using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Streaming.Api.Http;

/// <summary>
/// Reads a request's JSON body as a document, so that every malformed, missing or wrongly typed field gets
/// its own message instead of the framework's generic "failed to read parameter".
/// </summary>
public sealed class JsonBody
{
    /// <summary>Every body of this API is a few fields of JSON; anything this large is a mistake or an attack.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private readonly JsonElement _root;
    private readonly Dictionary<string, string[]> _errors = [];

    private JsonBody(JsonElement root) => _root = root;

    public bool HasErrors => _errors.Count > 0;

    public ProblemHttpResult Problem() => ProblemResponses.Validation(_errors);

    /// <summary>Parses the body; an empty body counts as <c>{}</c>. Returns a problem for anything that is not a JSON object.</summary>
    public static async Task<(JsonBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not 0 && request.HasJsonContentType() is false && !string.IsNullOrEmpty(request.ContentType))
        {
            return (null, ProblemResponses.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json (got '{request.ContentType}')."));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        try
        {
            var bytes = await ReadAllAsync(request.BodyReader, cancellationToken);
            if (bytes.Length == 0)
            {
                return (new JsonBody(EmptyObject), null);
            }
            // Parsed in place and never disposed: the body keeps its document for as long as it is read (its pooled
            // metadata is simply collected), instead of a MemoryStream, a copy of it and a clone of the document.
            var root = JsonDocument.Parse(bytes).RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ProblemResponses.Validation("body", "The body must be a JSON object."));
            }
            return (new JsonBody(root), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ProblemResponses.Problem(ex.StatusCode, "Request body too large",
                $"The body is larger than {MaxBytes} bytes; a request of this API is a few fields of JSON."));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ProblemResponses.Problem(ex.StatusCode, "Unreadable request body", $"The request body could not be read: {ex.Message}"));
        }
        catch (JsonException ex)
        {
            return (null, ProblemResponses.Validation("body",
                $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }
    }

    /// <summary>The whole body in one array of its exact size (at most <see cref="MaxBytes"/>: the server enforces it while reading).</summary>
    private static async Task<byte[]> ReadAllAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public string? OptionalString(string name, params string[] allowed)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return Error<string>(name, $"'{name}' must be a string.");
        }
        var text = value.GetString()!;
        if (allowed.Length > 0 && !allowed.Contains(text))
        {
            return Error<string>(name, $"'{name}' must be one of: {string.Join(", ", allowed.Select(a => $"\"{a}\""))} (got \"{text}\").");
        }
        return text;
    }

    /// <summary>An optional string of 1 to <paramref name="maxLength"/> printable ASCII characters (an identifier a client made up).</summary>
    public string? OptionalIdentifier(string name, int maxLength)
    {
        var text = OptionalString(name);
        if (text is not null && (text.Length == 0 || text.Length > maxLength || text.Any(c => c is < '!' or > '~')))
        {
            return Error<string>(name, $"'{name}' must be 1 to {maxLength} printable ASCII characters without spaces.");
        }
        return text;
    }

    public int? RequiredInteger(string name, int min, int max)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Error<int?>(name, $"'{name}' is required.");
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return Error<int?>(name, $"'{name}' must be a whole number of seconds.");
        }
        if (number < min || number > max)
        {
            return Error<int?>(name, $"'{name}' must be between {min} and {max} (got {number}).");
        }
        return (int)number;
    }

    public Guid? OptionalGuid(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id))
        {
            return id;
        }
        return Error<Guid?>(name, $"'{name}' must be a UUID, e.g. the session_id a stream start answered.");
    }

    public DateTimeOffset? OptionalTimestamp(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var timestamp))
        {
            return timestamp;
        }
        return Error<DateTimeOffset?>(name, $"'{name}' must be an ISO-8601 date and time, e.g. \"2024-11-15T10:30:00Z\".");
    }

    private T? Error<T>(string name, string message)
    {
        _errors[name] = [message];
        return default;
    }
}
