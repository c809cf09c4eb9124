using Streaming.UserServiceStub.DevTools;
using Streaming.UserServiceStub.Http;
using Streaming.UserServiceStub.Subscriptions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpConventions();
builder.AddSubscriptions();

if (builder.Environment.IsDevelopment())
{
    builder.AddDevTools();
}

var app = builder.Build();

app.UseHttpConventions();
app.MapDefaultEndpoints();

var subscriptionEndpoint = app.MapSubscriptionsApi();

// Tests and demos observe and disturb the subscription endpoint through these; no other environment has them.
if (app.Environment.IsDevelopment())
{
    subscriptionEndpoint.WithDevToolsFilters();
    app.MapDevToolsApi();
}

app.Run();
