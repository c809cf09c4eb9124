namespace Streaming.Core.Progress;

/// <summary>The Lua files of this folder, embedded in Streaming.Core by their file name.</summary>
internal static class EmbeddedScript
{
    public static string Load(string name)
    {
        using var stream = typeof(EmbeddedScript).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Streaming.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
