using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Streaming.Api.OpenApi;

public static class StreamingOpenApiDocument
{
    /// <summary>Title, license, server, tags and security schemes; each operation's security comes from its route.</summary>
    public static OpenApiOptions AddStreamingDocument(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Streaming API",
                Version = "v1",
                Description = "Start a stream (signed manifest URL), report and resume watch progress, stop. Errors are RFC 9457 problem details.",
                // No licence is granted: an SPDX reference for "all rights reserved" until the owners choose one.
                License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
            };
            // Relative to where the document is served, so it is right behind any proxy and in every environment.
            document.Servers = [new OpenApiServer { Url = "/", Description = "The host that served this document" }];
            document.Tags = ApiTags.Descriptions.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }).ToHashSet();
            SecurityRequirements.AddSchemes(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(SecurityRequirements.ApplyAsync);
        return options;
    }
}
