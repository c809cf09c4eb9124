namespace Streaming.Api.Titles;

public static class TitleRegistration
{
    /// <summary>Whether a title exists and how long it is, looked up in the bucket once per replica.</summary>
    public static IServiceCollection AddTitles(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(TitleCatalogOptions.From(configuration))
        .AddSingleton<TitleCatalog>()
        .AddSingleton<TitleDurations>();
}
