using System.Security.Claims;

namespace Streaming.Api.Auth;

public static class UserIdentity
{
    /// <summary>The user's id from the token's <c>sub</c>; null when it is not a UUID.</summary>
    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : null;
}
