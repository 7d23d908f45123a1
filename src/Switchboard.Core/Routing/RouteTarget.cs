using Microsoft.Extensions.AI;
using Switchboard.Models;

namespace Switchboard.Core.Routing;

/// <summary>One deployment a route can send to: a model and the client chain that reaches it.</summary>
public sealed record RouteTarget(ModelId Model, IChatClient Client);
