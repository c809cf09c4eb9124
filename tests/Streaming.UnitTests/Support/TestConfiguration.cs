using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Streaming.UnitTests.Support;

internal static class TestConfiguration
{
    public const string StrongSecret = "q0Zr8vJ3nYtXc2LwPa9EhMuKs5GdBf7R1oTiVe4N6yQ=";
    public const string OtherStrongSecret = "Vb3nM9qLx7Tz2Rk5Wp8Hc1Jf4Gd6Sa0Ye+UoIiEtNrQ=";

    public static IConfiguration From(IDictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    public static IHostEnvironment Environment(string name) => new Environment_ { EnvironmentName = name };

    private sealed class Environment_ : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "Streaming.Api";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
