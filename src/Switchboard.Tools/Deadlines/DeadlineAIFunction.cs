using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>Runs a tool under a deadline; see <see cref="ToolTimeouts"/>.</summary>
internal sealed class DeadlineAIFunction(AIFunction innerFunction, TimeSpan timeout, TimeProvider timeProvider)
    : DelegatingAIFunction(innerFunction)
{
    /// <summary>How long a tool past its deadline may take to stop after its token fires.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout => timeout;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var deadline = new CancellationTokenSource(timeout, timeProvider);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;

        // The built-in tools are synchronous: started on the caller's thread they would run to the end before anyone
        // could stop waiting. On the thread pool, the wait below ends at the deadline even if the tool is stuck.
        var work = Task.Run(() => base.InvokeCoreAsync(arguments, token).AsTask(), CancellationToken.None);

        // The sources live as long as the work that holds their token, which may outlive this call.
        _ = work.ContinueWith(
            static (finished, state) =>
            {
                _ = finished.Exception; // observed: an abandoned tool's late failure is not an unobserved exception
                var (linkedSource, deadlineSource) = ((CancellationTokenSource, CancellationTokenSource))state!;
                linkedSource.Dispose();
                deadlineSource.Dispose();
            },
            (linked, deadline), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            return await work.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            // A tool that honours its token gets a moment to stop cleanly (kill its process tree, close its files)
            // before the failure is reported; one stuck in a system call is abandoned after it.
            try
            {
                await work.WaitAsync(StopGrace, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Its own failure, or still running: either way the deadline is what the model hears about.
            }

            // Finished just as the deadline fired: the result stands.
            if (work.IsCompletedSuccessfully)
            {
                return work.Result;
            }

            throw new ToolTimeoutException(Name, timeout);
        }
    }
}
