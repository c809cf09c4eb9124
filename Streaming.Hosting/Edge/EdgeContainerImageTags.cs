namespace Streaming.Hosting.Edge;

/// <summary>The official nginx image: it ships njs (<c>/etc/nginx/modules/ngx_http_js_module.so</c>) and envsubst templates.</summary>
internal static class EdgeContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "library/nginx";
    public const string Tag = "1.27.5";
}
