using Microsoft.Extensions.Logging;

namespace Switchboard.Cli.Hosting;

/// <summary>
/// Writes logs to standard error as one line each (<c>warning: ...</c>), so they never mix with an answer on standard
/// output. An exception adds its message, never a stack trace: details are for <c>--verbose</c>, which adds the
/// category. Hand-written because the console logger's formats add timestamps and multi-line layouts to every line.
/// </summary>
internal sealed class CliLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new CliLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }

    private sealed class CliLogger(CliLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Trace => "trace",
                LogLevel.Debug => "debug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warning",
                LogLevel.Error => "error",
                _ => "critical",
            };
            var where = logLevel <= LogLevel.Debug ? $" [{category}]" : "";
            var message = formatter(state, exception);
            if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
            {
                message += ": " + exception.Message;
            }

            provider.Write($"{level}{where}: {message}");
        }
    }
}
