using Torghut.Host.Cli;

return await TorghutCli.InvokeAsync(args);
