namespace Streaming.UserServiceStub.DevTools;

/// <summary>Answer of <c>POST /dev/token</c>: <c>{"access_token", "token_type": "Bearer", "expires_in"}</c>.</summary>
public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn);
