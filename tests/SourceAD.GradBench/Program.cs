using SourceAD.GradBench.Protocol;

// GradBench's tool side: one JSON message per line on stdin, one response per line on stdout.
var session = new Session(Registry.All);
session.Run(Console.In, Console.Out);
