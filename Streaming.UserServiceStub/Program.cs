using Streaming.ServiceDefaults.Security;
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
else
{
    // Without the dev tools the stub signs nothing, but a published secret handed to it means the deployment
    // hands the same secret to the API: refuse it here too, by the same rule.
    SecretPolicy.RequireStrongWhenSet(builder.Configuration, DevTokenOptions.SecretKeySetting);
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
