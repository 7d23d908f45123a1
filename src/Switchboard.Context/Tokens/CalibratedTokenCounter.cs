using Switchboard.Tokens;

namespace Switchboard.Context.Tokens;

/// <summary>
/// An estimate corrected by what the provider reported for one model: the estimator's count times the
/// <see cref="TokenCountCalibration"/> ratio learned from recorded usage. The ratio is read on every count, so a new
/// sample applies at once.
/// </summary>
public sealed class CalibratedTokenCounter : ITokenCounter
{
    /// <param name="estimator">The uncalibrated estimate (usually a <see cref="ScaledTokenCounter"/>).</param>
    /// <param name="calibration">Where the learned ratios live.</param>
    /// <param name="model">The <c>provider/model</c> whose ratio applies.</param>
    public CalibratedTokenCounter(ITokenCounter estimator, TokenCountCalibration calibration, string model)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Estimator = estimator;
        Calibration = calibration;
        Model = model;
    }

    /// <summary>The uncalibrated estimate.</summary>
    public ITokenCounter Estimator { get; }

    /// <summary>The learned ratios.</summary>
    public TokenCountCalibration Calibration { get; }

    /// <summary>The model whose ratio applies.</summary>
    public string Model { get; }

    /// <summary>The ratio applied now: reported tokens per estimated token (1 until something was recorded).</summary>
    public double Ratio => Calibration.GetRatio(Model);

    /// <inheritdoc />
    public bool IsExact => false;

    /// <inheritdoc />
    public int CountTokens(string text) => ScaledTokenCounter.Scale(Estimator.CountTokens(text), Ratio);
}
