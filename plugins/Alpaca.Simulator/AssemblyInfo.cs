[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Alpaca.Simulator.Tests")]
