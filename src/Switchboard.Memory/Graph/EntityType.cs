namespace Switchboard.Memory.Graph;

/// <summary>What an entity of the knowledge graph is.</summary>
public enum EntityType
{
    /// <summary>Anything the extractor named outside the types below.</summary>
    Other,

    /// <summary>A person (a colleague, a user, an author).</summary>
    Person,

    /// <summary>A project, product or repository.</summary>
    Project,

    /// <summary>A file or folder.</summary>
    File,

    /// <summary>A running service, API, database or server.</summary>
    Service,

    /// <summary>A library, framework, package or tool.</summary>
    Library,

    /// <summary>A decision that was taken.</summary>
    Decision,
}
