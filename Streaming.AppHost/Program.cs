using Streaming.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Backing services (containers or local processes), the user service, the API and the progress worker.
builder.AddStreamingApplication();

builder.Build().Run();
