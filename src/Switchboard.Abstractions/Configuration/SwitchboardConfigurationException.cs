namespace Switchboard.Configuration;

/// <summary>
/// The configuration (file, environment or flags) has settings that cannot work; every bad setting is named.
/// Raised when the host is built, before anything is sent. Surfaces report it as kind <c>configuration</c>.
/// </summary>
public sealed class SwitchboardConfigurationException : Exception
{
    public SwitchboardConfigurationException(IReadOnlyList<ConfigurationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public SwitchboardConfigurationException(string setting, string problem)
        : this([new ConfigurationError(setting, problem)])
    {
    }

    /// <summary>Each bad setting with what is wrong with it.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? $"Invalid setting {errors[0]}."
            : $"Invalid settings: {string.Join("; ", errors)}.";
    }
}
