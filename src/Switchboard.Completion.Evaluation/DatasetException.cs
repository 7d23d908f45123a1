namespace Switchboard.Completion.Evaluation;

/// <summary>A dataset that cannot be read: the message names the file, the line and what is wrong.</summary>
public sealed class DatasetException(string message, Exception? innerException = null) : Exception(message, innerException);
