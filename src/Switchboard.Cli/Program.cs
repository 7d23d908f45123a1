using Switchboard.Cli.Hosting;

return await SwitchboardApp.RunAsync(args, CliConsole.FromProcess());
