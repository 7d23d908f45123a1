using System.Globalization;
using Dapper;
using Switchboard.Context.Storage;

namespace Switchboard.Context.Tokens;

/// <summary>
/// Learns, per model, how many tokens the provider reports for each token our estimate counted, from
/// (estimated, reported) pairs of real requests, and keeps the ratio in SQLite so it survives restarts.
/// </summary>
/// <remarks>
/// The ratio is the weighted median of the last <see cref="SampleWindow"/> samples' ratios, each weighted by its
/// estimated size: a median ignores the odd request whose report is off (a cache write, a different model behind a
/// route), and the weight lets large requests, whose fixed framing overhead is negligible, decide over tiny ones.
/// </remarks>
public sealed class TokenCountCalibration : IAsyncDisposable
{
    /// <summary>How many recent samples per model decide the ratio.</summary>
    public const int SampleWindow = 50;

    /// <summary>Samples whose ratio is outside [1/<see cref="MaxPlausibleRatio"/>, <see cref="MaxPlausibleRatio"/>] are not from the same text and are refused.</summary>
    public const double MaxPlausibleRatio = 5.0;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS token_calibration_samples (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model TEXT NOT NULL,
            estimated INTEGER NOT NULL,
            reported INTEGER NOT NULL,
            recorded_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS token_calibration_samples_model ON token_calibration_samples (model, id);
        """;

    private readonly Dictionary<string, ModelSamples> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly BackgroundSqliteWriter? _writer;
    private readonly TimeProvider _time;

    private TokenCountCalibration(BackgroundSqliteWriter? writer, TimeProvider? timeProvider)
    {
        _writer = writer;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A calibration kept in memory only (tests, or a host without a data directory).</summary>
    public static TokenCountCalibration CreateInMemory(TimeProvider? timeProvider = null) => new(null, timeProvider);

    /// <summary>
    /// Opens (and creates if needed) the calibration table in the SQLite file at <paramref name="path"/>; the host
    /// passes its data directory's <c>usage.db</c> or a sibling file.
    /// </summary>
    public static async Task<TokenCountCalibration> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var connectionString = await SqliteDatabase.OpenAsync(path, Schema, cancellationToken).ConfigureAwait(false);
        var calibration = new TokenCountCalibration(new BackgroundSqliteWriter(connectionString, "token calibration"), timeProvider);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SampleRow>(new CommandDefinition(
            "SELECT model AS Model, estimated AS Estimated, reported AS Reported FROM token_calibration_samples ORDER BY id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            calibration.Add(row.Model, row.Estimated, row.Reported);
        }

        return calibration;
    }

    /// <summary>
    /// Records that a request our estimate counted as <paramref name="estimatedTokens"/> was reported by the
    /// provider as <paramref name="reportedTokens"/> input tokens.
    /// </summary>
    /// <returns>False when the pair is implausible (ratio beyond <see cref="MaxPlausibleRatio"/>) and was not used.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is zero or negative.</exception>
    public bool Record(string model, long estimatedTokens, long reportedTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(estimatedTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reportedTokens);
        if (!Add(model, estimatedTokens, reportedTokens))
        {
            return false;
        }

        var recordedAt = _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        _writer?.Enqueue(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(
                "INSERT INTO token_calibration_samples (model, estimated, reported, recorded_at) VALUES (@model, @estimatedTokens, @reportedTokens, @recordedAt)",
                new { model, estimatedTokens, reportedTokens, recordedAt }, transaction).ConfigureAwait(false);
            await connection.ExecuteAsync("""
                DELETE FROM token_calibration_samples WHERE model = @model AND id NOT IN
                    (SELECT id FROM token_calibration_samples WHERE model = @model ORDER BY id DESC LIMIT @SampleWindow)
                """, new { model, SampleWindow }, transaction).ConfigureAwait(false);
        });
        return true;
    }

    /// <summary>Reported tokens per estimated token for <paramref name="model"/>; 1 while nothing is recorded.</summary>
    public double GetRatio(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_lock)
        {
            return _models.TryGetValue(model, out var samples) ? samples.Ratio : 1.0;
        }
    }

    /// <summary>How many samples decide <paramref name="model"/>'s ratio now (at most <see cref="SampleWindow"/>).</summary>
    public int GetSampleCount(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_lock)
        {
            return _models.TryGetValue(model, out var samples) ? samples.Count : 0;
        }
    }

    /// <summary>Completes when every recorded sample is on disk.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        _writer?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Stops accepting samples and waits until the recorded ones are on disk.</summary>
    public ValueTask DisposeAsync() => _writer?.DisposeAsync() ?? ValueTask.CompletedTask;

    private bool Add(string model, long estimated, long reported)
    {
        var ratio = (double)reported / estimated;
        if (ratio > MaxPlausibleRatio || ratio < 1 / MaxPlausibleRatio)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_models.TryGetValue(model, out var samples))
            {
                _models[model] = samples = new ModelSamples();
            }

            samples.Add(estimated, ratio);
        }

        return true;
    }

    /// <summary>The recent samples of one model and the weighted median of their ratios.</summary>
    private sealed class ModelSamples
    {
        private readonly Queue<(long Weight, double Ratio)> _samples = new();

        public double Ratio { get; private set; } = 1.0;

        public int Count => _samples.Count;

        public void Add(long weight, double ratio)
        {
            _samples.Enqueue((weight, ratio));
            if (_samples.Count > SampleWindow)
            {
                _samples.Dequeue();
            }

            var sorted = _samples.OrderBy(s => s.Ratio).ToList();
            var half = sorted.Sum(s => (double)s.Weight) / 2;
            double cumulative = 0;
            foreach (var sample in sorted)
            {
                cumulative += sample.Weight;
                if (cumulative >= half)
                {
                    Ratio = sample.Ratio;
                    return;
                }
            }
        }
    }

    /// <summary>Dapper's row shape.</summary>
    private sealed class SampleRow
    {
        public string Model { get; set; } = "";

        public long Estimated { get; set; }

        public long Reported { get; set; }
    }
}
