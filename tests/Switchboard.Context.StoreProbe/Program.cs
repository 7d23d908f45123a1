using System.Globalization;
using Microsoft.Extensions.AI;
using Switchboard.Context.Conversations;

// Usage: Switchboard.Context.StoreProbe <database> <conversation id>
// Appends turns forever, as a chat surface would: it does not wait for the disk before the next turn, and prints
// "ACK <turn>" once a turn's messages are committed. The test kills it at an arbitrary moment.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Switchboard.Context.StoreProbe <database> <conversation id>");
    return 2;
}

await using var store = await SqliteConversationStore.OpenAsync(args[0]);
var conversationId = args[1];
var stdout = Console.Out;
for (var turn = 1; ; turn++)
{
    var question = new ChatMessage(ChatRole.User, string.Create(CultureInfo.InvariantCulture, $"question {turn}"));
    var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call_{turn}", "lookup", new Dictionary<string, object?> { ["turn"] = turn })]);
    var result = new ChatMessage(ChatRole.Tool, [new FunctionResultContent($"call_{turn}", new string('x', 2_000) + turn.ToString(CultureInfo.InvariantCulture))]);
    var answer = new ChatMessage(ChatRole.Assistant, string.Create(CultureInfo.InvariantCulture, $"answer {turn}"));
    var committed = store.AppendAsync(conversationId, [question, call, result, answer]);
    var acknowledged = turn;
    _ = committed.ContinueWith(
        t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                lock (stdout)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACK {acknowledged}"));
                    stdout.Flush();
                }
            }
        },
        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    // A turn takes a moment (the model answers); without it the queue would only grow.
    if (turn % 4 == 0)
    {
        await Task.Delay(1);
    }
}
